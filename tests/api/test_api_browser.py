"""The API's interactive docs work in Chromium under the site's strict CSP (the `page`
fixture fails on anything the policy blocks)."""

import pytest
from playwright.sync_api import expect


@pytest.mark.browser
# As every live-server test: a plain `db` here left the next one's restore to collide.
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__")
def test_the_docs_show_every_endpoint_with_nothing_blocked(page, live_server):
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Shandong Records API")
    for endpoint in ("statements", "metrics", "people", "positions", "sources"):
        expect(page.locator(f"[data-path='/api/v1/{endpoint}/']").first).to_be_visible()
