"""Stable paging: each page starts after the last row of the one before (keyset paging).

A view gives its order as `ordering`, a list of keys whose last is unique and none null,
so the order is total. The cursor is the previous page's last row's keys, signed: a
client walking a table sees no row twice and misses none, however many rows are published
or withdrawn meanwhile (a row published behind the cursor is not seen). DRF's own
CursorPagination keys on the first field only and counts an offset through its ties, which
shifts when a tie is published.

Cursors are signed with the site's secret key, so the keys that reach the database are
ones the API itself wrote; a cursor from another endpoint, or altered, answers 404.
"""

import datetime
from functools import reduce
from operator import or_

from django.core import signing
from django.db.models import Q
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param


class KeysetPagination(BasePagination):
    page_size = 50
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        """The page's queryset, with one row more to tell whether there is a next page;
        `cut` takes the page from what the view makes of its rows."""
        self.request, self.keys = request, view.ordering
        self.salt = f"api.cursor.{queryset.model._meta.label}"
        queryset = queryset.order_by(*self.keys)
        cursor = request.query_params.get(self.cursor_query_param)
        if cursor is not None:
            queryset = queryset.filter(self.after(self.decode(cursor)))
        return queryset[: self.page_size + 1]

    def cut(self, rows, keys, more):
        """The page of `rows`, and if there are `more`, where the next starts: after the
        last row shown, whose keys are in `keys` (a row withdrawn meanwhile is not)."""
        rows = rows[: self.page_size]
        self.next = self.encode(keys[len(rows) - 1]) if more and rows else None
        return rows

    def after(self, values):
        """Rows after `values` in the order of the keys: (a > x) or (a = x and b > y) ..."""
        conditions, equal = [], Q()
        for key, value in zip(self.keys, values, strict=True):
            name = key.removeprefix("-")
            conditions.append(equal & Q(**{f"{name}__{'lt' if key[0] == '-' else 'gt'}": value}))
            equal &= Q(**{name: value})
        return reduce(or_, conditions)

    def encode(self, values):
        values = [v.isoformat() if isinstance(v, datetime.date) else v for v in values]
        return signing.dumps(values, salt=self.salt)

    def decode(self, cursor):
        try:
            values = signing.loads(cursor, salt=self.salt)
        except signing.BadSignature:
            raise NotFound("Invalid cursor.") from None
        if not isinstance(values, list) or len(values) != len(self.keys):
            raise NotFound("Invalid cursor.")
        return values

    def get_paginated_response(self, data):
        url = self.request.build_absolute_uri()
        following = (
            replace_query_param(url, self.cursor_query_param, self.next) if self.next else None
        )
        return Response({"next": following, "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page, or null on the last.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: from the previous page's `next`.",
                "schema": {"type": "string"},
            }
        ]
