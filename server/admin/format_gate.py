"""While the draft is still in format 1 (a server upgraded from an older release, whose
draft could not be converted when it started: see ``publishing.format_upgrade``), the
pages that edit, preview or publish it in format 2 say what to do instead of failing."""

from flask import render_template, request
from flask_login import current_user

from ..publishing.format_upgrade import draft_in_format1
from . import bp
from .forms import current_draft

NEEDS_FORMAT2 = frozenset(
    {
        "admin.approve",
        "admin.categories",
        "admin.category_edit",
        "admin.caution_delete",
        "admin.caution_edit",
        "admin.caution_new",
        "admin.cautions",
        "admin.details",
        "admin.lab",
        "admin.preview",
        "admin.profile_delete",
        "admin.profile_edit",
        "admin.profile_new",
        "admin.profiles",
        "admin.publish",
        "admin.reference_delete",
        "admin.reference_edit",
        "admin.reference_new",
        "admin.references",
        "admin.request_review",
        "admin.site_delete",
        "admin.site_edit",
        "admin.site_new",
        "admin.sites",
    }
)


@bp.before_request
def _format1_draft_gate():
    # Only for people who may edit: everyone else meets the view's own sign-in redirect
    # or refusal, as the security tests expect.
    if request.endpoint not in NEEDS_FORMAT2 or not current_user.is_authenticated:
        return None
    if not current_user.can("edit") or not draft_in_format1(current_draft()):
        return None
    return render_template("admin/format1_draft.html"), 409
