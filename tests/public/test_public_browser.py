"""A reader finds a quote, sees it in its source, filters and downloads, in Chromium."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__")
def test_a_reader_goes_from_search_to_source_to_filtered_export(page, live_server, tmp_path):
    call_command("seed", stdout=io.StringIO())
    page.goto(f"{live_server.url}/")
    expect(page.locator("h1")).to_have_text("Shandong Records")
    page.screenshot(path=tmp_path / "home.png", full_page=True)

    page.fill("#home-q", "faith")
    page.press("#home-q", "Enter")
    expect(page.locator("h1")).to_have_text("Search")
    page.click("section.results a:has-text('JIN Haifeng')")
    expect(page.locator("blockquote.big")).to_contain_text("writing")

    page.click("text=see in source")
    mark = page.locator("mark:target")
    expect(mark).to_be_visible()
    expect(mark).to_contain_text("We have further strengthened our faith")
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    top = mark.evaluate("m => m.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]  # scrolled into view
    page.screenshot(path=tmp_path / "source.png")

    page.goto(f"{live_server.url}/statements/")
    page.select_option("#id_topic", "hydrogen-energy")
    page.fill("#id_speaker", "wang-zhenhua")
    page.click(".filters button[type=submit]")
    expect(page.locator(".result-count strong")).to_have_text("1")
    expect(page.locator(".active-filters")).to_contain_text("Topic: Hydrogen energy")
    page.screenshot(path=tmp_path / "list.png", full_page=True)

    with page.expect_download() as download_info:
        page.click(".exports a:text('CSV')")
    download = download_info.value
    assert download.suggested_filename == "shandong-records-statements.csv"
    lines = Path(download.path()).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[1].startswith("wang-zhenhua-hydrogen-energy-opportunity,")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/statements/?topic=hydrogen-energy")
    page.screenshot(path=tmp_path / "list-phone.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing overflows sideways on a phone


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__")
def test_a_missing_page_keeps_the_menu_and_the_search(page, live_server, world):
    response = page.goto(f"{live_server.url}/people/nobody-by-this-name/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Not found")
    page.fill("#site-q", "Haisheng")
    page.press("#site-q", "Enter")
    expect(page.locator("main")).to_contain_text("SUN Haisheng")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__")
def test_json_ld_is_data_the_csp_lets_through(page, live_server, world):
    # The page fixture fails the test on any report from the Content-Security-Policy.
    for path, kind in [
        (world["person"].get_absolute_url(), "Person"),
        (world["statement"].get_absolute_url(), "Quotation"),
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert "script-src" in response.headers["content-security-policy"]
        block = page.locator('head script[type="application/ld+json"]')
        assert json.loads(block.text_content())["@type"] == kind
