"""Driving the extension's own pages (popup and options, opened as tabs) and its state."""

from playwright.sync_api import expect

from tests.e2e.extension import storage, wait_for

# Generous: two cores, and another Chromium may be running next to this one.
SLOW_MS = 20_000


def extension_page(context, extension_id, path):
    page = context.new_page()
    page.goto(f"chrome-extension://{extension_id}/{path}")
    return page


def open_popup(context, extension_id):
    """The toolbar popup, as a tab, once it has shown the guidance's source."""
    popup = extension_page(context, extension_id, "popup/popup.html")
    expect(popup.locator("#source")).not_to_be_empty()
    return popup


def open_options(context, extension_id):
    """The options page, once it has loaded the prefs (the custom-site categories)."""
    options = extension_page(context, extension_id, "options/options.html")
    expect(options.locator("#custom-category option[value=calendar]")).to_have_count(1)
    return options


def check_now(popup, expected):
    """Press "Check for updates now" and wait for the result the popup announces."""
    popup.bring_to_front()  # its announcements wait for an animation frame
    button = popup.locator("#check-now")
    expect(button).not_to_have_attribute("aria-busy", "true")
    button.click()
    expect(button).to_have_attribute("aria-busy", "false", timeout=SLOW_MS)
    expect(popup.locator("#status-message")).to_have_text(expected, timeout=SLOW_MS)


def sync_status(worker):
    return storage(worker, "local", ["syncStatus"]).get("syncStatus") or {}


def stored_guidance(worker):
    return storage(worker, "local", ["guidance"]).get("guidance")


def wait_for_first_check(worker):
    """The install-time check has finished; return the sync status."""
    return wait_for(
        lambda: sync_status(worker).get("lastOutcome") and sync_status(worker),
        timeout=SLOW_MS / 1000,
        message="the install-time guidance check",
    )


def set_user_prefs(worker, prefs):
    """Store the user's prefs as the options page would (chrome.storage.sync)."""
    worker.evaluate("(prefs) => chrome.storage.sync.set({ prefs })", prefs)


def sync_alarm(worker):
    return worker.evaluate("() => chrome.alarms.get('sync-guidance')")
