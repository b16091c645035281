"""Reading JSON that comes from outside: all of it, or a reason people can act on.

Python's json module accepts what a careful reader should refuse: the same key twice in
one object (the last one silently wins), and NaN or Infinity (which are not JSON). It
also fails in ways that are not a JSONDecodeError: RecursionError on deep nesting,
ValueError on an integer of more than 4,300 digits. ``loads`` refuses all of these with
JSONProblem, a ValueError whose message says what is wrong, so every caller can answer
400 instead of 500. The app's JSON provider (server/security.py) reads with it too.
"""

import json
import math

# Guidance documents are a handful of levels deep; nothing sent here needs more.
MAX_DEPTH = 64
# Digits in one number, ints and floats alike; no field takes anything near this long.
MAX_NUMBER_LENGTH = 100


class JSONProblem(ValueError):
    """The text is not JSON this service reads; the message says why."""


def loads(raw):
    """Parse ``raw`` (bytes in UTF-8, or text); raise JSONProblem for anything refused."""
    if isinstance(raw, bytes | bytearray):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JSONProblem(f"The text is not UTF-8: {exc.reason}.") from exc
    try:
        value = json.loads(
            raw,
            object_pairs_hook=_object,
            parse_int=_integer,
            parse_float=_float,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as exc:
        raise JSONProblem(
            f"Not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
        ) from exc
    except RecursionError:
        raise _too_deep() from None
    _check_depth(value)
    return value


def _object(pairs):
    value = dict(pairs)
    if len(value) != len(pairs):
        seen = set()
        for key, _item in pairs:
            if key in seen:
                shown = key if len(key) <= 64 else key[:64] + "…"
                raise JSONProblem(f"The key {json.dumps(shown)} appears twice in one object.")
            seen.add(key)
    return value


def _integer(text):
    if len(text) > MAX_NUMBER_LENGTH:
        raise _too_long(text)
    return int(text)


def _float(text):
    if len(text) > MAX_NUMBER_LENGTH:
        raise _too_long(text)
    value = float(text)
    if not math.isfinite(value):
        raise JSONProblem(f"The number {text} is too large.")
    return value


def _constant(name):
    raise JSONProblem(f"{name} is not a JSON value; numbers must be finite.")


def _too_long(text):
    return JSONProblem(f"A number has {len(text):,} characters; the limit is {MAX_NUMBER_LENGTH}.")


def _too_deep():
    return JSONProblem(f"The JSON is nested more than {MAX_DEPTH} levels deep.")


def _check_depth(value):
    """Refuse nesting deeper than MAX_DEPTH (without recursing, whatever the depth)."""
    pending = [(value, 1)] if isinstance(value, dict | list) else []
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > MAX_DEPTH:
            raise _too_deep()
        pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
