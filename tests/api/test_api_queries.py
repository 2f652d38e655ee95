"""Each API list costs the same number of queries for 2 rows as for 20: related records
are joined or prefetched, never read row by row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entities.models import ProjectRole
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


def linked_rows(w, endpoint, numbers):
    """Rows of `endpoint`, each linked to every kind of record it links to."""
    for i in numbers:
        if endpoint == "statements":
            s = make_statement(
                w["source"],
                w["person"],
                slug=f"s{i}",
                speaker_position=w["position"],
                reported_by=w["organisation"],
                quoting=w["person"],
            )
            s.topics.add(w["topic"])
            s.organisations.add(w["organisation"])
            s.places.add(w["place"])
            s.projects.add(w["project"])
        elif endpoint == "metrics":
            make_metric(w["indicator"], w["source"], organisation=w["organisation"]).topics.add(
                w["topic"]
            )
        elif endpoint == "indicators":
            make_indicator(slug=f"i{i}", name=f"I {i}").topics.add(w["topic"])
        elif endpoint == "people":
            person = make_person(slug=f"p{i}", family_name=f"P{i}")
            make_position(person, w["organisation"], w["source"])
        elif endpoint == "organisations":
            org = make_organisation(
                slug=f"o{i}", name=f"O {i}", place=w["place"], parent=w["organisation"]
            )
            org.topics.add(w["topic"])
        elif endpoint == "positions":
            make_position(w["person"], w["organisation"], w["source"], title=f"T{i}")
        elif endpoint == "projects":
            project = make_project(slug=f"j{i}", name=f"J {i}", place=w["place"])
            project.topics.add(w["topic"])
            project.sources.add(w["source"])
            ProjectRole.objects.create(
                project=project, organisation=w["organisation"], role="owner"
            )
        elif endpoint == "places":
            make_place(slug=f"pl{i}", name=f"Pl {i}", parent=w["place"])
        elif endpoint == "topics":
            make_topic(slug=f"t{i}", name=f"T {i}")
        elif endpoint == "sources":
            make_source(slug=f"src{i}", publisher=w["organisation"])


ENDPOINTS = [
    *("statements", "metrics", "indicators", "people", "organisations", "positions"),
    *("projects", "places", "topics", "sources"),
]


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_list_costs_the_same_queries_for_2_rows_as_for_20(client, world, endpoint):
    linked_rows(world, endpoint, range(2))
    few = queries(client, f"/api/v1/{endpoint}/")
    linked_rows(world, endpoint, range(2, 20))
    assert queries(client, f"/api/v1/{endpoint}/") == few


#: What each list costs: its rows, with the records they link to one step away joined;
#: then each list of links a query, but those kept in name order, read together in one.
#: Statements read the page's ids first, alone, which that union pays for.
QUERIES = {
    "statements": 3,  # ids; rows with their five links; topics, organisations, places, projects
    "metrics": 2,  # rows with their five links; topics
    "indicators": 2,  # rows; topics
    "people": 2,  # rows; positions
    "organisations": 2,  # rows with parent and place; topics
    "positions": 1,
    "projects": 4,  # rows with place; topics and organisations; sources (newest first)
    "places": 1,
    "topics": 1,
    "sources": 1,
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_list_costs_its_known_number_of_queries(client, world, endpoint):
    linked_rows(world, endpoint, range(5))
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/api/v1/{endpoint}/")
    assert len(captured) == QUERIES[endpoint], [q["sql"] for q in captured]
