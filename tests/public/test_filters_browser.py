"""The list filters in Chromium (issue 18, items 4 and 5): suggestions as you type,
with JavaScript on and off, the folded filters on a 390 px phone, and chart labels
big enough to read there."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from entities.models import Person

PHONE = {"width": 390, "height": 844}
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__"),
]


@pytest.fixture
def site(live_server):
    call_command("seed", stdout=io.StringIO())
    return live_server.url


def test_on_a_phone_the_filters_come_first_folded_behind_a_button(page, site):
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/statements/")
    summary = page.locator("details.filter-fold > summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_text("Filters")
    form = page.locator("form.filters")
    expect(form).to_be_hidden()
    first = page.locator("section.results .statement").first
    expect(first).to_be_visible()
    assert summary.bounding_box()["y"] < first.bounding_box()["y"]
    assert first.bounding_box()["y"] < PHONE["height"]  # results show without scrolling far

    summary.click()
    expect(form).to_be_visible()
    expect(page.locator("#id_place")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # On a wide screen the form is simply there, with no button.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site}/statements/")
    expect(page.locator("form.filters")).to_be_visible()
    expect(page.locator("details.filter-fold > summary")).to_be_hidden()


def test_a_related_box_suggests_names_and_a_suggestion_filters(page, site):
    page.goto(f"{site}/statements/")
    box = page.locator("#id_place")
    box.press_sequentially("Sha", delay=40)
    option = page.locator("#id_place-options option[value=shandong]")
    expect(option).to_have_count(1)
    assert option.get_attribute("label") == "Shandong Province"

    box.fill(option.get_attribute("value"))
    page.click(".filters button[type=submit]")
    expect(page).to_have_url(re.compile(r"[?&]place=shandong(&|$)"))
    expect(page.locator(".active-filters .match")).to_contain_text("Showing Shandong Province")
    assert int(page.locator(".result-count strong").inner_text()) > 0


def test_without_javascript_a_box_takes_typed_words(page, site):
    context = page.context.browser.new_context(java_script_enabled=False, viewport=PHONE)
    plain = context.new_page()
    blocked = []
    plain.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
    plain.goto(f"{site}/statements/")
    form = plain.locator("form.filters")
    expect(form).to_be_visible()  # nothing folds it without the script
    plain.fill("#id_speaker", "zhenhua wang")
    plain.click(".filters button[type=submit]")
    wang = Person.objects.get(family_name="WANG", given_name="Zhenhua")
    expect(plain.locator(".active-filters .match")).to_contain_text(f"Showing {wang}")
    expect(plain.locator("#id_speaker-options option")).to_have_count(0)
    assert int(plain.locator(".result-count strong").inner_text()) > 0
    context.close()
    assert not blocked


def test_chart_labels_are_at_least_12px_on_a_phone(page, site):
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/indicators/high-tech-enterprises/")
    labels = page.locator(".chart text")
    assert labels.count() > 0
    sizes = labels.evaluate_all(
        "es => es.map(e => parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a)"
    )
    assert min(sizes) >= 12, sizes
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
