"""What each public page costs in queries, pinned: on every published seed record's page,
with whatever lists that record has (issue 20: "query counts stay as they are, or
fall"). And no public page reads a column its query left out (`only()`), which Django
would read again, a query per row, whatever the data (`no_deferred_reads`)."""

from collections import defaultdict

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

from entities.models import Organisation, Person, Place, Project, Source, Topic
from statements.models import Indicator, Metric, Statement

#: The most queries any seed record's page costs, by kind of page.
QUERIES = {
    "statement": 3,
    "metric": 1,
    "indicator": 2,
    "person": 9,
    "organisation": 9,
    "project": 9,
    "place": 9,
    "topic": 8,
    "source": 6,
}
MODELS = (Statement, Metric, Indicator, Person, Organisation, Project, Place, Topic, Source)
#: Home, the lists (unfiltered and filtered) and search, each with rows.
PAGES = {
    "/": 13,
    "/statements/": 4,
    "/statements/?kind=paraphrase&topic=hydrogen-energy": 5,
    "/statements/?q=hydrogen": 4,
    "/metrics/": 3,
    "/people/": 2,
    "/organisations/": 3,
    "/projects/": 3,
    "/places/": 2,
    "/topics/": 2,
    "/sources/": 2,
    "/indicators/": 3,
    "/search/?q=hydrogen": 6,
    "/search/?q=enterprises": 8,  # figures among the matches
}
#: On PostgreSQL a list's search first asks the planner how many rows it expects, in
#: the list and among the matches, in one query (entities.search.search).
ON_POSTGRESQL = {"/statements/?q=hydrogen": 1}


@pytest.fixture(autouse=True)
def no_deferred_reads(monkeypatch):
    """A column left out of a page's query and then shown fails the test that reads it,
    naming the record and the column (Django reads it again by refresh_from_db)."""

    def refresh_from_db(self, using=None, fields=None, **kwargs):
        raise AssertionError(f"{type(self).__name__} {self.pk}: {fields} was not read")

    monkeypatch.setattr(Model, "refresh_from_db", refresh_from_db)


@pytest.mark.django_db
def test_every_detail_page_costs_its_pinned_queries(client, seeded):
    most, pages = defaultdict(int), 0
    for model in MODELS:
        for record in model.objects.published():
            url = record.get_absolute_url()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, url
            name = model._meta.model_name
            most[name] = max(most[name], len(captured))
            pages += 1
    assert pages > 100  # every kind of page, many times over
    assert dict(most) == QUERIES


@pytest.mark.django_db
def test_every_list_costs_its_pinned_queries(client, seeded):
    counted = {}
    for url in PAGES:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        assert b"match.</p>" not in response.content, url  # rows, so their reads count
        counted[url] = len(captured)
    extra = ON_POSTGRESQL if connection.vendor == "postgresql" else {}
    assert counted == {url: queries + extra.get(url, 0) for url, queries in PAGES.items()}
