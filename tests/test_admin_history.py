"""The version history pages: list, one version, compare, and rollback."""

import re

import pytest
from sqlalchemy import select

from server.admin import history as history_views
from server.db import session_scope
from server.models import AuditEvent
from server.publishing import drafts, store
from tests.samples import without_word_marks

ORIGINAL_TEXT = "Check who else can see this."
NEW_TEXT = "Check who else can see the screen, and where recordings go."


def publish(app, text=NEW_TEXT, note="Clearer privacy caution", actor="rita"):
    """Edit the first caution's text in the draft and publish it; returns the version number."""
    with app.app_context(), session_scope(app) as db:
        draft = drafts.get_draft(db, app.config["DEFAULT_TAXONOMY_PATH"])
        document = drafts.document_of(draft)
        document["cautions"][0]["detail"] = text
        saved = drafts.save(
            db,
            document,
            expected_revision=draft.revision,
            actor="ann",
            channel="web",
            summary="Edited a caution",
        )
        version = drafts.publish(
            db,
            expected_revision=saved.revision,
            actor=actor,
            channel="web",
            change_note=note,
            review_required=False,
        )
        return version.number


def edit_draft(app, text="Work in progress."):
    with app.app_context(), session_scope(app) as db:
        draft = drafts.get_draft(db, app.config["DEFAULT_TAXONOMY_PATH"])
        document = drafts.document_of(draft)
        document["cautions"][0]["detail"] = text
        drafts.save(
            db, document, expected_revision=draft.revision, actor="ann", channel="web", summary="e"
        )


def current(app):
    with app.app_context(), session_scope(app) as db:
        return store.get_current(db)


def html_of(response):
    return response.get_data(as_text=True)


def text_of(response):
    """The page with changed texts whole again (see without_word_marks)."""
    return without_word_marks(html_of(response))


# --- The list -----------------------------------------------------------------------------


def test_history_lists_versions_newest_first(app, browser_for):
    publish(app, note="Clearer privacy caution")
    html = html_of(browser_for("ann").get("/admin/history"))
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]
    assert ["Version 2" in rows[0], "Version 1" in rows[1]] == [True, True]
    assert "Clearer privacy caution" in rows[0] and "rita" in rows[0]
    assert "published now" in rows[0] and "published now" not in rows[1]
    assert 'href="/admin/history/2"' in rows[0]
    assert 'href="/admin/export/version-2.json"' in rows[0]
    assert "<caption>2 versions</caption>" in html


def test_history_is_paginated(app, browser_for, monkeypatch):
    publish(app, "Second wording.")
    publish(app, "Third wording.")
    monkeypatch.setattr(history_views, "PER_PAGE", 2)
    browser = browser_for("ann")
    first = html_of(browser.get("/admin/history"))
    assert "Version 3" in first and "Version 2" in first and '/admin/history/1"' not in first
    assert 'href="/admin/history?page=2" rel="next"' in first
    second = html_of(browser.get("/admin/history?page=2"))
    assert '/admin/history/1"' in second and '/admin/history/3"' not in second
    assert 'href="/admin/history?page=1" rel="prev"' in second
    # Out-of-range or nonsense pages show the nearest real page.
    assert "Page 2 of 2" in html_of(browser.get("/admin/history?page=9"))
    assert "Page 1 of 2" in html_of(browser.get("/admin/history?page=abc"))


def test_history_needs_a_signed_in_user(client, accounts):
    for path in ("/admin/history", "/admin/history/1", "/admin/history/compare?from=1&to=1"):
        response = client.get(path)
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


# --- One version ----------------------------------------------------------------------------


def test_a_version_shows_what_changed_since_the_one_before(app, browser_for):
    publish(app)
    html = text_of(browser_for("ann").get("/admin/history/2"))
    assert "<h1>Version 2</h1>" in html
    assert "Clearer privacy caution" in html
    assert "1 caution changed." in html
    assert ORIGINAL_TEXT in html and NEW_TEXT in html
    assert 'href="/admin/export/version-2.json"' in html
    assert "3 cautions" in html and "3 sites" in html


def test_the_first_version_has_nothing_to_compare_with(browser_for):
    html = html_of(browser_for("ann").get("/admin/history/1"))
    assert "This is the first version" in html


def test_a_missing_version_is_404(browser_for):
    assert browser_for("ann").get("/admin/history/42").status_code == 404


def test_only_reviewers_see_the_rollback_button(app, browser_for):
    publish(app)
    assert "/admin/history/1/rollback" not in html_of(browser_for("ann").get("/admin/history/1"))
    assert "/admin/history/1/rollback" in html_of(browser_for("rita").get("/admin/history/1"))
    assert "/admin/history/1/rollback" in html_of(browser_for("ada").get("/admin/history/1"))
    # Nothing to roll back to: the version published now.
    assert "/admin/history/2/rollback" not in html_of(browser_for("rita").get("/admin/history/2"))


# --- Compare --------------------------------------------------------------------------------


def test_compare_two_versions_shows_the_old_and_new_caution_text(app, browser_for):
    publish(app)
    marked = html_of(browser_for("ann").get("/admin/history/compare?from=1&to=2"))
    # What changed, word by word, and said in words for screen readers.
    assert (
        '<del><span class="visually-hidden">[removed: </span>this.'
        '<span class="visually-hidden">]</span></del>'
    ) in marked
    assert (
        '<ins><span class="visually-hidden">[added: </span>the screen, and where recordings go.'
        '<span class="visually-hidden">]</span></ins>'
    ) in marked
    html = without_word_marks(marked)
    result = html[html.index('id="result-heading"') :]
    assert "From version 1 to version 2" in result
    assert "Caution <strong>Privacy first</strong> <code>general-privacy</code>: detail" in result
    before, after = result.index(ORIGINAL_TEXT), result.index(NEW_TEXT)
    assert before < after
    assert 'href="/admin/history/compare?from=2&amp;to=1"' in result  # swap


def test_compare_a_version_with_the_draft(app, browser_for):
    edit_draft(app, "Draft wording.")
    html = text_of(browser_for("ann").get("/admin/history/compare?from=1&to=draft"))
    assert "From version 1 to the draft" in html
    assert ORIGINAL_TEXT in html and "Draft wording." in html


def test_compare_without_differences(browser_for):
    html = html_of(browser_for("ann").get("/admin/history/compare?from=1&to=DRAFT"))
    assert "No differences." in html


@pytest.mark.parametrize(
    ("query", "field"),
    [("from=7&to=1", "from"), ("from=1&to=latest", "to"), ("from=-1&to=1", "from")],
)
def test_compare_names_a_version_that_does_not_exist(browser_for, query, field):
    response = browser_for("ann").get(f"/admin/history/compare?{query}")
    assert response.status_code == 400
    html = html_of(response)
    assert f'id="{field}-error"' in html and "There is no version" in html
    assert 'role="alert"' in html
    assert 'id="result-heading"' not in html


def test_compare_without_input_shows_the_form(browser_for):
    response = browser_for("ann").get("/admin/history/compare")
    assert response.status_code == 200
    assert 'id="from"' in html_of(response) and 'role="alert"' not in html_of(response)


# --- Rollback -------------------------------------------------------------------------------


def test_rollback_by_a_reviewer_publishes_the_old_content(app, client, browser_for):
    publish(app)
    before = client.get("/api/v2/taxonomy")  # the public API, as an extension sees it
    assert before.get_json()["version"] == 2
    rita = browser_for("rita")
    confirm = text_of(rita.get("/admin/history/1/rollback"))
    assert "as version 3" in confirm
    assert NEW_TEXT in confirm and ORIGINAL_TEXT in confirm  # from version 2 to version 1
    assert "it will follow" in confirm

    response = rita.submit(
        "/admin/history/1/rollback", {"reason": "The new wording confused people"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/history")
    restored = current(app)
    assert restored.number == 3
    with app.app_context(), session_scope(app) as db:
        assert restored.sha256 == store.get_version(db, 1).sha256
        event = db.scalars(select(AuditEvent).where(AuditEvent.action == "rollback")).one()
        assert event.actor == "rita" and "confused people" in event.summary
    assert restored.change_note == "Rollback to version 1: The new wording confused people"

    after = client.get("/api/v2/taxonomy")
    assert after.get_json()["version"] == 3
    assert after.get_json()["taxonomy"]["cautions"][0]["detail"] == ORIGINAL_TEXT
    assert after.headers["ETag"] != before.headers["ETag"]

    listing = html_of(rita.get("/admin/history"))
    assert "Published version 1&#39;s content again as version 3" in listing
    assert "The draft now matches it." in listing


def test_rollback_keeps_unpublished_draft_edits_and_says_so(app, browser_for):
    publish(app)
    edit_draft(app, "Someone's work in progress.")
    rita = browser_for("rita")
    assert "They stay in the draft" in html_of(rita.get("/admin/history/1/rollback"))
    rita.submit("/admin/history/1/rollback", {"reason": "Undo version 2"})
    listing = html_of(rita.get("/admin/history"))
    assert "as version 3" in listing
    assert "The draft still holds unpublished changes" in listing
    with app.app_context(), session_scope(app) as db:
        kept = drafts.document_of(drafts.get_draft(db))
    assert kept["cautions"][0]["detail"] == "Someone's work in progress."


def test_an_editor_cannot_roll_back(app, browser_for):
    publish(app)
    ann = browser_for("ann")
    assert ann.get("/admin/history/1/rollback").status_code == 403
    response = ann.submit("/admin/history/1/rollback", {"reason": "why not"}, "/admin/history")
    assert response.status_code == 403
    assert current(app).number == 2


def test_rollback_needs_a_reason(app, browser_for):
    publish(app)
    response = browser_for("rita").submit("/admin/history/1/rollback", {"reason": "   "})
    assert response.status_code == 400
    html = html_of(response)
    assert 'id="reason-error"' in html and "Say why you are rolling back" in html
    assert 'role="alert"' in html
    assert current(app).number == 2


def test_rollback_needs_a_csrf_token(app, browser_for):
    publish(app)
    response = browser_for("rita").post_raw("/admin/history/1/rollback", {"reason": "undo"})
    assert response.status_code == 400
    assert current(app).number == 2


def test_rollback_to_the_content_published_now_is_refused(app, browser_for):
    publish(app)
    rita = browser_for("rita")
    page = html_of(rita.get("/admin/history/2/rollback"))
    assert "there is nothing to roll back" in page and 'name="reason"' not in page
    response = rita.submit("/admin/history/2/rollback", {"reason": "again"}, "/admin/history")
    assert response.status_code == 400
    assert current(app).number == 2


def test_rollback_to_a_missing_version_is_404(browser_for):
    assert browser_for("rita").get("/admin/history/9/rollback").status_code == 404


# --- Hostile text ---------------------------------------------------------------------------

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_hostile_text_is_escaped_everywhere(app, browser_for):
    publish(app, text=f"Caution {HOSTILE}", note=f"Note {HOSTILE}")
    browser = browser_for("rita")
    pages = [
        "/admin/history",
        "/admin/history/2",
        "/admin/history/compare?from=1&to=2",
        "/admin/history/1/rollback",
    ]
    for path in pages:
        html = html_of(browser.get(path))
        assert "<script>alert" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html, path


def test_a_changed_list_shows_what_was_put_in_and_taken_out(app, browser_for):
    with app.app_context(), session_scope(app) as db:
        draft = drafts.get_draft(db, app.config["DEFAULT_TAXONOMY_PATH"])
        document = drafts.document_of(draft)
        document["sites"][0]["patterns"] = ["https://*.zoom.com/*"]
        drafts.save(
            db, document, expected_revision=draft.revision, actor="ann", channel="web", summary="e"
        )
    html = text_of(browser_for("ann").get("/admin/history/compare?from=1&to=draft"))
    changes = html[html.index('class="changes"') :]
    assert "Site <strong>Zoom</strong> <code>zoom</code>: patterns" in changes
    taken_out = changes.index("Taken out")
    put_in = changes.index("Put in")
    assert taken_out < changes.index("https://*.zoom.us/*") < put_in
    assert put_in < changes.index("https://*.zoom.com/*")


def test_compare_shows_every_format_2_field(app, browser_for):
    with app.app_context(), session_scope(app) as db:
        draft = drafts.get_draft(db, app.config["DEFAULT_TAXONOMY_PATH"])
        document = drafts.document_of(draft)
        document["profiles"] = [{"id": "covered", "question": "Covered entity?"}]
        caution = document["cautions"][0]
        caution.update(
            headline="Privacy first, always",
            action="Check who else can see the screen and hear you.",
            stage=["before", "during"],
            force="consider",
            basis="practice",
            reviewed="2026-03-01",
            review_by="2027-03-01",
            applies_if=["covered"],
            references=[{"ref": "ref-one", "section": "2.1"}],
        )
        document["references"][0]["kind"] = "research"
        document["jurisdictions"][0]["emergency"] = [
            {"name": "Emergency", "number": "999", "when": "Danger"}
        ]
        document["sites"][0]["uses"] = [{"id": "s", "label": "Sessions", "categories": ["video"]}]
        drafts.save(
            db, document, expected_revision=draft.revision, actor="ann", channel="web", summary="e"
        )
    html = text_of(browser_for("ann").get("/admin/history/compare?from=1&to=draft"))
    caution = "Caution <strong>Privacy first</strong> <code>general-privacy</code>: "
    for field in (
        "headline",
        "action",
        "stage",
        "force",
        "basis",
        "reviewed",
        "review by",
        "applies if",
        "references",
    ):
        assert caution + field in html, field
    assert "Profile <strong>Covered entity?</strong> <code>covered</code>" in html
    assert "Reference <strong>A reference</strong> <code>ref-one</code>: kind" in html
    assert "Jurisdiction <strong>United Kingdom</strong> <code>uk</code>: emergency" in html
    assert "Site <strong>Zoom</strong> <code>zoom</code>: uses" in html
    assert "ref: ref-one; section: 2.1" in html
    assert "id: s; label: Sessions; categories: video" in html
