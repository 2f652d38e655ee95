"""Trigram indexes behind admin and site search, on PostgreSQL only.

Django's `icontains` becomes `UPPER(column::text) LIKE UPPER('%word%')` on
PostgreSQL; a GIN trigram index on exactly that expression serves it at any table
size. SQLite has no such index and scans, which is fine at its sizes.
"""

from django.db import migrations

#: (index name, table, column) for every searched text column of a table that grows.
SEARCHED = [
    ("statement_text_trgm", "statements_statement", "text"),
    ("metric_evidence_trgm", "statements_metric", "evidence"),
    ("indicator_name_trgm", "statements_indicator", "name"),
    ("person_family_name_trgm", "entities_person", "family_name"),
    ("person_given_name_trgm", "entities_person", "given_name"),
    ("person_aliases_trgm", "entities_person", "aliases"),
    ("organisation_name_trgm", "entities_organisation", "name"),
    ("organisation_aliases_trgm", "entities_organisation", "aliases"),
    ("project_name_trgm", "entities_project", "name"),
    ("project_aliases_trgm", "entities_project", "aliases"),
    ("place_name_trgm", "entities_place", "name"),
    ("source_title_trgm", "entities_source", "title"),
    ("position_title_trgm", "entities_position", "title"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in SEARCHED:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("statements", "0002_curator_and_reviewer_groups")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
