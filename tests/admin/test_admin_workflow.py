"""The review workflow: draft -> review -> published, by actions and by buttons."""

from django.urls import reverse

from entities.models import Status
from statements.models import Statement
from tests.admin_forms import submitted

CHANGELIST = "/admin/statements/statement/"


def change_url(record):
    return reverse("admin:statements_statement_change", args=[record.pk])


def test_actions_move_status_and_record_the_reviewer(client, curator, reviewer, world):
    statement = world["statement"]
    Statement.objects.update(status=Status.DRAFT)
    client.force_login(curator)
    client.post(CHANGELIST, {"action": "submit_for_review", "_selected_action": [statement.pk]})
    statement.refresh_from_db()
    assert statement.status == Status.REVIEW

    client.force_login(reviewer)
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [statement.pk]})
    statement.refresh_from_db()
    assert statement.status == Status.PUBLISHED
    assert statement.published_by == reviewer
    assert statement.published_at is not None
    assert statement.history.first().history_change_reason == "Publish"
    assert statement.history.first().history_user == reviewer

    client.post(CHANGELIST, {"action": "return_to_draft", "_selected_action": [statement.pk]})
    statement.refresh_from_db()
    assert statement.status == Status.DRAFT


def test_an_action_skips_records_it_does_not_apply_to(client, curator, world):
    client.force_login(curator)
    response = client.post(
        CHANGELIST,
        {"action": "submit_for_review", "_selected_action": [world["statement"].pk]},
        follow=True,
    )
    assert "Submit for review: 0 record(s)." in response.content.decode()
    world["statement"].refresh_from_db()
    assert world["statement"].status == Status.PUBLISHED


def test_the_change_form_buttons_save_and_move_status(client, curator, reviewer, world):
    statement = world["statement"]
    Statement.objects.update(status=Status.DRAFT)
    client.force_login(curator)
    page = client.get(change_url(statement))
    assert 'value="submit_for_review"' in page.content.decode()
    assert 'value="publish"' not in page.content.decode()
    data = submitted(page, context="At the press conference.", _workflow="submit_for_review")
    assert client.post(change_url(statement), data).status_code == 302
    statement.refresh_from_db()
    assert (statement.status, statement.context) == (Status.REVIEW, "At the press conference.")

    client.force_login(reviewer)
    page = client.get(change_url(statement))
    assert (
        client.post(change_url(statement), submitted(page, _workflow="publish")).status_code == 302
    )
    statement.refresh_from_db()
    assert (statement.status, statement.published_by) == (Status.PUBLISHED, reviewer)


def test_a_curator_pressing_publish_is_refused_and_nothing_is_saved(client, curator, world):
    statement = world["statement"]
    Statement.objects.update(status=Status.REVIEW)
    client.force_login(curator)
    page = client.get(change_url(statement))
    data = submitted(page, context="Changed.", _workflow="publish")
    response = client.post(change_url(statement), data, follow=True)
    assert "Only reviewers may publish. Nothing was saved." in response.content.decode()
    statement.refresh_from_db()
    assert (statement.status, statement.context, statement.version) == (Status.REVIEW, "", 1)
