"""A CSV export that PostgreSQL writes (COPY, entities.exports.copy_sql) is byte for
byte the one Python writes, for the seed data (hostile text: test_export_copy_hostile);
a client that goes away mid-export leaves nothing open."""

import tempfile
from unittest import mock

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from entities import exports
from entities.models import Person
from statements.models import Statement
from statements.views import MetricList, StatementList

LISTS = [
    *("/statements/", "/metrics/", "/indicators/", "/people/", "/organisations/"),
    *("/projects/", "/places/", "/topics/", "/sources/"),
]
POSTGRESQL = connection.vendor == "postgresql"


def raw(client, url):
    """The export's bytes, written by COPY on PostgreSQL if it has a row at all: the seed
    data's exports are small, which are otherwise written in Python (exports.SMALL)."""
    with mock.patch.object(exports, "SMALL", 0):
        return fetched(client, url)


def fetched(client, url):
    return b"".join(client.get(url).streaming_content)


def written_in_python(monkeypatch):
    monkeypatch.setattr(exports, "copy_sql", lambda *args: None)


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    "url",
    [
        *(f"{url}?format=csv" for url in LISTS),
        "/statements/?format=csv&kind=quote&o=-date",
        "/statements/?format=csv&q=hydrogen",
        "/statements/?format=csv&topic=hydrogen-energy",
        "/statements/?format=csv&place=shandong",  # DISTINCT: written in Python
        "/statements/?format=csv&date_from=not-a-date",  # an invalid filter: no rows
        "/statements/?format=csv&date_to=1900-01-01",  # no rows
        "/topics/?format=csv&q=nothing-is-called-this",
    ],
)
def test_the_seed_data_exports_the_same_bytes_either_way(client, monkeypatch, url):
    copied = raw(client, url)
    written_in_python(monkeypatch)
    assert copied == raw(client, url)


@pytest.mark.usefixtures("seeded")
def test_a_query_that_can_match_nothing_exports_its_header(rf):
    columns = StatementList.columns
    for statements in (Statement.objects.none(), Statement.objects.filter(pk__in=[])):
        assert exports.copy_sql(statements, columns) is None
        body = b"".join(exports.export(statements, columns, "csv", "statements"))
        assert (
            body == b"\xef\xbb\xbf" + ",".join(column[0] for column in columns).encode() + b"\r\n"
        )


@pytest.mark.usefixtures("seeded")
def test_postgresql_writes_the_statements_in_one_query(client):
    with CaptureQueriesContext(connection) as queries:
        body = raw(client, "/statements/?format=csv")
    assert body.count(b"\r\n") == 1 + Statement.objects.published().count()
    copies = [query["sql"] for query in queries if query["sql"].startswith("COPY")]
    assert len(copies) == (1 if POSTGRESQL else 0)


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize("order", ["-date", "date", "speaker"])
def test_rows_that_tie_in_the_lists_order_come_in_id_order(client, order):
    """Sorted by a column that ties (a source's statements share its date), the rows of
    an export come in the order of their ids within each tie, on either path."""
    lines = raw(client, f"/statements/?format=csv&o={order}").decode("utf-8-sig").splitlines()
    slugs = [line.split(",", 1)[0] for line in lines[1:]]
    statements = {s.slug: s for s in Statement.objects.select_related("source", "speaker")}

    def key(slug):
        statement = statements[slug]
        if order == "speaker":
            return statement.speaker.family_name if statement.speaker else None
        return statement.source.published_on

    assert len(slugs) == len(set(slugs)) == Statement.objects.published().count()
    ties = [(a, b) for a, b in zip(slugs, slugs[1:], strict=False) if key(a) == key(b)]
    assert ties  # the seed data has ties to order
    assert all(statements[a].pk < statements[b].pk for a, b in ties)


@pytest.mark.usefixtures("seeded")
def test_postgresql_writes_with_parallel_workers_that_pages_go_without(client):
    """Pages' connections ask for no parallel workers (settings.py); a whole export
    asks for them with SET LOCAL inside an atomic block of its own, so that they last
    until its COPY is written and no longer."""
    if not POSTGRESQL:
        pytest.skip("COPY and parallel workers are PostgreSQL's")
    asked, around = [], len(connection.savepoint_ids)

    def record(execute, text, params, many, context):
        if text.startswith("SET LOCAL max_parallel_workers_per_gather"):
            asked.append((text, len(connection.savepoint_ids) - around))
        return execute(text, params, many, context)

    with connection.execute_wrapper(record):
        raw(client, "/statements/?format=csv")
    setting = f"SET LOCAL max_parallel_workers_per_gather = {exports.PARALLEL_WORKERS}"
    assert asked == [(setting, 1)]


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    "view, url",
    [
        (StatementList, "/statements/?format=csv"),
        (MetricList, "/metrics/?format=csv"),
        (StatementList, "/statements/?format=json"),
    ],
)
def test_a_client_that_goes_away_leaves_nothing_open(rf, monkeypatch, view, url):
    """Closing the response closes the export: its spooled rows, or its cursor."""
    spools, temporary = [], tempfile.TemporaryFile

    def spool():
        spools.append(temporary())  # noqa: SIM115 - the export closes it
        return spools[-1]

    monkeypatch.setattr(exports.tempfile, "TemporaryFile", spool)
    monkeypatch.setattr(exports, "SMALL", 0)  # COPY, for the seed data's small export
    monkeypatch.setattr(exports, "CHUNK", 2)  # so that rows are left unread
    monkeypatch.setattr(exports, "COPY_CHUNK", 100)
    response = view.as_view()(rf.get(url))
    chunks = iter(response)
    first = next(chunks) + next(chunks) + next(chunks)
    # As a server closes it, but leaving the test's connection (and transaction) open.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert first.startswith(b"\xef\xbb\xbf" if "csv" in url else b"[")
    assert all(spool.closed for spool in spools)
    assert len(spools) == (1 if POSTGRESQL and url == "/statements/?format=csv" else 0)
    assert next(chunks, None) is None
    if POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_cursors")
            assert cursor.fetchone() == (0,)
    assert Person.objects.exists()  # the connection still answers


@pytest.mark.usefixtures("seeded")
def test_a_small_export_is_written_in_python_and_a_bigger_one_by_copy(client, monkeypatch):
    """Building COPY's query costs more than writing a few hundred rows in Python: an
    export of up to SMALL rows is written in Python, a bigger one by COPY, the same
    bytes either way."""
    url = "/statements/?format=csv"
    published = Statement.objects.published().count()
    written = {}
    for small in (published, published - 1):
        monkeypatch.setattr(exports, "SMALL", small)
        with CaptureQueriesContext(connection) as queries:
            written[small] = fetched(client, url)
        copies = [query["sql"] for query in queries if query["sql"].startswith("COPY")]
        assert len(copies) == (1 if POSTGRESQL and small < published else 0), small
    assert written[published] == written[published - 1]
    assert written[published].count(b"\r\n") == 1 + published
