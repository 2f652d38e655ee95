"""CSV and JSON exports of a public list: every filtered record, streamed.

Columns are (header, function of a record) pairs, declared on each list view and
documented in README.md. A CSV cell that a spreadsheet would run as a formula
(starting with =, +, -, @, tab or carriage return) is written with a leading
apostrophe.
"""

import csv
import json

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000


def neutralise(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class Echo:
    """A file-like object whose write() returns what it was given, for csv.writer."""

    def write(self, value):
        return value


def csv_rows(queryset, columns):
    writer = csv.writer(Echo())
    yield writer.writerow([header for header, _ in columns])
    for record in queryset.iterator(chunk_size=CHUNK):
        yield writer.writerow([neutralise(value(record)) for _, value in columns])


def json_rows(queryset, columns):
    yield "["
    separator = "\n"
    for record in queryset.iterator(chunk_size=CHUNK):
        row = {header: value(record) for header, value in columns}
        yield separator + json.dumps(row, ensure_ascii=False, default=str)
        separator = ",\n"
    yield "\n]\n"


def export(queryset, columns, fmt, name):
    if fmt == "csv":
        rows, content_type = csv_rows(queryset, columns), "text/csv; charset=utf-8"
    else:
        rows, content_type = json_rows(queryset, columns), "application/json"
    response = StreamingHttpResponse(rows, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="shandong-records-{name}.{fmt}"'
    return response
