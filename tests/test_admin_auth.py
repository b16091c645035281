"""Signing in and out: messages that reveal nothing, fresh sessions, real sign-out,
rate limits, one-time passwords, safe redirects, CSRF and security headers."""

import pytest
from sqlalchemy import func, select

from server.db import session_scope
from server.models import AuditEvent, LoginSession
from server.people.accounts import create_user
from tests.conftest import PASSWORD, AdminBrowser


def count(app, model):
    with app.app_context(), session_scope(app) as session:
        return session.scalar(select(func.count()).select_from(model))


def events(app):
    with app.app_context(), session_scope(app) as session:
        return [(e.actor, e.action) for e in session.scalars(select(AuditEvent))]


def test_the_admin_area_sends_visitors_to_sign_in_and_back(app, accounts):
    browser = AdminBrowser(app.test_client())
    response = browser.get("/admin/review")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login?next=")
    signed_in = browser.submit(
        "/admin/login",
        {"username": "ann", "password": PASSWORD, "next": "/admin/review"},
    )
    assert signed_in.headers["Location"] == "/admin/review"
    assert browser.get("/admin/review").status_code == 200


@pytest.mark.parametrize(
    "username, password",
    [
        ("ann", "not the password at all"),
        ("nobody", PASSWORD),
        ("", ""),
    ],
)
def test_a_refused_sign_in_says_the_same_whatever_was_wrong(app, accounts, username, password):
    browser = AdminBrowser(app.test_client())
    response = browser.submit("/admin/login", {"username": username, "password": password})
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "That username and password do not match an active account." in page
    assert count(app, LoginSession) == 0
    assert events(app)[-1][1] == "sign-in-failed"


def test_a_deactivated_account_is_refused_with_the_same_message(app, accounts):
    from server.people.accounts import get_user

    with app.app_context(), session_scope(app) as session:
        get_user(session, "ann").active = False
        session.commit()
    response = AdminBrowser(app.test_client()).submit(
        "/admin/login", {"username": "ann", "password": PASSWORD}
    )
    assert response.status_code == 401
    assert "do not match an active account" in response.get_data(as_text=True)


def test_signing_in_replaces_whatever_session_the_browser_had(app, accounts):
    """Session fixation: a cookie planted before sign-in is not the signed-in session."""
    browser = AdminBrowser(app.test_client())
    browser.get("/admin/login")
    planted = browser.client.get_cookie("__Host-dpg_session")
    browser.sign_in("ann")
    after = browser.client.get_cookie("__Host-dpg_session")
    assert planted is not None and after is not None
    assert after.value != planted.value
    # The attacker's copy of the pre-sign-in cookie is still anonymous.
    attacker = app.test_client()
    attacker.set_cookie("__Host-dpg_session", planted.value)
    assert attacker.get("/admin/").status_code == 302


def test_signing_out_ends_the_session_even_for_a_copied_cookie(app, accounts, browser_for):
    browser = browser_for("ann")
    stolen = browser.client.get_cookie("__Host-dpg_session").value
    assert count(app, LoginSession) == 1
    response = browser.submit("/admin/logout", {}, form_page="/admin/")
    assert response.status_code == 302
    assert count(app, LoginSession) == 0
    thief = app.test_client()
    thief.set_cookie("__Host-dpg_session", stolen)
    assert thief.get("/admin/").status_code == 302
    assert ("ann", "sign-out") in events(app)


def test_sign_out_needs_a_post_with_a_csrf_token(app, accounts, browser_for):
    browser = browser_for("ann")
    assert browser.get("/admin/logout").status_code == 405
    assert browser.post_raw("/admin/logout").status_code == 400
    assert browser.get("/admin/").status_code == 200


def test_sign_in_attempts_are_rate_limited_per_address(app, accounts):
    browser = AdminBrowser(app.test_client())
    statuses = [
        browser.submit("/admin/login", {"username": "ann", "password": "wrong guess!!"}).status_code
        for _ in range(6)
    ]
    assert statuses == [401] * 5 + [429]
    # Even the right password waits now; a different address is not affected.
    assert (
        browser.submit("/admin/login", {"username": "ann", "password": PASSWORD}).status_code == 429
    )
    other = AdminBrowser(app.test_client())
    token = other.csrf_token()
    response = other.client.post(
        "/admin/login",
        data={"username": "ann", "password": PASSWORD, "csrf_token": token},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert response.status_code == 302


def test_the_sign_in_page_itself_is_not_rate_limited(app, accounts):
    client = app.test_client()
    assert all(client.get("/admin/login").status_code == 200 for _ in range(12))


def test_a_one_time_password_must_be_replaced_first(app, accounts):
    with app.app_context(), session_scope(app) as session:
        _, one_time = create_user(session, "newbie", "editor")
    browser = AdminBrowser(app.test_client())
    response = browser.submit("/admin/login", {"username": "newbie", "password": one_time})
    assert response.headers["Location"].startswith("/admin/account/password")
    # Every other page sends them back until they have chosen a password.
    assert browser.get("/admin/").headers["Location"].startswith("/admin/account/password")
    mismatch = browser.submit(
        "/admin/account/password",
        {
            "current_password": one_time,
            "new_password": "my own long password",
            "confirm_password": "my own long passw0rd",
        },
    )
    assert mismatch.status_code == 400
    assert 'id="confirm_password-error"' in mismatch.get_data(as_text=True)
    short = browser.submit(
        "/admin/account/password",
        {"current_password": one_time, "new_password": "short", "confirm_password": "short"},
    )
    assert "at least 12 characters" in short.get_data(as_text=True)
    done = browser.submit(
        "/admin/account/password",
        {
            "current_password": one_time,
            "new_password": "my own long password",
            "confirm_password": "my own long password",
        },
    )
    assert done.status_code == 302
    assert browser.get("/admin/").status_code == 200
    assert ("newbie", "password-change") in events(app)


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/admin/review", "/admin/review"),
        ("https://evil.example/admin", "/admin/"),
        ("//evil.example/admin", "/admin/"),
        ("/api/v1/taxonomy", "/admin/"),
    ],
)
def test_after_sign_in_only_admin_pages_are_redirect_targets(app, accounts, target, expected):
    response = AdminBrowser(app.test_client()).submit(
        "/admin/login", {"username": "ann", "password": PASSWORD, "next": target}
    )
    assert response.headers["Location"] == expected


def test_a_sign_in_without_a_csrf_token_is_refused(app, accounts):
    response = app.test_client().post(
        "/admin/login", data={"username": "ann", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert count(app, LoginSession) == 0


def test_the_session_cookie_is_secure_http_only_and_same_site(app, accounts):
    response = AdminBrowser(app.test_client()).sign_in("ann")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-dpg_session=")
    for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert flag in cookie
    assert "Domain" not in cookie


def test_sessions_end_after_the_idle_limit(app, accounts, browser_for):
    from datetime import timedelta

    from server.models import utcnow

    browser = browser_for("ann")
    with app.app_context(), session_scope(app) as session:
        for record in session.scalars(select(LoginSession)):
            record.last_seen_at = utcnow() - timedelta(
                minutes=app.config["SESSION_IDLE_MINUTES"] + 1
            )
        session.commit()
    assert browser.get("/admin/").status_code == 302
    assert count(app, LoginSession) == 0


def test_the_secret_key_is_generated_once_per_instance(app):
    from pathlib import Path

    key_file = Path(app.instance_path) / "secret_key"
    assert key_file.read_text().strip() == app.config["SECRET_KEY"]
    assert len(app.config["SECRET_KEY"]) >= 64
    assert key_file.stat().st_mode & 0o077 == 0


def test_changing_your_password_signs_out_your_other_sessions(app, accounts, browser_for):
    here, elsewhere = browser_for("ann"), browser_for("ann")
    response = here.submit(
        "/admin/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "a brand new long password",
            "confirm_password": "a brand new long password",
        },
    )
    assert response.status_code == 302
    assert here.get("/admin/").status_code == 200
    assert elsewhere.get("/admin/").status_code == 302


def test_signing_in_again_ends_the_session_the_browser_had(app, accounts, browser_for):
    browser = browser_for("ann")
    old = browser.client.get_cookie("__Host-dpg_session").value
    again = browser.submit(
        "/admin/login", {"username": "ann", "password": PASSWORD}, form_page="/admin/"
    )
    assert again.status_code == 302
    assert count(app, LoginSession) == 1
    copy = app.test_client()
    copy.set_cookie("__Host-dpg_session", old)
    assert copy.get("/admin/").status_code == 302


def test_a_name_that_is_no_account_is_not_kept_in_the_audit_log(app, accounts):
    browser = AdminBrowser(app.test_client())
    browser.submit("/admin/login", {"username": "my secret passphrase", "password": "x"})
    browser.submit("/admin/login", {"username": "ann", "password": "wrong password"})
    assert events(app)[-2:] == [("(unknown user)", "sign-in-failed"), ("ann", "sign-in-failed")]


def test_a_refused_sign_in_marks_both_fields(app, accounts):
    response = AdminBrowser(app.test_client()).submit(
        "/admin/login", {"username": "ann", "password": "wrong password"}
    )
    html = response.get_data(as_text=True)
    assert html.count('aria-describedby="sign-in-error"') == 2
    assert 'id="sign-in-error"' in html


@pytest.mark.parametrize("target", ["/admin/%0d%0aX-Evil:1", "/admin/\\evil", "/admin/ x"])
def test_a_next_address_that_cannot_be_a_header_is_ignored(app, accounts, browser_for, target):
    response = browser_for("ann").get(f"/admin/login?next={target}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


def test_expired_sessions_are_cleared_at_the_next_sign_in(app, accounts, browser_for):
    from datetime import timedelta

    from server.models import utcnow

    browser_for("rita")
    with app.app_context(), session_scope(app) as session:
        for record in session.scalars(select(LoginSession)):
            record.created_at = utcnow() - timedelta(hours=app.config["SESSION_MAX_HOURS"] + 1)
        session.commit()
    browser_for("ann")
    assert count(app, LoginSession) == 1
