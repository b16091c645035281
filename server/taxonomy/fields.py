"""The building blocks of the taxonomy's schemas (both formats): plain text, ids, match
patterns, word limits, and conditions between an object's fields.

Every rule here is also a JSON Schema rule (a ``pattern``, ``enum``, length or an
``if``/``then``), so that ``json_schema`` publishes exactly what the service enforces
and the extension can check the same with the generated schema.
"""

import unicodedata

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from ..matching import PatternError, host_contains, parse_pattern
from .plain_text import MESSAGE, has_control

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# White space that may not start or end a text (what JavaScript's trim() removes, so both
# languages agree): spaces, tabs, line breaks and the Unicode spaces.
_SPACE = "\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
# Control characters other than tab and line breaks.
_CONTROL = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f"
# Plain text: no control characters, not blank, nothing to trim at either end.
PLAIN_TEXT = f"^(?:[^{_SPACE}{_CONTROL}](?:[^{_CONTROL}]*[^{_SPACE}{_CONTROL}])?)$"
PLAIN_TEXT_ERROR = "Must be plain text: not blank, and no space or line break at either end."


def words_pattern(max_words):
    """A pattern for plain text of at most ``max_words`` words (runs of non-space)."""
    word = f"[^{_SPACE}{_CONTROL}]+"
    return f"^{word}(?:[{_SPACE}]+{word}){{0,{max_words - 1}}}$"


class WholeMatch(validate.Regexp):
    """A Regexp that must match the whole value: Python's ``$`` also matches before a
    final newline, which the JavaScript validator (and JSON Schema) would refuse."""

    def __call__(self, value):
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


class Text(fields.String):
    """Plain text (see PLAIN_TEXT); control characters get a message of their own."""

    def __init__(self, *, max_length, max_words=None, **kwargs):
        # One pattern per field (JSON Schema has one): a word limit implies plain text.
        if max_words:
            pattern = WholeMatch(words_pattern(max_words), error=f"At most {max_words} words.")
        else:
            pattern = WholeMatch(PLAIN_TEXT, error=PLAIN_TEXT_ERROR)
        super().__init__(validate=[validate.Length(min=1, max=max_length), pattern], **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if has_control(text):
            raise ValidationError(MESSAGE)
        # Served as written; NFC only for the checks, as the old format did.
        return unicodedata.normalize("NFC", text)


def text(max_length, *, max_words=None, required=True, **kwargs):
    return Text(max_length=max_length, max_words=max_words, required=required, **kwargs)


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


def _unique(values):
    if len(set(values)) != len(values):
        raise ValidationError("Lists a value more than once.")


def choices(options, min_items, max_items, **kwargs):
    """A list of distinct values from ``options``."""
    return fields.List(
        fields.String(validate=validate.OneOf(options)),
        validate=[validate.Length(min=min_items, max=max_items), _unique],
        metadata={"uniqueItems": True},
        **kwargs,
    )


class MatchPatternField(fields.String):
    """A WebExtension match pattern naming a real host (the extension checks this with
    its own matcher: JSON Schema cannot)."""

    def _deserialize(self, value, attr, data, **kwargs):
        raw = super()._deserialize(value, attr, data, **kwargs)
        try:
            pattern = parse_pattern(raw)
        except ValueError as exc:
            raise ValidationError(f"Not a valid match pattern: {exc}") from exc
        if too_broad(pattern):
            raise ValidationError("Matches far too many sites; name a specific host.")
        return raw


def too_broad(pattern):
    """True for patterns that match every site or a whole top-level domain."""
    host = pattern.host or "*"
    return host == "*" or (pattern.match_subdomains and "." not in host)


def excludes_outside(patterns, excludes):
    """{position: [message]} for each exclude whose hosts no pattern of the site covers.

    Only well-formed entries count (the field errors cover the rest), and nothing is said
    while the site has no usable pattern at all.
    """
    hosts = _usable_patterns(patterns)
    if not hosts or not isinstance(excludes, list):
        return {}
    outside = {}
    for position, raw in enumerate(excludes):
        exclude = _usable_pattern(raw)
        if exclude is not None and not any(host_contains(p, exclude) for p in hosts):
            outside[position] = [
                "Excludes addresses outside the site: an exclude must be under the host "
                "of one of the site's own patterns."
            ]
    return outside


def _usable_patterns(patterns):
    if not isinstance(patterns, list):
        return []
    return [p for p in map(_usable_pattern, patterns) if p is not None]


def _usable_pattern(raw):
    """The parsed pattern, if ``raw`` is one the format accepts; else None."""
    if not isinstance(raw, str):
        return None
    try:
        pattern = parse_pattern(raw)
    except PatternError:
        return None
    return None if too_broad(pattern) else pattern


def https_url(**kwargs):
    return fields.Url(
        schemes={"https"},
        require_tld=True,
        validate=[
            validate.Length(max=2000),
            validate.Regexp(r"^https://", error="Must be an https: address."),
        ],
        **kwargs,
    )


# --- Conditions between the fields of one object ------------------------------------------


class Requires:
    """When ``when_field`` is ``when_value``, ``field`` must be one of ``one_of``."""

    def __init__(self, when_field, when_value, field, one_of, message):
        self.when_field, self.when_value = when_field, when_value
        self.field, self.one_of, self.message = field, tuple(one_of), message

    def check(self, data):
        if data.get(self.when_field) == self.when_value and data.get(self.field) not in self.one_of:
            return {self.field: [self.message]}
        return {}

    def json_schema(self):
        return {
            "if": {
                "properties": {self.when_field: {"const": self.when_value}},
                "required": [self.when_field],
            },
            "then": {"properties": {self.field: {"enum": list(self.one_of)}}},
        }


class AnyOf:
    """At least one of ``names`` must be given."""

    def __init__(self, *names, message):
        self.names, self.message = names, message

    def check(self, data):
        if any(name in data for name in self.names):
            return {}
        return {"_schema": [self.message]}  # the object's own problem, as JSON Schema's anyOf

    def json_schema(self):
        return {"anyOf": [{"required": [name]} for name in self.names]}


class StrictSchema(Schema):
    """Unknown fields are refused; ``conditions`` hold between the object's fields."""

    conditions = ()

    class Meta:
        unknown = RAISE
        ordered = True

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _conditions_hold(self, _data, original, **_kwargs):
        # On the values as given, as JSON Schema's if/then and anyOf read them.
        if not isinstance(original, dict):
            return
        errors = {}
        for condition in self.conditions:
            for field, messages in condition.check(original).items():
                errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)
