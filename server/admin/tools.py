"""The pattern lab, and importing and exporting whole taxonomy files."""

from pathlib import PureWindowsPath

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ..db import DatabaseUnavailable, get_session
from ..errors import handle_http_exception, unavailable_message
from ..matching import PatternError, parse_pattern
from ..matching.explain import explain_url
from ..matching.pattern_checks import pattern_warnings
from ..people.auth import permission_required
from ..publishing import drafts, store
from ..publishing.importing import import_into_draft
from ..taxonomy.document import TaxonomyInvalid, pretty_json
from ..taxonomy.schemas import MAX_DOCUMENT_BYTES
from . import bp
from .forms import busy, current_draft, expected_revision

MAX_URL_LENGTH = 4096
MAX_CHECKED_PATTERNS = 50
MAX_PATTERN_LENGTH = 500  # as the taxonomy format allows
# Stands for a site that does not exist yet; real site ids never contain spaces.
NEW_SITE = {"id": "(new site)", "name": "the new site", "categories": []}
RECENT_EXPORTS = 10
TOO_BIG = (
    "This file is larger than {limit} MB, the most a guidance file can be. "
    "Check that you chose the right file: an exported taxonomy is usually far smaller."
)

# --- Pattern lab ------------------------------------------------------------------------


@bp.get("/lab")
@permission_required("edit")
def lab():
    draft = current_draft()
    published = store.get_current(get_session())
    source = "published" if request.args.get("source") == "published" and published else "draft"
    if source == "published":
        taxonomy = store.document_of(published)
    else:
        taxonomy = drafts.document_of(draft)
    errors, explanation = {}, None
    if "url" in request.args:
        url = request.args["url"]
        if len(url) > MAX_URL_LENGTH:
            errors["url"] = f"This address is longer than {MAX_URL_LENGTH} characters."
        else:
            explanation = explain_url(taxonomy, url)
            if explanation.error:
                errors["url"] = explanation.error
    draft_document = drafts.document_of(draft)
    checks = None
    if "patterns" in request.args:
        checks = _check_patterns(
            draft_document, request.args["patterns"], request.args.get("site", ""), errors
        )
    return render_template(
        "admin/lab.html",
        source=source,
        published=published,
        draft=draft,
        explanation=explanation,
        checks=checks,
        errors=errors,
        sites=sorted(draft_document["sites"], key=lambda site: site["name"].casefold()),
        examples=_example_urls(draft_document),
        uses=_uses_of_chosen_sites(taxonomy, explanation),
    )


def _uses_of_chosen_sites(taxonomy, explanation):
    """For each site chosen for the address that has uses: (site, [(label, [category
    names])]). On such a site the reader's use decides the categories."""
    if explanation is None or explanation.error:
        return []
    names = {category["id"]: category["name"] for category in taxonomy["categories"]}
    chosen = list(dict.fromkeys(hit.site_id for hit in explanation.hits if hit.wins))
    sites = {site["id"]: site for site in taxonomy["sites"]}
    return [
        (
            sites[site_id],
            [
                (use["label"], [names.get(category, category) for category in use["categories"]])
                for use in sites[site_id]["uses"]
            ],
        )
        for site_id in chosen
        if sites.get(site_id, {}).get("uses")
    ]


def _check_patterns(taxonomy, text, site_id, errors):
    """Each typed pattern with its syntax problem or its warnings, as if it belonged to
    the chosen site of the draft (or to a new one). Problems with the input go to
    ``errors``; the result is None when nothing could be checked."""
    patterns = list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))
    if not patterns:
        errors["patterns"] = "Type at least one pattern, such as https://app.example.com/*."
    elif len(patterns) > MAX_CHECKED_PATTERNS:
        errors["patterns"] = f"Check at most {MAX_CHECKED_PATTERNS} patterns at a time."
    site = NEW_SITE
    if site_id:
        site = next((item for item in taxonomy["sites"] if item["id"] == site_id), None)
        if site is None:
            errors["site"] = f"The draft has no site with the id '{site_id}'."
    if "patterns" in errors or "site" in errors:
        return None
    warnings = pattern_warnings(taxonomy, {**site, "patterns": patterns})
    checks = []
    for pattern in patterns:
        problem = None
        if len(pattern) > MAX_PATTERN_LENGTH:
            problem = f"it is longer than {MAX_PATTERN_LENGTH} characters"
        else:
            try:
                parse_pattern(pattern)
            except PatternError as exc:
                problem = str(exc)
        found = [warning for warning in warnings if warning.pattern == pattern]
        checks.append({"pattern": pattern, "problem": problem, "warnings": found})
    unusable = sum(1 for check in checks if check["problem"])
    if unusable:
        errors["patterns"] = (
            f"{unusable} of these patterns cannot be used as written; see the results below."
        )
    return {"site": None if site is NEW_SITE else site, "results": checks}


def _example_urls(taxonomy, count=4):
    """A few addresses the draft's sites match, made from their first patterns."""
    sites = taxonomy["sites"]
    examples = []
    for site in sites[:: max(1, len(sites) // count)]:
        try:
            pattern = parse_pattern(site["patterns"][0])
        except PatternError:
            continue
        if pattern.any_host:
            continue
        scheme = "https" if pattern.scheme == "*" else pattern.scheme
        examples.append(f"{scheme}://{pattern.host}{pattern.path.replace('*', '')}")
        if len(examples) == count:
            break
    return examples


# --- Import and export ------------------------------------------------------------------


@bp.get("/transfer")
@permission_required("edit")
def transfer():
    return _transfer_page()


def _transfer_page(status=200, **context):
    db = get_session()
    draft = current_draft()
    versions, total = store.list_versions(db, limit=RECENT_EXPORTS)
    page = render_template(
        "admin/transfer.html",
        draft=draft,
        status_label=drafts.STATUS_LABELS[drafts.status_of(db, draft)],
        versions=versions,
        total_versions=total,
        limit_mb=MAX_DOCUMENT_BYTES // (1024 * 1024),
        **context,
    )
    return page, status


@bp.get("/export/draft.json")
@permission_required("edit")
def export_draft():
    draft = current_draft()
    return _download(drafts.document_of(draft), f"taxonomy-draft-revision-{draft.revision}.json")


@bp.get("/export/version-<int:number>.json")
@permission_required("edit")
def export_version(number):
    current_draft()  # on a fresh install, this publishes the shipped guidance as version 1
    try:
        version = store.get_version(get_session(), number)
    except store.VersionNotFound:
        abort(404, description=f"There is no published version {number}.")
    return _download(store.document_of(version), f"taxonomy-version-{number}.json")


def _download(document, filename):
    return Response(
        pretty_json(document),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.post("/import")
@permission_required("edit")
def import_taxonomy():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _refused("Choose a taxonomy file (.json) to import.", field="file")
    revision = expected_revision()
    filename = PureWindowsPath(upload.filename).name[:120]  # browsers may send a full path
    raw = upload.stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(raw) > MAX_DOCUMENT_BYTES:
        return _refused(_too_big_message(), field="file")
    try:
        imported = import_into_draft(
            get_session(),
            raw,
            source=filename,
            actor=current_user.username,
            channel="web",
            expected_revision=revision,
            default_path=current_app.config["DEFAULT_TAXONOMY_PATH"],
        )
    except TaxonomyInvalid as exc:
        count = len(exc.problems)
        problems = f"{count} problem{'s' if count != 1 else ''}"
        return _refused(
            f"{filename} was not imported: it has {problems}, listed at the top of this form.",
            field="file",
            problems=exc.problems,
            heading=f"{filename} was not imported and the draft is unchanged. "
            f"Fix the {problems} below in the file, then import it again.",
        )
    except drafts.DraftConflict as exc:
        return _refused(str(exc), status=409)
    except DatabaseUnavailable as exc:
        message = f"{unavailable_message(exc)} Choose {filename} again to import it."
        return busy(lambda: _refused(message, field="file", status=503)[0])
    if not imported.changed:
        flash(f"{filename} holds exactly what the draft holds already: nothing changed.", "info")
        return redirect(url_for("admin.transfer"))
    message = (
        f"Imported {filename} into the draft: {imported.changes}. It is not published yet: "
        "check the changes below, then ask for review."
    )
    if imported.withdrew_review:
        message += " The import withdrew the pending review request."
    if imported.converted:
        # The list of what to check is long: shown on this page, not in a message.
        page, _status = _transfer_page(
            200,
            imported_message=message,
            converted=_converted_rows(drafts.document_of(imported.draft), imported.converted),
            filename=filename,
        )
        return page
    flash(message, "success")
    return redirect(url_for("admin.review"))


EDIT_PAGES = {"cautions": "admin.caution_edit", "references": "admin.reference_edit"}


def _converted_rows(document, problems):
    """What a format 1 import took from the draft, as (item label, its edit page, field,
    what to check)."""
    rows = []
    for problem in problems:
        head, _, name = problem.path.partition(".")
        section, _, index = head.partition("[")
        item = document[section][int(index.rstrip("]"))]
        url = url_for(EDIT_PAGES[section], item_id=item["id"]) if section in EDIT_PAGES else None
        rows.append((item.get("title") or item["id"], url, name, problem.message))
    return rows


def _refused(message, *, field=None, problems=(), heading=None, status=400):
    """The import page again, with the problem next to the file field and in the summary
    at the top of the form (``heading``, default the message, then every problem)."""
    if field is None:
        return _transfer_page(status, error=message)
    return _transfer_page(
        status, errors={field: message}, summary=heading or message, problems=problems
    )


def _too_big_message():
    return TOO_BIG.format(limit=MAX_DOCUMENT_BYTES // (1024 * 1024))


@bp.errorhandler(RequestEntityTooLarge)
def _upload_too_large(exc):
    """A file beyond the request limit is refused before the view runs: say so kindly on
    the import page; any other admin page keeps the usual error page."""
    signed_in = (
        current_user.is_authenticated
        and current_user.can("edit")
        and not current_user.user.must_change_password
    )
    if request.endpoint == "admin.import_taxonomy" and signed_in:
        return _refused(_too_big_message(), field="file", status=413)
    return handle_http_exception(exc)
