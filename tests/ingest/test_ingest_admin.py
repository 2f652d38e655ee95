"""Curators ingest an article in the admin and decide its proposals."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entities.models import Organisation, Person, Place, Position, Project, Source, Status
from ingest import services
from ingest.models import Proposal
from statements.models import Indicator, Metric, Statement
from tests.conftest import make_user
from tests.ingest.test_ingest import ARTICLE

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


def test_a_reviewer_accepting_sends_to_review_and_an_outsider_may_not_decide(
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
    assert Metric.objects.get(value=2300).status == Status.REVIEW
    assert client.get(f"/admin/ingest/proposal/{figure.pk}/decide/").status_code == 403


def test_a_reviewer_accepting_publishes_nothing_and_no_public_page_shows_it(
    client, ingested, reviewer
):
    proposal = Proposal.objects.get(statement__text__startswith="We will cut")
    client.force_login(reviewer)
    response = client.post(
        f"/admin/ingest/proposal/{proposal.pk}/decide/", {"decision": "accept"}, follow=True
    )
    assert "Accepted and sent to review" in response.content.decode()
    statement = Statement.objects.get(pk=proposal.statement_id)
    position = statement.speaker_position
    accepted = [statement, statement.source, statement.speaker, position, position.organisation]
    assert [record.status for record in accepted] == [Status.REVIEW] * 5
    assert published() == set()
    client.logout()
    for record in accepted:
        if hasattr(record, "get_absolute_url"):
            assert client.get(record.get_absolute_url()).status_code == 404
    assert "We will cut emissions" not in client.get("/statements/").content.decode()


def test_bulk_accept_by_a_reviewer_publishes_nothing(client, ingested, reviewer):
    client.force_login(reviewer)
    page = client.get(review_url(ingested)).content.decode()
    assert "Send every waiting proposal at confidence ≥" in page
    response = client.post(f"{review_url(ingested)}bulk/", {"confidence": "0"}, follow=True)
    assert "sent them to review" in response.content.decode()
    assert not Proposal.objects.filter(state="proposed").exists()
    assert published() == set()
    assert Statement.objects.exclude(status=Status.REVIEW).count() == 0


# Accept and publish -----------------------------------------------------------------

CURATED = (Source, Person, Organisation, Position, Place, Project, Indicator, Statement, Metric)


def statuses():
    """Every curated record's status and version, by model and id ("entities.person:3")."""
    return {
        ident(services.key(record)): (record.status, record.version)
        for model in CURATED
        for record in model.objects.all()
    }


def ident(key):
    """A record's key without its version: "entities.person:3:2" -> "entities.person:3"."""
    return key.rsplit(":", 1)[0]


def published():
    return {key for key, (status, _) in statuses().items() if status == Status.PUBLISHED}


def publish_url(proposal):
    return f"/admin/ingest/proposal/{proposal.pk}/publish/"


def listed(page):
    """The records a confirmation page will publish: its hidden "records" values."""
    return set(re.findall(r'<input type="hidden" name="records" value="([^"]+)">', page))


@pytest.fixture
def quote(client, ingested, reviewer):
    """The quote by Sun Haisheng, for a reviewer: it needs a new person, position,
    organisation and the draft source."""
    client.force_login(reviewer)
    return Proposal.objects.get(statement__text__startswith="We will cut")


def test_accept_and_publish_publishes_exactly_the_records_it_listed(client, ingested, quote):
    review = client.get(review_url(ingested)).content.decode()
    assert f'href="{publish_url(quote)}"' in review and "Accept and publish…" in review
    before = statuses()
    page = client.get(publish_url(quote)).content.decode()
    assert statuses() == before  # looking changes nothing
    statement = Statement.objects.get(pk=quote.statement_id)
    position = statement.speaker_position
    needed = [statement, statement.source, statement.speaker, position, position.organisation]
    assert listed(page) == {services.key(record) for record in needed}
    for kind in ("statement", "source", "person", "position", "organisation"):
        assert f"<td>{kind}</td>" in page
    assert f'href="/admin/entities/person/{statement.speaker_id}/change/"' in page
    assert "Publish these 5 records" in page

    response = client.post(publish_url(quote), {"records": sorted(listed(page))}, follow=True)
    assert response.redirect_chain[-1][0] == f"{review_url(ingested)}#proposal-{quote.pk}"
    assert "Accepted and published 5 records" in response.content.decode()
    after = statuses()
    changed = {key for key in after if after[key] != before[key]}
    assert changed == published() == {ident(key) for key in listed(page)}
    assert Proposal.objects.get(pk=quote.pk).state == "accepted"
    assert Statement.objects.get(pk=statement.pk).published_by.username == "reviewer"
    client.logout()
    assert client.get(statement.get_absolute_url()).status_code == 200


def test_a_published_dependency_is_not_listed(client, ingested, quote):
    speaker = Statement.objects.get(pk=quote.statement_id).speaker
    speaker.status = Status.PUBLISHED
    speaker.save()
    page = client.get(publish_url(quote)).content.decode()
    assert services.key(speaker) not in listed(page) and len(listed(page)) == 4


def became_a_dependency(statement):
    statement.reported_by = Organisation.objects.create(name="Zibo Daily", slug="zibo-daily")
    statement.save()


def was_published(statement):
    statement.speaker.status = Status.PUBLISHED
    statement.speaker.save()


def was_edited(statement):
    statement.speaker.given_name = "Haisheng (edited)"
    statement.speaker.save()


@pytest.mark.parametrize("meanwhile", [became_a_dependency, was_published, was_edited])
def test_a_list_that_changed_since_it_was_shown_is_refused(client, ingested, quote, meanwhile):
    shown = listed(client.get(publish_url(quote)).content.decode())
    meanwhile(Statement.objects.get(pk=quote.statement_id))
    before = statuses()
    response = client.post(publish_url(quote), {"records": sorted(shown)}, follow=True)
    page = response.content.decode()
    assert "The records to publish have changed since the list was shown" in page
    assert statuses() == before and Proposal.objects.get(pk=quote.pk).state == "proposed"
    assert listed(page) != shown  # the confirmation page again, with the new list


@pytest.mark.parametrize(
    "records",
    [
        [],
        ["nonsense"],
        ["statements.statement:abc", "nope.nope:1", "entities.person:99999999999999999999999"],
        ["auth.user:1"],
    ],
)
def test_tampered_records_are_refused_and_nothing_changes(client, ingested, quote, records):
    shown = listed(client.get(publish_url(quote)).content.decode())
    before = statuses()
    response = client.post(publish_url(quote), {"records": records}, follow=True)
    assert response.status_code == 200
    assert "Nothing was published" in response.content.decode()
    assert statuses() == before
    # One record too many, or one too few, is refused too.
    for wrong in (sorted(shown)[1:], [*shown, "auth.user:1"]):
        client.post(publish_url(quote), {"records": wrong})
        assert statuses() == before


@pytest.mark.parametrize("url", ["abc/publish/", "99999999999999999999999/publish/"])
def test_a_bad_proposal_id_is_not_found(client, ingested, quote, url):
    """Not a number: the admin's own "no such object" redirect; too big: 404."""
    before = statuses()
    for method in (client.get, client.post):
        assert method(f"/admin/ingest/proposal/{url}", follow=True).status_code in (200, 404)
    assert client.get(f"/admin/ingest/proposal/{url}").status_code in (302, 404)
    assert statuses() == before


def test_a_decided_proposal_is_not_published(client, ingested, quote):
    shown = listed(client.get(publish_url(quote)).content.decode())
    client.post(f"/admin/ingest/proposal/{quote.pk}/decide/", {"decision": "reject"})
    before = statuses()
    response = client.post(publish_url(quote), {"records": sorted(shown)}, follow=True)
    assert "That proposal was already rejected. Nothing was published." in (
        response.content.decode()
    )
    assert statuses() == before


def test_a_curator_may_not_accept_and_publish(client, ingested, quote, curator):
    shown = listed(client.get(publish_url(quote)).content.decode())
    client.force_login(curator)
    assert "Accept and publish" not in client.get(review_url(ingested)).content.decode()
    before = statuses()
    assert client.get(publish_url(quote)).status_code == 403
    assert client.post(publish_url(quote), {"records": sorted(shown)}).status_code == 403
    assert statuses() == before and Proposal.objects.get(pk=quote.pk).state == "proposed"


def test_each_record_needs_its_own_publish_permission(client, ingested, quote):
    """May publish statements but not people: told so, and the POST changes nothing."""
    shown = listed(client.get(publish_url(quote)).content.decode())
    half = make_user("half", "Curator")
    half.user_permissions.add(Permission.objects.get(codename="publish_statement"))
    client.force_login(half)
    page = client.get(publish_url(quote)).content.decode()
    assert "You may not publish organisations, people, positions, sources" in page
    assert listed(page) == set()  # no button
    before = statuses()
    response = client.post(publish_url(quote), {"records": sorted(shown)}, follow=True)
    assert "You may not publish" in response.content.decode()
    assert statuses() == before and Proposal.objects.get(pk=quote.pk).state == "proposed"


@pytest.mark.parametrize("who", ["curator", "reviewer"])
def test_the_review_page_costs_the_same_queries_whatever_the_proposals(
    client, ingested, reviewer, who
):
    if who == "reviewer":
        client.force_login(reviewer)
    assert ("Accept and publish" in client.get(review_url(ingested)).content.decode()) == (
        who == "reviewer"
    )
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
