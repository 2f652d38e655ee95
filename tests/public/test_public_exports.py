"""Exports give exactly the filtered, sorted list, all pages, safely."""

import csv
import io
import json
from decimal import Decimal

import pytest


def body(response):
    # A reader drops the CSV's byte-order mark (test_the_csv_starts_with_a_byte_order_mark).
    return b"".join(response.streaming_content).decode("utf-8-sig")


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
        "source_date_precision",
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


LISTS = [
    "/statements/",
    "/metrics/",
    "/indicators/",
    "/people/",
    "/organisations/",
    "/projects/",
    "/places/",
    "/topics/",
    "/sources/",
]


def test_the_csv_starts_with_a_byte_order_mark(client):
    """Without it Excel reads the UTF-8 as a legacy encoding and garbles “” and 济南."""
    for url in LISTS:
        raw = b"".join(client.get(f"{url}?format=csv").streaming_content)
        assert raw.startswith(b"\xef\xbb\xbf"), url
        assert raw.count(b"\xef\xbb\xbf") == 1, url
        text = raw.decode("utf-8")
        assert text.startswith("\ufeff") and not text.startswith("\ufeff\ufeff")
        header = next(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
        assert header[0] in ("id", "slug"), url
    raw = b"".join(client.get("/statements/?format=json").streaming_content)
    assert raw.startswith(b"[")  # JSON has no mark


def test_metric_values_are_plain_decimals_in_csv_and_numbers_in_json(client):
    rows = list(csv.DictReader(io.StringIO(body(client.get("/metrics/?format=csv")))))
    values = {row["id"]: row["value"] for row in rows}
    assert values["xinfa-group-total-revenue-2023"] == "290700000000"
    assert all("E" not in value and "e" not in value for value in values.values()), values
    assert not any(
        value.endswith(".0") or "." in value and value.endswith("0") for value in values.values()
    )
    assert "32000" in values.values()
    raw = body(client.get("/metrics/?format=json"))
    data = json.loads(raw, parse_float=Decimal)
    assert all(type(row["value"]) in (int, Decimal) for row in data), data
    by_id = {row["id"]: row["value"] for row in data}
    assert by_id["xinfa-group-total-revenue-2023"] == 290700000000
    assert "E+" not in raw and '"value": "' not in raw
    # The same figure in both, exactly.
    assert {key: Decimal(value) for key, value in values.items()} == {
        key: Decimal(value) for key, value in by_id.items()
    }


def test_every_date_exported_comes_with_its_precision(client):
    source = "dazhong-daily-2024-modern-industrial-system"  # known only to its year
    rows = list(csv.DictReader(io.StringIO(body(client.get("/sources/?format=csv")))))
    row = next(row for row in rows if row["slug"] == source)
    assert (row["published_on"], row["published_on_precision"]) == ("2024-01-01", "year")
    assert all(row["published_on_precision"] in ("day", "month", "year") for row in rows)
    data = json.loads(body(client.get("/statements/?format=json")))
    said = [row for row in data if row["source"] == source]
    assert said and all(
        (row["source_date"], row["source_date_precision"]) == ("2024-01-01", "year") for row in said
    )
    rows = list(csv.DictReader(io.StringIO(body(client.get("/statements/?format=csv")))))
    assert {row["source_date_precision"] for row in rows if row["source"] == source} == {"year"}


@pytest.mark.parametrize("url", LISTS)
def test_every_link_in_an_export_is_absolute(client, url):
    data = json.loads(body(client.get(f"{url}?format=json")))
    rows = list(csv.DictReader(io.StringIO(body(client.get(f"{url}?format=csv")))))
    assert data and rows
    for exported in (data, rows):
        for row in exported:
            assert row["url"].startswith("http://testserver/"), row["url"]
            if row.get("subject_url"):
                assert row["subject_url"].startswith("http://testserver/"), row
    assert client.get(data[0]["url"].removeprefix("http://testserver")).status_code == 200


def test_links_follow_the_host_asked(client, settings):
    settings.ALLOWED_HOSTS = ["records.example.org"]
    response = client.get("/people/?format=json", HTTP_HOST="records.example.org", secure=True)
    data = json.loads(body(response))
    assert data[0]["url"].startswith("https://records.example.org/people/")
