"""Public reads go to the read replica; the admin and every write use the primary.

The test settings add a "replica" database that mirrors "default" (TEST MIRROR): a
second connection to the same test database. It sees committed rows only, so these
tests are transactional.
"""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from entities.models import Person, Status, Topic
from shandong.replica import ReplicaRouter, _public_read

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__")


def queries(client_call):
    """Run a request; return (response, queries on default, queries on the replica)."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client_call()
        if response.streaming:
            b"".join(response.streaming_content)
    return response, len(primary), len(replica)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/statements/",
        "/statements/?q=park&kind=quote",
        "/people/?q=sun",
        "/people/sun-haisheng/",
        "/sources/article/",
        "/search/?q=hydrogen",
        "/statements/?format=csv",
        "/people/?format=json",
    ],
)
def test_public_pages_search_and_exports_read_from_the_replica(client, world, url):
    response, on_primary, on_replica = queries(lambda: client.get(url))
    assert response.status_code == 200
    assert on_replica > 0
    assert on_primary == 0


def test_the_admin_reads_and_writes_on_the_primary(client, world, reviewer):
    client.force_login(reviewer)
    response, on_primary, on_replica = queries(lambda: client.get("/admin/entities/person/"))
    assert response.status_code == 200
    assert on_primary > 0
    assert on_replica == 0

    topic = world["topic"]  # shown by no published record through a foreign key
    response, on_primary, on_replica = queries(
        lambda: client.post(
            "/admin/entities/topic/",
            {"action": "return_to_draft", "_selected_action": [topic.pk]},
        )
    )
    assert response.status_code == 302
    assert on_replica == 0
    assert Topic.objects.get(pk=topic.pk).status == Status.DRAFT


def test_a_post_to_a_public_address_uses_the_primary(client, world):
    response, on_primary, on_replica = queries(lambda: client.post("/statements/"))
    assert response.status_code == 405
    assert on_replica == 0


def test_reads_inside_a_transaction_stay_on_the_primary():
    router = ReplicaRouter()
    token = _public_read.set(True)
    try:
        assert router.db_for_read(Person) == "replica"
        with transaction.atomic():
            assert router.db_for_read(Person) is None  # read your own writes
    finally:
        _public_read.reset(token)
    assert router.db_for_read(Person) is None
    assert router.db_for_write(Person) == "default"
    assert not router.allow_migrate("replica", "entities")
    assert router.allow_migrate("default", "entities")
