"""Public pages show published records only: lists, counts, search, exports, details."""

import json

import pytest

from entities.models import Organisation, Person, Status
from statements.models import Statement

pytestmark = pytest.mark.usefixtures("seeded")

QUOTE = "sun-haisheng-local-realities"


def hide(model, slug, status=Status.REVIEW):
    model.objects.filter(slug=slug).update(status=status)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_an_unpublished_statement_is_nowhere(client, status):
    statement = Statement.objects.get(slug=QUOTE)
    text = statement.text[:40]
    hide(Statement, QUOTE, status)
    assert client.get(statement.get_absolute_url()).status_code == 404
    for url in (
        "/statements/",
        "/statements/?speaker=sun-haisheng",
        "/statements/?q=local+realities",
        "/people/sun-haisheng/",
        "/topics/new-quality-productive-forces/",
    ):
        assert text not in client.get(url).content.decode(), url
    # Search shows snippets of sources' bodies, which are published and hold the words
    # (the source page shows its body whole): the statement itself is not found.
    search = client.get("/search/?q=local+realities")
    assert statement.get_absolute_url() not in search.content.decode()
    assert all(r.pk != statement.pk for g in search.context["groups"] for r in g["records"])
    source_page = client.get(statement.source.get_absolute_url()).content.decode()
    assert f'id="statement-{statement.pk}"' not in source_page
    assert text not in body(client.get("/statements/?format=csv")).decode()
    rows = json.loads(body(client.get("/statements/?format=json")))
    assert QUOTE not in {row["id"] for row in rows}
    assert len(rows) == Statement.objects.published().count() == 51
    assert client.get("/statements/").context["paginator"].count == 51
    assert "<strong>51</strong> statements" in client.get("/").content.decode()


def test_an_unpublished_person_is_nowhere(client):
    hide(Person, "sun-haisheng")
    assert client.get("/people/sun-haisheng/").status_code == 404
    assert "SUN Haisheng" not in client.get("/people/").content.decode()
    assert "SUN Haisheng" not in client.get("/search/?q=Haisheng").content.decode()
    assert client.get("/people/").context["paginator"].count == 20
    org = client.get("/organisations/department-of-science-and-technology-of-shandong-province/")
    assert 'href="/people/sun-haisheng/"' not in org.content.decode()
    assert org.context["positions"] == []


def test_an_unpublished_organisation_is_nowhere(client):
    hide(Organisation, "xinfa-group")
    assert client.get("/organisations/xinfa-group/").status_code == 404
    assert "Xinfa Group" not in client.get("/organisations/?q=xinfa").content.decode()
    assert "xinfa-group" not in body(client.get("/organisations/?format=csv")).decode()
    assert "Xinfa Group" not in client.get("/topics/circular-economy/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/people/sun-haisheng/",
        "/organisations/xinfa-group/",
        "/projects/genghai-no-1/",
        "/places/yantai/",
        "/topics/hydrogen-energy/",
        "/sources/dazhong-daily-2024-modern-industrial-system/",
        "/indicators/total-revenue/",
        "/metrics/xinfa-group-total-revenue-2023/",
        "/statements/sun-haisheng-local-realities/",
    ],
)
def test_a_draft_detail_page_answers_404(client, url):
    assert client.get(url).status_code == 200
    slug = url.rstrip("/").rsplit("/", 1)[1]
    response = client.get(url)
    type(response.context["object"]).objects.filter(slug=slug).update(status=Status.DRAFT)
    assert client.get(url).status_code == 404
