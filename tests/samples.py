"""Small valid taxonomy documents for tests, independent of the shipped content."""

import copy
import json
from pathlib import Path

from server.taxonomy.document import validate_document
from server.taxonomy.schemas import REQUIRED_CATEGORIES as CATEGORY_IDS

SHARED = Path(__file__).resolve().parent.parent / "shared"

_MINIMAL = {
    "schema_version": 1,
    "meta": {
        "title": "Test guidance",
        "publisher": "Test suite",
        "reviewed": "2026-01-15",
        "next_review": "2027-01-15",
        "language": "en-GB",
    },
    "jurisdictions": [
        {"id": "uk", "name": "United Kingdom"},
        {"id": "us", "name": "United States"},
    ],
    "groups": [
        {"id": "working-online", "name": "Working online", "description": "Therapy online."},
        {
            "id": "digital-communication",
            "name": "Using digital communication",
            "description": "Every practitioner's digital tools.",
        },
    ],
    "categories": [
        {
            "id": category_id,
            "name": category_id.replace("-", " ").title(),
            "groups": ["working-online"]
            if category_id in ("video", "live-chat")
            else ["digital-communication"],
            "mode": "asynchronous" if category_id == "email" else "synchronous",
            "mode_note": "What the mode means.",
            "summary": f"About {category_id}.",
            "benefits": ["A benefit."],
            "cautions": ["general-privacy", "us-contracts"]
            if category_id == "video"
            else ["general-privacy"],
            "questions": ["A question?"],
            "references": ["ref-one"],
        }
        for category_id in CATEGORY_IDS
    ],
    "cautions": [
        {
            "id": "general-privacy",
            "title": "Privacy first",
            "text": "Check who else can see this.",
            "severity": "high",
            "references": ["ref-one"],
        },
        {
            "id": "us-contracts",
            "title": "Business associate agreement",
            "text": "Have a BAA with the vendor.",
            "severity": "medium",
            "jurisdictions": ["us"],
        },
        {
            "id": "zoom-ai",
            "title": "AI summaries",
            "text": "Turn AI summaries off.",
            "severity": "medium",
        },
    ],
    "references": [
        {
            "id": "ref-one",
            "title": "A reference",
            "publisher": "A body",
            "year": 2023,
            "url": "https://example.org/guidance",
        }
    ],
    "sites": [
        {
            "id": "zoom",
            "name": "Zoom",
            "patterns": ["https://*.zoom.us/*"],
            "categories": ["video"],
            "cautions": ["zoom-ai"],
        },
        {
            "id": "gmail",
            "name": "Gmail",
            "patterns": ["https://mail.google.com/*"],
            "categories": ["email"],
        },
        {
            "id": "gmail-chat",
            "name": "Google Chat in Gmail",
            "patterns": ["https://mail.google.com/chat/*"],
            "categories": ["live-chat"],
        },
    ],
}


def minimal_taxonomy(**changes):
    """A fresh, valid document; keyword arguments replace top-level members."""
    document = copy.deepcopy(_MINIMAL)
    document.update(changes)
    return document


def shipped_taxonomy():
    """The guidance shipped in shared/taxonomy.json, freshly read (change it at will)."""
    return json.loads((SHARED / "taxonomy.json").read_text(encoding="utf-8"))


def with_site(document, site_id, patterns, categories=("calendar",)):
    """``document`` with one more site, validated."""
    document["sites"].append(
        {
            "id": site_id,
            "name": site_id.title(),
            "patterns": list(patterns),
            "categories": list(categories),
        }
    )
    return validate_document(document)
