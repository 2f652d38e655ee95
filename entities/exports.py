"""CSV and JSON exports of a public list: every filtered record, streamed.

Columns are declared on each list view and documented in README.md. A column is
(header, lookup), or (header, (lookups...), function) for a value computed from
several. Rows are read with `values()` through a server-side cursor rather than
as model instances, which cost most of an export's time (docs/performance.md). A
CSV cell that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
carriage return) is written with a leading apostrophe.

The CSV starts with a UTF-8 byte-order mark, without which Excel reads the file as
the system's legacy encoding and garbles curly quotes and Chinese. Decimals
(`number`) are written in plain digits, never with an exponent (`32000`, not
`3.2E+4`), as text in CSV and as JSON numbers, exactly. Links (`url_of`, or a
function marked with `is_url`) are made absolute with the origin of the request, worked
out once per response.

On PostgreSQL a CSV whose columns all have an SQL form is written by PostgreSQL itself,
`COPY (SELECT ...) TO STDOUT WITH CSV`, with the same bytes (`copy_sql`): a plain
column of text, whole numbers or dates, or a function with an `sql` attribute giving
its expression. The rest, JSON, and every export on SQLite are written in Python.
"""

import csv
import itertools
import json
import secrets
import tempfile
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Concat, NullIf, Ord
from django.db.models.lookups import GreaterThan, In
from django.http import StreamingHttpResponse

from .models import slug_url

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_CODES = [ord(start) for start in FORMULA_STARTS]  # in SQL, a number to compare
CHUNK = 2000
#: The most rows an export on PostgreSQL writes in Python, not by COPY: building COPY's
#: query takes about 12 ms, and Python writes a row in about 30 µs to COPY's 5, so the
#: two meet near 480 rows; 400 is below that.
SMALL = 400
COPY_CHUNK = 2**18  # bytes: a response chunk of about 1,000 statements
PARALLEL_WORKERS = 2  # for COPY: PostgreSQL's default
BOM = "\ufeff"


class Number(Decimal):
    """A decimal whose text is plain digits: `32000`, `1.5`, `-0.25`; never `3.2E+4`,
    `1.5000` or `-0`. csv.writer writes a cell's str(); it is not text, so a negative
    figure is not taken for a formula."""

    __slots__ = ()

    def __str__(self):
        text = format(self, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text == "-0" else text


def number(value):
    """A column function for a decimal: written plain in CSV, as a number in JSON."""
    return None if value is None else Number(value)


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


def absolute(url, origin):
    """`url` (a function giving a path, or "") giving the URL at `origin` instead."""

    def absolute_url(*values):
        path = url(*values)
        return origin + path if path else path

    return absolute_url


def readers(columns, origin=""):
    """The lookups to read, and a function turning a row of them into the columns' values.
    Links are made absolute with `origin` ("http://example.org", no slash at the end)."""
    lookups, getters = [], []
    for _header, lookup, *show in columns:
        names = lookup if isinstance(lookup, tuple) else (lookup,)
        lookups.extend(name for name in names if name not in lookups)
        show = show[0] if show else None
        if origin and getattr(show, "is_url", False):
            show = absolute(show, origin)
        getters.append(([lookups.index(name) for name in names], show))

    def values(row):
        return [show(*[row[i] for i in at]) if show else row[at[0]] for at, show in getters]

    return lookups, values


def rows_of(queryset, columns, origin=""):
    lookups, values = readers(columns, origin)
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


def csv_rows(queryset, columns, origin=""):
    writer = csv.writer(Echo())
    yield BOM + writer.writerow([column[0] for column in columns])
    # Up to SMALL rows (a source's statements) are written in Python: building COPY's
    # query costs more than writing them (docs/performance.md, "Export"). Whether there
    # are more is asked of the rows' ids, unordered, which stops at SMALL + 1.
    copy = (
        copy_sql(queryset, columns, origin)
        if copyable(queryset, columns)
        and queryset.order_by().values_list("pk")[SMALL : SMALL + 1].exists()
        else None
    )
    if copy:
        yield from copied(queryset.db, *copy)
        return
    yield from in_chunks(
        writer.writerow(neutralised(row)) for row in rows_of(queryset, columns, origin)
    )


def copyable(queryset, columns):
    """Whether COPY could write the export: on PostgreSQL, every computed column with an
    SQL form (copy_sql decides the rest)."""
    return connections[queryset.db].vendor == "postgresql" and all(
        getattr(show[0], "sql", None) for _header, _lookup, *show in columns if show
    )


#: Plain columns PostgreSQL writes as Python does: text, whole numbers, dates (in the
#: ISO DateStyle, which psycopg2 needs to read dates at all); not times, decimals,
#: booleans or JSON, which it writes otherwise.
COPY_TEXT = {"CharField", "SlugField", "TextField"}
COPY_AS_IS = {
    *("DateField", "AutoField", "BigAutoField", "SmallAutoField", "IntegerField"),
    *("BigIntegerField", "SmallIntegerField", "PositiveIntegerField"),
    *("PositiveBigIntegerField", "PositiveSmallIntegerField"),
}


def copy_sql(queryset, columns, origin=""):
    """(SQL, parameters) of the SELECT whose rows COPY writes as `csv_rows` would, or
    None where it cannot: not PostgreSQL, a column without an SQL form, a DISTINCT
    query (which selects its ordering too) or one that selects nothing.

    Why: a server-side cursor, as `iterator()` declares it outside a transaction, is
    WITH HOLD, so PostgreSQL builds the whole result before the first row, and a cursor
    never has a parallel plan; then each row costs Python a tuple, its columns and
    csv.writer. COPY runs the query as the page's would be, and writes CSV in C, at
    four times the rate (docs/performance.md, "Export")."""
    connection = connections[queryset.db]
    query = queryset.query
    if connection.vendor != "postgresql" or query.distinct or query.is_empty():
        return None
    expressions = []
    probe = query.clone()  # resolving a column's type may add its joins: not to `query`
    for _header, lookup, *show in columns:
        if show:
            sql = getattr(show[0], "sql", None)
            if sql is None:
                return None
            expression = sql(*map(F, lookup))
            if origin and getattr(show[0], "is_url", False):
                # As absolute(): the origin before a path, nothing for no path.
                expression = Case(
                    When(
                        GreaterThan(expression, Value("")), then=Concat(Value(origin), expression)
                    ),
                    output_field=TextField(),
                )
            expressions.append(inert(expression))
            continue
        kind = probe.resolve_ref(lookup).output_field.get_internal_type()
        if kind in COPY_TEXT:
            expressions.append(inert(F(lookup)))
        elif kind in COPY_AS_IS:
            expressions.append(F(lookup))
        else:
            return None
    rows = queryset.values_list(*expressions)
    try:
        return rows.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:  # a filter that can match nothing (`pk__in=[]`)
        return None


def inert(text):
    """The SQL of `text` as csv_rows writes it: a formula made inert (`neutralised`),
    and "" as NULL, which COPY writes as an empty cell (it quotes an empty text)."""
    return Case(
        When(In(Ord(text), FORMULA_CODES), then=Concat(Value("'"), text)),
        default=NullIf(text, Value("")),
        output_field=TextField(),
    )


class Spool:
    """Where COPY writes: a row at a time, each ending in a line feed, turned into the
    carriage return and line feed of csv.writer. (A line feed inside a quoted cell is
    kept, as csv.writer keeps it.)"""

    def __init__(self, file):
        self.file = file

    def write(self, row):
        self.file.write(row[:-1] + b"\r\n")


def copied(using, sql, params):
    """The rows of COPY, spooled to a temporary file, then read from it.

    psycopg2 hands each row to a file as it comes rather than returning it, so the rows
    are kept on disk, not in memory, until the whole result is written; it is about as
    long as PostgreSQL took before the first row through a WITH HOLD cursor. No query
    or transaction is open while the response is sent, so a client that goes away
    leaves nothing to close but the file."""
    connection = connections[using]
    with tempfile.TemporaryFile() as spool:
        with (
            transaction.atomic(using=using),
            connection.cursor() as cursor,
            connection.wrap_database_errors,
        ):
            # A whole table, unlike a page, gains from parallel workers, which settings.py
            # turns off for pages: 222-233k rows/s with two, 130-151k without, at 1M.
            cursor.execute(f"SET LOCAL max_parallel_workers_per_gather = {PARALLEL_WORKERS}")
            copy = cursor.mogrify(sql, params).decode()
            cursor.copy_expert(f"COPY ({copy}) TO STDOUT WITH (FORMAT csv)", Spool(spool))
        spool.seek(0)
        while chunk := spool.read(COPY_CHUNK):
            yield chunk


def json_rows(queryset, columns, origin=""):
    """JSON has no decimal type, and json turns a float into its shortest text, which
    is not exact for a figure of 24 digits: a decimal is written as a string between
    two copies of a random mark, and the quotes and marks are taken off each line that
    has one, leaving the digits as a JSON number. The mark is new for each response, so
    no text in the database can contain it."""
    headers = [column[0] for column in columns]
    mark = secrets.token_hex(16)
    quoted_start, quoted_end = f'"{mark}', f'{mark}"'

    def default(value):
        if isinstance(value, Decimal):
            return f"{mark}{Number(value)}{mark}"
        return str(value)

    dumps = json.JSONEncoder(ensure_ascii=False, default=default).encode

    def line(row):
        text = dumps(dict(zip(headers, row, strict=True)))
        if mark in text:
            text = text.replace(quoted_start, "").replace(quoted_end, "")
        return text

    yield "["
    yield from in_chunks(
        ("\n" if count == 0 else ",\n") + line(row)
        for count, row in enumerate(rows_of(queryset, columns, origin))
    )
    yield "\n]\n"


def url_of(name):
    """A function from a slug to the URL of the named detail page ("" for no slug).

    The URL's parts are worked out at first use (views declare their columns while
    the URLconf is still loading), then reused: per row, even slug_url() is
    noticeable in an export (docs/performance.md).
    """
    parts = []

    def around():
        if not parts:
            parts.extend(slug_url(name, "SLUG").split("SLUG"))
        return parts

    def url(slug):
        if not slug:
            return ""
        before, after = parts or around()
        return f"{before}{slug}{after}"

    def sql(slug):
        """The URL as an SQL expression, NULL for no slug."""
        before, after = around()
        path = Concat(Value(before), slug, Value(after), output_field=TextField())
        return Case(When(GreaterThan(slug, Value("")), then=path), output_field=TextField())

    url.is_url = True
    url.sql = sql
    return url


def joined(values):
    """A list of names as text: "Jinan; 济南".

    The model and the admin take only a list of text, but a value written to the
    database otherwise (a script, SQL) can be anything JSON holds: it is written as its
    JSON text ('{"a": 1}', "1; null"), never an error that cuts the export short.
    """
    if type(values) is list:
        try:
            return "; ".join(values)
        except TypeError:
            return "; ".join(v if type(v) is str else as_json(v) for v in values)
    if not values:
        return ""
    return values if type(values) is str else as_json(values)


def as_json(value):
    return json.dumps(value, ensure_ascii=False, default=str)


class Started:
    """The chunks of the generator `rows`, the first `count` of them (or fewer) read
    now. Django calls close() when the response is closed, at its end or when the
    client goes away: the export's cursor or spooled rows are closed then, not when the
    generator is garbage."""

    def __init__(self, rows, count):
        self.rows = rows
        self.first = list(itertools.islice(rows, count))

    def __iter__(self):
        yield from self.first
        yield from self.rows

    def close(self):
        self.rows.close()


def export(queryset, columns, fmt, name, origin=""):
    """The streamed export of `queryset`. `origin` ("https://example.org") makes links
    absolute. Rows that tie in the list's order (a source's statements sorted by date)
    come in the order of their ids, so that an export is the same however PostgreSQL
    reads it (COPY with parallel workers, or a cursor)."""
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    queryset = queryset.order_by(*ordering, "pk")
    if fmt == "csv":
        rows, content_type = csv_rows(queryset, columns, origin), "text/csv; charset=utf-8"
    else:
        rows, content_type = json_rows(queryset, columns, origin), "application/json"
    # The first rows are read before the response starts, so a lost database answers
    # 503 (shandong.views.server_error) instead of a 200 cut short (tests/ops/test_outage.py).
    response = StreamingHttpResponse(Started(rows, 2), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="shandong-records-{name}.{fmt}"'
    return response
