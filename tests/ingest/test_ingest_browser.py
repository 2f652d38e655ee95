"""A curator pastes an article and clears its proposals from the keyboard, in Chromium."""

import datetime

import pytest
from playwright.sync_api import expect

from entities.models import Status
from ingest import services
from ingest.models import Proposal
from statements.models import Statement
from tests.admin.test_admin_browser import log_in
from tests.ingest.test_ingest import ARTICLE


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__")
def test_upload_accept_two_reject_one_and_see_the_changelist(page, live_server, curator, tmp_path):
    log_in(page, live_server, curator)
    page.goto(f"{live_server.url}/admin/ingest/proposal/")
    page.click("text=Ingest an article")
    page.fill("#id_title", "Zibo deepens its chemical industry")
    page.fill("#id_published", "2024-05-20")
    page.fill("#id_text", ARTICLE)
    page.click("input[type=submit][value=Ingest]")
    expect(page.locator("mark.proposal.quote").first).to_be_visible()
    expect(page.locator("tr.proposal-row.proposed")).to_have_count(5)
    page.screenshot(path=tmp_path / "review.png", full_page=True)

    # The first proposal is selected: accept it and the next with "a", reject the third.
    first, second, third = Proposal.objects.order_by("start", "kind")[:3]
    expect(page.locator(f"#proposal-{first.pk}")).to_have_class("proposal-row proposed current")
    page.keyboard.press("a")
    expect(page.locator(f"#proposal-{first.pk}")).to_have_class("proposal-row accepted")
    expect(page.locator(f"#proposal-{second.pk}")).to_have_class("proposal-row proposed current")
    page.keyboard.press("a")
    expect(page.locator(f"#proposal-{second.pk}")).to_have_class("proposal-row accepted")
    page.keyboard.press("r")
    expect(page.locator(f"#proposal-{third.pk}")).to_have_class("proposal-row rejected")
    expect(page.locator(f'mark[data-proposal="{third.pk}"]')).to_have_count(0)

    states = dict(Proposal.objects.values_list("pk", "state"))
    assert [states[p.pk] for p in (first, second, third)] == ["accepted", "accepted", "rejected"]

    page.goto(f"{live_server.url}/admin/statements/statement/?status__exact=review")
    accepted = Statement.objects.filter(pk__in=[first.statement_id, second.statement_id])
    for statement in accepted:
        expect(page.locator("#result_list")).to_contain_text(statement.text[:30])
    page.goto(f"{live_server.url}/admin/ingest/proposal/?state__exact=rejected")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__")
def test_a_reviewer_accepts_and_publishes_after_seeing_what_it_publishes(
    page, live_server, reviewer, tmp_path
):
    services.ingest(ARTICLE, title="Zibo deepens", published=datetime.date(2024, 5, 20))
    proposal = Proposal.objects.get(statement__text__startswith="We will cut")
    log_in(page, live_server, reviewer)
    page.goto(f"{live_server.url}/admin/ingest/proposal/review/{proposal.source_id}/")
    # "a" only sends to review; publishing is the row's own link, then a confirmation.
    expect(page.locator("button[data-key=accept]").first).to_have_text("Accept (send to review)")
    page.locator(f"#proposal-{proposal.pk}").get_by_text("Accept and publish…").click()
    rows = page.locator("table.to-publish tbody tr")
    expect(rows).to_have_count(5)
    for kind in ("statement", "source", "person", "position", "organisation"):
        expect(page.locator("table.to-publish")).to_contain_text(kind)
    page.screenshot(path=tmp_path / "publish.png", full_page=True)
    assert not Statement.objects.filter(status=Status.PUBLISHED).exists()
    page.click("text=Publish these 5 records")
    expect(page.locator(f"#proposal-{proposal.pk}")).to_have_class("proposal-row accepted")
    expect(page.locator(".messagelist")).to_contain_text("Accepted and published 5 records")
    assert Statement.objects.get(pk=proposal.statement_id).status == Status.PUBLISHED
