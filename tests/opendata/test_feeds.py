"""Atom feeds: they parse, hold published records only, newest first, are linked from
their pages, and cost the same queries however much they hold."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains

from entities.models import Status
from statements.models import Metric, Statement
from tests.factories import make_metric, make_person, make_statement

ATOM = "{http://www.w3.org/2005/Atom}"


def dated():
    """The factories publish records without a date of publishing, which publishing in
    the admin or loading gives: give them one, or no feed holds them."""
    for model in (Statement, Metric):
        model.objects.filter(status=Status.PUBLISHED, published_at=None).update(
            published_at=timezone.now()
        )


def feed(client, url):
    """(feed element, its entries as {title, link, published, updated})."""
    dated()
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text
    entries = [
        {
            "title": entry.find(f"{ATOM}title").text,
            "link": entry.find(f"{ATOM}link").get("href"),
            "published": entry.find(f"{ATOM}published").text,
            "updated": entry.find(f"{ATOM}updated").text,
        }
        for entry in root.iter(f"{ATOM}entry")
    ]
    return root, entries


def published(statement, minutes_ago):
    Statement.objects.filter(pk=statement.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )


FEEDS = [
    "/feeds/statements/",
    "/feeds/people/sun-haisheng/",
    "/feeds/organisations/dst/",
    "/feeds/topics/hydrogen-energy/",
]


@pytest.mark.parametrize("url", FEEDS)
def test_a_statement_feed_holds_published_statements_newest_first(client, world, url):
    older = world["statement"]
    newer = make_statement(world["source"], world["person"], text="We will build the park")
    newer.topics.add(world["topic"])
    newer.organisations.add(world["organisation"])
    draft = make_statement(world["source"], world["person"], text="We", status=Status.DRAFT)
    draft.topics.add(world["topic"])
    published(older, 10)
    published(newer, 5)
    _, entries = feed(client, url)
    assert [entry["link"] for entry in entries] == [
        f"http://testserver/statements/{newer.slug}/",
        f"http://testserver/statements/{older.slug}/",
    ]
    assert all(entry["published"] and entry["updated"] for entry in entries)
    assert entries[0]["title"].startswith("SUN Haisheng: “We will build the park")


def test_the_figures_feed_holds_published_figures(client, world):
    make_metric(world["indicator"], world["source"], place=world["place"], status=Status.DRAFT)
    _, entries = feed(client, "/feeds/figures/")
    assert [entry["link"] for entry in entries] == [
        f"http://testserver/metrics/{world['metric'].slug}/"
    ]
    assert entries[0]["published"]


def test_a_record_published_with_no_date_of_it_is_left_out(client, world):
    undated = make_statement(world["source"], world["person"], text="We will")
    _, entries = feed(client, "/feeds/statements/")
    Statement.objects.filter(pk=undated.pk).update(published_at=None)
    assert len(entries) == 2
    # Called directly, so that dated() gives it no date.
    response = client.get("/feeds/statements/")
    assert undated.slug not in response.content.decode()
    assert world["statement"].slug in response.content.decode()


def test_a_feed_of_a_person_holds_only_their_words(client, world):
    other = make_person(slug="hou-yugang", family_name="Hou", given_name="Yugang")
    make_statement(world["source"], other, text="We will")
    _, entries = feed(client, "/feeds/people/hou-yugang/")
    assert len(entries) == 1
    root, entries = feed(client, "/feeds/people/sun-haisheng/")
    assert [entry["link"] for entry in entries] == [
        f"http://testserver/statements/{world['statement'].slug}/"
    ]
    assert "SUN Haisheng" in root.find(f"{ATOM}title").text


@pytest.mark.parametrize("kind", ["people", "organisations", "topics"])
def test_an_unknown_or_draft_record_has_no_feed(client, world, kind):
    assert client.get(f"/feeds/{kind}/no-such-record/").status_code == 404
    make_person(slug="draft", family_name="WANG", status=Status.DRAFT)
    assert client.get("/feeds/people/draft/").status_code == 404


@pytest.mark.parametrize(
    "page, feed_url",
    [
        ("/statements/", "/feeds/statements/"),
        ("/metrics/", "/feeds/figures/"),
        ("/people/sun-haisheng/", "/feeds/people/sun-haisheng/"),
        ("/organisations/dst/", "/feeds/organisations/dst/"),
        ("/topics/hydrogen-energy/", "/feeds/topics/hydrogen-energy/"),
    ],
)
def test_each_page_links_its_feed(client, world, page, feed_url):
    assertContains(
        client.get(page),
        f'<link rel="alternate" type="application/atom+xml" title="Atom feed" href="{feed_url}">',
        html=False,
    )
    feed(client, feed_url)


def count_queries(client, url):
    dated()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [*FEEDS, "/feeds/figures/"])
def test_a_feed_costs_the_same_queries_for_1_item_as_for_30(client, world, url):
    few = count_queries(client, url)
    for n in range(30):
        statement = make_statement(world["source"], world["person"], text="We will")
        statement.topics.add(world["topic"])
        statement.organisations.add(world["organisation"])
        make_metric(world["indicator"], world["source"], place=world["place"], slug=f"m-{n}")
    # The feed's record (for a person, organisation or topic), then its items with
    # what they show joined in; for an organisation, first the ids of its newest
    # statements spoken there, reported by it and naming it.
    assert count_queries(client, url) == few <= (5 if "organisations" in url else 2)
