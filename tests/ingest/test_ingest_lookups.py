"""The lookups ingest matches records with: by name in any case, by alias, by body."""

import pytest
from django.db import connection
from django.db.models.functions import Upper

from entities.models import Organisation, Person, Place, Project, Source
from ingest.services import known_names
from statements.models import Indicator
from tests.factories import make_organisation, make_person, make_place, make_source

pytestmark = pytest.mark.django_db


def test_an_organisation_is_found_by_its_name_in_another_case_or_an_alias():
    group = make_organisation(slug="zcg", name="Zibo Chemical Group", aliases=["ZCG"])
    make_organisation(slug="zibo", name="Zibo")
    assert list(Organisation.objects.named("ZIBO chemical group")) == [group]
    assert list(Organisation.objects.named("zcg")) == [group]
    assert not Organisation.objects.named("Zibo Chemical").exists()
    assert not Organisation.objects.named("ZC").exists()  # a whole alias, not a part


def test_a_place_is_found_by_its_name_in_another_case_or_an_alias():
    jinan = make_place(slug="jinan", name="Jinan City", aliases=["Spring City", "泉城"])
    assert list(Place.objects.named("jinan city")) == [jinan]
    assert list(Place.objects.named("SPRING CITY")) == [jinan]
    assert list(Place.objects.named("泉城")) == [jinan]
    assert not Place.objects.named("Jinan").exists()
    assert not Place.objects.named("Spring").exists()


def test_a_person_is_found_by_name_in_either_order_and_any_case_or_an_alias():
    sun = make_person(aliases=["Sun H."])  # "SUN Haisheng"
    make_person(slug="sun-li", family_name="SUN", given_name="Li")
    assert list(Person.objects.named("Sun Haisheng")) == [sun]
    assert list(Person.objects.named("Haisheng SUN")) == [sun]
    assert list(Person.objects.named("SUN H.")) == [sun]
    assert not Person.objects.named("Sun Hai").exists()


def test_a_source_is_found_by_its_exact_body():
    source = make_source(body="Qingdao port handled 20 million TEU.")
    make_source(slug="other", body="Qingdao port handled 20 million TEU. More followed.")
    assert list(Source.objects.with_body("Qingdao port handled 20 million TEU.")) == [source]
    assert not Source.objects.with_body("qingdao port handled 20 million teu.").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
def test_the_lookups_can_use_their_indexes_on_postgresql():
    lookups = {
        "organisation_name_upper": Organisation.objects.named("Zibo Chemical Group"),
        "organisation_aliases_trgm": Organisation.objects.named("Zibo Chemical Group"),
        "place_name_upper": Place.objects.named("Jinan City"),
        "place_aliases_trgm": Place.objects.named("Jinan City"),
        "person_sort": Person.objects.named("Sun Haisheng"),
        "person_aliases_trgm": Person.objects.named("Sun Haisheng"),
        "source_body_md5": Source.objects.with_body("Qingdao port handled 20 million TEU."),
        # The records an article may name, by its capitalised words (ingest.services).
        "organisation_aliases_gin": Organisation.objects.filter(aliases__has_any_keys=["ZCG"]),
        "place_aliases_gin": Place.objects.filter(aliases__has_any_keys=["Spring City"]),
        "project_aliases_gin": Project.objects.filter(aliases__has_any_keys=["The Park"]),
        "project_name_upper": Project.objects.annotate(u=Upper("name")).filter(u__in=["PARK"]),
        "indicator_name_upper": Indicator.objects.annotate(u=Upper("name")).filter(u__in=["GDP"]),
    }
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tables this small are scanned
    for index, queryset in lookups.items():
        assert index in queryset.order_by().explain(), index


def test_the_records_an_article_names_are_found_by_its_capitalised_words():
    make_organisation(slug="weichai", name="Weichai Group", aliases=["Weichai"])
    make_place(slug="weihai", name="Weihai")
    known = known_names("In January, Weichai sold engines made in WEIHAI.", "Engines")
    assert known == {
        "weichai": ("organisation", "Weichai Group"),
        "weihai": ("place", "Weihai"),
    }
