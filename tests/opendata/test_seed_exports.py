"""Both exports of the seed data: every Popolo object valid, every FollowTheMoney
entity read back unchanged, and the counts of what they hold."""

import json

import pytest

from tests.opendata.test_ftm import lines, round_trips
from tests.opendata.test_popolo import SCHEMA_OF, export, invalid

pytestmark = pytest.mark.usefixtures("seeded")


def test_every_popolo_object_of_the_seed_validates(client):
    document = export(client)
    assert list(document) == list(SCHEMA_OF)
    assert {section: len(objects) for section, objects in document.items()} == {
        "persons": 21,
        "organizations": 40,
        "memberships": 26,
        "areas": 19,
        "speeches": 52,
    }
    assert invalid(document) == []


def test_every_followthemoney_entity_of_the_seed_round_trips(client):
    schemas = {}
    for line in lines(client):
        proxy = round_trips(json.loads(line))
        schemas[proxy.schema.name] = schemas.get(proxy.schema.name, 0) + 1
    assert sum(schemas.values()) == 214
    assert {"Person", "Membership", "Documentation", "Article", "Address", "Project"} <= set(
        schemas
    )
