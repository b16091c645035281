"""The dashboard and the way to publication: review page, request review, approve, publish."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..db import DatabaseUnavailable, get_session
from ..people.accounts import approvers
from ..people.auth import permission_required
from ..publishing import audit, drafts, store
from ..publishing.format_upgrade import draft_in_format1
from ..rollout import builds, current
from ..taxonomy.diff import diff_taxonomies, summarize
from . import bp
from .forms import busy, current_draft, expected_revision, typed_kept
from .reach import reach_note

CONTENT_ACTIONS = (
    "draft-edit",
    "import",
    "review-request",
    "review-withdraw",
    "approve",
    "publish",
    "rollback",
)


def _context(**extra):
    db = get_session()
    draft = current_draft()
    published = store.get_current(db)
    status = drafts.status_of(db, draft, published)
    return {
        "draft": draft,
        "status": status,
        "status_label": drafts.STATUS_LABELS[status],
        "editors": drafts.editors_of(draft),
        "published": published,
        "review_required": current_app.config["REVIEW_REQUIRED"],
        "may_approve": _may_approve(draft),
        "nobody_to_approve": _nobody_to_approve(db, draft, status),
        "draft_in_format1": draft_in_format1(draft),
        **extra,
    }


def _nobody_to_approve(db, draft, status):
    """Under the two-person rule, whether changes wait for an approver who does not
    exist: everyone who may approve edited this draft (a practitioner alone, say)."""
    if not current_app.config["REVIEW_REQUIRED"] or status not in ("edited", "in_review"):
        return False
    return not approvers(db, excluding=drafts.editors_of(draft))


def _may_approve(draft):
    if not current_user.can("review") or draft.state != drafts.IN_REVIEW:
        return False
    return not (
        current_app.config["REVIEW_REQUIRED"] and current_user.username in drafts.editors_of(draft)
    )


@bp.get("/")
@permission_required("edit")
def dashboard():
    db = get_session()
    # Filtered by the database: sign-ins alone must not push the edits out of view.
    recent, _total = audit.list_events(db, limit=10, actions=CONTENT_ACTIONS)
    context = _context(recent=recent)
    context["summary"] = summarize(_changes(context["draft"], context["published"]))
    context["rollout"] = current.plan(db)
    return render_template("admin/dashboard.html", **context)


@bp.get("/review")
@permission_required("edit")
def review():
    return _review_page()


def _review_page(**extra):
    context = _context(**extra)
    changes = _changes(context["draft"], context["published"])
    return render_template(
        "admin/review.html", changes=changes, summary=summarize(changes), **context
    )


def _changes(draft, published):
    if published is None:
        return []
    return diff_taxonomies(store.document_of(published), drafts.document_of(draft))


def _refused(message, status):
    """Show the review page again with what went wrong, and the draft as it is now."""
    return _review_page(error=message), status


def _step(action, success):
    db = get_session()
    try:
        action(db)
    except drafts.DraftConflict as exc:
        return _refused(str(exc), 409)
    except (drafts.ReviewError, store.NothingToPublish) as exc:
        return _refused(str(exc), 400)
    except DatabaseUnavailable as exc:
        message = typed_kept(exc)
        return busy(lambda: _refused(message, 503)[0])
    flash(success() if callable(success) else success, "success")
    return redirect(url_for("admin.review"))


@bp.post("/review/request")
@permission_required("edit")
def request_review():
    note = request.form.get("note", "")
    return _step(
        lambda db: drafts.request_review(
            db,
            expected_revision=expected_revision(),
            actor=current_user.username,
            channel="web",
            note=note,
        ),
        "Review requested. A reviewer can now approve and publish it.",
    )


@bp.post("/review/withdraw")
@permission_required("edit")
def withdraw_review():
    return _step(
        lambda db: drafts.withdraw_review(
            db, expected_revision=expected_revision(), actor=current_user.username, channel="web"
        ),
        "Review request withdrawn.",
    )


@bp.post("/review/discard")
@permission_required("review")
def discard_draft():
    if not request.form.get("confirm"):
        return _refused("Tick the box to confirm that the draft's changes should be lost.", 400)
    return _step(
        lambda db: drafts.discard(
            db, expected_revision=expected_revision(), actor=current_user.username, channel="web"
        ),
        "The draft's changes were discarded: it is the published guidance again.",
    )


@bp.post("/review/approve")
@permission_required("review")
def approve():
    return _step(
        lambda db: drafts.approve(
            db,
            expected_revision=expected_revision(),
            actor=current_user.username,
            channel="web",
            review_required=current_app.config["REVIEW_REQUIRED"],
        ),
        "Approved. It can now be published.",
    )


@bp.post("/publish")
@permission_required("review")
def publish():
    outcome = {}

    def run(db):
        outcome["version"] = drafts.publish(
            db,
            expected_revision=expected_revision(),
            actor=current_user.username,
            channel="web",
            change_note=request.form.get("change_note", ""),
            review_required=current_app.config["REVIEW_REQUIRED"],
        )
        current_app.extensions["practice_guide_published"].note_published(outcome["version"])
        outcome["build"] = _rebuild(db)

    return _step(run, lambda: _published_message(outcome))


def _rebuild(db):
    """A new extension build when this publish added sites the last build lacks, so
    force-installed browsers get the permission with their next update; the publish
    stands whatever happens here, and the dashboard offers the build again."""
    try:
        return current.rebuild_if_needed(db, author=current_user.username)
    except builds.BuildRefused as exc:
        db.rollback()
        flash(f"The extension could not be built again: {exc}.", "error")
    except DatabaseUnavailable:
        db.rollback()
        flash("The database was busy: build the extension again from the dashboard.", "error")
    return None


def _published_message(outcome):
    message = f"Published version {outcome['version'].number}. {reach_note()}"
    if outcome.get("build") is not None:
        message += (
            f" It adds sites, so the extension was built again (version "
            f"{outcome['build'].version}): browsers update to it at their next "
            "extension update check."
        )
    return message
