"""Small `make_*` builders for records; published unless told otherwise."""

import datetime
from decimal import Decimal

from entities.models import Organisation, Person, Place, Position, Project, Source, Status, Topic
from statements.models import Indicator, Metric, Statement

BODY = (
    "Hydrogen energy is the new driving force. “We will build the park,” said "
    "SUN Haisheng, Director-General of the Department of Science and Technology. "
    "The number of high-tech enterprises exceeded 32,000."
)


def make_place(slug="shandong", name="Shandong Province", **fields):
    fields.setdefault("kind", Place.Kind.PROVINCE)
    fields.setdefault("status", Status.PUBLISHED)
    return Place.objects.create(slug=slug, name=name, **fields)


def make_topic(slug="hydrogen-energy", name="Hydrogen energy", **fields):
    fields.setdefault("status", Status.PUBLISHED)
    return Topic.objects.create(slug=slug, name=name, **fields)


def make_organisation(slug="dst", name="Department of Science and Technology", **fields):
    fields.setdefault("status", Status.PUBLISHED)
    fields.setdefault("kind", Organisation.Kind.GOVERNMENT)
    return Organisation.objects.create(slug=slug, name=name, **fields)


def make_person(slug="sun-haisheng", family_name="SUN", given_name="Haisheng", **fields):
    fields.setdefault("status", Status.PUBLISHED)
    return Person.objects.create(
        slug=slug, family_name=family_name, given_name=given_name, **fields
    )


def make_source(slug="article", body=BODY, **fields):
    fields.setdefault("status", Status.PUBLISHED)
    fields.setdefault("title", "An article")
    fields.setdefault("published_on", datetime.date(2024, 1, 1))
    fields.setdefault("published_on_precision", "year")
    return Source.objects.create(slug=slug, body=body, **fields)


def make_position(person, organisation, source, **fields):
    fields.setdefault("status", Status.PUBLISHED)
    fields.setdefault("title", "Director-General")
    fields.setdefault(
        "evidence", "SUN Haisheng, Director-General of the Department of Science and Technology"
    )
    return Position.objects.create(
        person=person, organisation=organisation, source=source, **fields
    )


def make_project(slug="park", name="The park", **fields):
    fields.setdefault("status", Status.PUBLISHED)
    return Project.objects.create(slug=slug, name=name, **fields)


def make_indicator(slug="high-tech-enterprises", name="High-tech enterprises", **fields):
    fields.setdefault("status", Status.PUBLISHED)
    return Indicator.objects.create(slug=slug, name=name, **fields)


def make_metric(indicator, source, **fields):
    fields.setdefault("status", Status.PUBLISHED)
    fields.setdefault("value", Decimal("32000"))
    fields.setdefault("qualifier", Metric.Qualifier.EXCEEDED)
    fields.setdefault("evidence", "high-tech enterprises exceeded 32,000")
    return Metric.objects.create(indicator=indicator, source=source, **fields)


def make_statement(source, speaker=None, **fields):
    fields.setdefault("status", Status.PUBLISHED)
    fields.setdefault("text", "We will build the park,")
    return Statement.objects.create(source=source, speaker=speaker, **fields)
