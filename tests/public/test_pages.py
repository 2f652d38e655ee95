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
    assertContains(response, "<strong>1</strong> statement<", html=False)
    assertContains(response, "<strong>1</strong> figure</a>", html=False)  # not "1 figures"


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


def test_a_missing_page_is_answered_in_the_sites_layout(client, world):
    response = client.get("/people/nobody-by-this-name/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "<h1>Not found</h1>" in content
    assert 'action="/search/"' in content and 'href="/indicators/"' in content


def test_the_icon_the_about_page_and_the_menu(client, world):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 301 and icon["Location"].endswith("shandong/favicon.ico")
    about = client.get("/about/").content.decode()
    assert "How records are reviewed" in about and "CC BY 4.0" in about
    menu = client.get("/").content.decode()
    assert '<a href="/metrics/">Figures</a>' in menu and "<h1>Figures</h1>" in (
        client.get("/metrics/").content.decode()
    )


def test_an_error_is_answered_in_the_sites_layout(rf):
    from shandong.views import server_error

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert 'action="/search/"' in response.content.decode()
