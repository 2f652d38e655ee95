"""Every public page shows records of every shape without reading a column its query left
out (`only()`): shapes the seed data lacks, such as a figure about a project, a place
below a place, a topic's indicator, a position without an organisation or a statement
without a speaker (tests/public/test_public_query_counts.py runs the seed data)."""

import pytest

from entities.models import Organisation, Person, Place, Project, Source, Topic
from statements.models import Indicator, Metric, Statement
from tests.factories import (
    make_indicator,
    make_metric,
    make_organisation,
    make_place,
    make_position,
    make_project,
    make_statement,
)
from tests.public.test_public_query_counts import no_deferred_reads  # noqa: F401 (autouse)

MODELS = (Statement, Metric, Indicator, Person, Organisation, Project, Place, Topic, Source)


@pytest.fixture
def shapes(world):
    w = world
    city = make_place("jinan", "Jinan", parent=w["place"])
    district = make_place("lixia", "Lixia", parent=city)
    company = make_organisation("inspur", "Inspur", place=district, parent=w["organisation"])
    company.topics.add(w["topic"])
    park = make_project("zone", "The zone", place=district)
    park.topics.add(w["topic"])
    w["indicator"].topics.add(w["topic"])
    output = make_indicator("output", "Enterprises' output", unit="rmb")
    for subject in ({"project": park}, {"organisation": company}, {"place": district}):
        make_metric(output, w["source"], period_label="2024", **subject).topics.add(w["topic"])
    make_position(w["person"], None, w["source"], title="Director-General")
    make_statement(w["source"], None, slug="unsaid", reported_by=company, kind="paraphrase")
    make_statement(w["source"], w["person"], slug="quoting", quoting=w["person"])
    return w


def test_no_page_reads_a_column_its_query_left_out(client, shapes):
    pages = [record.get_absolute_url() for model in MODELS for record in model.objects.all()]
    lists = ["/", "/statements/", "/metrics/", "/organisations/", "/projects/", "/places/"]
    searches = [f"/search/?q={word}" for word in ("enterprises", "park", "hydrogen", "sun")]
    for url in pages + lists + searches:
        assert client.get(url).status_code == 200, url
    assert len(pages) > 15
