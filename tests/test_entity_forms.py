"""The editing forms without Flask: reading forms, applying them to a document, and
putting the validator's problems back next to the right field."""

import datetime
import json
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from server.admin import entity_forms as ef
from server.taxonomy.diff import diff_taxonomies
from server.taxonomy.document import Problem, validate_document
from tests.samples import minimal_taxonomy

SHIPPED = Path(__file__).resolve().parent.parent / "shared" / "taxonomy.json"
EDITORS = {
    "categories": ef.CATEGORIES,
    "cautions": ef.CAUTIONS,
    "references": ef.REFERENCE_EDITOR,
    "sites": ef.SITES,
}


def as_form(values):
    """What a browser sends for a form showing ``values``."""
    form = MultiDict()
    for name, value in values.items():
        if name == "positions":
            for caution_id, position in value.items():
                form.add(f"position-{caution_id}", position)
        elif name == "sections":
            for reference_id, section in value.items():
                form.add(f"section-{reference_id}", section)
        elif isinstance(value, list):
            for entry in value:
                form.add(name, entry)
        else:
            form.add(name, value)
    return form


def shipped():
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


# --- Reading text --------------------------------------------------------------------------

CLEAN_TEXT = [
    ("  Privacy first \r\n", "Privacy first"),
    ("Line one\r\nLine two", "Line one\nLine two"),
    ("Cafe\u0301", "Caf\u00e9"),  # NFC, as the validator compares
    (None, ""),
    ("\u202eevil", "\u202eevil"),  # kept as typed: shown escaped and isolated, never run
]


@pytest.mark.parametrize(("typed", "kept"), CLEAN_TEXT)
def test_clean_text(typed, kept):
    assert ef.clean_text(typed) == kept


CLEAN_LINES = [
    ("One\r\n\r\n  Two  \r\n", ["One", "Two"]),
    ("", []),
    ("\n\n", []),
    ("https://a.example/*\rhttps://b.example/*", ["https://a.example/*", "https://b.example/*"]),
]


@pytest.mark.parametrize(("typed", "lines"), CLEAN_LINES)
def test_clean_lines(typed, lines):
    assert ef.clean_lines(typed) == lines


ORDER = [
    # (ticked in page order, positions typed, saved order)
    (["a", "b", "c"], {"a": "1", "b": "2", "c": "3"}, ["a", "b", "c"]),
    (["a", "b", "c"], {"a": "3", "b": "1", "c": "2"}, ["b", "c", "a"]),
    (["a", "b", "c"], {"a": "1", "b": "", "c": "2"}, ["a", "c", "b"]),  # no number: last
    (["a", "b"], {"a": "2", "b": "2"}, ["a", "b"]),  # a tie keeps the page order
    (["a", "b"], {}, ["a", "b"]),
    (["a", "b"], {"a": "10", "b": "9"}, ["b", "a"]),  # numbers, not text
]


@pytest.mark.parametrize(("ticked", "positions", "saved"), ORDER)
def test_category_caution_order(ticked, positions, saved):
    assert ef.CategoryEditor.order(ticked, positions) == saved


# --- Messages ------------------------------------------------------------------------------

FRIENDLY = [
    # (validator message, kind, size, words)
    (
        "Length must be between 1 and 600.",
        "text",
        601,
        "Too long: use at most 600 characters; this has 601.",
    ),
    ("Length must be between 1 and 600.", "text", None, "Too long: use at most 600 characters."),
    ("Length must be between 1 and 12.", "lines", 13, "Too many lines: at most 12; this has 13."),
    ("Length must be between 1 and 12.", "lines", 0, "Give at least 1, one per line."),
    ("Length must be between 1 and 4.", "choices", 0, "Choose at least 1."),
    ("Length must be between 1 and 4.", "choices", None, "Choose 1 to 4."),
    ("Shorter than minimum length 1.", "choices", None, "Choose at least 1."),
    ("Longer than maximum length 50.", "text", None, "Too long: use at most 50 characters."),
    ("Must be one of: high, medium, low.", "choice", None, "Choose one of the options."),
    (
        "Must be greater than or equal to 1900 and less than or equal to 2100.",
        "text",
        None,
        "Must be between 1900 and 2100.",
    ),
    ("Missing data for required field.", "text", None, "This is required."),
    ("Not a valid date.", "text", None, "Not a valid date: use the form 2026-01-31."),
    ("Something new.", "text", None, "Something new."),
]


@pytest.mark.parametrize(("message", "kind", "size", "words"), FRIENDLY)
def test_friendly_messages(message, kind, size, words):
    assert ef.friendly(message, kind, size) == words


VALUE_AT = [
    ("meta.title", "Test guidance"),
    ("categories[2].id", "video"),
    ("categories[2].cautions[1]", "us-contracts"),
    ("categories[99].id", None),
    ("sites[0].nothing", None),
]


@pytest.mark.parametrize(("path", "value"), VALUE_AT)
def test_value_at(path, value):
    assert ef.value_at(minimal_taxonomy(), path) == value


# --- Problems back to fields ---------------------------------------------------------------

PLACED = [
    # (path, message, the field it goes to (None: the summary only), words)
    ("cautions[1].detail", "Length must be between 1 and 600.", "detail", "Too long"),
    ("cautions[1].title", "Must not be blank.", "title", "Must not be blank."),
    ("cautions[1].headline", "At most 12 words.", "headline", "At most 12 words."),
    ("cautions[1].action", "At most 30 words.", "action", "At most 30 words."),
    ("cautions[1].severity", "Must be one of: high, medium, low.", "severity", "Choose one"),
    ("cautions[1].stage", "Length must be between 1 and 5.", "stage", "Choose 1 to 5."),
    ("cautions[1].stage[0]", "Must be one of: choosing, before.", "stage", "Must be one of"),
    ("cautions[1].force", "Must be one of: must, should, consider.", "force", "Choose one"),
    (
        "cautions[1].basis",
        "A 'must' rests on a law, a regulator or a professional code.",
        "basis",
        "A 'must' rests on a law",
    ),
    ("cautions[1].reviewed", "Not a valid date.", "reviewed", "use the form 2026-01-31"),
    ("cautions[1].review_by", "Must be after reviewed.", "review_by", "after the review date"),
    (
        "cautions[1].applies_if[0]",
        "Unknown profile 'gone'.",
        "applies_if",
        "Unknown profile 'gone'.",
    ),
    (
        "cautions[1].jurisdictions[0]",
        "Unknown jurisdiction 'xx'.",
        "jurisdictions",
        "Unknown jurisdiction 'xx'.",
    ),
    ("cautions[1].references", "Lists an id more than once.", "references", "more than once"),
    (
        "cautions[0].detail",
        "Length must be between 1 and 600.",
        None,
        "The caution 'Privacy first', detail: Too long",
    ),
    (
        "categories[0].cautions",
        "Length must be between 1 and 30.",
        None,
        "The category 'Telephone' would be left without any cautions",
    ),
    (
        "sites[0].cautions[0]",
        "Unknown caution 'gone'.",
        None,
        "The site 'Zoom', cautions: Unknown caution 'gone'.",
    ),
    ("cautions", "Longer than maximum length 1000.", None, "cautions: Longer than"),
]


@pytest.mark.parametrize(("path", "message", "field", "words"), PLACED)
def test_problems_go_to_their_field_or_the_summary(path, message, field, words):
    document = minimal_taxonomy()
    document["categories"][0]["cautions"] = []
    for caution in document["cautions"]:
        caution["detail"] = "x" * 601
    state = ef.FormState({})
    targets = [(f"cautions[1].{name}", name) for name in ef.CAUTIONS.fields]
    ef.CAUTIONS.place(state, [Problem(path, message)], targets, document)
    if field:
        assert words in " ".join(state.errors[field])
        assert state.summary[0][0] == field
    else:
        assert not state.errors
        assert state.summary[0][0] is None
        assert words in state.summary[0][1]


def test_a_line_problem_names_its_line():
    state = ef.FormState({})
    document = minimal_taxonomy()
    document["sites"][0]["patterns"] = ["https://*.zoom.us/*", "zoom.us"]
    problem = Problem("sites[0].patterns[1]", "Not a valid match pattern: no scheme")
    ef.SITES.place(state, [problem], ef.SITES.targets(0, ef.SITES.fields), document)
    assert state.errors == {"patterns": ["Line 2: Not a valid match pattern: no scheme"]}
    assert state.summary == [("patterns", "Patterns: Line 2: Not a valid match pattern: no scheme")]


def test_an_exclude_problem_names_its_line():
    state = ef.FormState({})
    document = minimal_taxonomy()
    document["sites"][0]["exclude"] = ["https://zoom.us/pricing*", "https://example.org/*"]
    problem = Problem("sites[0].exclude[1]", "Excludes addresses outside the site.")
    ef.SITES.place(state, [problem], ef.SITES.targets(0, ef.SITES.fields), document)
    assert state.errors == {"exclude": ["Line 2: Excludes addresses outside the site."]}
    assert state.summary == [
        ("exclude", "Addresses to leave out: Line 2: Excludes addresses outside the site.")
    ]


def test_a_site_s_excludes_read_and_apply_as_lines():
    document = minimal_taxonomy()
    values = ef.SITES.values_of(document, "zoom")
    assert values["exclude"] == ""
    values["exclude"] = "https://zoom.us/pricing*\n\n https://*.zoom.us/blog/* "
    changed_document, targets = ef.SITES.apply(document, "zoom", values)
    zoom = changed_document["sites"][0]
    assert zoom["exclude"] == ["https://zoom.us/pricing*", "https://*.zoom.us/blog/*"]
    assert ("sites[0].exclude", "exclude") in targets
    assert ef.SITES.values_of(changed_document, "zoom")["exclude"] == (
        "https://zoom.us/pricing*\nhttps://*.zoom.us/blog/*"
    )
    assert (
        "exclude" not in ef.SITES.apply(document, "zoom", {**values, "exclude": ""})[0]["sites"][0]
    )


def test_the_form_s_own_problems_come_first_in_the_summary():
    document = minimal_taxonomy()
    document["categories"][0]["cautions"] = []
    problems = [
        Problem("categories[0].cautions", "Length must be between 1 and 30."),
        Problem("cautions[1].detail", "Length must be between 1 and 600."),
    ]
    state = ef.FormState({})
    ef.CAUTIONS.place(state, problems, ef.CAUTIONS.targets(1, ["detail"]), document)
    assert [name for name, _message in state.summary] == ["detail", None]


def test_items_left_empty_are_named_together():
    document = ef.delete_item(minimal_taxonomy(), "cautions", "general-privacy")
    problems = ef.problems_in(document)
    assert len(problems) == 8
    (message,) = ef.explain_problems(document, problems)
    assert message.startswith("These categories would be left without any cautions: 'Telephone'")
    assert "'Video'" not in message


def test_an_unused_caution_says_how_to_fix_it():
    document = ef.delete_item(minimal_taxonomy(), "sites", "zoom")
    assert ef.explain_problems(document, ef.problems_in(document)) == [
        "The caution 'AI summaries' would no longer be used anywhere, and every caution must "
        "be used by a category or a site. Delete it, or add it to one, first."
    ]


# --- Forms and documents -------------------------------------------------------------------


def _shipped_items():
    document = shipped()
    return [(section, item["id"]) for section in EDITORS for item in document[section]]


@pytest.mark.parametrize(("section", "item_id"), _shipped_items())
def test_an_untouched_form_gives_back_the_same_document(section, item_id):
    """Every shipped item survives showing, submitting and applying its form unchanged."""
    document = shipped()
    editor = EDITORS[section]
    state = editor.read(as_form(editor.values_of(document, item_id)), document, item_id)
    assert not state.invalid, state.summary
    new_document, _targets = editor.apply(document, item_id, state.values)
    assert new_document == document


def test_untouched_details_give_back_the_same_document():
    document = shipped()
    state = ef.DETAILS.read(as_form(ef.DETAILS.values_of(document)), document)
    assert not state.invalid
    assert ef.DETAILS.apply(document, None, state.values)[0] == document


def test_a_new_caution_is_added_where_it_is_used():
    document = minimal_taxonomy()
    form = MultiDict(
        [
            ("id", "consent"),
            ("title", " Consent "),
            ("headline", "Ask before you record"),
            ("action", "Ask first."),
            ("detail", "Ask first, and note the answer."),
            ("severity", "low"),
            ("stage", "during"),
            ("stage", "before"),
            ("force", "should"),
            ("basis", "practice"),
            ("reviewed", "2026-03-01"),
            ("review_by", ""),
            ("references", "ref-one"),
            ("section-ref-one", " 4.2 "),
            ("used_by_categories", "email"),
            ("used_by_sites", "gmail"),
        ]
    )
    state = ef.CAUTIONS.read(form, document, None)
    assert not state.invalid
    new_document, targets = ef.CAUTIONS.apply(document, None, state.values)
    assert new_document["cautions"][-1] == {
        "id": "consent",
        "title": "Consent",
        "headline": "Ask before you record",
        "action": "Ask first.",
        "detail": "Ask first, and note the answer.",
        "severity": "low",
        "stage": ["during", "before"],
        "force": "should",
        "basis": "practice",
        "reviewed": "2026-03-01",
        "references": [{"ref": "ref-one", "section": "4.2"}],
    }
    email = ef.find(new_document, "categories", "email")
    assert new_document["categories"][email]["cautions"] == ["general-privacy", "consent"]
    assert new_document["sites"][1]["cautions"] == ["consent"]
    assert ("cautions[3].id", "id") in targets
    validate_document(new_document)
    assert document == minimal_taxonomy()  # the original is never changed


READ_PROBLEMS = [
    # (editor, item id, form fields, field, words)
    (ef.CAUTIONS, None, {"id": "zoom-ai", "used_by_sites": "zoom"}, "id", "already a caution"),
    (ef.CAUTIONS, None, {"id": "", "used_by_sites": "zoom"}, "id", "Give an id"),
    (ef.CAUTIONS, None, {"id": "new", "used_by_sites": "zoom"}, "id", "reserved"),
    (ef.CAUTIONS, "zoom-ai", {}, "used_by_categories", "at least one category or site"),
    (
        ef.REFERENCE_EDITOR,
        "ref-one",
        {"year": "2023a", "cited_by_categories": "video"},
        "year",
        "as a number",
    ),
    (
        ef.REFERENCE_EDITOR,
        "ref-one",
        {"year": "2023"},
        "cited_by_categories",
        "every reference must be cited",
    ),
    (ef.SITES, None, {"id": "zoom"}, "id", "already a site"),
    (
        ef.CATEGORIES,
        "video",
        {"cautions": "general-privacy", "position-general-privacy": "1st"},
        "cautions",
        "'Privacy first'",
    ),
    (
        ef.DETAILS,
        None,
        {"remove_jurisdictions": "us"},
        "jurisdictions",
        "'Business associate agreement'",
    ),
    (ef.DETAILS, None, {"new_jurisdiction_name": "New Zealand"}, "new_jurisdiction_id", "an id"),
    (
        ef.DETAILS,
        None,
        {"new_jurisdiction_id": "uk", "new_jurisdiction_name": "UK"},
        "new_jurisdiction_id",
        "already",
    ),
]


@pytest.mark.parametrize(("editor", "item_id", "fields", "field", "words"), READ_PROBLEMS)
def test_what_a_form_checks_by_itself(editor, item_id, fields, field, words):
    state = editor.read(MultiDict(fields), minimal_taxonomy(), item_id)
    assert words in " ".join(state.errors[field])


def test_deleting_removes_every_mention_and_keeps_optional_lists():
    document = ef.delete_item(minimal_taxonomy(), "references", "ref-one")
    assert document["references"] == []
    assert all(category["references"] == [] for category in document["categories"])
    assert document["cautions"][0]["references"] == []
    assert "references" not in document["cautions"][1]


def test_users_of():
    users = ef.users_of(minimal_taxonomy(), "cautions", "us-contracts")
    assert [item["id"] for item in users["categories"]] == ["video"]
    assert "sites" not in users


# --- Lists and the audit summary -----------------------------------------------------------

ROWS = [
    (ef.category_rows, "", 9),
    (ef.category_rows, "CHAT", 1),
    (ef.caution_rows, "privacy", 1),
    (ef.reference_rows, "a body", 1),  # the publisher counts too
    (ef.site_rows, "gmail", 2),
    (ef.site_rows, "no such thing", 0),
]


@pytest.mark.parametrize(("rows_of", "query", "count"), ROWS)
def test_list_filter(rows_of, query, count):
    assert len(rows_of(minimal_taxonomy(), query)) == count


def _edit(change):
    document = minimal_taxonomy()
    change(document)
    return document


SUMMARIES = [
    (
        "Edited",
        "cautions",
        "general-privacy",
        lambda d: d["cautions"][0].update(detail="New."),
        "Edited caution 'general-privacy' (detail)",
    ),
    (
        "Edited",
        "cautions",
        "zoom-ai",
        lambda d: (d["cautions"][2].update(severity="high"), d["sites"][0].update(cautions=[])),
        "Edited caution 'zoom-ai' (severity); also changed site 'zoom' (cautions)",
    ),
    (
        "Edited",
        "meta",
        None,
        lambda d: (
            d["meta"].update(title="New"),
            d["jurisdictions"].append({"id": "nz", "name": "New Zealand"}),
        ),
        "Edited the document details (title); also added jurisdiction 'nz'",
    ),
    (
        "Deleted",
        "sites",
        "gmail",
        lambda d: d["sites"].pop(1),
        "Deleted site 'gmail'",
    ),
]


@pytest.mark.parametrize(("verb", "section", "item_id", "change", "summary"), SUMMARIES)
def test_audit_summary(verb, section, item_id, change, summary):
    changes = diff_taxonomies(minimal_taxonomy(), _edit(change))
    assert ef.audit_summary(verb, section, item_id, changes) == summary


def rich_taxonomy():
    """The minimal document with every optional format 2 field in use."""
    document = minimal_taxonomy()
    document["jurisdictions"].append({"id": "us-il", "name": "Illinois", "parent": "us"})
    document["jurisdictions"][0]["emergency"] = [
        {"name": "Emergency services", "number": "999", "when": "Immediate danger"}
    ]
    document["profiles"] = [{"id": "covered", "question": "Covered?", "help": "Most are."}]
    caution = document["cautions"][1]
    caution.update(
        review_by="2027-01-15",
        jurisdictions=["us", "us-il"],
        applies_if=["covered"],
        references=[{"ref": "ref-one", "section": "164.312"}],
    )
    document["categories"][0]["references"] = [{"ref": "ref-one", "section": "H.2"}]
    document["references"][0].pop("year")
    document["references"][0]["accessed"] = "2026-12-02"
    document["sites"][0]["uses"] = [
        {"id": "sessions", "label": "Sessions", "categories": ["video"]},
        {"id": "personal", "label": "Personal", "categories": []},
    ]
    return validate_document(document)


RICH_EDITORS = {**EDITORS, "profiles": ef.PROFILES}


@pytest.mark.parametrize(
    ("section", "item_id"),
    [(section, item["id"]) for section in RICH_EDITORS for item in rich_taxonomy()[section]],
)
def test_every_format_2_field_survives_an_untouched_form(section, item_id):
    document = rich_taxonomy()
    editor = RICH_EDITORS[section]
    state = editor.read(as_form(editor.values_of(document, item_id)), document, item_id)
    assert not state.invalid, state.summary
    assert editor.apply(document, item_id, state.values)[0] == document


def test_untouched_details_keep_parents_and_contacts():
    document = rich_taxonomy()
    state = ef.DETAILS.read(as_form(ef.DETAILS.values_of(document)), document)
    assert ef.DETAILS.apply(document, None, state.values)[0] == document


def test_a_changed_caution_is_reviewed_today_unless_the_date_was_typed():
    document = minimal_taxonomy()
    values = ef.CAUTIONS.values_of(document, "zoom-ai")
    today = datetime.date(2026, 6, 1)
    edited = ef.CAUTIONS.apply(document, "zoom-ai", {**values, "action": "Switch it off."}, today)
    assert ef.find(edited[0], "cautions", "zoom-ai") == 2
    assert edited[0]["cautions"][2]["reviewed"] == "2026-06-01"
    typed = {**values, "action": "Switch it off.", "reviewed": "2026-02-02"}
    assert ef.CAUTIONS.apply(document, "zoom-ai", typed, today)[0]["cautions"][2]["reviewed"] == (
        "2026-02-02"
    )
    untouched = ef.CAUTIONS.apply(document, "zoom-ai", values, today)[0]
    assert untouched == document


def test_an_unused_profile_says_how_to_fix_it():
    document = rich_taxonomy()
    document["cautions"][1]["applies_if"] = []
    assert ef.explain_problems(document, ef.problems_in(document)) == [
        "The profile 'Covered?' would no longer be used anywhere, and every profile must be "
        "used by a caution (under “Applies only if”). Delete it, or add it to one, first."
    ]


def test_a_profile_in_use_cannot_be_deleted():
    document = rich_taxonomy()
    [message] = ef.PROFILES.delete_blockers(document, "covered")
    assert "'Business associate agreement'" in message
    document["cautions"][1].pop("applies_if")
    assert ef.PROFILES.delete_blockers(document, "covered") == []


def test_the_site_that_shows_a_caution():
    document = minimal_taxonomy()
    assert ef.site_showing(document, "zoom-ai")["id"] == "zoom"  # its own caution
    assert ef.site_showing(document, "us-contracts")["id"] == "zoom"  # through video
    for site in document["sites"]:
        site["categories"] = ["calendar"]
        site.pop("cautions", None)
    assert ef.site_showing(document, "us-contracts") is None
    document["sites"][1]["uses"] = [{"id": "calls", "label": "Calls", "categories": ["video"]}]
    assert ef.site_showing(document, "us-contracts")["id"] == document["sites"][1]["id"]
