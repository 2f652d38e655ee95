"""Related-record filter boxes suggest names (issue 18, item 4): the JSON endpoint,
the boxes that use it, and date filters that say their format."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains

from entities.models import Status
from entities.suggest import KINDS, LIMIT
from tests.factories import make_organisation, make_place


def suggest(client, kind, q):
    return client.get(f"/suggest/{kind}/", {"q": q})


def names(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return [item["name"] for item in response.json()]


def test_suggestions_match_words_of_a_name_published_only(client, db):
    make_place()
    make_place(slug="shandong-draft", name="Shandong Draft Place", status=Status.DRAFT)
    make_place(slug="yantai", name="Yantai")
    response = suggest(client, "places", "sha")
    assert response.json() == [{"slug": "shandong", "name": "Shandong Province"}]
    assert names(suggest(client, "places", "province SHAN")) == ["Shandong Province"]
    assert names(suggest(client, "places", "yantai")) == ["Yantai"]
    assert "public" in response["Cache-Control"]


def test_the_slug_and_the_shortest_name_come_first(client, db):
    make_organisation(slug="dst", name="Department of Science and Technology")
    make_organisation(slug="dst-yantai", name="Yantai Department of Science")
    make_organisation(slug="science", name="Science Park Office")
    assert [i["slug"] for i in suggest(client, "organisations", "dst").json()][0] == "dst"
    assert names(suggest(client, "organisations", "science")) == [
        "Science Park Office",
        "Yantai Department of Science",
        "Department of Science and Technology",
    ]


def test_at_most_ten_in_one_query_however_many_match(client, db):
    for n in range(LIMIT + 5):
        make_organisation(slug=f"bureau-{n}", name=f"Bureau number {n}")
    with CaptureQueriesContext(connection) as queries:
        found = names(suggest(client, "organisations", "bureau"))
    assert len(found) == LIMIT
    assert len([q for q in queries if "entities_organisation" in q["sql"]]) == 1


@pytest.mark.parametrize("q", ["", " ", "s", "   x  "])
def test_too_little_text_suggests_nothing(client, db, q):
    make_place()
    assert names(suggest(client, "places", q)) == []


@pytest.mark.parametrize(
    "q", ["%", "_", "'; drop table x; --", "\\", '"', "[]", "🙂🙂", "Shandong " * 22, "é" * 200]
)
def test_garbage_never_fails(client, db, q):
    make_place()
    assert suggest(client, "places", q).status_code == 200


@pytest.mark.parametrize("q", ["a\x00b", "x" * 201])
def test_a_nul_or_too_long_text_is_a_bad_request(client, db, q):
    assert suggest(client, "places", q).status_code == 400


def test_every_kind_answers_and_others_are_not_found(client, seeded):
    for kind in KINDS:
        assert suggest(client, kind, "sh").status_code == 200, kind
    assert names(suggest(client, "places", "Shandong"))[0] == "Shandong Province"
    assert suggest(client, "statements", "sh").status_code == 404
    assert client.post("/suggest/places/", {"q": "sh"}).status_code == 405


@pytest.mark.parametrize(
    "url, name, kind",
    [
        ("/statements/", "speaker", "people"),
        ("/statements/", "organisation", "organisations"),
        ("/statements/", "place", "places"),
        ("/statements/", "source", "sources"),
        ("/metrics/", "indicator", "indicators"),
        ("/metrics/", "project", "projects"),
        ("/people/", "organisation", "organisations"),
        ("/places/", "parent", "places"),
        ("/sources/", "publisher", "organisations"),
    ],
)
def test_related_boxes_point_at_their_suggestions(client, db, url, name, kind):
    response = client.get(url)
    assertContains(response, f'<datalist id="id_{name}-options"></datalist>', html=False)
    field = response.context["filter"].form[name]
    html = str(field)
    assert f'list="id_{name}-options"' in html
    assert f'data-suggest="/suggest/{kind}/"' in html
    assert 'type="text"' in html  # still a plain box: typed slugs and words work


def test_the_list_page_loads_the_script_from_the_site(client, db):
    response = client.get("/statements/")
    assertContains(response, 'src="/static/shandong/suggest.js" defer', html=False)
    assert "<script>" not in response.content.decode()
    assertContains(response, '<details class="filter-fold" open>', html=False)
    assertContains(response, "<summary>Filters</summary>", html=False)


@pytest.mark.parametrize(
    "url, names_",
    [
        ("/sources/", ["published_after", "published_before"]),
        ("/statements/", ["date_from", "date_to"]),
    ],
)
def test_date_filters_say_their_format(client, db, url, names_):
    response = client.get(url)
    for name in names_:
        html = str(response.context["filter"].form[name])
        assert 'type="date"' in html and 'placeholder="YYYY-MM-DD"' in html
    assertContains(response, "As YYYY-MM-DD", count=len(names_))
    again = client.get(url, {names_[0]: "2024-03-31"})
    assert 'value="2024-03-31"' in str(again.context["filter"].form[names_[0]])
