"""Hostile input to ingest: any text extracts without failing, and the admin's upload,
review, decision and publishing views answer a form error or a plain 4xx, never a 500."""

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entities.models import Source, Status
from ingest.extract import extract
from ingest.models import Proposal
from statements.models import Statement
from tests.fuzz import HOSTILE, HOSTILE_IDS, bounded, count, values
from tests.ingest.test_ingest import ARTICLE

UPLOAD = "/admin/ingest/proposal/upload/"
FIELDS = ["title", "publisher", "published", "url", "language", "text"]
FORM = {"title": "T", "published": "2024", "language": "en", "text": ARTICLE}

#: Texts shaped like news copy, with marks, names, numbers and hostile pieces.
PIECES = [
    "“", "”", '"', "‘", "’", ", said ", "SUN Haisheng", "Hou Yugang", ", Director of the ",
    " Group", " said that ", "RMB 5 billion", "2,586", "25.1 percent", ". ", "\n\n", "he said",
    *HOSTILE,
]  # fmt: skip


@pytest.mark.fuzz
@bounded
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=60))
def test_any_text_extracts_spans_of_itself_quickly(pieces):
    text = "".join(pieces)
    started = time.perf_counter()
    findings = extract(text)
    assert time.perf_counter() - started < 5  # no runaway regular expression
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)


@pytest.mark.fuzz
@pytest.mark.parametrize("field", FIELDS)
def test_hostile_upload_fields_give_form_errors(client, curator, field):
    client.force_login(curator)

    @bounded
    @given(values())
    def check(value):
        count("admin")
        before = (Source.objects.count(), Proposal.objects.count())
        response = client.post(UPLOAD, {**FORM, field: value})
        assert response.status_code in {200, 302}
        if response.status_code == 200:  # refused, with a form error: nothing written
            assert (Source.objects.count(), Proposal.objects.count()) == before
            assert (
                "errornote" in response.content.decode() or "errorlist" in response.content.decode()
            )

    check()


@pytest.mark.fuzz
def test_hostile_ids_and_decisions_give_4xx(client, curator):
    client.force_login(curator)
    client.post(UPLOAD, FORM)
    source = Source.objects.get()
    proposal = Proposal.objects.first()
    for bad in HOSTILE_IDS:
        for path in ("review/{}/", "{}/decide/", "review/{}/bulk/"):
            count("admin")
            response = client.post(f"/admin/ingest/proposal/{path.format(bad)}", {})
            if response.status_code == 302:  # the admin's catch-all: its change form
                response = client.get(response["Location"])
            assert response.status_code in {302, 403, 404}, (path, bad)

    @bounded
    @given(values(), values())
    def check(decision, confidence):
        count("admin")
        decide = f"/admin/ingest/proposal/{proposal.pk}/decide/"
        assert client.post(decide, {"decision": decision}).status_code == 302
        bulk = f"/admin/ingest/proposal/review/{source.pk}/bulk/"
        assert client.post(bulk, {"confidence": confidence}).status_code == 302

    check()
    for confidence in ("NaN", "sNaN", "Infinity", "-0", "1e999", "0.5\x00"):
        bulk = f"/admin/ingest/proposal/review/{source.pk}/bulk/"
        assert client.post(bulk, {"confidence": confidence}).status_code == 302


@pytest.mark.fuzz
def test_hostile_ids_and_records_to_accept_and_publish_give_4xx_and_publish_nothing(
    client, curator, reviewer
):
    client.force_login(curator)
    client.post(UPLOAD, FORM)
    proposal = Proposal.objects.filter(statement__isnull=False).first()
    client.force_login(reviewer)
    for bad in HOSTILE_IDS:
        for method in (client.get, client.post):
            count("admin")
            response = method(f"/admin/ingest/proposal/{bad}/publish/")
            if response.status_code == 302:  # the admin's catch-all: its change form
                response = client.get(response["Location"])
            assert response.status_code in {302, 403, 404}, bad
    publish = f"/admin/ingest/proposal/{proposal.pk}/publish/"

    @bounded
    @given(st.lists(values(), max_size=6))
    def check(records):
        count("admin")
        assert client.post(publish, {"records": records}).status_code in {302, 400}
        assert not Statement.objects.filter(status=Status.PUBLISHED).exists()
        assert Proposal.objects.get(pk=proposal.pk).state == "proposed"

    check()
