"""Public pages stay safe with hostile records and hostile query strings."""

import csv
import io
import json
from decimal import Decimal

from entities.models import Status
from statements.models import Statement

from .factories import make_statement


def body(response):
    return b"".join(response.streaming_content).decode()


def test_csv_cells_that_look_like_formulas_are_neutralised(client, world):
    source = world["source"]
    source.body += ' =HYPERLINK("http://x") +1 -2 @SUM(A1)'
    source.save()
    for number, text in enumerate(['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)"]):
        make_statement(source, world["person"], text=text, slug=f"formula-{number}")
    rows = list(csv.DictReader(io.StringIO(body(client.get("/statements/?format=csv")))))
    texts = {row["text"] for row in rows}
    assert {'\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)"} <= texts
    data = json.loads(body(client.get("/statements/?format=json")))
    assert '=HYPERLINK("http://x")' in {row["text"] for row in data}  # JSON keeps the text


def test_negative_figures_are_exported_as_numbers(client, world):
    metric = world["metric"]
    metric.value = Decimal("-3.2")
    metric.save()
    rows = list(csv.DictReader(io.StringIO(body(client.get("/metrics/?format=csv")))))
    assert [row["value"] for row in rows] == ["-3.2"]


def test_an_invalid_filter_exports_nothing_rather_than_everything(client, world):
    Statement.objects.update(status=Status.PUBLISHED)
    assert json.loads(body(client.get("/statements/?kind=rumour&format=json"))) == []


HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(2)> {{ 7|add:7 }} {% now "Y" %}'


def test_hostile_records_render_as_text_on_every_public_page(client, world):
    source = world["source"]
    source.body = f"{HOSTILE} We will build the park, {HOSTILE}"
    source.title = HOSTILE
    source.save()
    Statement.objects.filter(pk=world["statement"].pk).update(text=HOSTILE, context=HOSTILE)
    for key in ("person", "organisation", "place", "project", "topic", "indicator"):
        record = world[key]
        type(record).objects.filter(pk=record.pk).update(
            **{"given_name" if key == "person" else "name": HOSTILE}, notes=HOSTILE
        )
    type(world["metric"]).objects.filter(pk=world["metric"].pk).update(
        evidence=HOSTILE, period_label=HOSTILE
    )
    urls = [
        "/",
        "/search/?q=alert",
        "/search/?q=We+will",
        "/people/",
        "/organisations/",
        "/projects/",
        "/places/",
        "/topics/",
        "/sources/",
        "/statements/",
        "/metrics/",
        "/indicators/",
        *(
            world[key].get_absolute_url()
            for key in (
                "person",
                "organisation",
                "place",
                "project",
                "topic",
                "source",
                "indicator",
                "metric",
                "statement",
            )
        ),
    ]
    for url in urls:
        content = client.get(url).content.decode()
        assert "<script>alert" not in content, url
        assert "<img src=x" not in content, url
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;"
        in client.get(world["source"].get_absolute_url()).content.decode()
    )
    person = client.get(world["person"].get_absolute_url()).content.decode()
    assert '{{ 7|add:7 }} {% now "Y" %}' in person.replace("&quot;", '"')  # shown, not run
    chart = client.get(world["indicator"].get_absolute_url()).content.decode()
    assert "<svg" in chart and "&lt;script&gt;" in chart


LISTS = {
    "/people/": ["q", "organisation", "o", "page"],
    "/organisations/": ["q", "kind", "place", "topic", "parent", "o", "page"],
    "/projects/": ["q", "kind", "stage", "place", "topic", "organisation", "o", "page"],
    "/places/": ["q", "kind", "parent", "o", "page"],
    "/topics/": ["q", "kind", "o", "page"],
    "/sources/": [
        "q",
        "kind",
        "publisher",
        "language",
        "published_after",
        "published_before",
        "o",
        "page",
    ],
    "/statements/": [
        "q",
        "speaker",
        "organisation",
        "place",
        "topic",
        "source",
        "kind",
        "date_from",
        "date_to",
        "o",
        "page",
        "format",
    ],
    "/metrics/": [
        "q",
        "indicator",
        "place",
        "organisation",
        "project",
        "year",
        "topic",
        "o",
        "page",
        "format",
    ],
    "/indicators/": ["q", "unit", "topic", "o", "page"],
    "/search/": ["q"],
}
NASTY = [
    "' OR 1=1 --",
    "1; DROP TABLE entities_person",
    "%00",
    "\x00",
    "a\x00b",
    "x" * 5000,
    "\u202eevil\u202c",
    "שלום",
    "😀🏭",
    "-1",
    "0",
    "99999999999999999999",
    "1e9",
    "NaN",
    "shandong",
    "sun-haisheng",
    "quote",
    "-name",
    "2024-13-45",
    "../../etc/passwd",
    "",
]
RAW = ["%ff%fe", "%c3%28", "%e2%28%a1", "%", "%%", "q=%ZZ", "page=%00"]


def draft_marker(world):
    make_statement(
        world["source"],
        world["person"],
        text="We will build",
        slug="secret-draft",
        status=Status.DRAFT,
    )


def query_strings():
    from hypothesis import strategies as st

    def pairs(keys):
        value = st.one_of(st.sampled_from(NASTY), st.text(max_size=80))
        return st.lists(st.tuples(st.sampled_from(keys + ["zzz"]), value), max_size=5)

    return st.sampled_from(list(LISTS)).flatmap(
        lambda url: st.tuples(st.just(url), pairs(LISTS[url]), st.sampled_from([""] + RAW))
    )


def test_no_query_string_makes_a_public_page_fail(client, world):
    from urllib.parse import urlencode

    from hypothesis import HealthCheck, given, settings

    draft_marker(world)

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(query_strings())
    def check(case):
        url, params, raw = case
        query = urlencode(params) + ("&" + raw if raw else "")
        response = client.get(url, QUERY_STRING=query)
        assert response.status_code in (200, 404), (url, query)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"secret-draft" not in content

    check()
