"""The sentence the publishing page shows: by when installed extensions have the version,
from the service's check interval (CHECK_HOURS) and the extensions' ±10% spread."""

from datetime import UTC, datetime

import pytest

from server.admin.reach import reach_note

NOON = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("hours", "said"),
    [
        (3, "check every 3 hours, so all of them should have it by about 15:18 UTC "),
        (1, "check every hour, so all of them should have it by about 13:06 UTC "),
        (24, "should have it by about 14:24 UTC tomorrow "),
    ],
)
def test_the_note_says_by_when(app, hours, said):
    app.config["CHECK_HOURS"] = hours
    with app.app_context():
        note = reach_note(NOON)
    assert said in note
    assert "longer interval" in note
