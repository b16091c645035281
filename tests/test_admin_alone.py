"""Under the two-person rule, the admin pages say so when nobody is left who may approve
the draft (a practitioner alone, or every reviewer an editor of it), and what to do."""

import pytest

from server.db import session_scope
from server.people.accounts import approvers, get_user, update_user
from tests.test_admin_review import edit_draft, page

MESSAGE = "Nobody can approve this draft yet."


def deactivate(app, *usernames):
    with app.app_context(), session_scope(app) as session:
        for username in usernames:
            update_user(session, get_user(session, username), active=False)
        session.commit()


def test_approvers_are_the_active_reviewers_and_admins(app, accounts):
    with app.app_context(), session_scope(app) as session:
        assert approvers(session) == ["ada", "rita", "rob"]
        assert approvers(session, excluding=["rita"]) == ["ada", "rob"]
    deactivate(app, "rob")
    with app.app_context(), session_scope(app) as session:
        assert approvers(session, excluding=["rita", "ada"]) == []


def test_a_lone_reviewers_edit_says_nobody_can_approve_it(app, accounts, browser_for):
    deactivate(app, "rob")
    edit_draft(app, actor="rita")
    edit_draft(app, actor="ada", text="Another change.")
    for path in ("/admin/", "/admin/review"):
        text = page(browser_for("rita").get(path))
        assert MESSAGE in text, path
        assert "REVIEW_REQUIRED=false" in text
    assert 'href="/admin/users"' in page(browser_for("ada").get("/admin/review"))
    assert MESSAGE in page(browser_for("ann").get("/admin/review"))


@pytest.mark.parametrize("rule", [True, False], ids=["someone else may approve", "no rule"])
def test_no_message_while_someone_may_approve_or_without_the_rule(app, accounts, browser_for, rule):
    app.config["REVIEW_REQUIRED"] = rule
    if not rule:
        deactivate(app, "rob")
    edit_draft(app, actor="rita")
    if not rule:
        edit_draft(app, actor="ada", text="Another change.")
    for path in ("/admin/", "/admin/review"):
        assert MESSAGE not in page(browser_for("rita").get(path)), path


def test_no_message_for_an_unchanged_draft(app, accounts, browser_for):
    deactivate(app, "rob", "rita")
    assert MESSAGE not in page(browser_for("ada").get("/admin/review"))
