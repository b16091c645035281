"""Signing in and out, and choosing one's own password."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..db import DatabaseUnavailable, get_session
from ..errors import unavailable_message
from ..people import throttle
from ..people.accounts import AccountError, authenticate, get_user
from ..people.accounts import change_password as set_password
from ..people.auth import end_sessions_of, safe_next, sign_in, sign_out, signed_in_required
from ..publishing import audit
from ..taxonomy.plain_text import has_control, without_control
from . import bp
from .forms import busy

# Deliberately the same for an unknown user, a wrong password and a deactivated account.
REFUSED = "That username and password do not match an active account."
TOO_MANY = {
    "address": "Too many sign-in attempts from your address. Try again in {wait}.",
    "account": "Too many sign-in attempts for this username. Try again in {wait}.",
}
TOO_MANY_CHANGES = "Too many password attempts for your account. Try again in {wait}."
UNTYPEABLE = (
    "The username held a control character (something that cannot be seen or typed). "
    "Type your username again."
)


@bp.route("/login", methods=["GET", "POST"])
def login():
    target = safe_next(request.values.get("next"), url_for("admin.dashboard"))
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(target)
        return render_template("admin/login.html", next=target)
    username = request.form.get("username", "")
    try:
        return _sign_in(target, username)
    except DatabaseUnavailable as exc:
        message = f"{unavailable_message(exc)} You are not signed in yet."
        return busy(
            lambda: render_template(
                "admin/login.html", next=target, error=message, username=without_control(username)
            )
        )


def _sign_in(target, username):
    if has_control(username, multiline=False):
        return render_template(
            "admin/login.html",
            next=target,
            refused=UNTYPEABLE,
            username=without_control(username),
        ), 400
    try:
        throttle.attempt(request.remote_addr, username)
    except throttle.Throttled as exc:
        message = TOO_MANY[exc.scope].format(wait=throttle.wait_in_words(exc.retry_after))
        page = render_template("admin/login.html", next=target, error=message, username=username)
        return page, 429, {"Retry-After": str(exc.retry_after)}
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
    try:
        return _change_password(target)
    except DatabaseUnavailable as exc:
        message = f"{unavailable_message(exc)} Your password is unchanged."
        return busy(lambda: render_template("admin/password.html", next=target, error=message))


def _change_password(target):
    errors = {}
    user = current_user.user
    try:
        # Someone with a signed-in browser must not guess the password it hides either.
        throttle.attempt(request.remote_addr, user.username)
    except throttle.Throttled as exc:
        errors["current_password"] = TOO_MANY_CHANGES.format(
            wait=throttle.wait_in_words(exc.retry_after)
        )
        page = render_template("admin/password.html", next=target, errors=errors)
        return page, 429, {"Retry-After": str(exc.retry_after)}
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
