"""Publishing: guidance moves from the shared draft to immutable published versions.

- ``store``: the published versions (immutable; publishing is one transaction) and the
  shipped default seeded into an empty store;
- ``cache``: prepared bytes of published versions, so polling clients cost little;
- ``drafts``: the one shared draft, its revisions, review, publish and rollback;
- ``importing``: bringing a whole document into the draft (CLI, admin page, admin API);
- ``audit``: the append-only record of who did what;
- ``seeding``, ``cli``: the same in a running app and on the command line.

Domain functions take a SQLAlchemy session and know nothing of Flask.
"""

from . import cache, cli, seeding


def init_app(app):
    state = app.extensions["practice_guide_db"]
    app.extensions["practice_guide_published"] = cache.PublishedCache(
        session_factory=state["sessionmaker"],
        ttl=app.config["SNAPSHOT_TTL"],
        seed=seeding.seed_with_default(app),
    )
    cli.init_app(app)
