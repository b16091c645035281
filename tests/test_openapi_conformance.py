"""Property-based: the API against its own OpenAPI document (schemathesis).

For every operation, public and admin (with an admin's token), schemathesis generates
requests from the document, valid and invalid, and checks each answer: no 5xx, and a
status, content type, headers and body that the document lists. The run is bounded
(EXAMPLES per operation) and derandomised, so it is the same run every time and
cannot flake; a new 5xx or an answer that contradicts the document fails it.
"""

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from server.api.openapi import openapi_document
from server.db import session_scope
from server.publishing import drafts
from tests.conftest import token_for

EXAMPLES = 30
# Requests the document allows may still be refused for reasons it states but no
# schema can express: a revision that is not the draft's (412), a step the draft's
# state does not allow (409), a taxonomy whose cross-references do not hold (400).
# Beside schemathesis's own lists, so 5xx are left to its not_a_server_error check.
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "412", "429", "5xx"]
REJECTED = ["400", "401", "403", "404", "405", "406", "409", "412", "415", "422", "428"]
REJECTED += ["429", "5xx"]
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            # A missing If-Match is 428 Precondition Required (RFC 6585), as documented.
            "missing_required_header": {"expected-statuses": [400, 401, 403, 406, 415, 422, 428]},
            "positive_data_acceptance": {"expected-statuses": ACCEPTED},
            "negative_data_rejection": {"expected-statuses": REJECTED},
        },
        "operations": [
            {
                "include-path": "/api/v1/admin/draft",
                "include-method": "PUT",
                "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "400"]}},
            }
        ],
    }
)
REVISION_TAG = re.compile(r'"draft-\d+"')


class CurrentApp:
    """The WSGI app schemathesis sends to, also for the extra requests some checks make
    (a request without the token, say): the app of the test running now."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


CURRENT = CurrentApp()
# The document the service serves at /api/v1/openapi.json (a test checks they are one).
schema = schemathesis.openapi.from_dict(openapi_document(), config=CONFIG)
schema.app = CURRENT


@pytest.fixture
def admin_token(app, accounts):
    """The app under test, with a token of ada's (an admin may do everything)."""
    CURRENT.app = app
    yield token_for(app, "ada", "conformance")
    CURRENT.app = None


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_is_what_the_document_says(case, admin_token):
    # gzip has its own tests (test_api.py); the test transport does not decompress.
    headers = {"Accept-Encoding": "identity"}
    if case.operation.path.startswith("/api/v1/admin/"):
        headers["Authorization"] = f"Bearer {admin_token}"
    if REVISION_TAG.fullmatch((case.headers or {}).get("If-Match", "")):
        # A well-formed revision becomes the draft's own, so that changes get through too.
        case.headers["If-Match"] = f'"draft-{current_revision()}"'
    case.call_and_validate(headers=headers)


def current_revision():
    app = CURRENT.app
    with app.app_context(), session_scope(app) as session:
        return drafts.get_draft(session, app.config["DEFAULT_TAXONOMY_PATH"]).revision


def test_the_document_tested_is_the_one_served(client):
    assert client.get("/api/v1/openapi.json").get_json() == openapi_document()
