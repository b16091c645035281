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
    "Jurisdiction": schemas.JurisdictionSchema,
    "Group": schemas.GroupSchema,
    "Category": schemas.CategorySchema,
    "Caution": schemas.CautionSchema,
    "Reference": schemas.ReferenceSchema,
    "Site": schemas.SiteSchema,
    "Taxonomy": schemas.TaxonomySchema,
}


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
        name: _rewrite_refs(definition)
        for name, definition in spec.to_dict()["components"]["schemas"].items()
    }
    root = defs.pop("Taxonomy")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Digital Practice Guide taxonomy",
        "description": (
            f"Guidance categories, cautions, references and site rules (schema_version "
            f"{schemas.SCHEMA_VERSION}). Cross-references between ids and the 2 MiB size "
            "limit are checked by the service."
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
