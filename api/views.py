"""The read-only JSON API: a list and a detail for each kind of published record.

Lists take the public lists' filters (their django-filter filtersets, without the sort
`o`: the API's order is fixed so its cursors are stable). Every answer carries an ETag,
a hash of its body, and a matching If-None-Match answers 304.
"""

from datetime import date

from django.db.models import IntegerField, Value
from django.db.models.functions import Coalesce, Lower
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import http_date
from rest_framework.response import Response
from rest_framework.viewsets import ReadOnlyModelViewSet

from entities import filters as entity_filters
from entities.models import (
    Organisation,
    Person,
    Place,
    Position,
    Project,
    Source,
    Status,
    Topic,
    moved,
    slug_url,
)
from statements import filters as statement_filters
from statements.models import Indicator, Metric, Statement

from . import rows, serializers
from .filters import FilterBackend, PositionFilter, without_ordering
from .pagination import KeysetPagination


class RecordViewSet(ReadOnlyModelViewSet):
    lookup_field = "slug"
    # Django's `<slug:>`, as the public pages' URLs: anything else (a NUL, which PostgreSQL
    # refuses in a query) is 404 before a query is made.
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    pagination_class = KeysetPagination
    filter_backends = [FilterBackend]
    #: The order of the list: the public list's, with a unique key last (see pagination.py).
    ordering = ["name", "slug"]
    #: When the records in the answer last changed, for Last-Modified.
    modified = None

    def filter_queryset(self, queryset):
        # A record's URL answers whatever the query string says, as its page does.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def write(self, queryset, *extra, order=None):
        """The answers for `queryset`'s rows (rows.py), and their `extra` values."""
        here = self.request.build_absolute_uri("/").removesuffix("/")
        return rows.shape(self.get_serializer_class()).write(queryset, here, *extra, order=order)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        size, order = self.paginator.page_size, None
        if rows.shape(self.get_serializer_class()).ids_first:
            # The page's ids (one table), then their rows with their links by id:
            # PostgreSQL plans a join of many links ordered and limited as a whole,
            # even as a subquery, several times slower than it runs it
            # (docs/performance.md, "The API at a million").
            order = list(page.values_list("pk", flat=True))
            page = self.get_queryset().filter(pk__in=order[:size])
        keys = [key.removeprefix("-") for key in self.ordering]
        answers, extra = self.write(page, "updated_at", *keys, order=order)
        more = len(order if order is not None else answers) > size
        answers = self.paginator.cut(answers, [values[1:] for values in extra], more)
        self.modified = max((values[0] for values in extra[: len(answers)]), default=None)
        return self.get_paginated_response(answers)

    def retrieve(self, request, *args, **kwargs):
        key = kwargs[self.lookup_field]
        answers, extra = self.write(
            self.get_queryset().filter(**{self.lookup_field: key}), "updated_at"
        )
        if answers:
            self.modified = extra[0][0]
            return Response(answers[0])
        # A slug the record had before, or a record merged into it had: 301, as its page.
        record = moved(self.queryset.model, key) if self.lookup_field == "slug" else None
        if record is None:
            raise Http404
        url = slug_url(serializers.api_view_name(type(record)), record.slug)
        return HttpResponsePermanentRedirect(url)

    def finalize_response(self, request, response, *args, **kwargs):
        """ETag from the body: it changes with anything shown, a link's record included.
        Last-Modified is the latest `updated_at` of the records listed, which a changed
        link does not move, so If-Modified-Since alone never answers 304."""
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        set_response_etag(response)
        if self.modified is not None:
            response["Last-Modified"] = http_date(self.modified.timestamp())
        response["Cache-Control"] = "no-cache"  # may be stored, but asked again each time
        return get_conditional_response(request, etag=response["ETag"], response=response)


class PlaceViewSet(RecordViewSet):
    queryset = Place.objects.published()
    serializer_class = serializers.PlaceSerializer
    filterset_class = without_ordering(entity_filters.PlaceFilter)


class TopicViewSet(RecordViewSet):
    queryset = Topic.objects.published()
    serializer_class = serializers.TopicSerializer
    filterset_class = without_ordering(entity_filters.TopicFilter)


class OrganisationViewSet(RecordViewSet):
    queryset = Organisation.objects.published()
    serializer_class = serializers.OrganisationSerializer
    filterset_class = without_ordering(entity_filters.OrganisationFilter)


class PersonViewSet(RecordViewSet):
    # Family name, then given name, in any case (the index person_sort), as on the site.
    queryset = Person.objects.published().annotate(
        sort_family=Lower("family_name"), sort_given=Lower("given_name")
    )
    ordering = ["sort_family", "sort_given", "slug"]
    serializer_class = serializers.PersonSerializer
    filterset_class = without_ordering(entity_filters.PersonFilter)


class SourceViewSet(RecordViewSet):
    queryset = Source.objects.published()
    ordering = ["-published_on", "title", "slug"]
    serializer_class = serializers.SourceSerializer
    filterset_class = without_ordering(entity_filters.SourceFilter)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.SourceDetailSerializer
        return super().get_serializer_class()


class PositionViewSet(RecordViewSet):
    """Positions have no slug, nor a page of their own: they are shown on their person's
    page, so only the positions of published people are listed."""

    queryset = Position.objects.published().filter(person__status=Status.PUBLISHED)
    lookup_field = "pk"
    lookup_value_regex = "[0-9]+"
    ordering = ["person_id", "title", "id"]
    serializer_class = serializers.PositionSerializer
    filterset_class = PositionFilter


class ProjectViewSet(RecordViewSet):
    queryset = Project.objects.published()
    serializer_class = serializers.ProjectSerializer
    filterset_class = without_ordering(entity_filters.ProjectFilter)


class IndicatorViewSet(RecordViewSet):
    queryset = Indicator.objects.published()
    serializer_class = serializers.IndicatorSerializer
    filterset_class = without_ordering(statement_filters.IndicatorFilter)


class MetricViewSet(RecordViewSet):
    # An indicator's values, latest first, as on the site; a figure with no start last.
    queryset = Metric.objects.published().annotate(
        sort_start=Coalesce("period_start", Value(date.min))
    )
    ordering = ["indicator_id", "-sort_start", "id"]
    serializer_class = serializers.MetricSerializer
    filterset_class = without_ordering(statement_filters.MetricFilter)


class StatementViewSet(RecordViewSet):
    # In the order their source gives them, as on the site; one with no offset first.
    queryset = Statement.objects.published().annotate(
        # An IntegerField: as a PositiveIntegerField, Django would read `> -1` as always true.
        sort_offset=Coalesce("offset", Value(-1), output_field=IntegerField())
    )
    ordering = ["source_id", "sort_offset", "id"]
    serializer_class = serializers.StatementSerializer
    filterset_class = without_ordering(statement_filters.StatementFilter)
