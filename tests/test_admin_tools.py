"""The pattern lab, and importing and exporting taxonomy files through the admin pages."""

import io
import json
import re

import pytest
from markupsafe import escape
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from server.db import session_scope
from server.models import AuditEvent
from server.publishing import drafts, store
from server.taxonomy.document import TaxonomyInvalid, pretty_json, validate_document
from server.taxonomy.schemas import MAX_DOCUMENT_BYTES
from tests.conftest import SETUP_ACTOR, csrf_token_in
from tests.samples import minimal_format1, minimal_taxonomy, without_word_marks

# --- Helpers ----------------------------------------------------------------------------


def edit_draft(app, change, actor="ann"):
    """Change the shared draft as someone else would, through the domain module."""
    with app.app_context(), session_scope(app) as db:
        draft = drafts.get_draft(db, app.config["DEFAULT_TAXONOMY_PATH"])
        document = drafts.document_of(draft)
        change(document)
        drafts.save(
            db,
            document,
            expected_revision=draft.revision,
            actor=actor,
            channel="web",
            summary="Edited in a test",
        )


def draft_state(app):
    with app.app_context(), session_scope(app) as db:
        draft = drafts.get_draft(db, app.config["DEFAULT_TAXONOMY_PATH"])
        return draft.revision, drafts.document_of(draft)


def audit_actions(app):
    with app.app_context(), session_scope(app) as db:
        query = select(AuditEvent).where(AuditEvent.actor != SETUP_ACTOR).order_by(AuditEvent.id)
        return [event.action for event in db.scalars(query)]


def add_jane(document):
    document["sites"].append(
        {"id": "jane", "name": "Jane", "patterns": ["https://jane.app/*"], "categories": ["video"]}
    )


def section(html, heading_id):
    """The text of the <section> whose heading has ``heading_id``."""
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def html_of(response):
    return response.get_data(as_text=True)


def revision_on(html):
    return int(re.search(r'name="revision" value="(\d+)"', html).group(1))


# --- Pattern lab --------------------------------------------------------------------------

EXPLAIN = [
    # (address, texts the result shows)
    (
        "https://mail.google.com/chat/u/0/",
        [
            "https://mail.google.com/chat/u/0/",
            "Google Chat in Gmail",
            "Live Chat",
            "Chosen",
            "No: a more specific pattern wins",
        ],
    ),
    ("https://MAIL.google.com./mail/u/0", ["https://mail.google.com/mail/u/0", "Gmail", "Email"]),
    ("https://us02web.zoom.us/j/123", ["Zoom", "Video", "Chosen"]),
    ("https://www.example.com/", ["No site matches this address"]),
]


@pytest.mark.parametrize(("url", "expected"), EXPLAIN)
def test_the_lab_explains_an_address(browser_for, url, expected):
    response = browser_for("ann").get("/admin/lab", query_string={"url": url})
    assert response.status_code == 200
    result = section(response.get_data(as_text=True), "result-heading")
    for text in expected:
        assert str(escape(text)) in result


def test_the_lab_shows_the_uses_of_the_site_chosen(app, browser_for):
    def uses(document):
        document["sites"][0]["uses"] = [
            {
                "id": "sessions",
                "label": "Sessions with clients",
                "categories": ["video", "live-chat"],
            },
            {"id": "personal", "label": "Personal", "categories": []},
        ]

    edit_draft(app, uses)
    browser = browser_for("ann")
    html = html_of(browser.get("/admin/lab", query_string={"url": "https://us02web.zoom.us/j/1"}))
    result = section(html, "uses-zoom")
    assert "What people use <bdi>Zoom</bdi> for" in result
    assert (
        "<strong><bdi>Sessions with clients</bdi></strong>: <bdi>Video</bdi>, <bdi>Live Chat</bdi>"
        in result
    )
    assert "<strong><bdi>Personal</bdi></strong>: no guidance" in result
    gmail = html_of(browser.get("/admin/lab", query_string={"url": "https://mail.google.com/"}))
    assert 'id="uses-' not in gmail  # a site without uses says nothing of them


def test_only_the_winning_rule_is_marked_chosen(browser_for):
    html = html_of(browser_for("ann").get("/admin/lab?url=https://mail.google.com/chat/"))
    rows = re.findall(r"<tr>(.*?)</tr>", section(html, "result-heading"), re.S)[1:]
    assert len(rows) == 2
    assert "gmail-chat" in rows[0] and "Chosen" in rows[0]
    assert "Chosen" not in rows[1]
    guidance = section(html, "result-heading").split("<table>")[0]
    assert "Live Chat" in guidance and "Email" not in guidance


ADDRESS_ERRORS = [
    ("mail.google.com", "no http:// or https://"),
    ("ftp://files.example.com/", "Only http and https addresses"),
    ("https://exa mple.com/", "cannot be read"),
    ("https://example.com/" + "a" * 5000, "longer than 4096 characters"),
]


@pytest.mark.parametrize(("url", "message"), ADDRESS_ERRORS)
def test_an_address_that_cannot_be_matched_says_why_next_to_the_field(browser_for, url, message):
    html = browser_for("ann").get("/admin/lab", query_string={"url": url}).get_data(as_text=True)
    assert 'id="url-error"' in html and message in html
    assert 'role="alert"' in html
    assert re.search(r'id="url"[^>]*aria-invalid="true"', html, re.S)
    assert 'id="result-heading"' not in html


def test_the_lab_uses_the_draft_or_the_published_version(app, browser_for):
    edit_draft(app, add_jane)
    browser = browser_for("ann")
    in_draft = browser.get("/admin/lab?url=https://jane.app/book").get_data(as_text=True)
    assert "Jane" in section(in_draft, "result-heading")
    published = browser.get("/admin/lab?url=https://jane.app/book&source=published")
    result = section(published.get_data(as_text=True), "result-heading")
    assert "published version 1" in result
    assert "No site matches this address" in result


def test_the_lab_says_which_exclude_leaves_an_address_out(app, browser_for):
    def exclude_pricing(document):
        document["sites"][0]["exclude"] = ["https://zoom.us/pricing*"]

    edit_draft(app, exclude_pricing)
    html = browser_for("ann").get("/admin/lab?url=https://zoom.us/pricing").get_data(as_text=True)
    result = section(html, "result-heading")
    assert "No: the site leaves this address out (<code>https://zoom.us/pricing*</code>)" in result
    assert "Chosen</span>" not in result


def test_the_lab_offers_example_addresses_from_the_draft(browser_for):
    html = browser_for("ann").get("/admin/lab").get_data(as_text=True)
    examples = section(html, "explain-heading")
    assert "/admin/lab?url=https://mail.google.com/chat/" in examples
    assert 'id="result-heading"' not in html


PATTERN_CHECKS = [
    # (patterns typed, site, texts expected, a problem shown?)
    ("https://*.co.uk/*", "", ["shared ending"], False),
    ("<all_urls>", "", ["matches every website"], False),
    ("https//app.example.com/*", "", ["cannot be used", "between the scheme and the host"], True),
    ("https://app.example.com:8080/*", "", ["cannot be used", "port"], True),
    ("https://mail.google.com/*", "", ["matches exactly the same addresses", "Gmail"], False),
    ("https://*.google.com/*", "", ["Gmail", "more specific"], False),
    # A site's own stored patterns are not compared with themselves.
    ("https://*.zoom.us/*", "zoom", ["no problems found"], False),
    ("https://app.example.com/*\n\nhttps://app.example.com/*", "", ["no problems found"], False),
]


@pytest.mark.parametrize(("patterns", "site", "expected", "problem"), PATTERN_CHECKS)
def test_pattern_check(browser_for, patterns, site, expected, problem):
    response = browser_for("ann").get(
        "/admin/lab", query_string={"patterns": patterns, "site": site}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    results = section(html, "checks-heading")
    for text in expected:
        assert str(escape(text)) in results
    assert results.count("<code>") == len({line for line in patterns.splitlines() if line})
    assert ('id="patterns-error"' in html) is problem


def test_pattern_check_input_problems(browser_for):
    browser = browser_for("ann")
    unknown = browser.get("/admin/lab?patterns=https://a.example.com/*&site=nope")
    html = unknown.get_data(as_text=True)
    assert "The draft has no site with the id" in html and 'id="site-error"' in html
    empty = browser.get("/admin/lab?patterns=%20%0A").get_data(as_text=True)
    assert "Type at least one pattern" in empty
    assert 'id="checks-heading"' not in empty


def test_both_lab_forms_keep_the_other_ones_input(browser_for):
    query = {"url": "https://zoom.us/", "patterns": "https://x.example/*"}
    html = html_of(browser_for("ann").get("/admin/lab", query_string=query))
    assert 'id="result-heading"' in html and 'id="checks-heading"' in html
    assert '<input type="hidden" name="url" value="https://zoom.us/">' in html
    assert '<input type="hidden" name="patterns" value="https://x.example/*">' in html


def test_the_lab_needs_a_signed_in_user(client, accounts):
    response = client.get("/admin/lab?url=https://zoom.us/")
    assert response.status_code == 302
    assert "/admin/login" in response.headers["Location"]


# --- Export -------------------------------------------------------------------------------


def test_export_the_draft(app, browser_for):
    edit_draft(app, add_jane)
    revision, document = draft_state(app)
    response = browser_for("ann").get("/admin/export/draft.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="taxonomy-draft-revision-{revision}.json"'
    assert json.loads(response.data) == document
    assert response.get_data(as_text=True) == pretty_json(document)
    assert response.headers["Cache-Control"] == "no-store"


def test_export_a_published_version(app, browser_for):
    edit_draft(app, add_jane)  # the draft differs; the export is of the version itself
    response = browser_for("ann").get("/admin/export/version-1.json")
    assert response.status_code == 200
    assert 'filename="taxonomy-version-1.json"' in response.headers["Content-Disposition"]
    with app.app_context(), session_scope(app) as db:
        stored = store.document_of(store.get_version(db, 1))
    assert json.loads(response.data) == stored == minimal_taxonomy()


def test_export_of_a_missing_version_is_404(browser_for):
    assert browser_for("ann").get("/admin/export/version-99.json").status_code == 404


def test_exports_need_a_signed_in_user(client, accounts):
    for path in ("/admin/export/draft.json", "/admin/export/version-1.json"):
        assert client.get(path).status_code == 302


def test_the_transfer_page_links_every_download(browser_for):
    html = browser_for("ann").get("/admin/transfer").get_data(as_text=True)
    assert 'href="/admin/export/draft.json"' in html
    assert 'href="/admin/export/version-1.json"' in html
    assert 'enctype="multipart/form-data"' in html and 'name="csrf_token"' in html


# --- Import -------------------------------------------------------------------------------


def upload(browser, content, filename="guidance.json", revision=None):
    page = browser.get("/admin/transfer").get_data(as_text=True)
    if isinstance(content, dict):
        content = json.dumps(content).encode("utf-8")
    fields = {
        "file": FileStorage(io.BytesIO(content), filename),
        "revision": str(revision_on(page) if revision is None else revision),
        "csrf_token": csrf_token_in(page),
    }
    # Encoded in memory: the test client would spool a large body to a temporary file
    # that nothing closes (a ResourceWarning, an error under filterwarnings=error).
    boundary, body = encode_multipart(fields)
    return browser.client.post(
        "/admin/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def improved():
    document = minimal_taxonomy()
    document["cautions"][0]["detail"] = "Check who else can see the screen."
    add_jane(document)
    return document


def test_importing_a_valid_file_replaces_the_draft(app, browser_for):
    browser = browser_for("ann")
    response = upload(browser, improved())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/review")
    assert draft_state(app)[1] == improved()
    with app.app_context(), session_scope(app) as db:
        event = db.scalars(select(AuditEvent).where(AuditEvent.action == "import")).one()
        assert event.actor == "ann" and event.channel == "web"
        assert (
            event.summary
            == "Imported guidance.json into the draft: 1 caution changed, 1 site added"
        )
        assert store.current_number(db) == 1  # nothing published
    review = without_word_marks(browser.get("/admin/review").get_data(as_text=True))
    assert "Imported guidance.json into the draft: 1 caution changed, 1 site added." in review
    assert "Check who else can see this." in review  # before
    assert "Check who else can see the screen." in review  # after
    assert "Jane" in review


def test_a_format_1_file_is_converted_and_what_it_took_is_listed(app, browser_for):
    before = draft_state(app)[1]
    response = upload(browser_for("ann"), minimal_format1(), filename="old.json")
    assert response.status_code == 200
    html = html_of(response)
    panel = section(html, "converted-heading")
    assert "old.json was in format 1 and was converted" in panel
    assert "Imported old.json into the draft:" in panel
    assert (
        '<a href="/admin/cautions/general-privacy"><bdi>Privacy first</bdi></a>, action:' in panel
    )
    assert '<a href="/admin/references/ref-one"><bdi>A reference</bdi></a>, kind:' in panel
    assert "Taken from the draft: check it." in panel
    document = draft_state(app)[1]
    assert document["cautions"][0]["action"] == before["cautions"][0]["action"]
    assert document["cautions"][0]["detail"] == minimal_format1()["cautions"][0]["text"]


def test_a_format_1_file_with_something_new_lists_what_to_write(app, browser_for):
    old = minimal_format1()
    old["references"].append(
        {"id": "new-ref", "title": "New", "publisher": "P", "year": 2020, "url": "https://a.org/"}
    )
    old["cautions"][0]["references"].append("new-ref")
    before = draft_state(app)
    response = upload(browser_for("ann"), old, filename="old.json")
    assert response.status_code == 400
    html = html_of(response)
    assert "This is a format 1 document, converted to format 2." in html
    assert "<code>references[1].kind</code>: Say what kind of source it is" in html
    assert "<code>cautions[0].action</code>" not in html  # the draft has it
    assert draft_state(app) == before


def test_importing_a_file_with_a_path_keeps_only_its_name(app, browser_for):
    upload(browser_for("ann"), improved(), filename="ann/downloads/new guidance.json")
    with app.app_context(), session_scope(app) as db:
        event = db.scalars(select(AuditEvent).where(AuditEvent.action == "import")).one()
    assert event.summary.startswith("Imported new guidance.json into the draft:")


def test_importing_the_same_content_changes_nothing(app, browser_for):
    response = upload(browser_for("ann"), minimal_taxonomy())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/transfer")
    assert audit_actions(app) == ["sign-in"]


def broken():
    document = minimal_taxonomy()
    document["sites"][0]["categories"] = ["no-such-category"]
    document["cautions"][1]["severity"] = "catastrophic"
    document["references"][0]["url"] = "not a url"
    return document


def test_an_invalid_file_lists_every_problem_and_changes_nothing(app, browser_for):
    before = draft_state(app)
    with pytest.raises(TaxonomyInvalid) as invalid:
        validate_document(broken())
    assert len(invalid.value.problems) >= 3
    response = upload(browser_for("ann"), broken(), filename="bad.json")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    summary = html[html.index('class="error-summary"') :]
    for problem in invalid.value.problems:
        assert f"<code>{escape(problem.path)}</code>: {escape(problem.message)}" in summary
    assert "bad.json was not imported" in html
    assert 'id="file-error"' in html and 'role="alert"' in html
    assert draft_state(app) == before
    assert "import" not in audit_actions(app)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"schema_version": 1,', "Not valid JSON"),
        (b"\xff\xfe not text", "not UTF-8"),
        (b"[1, 2, 3]", "must be a JSON object"),
        (b"", "Not valid JSON"),
    ],
)
def test_a_file_that_is_not_a_taxonomy_is_refused(app, browser_for, content, message):
    before = draft_state(app)
    response = upload(browser_for("ann"), content)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert draft_state(app) == before


def test_a_file_over_the_limit_is_refused_with_a_clear_message(app, browser_for):
    before = draft_state(app)
    padded = json.dumps(improved()).encode() + b" " * MAX_DOCUMENT_BYTES
    response = upload(browser_for("ann"), padded)
    assert response.status_code == 400
    assert "larger than 2 MB" in response.get_data(as_text=True)
    assert draft_state(app) == before


def test_a_file_over_the_request_limit_gets_the_same_message(app, browser_for):
    before = draft_state(app)
    response = upload(browser_for("ann"), b" " * (app.config["MAX_CONTENT_LENGTH"] + 1))
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "larger than 2 MB" in html and 'id="file-error"' in html
    assert draft_state(app) == before


def test_an_import_based_on_an_old_revision_is_refused(app, browser_for):
    browser = browser_for("ann")
    opened = revision_on(browser.get("/admin/transfer").get_data(as_text=True))
    edit_draft(app, lambda document: document["meta"].update(title="Rita's title"), "rita")
    response = upload(browser, improved(), revision=opened)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "changed by rita" in html
    assert revision_on(html) == opened + 1  # the page offers the current revision
    assert draft_state(app)[1]["meta"]["title"] == "Rita's title"
    assert "import" not in audit_actions(app)


def test_importing_withdraws_a_pending_review(app, browser_for):
    edit_draft(app, add_jane)
    with app.app_context(), session_scope(app) as db:
        draft = drafts.get_draft(db)
        drafts.request_review(db, expected_revision=draft.revision, actor="ann", channel="web")
    browser = browser_for("ann")
    response = upload(browser, improved())
    assert response.status_code == 302
    assert "withdrew the pending review request" in browser.get("/admin/review").get_data(
        as_text=True
    )


def test_import_needs_a_file_a_revision_and_a_csrf_token(app, browser_for):
    browser = browser_for("ann")
    page = browser.get("/admin/transfer").get_data(as_text=True)
    no_file = browser.submit(
        "/admin/import", {"revision": str(revision_on(page))}, "/admin/transfer"
    )
    assert no_file.status_code == 400
    assert "Choose a taxonomy file" in no_file.get_data(as_text=True)
    no_revision = browser.submit(
        "/admin/import", {"file": (io.BytesIO(b"{}"), "x.json")}, "/admin/transfer"
    )
    assert no_revision.status_code == 400
    no_token = browser.post_raw(
        "/admin/import",
        {"file": (io.BytesIO(json.dumps(improved()).encode()), "x.json"), "revision": "1"},
    )
    assert no_token.status_code == 400
    assert "import" not in audit_actions(app)


def test_import_needs_a_signed_in_user(client, accounts):
    response = client.post("/admin/import", data={})
    assert response.status_code in (302, 400)  # no CSRF token, or sent to sign in
    assert client.get("/admin/transfer").status_code == 302


def test_the_lab_escapes_names_from_the_guidance(app, browser_for):
    def hostile(document):
        add_jane(document)
        document["sites"][-1]["name"] = "<b>Jane</b>"

    edit_draft(app, hostile)
    html = html_of(browser_for("ann").get("/admin/lab?url=https://jane.app/"))
    assert "<b>Jane</b>" not in html
    assert "&lt;b&gt;Jane&lt;/b&gt;" in section(html, "result-heading")
