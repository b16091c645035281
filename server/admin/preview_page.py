"""The card preview: the draft's (or the published) guidance drawn by the extension's own
card code, for any site, use, jurisdiction, stage and profiles (server/admin/card_preview.py
does the work). Without a site, the draft opens on the first site whose card it changes.

Query: ``source`` (draft | published), ``site``, ``use``, ``jurisdiction``, ``stage``,
``profile`` (repeated, one per profile that holds), ``first`` (1: the reader's first
visit to the site)."""

from flask import abort, render_template, request

from ..db import get_session
from ..people.auth import permission_required
from ..publishing import drafts, store
from . import bp
from .card_preview import (
    asset_base_url,
    changed_site,
    choices,
    extension_asset_response,
    preview_data,
)
from .forms import current_draft


@bp.get("/preview")
@permission_required("edit")
def preview():
    source = request.args.get("source", "draft")
    site = request.args.get("site")
    if source == "published":
        published = store.get_current(get_session())
        document, version = store.document_of(published), published.number
    else:
        source, document, version = "draft", drafts.document_of(current_draft()), None
        if not site:
            site = changed_site(document, _published_document())
    try:
        data = preview_data(
            document,
            site,
            request.args.get("jurisdiction"),
            version=version,
            stage=request.args.get("stage"),
            profiles=request.args.getlist("profile"),
            use=request.args.get("use"),
            first_visit=request.args.get("first") == "1",
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


def _published_document():
    """The current published document, or None before anything is published."""
    published = store.get_current(get_session())
    return None if published is None else store.document_of(published)


@bp.get("/preview/ext/<path:path>")
@permission_required("edit")
def preview_asset(path):
    return extension_asset_response(path)
