"""Public pages stay safe with hostile records and hostile query strings."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.utils.html import escape

from entities.models import Organisation, Person, Position, Source, Status
from statements.models import Indicator, Metric, Statement
from tests.factories import make_metric, make_statement
from tests.xss import ESCAPED, HOSTILE, assert_shown_as_text


def body(response):
    # A reader drops the CSV's byte-order mark (test_the_csv_starts_with_a_byte_order_mark).
    return b"".join(response.streaming_content).decode("utf-8-sig")


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


@pytest.mark.parametrize(
    "value, exported",
    [
        ({"a": 1}, '{"a": 1}'),
        ([1, None], "1; null"),
        (["Jinan", 2, ["x"]], 'Jinan; 2; ["x"]'),
        ("text", "text"),
        ("", ""),
        ({}, ""),
        (None, ""),  # JSON null
        (7, "7"),
        (["济南", "“Jinan”"], "济南; “Jinan”"),
    ],
)
def test_aliases_that_are_not_a_list_of_text_are_exported_as_text(client, world, value, exported):
    """Only the model and the admin refuse them: a value written to the database some
    other way must not break the export."""
    from django.db.models import JSONField, Value

    stored = Value(None, JSONField()) if value is None else value
    for model, url in ((Person, "/people/"), (Organisation, "/organisations/")):
        model.objects.update(aliases=stored)
        data = json.loads(body(client.get(f"{url}?format=json")))
        assert [row["aliases"] for row in data] == [exported], url
        rows = list(csv.DictReader(io.StringIO(body(client.get(f"{url}?format=csv")))))
        assert [row["aliases"] for row in rows] == [exported], url


def test_an_invalid_filter_exports_nothing_rather_than_everything(client, world):
    Statement.objects.update(status=Status.PUBLISHED)
    assert json.loads(body(client.get("/statements/?kind=rumour&format=json"))) == []


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


def test_the_indicator_chart_shows_hostile_labels_as_text(client, world):
    indicator = world["indicator"]
    # "<script>" fits the unit's ten characters; an admin form would refuse it.
    Indicator.objects.filter(pk=indicator.pk).update(name=HOSTILE, unit="<script>")
    for key in ("place", "organisation", "project"):
        type(world[key]).objects.filter(pk=world[key].pk).update(name=HOSTILE)
    make_metric(indicator, world["source"], slug="org", organisation=world["organisation"])
    make_metric(indicator, world["source"], slug="project", project=world["project"])
    make_metric(indicator, world["source"], slug="no-period", place=world["place"])
    Metric.objects.filter(slug__in=["org", "project"]).update(period_label=HOSTILE)

    content = client.get(indicator.get_absolute_url()).content.decode()
    assert_shown_as_text(content, "indicator page")
    assert "unit: &lt;script&gt;" in content
    svg = content[content.index("<svg") : content.index("</svg>")]
    labels = re.findall(r'<text x="0" y="[\d.]+" class="chart-label">([^<]*)</text>', svg)
    assert len(labels) == 4  # one per metric, each label plain text up to its </text>
    assert all(
        label.startswith("&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img")
        for label in labels
    )
    assert '<title id="chart-title">&lt;script&gt;alert(1)' in svg
    assert "<script" not in svg and "<img" not in svg
    table = content[content.index("<table>") : content.index("</table>")]
    assert table.count(ESCAPED) == 1 + 4 + 2  # caption, four subjects, two period labels


def test_highlighted_excerpts_of_a_source_show_hostile_text_as_text(client, world):
    source, statement = world["source"], world["statement"]
    inside = "We will build <script>alert(3)</script> the park,"
    Source.objects.filter(pk=source.pk).update(
        body=f"{HOSTILE}{inside}{HOSTILE} SUN Haisheng said."
    )
    # The quote has markup inside its mark; the figure's evidence is the hostile text
    # itself, and its mark touches the quote's (each keeps its own mark and anchor); the
    # position's mark starts right after the second hostile text.
    Statement.objects.filter(pk=statement.pk).update(text=inside)
    Metric.objects.filter(pk=world["metric"].pk).update(evidence=HOSTILE)
    Position.objects.filter(pk=world["position"].pk).update(evidence=" SUN Haisheng said.")

    content = client.get(source.get_absolute_url()).content.decode()
    assert_shown_as_text(content, "source page")
    assert "<script>alert(3)" not in content
    assert (
        f'<mark id="statement-{statement.pk}"><a href="{statement.get_absolute_url()}">'
        "We will build &lt;script&gt;alert(3)&lt;/script&gt; the park,</a></mark>"
    ) in content
    metric, position = world["metric"], world["position"]
    hostile = escape(HOSTILE)
    assert (
        f'<div class="source-body"><mark id="metric-{metric.pk}"><a href="'
        f'{metric.get_absolute_url()}">{hostile}</a></mark><mark id="statement-'
    ) in content
    assert (
        f"the park,</a></mark>{hostile}"
        f'<mark id="position-{position.pk}"><a href="{position.get_absolute_url()}">'
        " SUN Haisheng said.</a></mark></div>"
    ) in content


#: A cell a spreadsheet would run, with a comma, quotes, a line break and a tab in it.
FORMULA = '=HYPERLINK("http://x","go"),"q"\r\nnext\t<script>alert(1)</script> {{ 7 }}'


#: What a spreadsheet may run as a formula (OWASP's list): such a CSV cell gets a "'".
STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Descriptions that start as formulas in the other ways.
DESCRIPTIONS = {"project": "+1+cmd|' /C calc'!A0", "topic": "\t=1+1", "indicator": "\r@SUM(A1)"}


def hostile_exports(world):
    """Give every exported text of the world's records hostile values; return, for
    each list, the exported columns and what they must hold."""
    for key in ("place", "organisation", "project", "topic", "indicator"):
        record = world[key]
        fields = {"name": FORMULA}
        if key != "place":
            fields["description"] = DESCRIPTIONS.get(key, HOSTILE)
        if key in ("organisation", "project"):
            fields["aliases"] = [HOSTILE, FORMULA]
        type(record).objects.filter(pk=record.pk).update(**fields)
    Person.objects.filter(pk=world["person"].pk).update(
        family_name=FORMULA, given_name=HOSTILE, aliases=[HOSTILE, FORMULA], description=HOSTILE
    )
    Source.objects.filter(pk=world["source"].pk).update(title=FORMULA)
    Position.objects.filter(pk=world["position"].pk).update(title=HOSTILE)
    Statement.objects.filter(pk=world["statement"].pk).update(text=FORMULA)
    Metric.objects.filter(pk=world["metric"].pk).update(period_label=FORMULA, evidence=HOSTILE)
    aliases = f"{HOSTILE}; {FORMULA}"
    return {
        "/people/": {
            "name": f"{FORMULA} {HOSTILE}",
            "family_name": FORMULA,
            "given_name": HOSTILE,
            "aliases": aliases,
            "description": HOSTILE,
        },
        "/organisations/": {"name": FORMULA, "aliases": aliases, "description": HOSTILE},
        "/projects/": {"name": FORMULA, "description": DESCRIPTIONS["project"]},
        "/places/": {"name": FORMULA},
        "/topics/": {"name": FORMULA, "description": DESCRIPTIONS["topic"]},
        "/sources/": {"title": FORMULA, "publisher": FORMULA},
        "/statements/": {"speaker": f"{FORMULA} {HOSTILE}", "position": HOSTILE, "text": FORMULA},
        "/metrics/": {"period": FORMULA, "subject": FORMULA, "evidence": HOSTILE},
        "/indicators/": {"name": FORMULA, "description": DESCRIPTIONS["indicator"]},
    }


def test_every_export_gives_hostile_text_back_exactly(client, world):
    for url, expected in hostile_exports(world).items():
        data = json.loads(body(client.get(f"{url}?format=json")))
        assert len(data) == 1, url
        assert {name: data[0][name] for name in expected} == expected, url

        rows = list(csv.DictReader(io.StringIO(body(client.get(f"{url}?format=csv")))))
        assert len(rows) == 1, url
        in_csv = {n: ("'" + v if v.startswith(STARTS) else v) for n, v in expected.items()}
        assert {name: rows[0][name] for name in expected} == in_csv, url


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


@pytest.mark.fuzz
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


@pytest.mark.parametrize(
    "url, linked",
    [
        ("https://example.org/a", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
    ],
)
def test_a_source_links_to_its_original_only_at_a_web_address(client, world, url, linked):
    Source.objects.filter(pk=world["source"].pk).update(url=url)  # past the form's check
    page = client.get(world["source"].get_absolute_url()).content.decode()
    assert ('rel="noopener">original</a>' in page) == linked
    assert "javascript:" not in page.lower()
