"""Hostile query strings and URLs on every public page: never a 500, never a draft.

Query strings are built by hand and sent as they are, so malformed percent-encodings
and NUL bytes reach Django the way a hostile client would send them. Drafts and
records in review carry MARKER in their names and texts, and are linked to the
published world, so a page that leaked one would show it.
"""

from urllib.parse import quote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from entities.models import Status
from tests.factories import (
    make_indicator,
    make_metric,
    make_organisation,
    make_person,
    make_place,
    make_position,
    make_project,
    make_source,
    make_statement,
    make_topic,
)
from tests.fuzz import bounded, count, raw_values

MARKER = "DRAFTMARKER"
#: What a public page may answer to hostile input: never 500.
ANSWERS = {200, 301, 302, 400, 404}

#: Every public list and its query parameters (README, "The public site").
LISTS = {
    "/statements/": [
        *("q", "speaker", "organisation", "place", "topic", "source", "kind"),
        *("date_from", "date_to"),
    ],
    "/metrics/": ["q", "indicator", "place", "organisation", "project", "year", "topic"],
    "/indicators/": ["q", "unit", "topic"],
    "/people/": ["q", "organisation"],
    "/organisations/": ["q", "kind", "place", "topic", "parent"],
    "/projects/": ["q", "kind", "stage", "place", "topic", "organisation"],
    "/places/": ["q", "kind", "parent"],
    "/topics/": ["q", "kind"],
    "/sources/": ["q", "kind", "publisher", "language", "published_after", "published_before"],
    "/search/": ["q"],
}
#: Every kind of detail page: /<prefix>/<slug>/.
DETAILS = [
    *("people", "organisations", "projects", "places", "topics", "sources"),
    *("statements", "metrics", "indicators"),
]
#: Slugs of the drafts below, and words of their names: valid values that must find nothing.
DRAFT_SLUGS = [
    *("hidden-place", "hidden-topic", "hidden-org", "hidden-person", "hidden-source"),
    *("hidden-project", "hidden-indicator", "hidden-metric"),
    *("hidden-statement-draft", "hidden-statement-review"),
]
VALID = [
    *DRAFT_SLUGS,
    *("Hidden", "hidden", "shandong", "sun-haisheng", "dst", "park", "hydrogen-energy"),
    *("csv", "json", "-name", "date", "-value", "2024", "2024-01-01", "1", "2"),
]


@pytest.fixture(scope="module")
def drafts_once(world_once, django_db_blocker):
    """A draft or record in review of every kind, linked to published records: made once
    for this module, whose tests only read pages, and rolled back with `world_once`."""
    with django_db_blocker.unblock():
        return make_drafts(world_once)


@pytest.fixture
def world(world_once, db):
    return world_once


@pytest.fixture
def drafts(drafts_once, db):
    return drafts_once


def make_drafts(world):
    place = make_place("hidden-place", f"Hidden {MARKER} place", parent=world["place"])
    topic = make_topic("hidden-topic", f"Hidden {MARKER} topic")
    organisation = make_organisation(
        "hidden-org", f"Hidden {MARKER} org", place=world["place"], parent=world["organisation"]
    )
    person = make_person("hidden-person", family_name=MARKER, given_name="Hidden")
    source = make_source(
        "hidden-source", body=f"Hidden {MARKER} body", title=f"Hidden {MARKER} source"
    )
    project = make_project("hidden-project", f"Hidden {MARKER} project", place=world["place"])
    indicator = make_indicator("hidden-indicator", f"Hidden {MARKER} indicator")
    records = [place, topic, organisation, person, source, project, indicator]
    records.append(
        make_metric(
            world["indicator"],
            world["source"],
            place=world["place"],
            slug="hidden-metric",
            evidence=f"Hidden {MARKER} evidence",
            period_label=MARKER,
        )
    )
    records.append(
        make_position(
            world["person"], world["organisation"], world["source"], title=f"Hidden {MARKER}"
        )
    )
    for record in (organisation, project, indicator):
        record.topics.add(world["topic"])
    for status in (Status.DRAFT, Status.REVIEW):
        statement = make_statement(
            world["source"],
            world["person"],
            slug=f"hidden-statement-{status}",
            text=f"Hidden {MARKER} words",
            context=MARKER,
        )
        statement.topics.add(world["topic"])
        statement.places.add(world["place"])
        statement.organisations.add(world["organisation"])
        records.append(statement)
    world["statement"].organisations.add(organisation)
    world["statement"].places.add(place)
    world["statement"].projects.add(project)
    world["statement"].topics.add(topic)
    world["project"].topics.add(topic)
    world["project"].sources.add(source)
    for number, record in enumerate(records):
        status = Status.REVIEW if number % 3 == 0 else Status.DRAFT
        type(record).objects.filter(pk=record.pk).update(status=status)
    return records


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def fetch(client, path, query=""):
    """GET with a raw query string; a view that raised fails the test (the client re-raises)."""
    count("public")
    response = client.get(path, QUERY_STRING=query)
    where = (path, query[:300])
    assert response.status_code in ANSWERS, where
    assert MARKER.encode() not in body(response), where
    return response


def pairs(keys):
    """Up to five key=value pairs, keys mostly the page's own, values hostile or valid."""
    key = st.one_of(st.sampled_from(keys), raw_values())
    value = st.one_of(raw_values(), st.sampled_from(VALID))
    return st.lists(st.tuples(key, value).map("=".join), min_size=1, max_size=5)


@pytest.mark.fuzz
@pytest.mark.parametrize("path", list(LISTS))
def test_hostile_query_strings_never_fail_a_list_or_show_a_draft(client, drafts, path):
    keys = [*LISTS[path], "page", "o", "format"]

    @bounded
    @given(pairs(keys), st.sampled_from(["", "format=csv", "format=json"]))
    @example(["q=%00", "page=%00"], "format=csv")
    @example([f"page={10**30}", "o=" + ",".join(["-name"] * 1000)], "")
    @example(["q=a"] * 1001, "")  # more fields than Django reads: 400
    def check(query, export):
        fetch(client, path, "&".join(query + ([export] if export else [])))

    check()


def test_hostile_page_numbers_answer_a_page_or_404(client, drafts):
    for path in LISTS:
        for page in ("-1", "0", str(10**30), "1e9", "NaN", "9" * 5000, "%00", "%ff", "last"):
            response = fetch(client, path, f"page={page}")
            assert response.status_code in (200, 404), (path, page)


def slugs():
    known = st.sampled_from([*DRAFT_SLUGS, "sun-haisheng", "dst", "park", "article"])
    return st.one_of(known, raw_values(), raw_values().map(lambda s: quote(s, safe="%")))


@pytest.mark.fuzz
@bounded
@given(prefix=st.sampled_from(DETAILS), slug=slugs(), query=st.one_of(st.just(""), raw_values()))
def test_hostile_detail_urls_never_fail_or_show_a_draft(client, drafts, prefix, slug, query):
    fetch(client, f"/{prefix}/{slug}/", query)


def test_every_draft_detail_url_answers_404(client, drafts):
    for record in drafts:
        if hasattr(record, "slug"):
            assert fetch(client, record.get_absolute_url()).status_code == 404


def test_published_pages_still_answer_with_the_drafts_beside_them(client, drafts, world):
    """The hostile tests above prove nothing if every page were a 404."""
    for key in ("person", "organisation", "place", "project", "topic", "source", "statement"):
        assert fetch(client, world[key].get_absolute_url()).status_code == 200, key
    for path in LISTS:
        assert fetch(client, path, "q=Hidden").status_code == 200
