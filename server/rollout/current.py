"""This instance's build, in a running app: its key, its address and its guidance."""

from flask import current_app

from . import addresses, builds, keys


def signing_key():
    """The instance's key, made on first use (instance/extension-key.pem)."""
    return keys.load_or_create(keys.key_path(current_app))


def server_url(request_root=None):
    """The address to build for: PUBLIC_URL when set (behind a proxy, the request's own
    address may not be the one staff browsers use), else the request's."""
    configured = current_app.config.get("PUBLIC_URL")
    return addresses.server_url(configured or request_root or "")


def published():
    return current_app.extensions["practice_guide_published"].current()


def plan(session):
    return builds.plan(session, published().document)


def build(session, *, server_url, author):
    """Build the published guidance for ``server_url`` now; return the build."""
    snapshot = published()
    return builds.make(
        session,
        key=signing_key(),
        document=snapshot.document,
        taxonomy_version=snapshot.version,
        server_url=server_url,
        author=author,
    )


def rebuild_if_needed(session, *, author):
    """After a publish: a new build, for the last build's address, when the guidance now
    has sites the last build lacks; None when none is needed (or none was ever made)."""
    planned = plan(session)
    if not planned.needed:
        return None
    return build(session, server_url=planned.latest.server_url, author=author)
