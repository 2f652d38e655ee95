"""The OpenAPI schema validates, and the interactive docs are served by the site under
its strict CSP: no inline script or style, assets from the site (drf-spectacular-sidecar)."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command


def test_the_schema_validates_without_warnings(tmp_path):
    # --fail-on-warn: a filter or field whose type the schema cannot tell fails the build.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    schema = (tmp_path / "schema.yml").read_text()
    for endpoint in ("statements", "metrics", "people", "positions", "sources"):
        assert f"/api/v1/{endpoint}/{{" in schema


def test_the_schema_is_served(client, db):
    assert client.get("/api/schema/")["Content-Type"].startswith("application/vnd.oai.openapi")
    response = client.get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    parameters = schema["paths"]["/api/v1/statements/"]["get"]["parameters"]
    names = {p["name"] for p in parameters}
    assert {"cursor", "speaker", "date_from", "q"} <= names
    assert "o" not in names


@pytest.mark.parametrize("url", ["/api/docs/"])
def test_the_docs_need_no_relaxed_policy(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<style" not in html
    # Every script is a file: no inline code between the tags.
    assert len(re.findall(r"<script[^>]*></script>", html)) == html.count("<script") == 3
    assert "cdn" not in html.lower() and "https://" not in html
    # Each asset is a file the site serves from STATIC_URL, or the page's own script.
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    for source in sources:
        if source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/")), source
        else:
            assert source.startswith("/api/docs/?"), source
            script = client.get(source)
            assert script.status_code == 200
            assert script["Content-Type"].startswith("application/javascript")
            assert "/api/schema/" in script.content.decode()
