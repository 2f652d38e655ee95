"""A curator pastes an article and clears its proposals from the keyboard, in Chromium."""

import pytest
from playwright.sync_api import expect

from ingest.models import Proposal
from statements.models import Statement

from .test_admin_browser import log_in
from .test_ingest import ARTICLE


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
