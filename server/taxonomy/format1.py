"""Taxonomy format 1 (``schema_version`` 1), as it was: the format of documents written
before format 2, of the versions published with it, and of what ``/api/v1/taxonomy``
serves to the extensions that know only this one. Frozen: change ``schemas`` instead.

Where format 1 had what format 2 has, the schemas are format 2's.
"""

from marshmallow import fields, validate

from . import schemas
from .fields import StrictSchema, https_url, id_list, identifier, text
from .schemas import GroupSchema, MetaSchema, section

SCHEMA_VERSION = 1


class JurisdictionSchema(StrictSchema):
    id = identifier(required=True)
    name = text(80)


class CategorySchema(schemas.CategorySchema):
    references = id_list(1, 20, required=True)


class CautionSchema(StrictSchema):
    id = identifier(required=True)
    title = text(120)
    text = text(600)
    severity = fields.String(required=True, validate=validate.OneOf(schemas.SEVERITIES))
    jurisdictions = id_list(0, 20)
    references = id_list(0, 10)


class ReferenceSchema(StrictSchema):
    id = identifier(required=True)
    title = text(300)
    publisher = text(120)
    year = fields.Integer(required=True, strict=True, validate=validate.Range(1900, 2100))
    url = https_url(required=True)


class SiteSchema(schemas.SiteSchema):
    class Meta(StrictSchema.Meta):
        exclude = ("uses", "exclude")


class TaxonomySchema(StrictSchema):
    schema_version = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Equal(SCHEMA_VERSION, error=f"Must be {SCHEMA_VERSION}."),
    )
    meta = fields.Nested(MetaSchema, required=True)
    jurisdictions = section(JurisdictionSchema, 0, 50)
    groups = section(GroupSchema, 2, 10)
    categories = section(CategorySchema, 1, 50)
    cautions = section(CautionSchema, 1, 1000)
    references = section(ReferenceSchema, 1, 1000)
    sites = section(SiteSchema, 0, 5000)


taxonomy_schema = TaxonomySchema()

# Format 1's rules between items, in the shape of shared/taxonomy-rules.json.
RULES = {
    "sections": ["jurisdictions", "groups", "categories", "cautions", "references", "sites"],
    "unique_ids": [
        {"section": name}
        for name in ("jurisdictions", "groups", "categories", "cautions", "references", "sites")
    ],
    "required_ids": {
        "groups": ["working-online", "digital-communication"],
        "categories": [
            "telephone",
            "live-chat",
            "video",
            "email",
            "texting",
            "social-media",
            "online-resources",
            "calendar",
            "ai-assistants",
        ],
    },
    "references": [
        {"section": "categories", "field": "groups", "target": "groups"},
        {"section": "categories", "field": "cautions", "target": "cautions"},
        {"section": "categories", "field": "references", "target": "references"},
        {"section": "cautions", "field": "jurisdictions", "target": "jurisdictions"},
        {"section": "cautions", "field": "references", "target": "references"},
        {"section": "sites", "field": "categories", "target": "categories"},
        {"section": "sites", "field": "cautions", "target": "cautions"},
    ],
    "used": ["cautions", "references"],
    "later_dates": [{"section": "meta", "field": "next_review", "than": "reviewed"}],
}
