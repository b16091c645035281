"""Roll-out: the organisation's own build of the extension, on every staff browser.

- ``keys``: the instance's signing key and the extension ids that follow from it;
- ``package``: the extension's Chrome and Firefox folders (also used by
  scripts/build_extension.py);
- ``crx``: CRX3 files written in Python; ``builds``: versions, what a build holds,
  making and storing one; ``updates``: the update manifests browsers poll;
- ``policies``: ready-to-use policy files (Linux JSON, .reg, .mobileconfig, Firefox);
- ``addresses``: where the packages are served and which addresses a build may carry;
- ``current``: the same in a running app; ``views``, ``cli``: serving and the command line.
"""

from . import cli, views


def init_app(app):
    app.register_blueprint(views.bp)
    cli.init_app(app)
