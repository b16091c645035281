"""People: who may sign in to the admin area and what they may do.

- ``accounts``: users, roles, scrypt password hashes, one-time passwords;
- ``tokens``: API tokens for the admin API (only their hashes are kept);
- ``auth``: sign-in sessions (Flask-Login over server-side rows) and the permission
  decorators every admin page and admin API route declares;
- ``cli``: accounts and tokens on the server's command line.
"""

from . import auth, cli


def init_app(app):
    auth.init_app(app)
    cli.init_app(app)
