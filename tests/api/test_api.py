"""The read-only JSON API: every endpoint's list, filters and detail; drafts absent; links;
cacheable answers (ETag, 304); throttling (429); bad parameters answer 400."""

import pytest
from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle

from api.views import StatementViewSet
from entities.models import Status
from tests.api.test_api_rows import reference
from tests.factories import (
    make_organisation,
    make_person,
    make_place,
    make_statement,
    make_topic,
)

#: (endpoint, a filter that finds the world's record, one that finds none).
ENDPOINTS = {
    "statements": ("speaker=sun-haisheng", "speaker=nobody-at-all"),
    "metrics": ("indicator=high-tech-enterprises", "year=1999"),
    "indicators": ("unit=count", "unit=gw"),
    "people": ("organisation=dst", "organisation=nobody-at-all"),
    "organisations": ("place=shandong", "kind=company"),
    "positions": ("person=sun-haisheng", "person=nobody"),
    "projects": ("place=shandong", "stage=operating"),
    "places": ("kind=province", "kind=district"),
    "topics": ("kind=theme", "kind=sector"),
    "sources": ("publisher=dst", "published_after=2025-01-01"),
}
#: The world's record for each endpoint.
RECORDS = {
    "statements": "statement",
    "metrics": "metric",
    "indicators": "indicator",
    "people": "person",
    "organisations": "organisation",
    "positions": "position",
    "projects": "project",
    "places": "place",
    "topics": "topic",
    "sources": "source",
}


def key_of(record):
    return str(record.pk) if record._meta.model_name == "position" else record.slug


def keys(response):
    return [str(row.get("id", row.get("slug"))) for row in response.json()["results"]]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_list_takes_the_public_filters(client, world, endpoint):
    finds, finds_none = ENDPOINTS[endpoint]
    expected = [key_of(world[RECORDS[endpoint]])]

    response = client.get(f"/api/v1/{endpoint}/?{finds}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert keys(response) == expected
    assert response.json()["next"] is None
    assert keys(client.get(f"/api/v1/{endpoint}/")) == expected
    assert keys(client.get(f"/api/v1/{endpoint}/?{finds_none}")) == []


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_detail_answers_by_slug(client, world, endpoint):
    key = key_of(world[RECORDS[endpoint]])
    response = client.get(f"/api/v1/{endpoint}/{key}/")
    assert response.status_code == 200
    record = response.json()
    assert record["url"] == f"http://testserver/api/v1/{endpoint}/{key}/"
    assert record["html_url"].startswith("http://testserver/")
    assert "notes" not in record and "status" not in record
    assert client.get(f"/api/v1/{endpoint}/no-such-record/").status_code == 404


def test_an_old_slug_answers_301_to_the_record(client, world):
    world["person"].slug = "sun-haisheng-renamed"
    world["person"].save()
    response = client.get("/api/v1/people/sun-haisheng/")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/people/sun-haisheng-renamed/"
    assert client.get(response["Location"]).json()["slug"] == "sun-haisheng-renamed"


def test_related_records_are_links(client, world):
    slug = world["statement"].slug
    statement = client.get(f"/api/v1/statements/{slug}/").json()
    assert statement["speaker"] == {
        "slug": "sun-haisheng",
        "url": "http://testserver/api/v1/people/sun-haisheng/",
        "html_url": "http://testserver/people/sun-haisheng/",
    }
    position = world["position"]
    assert statement["speaker_position"] == {
        "slug": position.pk,
        "url": f"http://testserver/api/v1/positions/{position.pk}/",
        "html_url": f"http://testserver/people/sun-haisheng/#position-{position.pk}",
    }
    assert [t["slug"] for t in statement["topics"]] == ["hydrogen-energy"]
    assert statement["reported_by"] is None
    # Each link leads to the record.
    for link in (statement["speaker"], statement["speaker_position"], statement["source"]):
        assert client.get(link["url"]).status_code == 200
        assert client.get(link["html_url"]).status_code == 200


def test_a_source_list_leaves_out_the_full_text_its_detail_gives(client, world):
    assert "body" not in client.get("/api/v1/sources/").json()["results"][0]
    assert client.get("/api/v1/sources/article/").json()["body"] == world["source"].body


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_drafts_are_absent_and_unlinked(client, world, status):
    hidden = make_person(slug="hidden-person", family_name="HIDDEN", status=status)
    make_place(slug="hidden-place", name="Hidden", parent=world["place"], status=status)
    world["statement"].speaker = hidden
    world["statement"].save()
    world["statement"].places.add(*type(world["place"]).objects.filter(slug="hidden-place"))
    make_statement(world["source"], hidden, slug="hidden-statement", status=status)

    assert "hidden-person" not in keys(client.get("/api/v1/people/"))
    assert client.get("/api/v1/people/hidden-person/").status_code == 404
    assert "hidden-place" not in keys(client.get("/api/v1/places/"))
    assert client.get("/api/v1/statements/hidden-statement/").status_code == 404
    assert keys(client.get("/api/v1/statements/")) == [world["statement"].slug]
    # Typed as a filter, a draft names nothing.
    assert keys(client.get("/api/v1/statements/?speaker=hidden-person")) == []
    statement = client.get(f"/api/v1/statements/{world['statement'].slug}/").json()
    assert statement["speaker"] is None
    assert statement["places"] == []
    # A position of a person not published is not shown, as on the site.
    world["position"].person = hidden
    world["position"].save()
    assert keys(client.get("/api/v1/positions/")) == []
    assert client.get(f"/api/v1/positions/{world['position'].pk}/").status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/people/sun-haisheng/", "/api/v1/people/"])
def test_a_matching_etag_answers_304(client, world, url, settings):
    settings.PAGE_CACHE_SECONDS = 300  # the page cache does not answer for the API
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert first["Cache-Control"] == "no-cache"

    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    # If-Modified-Since alone does not answer 304: a changed link does not move it.
    since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 200

    world["person"].given_name = "Haisheng Jr"
    world["person"].save()
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_a_changed_link_changes_the_etag(client, world):
    url = f"/api/v1/statements/{world['statement'].slug}/"
    etag = client.get(url)["ETag"]
    world["person"].status = Status.DRAFT
    world["person"].save()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_over_the_rate_a_client_is_told_when_to_come_back(client, world, monkeypatch, settings):
    # With the public page cache on, as in production: it must not answer for the API.
    settings.PAGE_CACHE_SECONDS = 300
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/min"})
    cache.clear()
    try:
        assert client.get("/api/v1/people/").status_code == 200
        assert client.get("/api/v1/places/").status_code == 200
        response = client.get("/api/v1/people/")
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 60
        assert "throttled" in response.json()["detail"].lower()
        # Another address has its own count.
        other = client.get("/api/v1/people/", REMOTE_ADDR="10.0.0.2")
        assert other.status_code == 200
    finally:
        cache.clear()


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/statements/?date_from=2024-13-45", "date_from"),
        ("/api/v1/sources/?published_after=yesterday", "published_after"),
        ("/api/v1/metrics/?year=abc", "year"),
        ("/api/v1/metrics/?year=1", "year"),
        ("/api/v1/places/?kind=galaxy", "kind"),
        ("/api/v1/organisations/?topic=no-such-topic", "topic"),
        ("/api/v1/people/?q=" + "x" * 201, "q"),
        ("/api/v1/people/?q=a%00b", "q"),
        ("/api/v1/people/?o=name", "o"),
    ],
)
def test_a_bad_parameter_answers_400_naming_it(client, world, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


@pytest.mark.parametrize("cursor", ["junk", "", "W10:1abc:xyz"])
def test_an_unknown_cursor_answers_404(client, world, cursor):
    response = client.get(f"/api/v1/people/?cursor={cursor}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor."}


def test_a_cursor_from_another_list_answers_404(client, world, monkeypatch):
    monkeypatch.setattr("api.pagination.KeysetPagination.page_size", 1)
    make_person(slug="another", family_name="ANOTHER")
    cursor = client.get("/api/v1/people/").json()["next"].split("cursor=")[1]
    assert client.get(f"/api/v1/statements/?cursor={cursor}").status_code == 404


def test_the_api_root_lists_the_endpoints(client, db):
    root = client.get("/api/v1/").json()
    assert set(root) == set(ENDPOINTS)


@pytest.mark.parametrize(
    "url", ["/api/v1/statements/%00/", "/api/v1/people/a%00b/", "/api/v1/positions/abc/"]
)
def test_a_url_no_record_can_have_answers_404(client, world, url):
    # Found by the hostile-input tests: a NUL reached PostgreSQL, which refuses it.
    assert client.get(url).status_code == 404


def test_people_organisations_and_places_give_their_wikidata_id(client, world):
    for key, endpoint, qid in (
        ("person", "people", "Q1"),
        ("organisation", "organisations", "Q2"),
        ("place", "places", "Q3"),
    ):
        record = world[key]
        type(record).objects.filter(pk=record.pk).update(wikidata_id=qid)
        assert client.get(f"/api/v1/{endpoint}/{record.slug}/").json()["wikidata_id"] == qid


def test_rows_leave_out_links_to_drafts_as_the_serializers_do(client, world):
    statement = world["statement"]
    statement.reported_by = make_organisation(slug="draft-org", name="Draft", status=Status.DRAFT)
    statement.save()
    statement.topics.add(make_topic(slug="draft-topic", name="Draft topic", status=Status.DRAFT))
    answer = client.get(f"/api/v1/statements/{statement.slug}/").json()
    assert answer["reported_by"] is None
    assert [t["slug"] for t in answer["topics"]] == [world["topic"].slug]
    assert answer == reference(statement, StatementViewSet.serializer_class)
