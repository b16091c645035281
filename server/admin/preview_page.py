"""The card preview: the draft's (or the published) guidance drawn by the extension's own
card code, for any site and jurisdiction (server/admin/card_preview.py does the work)."""

from flask import abort, render_template, request

from ..db import get_session
from ..people.auth import permission_required
from ..publishing import drafts, store
from . import bp
from .card_preview import asset_base_url, choices, extension_asset_response, preview_data
from .forms import current_draft


@bp.get("/preview")
@permission_required("edit")
def preview():
    source = request.args.get("source", "draft")
    if source == "published":
        published = store.get_current(get_session())
        document, version = store.document_of(published), published.number
    else:
        source, document, version = "draft", drafts.document_of(current_draft()), None
    try:
        data = preview_data(
            document, request.args.get("site"), request.args.get("jurisdiction"), version=version
        )
    except LookupError as exc:
        abort(404, description=str(exc).strip("'\""))
    return render_template(
        "admin/preview.html",
        data=data,
        choices=choices(document),
        source=source,
        asset_base=asset_base_url("admin.preview_asset"),
    )


@bp.get("/preview/ext/<path:path>")
@permission_required("edit")
def preview_asset(path):
    return extension_asset_response(path)
