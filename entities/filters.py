"""The filters of the public list pages (django-filter).

Records are chosen by slug, so a filtered URL reads as names:
`/organisations/?place=yantai&kind=company`. A place filter includes every place
below it. Bad values make the form invalid, and the page says why.
"""

from functools import reduce
from operator import or_

import django_filters as filters
from django import forms
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from .models import Organisation, Person, Place, Project, Source, Topic
from .search import search, words_of


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


class QuickSelect(forms.Select):
    """A select whose options are written in Python, not through a template each.

    A template per option is a large share of a list page with a hundred topics
    (docs/performance.md).
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


def slug_choice(model, label, **kwargs):
    """A select of the published records of a small table, by slug."""
    return filters.ModelChoiceFilter(
        queryset=lambda request: published(model),
        to_field_name="slug",
        label=label,
        widget=QuickSelect,
        **kwargs,
    )


def slug_or_name(path, value, names):
    """Records whose related `path` has the slug `value`, or every word of it in a name."""
    by_name = Q()
    for word in words_of(value):
        by_name &= reduce(or_, (Q(**{f"{path}__{n}__icontains": word}) for n in names))
    return Q(**{f"{path}__slug": value}) | by_name


class RelatedText(filters.CharFilter):
    """A related record typed as its slug or the words of its name.

    A text box, not a select: the related table may hold a hundred thousand rows.
    """

    def __init__(self, label, path, names=("name",), distinct=False):
        self.path, self.names = path, names
        super().__init__(label=label, max_length=200, distinct=distinct)

    def filter(self, queryset, value):
        value = value.strip()
        if not value:
            return queryset
        queryset = queryset.filter(slug_or_name(self.path, value, self.names))
        return queryset.distinct() if self.distinct else queryset


class PlaceWithin(filters.CharFilter):
    """A place, and every place below it: Shandong includes Yantai and Laishan District.

    Typed as a slug or a name: a select of every place would render thousands of
    options on every page.
    """

    def __init__(self, label, path="place", distinct=False, **kwargs):
        self.path = path
        super().__init__(label=label, max_length=200, distinct=distinct, **kwargs)

    @staticmethod
    def resolve(value):
        """The published place a value names: its slug, its name, or part of its name."""
        places = Place.objects.published()
        value = value.strip()
        return (
            places.filter(slug=value).first()
            or places.filter(name__iexact=value).first()
            or places.filter(name__icontains=value).first()
        )

    def filter(self, queryset, value):
        if not value or not value.strip():
            return queryset
        place = self.resolve(value)
        if place is None:
            return queryset.none()
        queryset = queryset.filter(Place.objects.where_within(place, self.path))
        return queryset.distinct() if self.distinct else queryset


class NameOrdering(filters.OrderingFilter):
    """Sorting people by name is by family name, then given name, in any case ("SUN
    Haisheng" beside "Sun Wei"), as their default order is (the index person_sort)."""

    def filter(self, qs, value):
        if value and value[0].lstrip("-") == "name":
            descending = value[0].startswith("-")
            keys = [Lower("family_name"), Lower("given_name"), F("slug")]
            return qs.order_by(*(k.desc() if descending else k.asc() for k in keys))
        return super().filter(qs, value)


class PersonFilter(RecordFilterSet):
    organisation = RelatedText("Organisation", "positions__organisation", distinct=True)
    o = NameOrdering(fields=(("family_name", "name"), ("updated_at", "updated")), label="Sort by")

    class Meta:
        model = Person
        fields = []


class OrganisationFilter(RecordFilterSet):
    kind = filters.ChoiceFilter(choices=Organisation.Kind.choices)
    place = PlaceWithin("Place (and below)")
    topic = slug_choice(Topic, "Topic", field_name="topics")
    parent = RelatedText("Part of", "parent")
    o = filters.OrderingFilter(fields=(("name", "name"), ("kind", "kind")), label="Sort by")

    class Meta:
        model = Organisation
        fields = []


class ProjectFilter(RecordFilterSet):
    kind = filters.ChoiceFilter(choices=Project.Kind.choices)
    stage = filters.ChoiceFilter(choices=Project.Stage.choices)
    place = PlaceWithin("Place (and below)")
    topic = slug_choice(Topic, "Topic", field_name="topics")
    organisation = RelatedText("Organisation involved", "organisations", distinct=True)
    o = filters.OrderingFilter(fields=(("name", "name"), ("stage", "stage")), label="Sort by")

    class Meta:
        model = Project
        fields = []


class PlaceFilter(RecordFilterSet):
    kind = filters.ChoiceFilter(choices=Place.Kind.choices)
    parent = PlaceWithin("Within", path="parent")
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
    publisher = RelatedText("Publisher", "publisher")
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
