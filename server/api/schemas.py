"""The shapes of the JSON APIs' requests and answers, documented in the OpenAPI document.

The taxonomy document itself is defined once, in ``server.taxonomy.schemas``; these are
the envelopes and views around it.
"""

from marshmallow import Schema, fields, validate

from ..publishing import audit, drafts
from ..taxonomy.schemas import ID_PATTERN, GroupSchema, ReferenceSchema, TaxonomySchema, WholeMatch

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


class VersionListSchema(Schema):
    versions = fields.List(fields.Nested(VersionSummarySchema), required=True)
    total = fields.Integer(required=True)
    limit = fields.Integer(required=True)
    offset = fields.Integer(required=True)


class VersionListQuerySchema(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))
    offset = fields.Integer(load_default=0, validate=validate.Range(0))


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
    references = fields.List(fields.Nested(ReferenceSchema), required=True)


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
    references = fields.List(fields.Nested(ReferenceSchema), required=True)
    sites = fields.List(fields.Nested(ResolvedSiteSchema), required=True)


class HealthSchema(Schema):
    status = fields.String(required=True)
    database = fields.String(required=True)
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


class ReviewRequestSchema(Schema):
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class PublishRequestSchema(Schema):
    change_note = fields.String(
        required=True,
        validate=validate.Length(min=1, max=2000),
        metadata={"description": "What changed and why; shown in the version history."},
    )


class AuditQuerySchema(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))
    offset = fields.Integer(load_default=0, validate=validate.Range(0))
    action = fields.String(validate=validate.OneOf(list(audit.ACTIONS)))
    actor = fields.String(validate=validate.Length(min=1, max=64))


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
