"""Exports give exactly the filtered, sorted list, all pages, safely."""

import csv
import io
import json

import pytest


def body(response):
    return b"".join(response.streaming_content).decode()


pytestmark = pytest.mark.usefixtures("seeded")


@pytest.mark.parametrize(
    "query",
    ["kind=quote", "speaker=hou-yugang", "topic=hydrogen-energy&o=-date", "q=hydrogen", ""],
)
def test_csv_and_json_match_the_filtered_list(client, query):
    listed = client.get(f"/statements/?{query}&page=1")
    everything = list(listed.context["paginator"].object_list)
    rows = list(csv.DictReader(io.StringIO(body(client.get(f"/statements/?{query}&format=csv")))))
    assert [row["id"] for row in rows] == [s.slug for s in everything]
    data = json.loads(body(client.get(f"/statements/?{query}&format=json")))
    assert [row["id"] for row in data] == [s.slug for s in everything]
    assert data and set(data[0]) == {
        "id",
        "speaker",
        "speaker_slug",
        "position",
        "reported_by",
        "kind",
        "text",
        "source",
        "source_date",
        "offset",
        "url",
    }


def test_an_export_covers_every_page_and_names_its_file(client):
    response = client.get("/statements/?format=csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="shandong-records-statements.csv"'
    )
    assert len(list(csv.reader(io.StringIO(body(response))))) == 1 + 52
    assert client.get("/metrics/?format=json")["Content-Disposition"].endswith('figures.json"')


@pytest.mark.parametrize(
    "url",
    [
        "/people/",
        "/organisations/",
        "/projects/",
        "/places/",
        "/topics/",
        "/sources/",
        "/metrics/",
        "/indicators/",
    ],
)
def test_every_list_exports_valid_json_and_csv(client, url):
    count = client.get(url).context["paginator"].count
    assert len(json.loads(body(client.get(f"{url}?format=json")))) == count
    assert len(list(csv.reader(io.StringIO(body(client.get(f"{url}?format=csv")))))) == count + 1
    assert 'href="?format=csv"' in client.get(url).content.decode()
