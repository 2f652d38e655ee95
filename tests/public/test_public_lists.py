"""The public list pages on the seed data: every filter, search and sort."""

import json

import pytest
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.usefixtures("seeded")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def shown(response):
    return [str(record) for record in response.context["object_list"]]


def assert_lists(client, url, present=(), absent=(), count=None):
    response = page(client, url)
    names = shown(response)
    for name in present:
        assert name in names, f"{name!r} missing from {url}"
    for name in absent:
        assert name not in names, f"{name!r} wrongly on {url}"
    if count is not None:
        assert response.context["paginator"].count == count, url
    return response


def test_people(client):
    response = assert_lists(
        client, "/people/", ["SUN Haisheng", "Hou Yugang", "Chen Yang"], count=21
    )
    assertContains(response, "<strong>21</strong> people", html=False)
    assert_lists(client, "/people/?q=Haisheng", ["SUN Haisheng"], ["Hou Yugang"], count=1)
    assert_lists(client, "/people/?organisation=xinfa-group", ["ZHANG Xuexin"], ["SUN Haisheng"])
    names = shown(page(client, "/people/?o=-name"))
    assert names.index("Zhou Yunjie") < names.index("Chen Yang")


def test_people_sorted_by_name_ignore_case(client):
    """ "SUN Haisheng" sorts among the Suns, not before every lower-case name."""
    for order in ("name", "-name"):
        names = shown(page(client, f"/people/?o={order}"))
        families = [name.split()[0].lower() for name in names]
        assert families == sorted(families, reverse=order.startswith("-")), names
        assert names == shown(page(client, "/people/")) or order == "-name"


def test_organisations(client):
    assert_lists(client, "/organisations/", ["Boan Biotech", "CCTV"], count=40)
    assert_lists(
        client,
        "/organisations/?kind=company",
        ["Xinfa Group"],
        ["Department of Science and Technology of Shandong Province"],
    )
    # Shandong includes Yantai, and the zone inside Yantai.
    assert_lists(
        client,
        "/organisations/?place=shandong",
        ["Yantai High-tech Industrial Development Zone", "Jinjing Group"],
        ["National People's Congress"],
    )
    assert_lists(
        client,
        "/organisations/?topic=hydrogen-energy",
        ["Shandong Dongyue Future Hydrogen Energy Material Co., Ltd."],
        ["Haier Group"],
    )
    assert_lists(client, "/organisations/?q=haihua", ["Shandong Haihua Group Co., Ltd."], count=1)
    assert_lists(
        client,
        "/organisations/?parent=shandong-university",
        ["School of Control Science and Engineering"],
        count=1,
    )
    names = shown(page(client, "/organisations/?o=-name"))
    assert names == sorted(names, reverse=True)


def test_projects(client):
    assert page(client, "/projects/").context["paginator"].count == 24
    response = page(client, "/projects/?place=yantai")
    slugs = {p.slug for p in response.context["object_list"]}
    assert slugs == {"genghai-no-1", "ivd-medical-device-industrial-park"}
    slugs = {p.slug for p in page(client, "/projects/?kind=campaign").context["object_list"]}
    assert slugs == {"jining-large-scale-equipment-renewal", "qingdao-blue-bay-remediation"}
    slugs = {
        p.slug for p in page(client, "/projects/?stage=under_construction").context["object_list"]
    }
    assert "wufu-shipyard-green-marine-engineering-technology-industrial-base" in slugs
    slugs = {
        p.slug
        for p in page(client, "/projects/?organisation=shandong-marine-group").context[
            "object_list"
        ]
    }
    assert slugs == {"genghai-no-1"}
    slugs = {p.slug for p in page(client, "/projects/?q=hydrogen").context["object_list"]}
    assert {"dongyue-hydrogen-fuel-cell-film", "zibo-hydrogen-energy-industry-initiative"} <= slugs
    slugs = {
        p.slug for p in page(client, "/projects/?topic=hydrogen-energy").context["object_list"]
    }
    assert "dongyue-hydrogen-fuel-cell-film" in slugs and "genghai-no-1" not in slugs


def test_places(client):
    assert_lists(client, "/places/", ["Shandong Province", "Laishan District"], count=19)
    assert_lists(client, "/places/?kind=prefecture_city", ["Yantai"], ["Shandong Province"])
    assert_lists(
        client,
        "/places/?parent=shandong",
        ["Yantai", "Laishan District", "Xintai"],
        ["Shandong Province", "Yellow Sea"],
    )
    assert_lists(client, "/places/?q=laishan", ["Laishan District"], ["Yantai"])


def test_topics(client):
    assert_lists(client, "/topics/", ["Hydrogen energy"], count=34)
    assert_lists(
        client, "/topics/?kind=sector", ["Hydrogen energy"], ["New quality productive forces"]
    )
    assert_lists(client, "/topics/?q=hydrogen", ["Hydrogen energy"], count=1)


def test_sources(client):
    article_1 = (
        "Making New Achievements in Building a Modern Industrial System—Important Speech by "
        "General Secretary XI Jinping during His Inspection of Shandong Province Inspires Us "
        "to Forge Ahead"
    )
    article_2 = "Shandong deputies discuss boosting manufacturing strength"
    assert_lists(client, "/sources/", [article_1, article_2], count=2)
    assert_lists(client, "/sources/?publisher=dazhong-daily", [article_1], [article_2])
    assert_lists(client, "/sources/?published_after=2024-01-01", [article_1], [article_2])
    assert_lists(client, "/sources/?published_before=2023-12-31", [article_2], [article_1])
    assert_lists(client, "/sources/?q=legislators", [article_2], [article_1])
    assert shown(page(client, "/sources/?o=date"))[0] == article_2


def statement_slugs(client, url):
    return {s.slug for s in page(client, url).context["object_list"]}


def test_statements(client):
    assert page(client, "/statements/").context["paginator"].count == 52
    assert statement_slugs(client, "/statements/?speaker=sun-haisheng") == {
        "sun-haisheng-local-realities",
        "sun-haisheng-next-focus",
    }
    by_xinfa = statement_slugs(client, "/statements/?organisation=xinfa-group")
    assert "zhang-xuexin-leading-green-seller" in by_xinfa
    assert "sun-haisheng-local-realities" not in by_xinfa
    assert statement_slugs(client, "/statements/?place=qingdao") == {
        "qingdao-clean-water-and-beach",
        "meng-qingsheng-born-in-the-sea",
        "meng-qingsheng-marine-ecosystem-protection",
    }
    hydrogen = statement_slugs(client, "/statements/?topic=hydrogen-energy")
    assert "wang-zhenhua-hydrogen-energy-opportunity" in hydrogen
    assert "sun-haisheng-local-realities" not in hydrogen
    article_2 = statement_slugs(
        client, "/statements/?source=shandong-deputies-manufacturing-strength-2023"
    )
    assert len(article_2) == 8 and "hou-yugang-reduce-pollution" in article_2
    paraphrases = statement_slugs(
        client, "/statements/?kind=paraphrase&source=shandong-deputies-manufacturing-strength-2023"
    )
    assert len(paraphrases) == 6
    assert statement_slugs(client, "/statements/?date_to=2023-12-31") == article_2
    assert not statement_slugs(client, "/statements/?date_from=2024-01-01") & article_2
    assert "wang-zhenhua-hydrogen-energy-opportunity" in statement_slugs(
        client, "/statements/?q=hydrogen"
    )
    speakers = [
        s.speaker.family_name
        for s in page(client, "/statements/?o=speaker&kind=quote").context["object_list"]
        if s.speaker
    ]
    assert speakers == sorted(speakers)


def test_statements_in_a_place_include_places_below_it(client):
    shandong = statement_slugs(client, "/statements/?place=shandong")
    qingdao = statement_slugs(client, "/statements/?place=qingdao")
    assert qingdao and qingdao <= shandong


def metric_slugs(client, url):
    return {m.slug for m in page(client, url).context["object_list"]}


def test_metrics(client):
    assert page(client, "/metrics/").context["paginator"].count == 12
    assert metric_slugs(client, "/metrics/?indicator=total-revenue") == {
        "xinfa-group-total-revenue-2023"
    }
    assert metric_slugs(client, "/metrics/?year=2022") == {
        "shandong-new-renewable-energy-capacity-growth-2022"
    }
    assert metric_slugs(client, "/metrics/?organisation=xinfa-group") == {
        "xinfa-group-total-revenue-2023",
        "xinfa-group-major-industrial-chains-2024",
    }
    assert metric_slugs(client, "/metrics/?project=genghai-no-1") == set()
    # Yantai: the IVD park lies in the zone, inside Yantai.
    assert metric_slugs(client, "/metrics/?place=yantai") == {
        "ivd-park-bio-pharmaceutical-market-entities-2024",
        "ivd-park-listed-pharmaceutical-companies-2024",
    }
    assert "shandong-technology-transaction-volume-2024-q1" in metric_slugs(
        client, "/metrics/?q=transaction"
    )
    values = [m.value for m in page(client, "/metrics/?o=-value").context["object_list"]]
    assert values == sorted(values, reverse=True)


def test_indicators(client):
    assert_lists(client, "/indicators/?unit=rmb", ["Total revenue"], ["High-tech enterprises"])
    assert_lists(client, "/indicators/?q=revenue", ["Total revenue"], count=1)


def test_active_filters_are_shown_and_removable(client):
    response = page(client, "/statements/?speaker=sun-haisheng&kind=quote")
    assertContains(response, "Speaker: <strong>sun-haisheng</strong>", html=False)
    assertContains(response, "Kind: <strong>Direct quote</strong>", html=False)
    assertContains(response, 'href="?kind=quote" aria-label="Remove filter Speaker"', html=False)


def test_pagination_keeps_the_filters(client):
    response = page(client, "/statements/?kind=quote")
    assert response.context["paginator"].count == 28
    assertContains(response, 'href="?kind=quote&amp;page=2"', html=False)
    second = page(client, "/statements/?kind=quote&page=2")
    assert len(second.context["object_list"]) == 3
    assertNotContains(second, 'rel="next"')


def test_related_filters_take_a_name_as_well_as_a_slug(client):
    assert statement_slugs(client, "/statements/?speaker=Wang+Zhenhua") == {
        "wang-zhenhua-hydrogen-energy-opportunity"
    }
    by_name = statement_slugs(client, "/statements/?organisation=Xinfa")
    assert by_name == statement_slugs(client, "/statements/?organisation=xinfa-group")
    assert_lists(client, "/people/?organisation=Haier", ["Zhou Yunjie"], count=1)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/places/?o=-name", "name"),
        ("/topics/?o=-name", "name"),
        ("/projects/?o=-name", "name"),
        ("/indicators/?o=-name", "name"),
        ("/sources/?o=-title", "title"),
    ],
)
def test_every_list_sorts(client, url, key):
    records = page(client, url).context["object_list"]
    values = [getattr(record, key) for record in records]
    assert len(values) > 1
    assert values == sorted(values, reverse=True)


def test_metrics_and_indicators_by_topic(client):
    assert metric_slugs(client, "/metrics/?topic=biopharmaceuticals") >= {
        "ivd-park-bio-pharmaceutical-market-entities-2024"
    }
    assert "shandong-new-renewable-energy-capacity-growth-2022" not in metric_slugs(
        client, "/metrics/?topic=biopharmaceuticals"
    )
    indicators = {i.slug for i in page(client, "/indicators/?unit=percent").context["object_list"]}
    assert indicators == {"new-and-renewable-energy-installed-capacity-growth"}


def test_deep_pages_show_the_same_rows_by_the_deferred_join(client, monkeypatch):
    from entities.paginators import EstimatedCountPaginator

    urls = ["/statements/?page=2", "/organisations/?page=2&o=-name", "/people/?page=1"]
    plain = {url: shown(page(client, url)) for url in urls}
    monkeypatch.setattr(EstimatedCountPaginator, "DEFERRED_JOIN_FROM", 0)
    assert {url: shown(page(client, url)) for url in urls} == plain
    assert all(plain.values())


@pytest.mark.django_db
def test_reported_speech_of_an_organisation_shows_who_reported_it(client):
    from tests.factories import make_organisation, make_source, make_statement

    source = make_source()
    daily = make_organisation(slug="example-daily", name="Example Daily")
    make_statement(
        source,
        text="Hydrogen energy is the new driving force",
        kind="paraphrase",
        reported_by=daily,
    )
    response = client.get("/statements/?organisation=example-daily")
    assertContains(
        response, 'According to <a href="/organisations/example-daily/">Example Daily</a>'
    )
    rows = client.get("/statements/?organisation=example-daily&format=json")
    [row] = json.loads(b"".join(rows.streaming_content))
    assert (row["reported_by"], row["speaker"]) == ("Example Daily", "")
