"""The editing pages: every entity through its HTTP form, as a browser submits it.

Forms are read from the page itself (``form_of``), changed as a person would, and posted
back with their CSRF token, so what the page renders is what the test submits.
"""

import copy
import datetime
import re

import pytest

from server.db import session_scope
from server.publishing import audit, drafts
from tests.html_forms import form_of
from tests.samples import minimal_taxonomy

# --- Reading forms as a browser does ----------------------------------------------------------


def changed(form, **changes):
    """A copy of ``form`` with fields replaced; a list ticks exactly those boxes."""
    data = copy.deepcopy(form)
    for name, value in changes.items():
        name = name.replace("__", "-")
        data[name] = value if isinstance(value, list) else [value]
    return data


def open_form(browser, path):
    response = browser.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    return form_of(response.get_data(as_text=True), path)


def post(browser, path, data):
    """Submit ``data`` as read from a page: with that page's CSRF token and revision."""
    assert data.get("csrf_token"), "the form has no CSRF token"
    return browser.client.post(path, data=data)


# --- The draft and the audit log, as the database has them ------------------------------------


def current(app):
    with app.app_context(), session_scope(app) as session:
        draft = drafts.get_draft(session, app.config["DEFAULT_TAXONOMY_PATH"])
        return draft.revision, drafts.document_of(draft), draft.state


def document_now(app):
    return current(app)[1]


def revision_now(app):
    return current(app)[0]


def last_event(app):
    with app.app_context(), session_scope(app) as session:
        events, _total = audit.list_events(session, limit=1)
        event = events[0]
        return event.action, event.actor, event.channel, event.summary


def save_as(app, actor, change):
    """Someone else saves a change to the draft (``change`` edits a document in place)."""
    with app.app_context(), session_scope(app) as session:
        draft = drafts.get_draft(session, app.config["DEFAULT_TAXONOMY_PATH"])
        document = drafts.document_of(draft)
        change(document)
        drafts.save(
            session,
            document,
            expected_revision=draft.revision,
            actor=actor,
            channel="web",
            summary="A change made meanwhile",
        )


def item(document, section, item_id):
    return next(entry for entry in document[section] if entry["id"] == item_id)


def near(html, element_id):
    """The text of the element with ``element_id``."""
    found = re.search(rf'id="{re.escape(element_id)}"[^>]*>(.*?)</', html, re.S)
    assert found, f"no element with id {element_id}"
    return found.group(1)


@pytest.fixture
def ann(browser_for):
    return browser_for("ann")


# --- Signing in -------------------------------------------------------------------------------

PAGES = [
    "/admin/categories",
    "/admin/categories/video",
    "/admin/cautions",
    "/admin/cautions/new",
    "/admin/cautions/general-privacy",
    "/admin/cautions/zoom-ai/delete",
    "/admin/references",
    "/admin/references/new",
    "/admin/references/ref-one",
    "/admin/references/ref-one/delete",
    "/admin/sites",
    "/admin/sites/new",
    "/admin/sites/zoom",
    "/admin/sites/zoom/delete",
    "/admin/profiles",
    "/admin/profiles/new",
    "/admin/details",
]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(browser_for, path):
    response = browser_for().get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_opens_for_an_editor_without_inline_script_or_style(ann, path):
    response = ann.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script" not in html
    assert "style=" not in html
    assert not re.search(r"\son[a-z]+=", html)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/categories/nope",
        "/admin/cautions/nope",
        "/admin/references/nope",
        "/admin/sites/nope",
        "/admin/sites/nope/delete",
    ],
)
def test_an_unknown_id_is_not_found(ann, path):
    assert ann.get(path).status_code == 404


def test_posting_without_a_csrf_token_is_refused(app, ann):
    form = open_form(ann, "/admin/cautions/general-privacy")
    del form["csrf_token"]
    response = ann.post_raw("/admin/cautions/general-privacy", changed(form, detail="Changed."))
    assert response.status_code == 400
    assert revision_now(app) == 1


# --- Lists --------------------------------------------------------------------------------------

LISTS = [
    # (path, query, shown, not shown)
    ("/admin/categories", "", ["Video", "Ai Assistants", "fixed"], []),
    ("/admin/categories", "vid", ["Video"], ["Telephone"]),
    ("/admin/cautions", "", ["Privacy first", "AI summaries", "United States"], []),
    ("/admin/cautions", "ZOOM", ["AI summaries"], ["Privacy first"]),
    ("/admin/references", "", ["A reference", "A body", "2023"], []),
    ("/admin/references", "nothing-like-it", ["No reference matches"], ["A body"]),
    ("/admin/sites", "", ["Zoom", "https://*.zoom.us/*", "Gmail"], []),
    ("/admin/sites", "gmail", ["Gmail", "Google Chat in Gmail"], ["Zoom"]),
]


@pytest.mark.parametrize(("path", "query", "shown", "hidden"), LISTS)
def test_list_pages_and_their_filter(ann, path, query, shown, hidden):
    html = ann.get(path, query_string={"q": query}).get_data(as_text=True)
    for text in shown:
        assert text in html
    for text in hidden:
        assert f">{text}<" not in html


def test_the_category_list_counts_cautions_and_sites(ann):
    html = ann.get("/admin/categories", query_string={"q": "video"}).get_data(as_text=True)
    row = re.search(r"<tr>\s*<th scope=\"row\">.*?</tr>", html, re.S).group(0)
    cells = [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells[1:] == ["Working online", "synchronous", "2", "1"]


# --- Categories ---------------------------------------------------------------------------------


def test_editing_a_category_changes_exactly_those_fields(app, ann):
    path = "/admin/categories/video"
    form = open_form(ann, path)
    response = post(
        ann,
        path,
        changed(
            form,
            name="Video calls",
            groups=["working-online", "digital-communication"],
            mode="both",
            benefits="Seeing each other.\r\n\r\n  Less travel.  ",
            checklist="Check the room.",
            position__us__contracts="1",
            position__general__privacy="2",
        ),
    )
    assert response.status_code == 302
    assert response.headers["Location"] == path
    expected = minimal_taxonomy()
    video = item(expected, "categories", "video")
    video.update(
        name="Video calls",
        groups=["working-online", "digital-communication"],
        mode="both",
        benefits=["Seeing each other.", "Less travel."],
        cautions=["us-contracts", "general-privacy"],
        checklist=["Check the room."],
    )
    assert document_now(app) == expected
    action, actor, channel, summary = last_event(app)
    assert (action, actor, channel) == ("draft-edit", "ann", "web")
    assert summary == "Edited category 'video' (name, groups, mode, benefits, cautions, checklist)"
    page = ann.get(path).get_data(as_text=True)
    assert "Saved. The draft is now revision 2." in page


def test_a_category_cites_a_section_of_a_reference(app, ann):
    path = "/admin/categories/video"
    response = post(ann, path, changed(open_form(ann, path), section__ref__one="Standard H.2"))
    assert response.status_code == 302
    video = item(document_now(app), "categories", "video")
    assert video["references"] == [{"ref": "ref-one", "section": "Standard H.2"}]
    assert open_form(ann, path)["section-ref-one"] == ["Standard H.2"]
    response = post(ann, path, changed(open_form(ann, path), section__ref__one="s" * 61))
    assert response.status_code == 400
    assert "at most 60 characters" in near(response.get_data(as_text=True), "section-ref-one-error")
    response = post(ann, path, changed(open_form(ann, path), section__ref__one=""))
    assert item(document_now(app), "categories", "video")["references"] == ["ref-one"]


def test_a_category_shows_its_cautions_in_order_and_adds_ticked_ones_last(app, ann):
    path = "/admin/categories/email"
    form = open_form(ann, path)
    assert form["cautions"] == ["general-privacy"]
    assert form["position-general-privacy"] == ["1"]
    response = post(ann, path, changed(form, cautions=["general-privacy", "zoom-ai"]))
    assert response.status_code == 302
    assert item(document_now(app), "categories", "email")["cautions"] == [
        "general-privacy",
        "zoom-ai",
    ]
    html = ann.get(path).get_data(as_text=True)
    assert html.index('id="cautions-general-privacy"') < html.index('id="cautions-zoom-ai"')


def test_an_unchanged_form_saves_nothing(app, ann):
    for path in (
        "/admin/categories/video",
        "/admin/cautions/us-contracts",
        "/admin/references/ref-one",
        "/admin/sites/zoom",
        "/admin/details",
    ):
        response = post(ann, path, open_form(ann, path))
        assert response.status_code == 302, path
        assert "Nothing was changed" in ann.get(path).get_data(as_text=True)
    assert revision_now(app) == 1


# --- Cautions -----------------------------------------------------------------------------------


def test_adding_a_caution_puts_it_where_it_is_shown(app, ann):
    form = open_form(ann, "/admin/cautions/new")
    response = post(
        ann,
        "/admin/cautions/new",
        changed(
            form,
            id="recording-consent",
            title="Ask before recording",
            headline="Ask before you record",
            action="Get written consent first.",
            detail="Get written consent before you record a session.",
            severity="high",
            stage=["before", "choosing"],
            force="must",
            basis="professional-code",
            review_by="2027-06-30",
            jurisdictions=["uk"],
            applies_if=[],
            references=["ref-one"],
            section__ref__one="Section 4",
            used_by_categories=["video", "telephone"],
            used_by_sites=["zoom"],
        ),
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/cautions/recording-consent"
    expected = minimal_taxonomy()
    expected["cautions"].append(
        {
            "id": "recording-consent",
            "title": "Ask before recording",
            "headline": "Ask before you record",
            "action": "Get written consent first.",
            "detail": "Get written consent before you record a session.",
            "severity": "high",
            "stage": ["before", "choosing"],
            "force": "must",
            "basis": "professional-code",
            "reviewed": datetime.date.today().isoformat(),
            "review_by": "2027-06-30",
            "jurisdictions": ["uk"],
            "references": [{"ref": "ref-one", "section": "Section 4"}],
        }
    )
    item(expected, "categories", "video")["cautions"].append("recording-consent")
    item(expected, "categories", "telephone")["cautions"].append("recording-consent")
    item(expected, "sites", "zoom")["cautions"].append("recording-consent")
    assert document_now(app) == expected
    summary = last_event(app)[3]
    assert summary.startswith("Added caution 'recording-consent'; also changed category ")
    assert "site 'zoom' (cautions)" in summary


def test_editing_a_caution_text_marks_it_reviewed_today(app, ann):
    path = "/admin/cautions/general-privacy"
    form = open_form(ann, path)
    assert form["reviewed"] == ["2026-01-15"]
    response = post(ann, path, changed(form, detail="Check who can see the screen."))
    assert response.status_code == 302
    expected = minimal_taxonomy()
    caution = item(expected, "cautions", "general-privacy")
    caution["detail"] = "Check who can see the screen."
    caution["reviewed"] = datetime.date.today().isoformat()
    assert document_now(app) == expected
    assert last_event(app)[3] == "Edited caution 'general-privacy' (detail, reviewed)"


def test_a_caution_s_page_links_to_a_preview_on_a_site_that_shows_it(app, ann):
    own = ann.get("/admin/cautions/zoom-ai").get_data(as_text=True)
    assert '<a href="/admin/preview?site=zoom">Preview it on <bdi>Zoom</bdi></a>' in own
    # us-contracts is in the video category, which Zoom has.
    listed = ann.get("/admin/cautions/us-contracts").get_data(as_text=True)
    assert 'href="/admin/preview?site=zoom"' in listed

    def only_on_email(document):
        for site in document["sites"]:
            site["categories"] = ["email"]
            site.pop("cautions", None)
        item(document, "categories", "ai-assistants")["cautions"].append("zoom-ai")

    save_as(app, "rita", only_on_email)
    page = ann.get("/admin/cautions/us-contracts").get_data(as_text=True)
    assert "/admin/preview?site=" not in page
    assert "No site shows this caution yet, so there is no preview" in page


def test_a_review_date_typed_by_the_editor_is_kept(app, ann):
    path = "/admin/cautions/general-privacy"
    form = changed(
        open_form(ann, path), action="Look around the room first.", reviewed="2026-02-01"
    )
    assert post(ann, path, form).status_code == 302
    caution = item(document_now(app), "cautions", "general-privacy")
    assert caution["action"] == "Look around the room first."
    assert caution["reviewed"] == "2026-02-01"


def test_a_review_by_date_before_today_is_shown_with_the_new_review_date(app, ann):
    path = "/admin/cautions/general-privacy"
    assert post(ann, path, changed(open_form(ann, path), review_by="2026-01-16")).status_code == 302
    response = post(ann, path, changed(open_form(ann, path), detail="Look around the room."))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Must be after the review date." in near(html, "review_by-error")
    today = datetime.date.today().isoformat()
    assert re.search(rf'id="reviewed" name="reviewed" type="date" value="{today}"', html)
    assert item(document_now(app), "cautions", "general-privacy")["reviewed"] == "2026-01-15"


def test_moving_a_caution_between_categories_keeps_its_review_date(app, ann):
    path = "/admin/cautions/general-privacy"
    form = changed(open_form(ann, path), used_by_sites=["gmail"])
    assert post(ann, path, form).status_code == 302
    assert item(document_now(app), "cautions", "general-privacy")["reviewed"] == "2026-01-15"


CAUTION_FIELDS = [
    # (form changes, the caution as saved has these)
    ({"title": "Privacy always"}, {"title": "Privacy always"}),
    ({"headline": "Check the room"}, {"headline": "Check the room"}),
    ({"severity": "low"}, {"severity": "low"}),
    ({"stage": ["before", "during"]}, {"stage": ["before", "during"]}),
    ({"force": "consider", "basis": "practice"}, {"force": "consider", "basis": "practice"}),
    ({"review_by": "2027-01-01"}, {"review_by": "2027-01-01", "reviewed": "2026-01-15"}),
    ({"jurisdictions": ["uk", "us"]}, {"jurisdictions": ["uk", "us"]}),
    ({"section__ref__one": "2.1"}, {"references": [{"ref": "ref-one", "section": "2.1"}]}),
    ({"references": []}, {"references": []}),
]


@pytest.mark.parametrize(("changes", "saved"), CAUTION_FIELDS)
def test_every_caution_field_is_saved(app, ann, changes, saved):
    path = "/admin/cautions/general-privacy"
    assert post(ann, path, changed(open_form(ann, path), **changes)).status_code == 302
    caution = item(document_now(app), "cautions", "general-privacy")
    # Content changed: reviewed today (only a new review-by date leaves it alone).
    expected = {"reviewed": datetime.date.today().isoformat(), **saved}
    for name, value in expected.items():
        assert caution[name] == value
    form = open_form(ann, path)  # and the form shows it back
    for name, value in changes.items():
        assert form.get(name.replace("__", "-"), []) == (
            value if isinstance(value, list) else [value]
        )


def test_a_caution_can_move_between_categories_and_sites(app, ann):
    path = "/admin/cautions/zoom-ai"
    form = open_form(ann, path)
    assert form["used_by_sites"] == ["zoom"]
    response = post(
        ann, path, changed(form, used_by_sites=[], used_by_categories=["ai-assistants"])
    )
    assert response.status_code == 302
    document = document_now(app)
    assert item(document, "sites", "zoom")["cautions"] == []
    assert item(document, "categories", "ai-assistants")["cautions"] == [
        "general-privacy",
        "zoom-ai",
    ]


def test_deleting_a_caution_takes_it_off_everything(app, ann):
    path = "/admin/cautions/zoom-ai/delete"
    page = ann.get(path).get_data(as_text=True)
    assert "Delete the caution" in page and "Zoom" in page
    response = post(ann, path, form_of(page, path))
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/cautions"
    expected = minimal_taxonomy()
    expected["cautions"] = [c for c in expected["cautions"] if c["id"] != "zoom-ai"]
    item(expected, "sites", "zoom")["cautions"] = []
    assert document_now(app) == expected
    assert last_event(app)[3] == ("Deleted caution 'zoom-ai'; also changed site 'zoom' (cautions)")
    assert "Deleted the caution ‘AI summaries’" in ann.get("/admin/cautions").get_data(as_text=True)


# general-privacy is the only caution of every category but video.
EMPTIED = (
    "These categories would be left without any cautions: &#39;Telephone&#39;, "
    "&#39;Live Chat&#39;, &#39;Email&#39;, &#39;Texting&#39;, &#39;Social Media&#39;, "
    "&#39;Online Resources&#39;, &#39;Calendar&#39;, &#39;Ai Assistants&#39;. Every category "
    "needs at least one; give them another first."
)


def test_deleting_the_last_caution_of_a_category_is_refused(app, ann):
    path = "/admin/cautions/general-privacy/delete"
    page = ann.get(path).get_data(as_text=True)
    assert "cannot be deleted" in page
    assert EMPTIED in page
    assert 'class="danger"' not in page
    token_page = "/admin/cautions/general-privacy"  # the confirm page has no form to read
    response = ann.submit(path, {"revision": "1"}, form_page=token_page)
    assert response.status_code == 400
    assert "nothing was deleted" in response.get_data(as_text=True)
    assert document_now(app) == minimal_taxonomy()


# --- References ---------------------------------------------------------------------------------


def test_adding_editing_and_deleting_a_reference(app, ann):
    form = open_form(ann, "/admin/references/new")
    response = post(
        ann,
        "/admin/references/new",
        changed(
            form,
            id="hhs-telehealth",
            title="Telehealth guide",
            publisher="HHS",
            kind="government-guidance",
            year="2024",
            url="https://telehealth.hhs.gov/",
            cited_by_categories=["video"],
            cited_by_cautions=["us-contracts"],
        ),
    )
    assert response.status_code == 302
    expected = minimal_taxonomy()
    new = {
        "id": "hhs-telehealth",
        "title": "Telehealth guide",
        "publisher": "HHS",
        "kind": "government-guidance",
        "year": 2024,
        "url": "https://telehealth.hhs.gov/",
    }
    expected["references"].append(new)
    item(expected, "categories", "video")["references"].append("hhs-telehealth")
    item(expected, "cautions", "us-contracts")["references"] = ["hhs-telehealth"]
    assert document_now(app) == expected

    path = "/admin/references/hhs-telehealth"
    response = post(ann, path, changed(open_form(ann, path), year="2025", cited_by_cautions=[]))
    assert response.status_code == 302
    new["year"] = 2025
    item(expected, "cautions", "us-contracts")["references"] = []
    assert document_now(app) == expected
    assert last_event(app)[3] == (
        "Edited reference 'hhs-telehealth' (year); also changed caution 'us-contracts' (references)"
    )

    response = post(ann, path, changed(open_form(ann, path), year="", accessed="2026-12-02"))
    assert response.status_code == 302
    del new["year"]
    new["accessed"] = "2026-12-02"
    assert document_now(app) == expected

    path = "/admin/references/hhs-telehealth/delete"
    response = post(ann, path, form_of(ann.get(path).get_data(as_text=True), path))
    assert response.status_code == 302
    expected["references"].pop()
    item(expected, "categories", "video")["references"] = ["ref-one"]
    assert document_now(app) == expected
    assert last_event(app)[3].startswith("Deleted reference 'hhs-telehealth'")


def test_a_reference_every_category_needs_cannot_be_deleted(app, ann):
    page = ann.get("/admin/references/ref-one/delete").get_data(as_text=True)
    assert "cannot be deleted" in page
    assert "would be left without any references" in page


# --- Profiles -----------------------------------------------------------------------------------


def test_adding_editing_and_deleting_a_profile(app, ann):
    assert "no profiles yet" in ann.get("/admin/profiles").get_data(as_text=True)
    form = open_form(ann, "/admin/profiles/new")
    response = post(
        ann,
        "/admin/profiles/new",
        changed(
            form,
            id="covered-entity",
            question="Are you a HIPAA covered entity?",
            help="Most US practices that bill insurance electronically are.",
            asked_by_cautions=["us-contracts"],
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == "/admin/profiles/covered-entity"
    document = document_now(app)
    assert document["profiles"] == [
        {
            "id": "covered-entity",
            "question": "Are you a HIPAA covered entity?",
            "help": "Most US practices that bill insurance electronically are.",
        }
    ]
    assert item(document, "cautions", "us-contracts")["applies_if"] == ["covered-entity"]
    assert last_event(app)[3] == (
        "Added profile 'covered-entity'; also changed caution 'us-contracts' (applies_if)"
    )
    # The caution's form offers it, ticked.
    assert open_form(ann, "/admin/cautions/us-contracts")["applies_if"] == ["covered-entity"]
    listing = ann.get("/admin/profiles").get_data(as_text=True)
    assert "Are you a HIPAA covered entity?" in listing and "Business associate" in listing

    path = "/admin/profiles/covered-entity"
    assert post(ann, path, changed(open_form(ann, path), help="")).status_code == 302
    assert "help" not in document_now(app)["profiles"][0]

    # In use: deleting is refused, naming the cautions.
    path = "/admin/profiles/covered-entity/delete"
    page = ann.get(path).get_data(as_text=True)
    assert "cannot be deleted" in page and "&#39;Business associate agreement&#39;" in page
    assert "shown to every reader" in page
    response = ann.submit(path, {"revision": str(revision_now(app))}, form_page="/admin/profiles")
    assert response.status_code == 400
    assert "nothing was deleted" in response.get_data(as_text=True)
    assert document_now(app)["profiles"]

    # Taking it off its only caution would leave it unused: refused too.
    caution = "/admin/cautions/us-contracts"
    response = post(ann, caution, changed(open_form(ann, caution), applies_if=[]))
    assert response.status_code == 400
    assert "would no longer be used anywhere" in response.get_data(as_text=True)

    # Deleting it anyway, knowingly, takes it off the caution.
    response = post(ann, path, {**form_of(page, path), "override_blockers": ["yes"]})
    assert response.status_code == 302
    document = document_now(app)
    assert document["profiles"] == []
    assert item(document, "cautions", "us-contracts")["applies_if"] == []
    assert last_event(app)[3] == (
        "Deleted profile 'covered-entity'; also changed caution 'us-contracts' (applies_if)"
    )


def test_a_new_profile_must_be_asked_by_a_caution(app, ann):
    form = changed(open_form(ann, "/admin/profiles/new"), id="p", question="Q?")
    response = post(ann, "/admin/profiles/new", form)
    assert response.status_code == 400
    assert "every profile must be used" in near(
        response.get_data(as_text=True), "asked_by_cautions-error"
    )


# --- Sites --------------------------------------------------------------------------------------


def test_adding_editing_and_deleting_a_site(app, ann):
    form = open_form(ann, "/admin/sites/new")
    response = post(
        ann,
        "/admin/sites/new",
        changed(
            form,
            id="whereby",
            name="Whereby",
            patterns="https://whereby.com/*\r\n\r\nhttps://*.whereby.com/*\r\n",
            categories=["video"],
        ),
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/sites/whereby"
    expected = minimal_taxonomy()
    site = {
        "id": "whereby",
        "name": "Whereby",
        "patterns": ["https://whereby.com/*", "https://*.whereby.com/*"],
        "categories": ["video"],
    }
    expected["sites"].append(site)
    assert document_now(app) == expected
    assert last_event(app)[3] == "Added site 'whereby'"

    path = "/admin/sites/whereby"
    form = changed(open_form(ann, path), categories=["video", "live-chat"], cautions=["zoom-ai"])
    assert post(ann, path, form).status_code == 302
    site.update(categories=["video", "live-chat"], cautions=["zoom-ai"])
    assert document_now(app) == expected

    path = "/admin/sites/whereby/delete"
    response = post(ann, path, form_of(ann.get(path).get_data(as_text=True), path))
    assert response.status_code == 302
    expected["sites"].pop()
    assert document_now(app) == expected


def test_a_site_s_uses_are_rows_added_changed_and_cleared(app, ann):
    path = "/admin/sites/zoom"
    form = changed(
        open_form(ann, path),
        use__0__id="sessions",
        use__0__label="Sessions with clients",
        use__0__categories=["video", "live-chat"],
    )
    assert post(ann, path, form).status_code == 302
    zoom = item(document_now(app), "sites", "zoom")
    assert zoom["uses"] == [
        {"id": "sessions", "label": "Sessions with clients", "categories": ["video", "live-chat"]}
    ]
    form = open_form(ann, path)
    assert form["use-0-label"] == ["Sessions with clients"]
    assert form["use-1-id"] == [""]  # a spare row to add another
    form = changed(form, use__1__id="personal", use__1__label="Personal")
    assert post(ann, path, form).status_code == 302
    assert item(document_now(app), "sites", "zoom")["uses"][1] == {
        "id": "personal",
        "label": "Personal",
        "categories": [],
    }
    form = changed(open_form(ann, path), use__0__id="", use__0__label="", use__0__categories=[])
    assert post(ann, path, form).status_code == 302
    assert [use["id"] for use in item(document_now(app), "sites", "zoom")["uses"]] == ["personal"]


USE_PROBLEMS = [
    # (changes to the zoom form, field, words)
    ({"use__0__label": "Sessions"}, "use-0-id", "Must not be blank."),
    ({"use__0__id": "Sessions", "use__0__label": "S"}, "use-0-id", "lower-case words"),
    ({"use__0__id": "s", "use__0__label": "L" * 61}, "use-0-label", "at most 60 characters"),
]


@pytest.mark.parametrize(("changes", "field", "words"), USE_PROBLEMS)
def test_a_use_s_problem_is_shown_at_its_row(app, ann, changes, field, words):
    path = "/admin/sites/zoom"
    response = post(ann, path, changed(open_form(ann, path), **changes))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert words in near(html, f"{field}-error")
    assert f'<a href="#{field}">' in html
    assert document_now(app) == minimal_taxonomy()


def test_two_uses_with_one_id_are_refused_at_the_second(app, ann):
    path = "/admin/sites/zoom"
    form = changed(
        open_form(ann, path),
        use__0__id="same",
        use__0__label="One",
    )
    assert post(ann, path, form).status_code == 302
    form = changed(open_form(ann, path), use__1__id="same", use__1__label="Two")
    response = post(ann, path, form)
    assert response.status_code == 400
    assert "Duplicate id" in near(response.get_data(as_text=True), "use-1-id-error")


def test_deleting_the_only_site_of_a_caution_is_refused(app, ann):
    page = ann.get("/admin/sites/zoom/delete").get_data(as_text=True)
    assert "The caution &#39;AI summaries&#39; would no longer be used anywhere" in page
    assert 'class="danger"' not in page


WARNED = [
    # (patterns, kind needing "Save anyway")
    ("https://*.zoom.us/*", "duplicate"),
    ("https://*.co.uk/*", "too broad"),
]


@pytest.mark.parametrize(("patterns", "kind"), WARNED)
def test_risky_patterns_need_save_anyway(app, ann, patterns, kind):
    form = changed(
        open_form(ann, "/admin/sites/new"),
        id="risky",
        name="Risky",
        patterns=patterns,
        categories=["video"],
    )
    first = post(ann, "/admin/sites/new", form)
    html = first.get_data(as_text=True)
    assert first.status_code == 200
    assert "Nothing was saved yet" in html
    assert f'<span class="badge">{kind}</span>' in html
    assert 'name="acknowledge_warnings"' in html
    assert 'value="Risky"' in html
    assert revision_now(app) == 1

    second = post(ann, "/admin/sites/new", changed(form, acknowledge_warnings="yes"))
    assert second.status_code == 302
    assert item(document_now(app), "sites", "risky")["patterns"] == [patterns]


def test_overlapping_patterns_save_and_are_shown_after(app, ann):
    form = changed(
        open_form(ann, "/admin/sites/new"),
        id="google",
        name="Google",
        patterns="https://*.google.com/*",
        categories=["online-resources"],
    )
    response = post(ann, "/admin/sites/new", form)
    assert response.status_code == 302
    page = ann.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 notes about this site&#39;s patterns" in page
    notes = page[page.index('id="notes-heading"') :]
    assert "&#39;Gmail&#39; is chosen" in notes
    assert '<a href="/admin/sites/gmail">' in notes


def test_a_site_pattern_problem_names_its_line(app, ann):
    path = "/admin/sites/zoom"
    form = changed(open_form(ann, path), patterns="https://*.zoom.us/*\nzoom.us")
    response = post(ann, path, form)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert near(html, "patterns-error").startswith("Line 2: Not a valid match pattern")
    assert revision_now(app) == 1


def test_a_site_s_excludes_are_lines_saved_shown_and_cleared(app, ann):
    path = "/admin/sites/zoom"
    form = open_form(ann, path)
    assert form["exclude"] == [""]
    form = changed(form, exclude="https://zoom.us/pricing*\r\n\r\nhttps://*.zoom.us/blog/*\r\n")
    assert post(ann, path, form).status_code == 302
    zoom = item(document_now(app), "sites", "zoom")
    assert zoom["exclude"] == ["https://zoom.us/pricing*", "https://*.zoom.us/blog/*"]
    assert open_form(ann, path)["exclude"] == ["https://zoom.us/pricing*\nhttps://*.zoom.us/blog/*"]
    listing = ann.get("/admin/sites").get_data(as_text=True)
    assert "not <code>https://zoom.us/pricing*</code>" in listing

    # Cleared, the optional list is left out again, as the document had it.
    assert post(ann, path, changed(open_form(ann, path), exclude="")).status_code == 302
    assert document_now(app) == minimal_taxonomy()


def test_an_exclude_outside_the_site_s_hosts_names_its_line(app, ann):
    path = "/admin/sites/zoom"
    form = changed(open_form(ann, path), exclude="https://zoom.us/pricing*\nhttps://example.org/*")
    response = post(ann, path, form)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert near(html, "exclude-error").startswith("Line 2: Excludes addresses outside the site")
    assert '<a href="#exclude">' in html
    assert revision_now(app) == 1


def test_an_exclude_that_leaves_nothing_out_is_noted_after_the_save(app, ann):
    path = "/admin/sites/gmail"
    form = changed(open_form(ann, path), exclude="https://mail.google.com/pricing*")
    response = post(ann, path, form)
    assert response.status_code == 302
    page = ann.get(response.headers["Location"]).get_data(as_text=True)
    notes = page[page.index('id="notes-heading"') :]
    assert '<span class="badge">exclude unused</span>' not in notes  # it does leave pages out
    form = changed(
        open_form(ann, "/admin/sites/new"),
        id="booking",
        name="Booking",
        patterns="https://booking.example/app/*",
        exclude="https://booking.example/pricing*",
        categories=["calendar"],
    )
    response = post(ann, "/admin/sites/new", form)
    assert response.status_code == 302
    page = ann.get(response.headers["Location"]).get_data(as_text=True)
    notes = page[page.index('id="notes-heading"') :]
    assert '<span class="badge">exclude unused</span>' in notes
    assert "leaves nothing out" in notes


def test_a_bad_exclude_pattern_names_its_line(app, ann):
    path = "/admin/sites/zoom"
    response = post(ann, path, changed(open_form(ann, path), exclude="zoom.us/pricing"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert near(html, "exclude-error").startswith("Line 1: Not a valid match pattern")


# --- Details ------------------------------------------------------------------------------------


def test_editing_the_details(app, ann):
    path = "/admin/details"
    form = open_form(ann, path)
    response = post(
        ann,
        path,
        changed(
            form,
            title="Our guidance",
            notice="Not legal advice.",
            next_review="",
            jurisdiction__us__name="USA",
            remove_jurisdictions=["uk"],
            new_jurisdiction_id="nz",
            new_jurisdiction_name="New Zealand",
            group__working__online__description="Therapy by video and chat.",
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    expected = minimal_taxonomy()
    expected["meta"].update(title="Our guidance", notice="Not legal advice.")
    del expected["meta"]["next_review"]
    expected["jurisdictions"] = [
        {"id": "us", "name": "USA"},
        {"id": "nz", "name": "New Zealand"},
    ]
    expected["groups"][0]["description"] = "Therapy by video and chat."
    assert document_now(app) == expected
    summary = last_event(app)[3]
    assert summary.startswith("Edited the document details (title, next_review, notice); also ")
    assert "removed jurisdiction 'uk'" in summary and "added jurisdiction 'nz'" in summary


def test_a_region_and_emergency_contacts(app, ann):
    path = "/admin/details"
    form = changed(
        open_form(ann, path),
        new_jurisdiction_id="us-il",
        new_jurisdiction_name="Illinois",
        new_jurisdiction_parent="us",
        jurisdiction__uk__emergency__0__name="Emergency services",
        jurisdiction__uk__emergency__0__number="999",
        jurisdiction__uk__emergency__0__when="Immediate danger to life",
    )
    response = post(ann, path, form)
    assert response.status_code == 302, response.get_data(as_text=True)
    jurisdictions = document_now(app)["jurisdictions"]
    assert jurisdictions[0] == {
        "id": "uk",
        "name": "United Kingdom",
        "emergency": [
            {"name": "Emergency services", "number": "999", "when": "Immediate danger to life"}
        ],
    }
    assert jurisdictions[2] == {"id": "us-il", "name": "Illinois", "parent": "us"}
    form = open_form(ann, path)
    assert form["jurisdiction-us-il-parent"] == ["us"]
    assert form["jurisdiction-uk-emergency-1-name"] == [""]  # the spare row
    # Clearing the row removes the contact; the region moves under the UK.
    form = changed(
        form,
        jurisdiction__uk__emergency__0__name="",
        jurisdiction__uk__emergency__0__number="",
        jurisdiction__uk__emergency__0__when="",
        jurisdiction__us__il__parent="uk",
    )
    assert post(ann, path, form).status_code == 302
    jurisdictions = document_now(app)["jurisdictions"]
    assert jurisdictions[0]["emergency"] == [] and jurisdictions[2]["parent"] == "uk"


CONTACT_PROBLEMS = [
    # (changes to the details form, field, words)
    (
        {
            "jurisdiction__uk__emergency__0__name": "Police",
            "jurisdiction__uk__emergency__0__number": "nine",
            "jurisdiction__uk__emergency__0__when": "Danger",
        },
        "jurisdiction-uk-emergency-0-number",
        "Digits, spaces and a leading +.",
    ),
    (
        {"jurisdiction__uk__emergency__0__number": "999"},
        "jurisdiction-uk-emergency-0-name",
        "Must not be blank.",
    ),
    ({"jurisdiction__uk__parent": "uk"}, "jurisdiction-uk-parent", "loop of parents"),
]


@pytest.mark.parametrize(("changes", "field", "words"), CONTACT_PROBLEMS)
def test_a_contact_or_parent_problem_is_shown_at_its_field(app, ann, changes, field, words):
    response = post(ann, "/admin/details", changed(open_form(ann, "/admin/details"), **changes))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert words in near(html, f"{field}-error")
    assert document_now(app) == minimal_taxonomy()


def test_a_jurisdiction_in_use_cannot_be_removed(app, ann):
    page = ann.get("/admin/details").get_data(as_text=True)
    assert 'id="remove-uk"' in page
    assert 'id="remove-us"' not in page
    form = changed(open_form(ann, "/admin/details"), remove_jurisdictions=["us"])
    response = post(ann, "/admin/details", form)
    assert response.status_code == 400
    assert "Business associate agreement" in near(
        response.get_data(as_text=True), "jurisdictions-error"
    )
    assert revision_now(app) == 1


# --- Problems next to their fields ---------------------------------------------------------------

# What a new caution's form needs, apart from the field a case breaks.
NEW_CAUTION = {
    "title": "T",
    "headline": "H",
    "action": "A.",
    "detail": "X",
    "severity": "low",
    "stage": ["before"],
    "force": "should",
    "basis": "practice",
    "used_by_sites": ["zoom"],
}

INVALID = [
    # (path, changes, field, words in its error, typed value shown again)
    (
        "/admin/cautions/general-privacy",
        {"detail": "x" * 601},
        "detail",
        "Too long: use at most 600 characters; this has 601.",
        "x" * 601,
    ),
    (
        "/admin/cautions/general-privacy",
        {"headline": "one two three four five six seven eight nine ten eleven twelve thirteen"},
        "headline",
        "At most 12 words.",
        "twelve thirteen",
    ),
    (
        "/admin/cautions/general-privacy",
        {"action": " ".join(["word"] * 31)},
        "action",
        "At most 30 words.",
        None,
    ),
    ("/admin/cautions/general-privacy", {"stage": []}, "stage", "Choose", None),
    (
        "/admin/cautions/general-privacy",
        {"force": "must", "basis": "guidance"},
        "basis",
        "A &#39;must&#39; rests on a law, a regulator or a professional code.",
        None,
    ),
    ("/admin/cautions/general-privacy", {"force": "maybe"}, "force", "Choose one", None),
    (
        "/admin/cautions/general-privacy",
        {"reviewed": "soon"},
        "reviewed",
        "Not a valid date",
        "soon",
    ),
    (
        "/admin/cautions/general-privacy",
        {"reviewed": "2026-05-01", "review_by": "2026-04-01"},
        "review_by",
        "Must be after the review date.",
        "2026-04-01",
    ),
    (
        "/admin/cautions/general-privacy",
        {"section__ref__one": "s" * 61},
        "section-ref-one",
        "at most 60 characters",
        "s" * 61,
    ),
    ("/admin/cautions/general-privacy", {"title": "   "}, "title", "Must not be blank.", None),
    (
        "/admin/cautions/general-privacy",
        {"used_by_categories": [], "used_by_sites": []},
        "used_by_categories",
        "Choose at least one category or site",
        None,
    ),
    (
        "/admin/cautions/new",
        {**NEW_CAUTION, "id": "Bad Id"},
        "id",
        "Must be lower-case words joined by hyphens.",
        "Bad Id",
    ),
    (
        "/admin/cautions/new",
        {**NEW_CAUTION, "id": "zoom-ai"},
        "id",
        "There is already a caution with the id &#39;zoom-ai&#39;.",
        None,
    ),
    (
        "/admin/cautions/new",
        {**NEW_CAUTION, "id": "new"},
        "id",
        "reserved",
        None,
    ),
    (
        "/admin/cautions/new",
        {**NEW_CAUTION, "id": "fine", "severity": "extreme"},
        "severity",
        "Choose one of the options.",
        None,
    ),
    ("/admin/references/ref-one", {"year": "twenty"}, "year", "as a number", "twenty"),
    ("/admin/references/ref-one", {"kind": "blog"}, "kind", "Choose one of the options.", None),
    (
        "/admin/references/ref-one",
        {"year": "", "accessed": ""},
        "year",
        "Give the year it was published, or the date you read it (accessed).",
        None,
    ),
    ("/admin/references/ref-one", {"accessed": "yesterday"}, "accessed", "Not a valid date", None),
    (
        "/admin/references/ref-one",
        {"year": "1850"},
        "year",
        "Must be between 1900 and 2100.",
        "1850",
    ),
    (
        "/admin/references/ref-one",
        {"url": "http://example.org/"},
        "url",
        "https",
        "http://example.org/",
    ),
    (
        "/admin/categories/video",
        {"benefits": "\n".join(f"B{n}" for n in range(13))},
        "benefits",
        "Too many lines: at most 12; this has 13.",
        "B12",
    ),
    (
        "/admin/categories/video",
        {"questions": "Fine?\n" + "q" * 301},
        "questions",
        "Line 2: Too long: use at most 300 characters; this has 301.",
        None,
    ),
    ("/admin/categories/video", {"mode_note": "m" * 201}, "mode_note", "at most 200", None),
    ("/admin/categories/video", {"groups": []}, "groups", "Choose at least 1.", None),
    ("/admin/categories/video", {"cautions": []}, "cautions", "Choose at least 1.", None),
    (
        "/admin/categories/video",
        {"position__general__privacy": "first"},
        "cautions",
        "A position must be a whole number",
        "first",
    ),
    ("/admin/categories/video", {"references": []}, "references", "Choose at least 1.", None),
    ("/admin/sites/zoom", {"categories": []}, "categories", "Choose at least 1.", None),
    ("/admin/sites/zoom", {"name": "n" * 81}, "name", "at most 80 characters", None),
    (
        "/admin/details",
        {"reviewed": "2027-02-01"},
        "next_review",
        "Must be after the review date.",
        None,
    ),
    ("/admin/details", {"reviewed": "soon"}, "reviewed", "Not a valid date", "soon"),
    ("/admin/details", {"language": "english!"}, "language", "Not a language code", "english!"),
    (
        "/admin/details",
        {"new_jurisdiction_id": "NZ", "new_jurisdiction_name": "New Zealand"},
        "new_jurisdiction_id",
        "lower-case words",
        "New Zealand",
    ),
    (
        "/admin/details",
        {"new_jurisdiction_id": "nz"},
        "new_jurisdiction_name",
        "Give the new jurisdiction a name.",
        None,
    ),
    (
        "/admin/details",
        {"group__working__online__name": ""},
        "group-working-online-name",
        "Must not be blank.",
        None,
    ),
]


@pytest.mark.parametrize(
    ("path", "changes", "field", "words", "typed"),
    INVALID,
    ids=[f"{case[0].split('/')[2]}-{case[2]}-{n}" for n, case in enumerate(INVALID)],
)
def test_problems_appear_next_to_their_field_and_nothing_is_saved(
    app, ann, path, changes, field, words, typed
):
    response = post(ann, path, changed(open_form(ann, path), **changes))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert words in near(html, f"{field}-error")
    assert re.search(rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-error"', html)
    summary = html[html.index('id="problems-heading"') :]
    assert f'<a href="#{field}">' in summary
    if typed is not None:
        assert typed in html
    assert revision_now(app) == 1
    assert document_now(app) == minimal_taxonomy()


def test_a_problem_with_another_item_goes_to_the_summary(app, ann):
    """Taking general-privacy off every category but one leaves the others empty."""
    path = "/admin/cautions/general-privacy"
    form = changed(open_form(ann, path), used_by_categories=["video"])
    response = post(ann, path, form)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    summary = html[
        html.index('id="problems-heading"') : html.index(
            "</ul>", html.index('id="problems-heading"')
        )
    ]
    assert EMPTIED in summary
    assert document_now(app) == minimal_taxonomy()


# --- Someone else saved meanwhile ---------------------------------------------------------------

STALE = [
    (
        "/admin/cautions/general-privacy",
        {"detail": "Ann's careful wording."},
        "Ann&#39;s careful wording.",
    ),
    ("/admin/categories/video", {"summary": "Ann's summary."}, "Ann&#39;s summary."),
    ("/admin/references/ref-one", {"title": "Ann's title"}, "Ann&#39;s title"),
    ("/admin/sites/gmail", {"name": "Ann's Gmail"}, "Ann&#39;s Gmail"),
    (
        "/admin/cautions/new",
        {
            "id": "anns",
            "title": "Ann's caution",
            "text": "T",
            "severity": "low",
            "used_by_sites": ["zoom"],
        },
        "Ann&#39;s caution",
    ),
    ("/admin/details", {"title": "Ann's title"}, "Ann&#39;s title"),
]


@pytest.mark.parametrize(("path", "changes", "shown"), STALE)
def test_a_stale_form_is_refused_and_keeps_what_was_typed(app, ann, path, changes, shown):
    form = open_form(ann, path)
    save_as(app, "rita", lambda document: document["meta"].update(publisher="Rita's edit"))
    response = post(ann, path, changed(form, **changes))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert (
        "rita changed the draft since you opened this page; your changes are below, not saved"
        in html
    )
    assert shown in html
    assert f'href="{path}">Load the current version</a>' in html
    assert 'name="revision" value="2"' in html
    revision, document, _state = current(app)
    assert revision == 2
    assert document["meta"]["publisher"] == "Rita's edit"
    assert last_event(app)[1] == "rita"


def test_a_stale_form_shows_what_the_other_save_left_in_the_same_item(app, ann):
    path = "/admin/cautions/general-privacy"
    form = open_form(ann, path)

    def rita_rewrites(document):
        document["cautions"][0]["detail"] = "Rita's rewrite of the same caution."

    save_as(app, "rita", rita_rewrites)
    response = post(ann, path, changed(form, detail="Ann's rewrite."))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    differences = html[html.index('class="conflict-differences"') :]
    differences = differences[: differences.index("</dl>")]
    assert "<code>detail</code>" in differences
    assert "Rita&#39;s rewrite of the same caution." in differences
    assert "Ann&#39;s rewrite." in differences
    assert "<code>title</code>" not in differences  # unchanged fields are not listed


def test_a_stale_form_says_when_the_other_save_left_this_item_alone(app, ann):
    path = "/admin/cautions/general-privacy"
    form = open_form(ann, path)
    save_as(app, "rita", lambda document: document["meta"].update(publisher="Rita's edit"))
    html = post(ann, path, form).get_data(as_text=True)
    assert "did not touch this caution" in html


def test_a_stale_delete_is_refused(app, ann):
    path = "/admin/cautions/zoom-ai/delete"
    form = form_of(ann.get(path).get_data(as_text=True), path)
    save_as(app, "rita", lambda document: document["meta"].update(publisher="Rita's edit"))
    response = post(ann, path, form)
    assert response.status_code == 409
    assert "rita changed the draft" in response.get_data(as_text=True)
    assert any(c["id"] == "zoom-ai" for c in document_now(app)["cautions"])


def test_editing_an_item_deleted_meanwhile_keeps_the_typed_text(app, ann):
    path = "/admin/cautions/zoom-ai"
    form = open_form(ann, path)

    def delete_zoom_ai(document):
        document["cautions"] = [c for c in document["cautions"] if c["id"] != "zoom-ai"]
        document["sites"][0]["cautions"] = []

    save_as(app, "rita", delete_zoom_ai)
    response = post(ann, path, changed(form, detail="Ann's new text"))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "no longer in the draft" in html
    assert "Ann&#39;s new text" in html


# --- Review in progress -------------------------------------------------------------------------


def test_saving_while_in_review_withdraws_the_review(app, ann):
    save_as(app, "rita", lambda document: document["meta"].update(publisher="Changed"))
    with app.app_context(), session_scope(app) as session:
        drafts.request_review(session, expected_revision=2, actor="rita", channel="web")
    path = "/admin/cautions/general-privacy"
    html = ann.get(path).get_data(as_text=True)
    assert "The draft is waiting for review; saving withdraws the review request" in html
    response = post(ann, path, changed(form_of(html, path), detail="New text."))
    assert response.status_code == 302
    assert "The review request was withdrawn" in ann.get(path).get_data(as_text=True)
    assert current(app)[2] == "editing"


# --- Hostile text -------------------------------------------------------------------------------

HOSTILE = [
    # (text typed, what must not appear raw, what must appear)
    ("<script>alert(1)</script>", "<script>alert(1)", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ('"><img src=x onerror=alert(1)>', "<img src=x", "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"),
    ("Safe \u202etxt.exe", None, "Safe \u202etxt.exe"),
    ("Pri\u200bvacy", None, "Pri\u200bvacy"),
    ("<i>" + "y" * 593, "<i>y", "&lt;i&gt;" + "y" * 593),
]


@pytest.mark.parametrize(("typed", "raw", "escaped"), HOSTILE)
def test_hostile_text_is_saved_as_text_and_shown_escaped(app, ann, typed, raw, escaped):
    path = "/admin/cautions/us-contracts"
    title = typed if len(typed) <= 120 else "Long one"
    short = typed if len(typed) <= 100 else "Long one"  # the headline and a section
    action = typed if len(typed) <= 250 else "Long one"
    form = changed(
        open_form(ann, path),
        title=title,
        headline=short,
        action=action,
        detail=typed,
        references=["ref-one"],
        section__ref__one=short[:60],
    )
    response = post(ann, path, form)
    assert response.status_code == 302, response.get_data(as_text=True)
    saved = item(document_now(app), "cautions", "us-contracts")
    assert saved["detail"] == typed and saved["title"] == title
    assert saved["headline"] == short and saved["action"] == action
    assert saved["references"] == [{"ref": "ref-one", "section": short[:60]}]
    pages = [ann.get(path).get_data(as_text=True)]
    if title == typed:
        pages.append(ann.get("/admin/cautions").get_data(as_text=True))
        pages.append(ann.get("/admin/categories/video").get_data(as_text=True))
    for html in pages:
        assert escaped in html
        if raw:
            assert raw not in html


def test_the_problem_summary_follows_the_order_of_the_form(app, ann):
    path = "/admin/cautions/general-privacy"
    form = open_form(ann, path)
    response = post(ann, path, changed(form, title="T" * 130, detail="X" * 700, basis="x"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    summary = html[html.index('id="problems-heading"') :]
    summary = summary[: summary.index("</ul>")]
    assert summary.index('href="#title"') < summary.index('href="#detail"')
    assert summary.index('href="#detail"') < summary.index('href="#basis"')
