"""Evidence in context: excerpts highlighted in their source, and only verbatim text saved."""

from django.urls import reverse

from entities.models import Source
from statements.models import Statement
from tests.admin_forms import submitted


def statement_url(statement):
    return reverse("admin:statements_statement_change", args=[statement.pk])


def test_a_statement_shows_its_text_highlighted_in_its_passage(client, curator, world):
    statement = world["statement"]
    client.force_login(curator)
    content = client.get(statement_url(statement)).content.decode()
    assert '<mark id="excerpt">We will build the park,</mark>' in content
    source_url = reverse("admin:entities_source_change", args=[world["source"].pk])
    assert f'href="{source_url}#statement-{statement.pk}"' in content


def test_text_that_is_not_verbatim_is_refused_with_where_it_differs(client, curator, world):
    statement = world["statement"]
    client.force_login(curator)
    page = client.get(statement_url(statement))
    response = client.post(
        statement_url(statement), submitted(page, text="We will build the port,")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "text is not verbatim in &#x27;article&#x27;" in content
    assert "the first 19 characters match the source at character 43" in content
    statement.refresh_from_db()
    assert statement.text == "We will build the park,"


def test_a_source_shows_every_excerpt_highlighted(client, curator, world):
    client.force_login(curator)
    url = reverse("admin:entities_source_change", args=[world["source"].pk])
    content = client.get(url).content.decode()
    statement, metric = world["statement"], world["metric"]
    assert f'<mark id="statement-{statement.pk}">We will build the park,</mark>' in content
    assert f'<mark id="metric-{metric.pk}">high-tech enterprises exceeded 32,000</mark>' in content
    assert f'<mark id="position-{world["position"].pk}">SUN Haisheng, Director' in content


def test_highlighting_escapes_the_source(client, curator, world):
    Source.objects.filter(pk=world["source"].pk).update(
        body='<script>alert(1)</script> "><img src=x onerror=alert(2)> We will build the park,'
    )
    client.force_login(curator)
    for url in (
        reverse("admin:entities_source_change", args=[world["source"].pk]),
        statement_url(world["statement"]),
    ):
        content = client.get(url).content.decode()
        assert "<script>alert(1)" not in content
        assert "<img src=x" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert Statement.objects.get().text == "We will build the park,"
