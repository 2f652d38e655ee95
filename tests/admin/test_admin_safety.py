"""The admin shows hostile records as text: lists, forms, history, evidence, review."""

from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse
from django.utils.html import escape

from entities.models import Curated, ProjectRole, Source, Status
from tests.factories import BODY
from tests.xss import HOSTILE, assert_shown_as_text

MODELS = sorted(
    (m for m in admin.site._registry if m._meta.app_label in ("entities", "statements")),
    key=lambda model: model._meta.label,
)
TEXT_FIELDS = ("name", "given_name", "title", "description", "context", "notes")


@pytest.fixture
def hostile(world, superuser):
    """Every record of the world saved with hostile names, notes and excerpts, so its
    history holds them too; then put in review, for the needs-review page."""
    role = ProjectRole.objects.create(
        project=world["project"], organisation=world["organisation"], role="owner"
    )
    source = world["source"]
    source.body = f"{HOSTILE} {BODY}\n{HOSTILE}"
    records = [*world.values(), role]
    for record in records:
        for field in record._meta.fields:
            if field.name in TEXT_FIELDS:
                setattr(record, field.name, HOSTILE)
        record._change_reason = HOSTILE
        if record == world["statement"]:
            record.text = HOSTILE  # highlighted where the body starts
        if record == role:
            record.source, record.evidence = source, "\n" + HOSTILE  # where the body ends
        record.save()
    for record in records:
        if isinstance(record, Curated):
            type(record).objects.filter(pk=record.pk).update(status=Status.REVIEW)
    LogEntry.objects.log_actions(superuser.pk, [world["person"]], CHANGE, change_message=HOSTILE)
    return {**world, "projectrole": role}


def admin_pages(model, record):
    opts = model._meta
    base = f"admin:{opts.app_label}_{opts.model_name}"
    latest = record.history.first()
    return [
        reverse(f"{base}_changelist"),
        reverse(f"{base}_changelist") + "?q=" + quote(HOSTILE),
        reverse(f"{base}_change", args=[record.pk]),
        reverse(f"{base}_history", args=[record.pk]),
        reverse(f"{base}_simple_history", args=[record.pk, latest.history_id]),
        reverse(f"{base}_delete", args=[record.pk]),
    ]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_admin_page_of_a_hostile_record_shows_it_as_text(client, superuser, hostile, model):
    client.force_login(superuser)
    record = hostile[model._meta.model_name]
    for url in admin_pages(model, record):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_shown_as_text(response.content.decode(), url)


def test_the_admin_home_and_needs_review_page_show_hostile_names_as_text(
    client, superuser, hostile
):
    client.force_login(superuser)
    for url in ("/admin/", "/admin/needs-review/"):
        assert_shown_as_text(client.get(url).content.decode(), url)
    content = client.get("/admin/needs-review/").content.decode()
    for record in hostile.values():
        if isinstance(record, Curated):
            opts = record._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
            assert f'<a href="{url}">{escape(str(record))}</a>' in content


def test_evidence_previews_highlight_hostile_excerpts_as_text(client, superuser, hostile):
    client.force_login(superuser)
    statement, role = hostile["statement"], hostile["projectrole"]
    content = client.get(
        reverse("admin:statements_statement_change", args=[statement.pk])
    ).content.decode()
    assert f'<mark id="excerpt">{escape(HOSTILE)}</mark>' in content
    source = Source.objects.get()
    content = client.get(reverse("admin:entities_source_change", args=[source.pk])).content.decode()
    assert f'<mark id="statement-{statement.pk}">{escape(HOSTILE)}</mark>' in content
    assert f'<mark id="projectrole-{role.pk}">\n{escape(HOSTILE)}</mark></div>' in content


def test_history_shows_hostile_changes_and_reasons_as_text(client, superuser, hostile):
    client.force_login(superuser)
    person = hostile["person"]
    content = client.get(
        reverse("admin:entities_person_history", args=[person.pk])
    ).content.decode()
    assert f"&rarr;&nbsp;&nbsp;{escape(HOSTILE)}" in content  # the new given name
    assert f"<td>\n          {escape(HOSTILE)}\n        </td>" in content  # the change reason
    change = client.get(reverse("admin:entities_person_change", args=[person.pk]))
    assert "{{ 7|add:7 }} {% now &quot;Y&quot; %}" in change.content.decode()  # shown, not run
