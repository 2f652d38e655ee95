"""The API's filters: the public lists' filtersets, less their sort, and the positions'."""

import copy

import django_filters as filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from entities.models import Position


def without_ordering(filterset):
    """The public list's filterset less its sort `o`: the API's order is fixed, so that its
    cursors are stable."""
    api = type(filterset.__name__, (filterset,), {})
    # Copies: the schema's generator sets attributes on them (a label), which the public
    # list's own filters must not get.
    api.base_filters = {
        name: copy.deepcopy(f) for name, f in filterset.base_filters.items() if name != "o"
    }
    return api


class FilterBackend(DjangoFilterBackend):
    """A bad value answers 400 naming the parameter (never the unfiltered list), and so
    does a sort."""

    def filter_queryset(self, request, queryset, view):
        if "o" in request.query_params:
            raise ValidationError({"o": ["The API lists in one fixed order; leave out `o`."]})
        return super().filter_queryset(request, queryset, view)


class PositionFilter(filters.FilterSet):
    """Positions have no public list; they are chosen by their person's or organisation's
    slug."""

    person = filters.CharFilter(field_name="person__slug", max_length=200)
    organisation = filters.CharFilter(field_name="organisation__slug", max_length=200)

    class Meta:
        model = Position
        fields = []
