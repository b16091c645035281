"""Users, API tokens and the audit log: pages for admins only.

A one-time password or a token secret is shown once, in the response to the form that
made it: never in a URL or a flashed message (flashes travel in the session cookie),
and the app sends ``Cache-Control: no-store`` for every admin page. Each change is
recorded in the audit log in the same commit as the change itself.
"""

from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ..db import get_session
from ..models import ApiToken, LoginSession, utcnow
from ..people.accounts import ROLES, AccountError, create_user, get_user, list_users, reset_password
from ..people.accounts import update_user as change_user
from ..people.auth import end_sessions_of, permission_required
from ..people.tokens import TokenError, create_token, list_tokens, revoke_token
from ..publishing import audit
from . import bp

ROLE_HINTS = {
    "editor": "edits the draft and asks for review",
    "reviewer": "also approves and publishes",
    "admin": "also manages users, API tokens and the audit log",
}
AUDIT_PAGE_SIZE = 50


# --- Users ------------------------------------------------------------------------------


@bp.get("/users")
@permission_required("manage")
def users():
    db = get_session()
    config = current_app.config
    now = utcnow()
    live_sessions = _counts(
        db,
        LoginSession.user_id,
        LoginSession.created_at > now - timedelta(hours=config["SESSION_MAX_HOURS"]),
        LoginSession.last_seen_at > now - timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
    )
    live_tokens = _counts(db, ApiToken.user_id, ApiToken.revoked_at.is_(None))
    return render_template(
        "admin/users.html", users=list_users(db), sessions=live_sessions, tokens=live_tokens
    )


@bp.route("/users/new", methods=["GET", "POST"])
@permission_required("manage")
def user_new():
    if request.method == "GET":
        return _new_user_page()
    db = get_session()
    role = request.form.get("role", "")
    if role not in ROLES:
        return _new_user_page({"role": "Choose what the person may do."}, 400)
    try:
        user, one_time = create_user(
            db, request.form.get("username", ""), role, actor=current_user.username, channel="web"
        )
    except AccountError as exc:
        return _new_user_page({"username": str(exc)}, 400)
    return render_template("admin/people_password.html", user=user, password=one_time, new=True)


@bp.route("/users/<username>", methods=["GET", "POST"])
@permission_required("manage")
def user_edit(username):
    db = get_session()
    user = get_user(db, username)
    if user is None:
        abort(404, description=f"There is no user called '{username}'.")
    if request.method == "GET":
        return _user_page(user)
    action = request.form.get("action")
    if action == "update":
        return _update_user(db, user)
    if action == "reset-password":
        return _reset_password(db, user)
    abort(400, description="The form did not say what to change; reload the page and try again.")


def _update_user(db, user):
    role, active = request.form.get("role"), request.form.get("active")
    before = (user.role, user.active)
    errors = {}
    if role not in ROLES:
        errors["role"] = "Choose what the person may do."
    if active not in ("yes", "no"):
        errors["active"] = "Choose whether the account is active."
    elif active == "no" and user.id == current_user.user.id:
        errors["active"] = "You cannot deactivate your own account: another admin can."
    if not errors:
        try:
            change_user(db, user, role=role, active=active == "yes")
        except AccountError as exc:
            errors["role" if role != user.role else "active"] = str(exc)
    if errors:
        db.rollback()
        return _user_page(user, errors, 400)
    changes = _described_changes(before, user)
    if not changes:
        flash(f"Nothing changed for {user.username}.", "info")
        return redirect(url_for("admin.user_edit", username=user.username))
    if not user.active:
        end_sessions_of(db, user)
    audit.record(
        db,
        actor=current_user.username,
        channel="web",
        action="user-update",
        summary=f"Changed {user.username}: {'; '.join(changes)}",
        username=user.username,
        role=user.role,
        active=user.active,
    )
    db.commit()
    flash(f"Saved: {user.username} {'; '.join(changes)}.", "success")
    if not current_user.can("manage"):
        # An admin who made themselves an editor or reviewer can no longer see this page.
        return redirect(url_for("admin.dashboard"))
    return redirect(url_for("admin.user_edit", username=user.username))


def _described_changes(before, user):
    old_role, was_active = before
    changes = []
    if user.role != old_role:
        changes.append(f"role {old_role} → {user.role}")
    if user.active != was_active:
        changes.append(
            "reactivated" if user.active else "deactivated (signed out, API tokens stopped)"
        )
    return changes


def _reset_password(db, user):
    if user.id == current_user.user.id:
        message = "To change your own password, use the Password link at the top of the page."
        return _user_page(user, {"reset": message}, 400)
    one_time = reset_password(db, user)
    end_sessions_of(db, user)
    audit.record(
        db,
        actor=current_user.username,
        channel="web",
        action="password-change",
        summary=f"Reset the password of {user.username} (gave a one-time password)",
        username=user.username,
    )
    db.commit()
    return render_template("admin/people_password.html", user=user, password=one_time, new=False)


def _new_user_page(errors=None, status=200):
    page = render_template(
        "admin/people_user_new.html",
        roles=ROLES,
        role_hints=ROLE_HINTS,
        errors=errors or {},
        form=request.form,
    )
    return page, status


def _user_page(user, errors=None, status=200):
    errors = errors or {}
    live_tokens = _counts(
        get_session(), ApiToken.user_id, ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)
    )
    page = render_template(
        "admin/user.html",
        user=user,
        roles=ROLES,
        role_hints=ROLE_HINTS,
        live_tokens=live_tokens.get(user.id, 0),
        access_errors={name: problem for name, problem in errors.items() if name != "reset"},
        reset_errors={name: problem for name, problem in errors.items() if name == "reset"},
        form=request.form,
    )
    return page, status


def _counts(db, column, *conditions):
    """{user id: number of rows} for the rows that meet ``conditions``."""
    return dict(db.execute(select(column, func.count()).where(*conditions).group_by(column)).all())


# --- API tokens -------------------------------------------------------------------------


@bp.get("/tokens")
@permission_required("manage")
def tokens():
    return _tokens_page()


@bp.post("/tokens/new")
@permission_required("manage")
def token_new():
    db = get_session()
    user = get_user(db, request.form.get("username", ""))
    if user is None:
        return _tokens_page({"username": "Choose whose role the token acts with."}, 400)
    try:
        token, secret = create_token(
            db, user, request.form.get("name", ""), actor=current_user.username, channel="web"
        )
    except TokenError as exc:
        return _tokens_page({"username" if not user.active else "name": str(exc)}, 400)
    return render_template("admin/people_token.html", token=token, user=user, secret=secret)


@bp.post("/tokens/<int:token_id>/revoke")
@permission_required("manage")
def token_revoke(token_id):
    db = get_session()
    token = db.get(ApiToken, token_id)
    if token is None:
        abort(404, description=f"There is no API token {token_id}.")
    if not revoke_token(db, token, actor=current_user.username, channel="web"):
        flash(f"The token '{token.name}' was already revoked.", "info")
        return redirect(url_for("admin.tokens"))
    flash(f"Revoked '{token.name}'. Anything still using it is now refused.", "success")
    return redirect(url_for("admin.tokens"))


def _tokens_page(errors=None, status=200):
    db = get_session()
    page = render_template(
        "admin/tokens.html",
        rows=list_tokens(db),
        users=[user for user in list_users(db) if user.active],
        errors=errors or {},
        form=request.form,
    )
    return page, status


# --- The audit log ----------------------------------------------------------------------


@bp.get("/audit")
@permission_required("manage")
def audit_log():
    action = request.args.get("action", "")
    actor = request.args.get("actor", "").strip().lower()
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and int(page) > 0 else 1
    errors = {}
    if action and action not in audit.ACTIONS:
        errors["action"] = "That is not one of the actions in the list; showing every action."
        action = ""
    events, total = _audit_page(page, action, actor)
    pages = max(1, -(-total // AUDIT_PAGE_SIZE))
    if page > pages:
        # A link to a page that no longer exists (e.g. after filtering): show the last one.
        page = pages
        events, total = _audit_page(page, action, actor)
    return render_template(
        "admin/audit.html",
        events=[(event, audit.details_of(event)) for event in events],
        actions=audit.ACTIONS,
        action=action,
        actor=actor,
        page=page,
        pages=pages,
        total=total,
        first=(page - 1) * AUDIT_PAGE_SIZE + 1,
        errors=errors,
    )


def _audit_page(page, action, actor):
    return audit.list_events(
        get_session(),
        limit=AUDIT_PAGE_SIZE,
        offset=(page - 1) * AUDIT_PAGE_SIZE,
        action=action or None,
        actor=actor or None,
    )
