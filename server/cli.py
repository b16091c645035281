"""The ``practice-guide`` command: one group for an operator.

Every command belongs to the part of the service it serves and is registered by that
part's ``init_app`` (``server.publishing.cli``, ``server.people.cli``, ...). The group
builds the app with ``create_app``, so commands see the same configuration as the
server. Flask's own options (``--app``, ``--debug``, ``--env-file``, ``--version``) and the
commands other packages add for Flask developers are left out.
"""

import click
from flask.cli import FlaskGroup

from . import create_app


class OperatorGroup(FlaskGroup):
    """FlaskGroup without the options and commands meant for Flask developers."""

    def __init__(self, **extra):
        super().__init__(
            create_app=create_app,
            add_default_commands=False,
            add_version_option=False,
            load_dotenv=False,
            set_debug_flag=False,
            **extra,
        )
        self.params = [param for param in self.params if param.name not in FLASK_OPTIONS]

    def _load_plugin_commands(self):
        """Leave out the commands other installed packages offer Flask developers through
        the ``flask.commands`` entry point (Flask-Limiter's ``limiter``)."""


FLASK_OPTIONS = frozenset({"app", "debug", "env_file"})


@click.group(cls=OperatorGroup)
def main():
    """Digital Practice Guide: the guidance service."""
