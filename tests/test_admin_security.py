"""Security properties of the whole admin area, checked by walking the URL map so that a
route added later is covered without anyone remembering to add it here."""

import copy
import re

import pytest
from werkzeug.routing import IntegerConverter

from server.db import session_scope
from server.people import tokens
from server.people.accounts import get_user
from server.people.auth import PERMISSIONS
from server.publishing import drafts
from server.security import CONTENT_SECURITY_POLICY
from tests.conftest import AdminBrowser, csrf_token_in

PAGE_PREFIX = "/admin"
API_PREFIX = "/api/v1/admin"
# Reachable without signing in: the sign-in page itself, and signing out (harmless).
OPEN_ENDPOINTS = {"admin.login", "admin.logout"}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
ROLE_OF = {"ann": "editor", "rita": "reviewer", "ada": "admin"}


def admin_rules(app, prefix):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(prefix + "/") or rule.rule == prefix
        if not (prefix == PAGE_PREFIX and rule.rule.startswith(API_PREFIX))
    ]


def guarded_rules(app, prefix):
    return [rule for rule in admin_rules(app, prefix) if rule.endpoint not in OPEN_ENDPOINTS]


def sample_path(rule, values=None):
    """The rule's path with every argument filled in (any value: access checks come first)."""
    values = dict(values or {})
    for argument in rule.arguments:
        if argument not in values:
            converter = rule._converters[argument]
            values[argument] = 1 if isinstance(converter, IntegerConverter) else "x"
    return rule.build(values, append_unknown=False)[1]


def methods(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def permission_of(app, rule):
    return getattr(app.view_functions[rule.endpoint], "required_permission", None)


def test_there_is_an_admin_area_to_check(app):
    assert len(guarded_rules(app, PAGE_PREFIX)) >= 8
    assert any(rule.rule.startswith("/admin/review") for rule in guarded_rules(app, PAGE_PREFIX))


@pytest.mark.parametrize("prefix", [PAGE_PREFIX, API_PREFIX])
def test_every_admin_route_declares_who_may_use_it(app, prefix):
    allowed = {*PERMISSIONS, "signed-in"}
    undeclared = [
        rule.rule for rule in guarded_rules(app, prefix) if permission_of(app, rule) not in allowed
    ]
    assert undeclared == []


def test_anonymous_visitors_are_sent_to_sign_in_for_every_page_and_form(app, accounts):
    visitor = AdminBrowser(app.test_client())
    token = visitor.csrf_token()  # even with a valid CSRF token
    for rule in guarded_rules(app, PAGE_PREFIX):
        path = sample_path(rule)
        for method in methods(rule):
            data = {"csrf_token": token} if method in WRITE_METHODS else None
            response = visitor.client.open(path, method=method, data=data)
            assert response.status_code == 302, (method, path, response.status_code)
            assert response.headers["Location"].startswith("/admin/login"), (method, path)


def test_the_admin_api_answers_401_without_a_token_even_to_a_signed_in_browser(
    app, accounts, browser_for
):
    admin_browser = browser_for("ada")
    assert len(guarded_rules(app, API_PREFIX)) >= 7  # else this test checks nothing
    for rule in guarded_rules(app, API_PREFIX):
        path = sample_path(rule)
        for method in methods(rule):
            for client in (app.test_client(), admin_browser.client):
                response = client.open(path, method=method, json={})
                assert response.status_code == 401, (method, path)
                assert response.json["status"] == 401
                assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("username", sorted(ROLE_OF))
def test_people_without_the_role_get_403_everywhere(app, accounts, browser_for, username):
    role = ROLE_OF[username]
    browser = browser_for(username)
    token = csrf_token_in(browser.get("/admin/").get_data(as_text=True))
    refused = allowed = 0
    for rule in guarded_rules(app, PAGE_PREFIX):
        permission = permission_of(app, rule)
        may = permission == "signed-in" or role in PERMISSIONS[permission]
        path = sample_path(rule)
        for method in methods(rule):
            data = {"csrf_token": token} if method in WRITE_METHODS else None
            response = browser.client.open(path, method=method, data=data)
            if may:
                # Their role passes the door (the made-up values may still be refused).
                assert response.status_code != 403, (username, method, path)
                allowed += 1
            else:
                assert response.status_code == 403, (username, method, path, response.status_code)
                refused += 1
    # Editors and reviewers meet closed doors; an admin meets none. Both sides were tried.
    assert (refused > 0) == (role != "admin") and allowed > 0


@pytest.mark.parametrize("username", sorted(ROLE_OF))
def test_api_tokens_without_the_role_get_403(app, accounts, username):
    role = ROLE_OF[username]
    with app.app_context(), session_scope(app) as session:
        _, secret = tokens.create_token(
            session, get_user(session, username), "test", actor="ada", channel="web"
        )
    client = app.test_client()
    refused = allowed = 0
    for rule in guarded_rules(app, API_PREFIX):
        may = role in PERMISSIONS[permission_of(app, rule)]
        for method in methods(rule):
            response = client.open(
                sample_path(rule),
                method=method,
                json={},
                headers={"Authorization": f"Bearer {secret}"},
            )
            if may:
                assert response.status_code not in (401, 403), (username, method, rule.rule)
                allowed += 1
            else:
                assert response.status_code == 403, (username, method, rule.rule)
                refused += 1
    assert (refused > 0) == (role != "admin") and allowed > 0


def test_every_form_post_without_a_valid_csrf_token_is_refused(app, accounts, browser_for):
    admin_browser = browser_for("ada")
    posts = [
        (rule, method)
        for rule in admin_rules(app, PAGE_PREFIX)
        for method in methods(rule)
        if method in WRITE_METHODS
    ]
    assert posts
    for rule, method in posts:
        path = sample_path(rule)
        for data in ({}, {"csrf_token": "forged"}):
            response = admin_browser.client.open(path, method=method, data=data)
            assert response.status_code == 400, (method, path, data)
            assert "CSRF" in response.get_data(as_text=True)
    # Still signed in: the refusals changed nothing.
    assert admin_browser.get("/admin/").status_code == 200


HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def test_the_policy_forbids_inline_script_and_framing():
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


def test_every_html_response_carries_the_security_headers(app, accounts, browser_for):
    admin_browser = browser_for("ada")
    paths = ["/", "/no-such-page", "/admin/login"]
    paths += [
        sample_path(rule)
        for rule in admin_rules(app, PAGE_PREFIX)
        if "GET" in rule.methods and rule.endpoint != "admin.logout"
    ]
    seen_html = 0
    for path in paths:
        response = admin_browser.get(path)
        if response.mimetype != "text/html":
            continue
        seen_html += 1
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (path, name)
        if path.startswith("/admin"):
            assert response.headers["Cache-Control"] == "no-store"
    assert seen_html >= 5


# --- Hostile text -------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
QUOTE = "' onmouseover='alert(3)"
INVISIBLE = "\u202egnp.exe\u200b"
HOSTILE = f"{SCRIPT}{IMG}{QUOTE}{INVISIBLE}"  # 82 characters
ESCAPED_MARKERS = ("<script>alert", "<img src=x", "onmouseover='alert")


def hostile(limit):
    return HOSTILE[:limit] if limit < len(HOSTILE) else HOSTILE + "x" * (limit - len(HOSTILE))


def hostile_document(document):
    """Every free-text field of the document filled with markup and invisible controls."""
    document = copy.deepcopy(document)
    meta = document["meta"]
    meta["title"] = hostile(120)
    meta["publisher"] = hostile(120)
    meta["notice"] = hostile(600)
    for item in document["jurisdictions"]:
        item["name"] = hostile(80)
    for group in document["groups"]:
        group["name"], group["description"] = hostile(80), hostile(400)
    for category in document["categories"]:
        category["name"] = hostile(80)
        category["mode_note"] = hostile(200)
        category["summary"] = hostile(600)
        category["benefits"] = [hostile(300)]
        category["questions"] = [hostile(300)]
        category["checklist"] = [hostile(200)]
    for caution in document["cautions"]:
        caution["title"], caution["detail"] = hostile(120), hostile(600)
        caution["headline"], caution["action"] = hostile(100), hostile(250)  # 4 words
    for reference in document["references"]:
        reference["title"], reference["publisher"] = hostile(300), hostile(120)
    for site in document["sites"]:
        site["name"] = hostile(80)
    # The fields format 2 added: a contact, a profile, a site's use and cited sections.
    document["jurisdictions"][0]["emergency"] = [
        {"name": hostile(80), "number": "+44 999", "when": hostile(200)}
    ]
    document["profiles"] = [{"id": "hostile", "question": hostile(200), "help": hostile(400)}]
    first_caution, first_reference = document["cautions"][0], document["references"][0]["id"]
    first_caution["applies_if"] = ["hostile"]
    first_caution["references"] = [{"ref": first_reference, "section": hostile(60)}]
    category = document["categories"][0]
    category["references"] = [
        {"ref": ref, "section": hostile(60)} if isinstance(ref, str) else ref
        for ref in category["references"]
    ]
    site = document["sites"][0]
    site["uses"] = [{"id": "work", "label": hostile(60), "categories": site["categories"]}]
    return document


@pytest.fixture
def hostile_service(app, accounts):
    """Hostile text in the published version, the draft, change notes and a token name."""

    with app.app_context(), session_scope(app) as session:
        draft = drafts.get_draft(session, app.config["DEFAULT_TAXONOMY_PATH"])
        document = hostile_document(drafts.document_of(draft))
        draft = drafts.save(
            session,
            document,
            expected_revision=draft.revision,
            actor="ann",
            channel="web",
            summary=f"Edited {HOSTILE}",
        )
        draft = drafts.request_review(
            session, expected_revision=draft.revision, actor="ann", channel="web", note=HOSTILE
        )
        draft = drafts.approve(
            session,
            expected_revision=draft.revision,
            actor="rita",
            channel="web",
            review_required=True,
        )
        drafts.publish(
            session,
            expected_revision=draft.revision,
            actor="rita",
            channel="web",
            change_note=HOSTILE,
            review_required=True,
        )
        draft = drafts.get_draft(session)
        changed = copy.deepcopy(drafts.document_of(draft))
        changed["cautions"][0]["detail"] = hostile(590) + "!"
        drafts.save(
            session,
            changed,
            expected_revision=draft.revision,
            actor="ann",
            channel="web",
            summary=HOSTILE,
        )
        # The token's name is hostile, and so is the summary of its audit event.
        token, _ = tokens.create_token(
            session, get_user(session, "ada"), hostile(80), actor="ada", channel="web"
        )
        return {"document": document, "token_id": token.id}


def real_values(rule, document, token_id):
    """Arguments that name things that exist, so each page shows real (hostile) content."""
    endpoint = rule.endpoint
    by_section = [
        ("categor", document["categories"][0]["id"]),
        ("caution", document["cautions"][0]["id"]),
        ("reference", document["references"][0]["id"]),
        ("profile", document["profiles"][0]["id"]),
        ("site", document["sites"][0]["id"]),
        ("user", "ann"),
        ("token", token_id),
    ]
    values = {}
    for argument in rule.arguments:
        converter = rule._converters[argument]
        if isinstance(converter, IntegerConverter):
            values[argument] = token_id if "token" in endpoint else 1
            continue
        values[argument] = next((value for key, value in by_section if key in endpoint), "x")
    return values


def test_hostile_text_is_inert_on_every_admin_page(app, hostile_service, browser_for):
    admin_browser = browser_for("ada")
    document = hostile_service["document"]
    first_site = document["sites"][0]
    paths = [
        sample_path(rule, real_values(rule, document, hostile_service["token_id"]))
        for rule in admin_rules(app, PAGE_PREFIX)
        if "GET" in rule.methods and rule.endpoint not in OPEN_ENDPOINTS
    ]
    paths += [
        "/admin/lab?url=" + first_site["patterns"][0].replace("*.", "www.").replace("*", "x"),
        "/admin/history/compare?from=1&to=2",
        "/admin/history/compare?from=1&to=draft",
        f"/admin/preview?site={first_site['id']}&jurisdiction=us",
        "/admin/cautions?q=%3Cscript%3E",
    ]
    shown = 0
    for path in paths:
        response = admin_browser.get(path)
        if response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        for marker in ESCAPED_MARKERS:
            assert marker not in html, (path, marker)
        # No attribute was broken out of: every tag's quotes still pair up.
        for tag in re.findall(r"<[a-zA-Z][^<>]*>", html):
            assert tag.count('"') % 2 == 0, (path, tag)
        if "&lt;script&gt;alert(1)" in html or "\\u003cscript\\u003e" in html:
            shown += 1
    # The hostile text really was on the pages (escaped), not just absent.
    assert shown >= 8
