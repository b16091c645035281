"""The admin card preview's server side: the extension files it serves, its data, the macro."""

import json
import re
from pathlib import Path

import pytest
from flask import Flask, abort, render_template_string, request
from werkzeug.exceptions import NotFound

from server.admin.card_preview import (
    EXTENSION_ASSETS,
    asset_base_url,
    changed_site,
    choices,
    example_urls,
    extension_asset_response,
    jurisdiction_tree,
    preview_data,
)
from server.matching import PatternError, build_index
from tests.samples import minimal_taxonomy
from tests.test_admin_editing import save_as

REPO = Path(__file__).resolve().parent.parent
EXTENSION = REPO / "extension"
SHIPPED = json.loads((REPO / "shared" / "taxonomy.json").read_text(encoding="utf-8"))
# The policy the preview must work under (connect-src and form-action as the admin
# pages' own policy in server/security.py adds them).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; connect-src 'self'; form-action 'self'"
)
HOSTILE = "</script><script>alert(1)</script>"

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="color-scheme" content="light dark">
<title>Card preview</title></head>
<body><main>
<h1>Card preview</h1>
{% from "admin/_card_preview.html" import card_preview, preview_controls %}
{{ preview_controls(choices, data) }}
{{ card_preview(data, asset_base, url_for("static", filename="admin/preview.js")) }}
</main></body>
</html>"""


def preview_app(taxonomy, **config):
    """The preview wired as the admin page will wire it, minus sign-in, under a strict CSP."""
    app = Flask(
        __name__,
        root_path=str(REPO / "server"),
        template_folder="templates",
        static_folder="static",
    )
    app.config.update(TESTING=True, **config)

    @app.get("/admin/preview")
    def preview():
        try:
            data = preview_data(
                taxonomy,
                request.args.get("site"),
                request.args.get("jurisdiction"),
                version=request.args.get("version", type=int),
                stage=request.args.get("stage"),
                profiles=request.args.getlist("profile"),
                use=request.args.get("use"),
                first_visit=request.args.get("first") == "1",
            )
        except LookupError as exc:
            abort(404, str(exc))
        return render_template_string(
            PAGE,
            data=data,
            choices=choices(taxonomy),
            asset_base=asset_base_url("preview_asset"),
        )

    @app.get("/admin/preview/ext/<path:path>")
    def preview_asset(path):
        return extension_asset_response(path)

    @app.get("/favicon.ico")
    def favicon():
        # Browsers ask for one; a 404 would show as a console error in the browser tests.
        return "", 204

    @app.after_request
    def content_security_policy(response):
        response.headers["Content-Security-Policy"] = CSP
        return response

    return app


@pytest.fixture
def client():
    return preview_app(SHIPPED).test_client()


def by_id(items, item_id):
    return next(item for item in items if item["id"] == item_id)


# --- Extension files -------------------------------------------------------------------

IMPORT = re.compile(r"""(?:^|;|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]""", re.M)


def module_closure(start):
    """Every module `start` imports, transitively, relative to the extension folder."""
    seen, todo = set(), [start]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        source = (EXTENSION / path).read_text(encoding="utf-8")
        for target in IMPORT.findall(source):
            todo.append((Path(path).parent / target).as_posix())
    return {str(Path(path)) for path in seen}


# The card's scripts that only a page needs: the preview's card stays in its stage.
PAGE_GLUE = frozenset({"content/card.js", "content/card-drag.js"})


def injected_card_scripts():
    """The card's classic scripts, in the order lib/tabs.js injects them into pages."""
    source = (EXTENSION / "lib" / "tabs.js").read_text(encoding="utf-8")
    listing = re.search(r"const CARD_FILES = Object\.freeze\(\[(.*?)\]\)", source, re.S)
    return re.findall(r'"([^"]+)"', listing.group(1))


def test_allow_list_is_what_the_page_loads():
    card_scripts = [path for path in injected_card_scripts() if path not in PAGE_GLUE]
    assert card_scripts[-1] == "content/card-view.js"
    needed = module_closure("lib/guidance.js") | {*card_scripts, "_locales/en/messages.json"}
    assert set(EXTENSION_ASSETS) == needed
    assert all((EXTENSION / path).is_file() for path in EXTENSION_ASSETS)


@pytest.mark.parametrize("path", sorted(EXTENSION_ASSETS))
def test_allow_listed_files_are_served(client, path):
    with client.get(f"/admin/preview/ext/{path}") as response:
        assert response.status_code == 200
        assert response.data == (EXTENSION / path).read_bytes()
        expected = "application/json" if path.endswith(".json") else "text/javascript"
        assert response.mimetype == expected
        assert response.mimetype_params == {"charset": "utf-8"}
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"


REFUSED = [
    "content/card.js",
    "content/card-drag.js",
    "background.js",
    "config.js",
    "manifest.json",
    "managed_schema.json",
    "lib/storage.js",
    "tests/guidance.test.js",
    "Content/card-view.js",
    "content//card-view.js",
    "./content/card-view.js",
    "lib/../lib/guidance.js",
    "lib/guidance.js/",
    "lib/guidance.js%00",
    "../server/config.py",
    "..%2fserver%2fconfig.py",
    "%2e%2e/server/config.py",
    "content/%2e%2e/%2e%2e/server/config.py",
    "../../../../etc/passwd",
    "_locales/../../shared/taxonomy.json",
    "lib/guidance.js%3Fx=1/../../manifest.json",
]


@pytest.mark.parametrize("path", REFUSED)
def test_other_paths_are_not_found_over_http(client, path):
    response = client.get(f"/admin/preview/ext/{path}")
    assert response.status_code == 404
    assert b"chrome.i18n" not in response.data and b"SECRET_KEY" not in response.data


@pytest.mark.parametrize(
    "path",
    [
        *REFUSED,
        "../server/config.py",
        "/etc/passwd",
        str(EXTENSION / "content" / "card-view.js"),
        "content\\card-view.js",
        "lib/guidance.js\x00",
        "",
    ],
)
def test_other_paths_are_refused_before_the_disk(path):
    app = preview_app(SHIPPED)
    with app.test_request_context(), pytest.raises(NotFound):
        extension_asset_response(path)


def test_extension_dir_is_configurable(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "card-view.js").write_text("// a built copy\n", encoding="utf-8")
    (tmp_path / "content" / "card.js").write_text("// not listed\n", encoding="utf-8")
    client = preview_app(SHIPPED, EXTENSION_DIR=str(tmp_path)).test_client()
    with client.get("/admin/preview/ext/content/card-view.js") as response:
        assert response.data == b"// a built copy\n"
    assert client.get("/admin/preview/ext/content/card.js").status_code == 404
    # Listed but missing from that folder.
    assert client.get("/admin/preview/ext/lib/guidance.js").status_code == 404


def test_asset_base_url_is_the_folder_of_the_files():
    app = preview_app(SHIPPED)
    with app.test_request_context():
        assert asset_base_url("preview_asset") == "/admin/preview/ext/"
    with app.test_request_context(base_url="http://localhost/mounted"):
        assert asset_base_url("preview_asset") == "/mounted/admin/preview/ext/"


# --- Data -------------------------------------------------------------------------------

EXAMPLE_URLS = [
    ("https://*.zoom.us/*", ["https://zoom.us/", "https://www.zoom.us/"]),
    ("https://meet.google.com/*", ["https://meet.google.com/"]),
    ("*://example.org/app", ["https://example.org/app"]),
    ("http://intranet.example/*", ["http://intranet.example/"]),
    (
        "https://*.tiktok.com/messages*",
        ["https://tiktok.com/messages", "https://www.tiktok.com/messages"],
    ),
    ("https://x.com/i/grok*", ["https://x.com/i/grok"]),
    ("https://EXAMPLE.org./a/*/b", ["https://example.org/a//b"]),
    ("<all_urls>", []),
]


@pytest.mark.parametrize(("pattern", "expected"), EXAMPLE_URLS)
def test_example_urls(pattern, expected):
    assert example_urls(pattern) == expected


@pytest.mark.parametrize("site", SHIPPED["sites"], ids=lambda site: site["id"])
def test_preview_data_for_every_shipped_site(site):
    data = preview_data(SHIPPED, site["id"], None)
    uses = [{"id": use["id"], "label": use["label"]} for use in site.get("uses", [])]
    assert data["site"] == {"id": site["id"], "name": site["name"], "uses": uses}
    assert data["jurisdiction"] is None
    assert (data["stage"], data["profiles"], data["use"]) == ("before", [], None)
    assert data["taxonomy"] is SHIPPED
    assert data["guidance"] == {"source": "bundled", "version": None}
    # The extension shows this site's card there: it is among the most specific matches.
    matches = build_index(SHIPPED).classify(data["url"])
    assert site["id"] in {m.site_id for m in matches if m.specificity == matches[0].specificity}
    simple = {url for pattern in site["patterns"] for url in example_urls(pattern)}
    # A site whose excludes take its simple addresses (TheraNest's www host is its company
    # site) gets one they leave.
    assert data["url"] in simple or site.get("exclude")
    names = {c["id"]: c["name"] for c in SHIPPED["categories"]}
    assert set(data["fallback"]["categories"]) >= {names[c] for c in site["categories"]}
    # Which cautions the card shows is the extension's decision, never a copy here.
    assert set(data["fallback"]) == {"categories"}
    json.dumps(data)


def test_preview_data_zoom():
    data = preview_data(SHIPPED, "zoom", "uk", version=7)
    assert data["url"] == "https://zoom.us/j/"
    assert data["jurisdiction"] == {"id": "uk", "name": "United Kingdom"}
    assert data["guidance"] == {"source": "server", "version": 7}
    # The cautions for the UK (and none of the US ones) are chosen by the extension's own
    # guidance.js in the page: tests/e2e/test_preview_page.py checks the card it draws.
    assert data["fallback"] == {"categories": ["Video sessions"]}


def test_a_site_outranked_on_its_bare_host_gets_another_address():
    taxonomy = minimal_taxonomy()
    exact = {
        "id": "exact",
        "name": "Exact",
        "patterns": ["https://example.com/*"],
        "categories": ["email"],
    }
    wildcard = {
        "id": "wild",
        "name": "Wild",
        "patterns": ["https://*.example.com/*"],
        "categories": ["video"],
    }
    taxonomy["sites"] = [exact, wildcard]
    assert preview_data(taxonomy, "exact", None)["url"] == "https://example.com/"
    assert preview_data(taxonomy, "wild", None)["url"] == "https://www.example.com/"


def test_a_site_outranked_everywhere_keeps_its_first_address():
    taxonomy = minimal_taxonomy()
    outranked = {"id": "outranked", "name": "Outranked", "categories": ["video"]}
    winner = {"id": "winner", "name": "Winner", "categories": ["email"]}
    taxonomy["sites"] = [
        {**outranked, "patterns": ["https://*.a.example/x*"]},
        {**winner, "patterns": ["https://a.example/*", "https://www.a.example/*"]},
    ]
    data = preview_data(taxonomy, "outranked", None)
    assert data["url"] == "https://a.example/x"
    # The fallback lists what the extension really shows there: the winner's guidance.
    assert data["fallback"]["categories"] == ["Email"]


def test_an_equally_specific_site_shares_the_card():
    taxonomy = minimal_taxonomy()
    first = {"id": "first", "name": "First", "categories": ["email"]}
    second = {"id": "second", "name": "Second", "categories": ["video"]}
    taxonomy["sites"] = [
        {**first, "patterns": ["https://a.example/*"]},
        {**second, "patterns": ["https://a.example/*"]},
    ]
    data = preview_data(taxonomy, "second", None)
    assert data["url"] == "https://a.example/"
    assert data["fallback"]["categories"] == ["Email", "Video"]


def test_a_pattern_no_address_matches_gives_no_card(client):
    taxonomy = minimal_taxonomy()
    taxonomy["sites"] = [
        {"id": "odd", "name": "Odd", "patterns": ["https://a.example/a b"], "categories": ["video"]}
    ]
    data = preview_data(taxonomy, "odd", None)
    assert data["url"] == "https://a.example/a b"
    assert data["fallback"] == {"categories": []}
    html = preview_app(taxonomy).test_client().get("/admin/preview").get_data(as_text=True)
    assert "The extension shows no card on this address." in html
    assert "<ul" not in html


def test_a_bad_pattern_names_its_place():
    taxonomy = minimal_taxonomy()
    taxonomy["sites"][1]["patterns"] = ["https://mail.google.com"]
    with pytest.raises(PatternError, match=re.escape("sites[1].patterns[0]")):
        preview_data(taxonomy, "zoom", None)


@pytest.mark.parametrize("jurisdiction", [None, "", "us", "uk"])
def test_the_fallback_does_not_choose_cautions_for_a_jurisdiction(jurisdiction):
    """Without JavaScript the page names the card's categories whatever the jurisdiction;
    the card (and its jurisdiction filter) is drawn only by the extension's code."""
    data = preview_data(minimal_taxonomy(), "zoom", jurisdiction)
    assert data["fallback"] == {"categories": ["Video"]}


def test_no_site_chosen_means_the_first():
    for site_id in (None, ""):
        assert preview_data(SHIPPED, site_id, None)["site"]["id"] == SHIPPED["sites"][0]["id"]


@pytest.mark.parametrize(
    ("site_id", "jurisdiction", "message"),
    [
        ("nope", None, "unknown site id 'nope'"),
        ("Zoom", None, "unknown site id 'Zoom'"),
        ("zoom", "mars", "unknown jurisdiction 'mars'"),
        ("zoom", "UK", "unknown jurisdiction 'UK'"),
    ],
)
def test_unknown_ids_are_lookup_errors(site_id, jurisdiction, message):
    with pytest.raises(LookupError, match=re.escape(message)):
        preview_data(SHIPPED, site_id, jurisdiction)


def test_unknown_ids_are_404_on_the_page(client):
    assert client.get("/admin/preview?site=nope").status_code == 404


def test_choices():
    result = choices(SHIPPED)
    assert result["sites"][0] == {
        "id": SHIPPED["sites"][0]["id"],
        "name": SHIPPED["sites"][0]["name"],
    }
    assert len(result["sites"]) == len(SHIPPED["sites"])
    # The shipped tree: countries, each region one level under its country.
    assert sorted(result["jurisdictions"], key=lambda item: item["id"]) == sorted(
        (
            {"id": item["id"], "name": item["name"], "depth": 1 if item.get("parent") else 0}
            for item in SHIPPED["jurisdictions"]
        ),
        key=lambda item: item["id"],
    )
    assert result["profiles"] == [
        {"id": item["id"], "question": item["question"]} for item in SHIPPED["profiles"]
    ]
    assert result["stages"] == ["choosing", "before", "during", "after", "anytime"]


def with_regions_profiles_and_uses():
    taxonomy = minimal_taxonomy()
    taxonomy["jurisdictions"] += [
        {"id": "us-il", "name": "Illinois", "parent": "us"},
        {"id": "us-il-cook", "name": "Cook County", "parent": "us-il"},
    ]
    taxonomy["profiles"] = [{"id": "hipaa", "question": "Are you a HIPAA covered entity?"}]
    by_id(taxonomy["cautions"], "general-privacy")["applies_if"] = ["hipaa"]
    by_id(taxonomy["sites"], "zoom")["uses"] = [
        {"id": "sessions", "label": "Sessions", "categories": ["video"]},
        {"id": "admin", "label": "Arrangements", "categories": ["email"]},
    ]
    return taxonomy


def test_jurisdictions_are_a_tree():
    taxonomy = with_regions_profiles_and_uses()
    assert jurisdiction_tree(taxonomy) == [
        {"id": "uk", "name": "United Kingdom", "depth": 0},
        {"id": "us", "name": "United States", "depth": 0},
        {"id": "us-il", "name": "Illinois", "depth": 1},
        {"id": "us-il-cook", "name": "Cook County", "depth": 2},
    ]
    assert choices(taxonomy)["profiles"] == [
        {"id": "hipaa", "question": "Are you a HIPAA covered entity?"}
    ]


def test_stage_profiles_and_use():
    taxonomy = with_regions_profiles_and_uses()
    data = preview_data(
        taxonomy, "zoom", "us-il", stage="during", profiles=["hipaa", "hipaa", ""], use="admin"
    )
    assert data["jurisdiction"] == {"id": "us-il", "name": "Illinois"}
    assert (data["stage"], data["profiles"]) == ("during", ["hipaa"])
    assert data["use"] == {"id": "admin", "label": "Arrangements"}
    assert data["site"]["uses"] == [
        {"id": "sessions", "label": "Sessions"},
        {"id": "admin", "label": "Arrangements"},
    ]
    # Without JavaScript: the use's categories, as the card shows them.
    assert data["fallback"] == {"categories": ["Email"]}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"stage": "someday"}, "unknown stage 'someday'"),
        ({"profiles": ["nhs"]}, "unknown profile 'nhs'"),
        ({"use": "games"}, "the site 'zoom' has no use 'games'"),
    ],
)
def test_unknown_stage_profile_or_use(changes, message):
    with pytest.raises(LookupError, match=re.escape(message)):
        preview_data(with_regions_profiles_and_uses(), "zoom", None, **changes)


def test_the_site_a_draft_changes():
    published = minimal_taxonomy()
    assert changed_site(published, published) is None
    draft = minimal_taxonomy()
    by_id(draft["cautions"], "zoom-ai")["detail"] = "Changed."
    assert changed_site(draft, published) == "zoom"
    draft = minimal_taxonomy()
    draft["sites"].append({**draft["sites"][0], "id": "new-site"})
    assert changed_site(draft, published) == "new-site"
    assert changed_site(published, None) == published["sites"][0]["id"]


# --- The macro --------------------------------------------------------------------------

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def data_block(html):
    match = re.search(
        r'<script type="application/json" id="dpg-preview-data">(.*?)</script>', html, re.S
    )
    return json.loads(match.group(1))


def test_page_markup(client):
    response = client.get("/admin/preview?site=zoom&jurisdiction=us")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    scripts = SCRIPT_TAG.findall(html)
    assert [attributes.strip() for attributes, _ in scripts] == [
        'type="application/json" id="dpg-preview-data"',
        # The card's scripts in the order the extension injects them (but the page glue).
        *[
            f'src="/admin/preview/ext/{path}"'
            for path in injected_card_scripts()
            if path not in PAGE_GLUE
        ],
        'type="module" src="/static/admin/preview.js"',
    ]
    assert 'src="/admin/preview/ext/content/card-view.js"' in html
    # Nothing inline that a strict CSP would refuse.
    assert {body for _, body in scripts[1:]} == {""}
    assert "style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)
    assert data_block(html) == preview_data(SHIPPED, "zoom", "us")
    assert 'data-asset-base="/admin/preview/ext/"' in html
    assert '<option value="zoom" selected>Zoom</option>' in html
    assert '<option value="us" selected>United States</option>' in html
    assert "<li>Video sessions</li>" in html
    assert "Zoom AI Companion can capture sessions" not in html.split('id="dpg-preview-data"')[0]
    assert "needs JavaScript" in html


def test_hostile_text_stays_inside_the_json_block():
    taxonomy = minimal_taxonomy()
    caution = by_id(taxonomy["cautions"], "general-privacy")
    caution["detail"] = f"Text {HOSTILE}"
    caution["title"] = f"Title {HOSTILE} <img src=x onerror=alert(2)>"
    by_id(taxonomy["sites"], "zoom")["name"] = "Site \" onmouseover=alert(3) '<b>"
    by_id(taxonomy["categories"], "video")["name"] = f"Video {HOSTILE}"
    html = (
        preview_app(taxonomy).test_client().get("/admin/preview?site=zoom").get_data(as_text=True)
    )
    # The data block, the card's scripts and the page's module: none made from the text.
    assert len(SCRIPT_TAG.findall(html)) == 2 + len(injected_card_scripts()) - len(PAGE_GLUE)
    assert "<script>alert(1)" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the fallback list
    assert data_block(html)["taxonomy"] == taxonomy
    assert 'aria-label="Preview of the reminder card for Site &#34; onmouseover' in html


def test_fallback_without_jurisdiction_says_so(client):
    html = client.get("/admin/preview?site=zoom").get_data(as_text=True)
    assert "has not chosen a jurisdiction yet" in html
    assert '<option value="" selected>' in html


# --- The admin page ------------------------------------------------------------------------


def change_the_draft(app, change):
    save_as(app, "ann", change)


def site_shown(browser, path):
    response = browser.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    return data_block(response.get_data(as_text=True))


def test_the_admin_page_opens_on_a_site_the_draft_changes(app, browser_for):
    ann = browser_for("ann")
    first = minimal_taxonomy()["sites"][0]["id"]
    assert site_shown(ann, "/admin/preview")["site"]["id"] == first  # nothing changed yet

    def email_summary(document):
        by_id(document["categories"], "email")["summary"] = "A changed summary."

    change_the_draft(app, email_summary)
    assert site_shown(ann, "/admin/preview")["site"]["id"] == "gmail"
    # A site asked for wins (a caution's page links to preview?site=<id>); the published
    # guidance opens on the first site.
    assert site_shown(ann, "/admin/preview?site=zoom")["site"]["id"] == "zoom"
    assert site_shown(ann, "/admin/preview?source=published")["site"]["id"] == first


def test_the_admin_page_passes_the_reader_on(app, browser_for):
    ann = browser_for("ann")

    def regions_and_uses(document):
        document["jurisdictions"].append({"id": "us-il", "name": "Illinois", "parent": "us"})
        by_id(document["sites"], "zoom")["uses"] = [
            {"id": "sessions", "label": "Sessions", "categories": ["video"]}
        ]

    change_the_draft(app, regions_and_uses)
    data = site_shown(ann, "/admin/preview?site=zoom&jurisdiction=us-il&stage=after&use=sessions")
    assert data["jurisdiction"] == {"id": "us-il", "name": "Illinois"}
    assert (data["stage"], data["use"]["id"], data["profiles"]) == ("after", "sessions", [])
    html = ann.get("/admin/preview?site=zoom&stage=after").get_data(as_text=True)
    # Switching to the published guidance keeps the site, jurisdiction and moment.
    assert "source=published" in html and "stage=after" in html
    assert ann.get("/admin/preview?site=zoom&stage=someday").status_code == 404
    assert ann.get("/admin/preview?site=zoom&use=games").status_code == 404
