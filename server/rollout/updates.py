"""The update manifests browsers poll: Chrome's gupdate XML and Firefox's updates.json."""

import json
from xml.sax.saxutils import quoteattr

from . import addresses
from .keys import gecko_id

GUPDATE_NAMESPACE = "http://www.google.com/update2/response"


def chrome_updates_xml(extension_id, codebase, version):
    """The gupdate answer naming the one CRX a browser should have."""
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f"<gupdate xmlns={quoteattr(GUPDATE_NAMESPACE)} protocol='2.0'>\n"
        f"  <app appid={quoteattr(extension_id)}>\n"
        f"    <updatecheck codebase={quoteattr(codebase)} version={quoteattr(version)}/>\n"
        "  </app>\n"
        "</gupdate>\n"
    )


def firefox_updates_json(addon_id, link, version, xpi_sha256):
    """Firefox's update manifest for the add-on: one version, its package and hash."""
    update = {"version": version, "update_link": link, "update_hash": f"sha256:{xpi_sha256}"}
    return json.dumps({"addons": {addon_id: {"updates": [update]}}}, indent=2) + "\n"


def for_build(build):
    """(Chrome XML, Firefox JSON) for a stored ExtensionBuild."""
    base = build.server_url
    xml = chrome_updates_xml(build.extension_id, addresses.crx(base, build.version), build.version)
    firefox = firefox_updates_json(
        gecko_id(build.extension_id),
        addresses.xpi(base, build.version),
        build.version,
        build.xpi_sha256,
    )
    return xml, firefox
