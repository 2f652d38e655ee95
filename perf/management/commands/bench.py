"""Measure the pages users hit: p50 and p95 milliseconds and SQL queries each.

    python manage.py bench [--quick] [--output bench.json]
    python manage.py bench --report bench-10k.json bench-100k.json bench-1m.json \
        --svg docs/perf-p95.svg

Requests go through Django's test client against the configured database, so
the figures are the application's own: no network, no web server. Every public
list (first page, filtered, searched, deep page), every detail page, the search
page, a CSV export, and every admin changelist (unfiltered, filtered, searched);
and, for Statement, Person and Organisation, Django's stock admin on the same
data (perf/stock_admin.py) as the baseline. Last, ingesting a 5 KB article
(perf/bench_article.txt), each run rolled back. Public pages, search, the API and the
exports are requested as an anonymous reader; the admin as a logged-in administrator.
"""

import json
import platform
import re
import statistics
import time
import tracemalloc
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.template.backends.django import Template as DjangoTemplate
from django.test import Client, override_settings
from rest_framework.throttling import AnonRateThrottle

from entities.models import Organisation, Person, Place, Project, Source, Topic
from ingest.services import ingest
from statements.models import Indicator, Metric, Statement

from .synth import COMMON

LISTS = {
    "statements": (Statement, "kind=quote&topic={topic}"),
    "metrics": (Metric, "indicator={indicator}"),
    "indicators": (Indicator, "unit=count"),
    "people": (Person, "organisation={organisation}"),
    "organisations": (Organisation, "kind=company&place={place}"),
    "projects": (Project, "stage=operating&place={place}"),
    "places": (Place, "parent={place}"),
    "topics": (Topic, "kind=sector"),
    "sources": (Source, "kind=news&publisher={organisation}"),
}
#: What bench measures, in this order.
GROUPS = ("public list", "detail", "api", "search", "admin", "stock admin", "export", "ingest")
#: The groups requested by a logged-in administrator; the rest by an anonymous reader.
ADMIN = ("admin", "stock admin")
STOCK = {"statement": "statements", "person": "entities", "organisation": "entities"}
#: The whole-database open-data exports (issue 19).
OPEN_DATA = ("/exports/popolo.json", "/exports/ftm.json")
ARTICLE = Path(__file__).resolve().parents[2] / "bench_article.txt"


class Command(BaseCommand):
    help = __doc__.strip().splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="Three runs each; under a minute.")
        parser.add_argument("--repeat", type=int, default=15, help="Timed runs per scenario.")
        parser.add_argument("--output", default="bench.json", help="Where to write the JSON.")
        parser.add_argument(
            "--only",
            nargs="+",
            choices=GROUPS,
            metavar="GROUP",
            help=f"Measure these groups only: {', '.join(GROUPS)}.",
        )
        parser.add_argument("--report", nargs="+", metavar="JSON", help="Tabulate earlier runs.")
        parser.add_argument("--svg", help="With --report: write a chart of p95 against size.")

    def handle(self, *args, quick, repeat, output, report, svg, only, **options):
        if report:
            return self.report(report, svg)
        if not Statement.objects.exists():
            raise CommandError("No statements to measure: run `seed` or `synth` first.")
        self.repeat = 3 if quick else repeat
        self.groups = set(only or GROUPS)
        with (
            override_settings(
                ALLOWED_HOSTS=["testserver"],
                ROOT_URLCONF="perf.urls",
                DEBUG=False,
                PAGE_CACHE_SECONDS=0,  # measure the work of each page, not the page cache
            ),
            # The API's throttle still counts each request, but never refuses bench's.
            mock.patch.object(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1000000/min"}),
        ):
            results = self.run()
        size = Statement.objects.count()
        data = {
            "statements": size,
            "database": connection.vendor,
            "machine": machine(),
            "results": results,
        }
        with open(output, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1)
        self.print_table(results)
        self.stdout.write(f"\n{size:,} statements on {connection.vendor}; written to {output}")

    # Scenarios -----------------------------------------------------------------

    def scenarios(self):
        values = {
            "topic": Topic.objects.published().values_list("slug", flat=True).first() or "x",
            "indicator": Indicator.objects.published().values_list("slug", flat=True).first()
            or "x",
            "organisation": Organisation.objects.published().values_list("slug", flat=True).first()
            or "x",
            "place": Place.objects.filter(parent=None).values_list("slug", flat=True).first()
            or "x",
        }
        rare = Person.objects.published().values_list("given_name", flat=True).last() or "x"
        for name, (model, query) in LISTS.items():
            base = f"/{name}/"
            pages = max(1, model.objects.published().count() // 25)
            yield "public list", f"{name}", base
            yield "public list", f"{name} filtered", f"{base}?{query.format(**values)}"
            yield (
                "public list",
                f"{name} searched",
                f"{base}?q={COMMON if model in (Statement, Source, Metric) else rare}",
            )
            yield (
                "public list",
                f"{name} page {min(pages, 1000)}",
                f"{base}?page={min(pages, 1000)}",
            )
        yield "public list", "statements searched (rare)", f"/statements/?q={rare}"
        for model in (
            Statement,
            Metric,
            Indicator,
            Person,
            Organisation,
            Project,
            Place,
            Topic,
            Source,
        ):
            middle = model.objects.published().order_by("pk")[model.objects.count() // 2 :][:1]
            for record in middle:
                yield "detail", model._meta.model_name, record.get_absolute_url()
        # The JSON API (issue 19): each list, filtered as its page is, and a record.
        for name, (model, query) in LISTS.items():
            yield "api", name, f"/api/v1/{name}/"
            yield "api", f"{name} filtered", f"/api/v1/{name}/?{query.format(**values)}"
            middle = model.objects.published().order_by("pk")[model.objects.count() // 2 :][:1]
            for record in middle:
                yield "api", f"{model._meta.model_name} detail", f"/api/v1/{name}/{record.slug}/"
        yield "search", "search (common word)", f"/search/?q={COMMON}"
        yield "search", "search (rare word)", f"/search/?q={rare}"
        for model in admin.site._registry:
            opts = model._meta
            if opts.app_label not in ("entities", "statements"):
                continue
            url = f"/admin/{opts.app_label}/{opts.model_name}/"
            term = "development" if model is Statement else "a"
            filtered = "status__exact=published" if hasattr(model, "status") else "role=owner"
            yield "admin", f"{opts.model_name}", url
            yield "admin", f"{opts.model_name} filtered", f"{url}?{filtered}"
            yield "admin", f"{opts.model_name} searched", f"{url}?q={term}"
            if opts.model_name in STOCK:
                stock = f"/bench-stock-admin/{opts.app_label}/{opts.model_name}/"
                yield "stock admin", f"{opts.model_name}", stock
                yield "stock admin", f"{opts.model_name} filtered", f"{stock}?{filtered}"
                yield "stock admin", f"{opts.model_name} searched", f"{stock}?q={term}"

    def run(self):
        # Requests are sent as HTTPS (secure=True), as deployed. Public pages and the API
        # are requested as a reader, who has no session; the admin as an administrator.
        reader, curator = Client(), Client()
        user, _ = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
        )
        curator.force_login(user)
        results = []
        for group, name, url in self.scenarios():
            if group not in self.groups:
                continue
            # The stock admin is the slow baseline: three runs are plenty to see it.
            repeat = min(self.repeat, 3) if group == "stock admin" else self.repeat
            client = curator if group in ADMIN else reader
            measured = self.measure(client, url, repeat)
            results.append({"group": group, "name": name, "url": url, **measured})
            self.stdout.write(f"  {group:12} {name:34} {results[-1]['p95']:8.1f} ms", ending="\n")
        if "export" in self.groups:
            results.append(self.export(reader))
            results += [self.open_data(reader, url) for url in OPEN_DATA]
        if "ingest" in self.groups:
            results.append(self.ingest_article())
        return results

    def measure(self, client, url, repeat):
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(url, secure=True)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        times, sql, render = [], [], []
        in_sql, in_render, depth = [0.0], [0.0], [0]

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                in_sql[0] += time.perf_counter() - started

        def rendered(template, *args, **kwargs):
            """A template's rendering, less the SQL it runs (a lazy queryset in a loop);
            a template rendered inside another (a form's) counts once."""
            if depth[0]:
                return render_template(template, *args, **kwargs)
            depth[0], started, sql_before = 1, time.perf_counter(), in_sql[0]
            try:
                return render_template(template, *args, **kwargs)
            finally:
                depth[0] = 0
                in_render[0] += time.perf_counter() - started - (in_sql[0] - sql_before)

        render_template = DjangoTemplate.render
        with (
            connection.execute_wrapper(timed),
            mock.patch.object(DjangoTemplate, "render", rendered),
        ):
            for _ in range(repeat):
                in_sql[0] = in_render[0] = 0.0
                started = time.perf_counter()
                client.get(url, secure=True)
                times.append((time.perf_counter() - started) * 1000)
                sql.append(in_sql[0] * 1000)
                render.append(in_render[0] * 1000)
        return {
            "p50": percentile(times, 50),
            "p95": percentile(times, 95),
            # Time in the database driver's execute, the rest being Python: ORM, views,
            # templates. Rows are fetched lazily, so fetching is partly counted as Python.
            "sql_p50": percentile(sql, 50),
            # Time in Django's templates (the forms' included), less the SQL they run.
            "render_p50": percentile(render, 50),
            "queries": len(queries),
        }

    def export(self, client):
        """A CSV export of about 100,000 statements (all of them, on smaller data)."""
        published = Statement.objects.published()
        total = published.count()
        cutoff = None
        if total > 100_000:
            dates = published.order_by("source__published_on").values_list(
                "source__published_on", flat=True
            )
            cutoff = dates[100_000]
        url = "/statements/?format=csv" + (f"&date_to={cutoff}" if cutoff else "")
        started = time.perf_counter()
        rows = (
            sum(chunk.count(b"\n") for chunk in client.get(url, secure=True).streaming_content) - 1
        )
        seconds = time.perf_counter() - started
        # Memory in a second run, traced: tracing slows Python down, so not the timed one.
        tracemalloc.start()
        for _chunk in client.get(url, secure=True).streaming_content:
            pass
        growth = tracemalloc.get_traced_memory()[1] / 2**20  # the peak since start()
        tracemalloc.stop()
        self.stdout.write(
            f"  export       {rows:,} rows in {seconds:.2f} s, peak memory +{growth:.1f} MB"
        )
        return {
            "group": "export",
            "name": f"CSV export, {rows:,} rows",
            "url": url,
            "p50": seconds * 1000,
            "p95": seconds * 1000,
            "queries": None,
            "rows": rows,
            "rows_per_second": rows / seconds,
            "peak_memory_growth_mb": growth,
        }

    def open_data(self, client, url):
        """A whole open-data export, streamed: entities per second, and the memory it
        grows by (in a second, traced run)."""
        started = time.perf_counter()
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        entities = entity_count(url, response.streaming_content)
        seconds = time.perf_counter() - started
        tracemalloc.start()
        for _chunk in client.get(url, secure=True).streaming_content:
            pass
        growth = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        self.stdout.write(
            f"  export       {url}: {entities:,} entities in {seconds:.2f} s, "
            f"peak memory +{growth:.1f} MB"
        )
        return {
            "group": "export",
            "name": f"{url}, {entities:,} entities",
            "url": url,
            "p50": seconds * 1000,
            "p95": seconds * 1000,
            "queries": None,
            "rows": entities,
            "rows_per_second": entities / seconds,
            "peak_memory_growth_mb": growth,
        }

    def ingest_article(self):
        """Ingest a 5 KB article as `manage.py ingest` does, in a transaction that is
        rolled back: every run meets the same database, and nothing is left behind."""
        body = ARTICLE.read_text(encoding="utf-8")
        queries, times = [], []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        for run in range(self.repeat + 1):  # the first run is counted, not timed
            started = time.perf_counter()
            with transaction.atomic():
                with connection.execute_wrapper(count) if run == 0 else nullcontext():
                    ingest(
                        body,
                        title="Bench article",
                        publisher="Bench Daily",
                        published=date(2024, 1, 1),
                    )
                transaction.set_rollback(True)
            times.append((time.perf_counter() - started) * 1000)
        times = times[1:]
        self.stdout.write(
            f"  {'ingest':12} {'ingest a 5 KB article':34} {percentile(times, 95):8.1f} ms"
        )
        return {
            "group": "ingest",
            "name": "ingest a 5 KB article",
            "url": "perf/bench_article.txt",
            "p50": percentile(times, 50),
            "p95": percentile(times, 95),
            "queries": len(queries),
        }

    # Output --------------------------------------------------------------------

    def print_table(self, results):
        self.stdout.write(
            f"\n{'group':12} {'scenario':36} {'p50 ms':>8} {'p95 ms':>8} {'SQL p50':>8} "
            f"{'render':>8} "
            f"{'queries':>7}"
        )
        for r in results:
            queries = "" if r["queries"] is None else r["queries"]
            sql = f"{r['sql_p50']:8.1f}" if "sql_p50" in r else f"{'':8}"
            render = f"{r['render_p50']:8.1f}" if "render_p50" in r else f"{'':8}"
            self.stdout.write(
                f"{r['group']:12} {r['name']:36} {r['p50']:8.1f} {r['p95']:8.1f} {sql} {render} "
                f"{queries:>7}"
            )
            if "rows_per_second" in r:
                self.stdout.write(
                    f"{'':12} {'':36} {r['rows_per_second']:,.0f} rows/s, "
                    f"peak memory +{r['peak_memory_growth_mb']:.1f} MB"
                )
        ours = {r["name"]: r for r in results if r["group"] == "admin"}
        for r in results:
            if r["group"] == "stock admin" and r["name"] in ours:
                ratio = ours[r["name"]]["p95"] / r["p95"]
                self.stdout.write(
                    f"ours / stock admin, {r['name']}: {ratio:.3f} "
                    f"(stock / ours {1 / ratio:.1f}; queries {ours[r['name']]['queries']} vs "
                    f"{r['queries']})"
                )

    def report(self, paths, svg):
        runs = [json.load(open(path, encoding="utf-8")) for path in paths]  # noqa: SIM115
        runs.sort(key=lambda run: run["statements"])
        sizes = [run["statements"] for run in runs]
        header = " | ".join(f"{n:,} p50 / p95 ms (queries)" for n in sizes)
        self.stdout.write(f"| scenario | {header} |\n|---|" + "---|" * len(sizes))

        def key(result):  # "statements page 400" at 10k is "statements page 1000" at 1M
            return result["group"], re.sub(r" page \d+", " deep page", result["name"])

        for group, name in [key(r) for r in runs[-1]["results"]]:
            cells = []
            for run in runs:
                found = [r for r in run["results"] if key(r) == (group, name)]
                cells.append(
                    f"{found[0]['p50']:.1f} / {found[0]['p95']:.1f} ({found[0]['queries']})"
                    if found
                    else "—"
                )
            self.stdout.write(f"| {group}: {name} | " + " | ".join(cells) + " |")
        if svg:
            with open(svg, "w", encoding="utf-8") as out:
                out.write(chart(runs))


def entity_count(url, chunks):
    """How many entities an export holds, read as it streams: FollowTheMoney's are a line
    each; each Popolo object has one "id" key (its references are "person_id" and the
    like). A key split between two chunks is found in the bytes the chunks share."""
    if url.endswith("ftm.json"):
        return sum(chunk.count(b"\n") for chunk in chunks)
    key, count, tail = b'"id":', 0, b""
    for chunk in chunks:
        data = tail + chunk
        count += data.count(key)
        tail = data[-(len(key) - 1) :]  # too short to hold a whole key, counted already
    return count


def percentile(values, p):
    return (
        statistics.quantiles(values, n=100, method="inclusive")[p - 1]
        if len(values) > 1
        else values[0]
    )


def machine():
    import os

    return (
        f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Django settings {settings.SETTINGS_MODULE}"
    )


def chart(runs, width=820, height=420, pad=60, right=160):
    """An SVG line chart: p95 (log scale) of each group's worst scenario against size."""
    import math

    sizes = [run["statements"] for run in runs]
    groups = sorted({r["group"] for r in runs[-1]["results"]})
    series = {}
    for group in groups:
        series[group] = [
            max((r["p95"] for r in run["results"] if r["group"] == group), default=0)
            for run in runs
        ]
    top = max(max(v) for v in series.values())
    low = min(min(v) for v in series.values() if min(v) > 0)

    def x(i):
        return pad + i * (width - pad - right) / max(len(sizes) - 1, 1)

    def y(v):
        span = math.log10(top) - math.log10(low) or 1
        return (
            height - pad - (math.log10(max(v, low)) - math.log10(low)) / span * (height - 2 * pad)
        )

    colours = ["#0a5685", "#b8460b", "#2e7d32", "#6a1b9a", "#8d6e63", "#c2185b"]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        'font-family="sans-serif" font-size="12">',
        f'<text x="{pad}" y="24" font-size="15">Worst p95 (ms, log scale) by page group, '
        "against the number of statements</text>",
    ]
    for i, n in enumerate(sizes):
        parts.append(
            f'<text x="{x(i):.0f}" y="{height - pad + 20}" text-anchor="middle">{n:,}</text>'
        )
    for value in (10, 30, 100, 300, 1000, 3000, 10000):
        if low <= value <= top * 1.01:
            parts.append(f'<text x="{pad - 8}" y="{y(value):.0f}" text-anchor="end">{value}</text>')
            parts.append(
                f'<line x1="{pad}" x2="{width - right}" y1="{y(value):.0f}" '
                f'y2="{y(value):.0f}" stroke="#ddd"/>'
            )
    for k, (group, values) in enumerate(series.items()):
        colour = colours[k % len(colours)]
        points = " ".join(f"{x(i):.0f},{y(v):.0f}" for i, v in enumerate(values))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>'
        )
        name = "export (whole file)" if group == "export" else group
        parts.append(
            f'<text x="{width - right + 6}" y="{y(values[-1]):.0f}" fill="{colour}">{name}</text>'
        )
    parts.append("</svg>\n")
    return "\n".join(parts)
