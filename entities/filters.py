"""The filters of the public list pages (django-filter).

Records are chosen by slug, so a filtered URL reads as names:
`/organisations/?place=yantai&kind=company`; a related record may be typed as its
name or words of it too, and the list uses one record (`resolve`). A place filter
includes every place below it. Bad values make the form invalid, and the page says why.
"""

import json
from dataclasses import dataclass, field
from functools import reduce
from operator import add, or_

import django_filters as filters
from django import forms
from django.db import connections
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Length, Lower
from django.urls import reverse
from django.utils.html import format_html

from .models import Organisation, Person, Place, Project, Source, Topic
from .quickforms import QUICK
from .search import search, words_of


class RecordFilterSet(filters.FilterSet):
    """What every public list has: a text search `q`."""

    q = filters.CharFilter(
        label="Search",
        method="search_text",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Words to find"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: What each related-record filter in use chose (RelatedText.choose).
        self.matches = {}

    def search_text(self, queryset, name, value):
        return search(queryset, value)

    def get_form_class(self):
        """The form, written by QUICK rather than a template per field and widget."""
        form = super().get_form_class()
        form.default_renderer = QUICK
        return form


def published(model):
    return model.objects.published()


class NamedChoices(filters.fields.ModelChoiceIterator):
    """A select's options as (slug, name) rows: a hundred topics as model instances
    cost a list page more than its statements' rows did."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self.queryset.values_list(self.field.to_field_name, "name")


class NamedChoiceField(filters.fields.ModelChoiceField):
    iterator = NamedChoices


class NamedChoiceFilter(filters.ModelChoiceFilter):
    field_class = NamedChoiceField


def slug_choice(model, label, **kwargs):
    """A select of the published records of a small table, by slug, shown by name."""
    return NamedChoiceFilter(
        queryset=lambda request: published(model),
        to_field_name="slug",
        label=label,
        **kwargs,
    )


def slug_or_name(path, value, names):
    """Records whose related `path` has the slug `value` (in any case), or every word of
    it in a name. The admin's filters keep every match; the public lists choose one
    (`resolve`)."""
    by_name = Q()
    for word in words_of(value):
        by_name &= reduce(or_, (Q(**{f"{path}__{n}__icontains": word}) for n in names))
    return Q(**{f"{path}__slug__iexact": value}) | by_name


#: How many other matches a list names besides the one it chose.
OTHERS = 10


@dataclass
class Match:
    """What a related-record filter made of the typed text: the record it chose, and
    the other records that matched too, so the page can say which one it used."""

    text: str
    noun: str
    record: object = None
    others: list = field(default_factory=list)
    more: bool = False
    #: (record, URL of the list filtered by it) for each other match; set by the view.
    links: list = field(default_factory=list)


def names_of(model):
    """The fields that hold a record's name: a person's two names, a source's title."""
    if model is Person:
        return ("family_name", "given_name")
    if model is Source:
        return ("title",)
    return ("name",)


def json_text(model, text):
    """`text` as it is written inside the JSON of aliases: SQLite escapes other
    alphabets (see NamedQuerySet.alias_is)."""
    vendor = connections[model.objects.db].vendor
    return json.dumps(text, ensure_ascii=vendor != "postgresql")[1:-1]


def exact_name(model, queryset, text):
    """The condition "`text` is the record's name or one of its aliases", in any case."""
    if model is Person:
        words = text.split()
        exact = Q(family_name__iexact=words[0], given_name__iexact=" ".join(words[1:])) | Q(
            family_name__iexact=words[-1], given_name__iexact=" ".join(words[:-1])
        )
    else:
        exact = reduce(or_, (Q(**{f"{n}__iexact": text}) for n in names_of(model)))
    if hasattr(queryset, "alias_is"):
        exact |= queryset.alias_is(text)
    return exact


def every_word(model, text):
    """The condition "each word of `text` is in a name or an alias", in any case."""
    names = names_of(model)
    aliases = any(f.name == "aliases" for f in model._meta.fields)
    condition = Q()
    for word in words_of(text):
        anywhere = reduce(or_, (Q(**{f"{n}__icontains": word}) for n in names))
        if aliases:
            anywhere |= Q(aliases__icontains=json_text(model, word))
        condition &= anywhere
    return condition


def matching(model, text):
    """The published records of `model` that `text` (stripped, with words) names, best
    first: the slug, then a name or alias, in any case; then every word in a name, the
    shortest name first. Only the fields that name a record are loaded."""
    queryset = model.objects.published()
    exact = exact_name(model, queryset, text)
    rank = Case(
        When(slug__iexact=text, then=Value(0)),
        When(exact, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    names = names_of(model)
    length = reduce(add, (Length(n) for n in names))
    return (
        queryset.filter(Q(slug__iexact=text) | exact | every_word(model, text))
        .annotate(rank=rank, name_length=length)
        .order_by("rank", "name_length", *names, "slug")
        .only(*shown_of(model))
    )


def shown_of(model):
    """The fields a filter's match shows."""
    return ("slug", *names_of(model), *(("name_order",) if model is Person else ()))


def resolve(model, text):
    """The published record of `model` that `text` names, and the others it matches.

    First a record whose slug or name (or alias) is `text`, in any case, the slug
    before the name; else a record whose names hold every word of `text`, in any
    order and case. Of several, the shortest name wins, then the first by name, so
    the choice is the same on every request.

    A slug exactly as the site writes it in its links names one record, and no
    others are looked for: one indexed query. Anything else is matched in one query
    too, however big the table (docs/performance.md).
    """
    text = text.strip()
    match = Match(text=text, noun=model._meta.verbose_name)
    if not words_of(text):
        return match
    match.record = model.objects.published().filter(slug=text).only(*shown_of(model)).first()
    if match.record is not None:
        return match
    found = list(matching(model, text)[: OTHERS + 2])
    if found:
        match.record, match.others = found[0], found[1 : OTHERS + 1]
        match.more = len(found) > OTHERS + 1
    return match


class SuggestInput(forms.TextInput):
    """A text box with an empty datalist, which shandong/static/shandong/suggest.js
    fills from the URL in `data-suggest` as the reader types. Without JavaScript it is
    a plain text box."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        options = f"{attrs.get('id') or 'id_' + name}-options"
        attrs.update(list=options, autocomplete="off")
        box = super().render(name, value, attrs, renderer)
        return format_html('{}<datalist id="{}"></datalist>', box, options)


def date_filter(field_name, lookup_expr, label):
    """A date filter that says the format it takes."""
    return filters.DateFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        label=label,
        help_text="As YYYY-MM-DD, e.g. 2024-03-31.",
        widget=forms.DateInput(
            format="%Y-%m-%d", attrs={"type": "date", "placeholder": "YYYY-MM-DD"}
        ),
    )


class RelatedText(filters.CharFilter):
    """A related record typed as its slug or the words of its name (`resolve`).

    A text box, not a select: the related table may hold a hundred thousand rows.
    The filter keeps what it chose in its filter set's `matches`, for the page to
    show; when nothing matches, nothing is listed.
    """

    def __init__(self, label, path, model=None, distinct=False, **kwargs):
        self.path, self.related = path, model
        kwargs.setdefault("widget", SuggestInput)
        super().__init__(label=label, max_length=200, distinct=distinct, **kwargs)

    @property
    def field(self):
        """The form field, its box pointing at the suggestions for the related kind."""
        if not hasattr(self, "_field"):
            from .suggest import kind_of

            field = super().field
            kind = kind_of(self.related_model())
            if kind and isinstance(field.widget, SuggestInput):
                field.widget.attrs["data-suggest"] = reverse("entities:suggest", args=[kind])
        return self._field

    def related_model(self):
        if self.related is None:
            model = self.model
            for part in self.path.split("__"):
                model = model._meta.get_field(part).related_model
            self.related = model
        return self.related

    def choose(self, value):
        """The record `value` names, noted for the page; None when none matches."""
        match = resolve(self.related_model(), value)
        self.parent.matches[self.field_name] = match
        return match.record

    def condition(self, record):
        return Q(**{self.path: record})

    def filter(self, queryset, value):
        if not value or not value.strip():
            return queryset
        record = self.choose(value)
        if record is None:
            return queryset.none()
        queryset = queryset.filter(self.condition(record))
        return queryset.distinct() if self.distinct else queryset


class PlaceWithin(RelatedText):
    """A place, and every place below it: Shandong includes Yantai and Laishan District.

    Typed as a slug or a name: a select of every place would render thousands of
    options on every page.
    """

    def __init__(self, label, path="place", distinct=False, **kwargs):
        super().__init__(label, path, model=Place, distinct=distinct, **kwargs)

    def condition(self, place):
        return Place.objects.where_within(place, self.path)


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
    published_after = date_filter("published_on", "gte", "Published on or after")
    published_before = date_filter("published_on", "lte", "Published on or before")
    o = filters.OrderingFilter(
        fields=(("published_on", "date"), ("title", "title")), label="Sort by"
    )

    class Meta:
        model = Source
        fields = []
