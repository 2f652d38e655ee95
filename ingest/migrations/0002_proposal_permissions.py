"""Curators and reviewers may ingest articles and decide proposals."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("ingest")
    app_config.models_module = True  # migration app configs lack it; Django's own recipe
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    allowed = Permission.objects.filter(
        content_type__app_label="ingest", codename__regex=r"^(add|change|view)_"
    )
    for group in Group.objects.filter(name__in=["Curator", "Reviewer"]):
        group.permissions.add(*allowed)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Curator", "Reviewer"]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="ingest"))


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0001_initial"),
        ("statements", "0002_curator_and_reviewer_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
