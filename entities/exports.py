"""CSV and JSON exports of a public list: every filtered record, streamed.

Columns are declared on each list view and documented in README.md. A column is
(header, lookup), or (header, (lookups...), function) for a value computed from
several. Rows are read with `values()` through a server-side cursor rather than
as model instances, which cost most of an export's time (docs/performance.md). A
CSV cell that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
carriage return) is written with a leading apostrophe.
"""

import csv
import itertools
import json

from django.http import StreamingHttpResponse

from .models import slug_url

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000


def neutralised(row):
    """The row with text a spreadsheet would run as a formula made inert. Numbers and
    dates are never formulas: a negative figure stays a number. Inline, not a call per
    cell, which slowed the export (docs/performance.md)."""
    return [
        "'" + value if type(value) is str and value.startswith(FORMULA_STARTS) else value
        for value in row
    ]


class Echo:
    """A file-like object whose write() returns what it was given, for csv.writer."""

    def write(self, value):
        return value


def readers(columns):
    """The lookups to read, and a function turning a row of them into the columns' values."""
    lookups, getters = [], []
    for _header, lookup, *show in columns:
        names = lookup if isinstance(lookup, tuple) else (lookup,)
        lookups.extend(name for name in names if name not in lookups)
        getters.append(([lookups.index(name) for name in names], show[0] if show else None))

    def values(row):
        return [show(*[row[i] for i in at]) if show else row[at[0]] for at, show in getters]

    return lookups, values


def rows_of(queryset, columns):
    lookups, values = readers(columns)
    for row in queryset.values_list(*lookups).iterator(chunk_size=CHUNK):
        yield values(row)


def in_chunks(lines):
    """Lines joined CHUNK at a time: a response chunk per row costs the server a write
    (and the replica router a step) per row."""
    chunk = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == CHUNK:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def csv_rows(queryset, columns):
    writer = csv.writer(Echo())
    yield writer.writerow([column[0] for column in columns])
    yield from in_chunks(writer.writerow(neutralised(row)) for row in rows_of(queryset, columns))


def json_rows(queryset, columns):
    headers = [column[0] for column in columns]
    dumps = json.JSONEncoder(ensure_ascii=False, default=str).encode
    yield "["
    yield from in_chunks(
        ("\n" if number == 0 else ",\n") + dumps(dict(zip(headers, row, strict=True)))
        for number, row in enumerate(rows_of(queryset, columns))
    )
    yield "\n]\n"


def url_of(name):
    """A function from a slug to the URL of the named detail page ("" for no slug).

    The URL's parts are worked out at first use (views declare their columns while
    the URLconf is still loading), then reused: per row, even slug_url() is
    noticeable in an export (docs/performance.md).
    """
    parts = []

    def url(slug):
        if not slug:
            return ""
        if not parts:
            parts.extend(slug_url(name, "SLUG").split("SLUG"))
        return f"{parts[0]}{slug}{parts[1]}"

    return url


def joined(values):
    return "; ".join(values or [])


def export(queryset, columns, fmt, name):
    if fmt == "csv":
        rows, content_type = csv_rows(queryset, columns), "text/csv; charset=utf-8"
    else:
        rows, content_type = json_rows(queryset, columns), "application/json"
    # The first rows are read before the response starts, so a lost database answers
    # 503 (shandong.views.server_error) instead of a 200 cut short (tests/ops/test_outage.py).
    rows = iter(rows)
    rows = itertools.chain([next(rows), next(rows)], rows)
    response = StreamingHttpResponse(rows, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="shandong-records-{name}.{fmt}"'
    return response
