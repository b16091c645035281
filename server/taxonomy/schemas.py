"""marshmallow schemas: the taxonomy format (``schema_version`` 2), defined once.

The service, the admin pages and the CLI load documents through these; ``json_schema``
publishes them as ``shared/taxonomy.schema.json`` for the extension and other tools, and
``shared/taxonomy-rules.json`` states the rules between items that JSON Schema cannot
(ids resolve and are unique, dates in order, jurisdictions form a tree), read by
``rules`` here and by the extension. ``format1`` keeps the previous format, for
documents written before this one.
"""

from marshmallow import ValidationError, fields, validate, validates_schema

from .fields import (
    ID_PATTERN,
    AnyOf,
    MatchPatternField,
    Requires,
    StrictSchema,
    WholeMatch,
    choices,
    excludes_outside,
    https_url,
    id_list,
    identifier,
    text,
    text_list,
)

SCHEMA_VERSION = 2
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024

MODES = ("synchronous", "asynchronous", "both")
SEVERITIES = ("high", "medium", "low")
# When a caution matters: choosing or setting up a tool, just before a session or a
# message, during it, after it, or at any time.
STAGES = ("choosing", "before", "during", "after", "anytime")
# How binding a caution is, and on what it rests.
FORCES = ("must", "should", "consider")
BASES = ("law", "regulator", "professional-code", "guidance", "practice")
BINDING_BASES = ("law", "regulator", "professional-code")
REFERENCE_KINDS = (
    "law",
    "regulator",
    "professional-body",
    "government-guidance",
    "research",
    "other",
)
HEADLINE_WORDS = 12
ACTION_WORDS = 30


class MetaSchema(StrictSchema):
    title = text(120)
    publisher = text(120)
    reviewed = fields.Date(required=True)
    next_review = fields.Date()
    language = fields.String(
        required=True,
        validate=WholeMatch(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$", error="Not a BCP 47 tag."),
    )
    notice = text(600, required=False)


class EmergencyContactSchema(StrictSchema):
    name = text(80)
    number = fields.String(
        required=True,
        validate=[
            validate.Length(min=2, max=20),
            WholeMatch(r"^\+?[0-9](?:[0-9 ]*[0-9])?$", error="Digits, spaces and a leading +."),
        ],
    )
    when = text(200)


class JurisdictionSchema(StrictSchema):
    id = identifier(required=True)
    name = text(80)
    # A region (us-il) names its country (us); a caution tagged with the country applies
    # in all its regions, one tagged with a region only there.
    parent = identifier()
    emergency = fields.List(
        fields.Nested(EmergencyContactSchema), validate=validate.Length(min=0, max=8)
    )


class ProfileSchema(StrictSchema):
    """A yes/no question about the reader, asked once; cautions name it in applies_if."""

    id = identifier(required=True)
    question = text(200)
    help = text(400, required=False)


class GroupSchema(StrictSchema):
    id = identifier(required=True)
    name = text(80)
    description = text(400)


class CitationSchema(StrictSchema):
    """A reference cited at a place in it: a code's standard, a section of a law."""

    ref = identifier(required=True)
    section = text(60)


class Citation(fields.Field):
    """A reference id, or ``{"ref": id, "section": "H.2.a"}``."""

    _id = identifier()

    def __init__(self, **kwargs):
        metadata = {"anyOf": [_ID_JSON_SCHEMA, {"$ref": "#/components/schemas/Citation"}]}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            return self._id.deserialize(value)
        if isinstance(value, dict):
            return CitationSchema().load(value)
        raise ValidationError("Must be a reference id or an object with ref and section.")


_ID_JSON_SCHEMA = {"type": "string", "minLength": 1, "maxLength": 64, "pattern": ID_PATTERN}


def citations(min_items, max_items, **kwargs):
    return fields.List(
        Citation(required=True), validate=validate.Length(min=min_items, max=max_items), **kwargs
    )


class CategorySchema(StrictSchema):
    id = identifier(required=True)
    name = text(80)
    groups = id_list(1, 4, required=True)
    mode = fields.String(required=True, validate=validate.OneOf(MODES))
    mode_note = text(200)
    summary = text(600)
    benefits = text_list(300, 1, 12, required=True)
    cautions = id_list(1, 30, required=True)
    questions = text_list(300, 1, 6, required=True)
    checklist = text_list(200, 0, 12)
    references = citations(1, 20, required=True)


class CautionSchema(StrictSchema):
    conditions = (
        Requires(
            "force",
            "must",
            "basis",
            BINDING_BASES,
            "A 'must' rests on a law, a regulator or a professional code.",
        ),
    )

    id = identifier(required=True)
    title = text(120)
    headline = text(100, max_words=HEADLINE_WORDS)
    action = text(250, max_words=ACTION_WORDS)
    detail = text(600)
    severity = fields.String(required=True, validate=validate.OneOf(SEVERITIES))
    stage = choices(STAGES, 1, len(STAGES), required=True)
    force = fields.String(required=True, validate=validate.OneOf(FORCES))
    basis = fields.String(required=True, validate=validate.OneOf(BASES))
    reviewed = fields.Date(required=True)
    review_by = fields.Date()
    jurisdictions = id_list(0, 20)
    applies_if = id_list(0, 5)
    references = citations(0, 10)


class ReferenceSchema(StrictSchema):
    conditions = (
        AnyOf(
            "year",
            "accessed",
            message="Give the year it was published, or the date you read it (accessed).",
        ),
    )

    id = identifier(required=True)
    title = text(300)
    publisher = text(120)
    kind = fields.String(required=True, validate=validate.OneOf(REFERENCE_KINDS))
    year = fields.Integer(strict=True, validate=validate.Range(1900, 2100))
    accessed = fields.Date()
    url = https_url(required=True)


class SiteUseSchema(StrictSchema):
    """One thing practitioners do on a site, with the categories it brings (maybe none)."""

    id = identifier(required=True)
    label = text(60)
    categories = id_list(0, 9, required=True)


def match_patterns(min_items, max_items, **kwargs):
    return fields.List(
        MatchPatternField(required=True, validate=validate.Length(min=1, max=500)),
        validate=validate.Length(min=min_items, max=max_items),
        **kwargs,
    )


class SiteSchema(StrictSchema):
    id = identifier(required=True)
    name = text(80)
    patterns = match_patterns(1, 50, required=True)
    # Addresses under the site's own hosts that are not the product (its pricing page,
    # its blog): a URL belongs to the site when a pattern matches and no exclude does.
    exclude = match_patterns(0, 50)
    categories = id_list(1, 9, required=True)
    cautions = id_list(0, 10)
    uses = fields.List(fields.Nested(SiteUseSchema), validate=validate.Length(min=0, max=6))

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _excludes_under_own_hosts(self, _data, original, **_kwargs):
        """An exclude narrows the site's own patterns; one elsewhere would be a mistake.
        The extension checks the same (taxonomy-rules.json names it: exclude_patterns)."""
        if isinstance(original, dict):
            outside = excludes_outside(original.get("patterns"), original.get("exclude"))
            if outside:
                raise ValidationError({"exclude": outside})


def section(schema, min_items, max_items):
    return fields.List(
        fields.Nested(schema), required=True, validate=validate.Length(min=min_items, max=max_items)
    )


class TaxonomySchema(StrictSchema):
    schema_version = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Equal(SCHEMA_VERSION, error=f"Must be {SCHEMA_VERSION}."),
    )
    meta = fields.Nested(MetaSchema, required=True)
    jurisdictions = section(JurisdictionSchema, 0, 50)  # format 1 allows as many
    profiles = section(ProfileSchema, 0, 20)
    groups = section(GroupSchema, 2, 10)
    categories = section(CategorySchema, 1, 50)
    cautions = section(CautionSchema, 1, 1000)
    references = section(ReferenceSchema, 1, 1000)
    sites = section(SiteSchema, 0, 5000)


taxonomy_schema = TaxonomySchema()
