"""The review pages: ask for review, approve (two-person rule), publish, and what each
person sees and may do on the way."""

import copy

import pytest

from server.db import session_scope
from server.publishing import drafts
from tests.samples import without_word_marks


def edit_draft(app, actor="ann", text="Check who else can see or hear this."):
    """Change a caution in the draft as ``actor`` (the editing pages have their own tests)."""
    with app.app_context(), session_scope(app) as session:
        draft = drafts.get_draft(session, app.config["DEFAULT_TAXONOMY_PATH"])
        document = copy.deepcopy(drafts.document_of(draft))
        document["cautions"][0]["detail"] = text
        return drafts.save(
            session,
            document,
            expected_revision=draft.revision,
            actor=actor,
            channel="web",
            summary="Edited caution general-privacy (text)",
        ).revision


def page(response):
    return response.get_data(as_text=True)


def test_the_dashboard_shows_published_draft_and_activity(app, browser_for):
    ann = browser_for("ann")
    assert "Same as the published version" in page(ann.get("/admin/"))
    edit_draft(app)
    html = page(ann.get("/admin/"))
    assert "Edited, not yet sent for review" in html
    assert "1 caution changed" in html
    assert "Edited caution general-privacy" in html  # recent activity


def test_the_review_page_shows_old_and_new_text(app, browser_for):
    edit_draft(app, text="A clearer caution.")
    marked = page(browser_for("rita").get("/admin/review"))
    html = without_word_marks(marked)
    assert "Check who else can see this." in html
    assert "A clearer caution." in html
    assert "<del>" in marked and "<ins>" in marked


def test_the_whole_way_from_edit_to_published(app, browser_for):
    revision = edit_draft(app, actor="ann")
    ann, rita = browser_for("ann"), browser_for("rita")
    before = app.test_client().get("/api/v2/taxonomy")

    asked = ann.submit(
        "/admin/review/request",
        {"revision": revision, "note": "New wording"},
        form_page="/admin/review",
    )
    assert asked.status_code == 302
    assert "Waiting for review" in page(rita.get("/admin/"))

    approved = rita.submit(
        "/admin/review/approve", {"revision": revision + 1}, form_page="/admin/review"
    )
    assert approved.status_code == 302
    published = rita.submit(
        "/admin/publish",
        {"revision": revision + 2, "change_note": "Clearer privacy caution"},
        form_page="/admin/review",
    )
    assert published.status_code == 302
    published_page = page(rita.get("/admin/review"))
    assert "Published version 2" in published_page
    assert "Installed extensions check every 3 hours" in published_page

    after = app.test_client().get("/api/v2/taxonomy")
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.json["version"] == 2
    assert after.json["taxonomy"]["cautions"][0]["detail"] == "Check who else can see or hear this."
    assert "Same as the published version" in page(ann.get("/admin/"))


def test_the_author_cannot_approve_their_own_change(app, browser_for):
    revision = edit_draft(app, actor="rita")
    rita = browser_for("rita")
    rita.submit("/admin/review/request", {"revision": revision}, form_page="/admin/review")
    html = page(rita.get("/admin/review"))
    assert "another reviewer must approve it" in html
    assert 'action="/admin/review/approve"' not in html
    forced = rita.submit(
        "/admin/review/approve", {"revision": revision + 1}, form_page="/admin/review"
    )
    assert forced.status_code == 400
    assert "two-person rule" in page(forced)
    rob = browser_for("rob")
    assert (
        rob.submit(
            "/admin/review/approve", {"revision": revision + 1}, form_page="/admin/review"
        ).status_code
        == 302
    )


def test_without_the_rule_a_reviewer_publishes_their_own_edit(app, browser_for):
    app.config["REVIEW_REQUIRED"] = False
    revision = edit_draft(app, actor="rita")
    rita = browser_for("rita")
    assert 'action="/admin/publish"' in page(rita.get("/admin/review"))
    response = rita.submit(
        "/admin/publish", {"revision": revision, "change_note": "Solo"}, form_page="/admin/review"
    )
    assert response.status_code == 302


@pytest.mark.parametrize("path", ["/admin/review/approve", "/admin/publish"])
def test_an_editor_may_not_approve_or_publish(app, browser_for, path):
    revision = edit_draft(app)
    ann = browser_for("ann")
    response = ann.submit(
        path, {"revision": revision, "change_note": "x"}, form_page="/admin/review"
    )
    assert response.status_code == 403


def test_a_step_based_on_an_old_page_is_refused_with_an_explanation(app, browser_for):
    revision = edit_draft(app, actor="ann")
    ann = browser_for("ann")
    ann.submit("/admin/review/request", {"revision": revision}, form_page="/admin/review")
    edit_draft(app, actor="ann", text="Changed again while the reviewer was reading.")
    rob = browser_for("rob")
    stale = rob.submit(
        "/admin/review/approve", {"revision": revision + 1}, form_page="/admin/review"
    )
    assert stale.status_code == 409
    assert "since you opened it" in page(stale)
    with app.app_context(), session_scope(app) as session:
        assert drafts.get_draft(session).approved_by is None


def test_a_change_note_is_required_to_publish(app, browser_for):
    app.config["REVIEW_REQUIRED"] = False
    revision = edit_draft(app)
    response = browser_for("rita").submit(
        "/admin/publish", {"revision": revision, "change_note": "  "}, form_page="/admin/review"
    )
    assert response.status_code == 400
    assert "change note" in page(response)


def test_a_reviewer_can_discard_the_draft_after_confirming(app, browser_for):
    revision = edit_draft(app)
    rita = browser_for("rita")
    unconfirmed = rita.submit(
        "/admin/review/discard", {"revision": revision}, form_page="/admin/review"
    )
    assert unconfirmed.status_code == 400
    assert "Edited, not yet sent for review" in page(rita.get("/admin/"))
    done = rita.submit(
        "/admin/review/discard",
        {"revision": revision, "confirm": "yes"},
        form_page="/admin/review",
    )
    assert done.status_code == 302
    assert "Same as the published version" in page(rita.get("/admin/"))
    ann = browser_for("ann")
    assert (
        ann.submit(
            "/admin/review/discard",
            {"revision": revision + 1, "confirm": "yes"},
            form_page="/admin/review",
        ).status_code
        == 403
    )


def test_recent_activity_shows_edits_however_many_sign_ins_came_after(app, browser_for):
    from server.publishing import audit

    edit_draft(app, text="An edit made before a busy morning of sign-ins.")
    with app.app_context(), session_scope(app) as session:
        for _ in range(45):
            audit.record(session, actor="rita", channel="web", action="sign-in", summary="x")
        session.commit()
    html = page(browser_for("ann").get("/admin/"))
    activity = html[html.index('id="activity-heading"') :]
    assert "Edited caution general-privacy" in activity


def test_the_review_page_marks_a_changed_headline_word_by_word(app, browser_for):
    with app.app_context(), session_scope(app) as session:
        draft = drafts.get_draft(session, app.config["DEFAULT_TAXONOMY_PATH"])
        document = copy.deepcopy(drafts.document_of(draft))
        document["cautions"][0]["headline"] = "Privacy comes first"
        drafts.save(
            session,
            document,
            expected_revision=draft.revision,
            actor="ann",
            channel="web",
            summary="Edited caution general-privacy (headline)",
        )
    html = page(browser_for("rita").get("/admin/review"))
    assert "<code>general-privacy</code>: headline" in html
    assert '<ins><span class="visually-hidden">[added: </span>comes ' in html
    assert "<del>" not in html  # nothing was taken out
