"""The taxonomy format as a JSON Schema, generated from the marshmallow schemas (the one
definition) for other tools and the extension; ``shared/taxonomy.schema.json`` is its
output (``practice-guide schema``)."""

from functools import cache

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from . import schemas

# The format's schemas under their public names. Nested schemas come before the schemas
# that use them, so each keeps its own name (the OpenAPI document registers them too).
TAXONOMY_SCHEMAS = {
    "Meta": schemas.MetaSchema,
    "EmergencyContact": schemas.EmergencyContactSchema,
    "Jurisdiction": schemas.JurisdictionSchema,
    "Profile": schemas.ProfileSchema,
    "Group": schemas.GroupSchema,
    "Citation": schemas.CitationSchema,
    "Category": schemas.CategorySchema,
    "Caution": schemas.CautionSchema,
    "Reference": schemas.ReferenceSchema,
    "SiteUse": schemas.SiteUseSchema,
    "Site": schemas.SiteSchema,
    "Taxonomy": schemas.TaxonomySchema,
}


def with_conditions(name, definition):
    """A schema's definition with its ``conditions`` (rules between its fields) added."""
    conditions = TAXONOMY_SCHEMAS[name].conditions if name in TAXONOMY_SCHEMAS else ()
    rules = [condition.json_schema() for condition in conditions]
    if len(rules) == 1:
        return {**definition, **rules[0]}
    if rules:
        return {**definition, "allOf": rules}
    return definition


@cache
def taxonomy_json_schema():
    """The taxonomy format as a JSON Schema (2020-12)."""
    spec = APISpec(
        title="Digital Practice Guide taxonomy",
        version=str(schemas.SCHEMA_VERSION),
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
    )
    for name, schema in TAXONOMY_SCHEMAS.items():
        spec.components.schema(name, schema=schema)
    defs = {
        name: _rewrite_refs(with_conditions(name, definition))
        for name, definition in spec.to_dict()["components"]["schemas"].items()
    }
    root = defs.pop("Taxonomy")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Digital Practice Guide taxonomy",
        "description": (
            f"Guidance categories, cautions, references and site rules (schema_version "
            f"{schemas.SCHEMA_VERSION}). The rules between items (ids resolve and are "
            "unique, dates in order, jurisdictions form a tree) are in "
            "taxonomy-rules.json; documents are at most 2 MiB."
        ),
        **root,
        "$defs": defs,
    }


def _rewrite_refs(node):
    """OpenAPI's component references, as references into this schema's ``$defs``."""
    if isinstance(node, dict):
        return {
            key: (
                value.replace("#/components/schemas/", "#/$defs/")
                if key == "$ref"
                else _rewrite_refs(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(item) for item in node]
    return node
