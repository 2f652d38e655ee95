"""The FollowTheMoney export: entities that followthemoney reads back unchanged, with
stable IDs, published records only, streamed in a fixed number of queries."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry
from followthemoney.util import PROP_VALUE_MAX

from entities.models import Organisation, ProjectRole, Status
from shandong.ftm import Clean, FollowTheMoney, make
from tests.factories import (
    make_organisation,
    make_person,
    make_position,
    make_project,
    make_statement,
)


def lines(client):
    response = client.get("/exports/ftm.json")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/x-ndjson"
    return b"".join(response.streaming_content).decode().splitlines()


def entities(client):
    return {entity["id"]: entity for entity in map(json.loads, lines(client))}


def round_trips(data):
    """The entity as followthemoney reads it back, as it stands and cleaned afresh."""
    proxy = model.get_proxy(data)
    assert proxy.to_dict() == data
    cleaned = EntityProxy.from_dict(data, cleaned=False)
    assert cleaned.to_dict() == data, "a value followthemoney's cleaning changes"
    missing = [prop for prop in proxy.schema.required if not proxy.has(prop)]
    assert missing == [], data
    return proxy


def test_every_entity_round_trips_through_followthemoney(client, world):
    world["source"].url = "https://example.com/article"
    world["source"].save()
    world["position"].start, world["position"].start_precision = datetime.date(2020, 5, 1), "month"
    world["position"].save()
    world["statement"].said_on = datetime.date(2024, 5, 23)
    world["statement"].save()
    make_organisation(slug="weichai", name="Weichai", kind=Organisation.Kind.STATE_OWNED)
    ProjectRole.objects.create(
        project=world["project"], organisation=world["organisation"], role="owner"
    )
    world["statement"].organisations.add(world["organisation"])
    found = entities(client)
    schemas = {proxy.id: proxy.schema.name for proxy in map(round_trips, found.values())}
    assert schemas == {
        "shandong-place-shandong": "Address",
        "shandong-organisation-dst": "PublicBody",
        "shandong-organisation-weichai": "Company",
        "shandong-person-sun-haisheng": "Person",
        "shandong-project-park": "Project",
        next(i for i in schemas if i.startswith("shandong-role-")): "ProjectParticipant",
        "shandong-source-article": "Article",
        next(i for i in schemas if i.startswith("shandong-position-")): "Membership",
        f"shandong-statement-{world['statement'].slug}": "Documentation",
        next(i for i in schemas if i.startswith("shandong-mention-")): "Documentation",
    }
    [mention] = [e["properties"] for i, e in found.items() if i.startswith("shandong-mention-")]
    assert mention["entity"] == ["shandong-organisation-dst"]
    assert mention["document"] == ["shandong-source-article"]
    assert mention["role"] == ["mentioned"]
    by_schema = {
        entity["schema"]: entity["properties"]
        for id, entity in found.items()
        if not id.startswith("shandong-mention-")
    }
    assert by_schema["Membership"] == {
        "member": ["shandong-person-sun-haisheng"],
        "organization": ["shandong-organisation-dst"],
        "role": ["Director-General"],
        "startDate": ["2020-05"],
        "proof": ["shandong-source-article"],
        "sourceUrl": ["https://example.com/article"],
    }
    assert by_schema["Documentation"]["entity"] == ["shandong-person-sun-haisheng"]
    assert by_schema["Documentation"]["document"] == ["shandong-source-article"]
    assert by_schema["Documentation"]["summary"] == [world["statement"].text]
    assert by_schema["Documentation"]["date"] == ["2024-05-23"]
    assert by_schema["Article"]["publishedAt"] == ["2024"]
    assert by_schema["Company"]["topics"] == ["gov.soe"]
    assert by_schema["PublicBody"]["addressEntity"] == ["shandong-place-shandong"]
    # Every reference names an entity of the export.
    for proxy in map(model.get_proxy, found.values()):
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in found, (proxy.id, prop.name, value)


def test_ids_are_stable_across_exports(client, world):
    first = lines(client)
    world["person"].description = "Changed."
    world["person"].save()
    second = lines(client)
    assert [json.loads(line)["id"] for line in first] == [json.loads(line)["id"] for line in second]
    assert first != second


def test_drafts_and_links_to_them_are_left_out(client, world):
    draft = make_person(slug="draft-person", family_name="WANG", status=Status.DRAFT)
    draft_org = make_organisation(slug="draft-org", status=Status.DRAFT)
    make_project(slug="draft-project", status=Status.DRAFT)
    make_statement(world["source"], draft, text="We will", status=Status.DRAFT)
    # Published records that point at drafts (written past the publishing checks).
    make_position(world["person"], draft_org, world["source"], title="Adviser")
    world["organisation"].parent = make_organisation(
        slug="draft-parent", name="Hidden", status=Status.DRAFT
    )
    world["organisation"].save()
    world["statement"].speaker = draft
    world["statement"].save()
    world["statement"].organisations.add(draft_org)
    text = "\n".join(lines(client))
    for slug in ("draft-person", "draft-org", "draft-project", "draft-parent"):
        assert slug not in text
    # The statement's speaker is a draft: it documents no one, and is left out.
    assert "Documentation" not in text
    assert text.count('"Membership"') == 1


def test_a_value_followthemoney_refuses_fails_the_export(client, world):
    with pytest.raises(InvalidData):
        make("Person", "p", name="Sun", birthDate="the fifth of May")
    with pytest.raises(InvalidData):
        make("Person", "p", name="Sun", noSuchProperty="x")
    with pytest.raises(InvalidData):
        make("Membership", "m", role="Head")  # no member, no organization
    world["source"].language = "xx"  # not a language followthemoney knows
    world["source"].save()
    with pytest.raises(InvalidData):
        call_command("export_ftm", stdout=io.StringIO())


@pytest.mark.parametrize(
    "properties",
    [
        {"name": "Sun", "birthDate": "2024-13-01"},  # a date cleaned once is remembered...
        {"name": "Sun", "birthDate": "2024-13-01"},  # ...and refused again
        {"name": '"  "'},  # a name that is only quotes and spaces
        {"name": "Sun", "sourceUrl": "https://exa mple.com/"},
        {"name": "Sun", "parent": "shandong-organisation-a_b"},  # not an entity ID
        {"name": "Sun", "parent": "p"},  # itself
        {"name": "Sun", "description": "x" * PROP_VALUE_MAX, "summary": "y"},  # too long
    ],
)
def test_make_refuses_what_followthemoney_refuses(properties):
    with pytest.raises(InvalidData):
        make("Person", "p", **properties)


def test_make_cleans_as_followthemoney_does():
    properties = {
        "name": [" Sun   Haisheng"],
        "alias": ["Sun", "Sun"],
        "nationality": ["CN"],
        "birthDate": ["2024-05-01", "2024-05-01"],
        "description": [" As written "],  # text: kept as it is
        "sourceUrl": ["https://Example.org"],
    }
    proxy = model.make_entity("Person")
    proxy.id = "p"
    for prop, values in properties.items():
        for value in values:
            proxy.unsafe_add(proxy.schema.get(prop), value)
    for _ in range(2):  # the second time, from what was remembered
        assert make("Person", "p", **properties) == proxy.to_dict()
    assert proxy.get("name") == ["Sun Haisheng"]


@pytest.mark.parametrize(
    "origin", ["http://testserver", "https://example.org", "http://localhost:8000", "HTTPS://A.ORG"]
)
@pytest.mark.parametrize("slug", ["sun-haisheng", "a_B-0", "-", "sun haisheng ", "山东"])
def test_a_page_is_clean_as_followthemoney_would_clean_it(origin, slug):
    """A page's address is added as it is only where cleaning would keep it so."""
    url = FollowTheMoney(origin).page("person", slug)
    if type(url) is Clean:
        assert registry.url.clean_text(url) == url
    assert make("Person", "p", name="Sun", sourceUrl=url)["properties"]["sourceUrl"] == [
        registry.url.clean_text(url)
    ]


def test_an_invalid_source_address_fails_the_export(client, world):
    world["source"].url = "https://exa mple.com/article"
    world["source"].save()
    with pytest.raises(InvalidData):
        call_command("export_ftm", stdout=io.StringIO())


def test_an_organisation_that_is_its_own_parent_fails_the_export(client, world):
    world["organisation"].parent = world["organisation"]
    world["organisation"].save()
    with pytest.raises(InvalidData):
        call_command("export_ftm", stdout=io.StringIO())


def test_the_command_writes_what_the_site_serves(client, world, tmp_path):
    output = tmp_path / "ftm.json"
    call_command("export_ftm", output=str(output), origin="http://testserver")
    assert output.read_text(encoding="utf-8").splitlines() == lines(client)


def count_queries(client):
    with CaptureQueriesContext(connection) as captured:
        lines(client)
    return len(captured)


def test_the_export_costs_the_same_queries_for_any_number_of_records(client, world):
    few = count_queries(client)
    for n in range(30):
        person = make_person(slug=f"person-{n}", family_name=f"P{n}")
        organisation = make_organisation(slug=f"org-{n}", name=f"Org {n}")
        make_position(person, organisation, world["source"])
        make_statement(world["source"], person).organisations.add(organisation)
        ProjectRole.objects.create(
            project=world["project"], organisation=organisation, role="owner"
        )
    # One query each for places, organisations, persons, projects, project roles,
    # sources, positions, statements and the organisations statements name.
    assert few == count_queries(client) == 9
