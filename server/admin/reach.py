"""When a version just published will have reached the installed extensions: they check
as often as the service says (CHECK_HOURS, sent with the guidance), spread by ±10%."""

from datetime import UTC, datetime, timedelta

from flask import current_app

# extension/lib/sync-policy.js: each check is the interval ±10% after the last.
JITTER = 0.1


def reach_note(now=None):
    """One sentence for the page that published: by when every extension has it."""
    hours = current_app.config["CHECK_HOURS"]
    now = now or datetime.now(UTC)
    by = now + timedelta(hours=hours * (1 + JITTER))
    unit = "hour" if hours == 1 else f"{hours} hours"
    return (
        f"Installed extensions check every {unit}, so all of them should have it by about "
        f"{by:%H:%M} UTC{' tomorrow' if by.date() > now.date() else ''} (later only where an "
        "organisation's policy or a practitioner chose a longer interval)."
    )
