"""Editing the draft: lists and forms for categories, cautions, references, sites,
profiles and the document's details.

Every save builds the whole new document from the current draft and the form
(``entity_forms``) and hands it to ``drafts.save``, which validates it whole and refuses
a stale revision. Whatever goes wrong, the form comes back with what was typed in it:
problems next to their fields (400), or a conflict with someone else's save (409).
"""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..db import DatabaseUnavailable, get_session
from ..errors import unavailable_message
from ..matching.pattern_checks import pattern_warnings
from ..people.auth import permission_required
from ..publishing import drafts
from ..taxonomy.diff import diff_taxonomies
from ..taxonomy.document import TaxonomyInvalid
from . import bp
from . import entity_forms as ef
from .forms import busy, current_draft, expected_revision, typed_kept

# Warnings that stop a save until the person ticks "Save anyway"; the others are shown after.
BLOCKING = ("too-broad", "duplicate")
TEMPLATES = {
    "categories": "category",
    "cautions": "caution",
    "references": "reference",
    "sites": "site",
    "profiles": "profile",
    "meta": "details",
}
ENDPOINTS = {
    "categories": "admin.category_edit",
    "cautions": "admin.caution_edit",
    "references": "admin.reference_edit",
    "sites": "admin.site_edit",
    "profiles": "admin.profile_edit",
}


# --- Lists --------------------------------------------------------------------------------


@bp.get("/categories")
@permission_required("edit")
def categories():
    return _list("categories", ef.category_rows)


@bp.get("/cautions")
@permission_required("edit")
def cautions():
    return _list("cautions", ef.caution_rows)


@bp.get("/references")
@permission_required("edit")
def references():
    return _list("references", ef.reference_rows)


@bp.get("/sites")
@permission_required("edit")
def sites():
    return _list("sites", ef.site_rows)


@bp.get("/profiles")
@permission_required("edit")
def profiles():
    return _list("profiles", ef.profile_rows)


def _list(section, rows_of):
    draft = current_draft()
    query = request.args.get("q", "").strip()
    rows = rows_of(drafts.document_of(draft), query)
    return render_template(
        f"admin/editing/{section}.html", rows=rows, query=query, draft=draft, tools=_tools()
    )


def _tools():
    """Links to the pattern lab and the preview, when those pages exist."""
    views = current_app.view_functions
    return {name: f"admin.{name}" in views for name in ("lab", "preview")}


# --- Forms --------------------------------------------------------------------------------


@bp.route("/categories/<item_id>", methods=["GET", "POST"])
@permission_required("edit")
def category_edit(item_id):
    return _edit(ef.CATEGORIES, item_id)


@bp.route("/cautions/new", methods=["GET", "POST"])
@permission_required("edit")
def caution_new():
    return _edit(ef.CAUTIONS, None)


@bp.route("/cautions/<item_id>", methods=["GET", "POST"])
@permission_required("edit")
def caution_edit(item_id):
    return _edit(ef.CAUTIONS, item_id)


@bp.route("/references/new", methods=["GET", "POST"])
@permission_required("edit")
def reference_new():
    return _edit(ef.REFERENCE_EDITOR, None)


@bp.route("/references/<item_id>", methods=["GET", "POST"])
@permission_required("edit")
def reference_edit(item_id):
    return _edit(ef.REFERENCE_EDITOR, item_id)


@bp.route("/sites/new", methods=["GET", "POST"])
@permission_required("edit")
def site_new():
    return _edit(ef.SITES, None)


@bp.route("/sites/<item_id>", methods=["GET", "POST"])
@permission_required("edit")
def site_edit(item_id):
    return _edit(ef.SITES, item_id)


@bp.route("/profiles/new", methods=["GET", "POST"])
@permission_required("edit")
def profile_new():
    return _edit(ef.PROFILES, None)


@bp.route("/profiles/<item_id>", methods=["GET", "POST"])
@permission_required("edit")
def profile_edit(item_id):
    return _edit(ef.PROFILES, item_id)


@bp.route("/details", methods=["GET", "POST"])
@permission_required("edit")
def details():
    return _edit(ef.DETAILS, None)


def _edit(editor, item_id):
    draft = current_draft()
    document = drafts.document_of(draft)
    exists = item_id is None or ef.find(document, editor.section, item_id) is not None
    if request.method == "GET":
        if not exists:
            abort(404, description=f"There is no {editor.noun} '{item_id}' in the draft.")
        state = ef.FormState(editor.values_of(document, item_id))
        notes = ()
        if editor.section == "sites" and item_id is not None:
            stored = document["sites"][ef.find(document, "sites", item_id)]
            notes = pattern_warnings(document, stored)
        return _form(editor, item_id, draft, document, state, warnings=notes)

    state = editor.read(request.form, document, item_id)
    if expected_revision() != draft.revision or not exists:
        return _form(editor, item_id, draft, document, state, conflict=True, gone=not exists), 409
    if state.invalid:
        return _form(editor, item_id, draft, document, state), 400
    new_document, targets = editor.apply(document, item_id, state.values)
    target_id = item_id or state.values.get("id")
    if new_document == document:
        flash("Nothing was changed, so nothing was saved.", "info")
        return redirect(_edit_url(editor, target_id))

    warnings = []
    if editor.section == "sites":
        problems = ef.problems_in(new_document)
        if problems:
            editor.place(state, problems, targets, new_document)
            return _form(editor, item_id, draft, document, state), 400
        site = new_document["sites"][ef.find(new_document, "sites", target_id)]
        warnings = pattern_warnings(new_document, site)
        blocking = [warning for warning in warnings if warning.kind in BLOCKING]
        if blocking and not request.form.get("acknowledge_warnings"):
            return _form(editor, item_id, draft, document, state, warnings=warnings, ask=True)

    verb = "Added" if item_id is None and editor.section != "meta" else "Edited"
    summary = ef.audit_summary(
        verb, editor.section, target_id, diff_taxonomies(document, new_document)
    )
    was = draft.state  # the save refreshes ``draft`` in place
    try:
        saved = _save(new_document, draft, summary)
    except TaxonomyInvalid as exc:
        editor.place(state, exc.problems, targets, new_document)
        return _form(editor, item_id, draft, document, state), 400
    except drafts.DraftConflict as exc:
        fresh = exc.draft
        fresh_document = drafts.document_of(fresh)
        return _form(editor, item_id, fresh, fresh_document, state, conflict=True), 409
    except DatabaseUnavailable as exc:
        message = typed_kept(exc)
        return busy(lambda: _form(editor, item_id, draft, document, state, error=message))
    _saved_message(saved, was)
    later = [warning for warning in warnings if warning.kind not in BLOCKING]
    if later:
        flash(
            f"{len(later)} note{'s' if len(later) != 1 else ''} about this site's patterns: "
            "see “Notes about the patterns” below.",
            "warning",
        )
    return redirect(_edit_url(editor, target_id))


def _form(
    editor,
    item_id,
    draft,
    document,
    state,
    *,
    conflict=False,
    gone=False,
    warnings=(),
    ask=False,
    error=None,
):
    """The form page for ``editor``; ``draft`` gives the revision the form will carry.
    ``warnings`` are pattern warnings: to confirm with ``ask``, else notes on the site.
    ``error``: a message above everything (the database did not take the save)."""
    differences = []
    if conflict and not gone and (item_id is not None or editor.section == "meta"):
        # Show what the other person's save left in this item next to what was typed,
        # so a second save is a decision taken knowing both.
        saved = editor.values_of(document, item_id)
        differences = [
            (name, _shown(saved[name]), _shown(state.values.get(name)))
            for name in saved
            if _shown(saved[name]) != _shown(state.values.get(name))
        ]
    return render_template(
        f"admin/editing/{TEMPLATES[editor.section]}.html",
        editor=editor,
        item_id=item_id,
        is_new=item_id is None and editor.section != "meta",
        state=state,
        values=state.values,
        errors=state.errors,
        choices=editor.choices(document, state.values),
        draft=draft,
        conflict=conflict,
        gone=gone,
        differences=differences,
        warnings=warnings,
        ask_acknowledge=ask,
        tools=_tools(),
        error=error,
        preview_site=_preview_site(editor, document, item_id),
    )


def _preview_site(editor, document, item_id):
    """For a caution: a site whose card shows it, to preview it there."""
    if editor.section != "cautions" or item_id is None:
        return None
    return ef.site_showing(document, item_id)


def _shown(value):
    """A form value as text: lists one item per line."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return "\n".join(f"{key}: {item}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return "\n".join(str(item) for item in value)
    return str(value)


def _edit_url(editor, item_id):
    if editor.section == "meta":
        return url_for("admin.details")
    return url_for(ENDPOINTS[editor.section], item_id=item_id)


def _save(document, draft, summary):
    return drafts.save(
        get_session(),
        document,
        expected_revision=draft.revision,
        actor=current_user.username,
        channel="web",
        summary=summary,
    )


def _saved_message(saved, state_before, what="Saved"):
    message = f"{what}. The draft is now revision {saved.revision}."
    if state_before != drafts.EDITING:
        message += " The review request was withdrawn: ask for review again when you are ready."
    flash(message, "success")


# --- Deleting -----------------------------------------------------------------------------


@bp.route("/cautions/<item_id>/delete", methods=["GET", "POST"])
@permission_required("edit")
def caution_delete(item_id):
    return _delete(ef.CAUTIONS, item_id, "admin.cautions")


@bp.route("/references/<item_id>/delete", methods=["GET", "POST"])
@permission_required("edit")
def reference_delete(item_id):
    return _delete(ef.REFERENCE_EDITOR, item_id, "admin.references")


@bp.route("/sites/<item_id>/delete", methods=["GET", "POST"])
@permission_required("edit")
def site_delete(item_id):
    return _delete(ef.SITES, item_id, "admin.sites")


@bp.route("/profiles/<item_id>/delete", methods=["GET", "POST"])
@permission_required("edit")
def profile_delete(item_id):
    return _delete(ef.PROFILES, item_id, "admin.profiles")


def _delete(editor, item_id, list_endpoint):
    """GET: what deleting would do, and whether it can; POST: delete."""
    draft = current_draft()
    document = drafts.document_of(draft)
    index = ef.find(document, editor.section, item_id)
    if index is None:
        abort(404, description=f"There is no {editor.noun} '{item_id}' in the draft.")
    item = document[editor.section][index]
    new_document = ef.delete_item(document, editor.section, item_id)
    blockers = editor.delete_blockers(document, item_id)
    # A blocker can be overridden by ticking the box that says what deleting then does.
    overridden = bool(blockers) and request.form.get("override_blockers") == "yes"
    problems = (blockers if not overridden else []) or ef.explain_problems(
        new_document, ef.problems_in(new_document)
    )

    def page(status=200, conflict=False, error=None):
        return render_template(
            "admin/editing/delete.html",
            editor=editor,
            item=item,
            label=ef.label_of(editor.section, item),
            users=ef.users_of(document, editor.section, item_id),
            problems=problems,
            draft=draft,
            conflict=conflict,
            list_endpoint=list_endpoint,
            error=error,
            blocked=bool(blockers) and problems == blockers,
        ), status

    if request.method == "GET":
        return page()
    if expected_revision() != draft.revision:
        return page(409, conflict=True)
    if problems:
        return page(400)
    summary = ef.audit_summary(
        "Deleted", editor.section, item_id, diff_taxonomies(document, new_document)
    )
    was = draft.state
    try:
        saved = _save(new_document, draft, summary)
    except drafts.DraftConflict as exc:
        draft = exc.draft
        return page(409, conflict=True)
    except DatabaseUnavailable as exc:
        message = unavailable_message(exc)
        return busy(lambda: page(error=message)[0])
    label = ef.label_of(editor.section, item)
    _saved_message(saved, was, what=f"Deleted the {editor.noun} ‘{label}’")
    return redirect(url_for(list_endpoint))
