"""The API's answers written from `values()` rows, as each serializer declares them.

A serializer of serializers.py says what a record shows; writing it through DRF's
fields, from model instances with prefetched relations, cost about 35 ms for a page of 50
statements at a million (docs/performance.md). A `Shape` reads a serializer's fields once
and writes the same answer from plain rows: the record's own columns and its links' slugs
and statuses in one query, and its lists of links without a model instance: those kept in
name order in one query together, any other in one query of its own. Where that union
saves queries (`ids_first`), the view reads the page's ids first. tests/api/test_api_rows.py
checks that both ways give the same answer for every seed record.
"""

import functools
from collections import defaultdict

from django.urls import get_script_prefix, reverse

from entities.models import Position, Status, slug_url, union_of

from . import serializers as s

PUBLISHED = Status.PUBLISHED


def api_url(model, key):
    if model is Position:
        return _position_api_url(key)
    return slug_url(s.api_view_name(model), key)


def _position_api_url(pk):
    before, after = _position_template(get_script_prefix())
    return f"{before}{pk}{after}"


@functools.cache
def _position_template(script_prefix):
    # As slug_url's: reverse() once, not once per link.
    return reverse("api:position-detail", args=[0]).rsplit("0", 1)


def public_url(model, key, person=None):
    """A record's public page; a position's is its person's page, at the position."""
    if model is Position:
        return f"{slug_url('entities:person-detail', person)}#position-{key}"
    return model.get_absolute_url(_Slugged(key))


class _Slugged:
    """Enough of a record for its model's get_absolute_url, which needs its slug only."""

    __slots__ = ("slug",)

    def __init__(self, slug):
        self.slug = slug


def link_columns(prefix, model):
    """The columns a link to `model` through `prefix` ("speaker__") needs."""
    if model is Position:
        return [
            f"{prefix}id",
            f"{prefix}status",
            f"{prefix}person__slug",
            f"{prefix}person__status",
        ]
    return [f"{prefix}slug", f"{prefix}status"]


def make_link(model, values, here):
    """A link from link_columns' values, or None for none or an unpublished record."""
    if model is Position:
        pk, status, person, person_status = values
        if pk is None or status != PUBLISHED or person_status != PUBLISHED:
            return None
        return {
            "slug": pk,
            "url": here + api_url(model, pk),
            "html_url": here + public_url(model, pk, person),
        }
    slug, status = values
    if slug is None or status != PUBLISHED:
        return None
    return {
        "slug": slug,
        "url": here + api_url(model, slug),
        "html_url": here + public_url(model, slug),
    }


@functools.cache
def shape(serializer):
    return Shape(serializer)


class Shape:
    """How to write `serializer`'s answer for rows of its model."""

    def __init__(self, serializer):
        self.model = model = serializer.Meta.model
        self.columns = ["pk"]  # the queryset's values(); each writer reads its own
        self.writers = []  # (name, function of (row, here))
        self.many = []  # (name, target model, lookup from the target to this model)
        for name, field in serializer().fields.items():
            if isinstance(field, s.Links):
                relation = model._meta.get_field(field.source)
                lookup = (
                    relation.field.name if relation.one_to_many else relation.related_query_name()
                )
                self.many.append((name, relation.related_model, lookup))
            elif isinstance(field, s.Link):
                target = model._meta.get_field(field.source).related_model
                self.writers.append((name, self._link(target, f"{field.source}__")))
            elif isinstance(field, s.SelfURL):
                self.writers.append((name, self._self_url(field.html)))
            elif name in getattr(serializer, "computed", {}):
                function, *arguments = serializer.computed[name]
                self.writers.append((name, self._computed(function, arguments)))
            else:
                self.writers.append((name, self._plain(field)))
        # Lists of links kept in name order are read in one query (_many); where that
        # saves queries, the page's ids are read first, alone (RecordViewSet.list).
        named = [target for _, target, _ in self.many if target._meta.ordering == ["name"]]
        self.ids_first = len(named) >= 2

    def _add(self, columns):
        indexes = []
        for column in columns:
            if column not in self.columns:
                self.columns.append(column)
            indexes.append(self.columns.index(column))
        return indexes

    def _link(self, target, prefix):
        indexes = self._add(link_columns(prefix, target))

        def write(row, here):
            return make_link(target, [row[i] for i in indexes], here)

        return write

    def _self_url(self, html):
        own = self._add(["pk", "person__slug"] if self.model is Position else ["slug"])
        model = self.model

        def write(row, here):
            key = row[own[0]]
            if html:
                return here + public_url(model, key, row[own[1]] if len(own) > 1 else None)
            return here + api_url(model, key)

        return write

    def _computed(self, function, arguments):
        indexes = self._add(arguments)
        return lambda row, here: function(*(row[i] for i in indexes))

    def _plain(self, field):
        (index,) = self._add([field.source])
        represent = field.to_representation

        def write(row, here):
            value = row[index]
            return None if value is None else represent(value)

        return write

    def write(self, queryset, here, *extra, order=None):
        """The answers for `queryset`'s rows, in its order or in that of the primary keys
        `order`, and the rows' `extra` values (for the cursor and Last-Modified)."""
        rows = list(queryset.values_list(*self.columns, *extra))
        if order is not None:
            place = {pk: n for n, pk in enumerate(order)}
            rows.sort(key=lambda row: place[row[0]])
        width = len(self.columns)
        links = self._many([row[0] for row in rows], here)
        answers = []
        for row in rows:
            answer = {name: write(row, here) for name, write in self.writers}
            for name, *_ in self.many:
                answer[name] = links[name].get(row[0], [])
            answers.append(answer)
        return answers, [row[width:] for row in rows]

    def _many(self, keys, here):
        """Each list of links for the rows `keys`, published records only: every list of
        records kept in name order in one query, any other list a query of its own."""
        links = {name: defaultdict(list) for name, *_ in self.many}
        if not keys:
            return links
        named, parts = [], []
        for name, target, lookup in self.many:
            related = target.objects.filter(**{f"{lookup}__in": keys, "status": PUBLISHED})
            if target._meta.ordering == ["name"]:
                named.append((name, target))
                parts.append((related, (lookup, "slug", "status", "name")))
                continue
            for key, *values in related.values_list(lookup, *link_columns("", target)):
                links[name][key].append(make_link(target, values, here))
        if parts:
            for relation, key, slug, status, _ in union_of(parts, "name"):
                name, target = named[relation]
                links[name][key].append(make_link(target, (slug, status), here))
        return links
