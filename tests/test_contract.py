"""The JSON Schema and OpenAPI documents agree with what marshmallow enforces."""

import json
from pathlib import Path

import jsonschema
import pytest
from openapi_spec_validator import validate as validate_openapi

from server.taxonomy.document import TaxonomyInvalid, validate_document
from server.taxonomy.json_schema import taxonomy_json_schema
from tests.samples import minimal_taxonomy
from tests.test_schemas import INVALID_FIELDS, set_path

REPO = Path(__file__).resolve().parent.parent
SCHEMA_FILE = REPO / "shared" / "taxonomy.schema.json"

# Rules a JSON Schema cannot express: cross-references and the semantics of a pattern.
MARSHMALLOW_ONLY = {
    "review dates reversed",
    "pattern with port",
    "pattern without path",
    "pattern matching everything",
    "pattern for a whole TLD",
    "control character",
    "blank text",
}


@pytest.fixture(scope="module")
def validator():
    schema = taxonomy_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_committed_schema_is_current():
    """shared/taxonomy.schema.json is regenerated with `practice-guide schema`."""
    assert json.loads(SCHEMA_FILE.read_text()) == taxonomy_json_schema()


def test_both_accept_a_valid_document(validator):
    document = minimal_taxonomy()
    validator.validate(document)
    validate_document(document)


def test_both_accept_the_shipped_default(validator):
    document = json.loads((REPO / "shared" / "taxonomy.json").read_text())
    validator.validate(document)
    validate_document(document)


@pytest.mark.parametrize(
    ("name", "path", "value"),
    [(case[0], case[1], case[2]) for case in INVALID_FIELDS if case[0] not in MARSHMALLOW_ONLY],
    ids=[case[0] for case in INVALID_FIELDS if case[0] not in MARSHMALLOW_ONLY],
)
def test_both_reject_an_invalid_field(validator, name, path, value):
    document = minimal_taxonomy()
    set_path(document, path, value)
    assert not validator.is_valid(document), f"JSON Schema accepted: {name}"
    with pytest.raises(TaxonomyInvalid):
        validate_document(document)


def test_openapi_document_is_valid(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    validate_openapi(document)
    assert set(document["paths"]) >= {
        "/api/v1/taxonomy",
        "/api/v1/taxonomy/versions",
        "/api/v1/taxonomy/versions/{number}",
        "/api/v1/categories",
        "/api/v1/categories/{category_id}",
        "/healthz",
    }
    assert "Taxonomy" in document["components"]["schemas"]


def test_openapi_documents_every_public_route(app, client):
    documented = set(client.get("/api/v1/openapi.json").get_json()["paths"])
    routes = {
        rule.rule.replace("<int:number>", "{number}").replace("<category_id>", "{category_id}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(("/api/", "/healthz")) and rule.rule != "/api/v1/openapi.json"
    }
    assert routes <= documented
