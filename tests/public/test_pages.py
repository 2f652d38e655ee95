"""Every record has a page at its slug; only published records have one."""

import pytest
from pytest_django.asserts import assertContains

from entities.models import Status


@pytest.fixture
def world(world_once, db):
    """The world, built once for this module: its tests change it only in the database,
    inside their own transactions."""
    return world_once


def test_the_home_page_counts_published_records(client, world):
    response = client.get("/")
    assertContains(response, "<strong>1</strong> statements", html=False)


@pytest.mark.parametrize(
    "key",
    [
        "person",
        "place",
        "organisation",
        "project",
        "topic",
        "source",
        "indicator",
        "metric",
        "statement",
    ],
)
def test_a_published_record_has_a_page_and_a_draft_does_not(client, world, key):
    record = world[key]
    assert client.get(record.get_absolute_url()).status_code == 200
    type(record).objects.filter(pk=record.pk).update(status=Status.REVIEW)
    assert client.get(record.get_absolute_url()).status_code == 404
