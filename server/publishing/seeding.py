"""The shipped default guidance in a running app: published on first start, and never over
guidance already published here (``store.ensure_seeded``)."""

from flask import current_app

from ..db import get_session, upgrade_database
from . import store
from .format_upgrade import upgrade_format1_draft


def seeded_current():
    """Apply pending migrations and seed the shipped default if nothing is published yet;
    return the current version. For CLI commands, which run without a request."""
    upgrade_database()
    return store.ensure_seeded(get_session(), current_app.config["DEFAULT_TAXONOMY_PATH"])


def ready_to_serve():
    """What a start of the service does first: ``seeded_current``, then a format 1
    draft left by an older release brought to format 2 (``format_upgrade``)."""
    version = seeded_current()
    upgrade_format1_draft(get_session(), current_app.config["DEFAULT_TAXONOMY_PATH"])
    return version


def seed_with_default(app):
    """A function publishing ``app``'s shipped default into an empty store, for the cache."""
    default_path = app.config["DEFAULT_TAXONOMY_PATH"]
    return lambda session: store.ensure_seeded(session, default_path)
