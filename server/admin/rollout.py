"""The Roll-out page: the organisation's own extension build and its policy files.

Building is for reviewers, who publish: a publish that adds sites is what makes a new
build needed. The policy files hold nothing secret (the extension's id and addresses),
so every reviewer may read them and hand them to whoever manages the computers.
"""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..db import DatabaseUnavailable, get_session
from ..people.auth import permission_required
from ..rollout import addresses, builds, current, policies
from . import bp
from .forms import busy

FREQUENCIES = policies.managed_schema()["properties"]["frequency"]["enum"]


def _settings(document):
    """The managed settings chosen on the page (query string), checked, or errors."""
    known = {item["id"] for item in document.get("jurisdictions", [])}
    jurisdictions = [item for item in request.args.getlist("jurisdiction") if item in known]
    frequency = request.args.get("frequency") or None
    hours_text = (request.args.get("check_hours") or "").strip()
    errors = {}
    check_hours = None
    if hours_text:
        if hours_text.isascii() and hours_text.isdigit() and len(hours_text) < 4:
            check_hours = int(hours_text)
        else:
            errors["check_hours"] = "Enter a whole number of hours from 1 to 720."
    return {"jurisdictions": jurisdictions or None, "frequency": frequency}, check_hours, errors


def _values(build, document):
    chosen, check_hours, errors = _settings(document)
    try:
        values = policies.managed_values(build.server_url, checkHours=check_hours, **chosen)
    except policies.SettingsInvalid as exc:
        name = str(exc).split(":", 1)[0]
        errors[{"checkHours": "check_hours"}.get(name, name)] = str(exc)
        values = policies.managed_values(build.server_url)
    return values, errors


def _default_url(latest):
    try:
        return current.server_url(request.host_url)
    except addresses.ServerUrlInvalid:
        return latest.server_url if latest else ""


@bp.get("/rollout")
@permission_required("review")
def rollout():
    session = get_session()
    planned = current.plan(session)
    latest = planned.latest
    document = current.published().document
    files, values, errors = {}, {}, {}
    if latest is not None:
        values, errors = _values(latest, document)
        for kind, (name, _media, render) in policies.FILES.items():
            content = render(latest, values)
            text = content.decode("utf-16") if kind == "windows" else content
            files[kind] = (name, text if isinstance(text, str) else text.decode("utf-8"))
    return render_template(
        "admin/rollout.html",
        plan=planned,
        latest=latest,
        server_url=(latest.server_url if latest else _default_url(latest)),
        public_url=current_app.config.get("PUBLIC_URL"),
        updates_url=addresses.chrome_updates(latest.server_url) if latest else None,
        xpi_url=addresses.xpi(latest.server_url) if latest else None,
        files=files,
        values=values,
        errors=errors,
        jurisdictions=document.get("jurisdictions", []),
        frequencies=FREQUENCIES,
        query=request.args,
    )


@bp.post("/rollout/build")
@permission_required("review")
def rollout_build():
    session = get_session()
    try:
        url = current.server_url(request.form.get("server_url") or request.host_url)
        build = current.build(session, server_url=url, author=current_user.username)
    except (addresses.ServerUrlInvalid, builds.BuildRefused) as exc:
        flash(f"Nothing was built: {exc}.", "error")
        return redirect(url_for("admin.rollout"))
    except DatabaseUnavailable:
        return busy(lambda: "The database is busy: nothing was built. Try again in a moment.")
    flash(
        f"Built version {build.version}. Force-installed browsers update to it at their "
        "next extension update check.",
        "success",
    )
    return redirect(url_for("admin.rollout"))


@bp.get("/rollout/policy/<kind>")
@permission_required("review")
def rollout_policy(kind):
    if kind not in policies.FILES:
        abort(404)
    latest = builds.latest(get_session())
    if latest is None:
        abort(404, description="Build the extension first.")
    values, errors = _values(latest, current.published().document)
    if errors:
        abort(400, description=" ".join(errors.values()))
    name, media_type, render = policies.FILES[kind]
    response = current_app.response_class(render(latest, values), mimetype=None)
    response.headers["Content-Type"] = media_type
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
