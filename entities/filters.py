"""The filters of the public list pages (django-filter).

Records are chosen by slug, so a filtered URL reads as names:
`/organisations/?place=yantai&kind=company`. A place filter includes every place
below it. Bad values make the form invalid, and the page says why.
"""

import django_filters as filters
from django import forms

from .models import Organisation, Person, Place, Project, Source, Topic
from .search import search


class RecordFilterSet(filters.FilterSet):
    """What every public list has: a text search `q`."""

    q = filters.CharFilter(
        label="Search",
        method="search_text",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Words to find"}),
    )

    def search_text(self, queryset, name, value):
        return search(queryset, value)


def published(model):
    return model.objects.published()


def slug_choice(model, label, **kwargs):
    """A select of the published records of a small table, by slug."""
    return filters.ModelChoiceFilter(
        queryset=lambda request: published(model), to_field_name="slug", label=label, **kwargs
    )


def slug_text(label, path):
    """A text box taking a slug, for big tables where a select would be huge."""
    return filters.CharFilter(field_name=f"{path}__slug", label=label, max_length=200)


class PlaceWithin(filters.ModelChoiceFilter):
    """A place, and every place below it: Shandong includes Yantai and Laishan District."""

    def __init__(self, *args, path="place", **kwargs):
        self.path = path
        kwargs.setdefault("queryset", lambda request: published(Place))
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(**{f"{self.path}__in": Place.objects.within(value)}).distinct()


class PersonFilter(RecordFilterSet):
    organisation = slug_text("Organisation (slug)", "positions__organisation")
    o = filters.OrderingFilter(
        fields=(("family_name", "name"), ("updated_at", "updated")),
        label="Sort by",
    )

    class Meta:
        model = Person
        fields = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.distinct() if self.form.cleaned_data.get("organisation") else queryset


class OrganisationFilter(RecordFilterSet):
    kind = filters.ChoiceFilter(choices=Organisation.Kind.choices)
    place = PlaceWithin(label="Place (and below)")
    topic = slug_choice(Topic, "Topic", field_name="topics")
    parent = slug_text("Part of (slug)", "parent")
    o = filters.OrderingFilter(fields=(("name", "name"), ("kind", "kind")), label="Sort by")

    class Meta:
        model = Organisation
        fields = []


class ProjectFilter(RecordFilterSet):
    kind = filters.ChoiceFilter(choices=Project.Kind.choices)
    stage = filters.ChoiceFilter(choices=Project.Stage.choices)
    place = PlaceWithin(label="Place (and below)")
    topic = slug_choice(Topic, "Topic", field_name="topics")
    organisation = slug_text("Organisation (slug)", "organisations")
    o = filters.OrderingFilter(fields=(("name", "name"), ("stage", "stage")), label="Sort by")

    class Meta:
        model = Project
        fields = []


class PlaceFilter(RecordFilterSet):
    kind = filters.ChoiceFilter(choices=Place.Kind.choices)
    parent = PlaceWithin(label="Within", path="parent")
    o = filters.OrderingFilter(fields=(("name", "name"), ("kind", "kind")), label="Sort by")

    class Meta:
        model = Place
        fields = []


class TopicFilter(RecordFilterSet):
    kind = filters.ChoiceFilter(choices=Topic.Kind.choices)
    o = filters.OrderingFilter(fields=(("name", "name"), ("kind", "kind")), label="Sort by")

    class Meta:
        model = Topic
        fields = []


class SourceFilter(RecordFilterSet):
    kind = filters.ChoiceFilter(choices=Source.Kind.choices)
    publisher = slug_text("Publisher (slug)", "publisher")
    language = filters.CharFilter(max_length=10)
    published_after = filters.DateFilter(
        field_name="published_on", lookup_expr="gte", label="Published on or after"
    )
    published_before = filters.DateFilter(
        field_name="published_on", lookup_expr="lte", label="Published on or before"
    )
    o = filters.OrderingFilter(
        fields=(("published_on", "date"), ("title", "title")), label="Sort by"
    )

    class Meta:
        model = Source
        fields = []
