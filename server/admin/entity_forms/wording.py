"""The validator's messages reworded for the field they are shown next to: a text box,
a box with one item per line, or a group of checkboxes."""

import re

_LENGTH = re.compile(r"(Shorter than minimum|Longer than maximum) length (\d+)\.")
_BETWEEN = re.compile(r"Length must be between (\d+) and (\d+)\.")
_RANGE = re.compile(r"Must be greater than or equal to (\d+) and less than or equal to (\d+)\.")
_PLAIN = {
    "Missing data for required field.": "This is required.",
    "Not a valid date.": "Not a valid date: use the form 2026-01-31.",
    "Not a valid URL.": "Not a valid web address: it must start with https://.",
    "Not a BCP 47 tag.": "Not a language code: use one such as en-GB or fr.",
    "Must be after reviewed.": "Must be after the review date.",
}


def friendly(message, kind="text", size=None):
    """A validator message in words for the kind of field (text, lines or choices);
    ``size`` is the length of the value it is about, when known."""
    if message in _PLAIN:
        return _PLAIN[message]
    if kind == "choice" and message.startswith("Must be one of:"):
        return "Choose one of the options."
    bounds = limits(message)
    if bounds:
        low, high = bounds
        if size is None:
            # Blank text is reported as blank before its length is checked.
            if high is not None and (low is None or kind == "text"):
                return _too_many(kind, high, size)
            if low is not None and high is None:
                return _too_few(kind, low)
            return _between(kind, low, high)
        if low is not None and size < low:
            return _too_few(kind, low)
        if high is not None and size > high:
            return _too_many(kind, high, size)
        return _between(kind, low, high)
    found = _RANGE.fullmatch(message)
    if found:
        return f"Must be between {found.group(1)} and {found.group(2)}."
    return message


def limits(message):
    """(least, most) from marshmallow's Length messages, or None."""
    found = _LENGTH.fullmatch(message)
    if found:
        limit = int(found.group(2))
        return (limit, None) if found.group(1).startswith("Shorter") else (None, limit)
    found = _BETWEEN.fullmatch(message)
    if found:
        return int(found.group(1)), int(found.group(2))
    return None


def _too_few(kind, low):
    if kind == "lines":
        return f"Give at least {low}, one per line."
    if kind == "choices":
        return f"Choose at least {low}."
    return "Must not be blank." if low == 1 else f"Too short: use at least {low} characters."


def _too_many(kind, high, size):
    if kind == "lines":
        return f"Too many lines: at most {high}" + (f"; this has {size}." if size else ".")
    if kind == "choices":
        return f"Too many chosen: at most {high}" + (f"; this has {size}." if size else ".")
    return f"Too long: use at most {high} characters" + (f"; this has {size}." if size else ".")


def _between(kind, low, high):
    if kind == "lines":
        return f"Give {low} to {high}, one per line."
    if kind == "choices":
        return f"Choose {low} to {high}."
    return f"Must be {low} to {high} characters long."
