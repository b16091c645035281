"""The organisation's builds: what the next one holds, its version, and making it.

A build carries the published guidance's sites as host permissions, which browsers grant
at install (and, for a force-installed extension, at an update) without asking anyone,
so a staff browser needs no clicks. Versions are the source manifest's version with the
build's number after it (0.1.0 -> 0.1.0.7): each build goes up by one, and a build whose
version would not be above the last is refused, since browsers ignore an older one.

Domain functions take a SQLAlchemy session and know nothing of Flask.
"""

import hashlib
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from ..models import ExtensionBuild
from . import addresses, crx, keys, package

# Each part of a Chrome version is a number from 0 to 65535.
VERSION_PART_MAX = 65535


class BuildRefused(ValueError):
    """A build that must not be made (its version would not go up, a bad address...)."""


def latest(session):
    """The newest build, or None before the first."""
    return session.scalars(
        select(ExtensionBuild).order_by(ExtensionBuild.number.desc()).limit(1)
    ).first()


def by_version(session, version):
    return session.scalars(select(ExtensionBuild).where(ExtensionBuild.version == version)).first()


def hosts_of(build):
    return json.loads(build.hosts)


def version_key(version):
    return tuple(int(part) for part in version.split("."))


def next_version(base, number, previous=None):
    """The version of build ``number`` from the manifest's ``base``; refused unless it is
    above ``previous`` (the last build's version)."""
    parts = version_key(base)
    if len(parts) > 3:
        raise BuildRefused(f"the manifest's version {base} leaves no place for a build number")
    if number > VERSION_PART_MAX:
        raise BuildRefused(f"build number {number} is beyond what a version can hold")
    version = ".".join(str(part) for part in (*parts, number))
    if previous is not None and version_key(version) <= version_key(previous):
        raise BuildRefused(f"version {version} would not be above the last build's {previous}")
    return version


@dataclass(frozen=True)
class Plan:
    """What a build made now would change: the sites the last build lacks or has extra."""

    hosts: list
    added: list
    removed: list
    latest: ExtensionBuild | None

    @property
    def needed(self):
        """A build is needed when the guidance has sites the current build cannot see.
        (A site removed from the guidance needs none: the extension stops matching it.)"""
        return self.latest is not None and bool(self.added)


def plan(session, document):
    hosts = package.site_patterns(document)
    current = latest(session)
    had = hosts_of(current) if current is not None else []
    return Plan(
        hosts=hosts,
        added=[host for host in hosts if host not in had],
        removed=[host for host in had if host not in hosts],
        latest=current,
    )


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def _packages(key, document, server_url, version, hosts):
    """(CRX bytes, XPI bytes) for this build, written in a scratch folder."""
    der = keys.public_der(key)
    chrome_id = keys.extension_id(der)
    chrome = package.chrome_manifest(
        package.source_manifest(),
        hosts,
        version=version,
        key=keys.manifest_key(der),
        update_url=addresses.chrome_updates(server_url),
    )
    firefox = package.firefox_manifest(
        chrome,
        gecko_id=keys.gecko_id(chrome_id),
        update_url=addresses.firefox_update_url(server_url),
    )
    taxonomy = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
    config = package.config_js(server_url, package.DEFAULT_SYNC_TIMEOUT_MS)
    with tempfile.TemporaryDirectory(prefix="practice-guide-build-") as scratch:
        folders = package.write_targets(
            Path(scratch), {"chrome": chrome, "firefox": firefox}, taxonomy, config
        )
        archive = package.zip_bytes(folders["chrome"])
        return crx.write_crx3(archive, key), package.zip_bytes(folders["firefox"])


def make(session, *, key, document, taxonomy_version, server_url, author):
    """Build and store the next packages for ``document`` at ``server_url``; return the
    build. Raises BuildRefused (nothing stored) when it must not be made."""
    try:
        base = addresses.server_url(server_url)
    except addresses.ServerUrlInvalid as exc:
        raise BuildRefused(str(exc)) from exc
    current = latest(session)
    chrome_id = keys.extension_id(keys.public_der(key))
    if current is not None and current.extension_id != chrome_id:
        # Another key is another extension: every browser would keep the old one.
        raise BuildRefused(
            f"the signing key is not the one build {current.number} was signed with "
            f"(id {current.extension_id}); put the original key back in place"
        )
    number = (session.scalar(select(func.max(ExtensionBuild.number))) or 0) + 1
    version = next_version(
        package.source_manifest()["version"],
        number,
        current.version if current is not None else None,
    )
    hosts = package.site_patterns(document)
    crx_bytes, xpi_bytes = _packages(key, document, base, version, hosts)
    build = ExtensionBuild(
        number=number,
        version=version,
        extension_id=chrome_id,
        server_url=base,
        hosts=json.dumps(hosts),
        taxonomy_version=taxonomy_version,
        crx_sha256=sha256(crx_bytes),
        xpi_sha256=sha256(xpi_bytes),
        crx=crx_bytes,
        xpi=xpi_bytes,
        created_by=author[:64],
    )
    session.add(build)
    session.commit()
    return build
