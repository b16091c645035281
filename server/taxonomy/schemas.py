"""marshmallow schemas: the taxonomy format, defined once.

Built once at module level; the service, the admin pages and the CLI load through them,
and ``json_schema`` publishes them for other tools. Cross-references (every id a
document mentions must exist) are checked by ``TaxonomySchema``; the JSON Schema export
carries the per-field rules only.
"""

import re
import unicodedata

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from ..matching import parse_pattern

SCHEMA_VERSION = 1
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
REQUIRED_GROUPS = ("working-online", "digital-communication")
REQUIRED_CATEGORIES = (
    "telephone",
    "live-chat",
    "video",
    "email",
    "texting",
    "social-media",
    "online-resources",
    "calendar",
    "ai-assistants",
)
MODES = ("synchronous", "asynchronous", "both")
SEVERITIES = ("high", "medium", "low")

# Control characters other than ordinary white space have no place in guidance text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Text(fields.String):
    """Plain text: trimmed, not blank, no control characters, NFC-normalised."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        text = unicodedata.normalize("NFC", text.strip())
        if not text:
            raise ValidationError("Must not be blank.")
        if _CONTROL.search(text):
            raise ValidationError("Must not contain control characters.")
        return text


class WholeMatch(validate.Regexp):
    """A Regexp that must match the whole value: Python's ``$`` also matches before a
    final newline, which the JavaScript validator (and JSON Schema) would refuse."""

    def __call__(self, value):
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


def text(max_length, **kwargs):
    return Text(required=True, validate=validate.Length(min=1, max=max_length), **kwargs)


def text_list(max_length, min_items, max_items, **kwargs):
    return fields.List(
        text(max_length),
        validate=validate.Length(min=min_items, max=max_items),
        **kwargs,
    )


def identifier(**kwargs):
    return fields.String(
        validate=[
            validate.Length(min=1, max=64),
            WholeMatch(ID_PATTERN, error="Must be lower-case words joined by hyphens."),
        ],
        **kwargs,
    )


def id_list(min_items, max_items, **kwargs):
    return fields.List(
        identifier(required=True),
        validate=validate.Length(min=min_items, max=max_items),
        **kwargs,
    )


class MatchPatternField(fields.String):
    """A WebExtension match pattern naming a real host."""

    def _deserialize(self, value, attr, data, **kwargs):
        raw = super()._deserialize(value, attr, data, **kwargs)
        try:
            pattern = parse_pattern(raw)
        except ValueError as exc:
            raise ValidationError(f"Not a valid match pattern: {exc}") from exc
        if _too_broad(pattern):
            raise ValidationError("Matches far too many sites; name a specific host.")
        return raw


def _too_broad(pattern):
    """True for patterns that match every site or a whole top-level domain."""
    host = pattern.host or "*"
    return host == "*" or (pattern.match_subdomains and "." not in host)


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE
        ordered = True


class MetaSchema(StrictSchema):
    title = text(120)
    publisher = text(120)
    reviewed = fields.Date(required=True)
    next_review = fields.Date()
    language = fields.String(
        required=True,
        validate=WholeMatch(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$", error="Not a BCP 47 tag."),
    )
    notice = Text(validate=validate.Length(min=1, max=600))

    @validates_schema
    def review_dates_in_order(self, data, **_kwargs):
        if "next_review" in data and data["next_review"] <= data["reviewed"]:
            raise ValidationError("Must be after the review date.", "next_review")


class JurisdictionSchema(StrictSchema):
    id = identifier(required=True)
    name = text(80)


class GroupSchema(StrictSchema):
    id = identifier(required=True)
    name = text(80)
    description = text(400)


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
    references = id_list(1, 20, required=True)


class CautionSchema(StrictSchema):
    id = identifier(required=True)
    title = text(120)
    text = text(600)
    severity = fields.String(required=True, validate=validate.OneOf(SEVERITIES))
    jurisdictions = id_list(0, 20)
    references = id_list(0, 10)


class ReferenceSchema(StrictSchema):
    id = identifier(required=True)
    title = text(300)
    publisher = text(120)
    year = fields.Integer(required=True, strict=True, validate=validate.Range(1900, 2100))
    url = fields.Url(
        required=True,
        schemes={"https"},
        require_tld=True,
        validate=[
            validate.Length(max=2000),
            validate.Regexp(r"^https://", error="Must be an https: address."),
        ],
    )


class SiteSchema(StrictSchema):
    id = identifier(required=True)
    name = text(80)
    patterns = fields.List(
        MatchPatternField(required=True, validate=validate.Length(min=1, max=500)),
        required=True,
        validate=validate.Length(min=1, max=50),
    )
    categories = id_list(1, 9, required=True)
    cautions = id_list(0, 10)


class TaxonomySchema(StrictSchema):
    schema_version = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Equal(SCHEMA_VERSION, error=f"Must be {SCHEMA_VERSION}."),
    )
    meta = fields.Nested(MetaSchema, required=True)
    jurisdictions = fields.List(
        fields.Nested(JurisdictionSchema), required=True, validate=validate.Length(max=50)
    )
    groups = fields.List(
        fields.Nested(GroupSchema), required=True, validate=validate.Length(min=2, max=10)
    )
    categories = fields.List(
        fields.Nested(CategorySchema), required=True, validate=validate.Length(min=1, max=50)
    )
    cautions = fields.List(
        fields.Nested(CautionSchema), required=True, validate=validate.Length(min=1, max=1000)
    )
    references = fields.List(
        fields.Nested(ReferenceSchema), required=True, validate=validate.Length(min=1, max=1000)
    )
    sites = fields.List(
        fields.Nested(SiteSchema), required=True, validate=validate.Length(min=0, max=5000)
    )


def reference_errors(document):
    """Cross-reference problems of a raw document, as a marshmallow-style error dict.

    Runs on the raw input even when fields are invalid, so one check reports every
    problem at once; malformed items are skipped here (the field errors cover them).
    """
    errors = {}
    sections = ("jurisdictions", "groups", "categories", "cautions", "references", "sites")
    items = {section: _items(document, section) for section in sections}
    known = {section: _unique_ids(items[section], section, errors) for section in sections}

    for name in REQUIRED_GROUPS:
        if name not in known["groups"]:
            _add(errors, ("groups",), f"The group '{name}' is required.")
    for name in REQUIRED_CATEGORIES:
        if name not in known["categories"]:
            _add(errors, ("categories",), f"The category '{name}' is required.")

    used = {"cautions": set(), "references": set()}
    for section, field, target in REFERENCES:
        for index, item in items[section]:
            refs = item.get(field)
            if not isinstance(refs, list):
                continue
            refs = [ref for ref in refs if isinstance(ref, str)]
            for position, ref in enumerate(refs):
                if ref not in known[target]:
                    _add(
                        errors,
                        (section, index, field, position),
                        f"Unknown {SINGULAR[target]} '{ref}'.",
                    )
                used.get(target, set()).add(ref)
            if len(set(refs)) != len(refs):
                _add(errors, (section, index, field), "Lists an id more than once.")

    for section in ("cautions", "references"):
        for index, item in items[section]:
            if item.get("id") not in used[section]:
                _add(
                    errors,
                    (section, index, "id"),
                    f"'{item.get('id')}' is not used by any category, site or caution.",
                )
    return errors


# (section, field, the section its ids refer to)
REFERENCES = (
    ("categories", "groups", "groups"),
    ("categories", "cautions", "cautions"),
    ("categories", "references", "references"),
    ("cautions", "jurisdictions", "jurisdictions"),
    ("cautions", "references", "references"),
    ("sites", "categories", "categories"),
    ("sites", "cautions", "cautions"),
)


SINGULAR = {
    "groups": "group",
    "cautions": "caution",
    "references": "reference",
    "jurisdictions": "jurisdiction",
    "categories": "category",
}


def _items(document, section):
    """(index, item) for the well-formed items of a section: dicts with a string id."""
    value = document.get(section)
    if not isinstance(value, list):
        return []
    return [
        (index, item)
        for index, item in enumerate(value)
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    ]


def _unique_ids(items, section, errors):
    seen = set()
    for index, item in items:
        if item["id"] in seen:
            _add(errors, (section, index, "id"), f"Duplicate id '{item['id']}'.")
        seen.add(item["id"])
    return seen


def _add(errors, path, message):
    """Put a message into marshmallow's nested error dict at ``path``.

    A list can have problems of its own and of its items: its own go under
    ``_schema``, which readers show at the list's path.
    """
    node = errors
    for key in path[:-1]:
        child = node.setdefault(key, {})
        if isinstance(child, list):
            child = node[key] = {"_schema": child}
        node = child
    last = node.get(path[-1])
    if isinstance(last, dict):
        last.setdefault("_schema", []).append(message)
    else:
        node.setdefault(path[-1], []).append(message)


taxonomy_schema = TaxonomySchema()
