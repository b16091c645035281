"""server/strict_json.py: JSON from outside is read whole, or refused with a reason."""

import pytest

from server.taxonomy import strict_json
from server.taxonomy.strict_json import MAX_DEPTH, JSONProblem


def nested(depth):
    """A list ``depth`` levels deep: [[[]]] is 3."""
    value = []
    for _ in range(depth - 1):
        value = [value]
    return value


ACCEPTED = [
    ("{}", {}),
    ("[]", []),
    ('"text"', "text"),
    ("12", 12),
    ("-0.5e3", -500.0),
    ('{"a": {"b": [1, 2, {"c": null}]}}', {"a": {"b": [1, 2, {"c": None}]}}),
    ('{"a": 1, "A": 2}', {"a": 1, "A": 2}),
    ('[{"a": 1}, {"a": 2}]', [{"a": 1}, {"a": 2}]),  # the same key in two objects
    ("[" * MAX_DEPTH + "]" * MAX_DEPTH, nested(MAX_DEPTH)),
    ("9" * 100, int("9" * 100)),
    (b'{"caf\xc3\xa9": true}', {"café": True}),
]

REFUSED = [
    ('{"a": 1, "a": 2}', 'The key "a" appears twice in one object.'),
    ('{"x": {"a": 1, "b": 2, "a": 3}}', 'The key "a" appears twice in one object.'),
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), f"nested more than {MAX_DEPTH} levels"),
    ("[" * 1000 + "]" * 1000, f"nested more than {MAX_DEPTH} levels"),
    ("[" * 100_000 + "]" * 100_000, f"nested more than {MAX_DEPTH} levels"),
    ("9" * 101, "A number has 101 characters; the limit is 100."),
    ("1" * 5000, "A number has 5,000 characters"),
    ("0." + "1" * 200, "A number has 202 characters"),
    ("1e400", "The number 1e400 is too large."),
    ("NaN", "NaN is not a JSON value"),
    ("[Infinity]", "Infinity is not a JSON value"),
    ("-Infinity", "-Infinity is not a JSON value"),
    ("{nope", "Not valid JSON: Expecting property name enclosed in double quotes"),
    ("", "Not valid JSON: Expecting value (line 1, column 1)."),
    (b"\xff", "The text is not UTF-8"),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepted(text, expected):
    assert strict_json.loads(text) == expected


@pytest.mark.parametrize(("text", "message"), REFUSED)
def test_refused_with_a_reason(text, message):
    with pytest.raises(JSONProblem) as raised:
        strict_json.loads(text)
    assert message in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_a_long_key_given_twice_is_not_echoed_whole():
    key = "k" * 10_000
    with pytest.raises(JSONProblem) as raised:
        strict_json.loads(f'{{"{key}": 1, "{key}": 2}}')
    assert len(str(raised.value)) < 120


def test_request_bodies_read_by_flask_are_strict_too(app):
    with app.test_request_context(
        "/", method="POST", data='{"a": 1, "a": 2}', content_type="application/json"
    ):
        from flask import request
        from werkzeug.exceptions import BadRequest

        with pytest.raises(BadRequest) as raised:
            request.get_json()
        # Flask keeps the reason out of the answer outside debug mode, but not out of the log.
        assert "appears twice" in str(raised.value.__cause__)
