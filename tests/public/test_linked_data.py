"""Wikidata links, the wikidata_id export column, and schema.org JSON-LD on detail pages."""

import csv
import io
import json
import re

import pytest

from entities.models import Organisation, Status
from tests.factories import (
    make_organisation,
    make_person,
    make_place,
    make_source,
    make_statement,
)
from tests.xss import HOSTILE

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def linked_data(response):
    """The page's one JSON-LD block, parsed."""
    (block,) = LD.findall(response.content.decode())
    return json.loads(block)


def test_detail_pages_link_the_wikidata_item(client, world):
    for key in ("person", "organisation", "place"):
        record = world[key]
        record.wikidata_id = "Q42"
        record.save()
        response = client.get(record.get_absolute_url())
        content = response.content.decode()
        assert '<dt>Wikidata</dt><dd><a href="https://www.wikidata.org/wiki/Q42">Q42</a>' in content
        assert linked_data(response)["sameAs"] == "https://www.wikidata.org/wiki/Q42"
        record.wikidata_id = ""
        record.save()
        assert "wikidata.org" not in client.get(record.get_absolute_url()).content.decode()


@pytest.mark.parametrize("url", ["/people/", "/organisations/", "/places/"])
def test_every_export_has_the_wikidata_id(client, world, url):
    world["person"].wikidata_id = world["organisation"].wikidata_id = "Q7"
    world["place"].wikidata_id = "Q7"
    for key in ("person", "organisation", "place"):
        world[key].save()
    csv_body = b"".join(client.get(f"{url}?format=csv").streaming_content).decode("utf-8-sig")
    assert [row["wikidata_id"] for row in csv.DictReader(io.StringIO(csv_body))] == ["Q7"]
    json_body = b"".join(client.get(f"{url}?format=json").streaming_content)
    assert [row["wikidata_id"] for row in json.loads(json_body)] == ["Q7"]


def test_a_person_is_a_schema_org_person(client, world):
    person = world["person"]
    person.aliases = ["Sun Haisheng"]
    person.wikidata_id = "Q1"
    person.save()
    data = linked_data(client.get("/people/sun-haisheng/"))
    assert data == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "SUN Haisheng",
        "familyName": "SUN",
        "givenName": "Haisheng",
        "alternateName": ["Sun Haisheng"],
        "url": "http://testserver/people/sun-haisheng/",
        "sameAs": "https://www.wikidata.org/wiki/Q1",
    }


def test_an_organisation_and_a_place_name_only_published_relations(client, world):
    parent = make_organisation(slug="gov", name="Provincial Government")
    world["organisation"].parent = parent
    world["organisation"].save()
    data = linked_data(client.get("/organisations/dst/"))
    assert data["@type"] == "Organization"
    assert data["name"] == "Department of Science and Technology"
    assert data["url"] == "http://testserver/organisations/dst/"
    assert data["parentOrganization"] == {
        "@type": "Organization",
        "name": "Provincial Government",
        "url": "http://testserver/organisations/gov/",
    }
    assert data["location"]["@type"] == "Place"
    assert "sameAs" not in data
    for record in (parent, world["place"]):
        record.status = "draft"
        record.save()
    data = linked_data(client.get("/organisations/dst/"))
    assert "parentOrganization" not in data and "location" not in data

    china = make_place(slug="china", name="China", kind="other")
    place = make_place(slug="jinan", name="Jinan", parent=china)
    data = linked_data(client.get("/places/jinan/"))
    assert data["@type"] == "Place"
    assert data["containedInPlace"]["name"] == "China"
    china.status = "draft"
    china.save()
    place.save()
    assert "containedInPlace" not in linked_data(client.get("/places/jinan/"))


def test_a_statement_is_a_quotation_based_on_its_source(client, world):
    statement = world["statement"]
    data = linked_data(client.get(statement.get_absolute_url()))
    assert data["@type"] == "Quotation"
    assert data["text"] == "We will build the park,"
    assert data["url"] == f"http://testserver{statement.get_absolute_url()}"
    assert data["spokenByCharacter"]["@type"] == "Person"
    assert data["spokenByCharacter"]["name"] == "SUN Haisheng"
    assert data["isBasedOn"] == {
        "@type": "NewsArticle",
        "name": "An article",
        "url": "http://testserver/sources/article/",
        "inLanguage": "en",
        "datePublished": "2024",  # known to the year only
        "publisher": {
            "@type": "Organization",
            "name": "Department of Science and Technology",
            "url": "http://testserver/organisations/dst/",
        },
    }


def test_a_quotation_leaves_out_an_unpublished_speaker_and_publisher(client, world):
    world["person"].status = world["organisation"].status = "draft"
    world["person"].save()
    world["organisation"].save()
    data = linked_data(client.get(world["statement"].get_absolute_url()))
    assert "spokenByCharacter" not in data
    assert "publisher" not in data["isBasedOn"]
    assert "SUN" not in json.dumps(data) and "Department" not in json.dumps(data)


def test_a_hostile_name_cannot_leave_the_json_ld_block(client, db):
    name = "</script><script>alert(1)</script><!-- &amp; <img src=x onerror=alert(2)>"
    speaker = make_person(slug="hostile", family_name=name)
    source = make_source(title=HOSTILE, body=f"He said {HOSTILE} today.")
    statement = make_statement(source, speaker, text=HOSTILE)
    for url in ("/people/hostile/", statement.get_absolute_url()):
        response = client.get(url)
        content = response.content.decode()
        assert "<script>alert" not in content
        (block,) = LD.findall(content)
        assert "<" not in block and ">" not in block and "&" not in block
        data = json.loads(block)
        spoken = data.get("spokenByCharacter", data)
        assert spoken["familyName"] == name  # escaped for HTML, the same text for JSON
    assert data["text"] == data["isBasedOn"]["name"] == HOSTILE


def test_a_statement_page_names_no_unpublished_organisation(client, world):
    Organisation.objects.filter(pk=world["organisation"].pk).update(status=Status.DRAFT)
    page = client.get(world["statement"].get_absolute_url()).content.decode()
    assert world["organisation"].name not in page
