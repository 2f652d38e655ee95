"""Curators ingest an article in the admin and decide its proposals."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entities.models import Source, Status
from ingest.models import Proposal
from statements.models import Metric, Statement

from .test_ingest import ARTICLE

UPLOAD = "/admin/ingest/proposal/upload/"
FORM = {"title": "Zibo deepens", "published": "2024-05-20", "language": "en", "publisher": ""}


def review_url(source):
    return f"/admin/ingest/proposal/review/{source.pk}/"


@pytest.fixture
def ingested(client, curator):
    client.force_login(curator)
    response = client.post(UPLOAD, {**FORM, "text": ARTICLE})
    source = Source.objects.get()
    assert response.status_code == 302 and response["Location"] == review_url(source)
    return source


def test_a_pasted_article_is_ingested_and_its_proposals_highlighted_in_place(client, ingested):
    page = client.get(review_url(ingested)).content.decode()
    for proposal in Proposal.objects.all():
        assert f'data-proposal="{proposal.pk}"' in page
        assert f'<mark class="proposal {proposal.kind} proposed"' in page
    assert page.count('class="proposal-row proposed"') == 5
    # The figure "two" is inside the paraphrase: its mark nests inside the other's.
    assert '<mark class="proposal figure proposed"' in page
    assert "Created source" in page  # the summary, as messages


def test_an_uploaded_file_is_ingested(client, curator):
    client.force_login(curator)
    upload = SimpleUploadedFile("a.txt", ARTICLE.encode("utf-8"), content_type="text/plain")
    response = client.post(UPLOAD, {**FORM, "file": upload})
    assert response.status_code == 302
    assert Source.objects.get().body == ARTICLE


@pytest.mark.parametrize(
    "data, error",
    [
        ({"text": ""}, "Upload a file or paste the text"),
        ({"text": ARTICLE, "published": "May 2024"}, "Use YYYY-MM-DD, YYYY-MM or YYYY."),
        ({"text": ARTICLE, "published": "2024-13-40"}, "This is not a date."),
        ({"file": "latin1"}, "The file is not UTF-8 text"),
        ({"text": ARTICLE, "language": "<script>"}, "Enter a valid value."),
    ],
)
def test_bad_uploads_are_refused_with_a_message_and_nothing_is_written(
    client, curator, data, error
):
    client.force_login(curator)
    if data.get("file") == "latin1":
        data = {"file": SimpleUploadedFile("a.txt", "caf\xe9".encode("latin-1"))}
    response = client.post(UPLOAD, {**FORM, **data})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Source.objects.exists() and not Proposal.objects.exists()


def test_accept_and_reject_from_the_review_page(client, ingested):
    quote, continued = Proposal.objects.filter(kind="quote").order_by("start")
    response = client.post(f"/admin/ingest/proposal/{quote.pk}/decide/", {"decision": "accept"})
    assert response["Location"] == f"{review_url(ingested)}#proposal-{quote.pk}"
    assert Statement.objects.get(pk=quote.statement_id).status == Status.REVIEW
    client.post(f"/admin/ingest/proposal/{continued.pk}/decide/", {"decision": "reject"})
    assert not Statement.objects.filter(pk=continued.statement_id).exists()
    states = dict(Proposal.objects.filter(kind="quote").values_list("pk", "state"))
    assert states == {quote.pk: "accepted", continued.pk: "rejected"}
    # Deciding twice changes nothing.
    client.post(f"/admin/ingest/proposal/{continued.pk}/decide/", {"decision": "accept"})
    assert Proposal.objects.get(pk=continued.pk).state == "rejected"
    page = client.get(review_url(ingested)).content.decode()
    assert 'class="proposal-row accepted"' in page and 'class="proposal-row rejected"' in page


def test_bulk_accept_takes_only_proposals_at_or_above_the_confidence(client, ingested):
    client.post(f"{review_url(ingested)}bulk/", {"confidence": "0.85"})
    accepted = set(Proposal.objects.filter(state="accepted").values_list("rule", flat=True))
    assert accepted == {"speaker-after", "interrupted-quote"}  # 0.9 and 0.85
    assert Proposal.objects.filter(state="proposed").count() == 3
    response = client.post(f"{review_url(ingested)}bulk/", {"confidence": "lots"}, follow=True)
    assert "Give a confidence between 0 and 1." in response.content.decode()


def test_a_reviewer_accepting_publishes_and_an_outsider_may_not_decide(
    client, ingested, reviewer, outsider
):
    figure = Proposal.objects.get(metric__value=2300)
    client.force_login(outsider)
    assert client.get(review_url(ingested)).status_code == 403
    assert (
        client.post(
            f"/admin/ingest/proposal/{figure.pk}/decide/", {"decision": "accept"}
        ).status_code
        == 403
    )
    assert client.get(UPLOAD).status_code == 403
    client.force_login(reviewer)
    client.post(f"/admin/ingest/proposal/{figure.pk}/decide/", {"decision": "accept"})
    assert Metric.objects.get(value=2300).status == Status.PUBLISHED
    assert client.get(f"/admin/ingest/proposal/{figure.pk}/decide/").status_code == 403


def test_the_review_page_costs_the_same_queries_whatever_the_proposals(client, ingested):
    client.get(review_url(ingested))
    with CaptureQueriesContext(connection) as few:
        client.get(review_url(ingested))
    Proposal.objects.bulk_create(
        Proposal(source=ingested, kind="figure", start=n, end=n + 1, rule="t", confidence=0.5)
        for n in range(200, 260)
    )
    with CaptureQueriesContext(connection) as many:
        client.get(review_url(ingested))
    assert len(many) == len(few)


def test_hostile_article_text_is_shown_as_text(client, curator):
    client.force_login(curator)
    hostile = "<script>alert(1)</script> “We will <img src=x onerror=alert(2)> win,” said LI Hua."
    client.post(UPLOAD, {**FORM, "text": hostile})
    page = client.get(review_url(Source.objects.get())).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_proposals_changelist_links_to_ingesting_an_article(client, ingested):
    page = client.get("/admin/ingest/proposal/").content.decode()
    assert 'href="/admin/ingest/proposal/upload/"' in page
    assert "We will cut emissions" in page
