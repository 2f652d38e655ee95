"""Changelists cost the same number of queries whatever the number of rows shown."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entities.models import Position, ProjectRole
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


def rows(world, start, stop):
    """For each changelist: rows numbered start..stop-1 matching its search and filter."""
    w = world
    numbers = range(start, stop)
    return {
        "entities/place/?q=park&parent=shandong": lambda: [
            make_place(slug=f"pl{i}", name=f"Park place {i}", parent=w["place"]) for i in numbers
        ],
        "entities/topic/?q=park&kind__exact=theme": lambda: [
            make_topic(slug=f"t{i}", name=f"Park topic {i}") for i in numbers
        ],
        "entities/organisation/?q=park&place=shandong&parent=dst": lambda: [
            make_organisation(
                slug=f"o{i}", name=f"Park org {i}", place=w["place"], parent=w["organisation"]
            )
            for i in numbers
        ],
        "entities/person/?q=park&status__exact=published": lambda: [
            make_person(slug=f"h{i}", family_name="Park", given_name=f"N{i}") for i in numbers
        ],
        "entities/position/?q=park&person=sun-haisheng": lambda: [
            Position.objects.create(
                person=w["person"],
                organisation=w["organisation"],
                source=w["source"],
                title=f"Park warden {i}",
                evidence=EVIDENCE,
            )
            for i in numbers
        ],
        "entities/project/?q=park&place=shandong&kind__exact=other": lambda: [
            make_project(slug=f"pr{i}", name=f"Park project {i}", place=w["place"]) for i in numbers
        ],
        "entities/projectrole/?q=park&organisation=dst": lambda: [
            ProjectRole.objects.create(
                project=make_project(slug=f"rp{i}", name=f"Park {i}"),
                organisation=w["organisation"],
                role="owner",
                source=w["source"],
            )
            for i in numbers
        ],
        "entities/source/?q=park&publisher=dst": lambda: [
            make_source(slug=f"s{i}", title=f"Park source {i}", publisher=w["organisation"])
            for i in numbers
        ],
        "statements/indicator/?q=park&unit__exact=count": lambda: [
            make_indicator(slug=f"i{i}", name=f"Park indicator {i}") for i in numbers
        ],
        "statements/metric/?q=enterprises&place=shandong": lambda: [
            make_metric(w["indicator"], w["source"], place=w["place"], slug=f"m{i}")
            for i in numbers
        ],
        "statements/statement/?q=park&speaker=sun-haisheng&kind__exact=quote": lambda: [
            make_statement(w["source"], w["person"], slug=f"st{i}") for i in numbers
        ],
    }


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured)


@pytest.mark.parametrize("url", list(rows({}, 0, 0)))
def test_a_changelist_costs_the_same_for_5_rows_as_for_200(
    client, superuser, world, url, monkeypatch
):
    for model_admin in admin.site._registry.values():
        monkeypatch.setattr(model_admin, "list_per_page", 250)  # show every row at once
    client.force_login(superuser)
    make = rows(world, 0, 5)[url]
    make()
    few, few_queries = queries(client, f"/admin/{url}")
    assert len(few.context["cl"].result_list) >= 5
    rows(world, 5, 200)[url]()
    many, many_queries = queries(client, f"/admin/{url}")
    assert len(many.context["cl"].result_list) >= 200
    assert many_queries == few_queries
