"""The JSON APIs: the public, read-only guidance (``public``) that every extension
downloads, and the token-authenticated admin API (``admin``) for automation, with
their request and answer shapes (``schemas``) and the OpenAPI document describing both
(``openapi``). Errors take the one shape ``server.errors`` gives them."""

from . import admin, public


def init_app(app):
    public.init_app(app)
    admin.init_app(app)
