"""A name merged away is not created again: ingest and load_for_review find the record
it was merged into, by alias, normalised name or the merge itself."""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from entities.merging import merge
from entities.models import Organisation, Person, Status
from ingest import services
from statements.models import Indicator, Metric, Statement
from tests.factories import make_indicator, make_organisation, make_person

ARTICLE = (
    "QIAO Lin, chairman of Zibo Chemical Group, said that the group will build two new "
    "research centres. Zibo Chemical Group employs 2,300 engineers."
)


def ingest():
    return services.ingest(ARTICLE, title="Zibo builds", published=datetime.date(2024, 5, 1))


@pytest.fixture
def merged_away(db, reviewer):
    """ "Zibo Chemical Group", "QIAO Lin" and "Engineers", each merged into a record of
    another name."""
    group = make_organisation(slug="zibo-chem", name="Zibo Chemical Industry Corporation")
    qiao = make_person(slug="qiao-l", family_name="Qiao", given_name="L.")
    staff = make_indicator(slug="engineering-staff", name="Engineering staff")
    merge(
        group, make_organisation(slug="zibo-chemical-group", name="Zibo Chemical Group"), reviewer
    )
    merge(qiao, make_person(slug="qiao-lin", family_name="QIAO", given_name="Lin"), reviewer)
    merge(staff, make_indicator(slug="engineers", name="Engineers"), reviewer)
    return group, qiao, staff


def test_ingest_does_not_create_a_name_merged_away_again(merged_away):
    group, qiao, staff = merged_away
    result = ingest()
    statement = Statement.objects.get(source=result.source)
    metric = Metric.objects.get(source=result.source, value=2300)
    assert statement.speaker == qiao
    assert metric.organisation == group
    assert metric.indicator == staff
    assert not Organisation.objects.filter(name="Zibo Chemical Group").exists()
    assert not Person.objects.filter(family_name="QIAO").exists()
    assert not Indicator.objects.filter(name="Engineers").exists()
    assert result.created.get("organisation", 0) == 0


def test_ingest_finds_an_organisation_by_its_normalised_name(db):
    recorded = make_organisation(slug="zibo", name="ZIBO CHEMICAL GROUP CO., LTD.")
    result = ingest()
    assert Metric.objects.get(source=result.source, value=2300).organisation == recorded
    assert Organisation.objects.count() == 1


# load_for_review ---------------------------------------------------------------


@pytest.fixture
def load(tmp_path):
    def load(*records):
        path = tmp_path / "new.json"
        path.write_text(json.dumps(list(records)))
        call_command("load_for_review", str(path))

    return load


def organisation(slug, name):
    return {"model": "entities.organisation", "fields": {"slug": slug, "name": name}}


def test_load_for_review_refuses_a_name_already_recorded_as_an_alias(merged_away, load):
    with pytest.raises(CommandError) as refused:
        load(organisation("zibo-chemical-group-2", "Zibo Chemical Group"))
    assert (
        "new.json, record 1 (entities.organisation zibo-chemical-group-2): 'Zibo Chemical "
        "Group' names the same organisation as 'zibo-chem' (alias 'Zibo Chemical Group'); "
        "use that slug"
    ) in str(refused.value)
    assert Organisation.objects.count() == 1


def test_load_for_review_refuses_a_normalised_name_and_a_merged_slug(merged_away, load):
    with pytest.raises(CommandError, match="'zibo-chem' \\(alias 'Zibo Chemical Group'\\)"):
        load(organisation("zcg", "Zibo Chemical Group Co., Ltd."))
    with pytest.raises(CommandError, match="the slug 'zibo-chemical-group' was organisation"):
        load(organisation("zibo-chemical-group", "Something Else Entirely"))
    with pytest.raises(CommandError, match="names the same indicator as 'engineering-staff'"):
        load({"model": "statements.indicator", "fields": {"slug": "eng", "name": "Engineers"}})
    assert Organisation.objects.count() == 1


def test_a_reference_to_a_merged_slug_loads_onto_the_survivor(merged_away, load, world):
    group, qiao, staff = merged_away
    load(
        {
            "model": "statements.statement",
            "fields": {
                "slug": "qiao-quote",
                "source": ["article"],
                "speaker": ["qiao-lin"],
                "text": "We will build the park,",
            },
        }
    )
    quote = Statement.objects.get(slug="qiao-quote")
    assert (quote.speaker, quote.status) == (qiao, Status.REVIEW)
