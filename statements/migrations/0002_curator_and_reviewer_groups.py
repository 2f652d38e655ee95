"""The Curator and Reviewer groups, in every database.

Curator: add, change and view every curated record; no delete, no publish.
Reviewer: what a Curator may do, plus publish and delete.
Permissions are created here first, because Django only creates them after
all migrations have run.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ["entities", "statements"]


def create_groups(apps, schema_editor):
    for label in APPS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # migration app configs lack it; Django's own recipe
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    records = Permission.objects.filter(content_type__app_label__in=APPS).exclude(
        content_type__model__startswith="historical"
    )
    curator, _ = Group.objects.get_or_create(name="Curator")
    reviewer, _ = Group.objects.get_or_create(name="Reviewer")
    curator.permissions.set(records.filter(codename__regex=r"^(add|change|view)_"))
    reviewer.permissions.set(records.filter(codename__regex=r"^(add|change|view|delete|publish)_"))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Curator", "Reviewer"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("entities", "0001_initial"),
        ("statements", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
