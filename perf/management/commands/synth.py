"""Generate realistic synthetic data, proportioned to a number of statements.

    python manage.py synth --statements 1000000

Every synthetic slug starts with "synth-". Every statement and every piece of
evidence is a sentence of its source's body, so provenance holds. Most records
are published, some are drafts and some are in review. On PostgreSQL rows go in
with COPY, with the search indexes dropped first and built once at the end;
elsewhere with bulk_create. The command refuses a database that holds records
that are not synthetic, unless --force is given.
"""

import io
import random
import time
from datetime import date, timedelta

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from entities.models import Curated
from shandong.cache import bump

PREFIX = "synth-"
WORDS = [
    "industrial",
    "innovation",
    "green",
    "low-carbon",
    "digital",
    "marine",
    "hydrogen",
    "energy",
    "port",
    "park",
    "zone",
    "manufacturing",
    "technology",
    "investment",
    "enterprise",
    "chain",
    "upgrading",
    "province",
    "city",
    "research",
    "capacity",
    "equipment",
    "export",
    "service",
    "platform",
    "ecosystem",
    "quality",
    "productive",
    "forces",
]
#: A word found in most statements, so benchmarks can search for a common word.
COMMON = "development"
STATUSES = ["published"] * 92 + ["draft"] * 5 + ["review"] * 3
SENTENCES_PER_SOURCE = 24


class Command(BaseCommand):
    help = __doc__.strip().splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--statements", type=int, required=True, metavar="N")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--force", action="store_true", help="Run even if the database holds real records."
        )

    def handle(self, *args, statements, seed, force, **options):
        if statements < 20:
            raise CommandError("--statements must be at least 20.")
        real = [label for label, model in curated_models() if real_records(model)]
        if real and not force:
            raise CommandError(
                "This database holds records that are not synthetic "
                f"({', '.join(real)}); synth would mix its data into them. "
                "Use an empty database, or --force."
            )
        self.random = random.Random(seed)
        self.now = timezone.now()
        self.total_rows, started = 0, time.monotonic()
        plan = sizes(statements)
        self.stdout.write("Generating: " + ", ".join(f"{n:,} {k}" for k, n in plan.items()))
        with transaction.atomic():
            dropped = drop_search_indexes()
            self.generate(plan)
            self.step("search indexes", lambda: recreate(dropped))
            reset_sequences()
            bump()  # COPY bypasses the signals that empty the page cache
        if connection.vendor == "postgresql":
            # Statistics for the planner, and the visibility map index-only scans need.
            # VACUUM cannot run inside a transaction (a test's); ANALYZE alone can.
            sql = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            self.step(sql.lower(), lambda: connection.cursor().execute(sql))
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Done: {self.total_rows:,} rows in {seconds:.1f} s "
            f"({self.total_rows / seconds:,.0f} rows/s)."
        )

    # Output ------------------------------------------------------------------

    def step(self, name, work):
        started = time.monotonic()
        rows = work() or 0
        seconds = max(time.monotonic() - started, 1e-6)
        self.total_rows += rows
        rate = f", {rows / seconds:,.0f} rows/s" if rows else ""
        self.stdout.write(f"  {name}: {rows:,} rows in {seconds:.1f} s{rate}")

    def insert(self, label, columns, rows):
        self.step(label, lambda: write(label, columns, rows))

    # Data --------------------------------------------------------------------

    def status(self):
        return self.random.choice(STATUSES)

    def curated(self, status=None):
        status = status or self.status()
        published_at = self.now if status == "published" else None
        return [status, "", 1, self.now, self.now, published_at, None]

    def generate(self, n):
        r, first = self.random, {label: next_id(label) for label, _ in curated_models()}
        cur = [
            "status",
            "notes",
            "version",
            "created_at",
            "updated_at",
            "published_at",
            "published_by_id",
        ]
        ids = {
            key: range(first[label], first[label] + n[key])
            for key, label in (
                ("topics", "entities.topic"),
                ("places", "entities.place"),
                ("organisations", "entities.organisation"),
                ("people", "entities.person"),
                ("sources", "entities.source"),
                ("positions", "entities.position"),
                ("projects", "entities.project"),
                ("indicators", "statements.indicator"),
                ("metrics", "statements.metric"),
                ("statements", "statements.statement"),
            )
        }

        def pick(key):
            return r.choice(ids[key])

        self.insert(
            "entities.topic",
            ["id", *cur, "name", "slug", "kind", "description"],
            (
                [
                    i,
                    *self.curated("published"),
                    f"Topic {i}",
                    f"{PREFIX}topic-{i}",
                    r.choice(["theme", "sector"]),
                    "",
                ]
                for i in ids["topics"]
            ),
        )

        places = list(ids["places"])
        self.insert(
            "entities.place",
            ["id", *cur, "name", "slug", "kind", "parent_id", "name_zh", "aliases", "wikidata_id"],
            (
                [
                    i,
                    *self.curated("published"),
                    f"Place {i}",
                    f"{PREFIX}place-{i}",
                    "province" if k == 0 else "prefecture_city" if k <= 16 else "district",
                    None if k == 0 else places[0] if k <= 16 else places[1 + k % 16],
                    "",
                    "[]",
                    "",
                ]
                for k, i in enumerate(places)
            ),
        )

        orgs = list(ids["organisations"])
        self.insert(
            "entities.organisation",
            [
                "id",
                *cur,
                "name",
                "slug",
                "aliases",
                "kind",
                "parent_id",
                "place_id",
                "description",
                "website",
                "name_zh",
                "wikidata_id",
            ],
            (
                [
                    i,
                    *self.curated(),
                    f"{words(r, 2).title()} Group {i}",
                    f"{PREFIX}org-{i}",
                    f'["Org {i}"]',
                    r.choice(["company", "government", "research", "university"]),
                    orgs[k // 5] if k >= 5 and k % 5 == 0 else None,
                    pick("places"),
                    sentence(r),
                    "",
                    "",
                    "",
                ]
                for k, i in enumerate(orgs)
            ),
        )

        families = [
            "Wang",
            "Li",
            "Zhang",
            "Liu",
            "Chen",
            "Yang",
            "Zhao",
            "Huang",
            "Zhou",
            "Wu",
            "Xu",
            "Sun",
            "Hu",
            "Zhu",
            "Gao",
            "Lin",
            "He",
            "Guo",
            "Ma",
            "Luo",
        ]
        self.insert(
            "entities.person",
            [
                "id",
                *cur,
                "family_name",
                "given_name",
                "name_order",
                "slug",
                "aliases",
                "name_zh",
                "description",
                "wikidata_id",
            ],
            (
                [
                    i,
                    *self.curated(),
                    r.choice(families).upper(),
                    f"Given{i}",
                    "family_first",
                    f"{PREFIX}person-{i}",
                    "[]",
                    "",
                    "Official",
                    "",
                ]
                for i in ids["people"]
            ),
        )

        bodies = {}

        def source_rows():
            start = date(2015, 1, 1)
            for i in ids["sources"]:
                body = [sentence(r, common=r.random() < 0.8) for _ in range(SENTENCES_PER_SOURCE)]
                bodies[i] = body
                yield [
                    i,
                    *self.curated(),
                    f"Report {i}: {words(r, 4)}",
                    f"{PREFIX}source-{i}",
                    pick("organisations"),
                    start + timedelta(days=i % 3650),
                    "day",
                    "",
                    "en",
                    "news",
                    "\n\n".join(body),
                ]

        self.insert(
            "entities.source",
            [
                "id",
                *cur,
                "title",
                "slug",
                "publisher_id",
                "published_on",
                "published_on_precision",
                "url",
                "language",
                "kind",
                "body",
            ],
            source_rows(),
        )

        def excerpt(source, k):
            body = bodies[source]
            text = body[k % SENTENCES_PER_SOURCE]
            return text, sum(len(s) + 2 for s in body[: k % SENTENCES_PER_SOURCE])

        people = list(ids["people"])
        positions = {}

        def position_rows():
            for k, i in enumerate(ids["positions"]):
                person, source = people[k], pick("sources")
                positions[person] = i
                text, offset = excerpt(source, k)
                yield [
                    i,
                    *self.curated(),
                    person,
                    pick("organisations"),
                    "Director",
                    None,
                    "",
                    None,
                    "",
                    source,
                    text,
                    offset,
                ]

        self.insert(
            "entities.position",
            [
                "id",
                *cur,
                "person_id",
                "organisation_id",
                "title",
                "start",
                "start_precision",
                "end",
                "end_precision",
                "source_id",
                "evidence",
                "offset",
            ],
            position_rows(),
        )

        self.insert(
            "entities.project",
            ["id", *cur, "name", "slug", "aliases", "kind", "stage", "place_id", "description"],
            (
                [
                    i,
                    *self.curated(),
                    f"{words(r, 3).title()} Project {i}",
                    f"{PREFIX}project-{i}",
                    "[]",
                    r.choice(["facility", "industrial_park", "plan", "technology"]),
                    r.choice(["planned", "operating", "under_construction"]),
                    pick("places"),
                    sentence(r),
                ]
                for i in ids["projects"]
            ),
        )
        self.insert(
            "entities.projectrole",
            ["project_id", "organisation_id", "role", "source_id", "evidence", "offset"],
            ([i, pick("organisations"), "owner", None, "", None] for i in ids["projects"]),
        )

        self.insert(
            "statements.indicator",
            ["id", *cur, "name", "slug", "unit", "description"],
            (
                [
                    i,
                    *self.curated("published"),
                    f"Indicator {i}",
                    f"{PREFIX}indicator-{i}",
                    r.choice(["count", "rmb", "percent", "km2"]),
                    "",
                ]
                for i in ids["indicators"]
            ),
        )

        def metric_rows():
            for k, i in enumerate(ids["metrics"]):
                source = pick("sources")
                text, offset = excerpt(source, k)
                subject = [None, None, None]
                subject[k % 3] = pick(("places", "organisations", "projects")[k % 3])
                year = 2015 + k % 10
                yield [
                    i,
                    *self.curated(),
                    f"{PREFIX}metric-{i}",
                    pick("indicators"),
                    r.randint(1, 10**9),
                    "exact",
                    str(year),
                    date(year, 1, 1),
                    date(year, 12, 31),
                    *subject,
                    source,
                    text,
                    offset,
                ]

        self.insert(
            "statements.metric",
            [
                "id",
                *cur,
                "slug",
                "indicator_id",
                "value",
                "qualifier",
                "period_label",
                "period_start",
                "period_end",
                "place_id",
                "organisation_id",
                "project_id",
                "source_id",
                "evidence",
                "offset",
            ],
            metric_rows(),
        )

        sources = list(ids["sources"])

        def statement_rows():
            for k, i in enumerate(ids["statements"]):
                source = sources[k // 20 % len(sources)]
                text, offset = excerpt(source, k)
                speaker = pick("people")
                yield [
                    i,
                    *self.curated(),
                    f"{PREFIX}statement-{i}",
                    source,
                    speaker,
                    positions.get(speaker),
                    text,
                    r.choice(["quote", "paraphrase"]),
                    None,
                    None,
                    "",
                    offset,
                ]

        self.insert(
            "statements.statement",
            [
                "id",
                *cur,
                "slug",
                "source_id",
                "speaker_id",
                "speaker_position_id",
                "text",
                "kind",
                "quoting_id",
                "said_on",
                "context",
                "offset",
            ],
            statement_rows(),
        )

        through = apps.get_model("statements", "Statement").topics.through
        self.insert(
            through._meta.label_lower,
            ["statement_id", "topic_id"],
            ([i, pick("topics")] for i in ids["statements"]),
        )
        mentions = apps.get_model("statements", "Statement").organisations.through
        self.insert(
            mentions._meta.label_lower,
            ["statement_id", "organisation_id"],
            ([i, pick("organisations")] for i in ids["statements"][::5]),
        )
        org_topics = apps.get_model("entities", "Organisation").topics.through
        self.insert(
            org_topics._meta.label_lower,
            ["organisation_id", "topic_id"],
            ([i, pick("topics")] for i in ids["organisations"]),
        )


def sizes(n):
    """How many of each record, for n statements (at 1,000,000: the issue's proportions)."""
    return {
        "topics": max(10, min(100, n // 1000)),
        "places": max(20, min(2000, n // 500)),
        "organisations": max(10, n // 20),
        "people": max(10, n // 10),
        "sources": max(2, n // 20),
        "positions": max(10, n // 10),
        "projects": max(10, n // 50),
        "indicators": max(5, min(500, n // 2000)),
        "metrics": max(10, n // 5),
        "statements": n,
    }


def words(r, count):
    return " ".join(r.choice(WORDS) for _ in range(count))


def sentence(r, common=False):
    text = words(r, r.randint(12, 22))
    if common:
        text = text.replace(" ", f" {COMMON} ", 1)
    return text[0].upper() + text[1:] + "."


def curated_models():
    return [(m._meta.label_lower, m) for m in apps.get_models() if issubclass(m, Curated)]


def real_records(model):
    """Whether the model holds records synth did not make (positions: by their source)."""
    field = "slug" if hasattr(model, "slug") else "source__slug"
    return model.objects.exclude(**{f"{field}__startswith": PREFIX}).exists()


def next_id(label):
    model = apps.get_model(label)
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def copy_value(value):
    if value is None:
        return r"\N"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def write(label, columns, rows, batch=50_000):
    """Insert rows, in batches: COPY on PostgreSQL, bulk_create elsewhere."""
    model, count = apps.get_model(label), 0
    table = model._meta.db_table
    while True:
        chunk = [row for _, row in zip(range(batch), rows, strict=False)]
        if not chunk:
            return count
        count += len(chunk)
        if connection.vendor == "postgresql":
            buffer = io.StringIO(
                "".join("\t".join(copy_value(v) for v in row) + "\n" for row in chunk)
            )
            names = ", ".join(f'"{c}"' for c in columns)
            with connection.cursor() as cursor:
                cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)
        else:
            # Columns are attnames (parent_id, wikidata_id), which the constructor takes.
            model.objects.bulk_create(
                [model(**dict(zip(columns, row, strict=True))) for row in chunk],
                batch_size=1000,
            )


def drop_search_indexes():
    """Drop the GIN search indexes (rebuilt by `recreate`): one build beats a million updates."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND indexdef LIKE '%USING gin%'"
        )
        found = cursor.fetchall()
        for name, _ in found:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in found]


def recreate(definitions):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check foreign keys now, not at commit
        for definition in definitions:
            cursor.execute(definition)


def reset_sequences():
    from django.core.management.color import no_style

    models = [m for m in apps.get_models() if m._meta.app_label in ("entities", "statements")]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
