"""Detail pages, the home page and search, on the seed data."""

import re

import pytest
from django.utils.html import escape
from django.utils.text import Truncator
from pytest_django.asserts import assertContains

from statements.models import Indicator, Metric, Statement

pytestmark = pytest.mark.usefixtures("seeded")


def test_a_person_shows_positions_and_statements(client):
    response = client.get("/people/hou-yugang/")
    assertContains(response, "<h1>Hou Yugang</h1>", html=True)
    assertContains(response, "deputy to the National People&#x27;s Congress")
    assertContains(response, 'href="/organisations/shandong-zaozhuang-mining-group/"')
    assert response.context["statement_count"] == 3


def test_a_person_shows_the_statements_that_quote_them(client):
    response = client.get("/people/xi-jinping/")
    quoted = {s.slug for s in response.context["quoted_in"]}
    assert "jiang-zuming-important-requirements" in quoted


def test_an_organisation_shows_its_parent_children_people_projects_and_figures(client):
    university = client.get("/organisations/shandong-university/")
    assertContains(university, "School of Control Science and Engineering")
    school = client.get(
        "/organisations/school-of-control-science-and-engineering-shandong-university/"
    )
    assert school.context["parent"].slug == "shandong-university"
    assertContains(school, 'href="/people/zhang-chenghui/"')
    xinfa = client.get("/organisations/xinfa-group/")
    assertContains(xinfa, "Total revenue: RMB 290.7 billion")
    assert "zhang-xuexin-leading-green-seller" in {s.slug for s in xinfa.context["statements"]}
    marine = client.get("/organisations/shandong-marine-group/")
    assertContains(marine, 'href="/projects/genghai-no-1/"')


def test_a_place_shows_what_is_there_and_below(client):
    yantai = client.get("/places/yantai/")
    assert {p.slug for p in yantai.context["projects"]} == {
        "genghai-no-1",
        "ivd-medical-device-industrial-park",
    }
    assertContains(yantai, 'href="/places/laishan-district/"')
    shandong = client.get("/places/shandong/")
    assert shandong.context["organisation_count"] >= 10
    assertContains(shandong, "Laishan District")


def test_a_project_shows_organisations_with_roles_and_figures(client):
    response = client.get("/projects/weihai-marine-engineering-equipment-industrial-park/")
    assertContains(response, "Area: 7.4 km²")
    assertContains(response, 'href="/organisations/wuhu-shipyard/"')
    assertContains(response, "Tenant")


def test_a_topic_shows_everything_tagged(client):
    response = client.get("/topics/hydrogen-energy/")
    assert "wang-zhenhua-hydrogen-energy-opportunity" in {
        s.slug for s in response.context["statements"]
    }
    assert "dongyue-hydrogen-fuel-cell-film" in {p.slug for p in response.context["projects"]}


def test_an_indicator_has_a_chart_and_a_table(client):
    response = client.get("/indicators/high-tech-enterprises/")
    content = response.content.decode()
    assert '<svg viewBox="0 0 640 26"' in content
    assert "<rect" in content and "exceeded 32,000" in content
    assertContains(response, '<th scope="col">Value</th>', html=False)


def test_a_source_highlights_every_excerpt_linked_to_its_record(client):
    response = client.get("/sources/dazhong-daily-2024-modern-industrial-system/")
    content = response.content.decode()
    statement = Statement.objects.get(slug="sun-haisheng-local-realities")
    assert (
        f'<mark id="statement-{statement.pk}"><a href="/statements/sun-haisheng-local-realities/">'
        "Developing new productive forces" in content
    )
    metric = Metric.objects.get(slug="xinfa-group-total-revenue-2023")
    assert f'<mark id="metric-{metric.pk}">' in content


def test_every_statement_metric_and_position_links_to_its_place_in_the_source(client):
    statement = Statement.objects.get(slug="sun-haisheng-local-realities")
    see = f'href="/sources/{statement.source.slug}/#statement-{statement.pk}"'
    assertContains(client.get(statement.get_absolute_url()), see)
    assertContains(client.get("/statements/?speaker=sun-haisheng"), see)
    metric = Metric.objects.get(slug="xinfa-group-total-revenue-2023")
    assertContains(client.get(metric.get_absolute_url()), f"#metric-{metric.pk}")
    person = client.get("/people/sun-haisheng/")
    assertContains(person, "#position-")


def test_the_home_page(client):
    response = client.get("/")
    assertContains(response, "<strong>52</strong> statements", html=False)
    assertContains(response, "<strong>21</strong> people", html=False)
    assertContains(response, 'href="/topics/hydrogen-energy/"')
    assertContains(response, 'action="/search/"')
    assert len(response.context["latest"]) == 8


def grouped(response):
    return {
        group["name"]: {r.slug for r in group["records"]} for group in response.context["groups"]
    }


def test_search_finds_hydrogen_across_kinds(client):
    response = client.get("/search/?q=hydrogen")
    groups = {
        group["name"]: {r.slug for r in group["records"]} for group in response.context["groups"]
    }
    assert "wang-zhenhua-hydrogen-energy-opportunity" in groups["statements"]
    assert "dongyue-hydrogen-fuel-cell-film" in groups["projects"]
    assert "shandong-dongyue-future-hydrogen-energy-material" in groups["organisations"]
    assert "hydrogen-energy" in groups["topics"]


def test_search_finds_organisations_by_alias_and_says_when_nothing_matches(client):
    response = client.get("/search/?q=Haihua")
    groups = {
        group["name"]: {r.slug for r in group["records"]} for group in response.context["groups"]
    }
    assert "shandong-haihua-group" in groups["organisations"]
    assert "sun-lingbo" not in groups.get("people", set())
    empty = client.get("/search/?q=zzzzunfindable")
    assertContains(empty, "Nothing published matches")


def test_every_statement_row_shows_its_source_date_and_the_speakers_position(client):
    for url in ("/", "/statements/", "/topics/hydrogen-energy/", "/people/sun-haisheng/"):
        content = client.get(url).content.decode()
        assert content.count('class="statement"') == content.count('class="meta source"'), url
    rows = client.get("/statements/?speaker=sun-haisheng").content.decode()
    assert (
        "SUN Haisheng</a>, Director-General, Department of Science and Technology of Shandong "
        "Province"
    ) in rows
    assert "Making New Achievements in Building a Modern Industrial System" in rows
    assert "</a>, Dazhong Daily, 2024" in rows


def test_a_persons_statements_are_newest_first_grouped_by_source(client):
    response = client.get("/people/hou-yugang/")
    groups = response.content.decode().split('class="statements-in-source"')[1:]
    assert groups and all("<h3>" in group for group in groups)
    # Under its source's heading a row does not name the source again.
    assert all(group.count("Dazhong Daily") <= 1 for group in groups)
    dates = [s.source.published_on for s in response.context["statements"]]
    assert dates == sorted(dates, reverse=True)


def test_every_record_page_has_a_cite_this_block(client):
    pages = {
        "/people/sun-haisheng/": "“SUN Haisheng”. Shandong Records, version ",
        "/statements/sun-haisheng-local-realities/": "Shandong Records, version ",
        "/sources/dazhong-daily-2024-modern-industrial-system/": "@misc{dazhong-daily-2024",
    }
    for url, text in pages.items():
        content = client.get(url).content.decode()
        assert 'id="cite-this"' in content, url
        assert f"http://testserver{url}" in content, url  # the permanent link, absolute
        assert text in content, url
    bibtex = client.get("/sources/dazhong-daily-2024-modern-industrial-system/").context["cite"]
    assert "  year = {2024},\n" in bibtex["bibtex"] and "month" not in bibtex["bibtex"]
    assert "  organization = {Dazhong Daily},\n" in bibtex["bibtex"]


def test_each_bar_of_a_chart_names_its_figure_as_the_figure_says_it(client):
    """The chart is written from plain rows; each bar says what the figure's own record
    says: its subject and period (truncated as Django's Truncator does), its value."""
    for indicator in Indicator.objects.published():
        svg = client.get(indicator.get_absolute_url()).content.decode()
        metrics = indicator.metrics.published().order_by("period_end", "period_start", "pk")
        labels = re.findall(r'class="chart-label">([^<]*)</text>', svg)
        values = re.findall(r'class="chart-value">([^<]*)</text>', svg)
        expected = [
            Truncator(f"{m.subject} — {m.period_label or 'no period'}").chars(42) for m in metrics
        ]
        assert labels == [escape(label) for label in expected]
        assert values == [escape(m.display_value) for m in metrics]
        for m in metrics:
            assert f'href="{m.source.get_absolute_url()}#metric-{m.pk}"' in svg
            assert f'href="{m.get_absolute_url()}"' in svg


def test_a_statement_page_lists_what_it_names_published_and_in_name_order(client):
    from entities.models import Status, Topic

    statement = Statement.objects.filter(topics__isnull=False).distinct().first()
    hidden = Topic.objects.create(name="AAA draft topic", slug="aaa-draft-topic")
    assert hidden.status == Status.DRAFT
    statement.topics.add(hidden)
    content = client.get(statement.get_absolute_url()).content.decode()
    for relation, heading in [
        ("topics", "Topics"),
        ("organisations", "Organisations mentioned"),
        ("places", "Places mentioned"),
        ("projects", "Projects mentioned"),
    ]:
        named = getattr(statement, relation).published().order_by("name")
        links = ", ".join(f'<a href="{r.get_absolute_url()}">{escape(r.name)}</a>' for r in named)
        if named:
            assert f"<dt>{heading}</dt><dd>{links}</dd>" in content
        else:
            assert f"<dt>{heading}</dt>" not in content
    assert "aaa-draft-topic" not in content


def test_each_figure_on_the_list_names_its_subject(client):
    """The figures' list reads each subject's name by a subquery; it is the subject's."""
    response = client.get("/metrics/")
    content = response.content.decode()
    for metric in response.context["object_list"]:
        row = content[
            content.index(f"#metric-{metric.pk}") - 400 : content.index(f"#metric-{metric.pk}")
        ]
        subject = Metric.objects.get(pk=metric.pk).subject
        assert f'<p class="meta">{escape(str(subject))}' in row
