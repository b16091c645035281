"""Signing in and out, and choosing one's own password."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..db import get_session
from ..people.accounts import AccountError, authenticate, get_user
from ..people.accounts import change_password as set_password
from ..people.auth import end_sessions_of, safe_next, sign_in, sign_out, signed_in_required
from ..publishing import audit
from . import bp

# Deliberately the same for an unknown user, a wrong password and a deactivated account.
REFUSED = "That username and password do not match an active account."


@bp.route("/login", methods=["GET", "POST"])
def login():
    target = safe_next(request.values.get("next"), url_for("admin.dashboard"))
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(target)
        return render_template("admin/login.html", next=target)
    username = request.form.get("username", "")
    db = get_session()
    user = authenticate(db, username, request.form.get("password", ""))
    if user is None:
        # Only a name that is an account is recorded: people sometimes type a password
        # into the username box, and the audit log keeps everything.
        known = get_user(db, username)
        audit.record(
            db,
            actor=known.username if known else "(unknown user)",
            channel="web",
            action="sign-in-failed",
            summary="Sign-in refused",
        )
        db.commit()
        return render_template(
            "admin/login.html", next=target, refused=REFUSED, username=username
        ), 401
    sign_in(user)
    if user.must_change_password:
        flash("Welcome. Please choose your own password to replace the one-time one.", "info")
        return redirect(url_for("admin.change_password", next=target))
    return redirect(target)


@bp.post("/logout")
def logout():
    sign_out()
    flash("You are signed out.", "info")
    return redirect(url_for("admin.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in_required
def change_password():
    target = safe_next(request.values.get("next"), url_for("admin.dashboard"))
    if request.method == "GET":
        return render_template("admin/password.html", next=target)
    errors = {}
    user = current_user.user
    db = get_session()
    new = request.form.get("new_password", "")
    if authenticate(db, user.username, request.form.get("current_password", "")) is None:
        errors["current_password"] = "This is not your current password."
    elif new != request.form.get("confirm_password", ""):
        errors["confirm_password"] = "The two new passwords are not the same."
    else:
        try:
            set_password(db, user, new)
        except AccountError as exc:
            errors["new_password"] = str(exc)
    if errors:
        db.rollback()
        return render_template("admin/password.html", next=target, errors=errors), 400
    # Whoever else knew the old (perhaps one-time) password is signed out.
    end_sessions_of(db, user, keep=current_user.token)
    audit.record(
        db,
        actor=user.username,
        channel="web",
        action="password-change",
        summary="Changed their own password (other sessions signed out)",
    )
    db.commit()
    flash("Your password is changed.", "success")
    return redirect(target)


def limit_sign_in(app):
    """Rate-limit sign-in attempts per client address (Flask-Limiter)."""
    limiter = app.extensions["practice_guide_limiter"]
    view = app.view_functions["admin.login"]
    app.view_functions["admin.login"] = limiter.limit(
        lambda: current_app.config["LOGIN_RATE_LIMIT"],
        methods=["POST"],
        error_message="Too many sign-in attempts from your address. Wait a minute and try again.",
    )(view)
