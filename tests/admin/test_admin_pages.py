"""Every admin page answers, for a superuser, on the seed-like world."""

import pytest
from django.contrib import admin
from django.urls import reverse

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
CURATED_APPS = {"entities", "statements"}


def record_of(model, world):
    return world.get(model._meta.model_name) or model.objects.first()


@pytest.mark.parametrize(
    "model",
    [m for m in MODELS if m._meta.app_label in CURATED_APPS],
    ids=lambda m: m._meta.label,
)
def test_every_changelist_add_and_change_form_answers(client, superuser, world, model):
    from entities.models import ProjectRole

    ProjectRole.objects.create(
        project=world["project"], organisation=world["organisation"], role="owner"
    )
    client.force_login(superuser)
    opts = model._meta
    base = f"admin:{opts.app_label}_{opts.model_name}"
    record = record_of(model, world)
    curated = hasattr(model, "status")
    for url in (
        reverse(f"{base}_changelist"),
        reverse(f"{base}_changelist") + "?q=park" + ("&status__exact=published" * curated),
        reverse(f"{base}_add"),
        reverse(f"{base}_change", args=[record.pk]),
        reverse(f"{base}_history", args=[record.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_the_needs_review_page_lists_records_in_review_across_models(client, reviewer, world):
    from entities.models import Person, Status
    from statements.models import Statement

    Statement.objects.update(status=Status.REVIEW)
    Person.objects.update(status=Status.REVIEW)
    client.force_login(reviewer)
    response = client.get("/admin/needs-review/")
    content = response.content.decode()
    assert "Statements: 1 in review" in content
    assert "People: 1 in review" in content
    assert "Places:" not in content
    assert reverse("admin:statements_statement_change", args=[world["statement"].pk]) in content
    assert "Needs review" in client.get("/admin/").content.decode()


def test_the_admin_home_lists_the_records_before_the_login_records(client, superuser):
    client.force_login(superuser)
    apps_listed = [app["app_label"] for app in client.get("/admin/").context["app_list"]]
    assert apps_listed.index("entities") < apps_listed.index("axes")
    assert apps_listed[-1] == "axes"


def test_the_statements_changelist_shortens_long_source_titles(client, superuser, world):
    from entities.models import Source

    Source.objects.update(title="A very long title " * 10)
    client.force_login(superuser)
    page = client.get("/admin/statements/statement/").content.decode()
    assert "A very long title A very long title A v…" in page
    assert ("A very long title " * 10).strip() not in page
