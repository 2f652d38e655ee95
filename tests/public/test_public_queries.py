"""Public pages cost the same number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entities import views as entity_views
from entities.models import Position
from statements import views as statement_views
from tests.factories import (
    make_indicator,
    make_metric,
    make_organisation,
    make_person,
    make_place,
    make_project,
    make_source,
    make_statement,
    make_topic,
)

EVIDENCE = "SUN Haisheng, Director-General of the Department of Science and Technology"


def rows(w, start, stop):
    numbers = range(start, stop)
    return {
        "/people/?q=park&organisation=dst": lambda: [
            Position.objects.create(
                person=make_person(slug=f"h{i}", family_name="Park", given_name=f"N{i}"),
                organisation=w["organisation"],
                source=w["source"],
                title="Warden",
                evidence=EVIDENCE,
            )
            for i in numbers
        ],
        "/organisations/?q=park&place=shandong&o=name": lambda: [
            make_organisation(
                slug=f"o{i}", name=f"Park org {i}", place=w["place"], parent=w["organisation"]
            )
            for i in numbers
        ],
        "/projects/?q=park&place=shandong": lambda: [
            make_project(slug=f"pr{i}", name=f"Park project {i}", place=w["place"]) for i in numbers
        ],
        "/places/?q=park&parent=shandong": lambda: [
            make_place(slug=f"pl{i}", name=f"Park place {i}", parent=w["place"]) for i in numbers
        ],
        "/topics/?q=park&kind=theme": lambda: [
            make_topic(slug=f"t{i}", name=f"Park topic {i}") for i in numbers
        ],
        "/sources/?q=park&publisher=dst": lambda: [
            make_source(slug=f"s{i}", title=f"Park source {i}", publisher=w["organisation"])
            for i in numbers
        ],
        "/statements/?q=park&speaker=sun-haisheng&topic=hydrogen-energy": lambda: [
            make_statement(w["source"], w["person"], slug=f"st{i}").topics.add(w["topic"])
            for i in numbers
        ],
        "/metrics/?q=enterprises&place=shandong": lambda: [
            make_metric(w["indicator"], w["source"], place=w["place"], slug=f"m{i}")
            for i in numbers
        ],
        "/indicators/?q=park&unit=count": lambda: [
            make_indicator(slug=f"i{i}", name=f"Park indicator {i}") for i in numbers
        ],
        "/people/sun-haisheng/": lambda: [
            make_statement(w["source"], w["person"], slug=f"ps{i}") for i in numbers
        ],
        "/topics/hydrogen-energy/": lambda: [
            make_statement(w["source"], w["person"], slug=f"ts{i}").topics.add(w["topic"])
            for i in numbers
        ],
        "/projects/park/": lambda: [
            make_metric(
                w["indicator"], make_source(slug=f"prs{i}"), project=w["project"], slug=f"pm{i}"
            )
            for i in numbers
        ],
        "/places/shandong/": lambda: [
            make_project(slug=f"pp{i}", name=f"Project {i}", place=w["place"]) for i in numbers
        ],
        "/indicators/high-tech-enterprises/": lambda: [
            make_metric(w["indicator"], w["source"], place=w["place"], slug=f"im{i}")
            for i in numbers
        ],
        "/sources/article/": lambda: [
            make_statement(w["source"], w["person"], slug=f"ss{i}") for i in numbers
        ],
        # Shaped like the world's statement, so whichever the home page shows read the
        # same related records (a position's organisation is one more query).
        "/": lambda: [
            make_statement(w["source"], w["person"], speaker_position=w["position"], slug=f"hs{i}")
            for i in numbers
        ],
    }


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(captured)


@pytest.mark.parametrize("url", list(rows({}, 0, 0)))
def test_a_page_costs_the_same_for_5_rows_as_for_200(client, world, url, monkeypatch):
    for view in (*vars(entity_views).values(), *vars(statement_views).values()):
        if isinstance(view, type) and issubclass(view, entity_views.RecordList):
            monkeypatch.setattr(view, "paginate_by", 250)  # every row on one page
    rows(world, 0, 5)[url]()
    few, few_queries = count_queries(client, url)
    rows(world, 5, 200)[url]()
    many, many_queries = count_queries(client, url)
    if "object_list" in many.context and "paginator" in many.context:
        assert len(many.context["object_list"]) >= 200
    assert many_queries == few_queries, (few_queries, many_queries)


def test_people_are_found_by_their_aliases(client, world):
    world["person"].aliases = ["Sun Hai-sheng"]
    world["person"].save()
    assert [p.slug for p in client.get("/people/?q=Hai-sheng").context["object_list"]] == [
        "sun-haisheng"
    ]
    groups = client.get("/search/?q=Hai-sheng").context["groups"]
    assert [r.slug for r in groups[0]["records"]] == ["sun-haisheng"]


def test_search_finds_the_same_records_whichever_way_postgresql_looks(client, world, monkeypatch):
    from entities import search

    make_statement(world["source"], world["person"], slug="second", text="We will build")
    by_index = [s.slug for s in client.get("/statements/?q=build").context["object_list"]]
    monkeypatch.setattr(search, "RARE", -1)  # as if the word were in most statements
    by_order = [s.slug for s in client.get("/statements/?q=build").context["object_list"]]
    assert by_index == by_order == ["sun-haisheng-article", "second"]


def test_big_counts_are_estimated_on_postgresql(client, world, monkeypatch):
    from entities import paginators

    if connection.vendor != "postgresql":
        pytest.skip("SQLite counts exactly; estimates come from PostgreSQL's planner")
    with CaptureQueriesContext(connection) as counted:
        exact = client.get("/statements/")
    monkeypatch.setattr(paginators, "THRESHOLD", 0)
    with CaptureQueriesContext(connection) as estimated:
        response = client.get("/statements/")
    assert not exact.context["paginator"].estimated
    assert exact.context["paginator"].count == 1
    assert response.context["paginator"].estimated
    assert "about <strong>" in response.content.decode()
    assert len(counted) == len(estimated)  # one count query either way


def test_the_home_page_estimates_big_counts_as_the_lists_do(client, world, monkeypatch):
    from entities import paginators

    if connection.vendor != "postgresql":
        pytest.skip("SQLite counts exactly; estimates come from PostgreSQL's planner")
    with CaptureQueriesContext(connection) as counted:
        exact = client.get("/").content.decode()
    monkeypatch.setattr(paginators, "THRESHOLD", 0)
    with CaptureQueriesContext(connection) as estimated:
        about = client.get("/").content.decode()
    assert "about <strong>" not in exact
    assert "about <strong>" in about
    assert len(counted) == len(estimated)  # a count query per kind either way


def test_pages_past_a_short_estimate_are_served_while_they_hold_rows(client, world, monkeypatch):
    from entities.paginators import EstimatedCountPaginator

    for number in range(30):
        make_statement(world["source"], world["person"], slug=f"n{number}")
    monkeypatch.setattr(EstimatedCountPaginator, "count", 3)  # a planner's underestimate
    monkeypatch.setattr(EstimatedCountPaginator, "estimated", True)
    assert len(client.get("/statements/?page=2").context["object_list"]) == 6
    assert client.get("/statements/?page=3").status_code == 404
    assert client.get("/statements/?page=x").status_code == 404
    assert client.get("/statements/?page=99999999999999999999999").status_code == 404
