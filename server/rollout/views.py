"""The packages and update manifests, served without sign-in: they hold nothing secret
(the key's public half only), and browsers fetch them unattended.

Versioned packages never change, so they are cached for a year; the manifests and the
newest Firefox package change with each build, so clients revalidate them (ETag).
"""

from flask import Blueprint, abort, make_response, request

from ..db import get_session
from . import addresses, builds, updates

bp = Blueprint("rollout", __name__, url_prefix=addresses.PREFIX)

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
CRX_TYPE = "application/x-chrome-extension"
XPI_TYPE = "application/x-xpinstall"


def _latest():
    build = builds.latest(get_session())
    if build is None:
        abort(404, description="No extension has been built here yet.")
    return build


def _answer(body, media_type, etag, cache_control, download=None):
    response = make_response(body, 200, {"Content-Type": media_type})
    response.set_etag(etag)
    response.headers["Cache-Control"] = cache_control
    if download:
        response.headers["Content-Disposition"] = f'attachment; filename="{download}"'
    return response.make_conditional(request)


@bp.get("/chrome/updates.xml")
def chrome_updates():
    xml, _firefox = updates.for_build(_latest())
    return _answer(xml, "application/xml; charset=utf-8", builds.sha256(xml.encode()), REVALIDATE)


@bp.get("/chrome/<string:name>.crx")
def crx(name):
    build = _versioned(name, ".crx")
    return _answer(
        build.crx, CRX_TYPE, build.crx_sha256, IMMUTABLE, addresses.crx_file(build.version)
    )


@bp.get("/firefox/updates.json")
def firefox_updates():
    _xml, text = updates.for_build(_latest())
    return _answer(text, "application/json", builds.sha256(text.encode()), REVALIDATE)


@bp.get("/firefox/<string:name>.xpi")
def xpi(name):
    if f"{name}.xpi" == addresses.xpi_file():
        build, cache = _latest(), REVALIDATE
    else:
        build, cache = _versioned(name, ".xpi"), IMMUTABLE
    return _answer(build.xpi, XPI_TYPE, build.xpi_sha256, cache, addresses.xpi_file(build.version))


def _versioned(name, suffix):
    """The build a versioned file name (digital-practice-guide-0.1.0.3) names, or 404."""
    prefix = f"{addresses.PACKAGE_NAME}-"
    version = name[len(prefix) :] if name.startswith(prefix) else ""
    build = builds.by_version(get_session(), version) if version else None
    if build is None:
        abort(404, description=f"No package {name}{suffix} here.")
    return build
