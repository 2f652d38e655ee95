"""The rules the database itself enforces, and the behaviour every model shares."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from entities.models import Person, Place, Position, Source, Status
from statements.models import Indicator, Metric, Statement
from tests.factories import (
    make_indicator,
    make_metric,
    make_organisation,
    make_person,
    make_place,
    make_position,
    make_source,
    make_statement,
)


def refused(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


def test_a_metric_with_two_subjects_is_refused(world):
    metric = world["metric"]
    metric.organisation = world["organisation"]
    refused(metric.save)
    with pytest.raises(ValidationError, match="exactly one subject"):
        metric.full_clean()


def test_a_metric_with_no_subject_is_refused(world):
    refused(lambda: Metric.objects.filter(pk=world["metric"].pk).update(place=None))


def test_a_metric_may_have_a_project_as_its_subject(world):
    metric = make_metric(
        world["indicator"], world["source"], project=world["project"], slug="park-size"
    )
    assert metric.subject == world["project"]


def test_a_duplicate_slug_is_refused(db):
    make_place(slug="yantai", name="Yantai")
    refused(lambda: make_place(slug="yantai", name="Yantai City"))


def test_a_position_cannot_end_before_it_starts(world):
    position = world["position"]
    position.start, position.start_precision = datetime.date(2024, 1, 1), "year"
    position.end, position.end_precision = datetime.date(2023, 1, 1), "year"
    refused(position.save)
    with pytest.raises(ValidationError, match="cannot be before its start"):
        position.full_clean()


def test_a_position_date_needs_its_precision(world):
    refused(
        lambda: Position.objects.filter(pk=world["position"].pk).update(
            start=datetime.date(2024, 1, 1), start_precision=""
        )
    )


def test_a_source_date_carries_a_known_precision(world):
    refused(
        lambda: Source.objects.filter(pk=world["source"].pk).update(published_on_precision="week")
    )


def test_a_year_only_date_must_be_the_first_of_january(world):
    source = world["source"]
    source.published_on = datetime.date(2024, 5, 24)
    with pytest.raises(ValidationError, match="1 January"):
        source.full_clean()
    source.published_on_precision = "day"
    source.full_clean()
    assert source.published_display == "24 May 2024"


def test_a_year_only_source_shows_only_its_year(world):
    assert world["source"].published_display == "2024"


def test_published_returns_published_rows_only(world):
    make_place(slug="draft-place", name="Drafted", status=Status.DRAFT)
    make_place(slug="review-place", name="Reviewed", status=Status.REVIEW)
    assert list(Place.objects.published().values_list("slug", flat=True)) == ["shandong"]
    assert Place.objects.count() == 3


@pytest.mark.parametrize("model", [Statement, Metric, Indicator, Person, Position])
def test_every_curated_model_filters_to_published(world, model):
    assert model.objects.published().count() == 1
    model.objects.update(status=Status.REVIEW)
    assert model.objects.published().count() == 0


def test_a_change_writes_a_history_row_and_moves_the_version_on(world):
    person = world["person"]
    assert person.version == 1
    person.description = "Director-General"
    person.save()
    person.refresh_from_db()
    assert person.version == 2
    assert [h.description for h in person.history.all()] == ["Director-General", ""]
    assert person.history.first().history_type == "~"


def test_history_is_kept_for_statements_too(world):
    statement = world["statement"]
    statement.status = Status.REVIEW
    statement.save()
    assert [h.status for h in statement.history.all()] == ["review", "published"]


@pytest.mark.parametrize(
    ("family", "given", "order", "shown"),
    [
        ("SUN", "Haisheng", "family_first", "SUN Haisheng"),
        ("Hou", "Yugang", "family_first", "Hou Yugang"),
        ("Smith", "Jane", "given_first", "Jane Smith"),
    ],
)
def test_a_name_is_shown_as_the_source_writes_it(db, family, given, order, shown):
    person = make_person(slug="p", family_name=family, given_name=given, name_order=order)
    assert str(person) == shown


def test_people_sort_by_family_name_whatever_its_case(db):
    make_person(slug="zhou", family_name="Zhou", given_name="Yunjie")
    make_person(slug="sun", family_name="SUN", given_name="Haisheng")
    make_person(slug="smith", family_name="Smith", given_name="Adam", name_order="given_first")
    make_person(slug="hou", family_name="Hou", given_name="Yugang")
    assert [str(p) for p in Person.objects.all()] == [
        "Hou Yugang",
        "Adam Smith",
        "SUN Haisheng",
        "Zhou Yunjie",
    ]


@pytest.mark.parametrize(
    ("unit", "value", "qualifier", "shown"),
    [
        ("rmb", "50000000000", "exceeded", "exceeded RMB 50 billion"),
        ("rmb", "290700000000", "exact", "RMB 290.7 billion"),
        ("percent", "25.1", "exact", "25.1%"),
        ("km2", "7.4", "exact", "7.4 km²"),
        ("count", "32000", "over", "over 32,000"),
        ("usd", "238600000000", "about", "about US$ 238.6 billion"),
        ("eur", "12000000", "exact", "€ 12 million"),
        ("teu", "20000000", "exact", "20,000,000 TEU"),
        ("m2", "1200", "exact", "1,200 m²"),
        ("km_h", "600", "exact", "600 km/h"),
        ("fraction", "0.1667", "about", "about 0.1667 of the whole"),
        ("years", "3", "exact", "3 years"),
        ("count", "200", "range_low", "from 200"),
        ("count", "400", "range_high", "to 400"),
    ],
)
def test_a_metric_value_reads_as_people_write_it(world, unit, value, qualifier, shown):
    indicator = make_indicator(slug=f"i-{unit}-{qualifier}", name=unit, unit=unit)
    metric = make_metric(
        indicator,
        world["source"],
        place=world["place"],
        value=Decimal(value),
        qualifier=qualifier,
        slug=f"m-{unit}-{qualifier}",
    )
    assert metric.display_value == shown


def test_statements_and_metrics_get_a_stable_slug(world):
    assert world["statement"].slug == "sun-haisheng-article"
    assert world["statement"].get_absolute_url() == "/statements/sun-haisheng-article/"
    again = Statement.objects.create(source=world["source"], speaker=world["person"], text="x")
    assert again.slug == "sun-haisheng-article-2"


def test_a_speaker_position_must_be_the_speakers(world):
    other = make_person(slug="hou-yugang", family_name="Hou", given_name="Yugang")
    statement = world["statement"]
    statement.speaker = other
    with pytest.raises(ValidationError, match="belongs to someone else"):
        statement.full_clean()


def test_a_place_cannot_be_its_own_ancestor(db):
    shandong = make_place()
    yantai = make_place(slug="yantai", name="Yantai", parent=shandong)
    shandong.parent = yantai
    with pytest.raises(ValidationError, match="inside itself"):
        shandong.full_clean()


def test_every_page_url_uses_the_slug(world):
    urls = {key: record.get_absolute_url() for key, record in world.items()}
    assert urls["person"] == "/people/sun-haisheng/"
    assert urls["place"] == "/places/shandong/"
    assert urls["source"] == "/sources/article/"
    assert urls["metric"].startswith("/metrics/high-tech-enterprises-")


def test_a_unit_or_qualifier_written_straight_into_the_database_reads_as_written():
    from statements.models import display_value

    assert display_value(Decimal("5"), "furlongs", "approx") == "approx 5 furlongs"


@pytest.mark.parametrize(
    "aliases",
    [{"a": 1}, [1, None], "text", "", {}, None, 7, ["Jinan", 2], [["Jinan"]], ["Ji\x00nan"]],
)
def test_aliases_that_are_not_a_list_of_text_are_refused_by_the_model(world, aliases):
    """The admin's form refused them; now the model does too, naming the field."""
    for record in (world["person"], world["organisation"], world["place"], world["project"]):
        record.aliases = aliases
        with pytest.raises(ValidationError) as refusal:
            record.full_clean()
        assert "list of text" in str(refusal.value.message_dict["aliases"]), record
        record.full_clean(exclude=["aliases"])  # nothing else is wrong


def test_aliases_that_are_a_list_of_text_pass(world):
    for aliases in ([], ["Jinan", "济南", "“Jinan”"]):
        person = world["person"]
        person.aliases = aliases
        person.full_clean()


def test_shown_statements_keep_their_order_without_repeats_in_three_queries(
    db, django_assert_num_queries
):
    """StatementQuerySet.shown: the first n of each queryset, in order, without repeats,
    each with its position's organisation and its source's publisher already read."""
    publisher = make_organisation(slug="daily", name="Example Daily")
    source = make_source(publisher=publisher)
    person = make_person()
    position = make_position(person, make_organisation(), source)
    first, second, third = (
        make_statement(source, person, speaker_position=position, slug=f"s{i}", offset=i)
        for i in range(3)
    )
    published = Statement.objects.published().order_by("offset")
    with django_assert_num_queries(4):  # two lists of ids, the rows, the organisations
        shown = published.filter(pk__in=[third.pk, first.pk]).shown(5, published)
    assert shown == [first, third, second]  # each list's order; `first` once
    with django_assert_num_queries(0):
        assert {s.speaker_position.organisation.slug for s in shown} == {"dst"}
        assert {s.source.publisher.slug for s in shown} == {"daily"}
    assert published.shown(2) == [first, second]
    Statement.objects.filter(pk=first.pk).update(status="draft")
    assert published.shown(5) == [second, third]
