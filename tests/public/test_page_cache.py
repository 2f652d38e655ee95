"""Public pages are served from the page cache until any record changes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entities.models import Status
from tests.factories import make_statement


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_page_seen_again_costs_one_query(client, world):
    first, rendering = get(client, "/statements/")
    again, cached = get(client, "/statements/")
    assert again == first
    assert rendering > 1
    assert cached == 1  # the generation


def test_publishing_withdrawing_and_linking_show_at_once(client, world, reviewer):
    text = "The number of high-tech enterprises exceeded 32,000."
    draft = make_statement(world["source"], text=text, status=Status.DRAFT)
    assert text not in get(client, "/statements/")[0]

    draft.move("publish", reviewer)
    draft.save()
    assert text in get(client, "/statements/")[0]

    topic_page = "/statements/?topic=hydrogen-energy"
    assert text not in get(client, topic_page)[0]
    draft.topics.add(world["topic"])
    assert text in get(client, topic_page)[0]

    draft.move("return_to_draft", reviewer)
    draft.save()
    assert text not in get(client, "/statements/")[0]
    assert text not in get(client, topic_page)[0]


def test_a_deleted_record_leaves_the_cached_pages(client, world):
    url = world["person"].get_absolute_url()
    get(client, url)
    world["statement"].delete()
    world["position"].delete()
    world["person"].delete()
    assert client.get(url).status_code == 404


def test_the_admin_and_exports_are_never_cached(client, world, reviewer):
    client.force_login(reviewer)
    for url in ["/admin/statements/statement/", "/statements/?format=csv"]:
        b"".join(client.get(url))
        with CaptureQueriesContext(connection) as queries:
            b"".join(client.get(url))
        assert len(queries) > 1, url
