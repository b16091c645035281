"""The OpenAPI 3 document and the taxonomy's JSON Schema, both generated from
the marshmallow schemas so they cannot drift from what the server enforces."""

from functools import cache

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from . import schemas

ERROR_RESPONSE = {
    "description": "An error, in the API's one error shape.",
    "content": {"application/json": {"schema": "Error"}},
}

# Nested schemas come before the schemas that use them, so each keeps its own name.
SCHEMAS = {
    "Error": schemas.ErrorSchema,
    "Meta": schemas.MetaSchema,
    "Jurisdiction": schemas.JurisdictionSchema,
    "Group": schemas.GroupSchema,
    "Category": schemas.CategorySchema,
    "Caution": schemas.CautionSchema,
    "Reference": schemas.ReferenceSchema,
    "Site": schemas.SiteSchema,
    "Taxonomy": schemas.TaxonomySchema,
    "VersionSummary": schemas.VersionSummarySchema,
    "PublishedTaxonomy": schemas.PublishedTaxonomySchema,
    "VersionList": schemas.VersionListSchema,
    "CategorySummary": schemas.CategorySummarySchema,
    "CategoryList": schemas.CategoryListSchema,
    "ResolvedSite": schemas.ResolvedSiteSchema,
    "ResolvedCaution": schemas.ResolvedCautionSchema,
    "ResolvedCategory": schemas.ResolvedCategorySchema,
    "Health": schemas.HealthSchema,
}


def _json(schema, description, headers=None):
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


ETAG_HEADERS = {
    "ETag": {"schema": {"type": "string"}, "description": "Strong validator of the version."},
    "Cache-Control": {"schema": {"type": "string"}},
    "X-Taxonomy-Version": {"schema": {"type": "integer"}},
}
IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "schema": {"type": "string"},
    "description": "The ETag the client holds; answered with 304 when it is current.",
}
NOT_MODIFIED = {"description": "The client's copy is current.", "headers": ETAG_HEADERS}

PATHS = {
    "/api/v1/taxonomy": {
        "get": {
            "summary": "The current published guidance",
            "description": "The whole taxonomy, for clients to classify pages on their own device.",
            "parameters": [IF_NONE_MATCH],
            "responses": {
                "200": _json("PublishedTaxonomy", "The current version.", ETAG_HEADERS),
                "304": NOT_MODIFIED,
                "default": ERROR_RESPONSE,
            },
        }
    },
    "/api/v1/taxonomy/versions": {
        "get": {
            "summary": "Published versions, newest first",
            "parameters": [{"in": "query", "schema": schemas.VersionListQuerySchema}],
            "responses": {
                "200": _json("VersionList", "A page of versions."),
                "default": ERROR_RESPONSE,
            },
        }
    },
    "/api/v1/taxonomy/versions/{number}": {
        "get": {
            "summary": "One published version (immutable)",
            "parameters": [
                {"in": "path", "name": "number", "required": True, "schema": {"type": "integer"}},
                IF_NONE_MATCH,
            ],
            "responses": {
                "200": _json("PublishedTaxonomy", "That version.", ETAG_HEADERS),
                "304": NOT_MODIFIED,
                "404": ERROR_RESPONSE,
                "default": ERROR_RESPONSE,
            },
        }
    },
    "/api/v1/categories": {
        "get": {
            "summary": "The categories of the current guidance",
            "responses": {
                "200": _json("CategoryList", "Every category."),
                "default": ERROR_RESPONSE,
            },
        }
    },
    "/api/v1/categories/{category_id}": {
        "get": {
            "summary": "One category with its cautions, references and sites resolved",
            "parameters": [
                {
                    "in": "path",
                    "name": "category_id",
                    "required": True,
                    "schema": {"type": "string"},
                },
                {"in": "query", "schema": schemas.JurisdictionQuerySchema},
            ],
            "responses": {
                "200": _json("ResolvedCategory", "The category."),
                "404": ERROR_RESPONSE,
                "default": ERROR_RESPONSE,
            },
        }
    },
    "/healthz": {
        "get": {
            "summary": "Whether the database is reachable, and the current version",
            "responses": {
                "200": _json("Health", "Healthy."),
                "503": _json("Health", "The database is unreachable."),
            },
        }
    },
}


def _spec(openapi_version):
    spec = APISpec(
        title="Digital Practice Guide API",
        version="1",
        openapi_version=openapi_version,
        plugins=[MarshmallowPlugin()],
        info={
            "description": (
                "Read-only guidance for the Digital Practice Guide extension. Clients download "
                "the whole taxonomy and classify pages locally; no endpoint receives visited URLs."
            )
        },
    )
    for name, schema in SCHEMAS.items():
        spec.components.schema(name, schema=schema)
    return spec


@cache
def openapi_document():
    spec = _spec("3.0.3")
    for path, operations in PATHS.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


@cache
def taxonomy_json_schema():
    """The taxonomy format as a JSON Schema (2020-12), for tools and the extension."""
    components = _spec("3.1.0").to_dict()["components"]["schemas"]
    names = [
        "Taxonomy",
        "Meta",
        "Jurisdiction",
        "Group",
        "Category",
        "Caution",
        "Reference",
        "Site",
    ]
    defs = {name: _rewrite_refs(components[name]) for name in names}
    root = defs.pop("Taxonomy")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Digital Practice Guide taxonomy",
        "description": (
            "Guidance categories, cautions, references and site rules (schema_version 1). "
            "Cross-references between ids and the 2 MiB size limit are checked by the service."
        ),
        **root,
        "$defs": defs,
    }


def _rewrite_refs(node):
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
