"""Differences between two taxonomy documents, as the version history and review pages show them."""

import copy
import json
from pathlib import Path

import pytest

from server.taxonomy import schemas
from server.taxonomy.diff import FIELDS, Change, diff_taxonomies, summarize, word_diff
from server.taxonomy.document import validate_document
from tests.samples import minimal_taxonomy

SHIPPED = Path(__file__).resolve().parent.parent / "shared" / "taxonomy.json"


def _shipped():
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def _item(document, section, item_id):
    return next(item for item in document[section] if item["id"] == item_id)


def _edited(edit):
    """(old, new): the minimal document and a copy changed by ``edit``, both valid."""
    old = minimal_taxonomy()
    new = copy.deepcopy(old)
    edit(new)
    return validate_document(old), validate_document(new)


def _where(changes):
    return [(c.section, c.item_id, c.kind, c.field) for c in changes]


# --- Edits and what the page shows for them ----------------------------------------------


def _set(section, item_id, field, value):
    def edit(document):
        _item(document, section, item_id)[field] = value

    return edit


def _drop(section, item_id, field):
    def edit(document):
        del _item(document, section, item_id)[field]

    return edit


def _add_site(document):
    document["sites"].append(
        {
            "id": "slack",
            "name": "Slack",
            "patterns": ["https://app.slack.com/*"],
            "categories": ["live-chat"],
        }
    )


def _remove_gmail(document):
    document["sites"].pop(1)


def _add_notice(document):
    document["meta"]["notice"] = "Not legal advice."


def _drop_next_review(document):
    del document["meta"]["next_review"]


def _rename_zoom(document):
    _item(document, "sites", "zoom")["id"] = "zoom-video"


def _reorder_sites(document):
    document["sites"].reverse()


def _rename_reference(document):
    document["references"][0]["title"] = "A better reference"
    document["references"][0]["year"] = 2024


def _empty_lists_for_absent(document):
    _item(document, "cautions", "general-privacy")["jurisdictions"] = []
    _item(document, "categories", "video")["checklist"] = []
    _item(document, "sites", "gmail")["cautions"] = []


EDITS = [
    # (name, edit, [(section, item_id, kind, field, old, new)])
    (
        "caution detail",
        _set("cautions", "general-privacy", "detail", "Ask who else is in the room."),
        [
            (
                "cautions",
                "general-privacy",
                "changed",
                "detail",
                "Check who else can see this.",
                "Ask who else is in the room.",
            )
        ],
    ),
    (
        "severity",
        _set("cautions", "zoom-ai", "severity", "high"),
        [("cautions", "zoom-ai", "changed", "severity", "medium", "high")],
    ),
    (
        "reference title and year",
        _rename_reference,
        [
            ("references", "ref-one", "changed", "title", "A reference", "A better reference"),
            ("references", "ref-one", "changed", "year", "2023", "2024"),
        ],
    ),
    (
        "notice added",
        _add_notice,
        [("meta", None, "changed", "notice", None, "Not legal advice.")],
    ),
    (
        "next review dropped",
        _drop_next_review,
        [("meta", None, "changed", "next_review", "2027-01-15", None)],
    ),
    (
        "site patterns",
        _set("sites", "zoom", "patterns", ["https://*.zoom.us/*", "https://*.zoom.com/*"]),
        [
            (
                "sites",
                "zoom",
                "changed",
                "patterns",
                "https://*.zoom.us/*",
                "https://*.zoom.us/*\nhttps://*.zoom.com/*",
            )
        ],
    ),
    (
        "site excludes added",
        _set("sites", "zoom", "exclude", ["https://zoom.us/pricing*"]),
        [("sites", "zoom", "changed", "exclude", None, "https://zoom.us/pricing*")],
    ),
    (
        "category cautions",
        _set("categories", "video", "cautions", ["us-contracts", "general-privacy"]),
        [
            (
                "categories",
                "video",
                "changed",
                "cautions",
                "general-privacy\nus-contracts",
                "us-contracts\ngeneral-privacy",
            )
        ],
    ),
    (
        "checklist from absent",
        _set("categories", "email", "checklist", ["Check the address."]),
        [("categories", "email", "changed", "checklist", None, "Check the address.")],
    ),
    (
        "caution jurisdictions dropped",
        _drop("cautions", "us-contracts", "jurisdictions"),
        [("cautions", "us-contracts", "changed", "jurisdictions", "us", None)],
    ),
    ("absent equals empty", _empty_lists_for_absent, []),
    (
        "site added",
        _add_site,
        [
            (
                "sites",
                "slack",
                "added",
                None,
                None,
                "Id: slack\nName: Slack\nPatterns:\n  - https://app.slack.com/*\n"
                "Categories:\n  - live-chat",
            )
        ],
    ),
    (
        "site removed",
        _remove_gmail,
        [
            (
                "sites",
                "gmail",
                "removed",
                None,
                "Id: gmail\nName: Gmail\nPatterns:\n  - https://mail.google.com/*\n"
                "Categories:\n  - email",
                None,
            )
        ],
    ),
    (
        "sites reordered",
        _reorder_sites,
        [
            (
                "sites",
                None,
                "changed",
                "order",
                "Zoom\nGmail\nGoogle Chat in Gmail",
                "Google Chat in Gmail\nGmail\nZoom",
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("edit", "expected"), [case[1:] for case in EDITS], ids=[case[0] for case in EDITS]
)
def test_edit_reads_as_changes(edit, expected):
    old, new = _edited(edit)
    changes = diff_taxonomies(old, new)
    assert [(c.section, c.item_id, c.kind, c.field, c.old, c.new) for c in changes] == expected


LIST_CHANGES = [
    # (name, old list, new list, added, removed, reordered)
    ("one added", ["A.", "B."], ["A.", "B.", "C."], ("C.",), (), False),
    ("one removed", ["A.", "B."], ["B."], (), ("A.",), False),
    ("replaced", ["A.", "B."], ["A.", "D."], ("D.",), ("B.",), False),
    ("swapped", ["A.", "B."], ["B.", "A."], (), (), True),
    ("moved and added", ["A.", "B."], ["B.", "A.", "C."], ("C.",), (), False),
    ("repeat added", ["A."], ["A.", "A."], ("A.",), (), False),
]


@pytest.mark.parametrize(
    ("before", "after", "added", "removed", "reordered"),
    [case[1:] for case in LIST_CHANGES],
    ids=[case[0] for case in LIST_CHANGES],
)
def test_list_field_says_what_was_added_removed_or_moved(before, after, added, removed, reordered):
    old = minimal_taxonomy()
    _item(old, "categories", "video")["benefits"] = before
    new = copy.deepcopy(old)
    _item(new, "categories", "video")["benefits"] = after
    (change,) = diff_taxonomies(validate_document(old), validate_document(new))
    assert (change.field, change.old, change.new) == (
        "benefits",
        "\n".join(before),
        "\n".join(after),
    )
    assert (change.added_items, change.removed_items, change.reordered) == (
        added,
        removed,
        reordered,
    )


def test_labels_name_items_as_people_know_them():
    def edit(document):
        _item(document, "cautions", "general-privacy")["severity"] = "low"
        _item(document, "sites", "gmail")["name"] = "Google Mail"
        document["jurisdictions"][0]["name"] = "UK"
        document["meta"]["title"] = "Guidance"

    old, new = _edited(edit)
    labels = [(c.section, c.label) for c in diff_taxonomies(old, new)]
    assert labels == [
        ("meta", "Document details"),
        ("jurisdictions", "UK"),
        ("cautions", "Privacy first"),
        ("sites", "Google Mail"),
    ]


def test_renamed_id_is_a_removal_and_an_addition_in_place():
    old, new = _edited(_rename_zoom)
    assert _where(diff_taxonomies(old, new)) == [
        ("sites", "zoom", "removed", None),
        ("sites", "zoom-video", "added", None),
    ]


def test_removed_items_appear_where_they_were():
    def edit(document):
        sites = document["sites"]
        sites.pop(1)  # gmail, between zoom and gmail-chat
        sites[1]["name"] = "Chat in Gmail"
        sites.insert(
            0,
            {
                "id": "meet",
                "name": "Meet",
                "patterns": ["https://meet.google.com/*"],
                "categories": ["video"],
            },
        )
        sites.append(
            {
                "id": "slack",
                "name": "Slack",
                "patterns": ["https://app.slack.com/*"],
                "categories": ["live-chat"],
            }
        )

    old, new = _edited(edit)
    assert _where(diff_taxonomies(old, new)) == [
        ("sites", "meet", "added", None),
        ("sites", "gmail", "removed", None),
        ("sites", "gmail-chat", "changed", "name"),
        ("sites", "slack", "added", None),
    ]


def test_changes_follow_document_and_field_order():
    def edit(document):
        _reorder_sites(document)
        _item(document, "sites", "gmail")["categories"] = ["email", "calendar"]
        _item(document, "sites", "gmail")["name"] = "Google Mail"
        _item(document, "references", "ref-one")["url"] = "https://example.org/new"
        _item(document, "categories", "video")["questions"] = ["Who is listening?"]
        _item(document, "categories", "video")["mode"] = "both"
        _item(document, "categories", "email")["summary"] = "Email."
        document["meta"]["language"] = "en-US"
        document["meta"]["title"] = "New title"

    old, new = _edited(edit)
    assert _where(diff_taxonomies(old, new)) == [
        ("meta", None, "changed", "title"),
        ("meta", None, "changed", "language"),
        ("categories", "video", "changed", "mode"),
        ("categories", "video", "changed", "questions"),
        ("categories", "email", "changed", "summary"),
        ("references", "ref-one", "changed", "url"),
        ("sites", None, "changed", "order"),
        ("sites", "gmail", "changed", "name"),
        ("sites", "gmail", "changed", "categories"),
    ]


# --- Any two valid documents ---------------------------------------------------------------


def test_identical_documents_have_no_changes():
    shipped = validate_document(_shipped())
    assert diff_taxonomies(shipped, copy.deepcopy(shipped)) == []
    assert summarize(diff_taxonomies(shipped, copy.deepcopy(shipped))) == "No changes"


@pytest.mark.parametrize("direction", ["minimal to shipped", "shipped to minimal"])
def test_two_unrelated_documents(direction):
    old, new = validate_document(minimal_taxonomy()), validate_document(_shipped())
    if direction == "shipped to minimal":
        old, new = new, old
    changes = diff_taxonomies(old, new)
    for section in ("jurisdictions", "groups", "categories", "cautions", "references", "sites"):
        old_ids = {item["id"] for item in old[section]}
        new_ids = {item["id"] for item in new[section]}
        reported = {
            (c.kind, c.item_id) for c in changes if c.section == section and c.field is None
        }
        assert reported == {("added", i) for i in new_ids - old_ids} | {
            ("removed", i) for i in old_ids - new_ids
        }
    for change in changes:
        assert change.kind in ("added", "removed", "changed")
        assert change.label
        assert change.old is None or isinstance(change.old, str)
        assert change.new is None or isinstance(change.new, str)
        assert (change.old, change.new) != (None, None)
    assert summarize(changes) != "No changes"


def test_shipped_document_against_an_edited_copy():
    old = validate_document(_shipped())
    new = copy.deepcopy(old)
    new["categories"][2]["checklist"].append("Check your camera.")
    new["cautions"][0]["detail"] = "Changed."
    new["cautions"][1]["detail"] = "Changed too."
    del new["sites"][5]
    validate_document(new)
    changes = diff_taxonomies(old, new)
    assert summarize(changes) == "1 category changed, 2 cautions changed, 1 site removed"
    (checklist,) = [c for c in changes if c.field == "checklist"]
    assert checklist.added_items == ("Check your camera.",)


def test_field_order_follows_the_schemas():
    """FIELDS mirrors the format; a field added to a schema must be placed here too."""
    schema_classes = {
        "meta": schemas.MetaSchema,
        "jurisdictions": schemas.JurisdictionSchema,
        "profiles": schemas.ProfileSchema,
        "groups": schemas.GroupSchema,
        "categories": schemas.CategorySchema,
        "cautions": schemas.CautionSchema,
        "references": schemas.ReferenceSchema,
        "sites": schemas.SiteSchema,
    }
    assert {section: tuple(cls().fields) for section, cls in schema_classes.items()} == FIELDS


# --- Every format 2 field -----------------------------------------------------------------


def _profile(document):
    document["profiles"] = [{"id": "covered", "question": "Covered?"}]
    _item(document, "cautions", "us-contracts")["applies_if"] = ["covered"]


NEW_FIELDS = [
    # (edit, [(section, item id, field, old, new)])
    (_set("cautions", "zoom-ai", "title", "AI notes"), [("cautions", "zoom-ai", "title")]),
    (
        _set("cautions", "zoom-ai", "headline", "AI notes record"),
        [("cautions", "zoom-ai", "headline", "AI summaries record the session", "AI notes record")],
    ),
    (
        _set("cautions", "zoom-ai", "action", "Turn AI notes off."),
        [("cautions", "zoom-ai", "action", "Turn AI summaries off.", "Turn AI notes off.")],
    ),
    (
        _set("cautions", "zoom-ai", "stage", ["during"]),
        [("cautions", "zoom-ai", "stage", "choosing\nduring", "during")],
    ),
    (
        _set("cautions", "zoom-ai", "force", "should"),
        [("cautions", "zoom-ai", "force", "consider", "should")],
    ),
    (
        _set("cautions", "zoom-ai", "basis", "guidance"),
        [("cautions", "zoom-ai", "basis", "practice", "guidance")],
    ),
    (
        _set("cautions", "zoom-ai", "reviewed", "2026-02-01"),
        [("cautions", "zoom-ai", "reviewed", "2026-01-15", "2026-02-01")],
    ),
    (
        _set("cautions", "zoom-ai", "review_by", "2027-02-01"),
        [("cautions", "zoom-ai", "review_by", None, "2027-02-01")],
    ),
    (
        _set("cautions", "general-privacy", "references", [{"ref": "ref-one", "section": "4"}]),
        [("cautions", "general-privacy", "references", "ref-one", "ref: ref-one; section: 4")],
    ),
    (
        _profile,
        [
            ("profiles", "covered", None, None, "Id: covered\nQuestion: Covered?"),
            ("cautions", "us-contracts", "applies_if", None, "covered"),
        ],
    ),
    (
        _set("references", "ref-one", "kind", "research"),
        [("references", "ref-one", "kind", "professional-body", "research")],
    ),
    (
        lambda d: (
            d["references"][0].pop("year"),
            d["references"][0].update(accessed="2026-12-01"),
        ),
        [
            ("references", "ref-one", "year", "2023", None),
            ("references", "ref-one", "accessed", None, "2026-12-01"),
        ],
    ),
    (
        _set("jurisdictions", "uk", "emergency", [{"name": "E", "number": "999", "when": "Now"}]),
        [("jurisdictions", "uk", "emergency", None, "name: E; number: 999; when: Now")],
    ),
    (
        lambda d: d["jurisdictions"].append({"id": "us-il", "name": "Illinois", "parent": "us"}),
        [("jurisdictions", "us-il", None, None, "Id: us-il\nName: Illinois\nParent: us")],
    ),
    (
        _set("sites", "zoom", "uses", [{"id": "s", "label": "Sessions", "categories": ["video"]}]),
        [("sites", "zoom", "uses", None, "id: s; label: Sessions; categories: video")],
    ),
    (
        _set("categories", "video", "references", [{"ref": "ref-one", "section": "H.2"}]),
        [("categories", "video", "references", "ref-one", "ref: ref-one; section: H.2")],
    ),
]


@pytest.mark.parametrize(("edit", "expected"), NEW_FIELDS)
def test_every_format_2_field_is_shown(edit, expected):
    changes = diff_taxonomies(*_edited(edit))
    got = [(c.section, c.item_id, c.field, c.old, c.new) for c in changes]
    assert [entry[: len(want)] for entry, want in zip(got, expected, strict=True)] == expected


# --- Word by word ----------------------------------------------------------------------------

WORDS = [
    # (old, new, runs)
    ("Same.", "Same.", (("same", "Same."),)),
    (
        "Check who can see this.",
        "Check who can see or hear this.",
        (("same", "Check who can see "), ("added", "or hear "), ("same", "this.")),
    ),
    (
        "Ask first. Then record.",
        "Ask first.",
        (("same", "Ask first."), ("removed", " Then record.")),
    ),
    ("Old words", "New words", (("removed", "Old"), ("added", "New"), ("same", " words"))),
    (
        "Line one\nLine two",
        "Line one\nLine 2",
        (("same", "Line one\nLine "), ("removed", "two"), ("added", "2")),
    ),
    ("x", None, ()),
]


@pytest.mark.parametrize(("old", "new", "runs"), WORDS)
def test_word_diff(old, new, runs):
    assert word_diff(old, new) == runs
    if runs:
        assert "".join(text for kind, text in runs if kind != "added") == old
        assert "".join(text for kind, text in runs if kind != "removed") == new


def test_a_changed_text_and_a_rewritten_entry_come_word_by_word():
    long = "One sentence here. Another sentence there."

    def edit(document):
        _item(document, "cautions", "zoom-ai")["detail"] = long + " An added sentence."
        _item(document, "categories", "video")["benefits"] = ["A bigger benefit."]

    old = minimal_taxonomy()
    _item(old, "cautions", "zoom-ai")["detail"] = long
    new = copy.deepcopy(old)
    edit(new)
    benefits, detail = diff_taxonomies(validate_document(old), validate_document(new))
    assert detail.field == "detail"
    assert detail.words == (("same", long), ("added", " An added sentence."))
    assert benefits.field == "benefits"
    assert benefits.words == (("same", "A "), ("added", "bigger "), ("same", "benefit."))
    (severity,) = diff_taxonomies(*_edited(_set("cautions", "zoom-ai", "severity", "high")))
    assert severity.words == (("removed", "medium"), ("added", "high"))


# --- Summaries ---------------------------------------------------------------------------


def _change(section, item_id, kind, field=None):
    return Change(section, item_id, item_id or section, kind, field, None, None)


SUMMARIES = [
    ("nothing", [], "No changes"),
    (
        "the example",
        [
            _change("cautions", "a", "changed", "text"),
            _change("cautions", "a", "changed", "title"),
            _change("cautions", "b", "changed", "text"),
            _change("references", "r", "removed"),
            _change("sites", "s", "added"),
        ],
        "2 cautions changed, 1 site added, 1 reference removed",
    ),
    (
        "plural added",
        [_change("sites", "s", "added"), _change("sites", "t", "added")],
        "2 sites added",
    ),
    ("one category", [_change("categories", "video", "changed", "summary")], "1 category changed"),
    (
        "details and order",
        [
            _change("meta", None, "changed", "title"),
            _change("categories", None, "changed", "order"),
            _change("categories", "video", "changed", "name"),
        ],
        "document details changed, 1 category changed, categories reordered",
    ),
    (
        "document order within a kind",
        [
            _change("sites", "s", "removed"),
            _change("jurisdictions", "uk", "removed"),
            _change("groups", "g", "changed", "name"),
        ],
        "1 group changed, 1 jurisdiction removed, 1 site removed",
    ),
]


@pytest.mark.parametrize(
    ("changes", "expected"), [case[1:] for case in SUMMARIES], ids=[case[0] for case in SUMMARIES]
)
def test_summary(changes, expected):
    assert summarize(changes) == expected
