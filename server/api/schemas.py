"""The shapes of the JSON APIs' requests and answers, documented in the OpenAPI document.

The taxonomy document itself is defined once, in ``server.taxonomy.schemas``; these are
the envelopes and views around it.
"""

from marshmallow import Schema, fields, validate

from ..models import INTEGER_MAX
from ..publishing import audit, drafts
from ..taxonomy import format1
from ..taxonomy.plain_text import LINE_PATTERN, TEXT_PATTERN, no_control
from ..taxonomy.schemas import (
    ID_PATTERN,
    STAGES,
    CautionSchema,
    GroupSchema,
    ReferenceSchema,
    SiteUseSchema,
    TaxonomySchema,
    WholeMatch,
)

# --- The public API ---------------------------------------------------------------------


class ErrorSchema(Schema):
    code = fields.String(required=True, metadata={"description": "Stable machine-readable code."})
    status = fields.Integer(required=True)
    message = fields.String(required=True)
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Field path to its problems, for invalid input."},
    )


class VersionSummarySchema(Schema):
    version = fields.Integer(required=True)
    sha256 = fields.String(required=True)
    published_at = fields.DateTime(required=True)
    author = fields.String(required=True)
    change_note = fields.String(required=True)


class PublishedTaxonomySchema(VersionSummarySchema):
    taxonomy = fields.Nested(TaxonomySchema, required=True)


class PublishedTaxonomyFormat1Schema(VersionSummarySchema):
    taxonomy = fields.Nested(format1.TaxonomySchema, required=True)


class VersionListSchema(Schema):
    versions = fields.List(fields.Nested(VersionSummarySchema), required=True)
    total = fields.Integer(required=True)
    limit = fields.Integer(required=True)
    offset = fields.Integer(required=True)


def offset_field():
    """How many items to skip: at most the largest id, which is as many as there can be."""
    return fields.Integer(load_default=0, validate=validate.Range(0, INTEGER_MAX))


class VersionListQuerySchema(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))
    offset = offset_field()


class JurisdictionQuerySchema(Schema):
    jurisdiction = fields.String(validate=WholeMatch(ID_PATTERN))


class CategorySummarySchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    groups = fields.List(fields.String(), required=True)
    mode = fields.String(required=True)
    mode_note = fields.String(required=True)
    summary = fields.String(required=True)


class CategoryListSchema(Schema):
    version = fields.Integer(required=True)
    categories = fields.List(fields.Nested(CategorySummarySchema), required=True)


class ResolvedSiteSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    patterns = fields.List(fields.String(), required=True)


class ResolvedCautionSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    text = fields.String(required=True)
    severity = fields.String(required=True)
    jurisdictions = fields.List(fields.String(), required=True)
    references = fields.List(fields.Nested(format1.ReferenceSchema), required=True)


class ResolvedCategorySchema(Schema):
    version = fields.Integer(required=True)
    id = fields.String(required=True)
    name = fields.String(required=True)
    groups = fields.List(fields.Nested(GroupSchema), required=True)
    mode = fields.String(required=True)
    mode_note = fields.String(required=True)
    summary = fields.String(required=True)
    benefits = fields.List(fields.String(), required=True)
    cautions = fields.List(fields.Nested(ResolvedCautionSchema), required=True)
    questions = fields.List(fields.String(), required=True)
    checklist = fields.List(fields.String(), required=True)
    references = fields.List(fields.Nested(format1.ReferenceSchema), required=True)
    sites = fields.List(fields.Nested(ResolvedSiteSchema), required=True)


# Format 2: a category for one reader (GET /api/v2/categories/<id>).


class ReaderQuerySchema(Schema):
    """Who is reading: each part optional; what is not given is not filtered on."""

    jurisdiction = fields.String(
        validate=WholeMatch(ID_PATTERN),
        metadata={"description": "Where the reader practises: a country or a region."},
    )
    stage = fields.String(validate=validate.OneOf(STAGES))
    profile = fields.List(
        fields.String(validate=WholeMatch(ID_PATTERN)),
        metadata={"description": "A profile that holds for the reader (repeat for each)."},
    )
    site = fields.String(
        validate=WholeMatch(ID_PATTERN),
        metadata={"description": "The site the reader is on: its own cautions join in."},
    )
    use = fields.String(
        validate=WholeMatch(ID_PATTERN),
        metadata={"description": "What the reader does on that site (one of its uses)."},
    )


class ResolvedCitationSchema(Schema):
    reference = fields.Nested(ReferenceSchema, required=True)
    section = fields.String(allow_none=True, required=True)


class ReaderCautionSchema(CautionSchema):
    references = fields.List(fields.Nested(ResolvedCitationSchema), required=True)


class ReaderSiteSchema(ResolvedSiteSchema):
    exclude = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Addresses its patterns match that are not the site."},
    )
    uses = fields.List(fields.Nested(SiteUseSchema), required=True)


class ReaderCategorySchema(Schema):
    version = fields.Integer(required=True)
    id = fields.String(required=True)
    name = fields.String(required=True)
    applies = fields.Boolean(
        required=True,
        metadata={"description": "False when the chosen use of the site does not bring it."},
    )
    groups = fields.List(fields.Nested(GroupSchema), required=True)
    mode = fields.String(required=True)
    mode_note = fields.String(required=True)
    summary = fields.String(required=True)
    benefits = fields.List(fields.String(), required=True)
    cautions = fields.List(
        fields.Nested(ReaderCautionSchema),
        required=True,
        metadata={"description": "Only those that apply, by force, severity, then order."},
    )
    questions = fields.List(fields.String(), required=True)
    checklist = fields.List(fields.String(), required=True)
    references = fields.List(fields.Nested(ResolvedCitationSchema), required=True)
    sites = fields.List(fields.Nested(ReaderSiteSchema), required=True)


class HealthSchema(Schema):
    status = fields.String(required=True, metadata={"enum": ["ok", "degraded", "unavailable"]})
    database = fields.String(
        required=True,
        metadata={
            "enum": ["ok", "not_writable", "unreachable"],
            "description": "not_writable: reads work but a write cannot start now (another "
            "holds the lock, or the server is read-only); edits and sign-ins answer 503.",
        },
    )
    version = fields.Integer(allow_none=True)


# --- The admin API ------------------------------------------------------------------


class DraftStateSchema(Schema):
    revision = fields.Integer(required=True)
    state = fields.String(
        required=True, metadata={"enum": [drafts.EDITING, drafts.IN_REVIEW, drafts.APPROVED]}
    )
    status = fields.String(required=True, metadata={"enum": list(drafts.STATUS_LABELS)})
    status_label = fields.String(required=True)
    base_version = fields.Integer(allow_none=True)
    updated_at = fields.DateTime(required=True)
    updated_by = fields.String(required=True)
    editors = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Who changed the draft since the last publish."},
    )
    review_requested_by = fields.String(allow_none=True)
    review_requested_at = fields.DateTime(allow_none=True)
    review_note = fields.String(allow_none=True)
    approved_by = fields.String(allow_none=True)
    approved_at = fields.DateTime(allow_none=True)


class DraftSchema(DraftStateSchema):
    # Served as stored (like the published versions), so only documented through this.
    taxonomy = fields.Nested(TaxonomySchema, required=True)


class TakenFieldSchema(Schema):
    path = fields.String(
        required=True, metadata={"description": "Where, such as `cautions[3].action`."}
    )
    message = fields.String(required=True, metadata={"description": "What to check."})


class ConversionSchema(Schema):
    from_format = fields.Integer(required=True, metadata={"enum": [format1.SCHEMA_VERSION]})
    taken_from_draft = fields.List(
        fields.Nested(TakenFieldSchema),
        required=True,
        metadata={
            "description": "What format 1 cannot say and only a person can write, each "
            "taken from the draft's caution or reference with the same id: check them."
        },
    )


class ImportedDraftSchema(DraftSchema):
    converted = fields.Nested(
        ConversionSchema,
        metadata={"description": "Present when the document sent was in format 1."},
    )


class ReviewRequestSchema(Schema):
    note = fields.String(
        load_default="",
        validate=[validate.Length(max=2000), no_control()],
        metadata={"pattern": TEXT_PATTERN},
    )


class PublishRequestSchema(Schema):
    change_note = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=2000), no_control()],
        metadata={
            "description": "What changed and why; shown in the version history.",
            "pattern": TEXT_PATTERN,
        },
    )


class AuditQuerySchema(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))
    offset = offset_field()
    action = fields.String(validate=validate.OneOf(list(audit.ACTIONS)))
    actor = fields.String(
        validate=[validate.Length(min=1, max=64), no_control(multiline=False)],
        metadata={"pattern": LINE_PATTERN},
    )


class AuditEventSchema(Schema):
    id = fields.Integer(required=True)
    at = fields.DateTime(required=True)
    actor = fields.String(required=True)
    channel = fields.String(required=True, metadata={"enum": list(audit.CHANNELS)})
    action = fields.String(required=True, metadata={"enum": list(audit.ACTIONS)})
    action_label = fields.String(required=True)
    summary = fields.String(required=True)
    details = fields.Dict(keys=fields.String(), required=True)


class AuditListSchema(Schema):
    events = fields.List(fields.Nested(AuditEventSchema), required=True)
    total = fields.Integer(required=True)
    limit = fields.Integer(required=True)
    offset = fields.Integer(required=True)
