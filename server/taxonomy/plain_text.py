"""Which characters text typed by people may hold.

Control characters have no place in anything this service stores or looks up: they
cannot be seen, they break logs and terminals, and PostgreSQL refuses NUL in text
outright. Multi-line text (guidance, notes) may hold tabs and line breaks; one-line
values (names, filters) may not.
"""

import re

from marshmallow import ValidationError

# Control characters other than tab, line feed and carriage return.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Every control character, tab and line breaks included.
LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MESSAGE = "Must not contain control characters."
# The same rules as JSON Schema patterns (ECMA-262), for the OpenAPI document.
TEXT_PATTERN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"
LINE_PATTERN = "^[^\\u0000-\\u001f\\u007f]*$"


def has_control(text, multiline=True):
    """Whether ``text`` holds a control character (line breaks allowed if ``multiline``)."""
    return (CONTROL if multiline else LINE_CONTROL).search(text or "") is not None


def no_control(multiline=True):
    """A marshmallow validator refusing control characters."""

    def validate(value):
        if has_control(value, multiline):
            raise ValidationError(MESSAGE)

    return validate


def without_control(text):
    """``text`` with its control characters removed, to show it back safely."""
    return LINE_CONTROL.sub("", text or "")
