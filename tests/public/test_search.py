"""The search page: snippets of why a record matched, a filter by kind, Chinese names,
and a fixed number of queries whatever the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from entities.search import snippet
from tests.factories import (
    make_metric,
    make_organisation,
    make_person,
    make_project,
    make_source,
    make_statement,
    make_topic,
)

#: The most queries the search page may cost (issue 18: it cost 69).
MOST_QUERIES = 12


def groups(response):
    return {g["kind"]: g for g in response.context["groups"]}


def test_a_snippet_marks_the_words_in_any_case_and_escapes_the_rest():
    text = "<b>Hydrogen</b> energy is the new driving force & more; HYDROGEN again."
    html = snippet(text, ["hydrogen"])
    assert "<mark>Hydrogen</mark>" in html and "<mark>HYDROGEN</mark>" in html
    assert "&lt;b&gt;" in html and "&amp;" in html and "<b>" not in html
    long = "word " * 100 + "needle " + "word " * 100
    excerpt = snippet(long, ["needle"])
    assert excerpt.startswith("…") and excerpt.endswith("…") and "<mark>needle</mark>" in excerpt
    assert len(excerpt) < 300
    assert snippet("", ["x"]) == ""
    assert snippet("nothing here", ["absent"]) == "nothing here"


def test_search_shows_a_snippet_with_the_words_marked(client, world):
    response = client.get("/search/?q=build")
    statement = groups(response)["statement"]["records"][0]
    assert "<mark>build</mark>" in str(statement.snippet)
    assertContains(response, "<mark>build</mark>")
    source = client.get("/search/?q=hydrogen")
    assertContains(source, "<mark>Hydrogen</mark>")


def test_search_snippets_are_escaped(client, world):
    make_statement(
        world["source"],
        world["person"],
        slug="hostile",
        text="<script>alert('zebra')</script> zebra <img src=x onerror=alert(1)>",
    )
    make_source(slug="hostile-source", title="Zebra", body="<script>zebra()</script> zebra")
    response = client.get("/search/?q=zebra")
    body = response.content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "<script>zebra" not in body
    assert "&lt;script&gt;" in body
    assert "<mark>zebra</mark>" in body


def test_the_kind_filter_shows_one_kind_and_more_of_it(client, world):
    for number in range(30):
        make_statement(world["source"], world["person"], slug=f"b{number}")
    everything = client.get("/search/?q=build")
    assert groups(everything)["statement"]["count"] == 31
    assert len(groups(everything)["statement"]["records"]) == 10
    assertContains(everything, "?q=build&amp;kind=statement")
    one = client.get("/search/?q=build&kind=statement")
    assert list(groups(one)) == ["statement"]
    assert len(groups(one)["statement"]["records"]) == 25
    assert groups(client.get("/search/?q=build&kind=Statements"))["statement"]["count"] == 31
    assert list(groups(client.get("/search/?q=enterprises&kind=figures"))) == ["metric"]
    unknown = client.get("/search/?q=build&kind=nonsense")
    assert unknown.status_code == 200
    assert "statement" in groups(unknown)
    assertContains(unknown, "no such kind of record")
    nothing = client.get("/search/?q=build&kind=topic")
    assertContains(nothing, "Nothing published of that kind")


def test_names_are_found_by_their_chinese_form(client, world):
    make_person(slug="wang", family_name="WANG", given_name="Zhenhua", name_zh="王振华")
    make_organisation(slug="haihua", name="Shandong Haihua Group", name_zh="山东海化集团有限公司")
    found = groups(client.get("/search/?q=王振华"))
    assert [p.slug for p in found["person"]["records"]] == ["wang"]
    found = groups(client.get("/search/?q=海化集团"))
    assert [o.slug for o in found["organisation"]["records"]] == ["haihua"]
    listed = client.get("/people/?q=王振华").context["object_list"]
    assert [p.slug for p in listed] == ["wang"]
    assertNotContains(client.get("/search/?q=王振"), "Nothing published")


def many(world, start, stop):
    """Records of every kind that match "park"."""
    for i in range(start, stop):
        make_statement(world["source"], world["person"], slug=f"st{i}")
        make_person(slug=f"p{i}", family_name="Park", given_name=f"N{i}")
        make_organisation(slug=f"o{i}", name=f"Park org {i}")
        make_project(slug=f"pr{i}", name=f"Park project {i}")
        make_topic(slug=f"t{i}", name=f"Park topic {i}")
        make_source(slug=f"s{i}", title=f"Park source {i}")
        make_metric(
            world["indicator"],
            world["source"],
            place=world["place"],
            period_label=f"{2000 + i}",
            evidence="the park was built",
        )


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/search/?q=park", "/search/?q=park&kind=person"])
def test_search_costs_the_same_few_queries_whatever_the_data(client, world, url):
    many(world, 0, 2)
    few = queries(client, url)
    many(world, 2, 32)
    assert queries(client, url) == few <= MOST_QUERIES
    shown = client.get("/search/?q=park").context["groups"]
    assert all(len(g["records"]) <= 10 for g in shown) and len(shown) >= 6


def test_marks_are_always_closed_whatever_the_text_holds():
    from entities.search import marked

    assert str(marked("a \x02b\x03 \x03c \x02<i>")) == "a <mark>b</mark> c <mark>&lt;i&gt;</mark>"
    assert "\x02" not in str(snippet("x \x02y\x03 y", ["y"]))


def test_search_finds_the_same_best_records_for_a_common_word_as_for_a_rare_one(
    client, world, monkeypatch
):
    from entities import search

    many(world, 0, 3)
    rare = {
        k: [r.pk for r in g["records"]] for k, g in groups(client.get("/search/?q=park")).items()
    }
    monkeypatch.setattr(search, "RARE", -1)  # as if "park" were in most records
    common = groups(client.get("/search/?q=park"))
    assert {k: [r.pk for r in g["records"]] for k, g in common.items()} == rare
    assert "<mark>" in str(common["statement"]["records"][0].snippet)


# Last: the seed data, loaded once for the rest of the module.
@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize("q", ["hydrogen", "shandong", "the", "王振华", "energy development"])
def test_search_on_the_seed_data_costs_at_most_twelve_queries(client, q):
    assert queries(client, f"/search/?q={q}") <= MOST_QUERIES
