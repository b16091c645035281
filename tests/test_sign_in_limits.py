"""Password attempts are limited per client address and per account, counted in the
database for the whole service (every worker, every server on it), or in a store of
the limits library when RATELIMIT_STORAGE_URI names one."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from server import create_app
from server.db import get_engine, session_scope
from server.models import SignInAttempt, utcnow
from server.people import throttle
from tests.conftest import PASSWORD, AdminBrowser, csrf_token_in

LIMITS = pytest.mark.app_config(
    LOGIN_RATE_LIMIT="5 per minute;30 per hour", LOGIN_ACCOUNT_RATE_LIMIT="3 per minute"
)


def attempt(client, username, password="not the password", address="127.0.0.1"):
    token = csrf_token_in(client.get("/admin/login").get_data(as_text=True))
    return client.post(
        "/admin/login",
        data={"username": username, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": address},
    )


def attempts_counted(app):
    with session_scope(app) as session:
        return session.scalar(select(func.count()).select_from(SignInAttempt))


@pytest.fixture
def second_worker(app):
    """Another app on the same database, as a second gunicorn worker would be."""
    config = {
        key: app.config[key]
        for key in (
            "TESTING",
            "DATABASE_URL",
            "DEFAULT_TAXONOMY_PATH",
            "LOGIN_RATE_LIMIT",
            "LOGIN_ACCOUNT_RATE_LIMIT",
            "RATELIMIT_STORAGE_URI",
        )
    }
    other = create_app({**config, "INSTANCE_PATH": app.instance_path})
    yield other
    get_engine(other).dispose()


def test_two_workers_on_one_database_share_the_count_per_address(app, accounts, second_worker):
    first, second = app.test_client(), second_worker.test_client()
    statuses = [
        attempt(client, f"nobody{n}").status_code
        for n, client in enumerate([first, second, first, second, first, second])
    ]
    assert statuses == [401] * 5 + [429]
    # And for the right password too, through either worker; another address is free.
    assert attempt(first, "ann", PASSWORD).status_code == 429
    assert attempt(second, "ann", PASSWORD, address="192.0.2.7").status_code == 302


@LIMITS
def test_an_account_is_limited_whatever_the_address(app, accounts, second_worker):
    clients = [app.test_client(), second_worker.test_client()]
    statuses = [
        attempt(clients[n % 2], "ann", address=f"192.0.2.{n}").status_code for n in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    refused = attempt(clients[0], "ann", PASSWORD, address="198.51.100.1")
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "Too many sign-in attempts for this username" in page
    assert 'value="ann"' in page  # the form is shown again, ready for later
    # Other accounts, even from the same addresses, are not affected.
    assert attempt(clients[1], "rita", PASSWORD, address="192.0.2.0").status_code == 302


def test_a_refusal_says_when_to_try_again(app, accounts):
    client = app.test_client()
    for _ in range(5):
        attempt(client, "ann")
    refused = attempt(client, "ann")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "Try again in" in refused.get_data(as_text=True)


def test_windows_slide_and_refused_attempts_are_not_counted(app, accounts, monkeypatch):
    clock = [utcnow()]
    monkeypatch.setattr(throttle, "utcnow", lambda: clock[0])
    client = app.test_client()
    assert [attempt(client, "ann").status_code for _ in range(6)] == [401] * 5 + [429]
    assert attempts_counted(app) == 5
    clock[0] += timedelta(seconds=30)
    assert attempt(client, "ann").status_code == 429
    assert int(attempt(client, "ann").headers["Retry-After"]) == 30
    clock[0] += timedelta(seconds=31)
    assert attempt(client, "ann", PASSWORD).status_code == 302
    # The hourly limit still holds: 30 per hour, 6 used.
    assert attempts_counted(app) == 6


def test_attempts_older_than_the_longest_window_are_deleted(app, accounts, monkeypatch):
    clock = [utcnow() - timedelta(days=2)]
    monkeypatch.setattr(throttle, "utcnow", lambda: clock[0])
    client = app.test_client()
    for n in range(3):
        attempt(client, f"nobody{n}")
    assert attempts_counted(app) == 3
    clock[0] = utcnow()
    attempt(client, "ann", PASSWORD)
    assert attempts_counted(app) == 1


@LIMITS
def test_the_password_form_is_limited_per_account(app, accounts):
    browser = AdminBrowser(app.test_client())
    browser.sign_in("ann")  # the first of ann's three
    wrong = {
        "current_password": "not my password",
        "new_password": "my own long password",
        "confirm_password": "my own long password",
    }
    statuses = [browser.submit("/admin/account/password", wrong).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
    right = {**wrong, "current_password": PASSWORD}
    refused = browser.submit("/admin/account/password", right)
    assert refused.status_code == 429
    assert "Too many password attempts" in refused.get_data(as_text=True)
    assert "Retry-After" in refused.headers


@pytest.mark.app_config(RATELIMIT_STORAGE_URI="memory://")
def test_a_store_uri_counts_there_instead(app, accounts, second_worker):
    first, second = app.test_client(), second_worker.test_client()
    assert [attempt(first, "ann").status_code for _ in range(6)] == [401] * 5 + [429]
    assert attempts_counted(app) == 0
    # memory:// is each process's own: the other worker has its own count.
    assert attempt(second, "ann", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("name", "value"),
    [("LOGIN_RATE_LIMIT", "lots"), ("LOGIN_ACCOUNT_RATE_LIMIT", ""), ("LOGIN_RATE_LIMIT", "5/")],
)
def test_a_limit_that_cannot_be_read_stops_the_start(tmp_path, name, value):
    with pytest.raises(ValueError, match=name):
        create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path), name: value})
