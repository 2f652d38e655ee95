"""A curator and a reviewer take a statement from draft to published, in Chromium."""

import pytest
from playwright.sync_api import expect

from entities.models import Status
from statements.models import Statement


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", f"{user.username}-password-42")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__")
def test_a_statement_goes_from_draft_to_published(
    page, live_server, world, curator, reviewer, tmp_path
):
    statement = world["statement"]
    Statement.objects.update(status=Status.DRAFT)

    log_in(page, live_server, curator)
    page.goto(f"{live_server.url}/admin/entities/person/")
    page.fill("#searchbar", "SU")
    page.press("#searchbar", "Enter")
    page.click("#result_list a:text('SUN Haisheng')")
    page.click("text=Statements by SUN Haisheng")
    page.click("#result_list a:text('We will build the park,')")
    expect(page.locator("mark#excerpt")).to_have_text("We will build the park,")
    page.screenshot(path=tmp_path / "statement-in-context.png", full_page=True)
    page.click("button[value=submit_for_review]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    statement.refresh_from_db()
    assert statement.status == Status.REVIEW

    page.click("#logout-form button")
    log_in(page, live_server, reviewer)
    page.click("text=Needs review")
    page.click("a:text('SUN Haisheng: “We will build the park,”')")
    page.click("button[value=publish]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.screenshot(path=tmp_path / "published.png", full_page=True)
    statement.refresh_from_db()
    assert (statement.status, statement.published_by) == (Status.PUBLISHED, reviewer)
    assert (tmp_path / "statement-in-context.png").stat().st_size > 10_000


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__")
def test_a_curators_edit_reaches_the_public_only_when_a_reviewer_publishes_it(
    page, live_server, world, curator, reviewer
):
    statement = world["statement"]
    public = f"{live_server.url}{statement.get_absolute_url()}"

    log_in(page, live_server, curator)
    page.goto(f"{live_server.url}/admin/statements/statement/{statement.pk}/change/")
    expect(page.locator(".revision-notice")).to_contain_text("This record is published.")
    page.fill("#id_context", "At the provincial press conference.")
    page.fill("#id_change_reason", "context from the article")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("held as pending revision 1")
    expect(page.locator(".revision-diff ins")).to_have_text("At the provincial press conference.")

    page.goto(public)
    expect(page.locator("main")).not_to_contain_text("At the provincial press conference.")

    page.goto(f"{live_server.url}/admin/")
    page.click("#logout-form button")
    log_in(page, live_server, reviewer)
    expect(page.locator(".needs-review-link")).to_contain_text("1 waiting")
    page.click("text=Needs review")
    revision = page.locator(".pending-revision")
    expect(revision).to_contain_text("revision 1 by curator")
    expect(revision.locator("ins")).to_have_text("At the provincial press conference.")
    page.goto(public)
    expect(page.locator("main")).not_to_contain_text("At the provincial press conference.")

    page.goto(f"{live_server.url}/admin/needs-review/")
    page.click(".pending-revision button[value=publish]")
    expect(page.locator(".messagelist .success")).to_contain_text("Published revision 1")
    page.goto(public)
    expect(page.locator("main")).to_contain_text("At the provincial press conference.")
    statement.refresh_from_db()
    assert statement.context == "At the provincial press conference."

    # The history records it, on a page the Content-Security-Policy leaves whole (the
    # `page` fixture fails on any report).
    page.goto(f"{live_server.url}/admin/statements/statement/{statement.pk}/history/")
    expect(page.locator("#change-history")).to_contain_text("Published revision 1 by curator")
    expect(page.locator("p.paginator")).to_be_visible()
