"""Where a build's packages live on the service, and which server addresses a build
may carry.

Browsers fetch the update manifest and the packages from the address in the policy, so
it must be the address staff browsers reach: https, except on this machine (a browser
trusts http://localhost and 127.0.0.1, and tests and development need them).
"""

from urllib.parse import urlsplit

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
PREFIX = "/extension"
PACKAGE_NAME = "digital-practice-guide"


class ServerUrlInvalid(ValueError):
    """The address cannot be the one the extension and its packages are reached at."""


def server_url(value):
    """``value`` as the build's server address (no trailing slash), or ServerUrlInvalid."""
    text = (value or "").strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ServerUrlInvalid(f"{value!r} is not an http(s) address")
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS:
        raise ServerUrlInvalid(
            f"{text} must use https: browsers install and update extensions from it"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ServerUrlInvalid(f"{text} must be a plain address, without ?, # or a user")
    return text


def chrome_updates(base):
    return f"{base}{PREFIX}/chrome/updates.xml"


def crx_file(version):
    return f"{PACKAGE_NAME}-{version}.crx"


def crx(base, version):
    return f"{base}{PREFIX}/chrome/{crx_file(version)}"


def xpi_file(version=None):
    return f"{PACKAGE_NAME}-{version}.xpi" if version else f"{PACKAGE_NAME}.xpi"


def xpi(base, version=None):
    """The Firefox package: of one version, or (no version) always the newest build's."""
    return f"{base}{PREFIX}/firefox/{xpi_file(version)}"


def firefox_updates(base):
    return f"{base}{PREFIX}/firefox/updates.json"


def firefox_update_url(base):
    """Firefox checks for updates only over https: a local build gets no update_url."""
    return firefox_updates(base) if base.startswith("https://") else None
