"""GIN indexes for full-text search, on PostgreSQL only. SQLite searches without one.

The searched columns are written out here, as they were when this migration was made:
a migration never reads the models' current `search_fields`. Migration 0008 replaced
these indexes with stored search documents.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXED = {
    "statement": ["text"],
    "metric": ["evidence", "period_label"],
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, fields in INDEXED.items():
            model = apps.get_model("statements", name)
            vector = SearchVector(*fields, config="english")
            schema_editor.add_index(model, GinIndex(vector, name=f"{name}_fulltext"))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXED:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}_fulltext")


class Migration(migrations.Migration):
    dependencies = [("statements", "0004_indexes_for_lists")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
