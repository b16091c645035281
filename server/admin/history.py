"""Version history: the published versions, one version, comparing two, and rollback."""

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from ..db import DatabaseUnavailable, get_session, rollback_session
from ..errors import RETRY_AFTER_SECONDS
from ..models import storable_number
from ..people.auth import permission_required
from ..publishing import drafts, store
from ..taxonomy.diff import diff_taxonomies, summarize
from . import bp
from .forms import current_draft, typed_kept
from .reach import reach_note

PER_PAGE = 20
# The parts of a document counted on a version's page, with their names for people.
SECTIONS = (
    ("categories", "category"),
    ("cautions", "caution"),
    ("references", "reference"),
    ("sites", "site"),
    ("groups", "group"),
    ("jurisdictions", "jurisdiction"),
)


@bp.get("/history")
@permission_required("edit")
def history():
    db = get_session()
    draft = current_draft()
    # Versions are numbered 1, 2, 3...: the newest number is also how many there are.
    current = store.current_number(db) or 0
    pages = max(1, -(-current // PER_PAGE))
    page = min(max(storable_number(request.args.get("page")) or 1, 1), pages)
    versions, total = store.list_versions(db, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    return render_template(
        "admin/history.html",
        versions=versions,
        total=total,
        page=page,
        pages=pages,
        current=current,
        draft=draft,
        draft_status=drafts.status_of(db, draft),
    )


@bp.get("/history/<int:number>")
@permission_required("edit")
def version(number):
    db = get_session()
    shown = _version_or_404(number)
    document = store.document_of(shown)
    previous = _previous(number)
    changes = None
    if previous is not None:
        changes = diff_taxonomies(store.document_of(previous), document)
    current = store.get_current(db)
    return render_template(
        "admin/version.html",
        version=shown,
        meta=document.get("meta", {}),
        counts=[_counted(len(document.get(key) or ()), key, one) for key, one in SECTIONS],
        previous=previous,
        changes=changes,
        summary=summarize(changes) if changes is not None else None,
        current=current,
        same_as_current=current.sha256 == shown.sha256,
    )


@bp.get("/history/compare")
@permission_required("edit")
def compare():
    """Any two versions, or a version and the draft. Without both, just the form."""
    raw_from, raw_to = request.args.get("from", "").strip(), request.args.get("to", "").strip()
    errors, documents, labels = {}, {}, {}
    for name, raw in (("from", raw_from), ("to", raw_to)):
        if not raw:
            continue
        if raw.lower() == "draft":
            documents[name] = drafts.document_of(current_draft())
            labels[name] = "the draft"
        elif (number := storable_number(raw)) is not None and (found := _find(number)):
            documents[name] = store.document_of(found)
            labels[name] = f"version {found.number}"
        else:
            errors[name] = f"There is no version '{raw}'. Type a version number, or draft."
    changes = None
    if len(documents) == 2:
        changes = diff_taxonomies(documents["from"], documents["to"])
    page = render_template(
        "admin/compare.html",
        raw_from=raw_from,
        raw_to=raw_to,
        errors=errors,
        labels=labels,
        changes=changes,
        summary=summarize(changes) if changes is not None else None,
    )
    return page, 400 if errors else 200


@bp.route("/history/<int:number>/rollback", methods=["GET", "POST"])
@permission_required("review")
def rollback(number):
    db = get_session()
    target = _version_or_404(number)
    errors, status = {}, 200
    if request.method == "POST":
        status = 400
        try:
            restored = drafts.rollback(
                db,
                number,
                actor=current_user.username,
                channel="web",
                note=request.form.get("reason", ""),
            )
        except drafts.ReviewError as exc:
            errors["reason"] = str(exc)
        except drafts.DraftConflict as exc:
            # The draft was about to follow the rollback when someone changed it.
            errors["reason"] = f"Nothing was published. {exc}"
            status = 409
        except store.NothingToPublish:
            errors["reason"] = (
                f"Version {number}'s content is what is published already: there is nothing "
                "to roll back."
            )
        except DatabaseUnavailable as exc:
            errors["reason"] = typed_kept(exc)
            status = 503
            rollback_session()
        else:
            current_app.extensions["practice_guide_published"].note_published(restored)
            flash(_rolled_back_message(db, number, restored), "success")
            return redirect(url_for("admin.history"))
    current = store.get_current(db)
    draft = current_draft()
    page = make_response(
        render_template(
            "admin/rollback.html",
            version=target,
            current=current,
            changes=diff_taxonomies(store.document_of(current), store.document_of(target)),
            same_as_current=current.sha256 == target.sha256,
            draft=draft,
            draft_status=drafts.status_of(db, draft),
            status_label=drafts.STATUS_LABELS[drafts.status_of(db, draft)],
            errors=errors,
            reason=request.form.get("reason", ""),
        ),
        status,
    )
    if status == 503:
        page.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return page


def _rolled_back_message(db, number, restored):
    message = (
        f"Published version {number}'s content again as version {restored.number}. {reach_note()}"
    )
    if drafts.status_of(db, current_draft()) == "unchanged":
        return message + " The draft now matches it."
    return message + (
        " The draft still holds unpublished changes and was not touched: publishing the "
        "draft as it is would replace this rollback, so check it on the review page first."
    )


def _counted(count, plural, singular):
    return f"{count} {singular if count == 1 else plural}"


def _find(number):
    current_draft()  # on a fresh install, this publishes the shipped guidance as version 1
    try:
        return store.get_version(get_session(), number)
    except store.VersionNotFound:
        return None


def _version_or_404(number):
    found = _find(number)
    if found is None:
        abort(404, description=f"There is no published version {number}.")
    return found


def _previous(number):
    return _find(number - 1) if number > 1 else None
