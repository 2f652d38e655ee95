"""Indexes for ingest's lookups: a project's name in any case, and, on PostgreSQL, the
aliases of organisations, places and projects as a GIN index, which serves finding the
records an article may name among its capitalised words (aliases ?| array[...]).
SQLite reads its few records with aliases instead."""

from django.db import migrations, models
from django.db.models.functions import Upper

TABLES = ("entities_organisation", "entities_place", "entities_project")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table[9:]}_aliases_gin ON {table} USING gin (aliases)"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table[9:]}_aliases_gin")


class Migration(migrations.Migration):
    dependencies = [("entities", "0006_name_and_body_lookups")]

    operations = [
        migrations.AddIndex(
            model_name="project",
            index=models.Index(Upper("name"), name="project_name_upper"),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
