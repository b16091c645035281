"""Users, API tokens and the audit log pages: admins only, secrets shown once, every
change audited, and a service that always keeps an active admin."""

import html
import re
from datetime import timedelta
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from sqlalchemy import select

from server.db import session_scope
from server.models import ApiToken, AuditEvent, LoginSession, User, utcnow
from server.people.tokens import hash_token
from server.publishing import audit
from tests.conftest import PASSWORD, SETUP_ACTOR, AdminBrowser

PAGES = ["/admin/users", "/admin/users/new", "/admin/users/ann", "/admin/tokens", "/admin/audit"]
FORMS = ["/admin/users/new", "/admin/users/ann", "/admin/tokens/new", "/admin/tokens/1/revoke"]


def shown_secret(response):
    found = re.search(r'<code class="secret" id="secret"[^>]*>([^<]+)</code>', page(response))
    assert found, "no secret on the page"
    return found.group(1)


def page(response):
    return response.get_data(as_text=True)


def text(response):
    return html.unescape(page(response))


def events(app, action=None):
    with session_scope(app) as session:
        query = select(AuditEvent).where(AuditEvent.actor != SETUP_ACTOR).order_by(AuditEvent.id)
        if action:
            query = query.where(AuditEvent.action == action)
        return [(e.actor, e.channel, e.action, e.summary) for e in session.scalars(query)]


def everything_stored(app):
    """Every value in the tables a secret could leak into."""
    with session_scope(app) as session:
        rows = [
            *session.scalars(select(AuditEvent)),
            *session.scalars(select(ApiToken)),
            *session.scalars(select(User)),
        ]
        return " ".join(
            str(value) for row in rows for value in vars(row).values() if value is not None
        )


def user(app, username):
    with session_scope(app) as session:
        return session.scalars(select(User).where(User.username == username)).one()


def create_token(browser, username="ann", name="Nightly import"):
    return browser.submit(
        "/admin/tokens/new", {"name": name, "username": username}, form_page="/admin/tokens"
    )


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


# --- Who may use these pages ----------------------------------------------------------


@pytest.mark.parametrize("username", ["ann", "rita"])
def test_editors_and_reviewers_get_403_on_every_people_page(app, browser_for, username):
    browser = browser_for(username)
    for path in PAGES:
        assert browser.get(path).status_code == 403, path
    for path in FORMS:
        response = browser.submit(
            path,
            {"username": "sam", "role": "admin", "name": "x"},
            form_page="/admin/account/password",
        )
        assert response.status_code == 403, path
    assert user(app, "ann").role == "editor"
    assert events(app, "user-create") == []


def test_anonymous_visitors_are_sent_to_sign_in(client, accounts):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/admin/login" in response.headers["Location"]


def test_only_admins_see_the_links(browser_for):
    admin_page = page(browser_for("ada").get("/admin/account/password"))
    editor_page = page(browser_for("ann").get("/admin/account/password"))
    for link in ("/admin/users", "/admin/tokens", "/admin/audit"):
        assert f'href="{link}"' in admin_page
        assert f'href="{link}"' not in editor_page


def test_forms_without_a_csrf_token_are_refused(app, browser_for):
    browser = browser_for("ada")
    refused = browser.post_raw("/admin/users/new", {"username": "sam", "role": "admin"})
    assert refused.status_code == 400
    assert (
        browser.post_raw(
            "/admin/users/ann", {"action": "update", "role": "admin", "active": "yes"}
        ).status_code
        == 400
    )
    assert events(app, "user-create") == [] and user(app, "ann").role == "editor"


# --- Users ------------------------------------------------------------------------------


def test_the_user_list_shows_roles_and_state(app, browser_for):
    browser = browser_for("ada")
    browser_for("ann")  # a second signed-in browser
    listing = page(browser.get("/admin/users"))
    for username, role in (("ann", "Editor"), ("rita", "Reviewer"), ("ada", "Admin")):
        assert f'href="/admin/users/{username}">{username}</a>' in listing
        assert f"<td>{role}</td>" in listing
    assert "ada</a> (you)" in listing
    assert "<td>1 browser</td>" in listing


def test_a_new_user_gets_a_one_time_password_shown_once(app, browser_for):
    browser = browser_for("ada")
    response = browser.submit("/admin/users/new", {"username": "Sam.Jones", "role": "reviewer"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    one_time = shown_secret(response)
    assert "only time" in page(response)
    assert one_time not in response.headers.get("Set-Cookie", "")
    assert one_time not in everything_stored(app)
    assert one_time not in page(browser.get("/admin/users/sam.jones"))
    assert events(app, "user-create") == [
        ("ada", "web", "user-create", "Created reviewer 'sam.jones'")
    ]

    newcomer = AdminBrowser(app.test_client())
    signed_in = newcomer.submit("/admin/login", {"username": "sam.jones", "password": one_time})
    assert signed_in.status_code == 302
    assert "/admin/account/password" in signed_in.headers["Location"]
    assert "/admin/account/password" in newcomer.get("/admin/").headers["Location"]


@pytest.mark.parametrize(
    ("form", "field", "words"),
    [
        ({"username": "x", "role": "editor"}, "username", "2-64 characters"),
        ({"username": "has space", "role": "editor"}, "username", "2-64 characters"),
        ({"username": "ann", "role": "editor"}, "username", "already a user called 'ann'"),
        ({"username": "sam", "role": "owner"}, "role", "Choose what the person may do"),
        ({"username": "sam"}, "role", "Choose what the person may do"),
    ],
)
def test_a_bad_new_user_is_refused_next_to_its_field(app, browser_for, form, field, words):
    response = browser_for("ada").submit("/admin/users/new", form)
    assert response.status_code == 400
    shown = text(response)
    assert 'class="error-summary" role="alert"' in shown
    assert f'<a href="#{field}">' in shown and words in shown
    assert f'id="{field}-error"' in shown
    assert 'value="' + form["username"] + '"' in shown
    assert events(app, "user-create") == []


def test_changing_a_role_is_audited(app, browser_for):
    browser = browser_for("ada")
    response = browser.submit(
        "/admin/users/ann", {"action": "update", "role": "reviewer", "active": "yes"}
    )
    assert response.status_code == 302
    assert "role editor → reviewer" in page(browser.get(response.headers["Location"]))
    assert user(app, "ann").role == "reviewer"
    assert events(app, "user-update") == [
        ("ada", "web", "user-update", "Changed ann: role editor → reviewer")
    ]


def test_saving_without_a_change_records_nothing(app, browser_for):
    browser = browser_for("ada")
    response = browser.submit(
        "/admin/users/ann", {"action": "update", "role": "editor", "active": "yes"}
    )
    assert response.status_code == 302
    assert "Nothing changed" in page(browser.get(response.headers["Location"]))
    assert events(app, "user-update") == []


def test_deactivating_signs_the_user_out_and_stops_their_tokens(app, browser_for):
    admin, ann = browser_for("ada"), browser_for("ann")
    secret = shown_secret(create_token(admin, "ann"))
    assert ann.get("/admin/").status_code == 200
    assert app.test_client().get("/api/v1/admin/draft", headers=bearer(secret)).status_code == 200

    response = admin.submit(
        "/admin/users/ann", {"action": "update", "role": "editor", "active": "no"}
    )
    assert response.status_code == 302
    signed_out = ann.get("/admin/")
    assert signed_out.status_code == 302 and "/admin/login" in signed_out.headers["Location"]
    assert app.test_client().get("/api/v1/admin/draft", headers=bearer(secret)).status_code == 401
    refused = AdminBrowser(app.test_client()).submit(
        "/admin/login", {"username": "ann", "password": PASSWORD}
    )
    assert refused.status_code == 401
    assert events(app, "user-update")[0][3].startswith("Changed ann: deactivated")
    assert "Deactivated" in page(admin.get("/admin/users"))


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(app, browser_for):
    browser = browser_for("ada")
    demoted = browser.submit(
        "/admin/users/ada", {"action": "update", "role": "reviewer", "active": "yes"}
    )
    assert demoted.status_code == 400
    assert "only active admin" in page(demoted)
    assert 'id="role-error"' in page(demoted)
    deactivated = browser.submit(
        "/admin/users/ada", {"action": "update", "role": "admin", "active": "no"}
    )
    assert deactivated.status_code == 400
    assert "cannot deactivate your own account" in page(deactivated)
    assert (user(app, "ada").role, user(app, "ada").active) == ("admin", True)
    assert events(app, "user-update") == []


def test_an_admin_may_step_down_when_another_admin_remains(app, browser_for):
    browser = browser_for("ada")
    browser.submit("/admin/users/rita", {"action": "update", "role": "admin", "active": "yes"})
    response = browser.submit(
        "/admin/users/ada", {"action": "update", "role": "editor", "active": "yes"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert browser.get("/admin/users").status_code == 403


def test_a_password_reset_shows_a_new_one_time_password_and_signs_them_out(app, browser_for):
    admin, ann = browser_for("ada"), browser_for("ann")
    response = admin.submit("/admin/users/ann", {"action": "reset-password"})
    assert response.status_code == 200
    one_time = shown_secret(response)
    assert one_time not in everything_stored(app)
    assert ann.get("/admin/").status_code == 302
    fresh = AdminBrowser(app.test_client())
    assert (
        fresh.submit("/admin/login", {"username": "ann", "password": PASSWORD}).status_code == 401
    )
    signed_in = fresh.submit("/admin/login", {"username": "ann", "password": one_time})
    assert "/admin/account/password" in signed_in.headers["Location"]
    assert events(app, "password-change") == [
        ("ada", "web", "password-change", "Reset the password of ann (gave a one-time password)")
    ]


def test_an_admin_does_not_reset_their_own_password_here(app, browser_for):
    response = browser_for("ada").submit("/admin/users/ada", {"action": "reset-password"})
    assert response.status_code == 400
    assert "Password link" in page(response)
    assert events(app, "password-change") == []


def test_an_unknown_user_is_404(browser_for):
    assert browser_for("ada").get("/admin/users/nobody").status_code == 404


# --- API tokens -------------------------------------------------------------------------


def test_a_token_is_shown_once_and_only_its_hash_is_stored(app, browser_for):
    browser = browser_for("ada")
    response = create_token(browser, "rita", "Publishing robot")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    secret = shown_secret(response)
    assert secret.startswith("dpg_")
    assert secret not in everything_stored(app)
    with session_scope(app) as session:
        (token,) = session.scalars(select(ApiToken)).all()
        assert token.token_hash == hash_token(secret)
        assert (token.name, token.created_by, token.last_used_at) == (
            "Publishing robot",
            "ada",
            None,
        )
    listing = page(browser.get("/admin/tokens"))
    assert secret not in listing
    assert f"<code>{secret[:10]}…</code>" in listing
    assert "Never" in listing
    assert events(app, "token-create") == [
        ("ada", "web", "token-create", "Created API token 'Publishing robot' for rita")
    ]


def test_using_a_token_records_when_and_revoking_it_stops_it(app, browser_for):
    browser = browser_for("ada")
    secret = shown_secret(create_token(browser, "ann"))
    api = app.test_client()
    assert api.get("/api/v1/admin/draft", headers=bearer(secret)).status_code == 200
    with session_scope(app) as session:
        token = session.scalars(select(ApiToken)).one()
        assert token.last_used_at is not None
    assert "Never" not in page(browser.get("/admin/tokens"))

    revoked = browser.submit(f"/admin/tokens/{token.id}/revoke", {}, form_page="/admin/tokens")
    assert revoked.status_code == 302
    assert "Revoked &#39;Nightly import&#39;" in page(browser.get("/admin/tokens"))
    assert api.get("/api/v1/admin/draft", headers=bearer(secret)).status_code == 401
    again = browser.submit(f"/admin/tokens/{token.id}/revoke", {}, form_page="/admin/tokens")
    assert "already revoked" in page(browser.get(again.headers["Location"]))
    assert events(app, "token-revoke") == [
        ("ada", "web", "token-revoke", "Revoked API token 'Nightly import' of ann")
    ]


@pytest.mark.parametrize(
    ("form", "field", "words"),
    [
        ({"name": "", "username": "ann"}, "name", "1-80 characters"),
        ({"name": "x" * 81, "username": "ann"}, "name", "1-80 characters"),
        ({"name": "CI", "username": ""}, "username", "Choose whose role"),
        ({"name": "CI", "username": "nobody"}, "username", "Choose whose role"),
    ],
)
def test_a_bad_token_request_is_refused_next_to_its_field(app, browser_for, form, field, words):
    response = browser_for("ada").submit("/admin/tokens/new", form, form_page="/admin/tokens")
    assert response.status_code == 400
    shown = text(response)
    assert f'<a href="#{field}">' in shown and words in shown
    assert f'id="{field}-error"' in shown
    assert events(app, "token-create") == []


def test_a_deactivated_user_gets_no_token(app, browser_for):
    browser = browser_for("ada")
    browser.submit("/admin/users/ann", {"action": "update", "role": "editor", "active": "no"})
    response = create_token(browser, "ann")
    assert response.status_code == 400
    assert "deactivated" in page(response)


def test_revoking_an_unknown_token_is_404(browser_for):
    browser = browser_for("ada")
    assert (
        browser.submit("/admin/tokens/99/revoke", {}, form_page="/admin/tokens").status_code == 404
    )


# --- The audit log ----------------------------------------------------------------------


def add_events(app, count, action="draft-edit", actor="ann"):
    with session_scope(app) as session:
        for number in range(count):
            audit.record(
                session,
                actor=actor,
                channel="api",
                action=action,
                summary=f"Change number {number}",
                revision=number,
            )
        session.commit()


def rows_of(markup):
    return re.findall(r"Change number (\d+)", markup)


def test_the_audit_log_is_newest_first_with_details(app, browser_for):
    browser = browser_for("ada")
    add_events(app, 3)
    log = page(browser.get("/admin/audit"))
    assert rows_of(log) == ["2", "1", "0"]
    assert "<td>Edited the draft</td>" in log and "<td>api</td>" in log
    assert "<li>revision: 2</li>" in log
    assert "<td>Signed in</td>" in log


def test_the_audit_log_filters_by_action_and_actor(app, browser_for):
    browser = browser_for("ada")
    add_events(app, 2)
    add_events(app, 1, action="publish", actor="rita")
    by_action = page(browser.get("/admin/audit?action=publish"))
    assert rows_of(by_action) == ["0"]
    assert '<option value="publish" selected>' in by_action
    by_actor = page(browser.get("/admin/audit?actor=ANN"))
    assert rows_of(by_actor) == ["1", "0"]
    assert "<td>Signed in</td>" not in by_actor
    nothing = page(browser.get("/admin/audit?action=publish&actor=ann"))
    assert "No events match these filters." in nothing
    unknown = browser.get("/admin/audit?action=delete-everything")
    assert "not one of the actions" in page(unknown)
    assert len(rows_of(page(unknown))) == 3


def test_the_audit_log_is_paged(app, browser_for):
    browser = browser_for("ada")
    add_events(app, 60)
    first = page(browser.get("/admin/audit?action=draft-edit"))
    assert len(rows_of(first)) == 50 and rows_of(first)[0] == "59"
    assert "Events 1–50 of 60" in first
    assert 'href="/admin/audit?action=draft-edit&amp;page=2" rel="next"' in first
    second = page(browser.get("/admin/audit?action=draft-edit&page=2"))
    assert rows_of(second) == [str(n) for n in range(9, -1, -1)]
    assert "Events 51–60 of 60" in second and 'rel="prev"' in second
    beyond = page(browser.get("/admin/audit?action=draft-edit&page=9"))
    assert rows_of(beyond) == rows_of(second)


def test_the_audit_log_cannot_be_changed_from_the_pages(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/admin/audit"):
            assert rule.methods - {"HEAD", "OPTIONS"} == {"GET"}


# --- Accessibility and the content security policy ----------------------------------------


class PageCheck(HTMLParser):
    """Collects what the checks below need: labels, fields, inline code, headings."""

    def __init__(self):
        super().__init__()
        self.labelled, self.fields, self.problems, self.headings = set(), [], [], []
        self.ids = set()
        self.in_label = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            if attrs["id"] in self.ids:
                self.problems.append(f"the id {attrs['id']} twice")
            self.ids.add(attrs["id"])
        for name in attrs:
            if name == "style" or name.startswith("on"):
                self.problems.append(f"inline {name} on <{tag}>")
        if tag == "script":
            self.problems.append("a <script> element")
        if tag == "label":
            self.in_label += 1
            if attrs.get("for"):
                self.labelled.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.fields.append((attrs.get("id"), self.in_label > 0))
        if tag == "th" and "scope" not in attrs:
            self.problems.append("a <th> without scope")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_endtag(self, tag):
        if tag == "label":
            self.in_label -= 1


def test_people_pages_are_labelled_and_need_no_inline_code(app, browser_for):
    browser = browser_for("ada")
    secret_pages = [
        browser.submit("/admin/users/new", {"username": "sam", "role": "editor"}),
        create_token(browser),
        browser.submit("/admin/users/new", {"username": "x", "role": "editor"}),
        browser.submit("/admin/users/ada", {"action": "update", "role": "admin", "active": "no"}),
        browser.submit("/admin/users/ada", {"action": "reset-password"}),
        browser.submit("/admin/tokens/new", {"name": ""}, form_page="/admin/tokens"),
        browser.get("/admin/audit?action=nope"),
    ]
    responses = [browser.get(path) for path in PAGES] + secret_pages
    for response in responses:
        check = PageCheck()
        check.feed(page(response))
        assert check.problems == [], response.request.path
        for field_id, wrapped in check.fields:
            assert wrapped or field_id in check.labelled, (response.request.path, field_id)
        assert check.headings[0] == 1
        assert all(b - a <= 1 for a, b in pairwise(check.headings))


def test_sessions_count_only_live_ones(app, browser_for):
    browser = browser_for("ada")
    browser_for("ann")
    assert page(browser.get("/admin/users")).count("<td>1 browser</td>") == 2
    with session_scope(app) as session:
        ann = session.scalars(select(User).where(User.username == "ann")).one()
        idle = session.scalars(select(LoginSession).where(LoginSession.user_id == ann.id)).one()
        idle.last_seen_at = utcnow() - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
        session.commit()
    assert page(browser.get("/admin/users")).count("<td>1 browser</td>") == 1
