"""The JSON Schema and OpenAPI documents agree with what marshmallow enforces."""

import json
import re
from pathlib import Path

import jsonschema
import pytest
from openapi_spec_validator import validate as validate_openapi

from server.matching import parse_pattern
from server.taxonomy.document import validate_document
from server.taxonomy.fields import excludes_outside, too_broad
from server.taxonomy.json_schema import taxonomy_json_schema
from server.taxonomy.rules import reference_errors
from tests.samples import minimal_taxonomy
from tests.test_schemas import CASES, changed

REPO = Path(__file__).resolve().parent.parent
SCHEMA_FILE = REPO / "shared" / "taxonomy.schema.json"


def ecma_pattern(validator, pattern, instance, schema):
    """``pattern`` as JavaScript reads it: a final ``$`` is the end of the text, never
    the place before a final line break (Python's re, which jsonschema uses, allows one)."""
    if validator.is_type(instance, "string"):
        ending = pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern
        if not re.search(ending, instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


EcmaValidator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, {"pattern": ecma_pattern}
)


@pytest.fixture(scope="module")
def validator():
    schema = taxonomy_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return EcmaValidator(schema, format_checker=jsonschema.FormatChecker())


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


def schema_and_rules_problems(validator, document):
    """What the extension checks: the JSON Schema, then the shared rules table, match
    patterns and the excludes' hosts (what JSON Schema cannot state)."""
    problems = [error.message for error in validator.iter_errors(document)]
    problems += list(reference_errors(document))
    for site in document.get("sites", []) if isinstance(document.get("sites"), list) else []:
        if not isinstance(site, dict):
            continue
        for field in ("patterns", "exclude"):
            for raw in site.get(field, []) if isinstance(site.get(field), list) else []:
                try:
                    if too_broad(parse_pattern(raw)):
                        problems.append(f"{raw}: too broad")
                except (TypeError, ValueError) as exc:
                    problems.append(str(exc))
        problems += list(excludes_outside(site.get("patterns"), site.get("exclude")).values())
    return problems


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_the_schema_and_the_rules_decide_as_the_service_does(validator, taxonomy, case):
    """Together, the published JSON Schema and shared/taxonomy-rules.json refuse exactly
    the documents marshmallow refuses, so the extension can rely on them."""
    document = changed(taxonomy, case["changes"])
    problems = schema_and_rules_problems(validator, document)
    if case["problems"]:
        assert problems, f"the JSON Schema and the rules accepted: {case['name']}"
    else:
        assert problems == []


def test_openapi_document_is_valid(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    validate_openapi(document)
    assert set(document["paths"]) >= {
        "/api/v2/taxonomy",
        "/api/v2/categories/{category_id}",
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
        rule.rule.replace("<int:number>", "{number}")
        .replace("<category_id>", "{category_id}")
        .replace("<any(v1, v2):api>", api)
        for rule in app.url_map.iter_rules()
        for api in ("v1", "v2")
        if rule.rule.startswith(("/api/", "/healthz")) and rule.rule != "/api/v1/openapi.json"
    }
    assert routes <= documented


def test_openapi_describes_a_site_s_excludes_in_format_2_only(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert schemas["Site"]["properties"]["exclude"]["items"]["type"] == "string"
    assert "exclude" in schemas["ReaderSite"]["required"]
    assert "exclude" not in schemas["Format1Site"]["properties"]
