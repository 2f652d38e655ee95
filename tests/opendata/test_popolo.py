"""The Popolo export: every object valid against Popolo's own schemas (copied in
tests/standards/popolo/), published records only, streamed in a fixed number of queries."""

import datetime
import io
import json
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft3Validator
from referencing import Registry, Resource

from entities.models import Status
from tests.factories import (
    make_organisation,
    make_person,
    make_place,
    make_position,
    make_statement,
)

SCHEMAS = Path(__file__).resolve().parents[1] / "standards" / "popolo"
SCHEMA_OF = {
    "persons": "person",
    "organizations": "organization",
    "memberships": "membership",
    "areas": "area",
    "speeches": "speech",
}


def popolo_registry():
    """The schemas by their `id` URLs, so their $refs resolve to the files, offline."""
    resources = []
    for path in sorted(SCHEMAS.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["id"].rstrip("#"), Resource.from_contents(schema)))
    return Registry().with_resources(resources)


REGISTRY = popolo_registry()
VALIDATORS = {
    section: Draft3Validator(
        REGISTRY.contents(f"http://www.popoloproject.com/schemas/{name}.json"),
        registry=REGISTRY,
        format_checker=Draft3Validator.FORMAT_CHECKER,
    )
    for section, name in SCHEMA_OF.items()
}


def export(client):
    response = client.get("/exports/popolo.json")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/json"
    return json.loads(b"".join(response.streaming_content))


def invalid(document):
    """Every schema error in the document, as (section, object id, message)."""
    return [
        (section, obj.get("id"), error.message)
        for section, objects in document.items()
        for obj in objects
        for error in VALIDATORS[section].iter_errors(obj)
    ]


def test_the_schemas_catch_a_wrong_object():
    # The check below is worth something only if the validators see errors.
    assert invalid({"memberships": [{"id": "m", "start_date": "March 2020"}]})
    assert invalid({"persons": [{"id": "p", "links": [{"note": "no url"}]}]})
    assert invalid({"speeches": [{"id": "s", "creator": {"birth_date": "1 May"}}]})


def test_every_object_validates_with_every_field(client, world):
    make_position(
        world["person"],
        make_organisation(slug="sub", name="A division", parent=world["organisation"]),
        world["source"],
        title="Head",
        start=datetime.date(2020, 5, 1),
        start_precision="month",
        end=datetime.date(2022, 1, 1),
        end_precision="year",
    )
    make_place(slug="jinan", name="Jinan", kind="prefecture_city", parent=world["place"])
    world["statement"].said_on = datetime.date(2024, 5, 23)
    world["statement"].save()
    world["source"].url = "https://example.com/article"
    world["source"].save()
    document = export(client)
    assert invalid(document) == []
    head = next(m for m in document["memberships"] if m["role"] == "Head")
    assert head["start_date"] == "2020-05"
    assert head["end_date"] == "2022"
    assert head["organization_id"] == "organization/sub"
    assert head["person_id"] == "person/sun-haisheng"
    assert {"url": "https://example.com/article", "note": "An article"} in head["sources"]
    assert {"id": "area/jinan", "parent_id": "area/shandong"}.items() <= next(
        a for a in document["areas"] if a["id"] == "area/jinan"
    ).items()
    [speech] = document["speeches"]
    assert speech["id"] == f"speech/{world['statement'].slug}"
    assert speech["creator_id"] == "person/sun-haisheng"
    assert speech["role"] == "Director-General"
    assert speech["date"] == "2024-05-23"
    assert speech["text"] == world["statement"].text


def test_drafts_and_links_to_them_are_left_out(client, world):
    draft = make_person(slug="draft-person", family_name="WANG", status=Status.DRAFT)
    draft_org = make_organisation(slug="draft-org", status=Status.DRAFT)
    make_statement(world["source"], draft, text="We will", status=Status.DRAFT)
    # Published records that point at drafts (written past the publishing checks).
    make_position(world["person"], draft_org, world["source"], title="Adviser")
    world["organisation"].parent = make_organisation(
        slug="draft-parent", name="Hidden", status=Status.DRAFT
    )
    world["organisation"].save()
    world["statement"].speaker = draft
    world["statement"].save()
    document = export(client)
    text = json.dumps(document)
    for slug in ("draft-person", "draft-org", "draft-parent"):
        assert slug not in text
    organisation = next(o for o in document["organizations"] if o["id"] == "organization/dst")
    assert "parent_id" not in organisation
    [speech] = document["speeches"]
    assert "creator_id" not in speech
    adviser = next(m for m in document["memberships"] if m["role"] == "Adviser")
    assert "organization_id" not in adviser
    assert invalid(document) == []


def test_the_command_writes_what_the_site_serves(client, world, tmp_path):
    output = tmp_path / "popolo.json"
    call_command("export_popolo", output=str(output), origin="http://testserver/")
    assert json.loads(output.read_text(encoding="utf-8")) == export(client)
    stdout = io.StringIO()
    call_command("export_popolo", stdout=stdout)
    document = json.loads(stdout.getvalue())
    # Without the site's address, no link to its pages (only the sources' own URLs).
    assert "testserver" not in stdout.getvalue()
    assert invalid(document) == []


def count_queries(client):
    with CaptureQueriesContext(connection) as captured:
        export(client)
    return len(captured)


def test_the_export_costs_the_same_queries_for_any_number_of_records(client, world):
    few = count_queries(client)
    for n in range(30):
        person = make_person(slug=f"person-{n}", family_name=f"P{n}")
        organisation = make_organisation(slug=f"org-{n}", name=f"Org {n}")
        make_position(person, organisation, world["source"])
        make_place(slug=f"place-{n}", name=f"Place {n}", parent=world["place"])
        make_statement(world["source"], person)
    # One query each for persons, organizations, memberships, areas and speeches.
    assert few == count_queries(client) == 5


def test_wikidata_ids_are_in_both_exports(client, world):
    """A person's, organisation's and place's Wikidata id, when set, is a Popolo
    identifier (scheme "wikidata") and FollowTheMoney's wikidataId."""
    for key, qid in (("person", "Q1"), ("organisation", "Q2"), ("place", "Q3")):
        type(world[key]).objects.filter(pk=world[key].pk).update(wikidata_id=qid)
    popolo = json.loads(b"".join(client.get("/exports/popolo.json").streaming_content))
    identifiers = [i for p in popolo["persons"] for i in p.get("identifiers", [])]
    assert {"scheme": "wikidata", "identifier": "Q1"} in identifiers
    identifiers = [i for o in popolo["organizations"] for i in o.get("identifiers", [])]
    assert {"scheme": "wikidata", "identifier": "Q2"} in identifiers
    lines = b"".join(client.get("/exports/ftm.json").streaming_content).splitlines()
    found = {
        (e["schema"], v)
        for e in map(json.loads, lines)
        for v in e["properties"].get("wikidataId", [])
    }
    assert {("Person", "Q1"), ("Address", "Q3")} <= found
    assert any(v == "Q2" for _, v in found)
