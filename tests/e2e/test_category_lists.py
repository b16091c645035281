"""The popup's catalogue and the options page's list of categories name each category
once, though telephone and email belong to both groups."""

from collections import Counter

import pytest
from playwright.sync_api import expect

from tests.e2e.cards import shipped_taxonomy
from tests.e2e.pages import open_options, open_popup

pytestmark = pytest.mark.e2e


def category_ids():
    return sorted(category["id"] for category in shipped_taxonomy()["categories"])


def test_the_popup_catalogue_lists_each_category_once(browsing, extension_id):
    popup = open_popup(browsing, extension_id)
    names = popup.locator("#catalogue .catalogue-name")
    expect(names).to_have_count(len(category_ids()))
    counts = Counter(names.all_text_contents())
    assert set(counts.values()) == {1}, counts


def test_the_options_category_choice_lists_each_category_once(browsing, extension_id):
    options = open_options(browsing, extension_id)
    values = options.locator("#custom-category optgroup option").evaluate_all(
        "(options) => options.map((option) => option.value)"
    )
    assert sorted(values) == category_ids()
