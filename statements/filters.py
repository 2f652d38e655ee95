"""The filters of the statement, metric and indicator lists (django-filter)."""

import django_filters as filters
from django.db.models import Q
from django.db.models.functions import Coalesce

from entities.filters import (
    PlaceWithin,
    RecordFilterSet,
    RelatedText,
    date_filter,
    slug_choice,
)
from entities.models import Organisation, Place, Topic

from .models import Indicator, Metric, Statement


class StatementFilter(RecordFilterSet):
    speaker = RelatedText("Speaker", "speaker")
    organisation = RelatedText(
        "Organisation (speaking for it, reporting or mentioned)",
        "organisations",
        model=Organisation,
        method="by_organisation",
    )
    place = PlaceWithin("Place mentioned (and below)", path="places", distinct=True)
    topic = slug_choice(Topic, "Topic", field_name="topics")
    source = RelatedText("Source", "source")
    kind = filters.ChoiceFilter(choices=Statement.Kind.choices)
    date_from = date_filter("source__published_on", "gte", "Published on or after")
    date_to = date_filter("source__published_on", "lte", "Published on or before")
    o = filters.OrderingFilter(
        fields=(("source__published_on", "date"), ("speaker__family_name", "speaker")),
        label="Sort by",
    )

    class Meta:
        model = Statement
        fields = []

    def by_organisation(self, queryset, name, value):
        """Said by someone speaking for it, reported by it, or mentioning it."""
        organisation = self.filters[name].choose(value)
        if organisation is None:
            return queryset.none()
        mentions = Statement.organisations.through.objects.filter(organisation=organisation)
        return queryset.filter(
            Q(speaker_position__organisation=organisation)
            | Q(reported_by=organisation)
            | Q(pk__in=mentions.values("statement"))
        )


class MetricFilter(RecordFilterSet):
    indicator = RelatedText("Indicator", "indicator")
    place = PlaceWithin("Place (and below)", method="by_place")
    organisation = RelatedText("Organisation", "organisation")
    project = RelatedText("Project", "project")
    year = filters.NumberFilter(
        label="Period includes year", method="by_year", min_value=1900, max_value=2100
    )
    topic = slug_choice(Topic, "Topic", field_name="topics")
    o = filters.OrderingFilter(
        fields=(("period_end", "period"), ("value", "value"), ("indicator__name", "indicator")),
        label="Sort by",
    )

    class Meta:
        model = Metric
        fields = []

    def by_place(self, queryset, name, value):
        """About the place or a place below it, or about something located there."""
        place = self.filters[name].choose(value)
        if place is None:
            return queryset.none()
        return queryset.filter(
            Place.objects.where_within(place, "place", "organisation__place", "project__place")
        )

    def by_year(self, queryset, name, value):
        """A period with one end known is the day it names ("as of end of March 2024")."""
        year = int(value)
        return queryset.annotate(
            starts=Coalesce("period_start", "period_end"),
            ends=Coalesce("period_end", "period_start"),
        ).filter(starts__year__lte=year, ends__year__gte=year)


class IndicatorFilter(RecordFilterSet):
    unit = filters.ChoiceFilter(choices=Indicator.Unit.choices)
    topic = slug_choice(Topic, "Topic", field_name="topics")
    o = filters.OrderingFilter(fields=(("name", "name"),), label="Sort by")

    class Meta:
        model = Indicator
        fields = []
