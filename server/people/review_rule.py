"""The two-person rule in words, for the command line and the serve line: whether it is on
and, for a practice of one, how to turn it off (REVIEW_REQUIRED)."""

from flask import current_app

ON = (
    "Review: the two-person rule is on: whoever changed the draft cannot approve it, so a "
    "second person (a reviewer or admin) approves every publish."
)
OFF = (
    "Review: the two-person rule is off (REVIEW_REQUIRED=false): a reviewer or admin may "
    "publish their own changes."
)
ALONE = (
    "Working alone? Set REVIEW_REQUIRED=false (environment or instance/config.py) and "
    "restart, and you can publish your own changes."
)


def review_rule_lines():
    """What the rule is now; when it is on, how a practice of one turns it off."""
    if current_app.config["REVIEW_REQUIRED"]:
        return [ON, ALONE]
    return [OFF]


def review_mode():
    """The rule in two words, for the serve line."""
    return "two-person rule" if current_app.config["REVIEW_REQUIRED"] else "publish alone"
