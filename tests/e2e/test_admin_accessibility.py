"""The admin pages in real Chromium: every main page passes axe-core's serious and
critical checks in light and dark mode, logs no console error and breaks no rule of the
Content-Security-Policy; and someone using only the keyboard can sign in, skip to the
content and always see where the focus is."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from server.db import session_scope
from server.people.accounts import get_user
from server.people.tokens import create_token
from server.publishing import audit, drafts
from tests.conftest import PASSWORD
from tests.e2e.test_accessibility import AXE, run_axe

pytestmark = pytest.mark.e2e

FAVICON = Path(__file__).resolve().parents[2] / "server" / "static" / "favicon.png"

# The page background (--bg in admin.css) in each colour scheme, to show it applied.
SCHEMES = {"light": "rgb(251, 250, 247)", "dark": "rgb(22, 25, 31)"}
PUBLISHED_TEXT = "Check who else can see the screen, and where recordings are kept."
DRAFT_TEXT = "Before every video session, check who else is in the room on both sides."

# Report every Content-Security-Policy violation to the test, counting those raised and
# those the test has recorded. Init scripts are added through the DevTools protocol, so
# the policy's script-src does not apply to them.
CSP_LISTENER = """
window.cspViolations = { raised: 0, reported: 0 };
document.addEventListener("securitypolicyviolation", async (event) => {
  window.cspViolations.raised += 1;
  await window.reportCspViolation({
    page: document.location.pathname + document.location.search,
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    sample: event.sample,
  });
  window.cspViolations.reported += 1;
});
"""
# Every violation the page raised so far has been recorded by the test. A task queued now
# runs after those of violations already raised, which dispatch the events.
ALL_REPORTED = """async () => {
  await new Promise((resolve) => setTimeout(resolve));
  return window.cspViolations.raised === window.cspViolations.reported;
}"""
# A deliberate violation (an inline script), to show that the listener hears them.
BREAK_THE_POLICY = """() => {
  const script = document.createElement("script");
  script.textContent = "window.inlineScriptRan = true;";
  document.body.append(script);
}"""
# Where focus is, and whether it can be seen.
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    tag: element.tagName.toLowerCase(),
    id: element.id,
    classes: element.className,
    text: (element.textContent || "").trim().slice(0, 40),
    outlineStyle: style.outlineStyle,
    outlineWidth: style.outlineWidth,
  };
}"""


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core is not installed: run `make test`, which runs `npm ci`.")
        pytest.skip("axe-core is not installed (npm ci).")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def content(app, accounts):
    """What a service in use holds: two published versions, an edited draft waiting for
    review, an API token and a few audit events of each kind."""
    path = app.config["DEFAULT_TAXONOMY_PATH"]
    with app.app_context(), session_scope(app) as db:
        _change_caution(db, path, PUBLISHED_TEXT, actor="ann")
        draft = drafts.get_draft(db, path)
        drafts.request_review(
            db, expected_revision=draft.revision, actor="ann", channel="web", note="Clearer"
        )
        drafts.approve(
            db, expected_revision=draft.revision, actor="rita", channel="web", review_required=True
        )
        drafts.publish(
            db,
            expected_revision=draft.revision,
            actor="rita",
            channel="web",
            change_note="Clearer privacy caution",
            review_required=True,
        )
        _change_caution(db, path, DRAFT_TEXT, actor="ann")
        draft = drafts.get_draft(db, path)
        drafts.request_review(
            db,
            expected_revision=draft.revision,
            actor="ann",
            channel="web",
            note="Ask about the room at the start of a session",
        )
        token, _secret = create_token(
            db, get_user(db, "ada"), "Nightly export", actor="ada", channel="web"
        )
        db.flush()  # gives the token its id
        audit.record(
            db,
            actor="ada",
            channel="web",
            action="token-create",
            summary=f"Created API token '{token.name}' for ada",
            token_id=token.id,
        )
        audit.record(
            db, actor="mallory", channel="web", action="sign-in-failed", summary="Sign-in refused"
        )
        db.commit()


def _change_caution(db, path, text, *, actor):
    draft = drafts.get_draft(db, path)
    document = drafts.document_of(draft)
    document["cautions"][0]["detail"] = text
    drafts.save(
        db,
        document,
        expected_revision=draft.revision,
        actor=actor,
        channel="web",
        summary="Edited the caution general-privacy",
    )


# Pages answered with an error status on purpose: Chromium logs the status as a console
# error. (address, status)
EXPECTED_STATUS = {
    ("/admin/cautions/general-privacy", 400),
    ("/admin/references/ref-one", 400),
    ("/admin/sites/zoom", 400),
    ("/admin/profiles/new", 400),
    ("/admin/details", 400),
}


class Watch:
    """Console errors, uncaught exceptions and CSP violations of one page, by address."""

    def __init__(self, page):
        self.problems = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: {error}"))
        page.expose_function("reportCspViolation", self._violation)
        page.add_init_script(CSP_LISTENER)

    def _console(self, message):
        url = message.location.get("url", "")
        expected = any(
            url.endswith(path) and f"status of {status} " in message.text
            for path, status in EXPECTED_STATUS
        )
        if message.type == "error" and not expected:
            self.problems.append(f"{url}: console error: {message.text}")

    def _violation(self, violation):
        self.problems.append(
            f"{violation['page']}: CSP blocked {violation['blocked'] or violation['sample']!r} "
            f"({violation['directive']})"
        )


def new_context(browser):
    """A browser context of a laptop's size. The favicon is answered from disk: Chromium
    drops its request when a test moves on quickly, and the development server then
    leaves the file open (a ResourceWarning, an error in this test suite)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    context.route("**/static/favicon.png", lambda route: route.fulfill(path=FAVICON))
    return context


def sign_in(page, base, username="ada"):
    page.goto(f"{base}/admin/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def submit_caution_with_errors(page, base):
    """The caution form sent back with problems next to its fields, the format 2 ones
    too: a headline of too many words, a 'must' on guidance, a section too long."""
    page.goto(f"{base}/admin/cautions/general-privacy")
    page.get_by_label("Title", exact=True).fill("x" * 130)
    page.get_by_label("Headline", exact=True).fill(" ".join(["word"] * 13))
    page.get_by_label("Detail", exact=True).fill("y" * 700)
    page.locator("#force-must").check()
    page.locator("#basis-guidance").check()
    page.locator("#section-ref-one").fill("s" * 61)
    page.get_by_role("button", name="Save the caution").click()
    expect(page.locator(".error-summary")).to_be_visible()
    for field in ("#title", "#headline", "#detail", "#basis", "#section-ref-one"):
        expect(page.locator(field)).to_have_attribute("aria-invalid", "true")


def submit_reference_with_errors(page, base):
    """Neither a year nor the date accessed: the reference's own problem, at the year."""
    page.goto(f"{base}/admin/references/ref-one")
    page.get_by_label("Year (optional)").fill("")
    page.get_by_role("button", name="Save the reference").click()
    expect(page.locator("#year")).to_have_attribute("aria-invalid", "true")


def submit_site_with_errors(page, base):
    """A use without an id, its problem next to its row."""
    page.goto(f"{base}/admin/sites/zoom")
    page.locator("#use-0-label").fill("Sessions with clients")
    page.locator("#use-0-categories-video").check()
    page.get_by_role("button", name="Save the site").click()
    expect(page.locator("#use-0-id")).to_have_attribute("aria-invalid", "true")


def submit_details_with_errors(page, base):
    """An emergency contact whose number is not a number."""
    page.goto(f"{base}/admin/details")
    page.locator("#jurisdiction-uk-emergency-0-name").fill("Emergency services")
    page.locator("#jurisdiction-uk-emergency-0-number").fill("nine nine nine")
    page.locator("#jurisdiction-uk-emergency-0-when").fill("Immediate danger")
    page.get_by_role("button", name="Save the details").click()
    expect(page.locator("#jurisdiction-uk-emergency-0-number")).to_have_attribute(
        "aria-invalid", "true"
    )


def submit_profile_with_errors(page, base):
    """A new profile with no caution to ask it for."""
    page.goto(f"{base}/admin/profiles/new")
    page.get_by_label("Id", exact=True).fill("covered-entity")
    page.get_by_label("Question", exact=True).fill("Are you a HIPAA covered entity?")
    page.get_by_role("button", name="Add the profile").click()
    expect(page.locator("#asked_by_cautions")).to_have_attribute("aria-invalid", "true")


def check_patterns(page, base):
    page.goto(f"{base}/admin/lab?url=https://acme.zoom.us/j/1")
    page.goto(
        f"{base}/admin/lab?patterns=https://*.zoom.us/*%0Ahttps://*/*%0Anot+a+pattern&site=zoom"
    )
    expect(page.locator(".pattern-checks")).to_be_visible()


def preview_everything(page, base):
    """The card preview with every part of the card open, after its appear animation
    (axe would measure the contrast of text still fading in)."""
    page.goto(f"{base}/admin/preview?site=zoom")
    for disclosure in ("#dpg-more", "#dpg-why", "#dpg-snooze"):
        page.click(disclosure)
        expect(page.locator(disclosure)).to_have_attribute("aria-expanded", "true")
    page.locator("#dpg-card").evaluate(
        "async (card) => Promise.all(card.getAnimations().map((animation) => animation.finished))"
    )


# (name, address or a function that opens the page)
PAGES = [
    ("dashboard", "/admin/"),
    ("review", "/admin/review"),
    ("categories", "/admin/categories"),
    ("category", "/admin/categories/video"),
    ("cautions", "/admin/cautions"),
    ("caution", "/admin/cautions/general-privacy"),
    ("caution with errors", submit_caution_with_errors),
    ("references", "/admin/references"),
    ("reference", "/admin/references/ref-one"),
    ("reference with errors", submit_reference_with_errors),
    ("sites", "/admin/sites"),
    ("site", "/admin/sites/zoom"),
    ("site with errors", submit_site_with_errors),
    ("profiles", "/admin/profiles"),
    ("profile", "/admin/profiles/new"),
    ("profile with errors", submit_profile_with_errors),
    ("details", "/admin/details"),
    ("details with errors", submit_details_with_errors),
    ("pattern lab, address", "/admin/lab?url=https://acme.zoom.us/j/1"),
    ("pattern lab, patterns", check_patterns),
    ("preview", preview_everything),
    ("transfer", "/admin/transfer"),
    ("history", "/admin/history"),
    ("version", "/admin/history/2"),
    ("compare", "/admin/history/compare?from=1&to=draft"),
    ("rollback", "/admin/history/1/rollback"),
    ("users", "/admin/users"),
    ("user", "/admin/users/ann"),
    ("tokens", "/admin/tokens"),
    ("audit log", "/admin/audit"),
    ("password", "/admin/account/password"),
]


def blocking_violations(page, axe_source, name):
    """Axe's serious and critical findings on the open page in each colour scheme."""
    page.evaluate(axe_source)
    found = []
    for scheme, background in SCHEMES.items():
        page.emulate_media(color_scheme=scheme)
        shown = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert shown == background, f"{name}: the {scheme} colours are not applied"
        blocking, contrast_checked = run_axe(page, f"{name}, {scheme}")
        found += [
            f"{name} ({scheme}): {v['impact']} {v['id']}: {v['help']} at {', '.join(v['targets'])}"
            for v in blocking
        ]
        if not contrast_checked:
            found.append(f"{name} ({scheme}): axe could check the contrast of no text")
    page.emulate_media(color_scheme="light")
    return found


def test_every_admin_page_passes_axe_without_errors(content, browser, live_server, axe_source):
    context = new_context(browser)
    page = context.new_page()
    watch = Watch(page)
    base = live_server.url

    page.goto(f"{base}/admin/login")
    page.evaluate(BREAK_THE_POLICY)
    assert not page.evaluate("() => window.inlineScriptRan === true")
    page.wait_for_function("() => window.cspViolations.reported > 0")
    assert any("script-src" in problem for problem in watch.problems), watch.problems
    watch.problems.clear()

    violations = blocking_violations(page, axe_source, "sign in")
    sign_in(page, base)
    for name, where in PAGES:
        if callable(where):
            where(page, base)
        else:
            response = page.goto(base + where)
            assert response.ok, f"{name}: {where} answered {response.status}"
        violations += blocking_violations(page, axe_source, name)
    page.wait_for_function(ALL_REPORTED)
    context.close()

    assert violations == [], "axe found serious problems:\n" + "\n".join(violations)
    assert watch.problems == [], "\n".join(watch.problems)


def tab(page):
    """Press Tab and describe where the focus went."""
    page.keyboard.press("Tab")
    return page.evaluate(FOCUSED)


def outline_shows(focused):
    return focused["outlineStyle"] != "none" and focused["outlineWidth"] != "0px"


def test_signing_in_and_moving_around_with_the_keyboard_only(accounts, browser, live_server):
    context = new_context(browser)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login")

    # From the top of the page to the username field: skip link, the brand, the field.
    stops = [tab(page) for _ in range(3)]
    assert stops[0]["classes"] == "skip-link", stops
    assert stops[1]["text"].startswith("Digital Practice Guide"), stops
    assert stops[2]["id"] == "username", stops
    assert all(outline_shows(stop) for stop in stops), stops
    page.keyboard.type("ada")
    assert tab(page)["id"] == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    # The skip link comes first, shows when focused, and moves the focus to the content.
    skip = tab(page)
    assert skip["classes"] == "skip-link" and outline_shows(skip), skip
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0, f"the focused skip link is off screen: {box}"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"
    after_skip = tab(page)
    inside = page.evaluate("() => Boolean(document.activeElement.closest('main'))")
    assert inside, f"Tab after the skip link went to {after_skip}, outside the content"
    assert outline_shows(after_skip), after_skip

    # Every control in the header and the navigation shows where the focus is.
    page.reload()
    stops = [tab(page) for _ in range(8)]
    assert {"a", "button"} <= {stop["tag"] for stop in stops}, stops
    hidden = [stop for stop in stops if not outline_shows(stop)]
    assert hidden == [], f"focus without a visible outline: {hidden}"
    context.close()
