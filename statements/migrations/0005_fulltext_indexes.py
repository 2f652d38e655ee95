"""GIN indexes for full-text search, on PostgreSQL only.

Each is built on `entities.search.search_vector(model)`, the very expression the
site's search filters on, so PostgreSQL uses it. SQLite searches without one.
"""

from django.apps import apps as current_apps
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from entities.search import search_vector

SEARCHED = [
    ("entities", "person"),
    ("entities", "organisation"),
    ("entities", "project"),
    ("entities", "source"),
    ("entities", "place"),
    ("statements", "statement"),
    ("statements", "metric"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for label in SEARCHED:
            model = apps.get_model(*label)
            fields = current_apps.get_model(*label).search_fields
            name = f"{model._meta.model_name}_fulltext"
            schema_editor.add_index(model, GinIndex(search_vector(model, fields), name=name))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for label in SEARCHED:
            model = apps.get_model(*label)
            schema_editor.execute(f"DROP INDEX IF EXISTS {model._meta.model_name}_fulltext")


class Migration(migrations.Migration):
    dependencies = [("statements", "0004_indexes_for_lists")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
