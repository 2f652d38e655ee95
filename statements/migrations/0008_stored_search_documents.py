"""Store each searchable row's search document, on PostgreSQL only.

An expression index finds rows, but every count, recheck and ranking still computed
to_tsvector() row by row (docs/performance.md). A stored generated column is computed
once, when the row is written, and indexed with GIN.

The columns are literals, as the models' `search_fields` were when this was made; a
change to `search_fields` needs a new migration (tests/records/test_search_schema.py fails
until it has one). The entities' documents are made by entities 0009.
"""

from django.db import migrations

#: Table -> the columns of its search document, in order.
SEARCH_DOCUMENTS = {
    "statements_statement": ["text"],
    "statements_metric": ["evidence", "period_label"],
    "statements_indicator": ["name", "description"],
}


def document_sql(columns):
    text = " || ' ' || ".join(f"COALESCE(\"{column}\"::text, '')" for column in columns)
    return f"to_tsvector('english'::regconfig, {text})"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCH_DOCUMENTS.items():
        name = table.split("_", 1)[1]
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}_fulltext")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS ({document_sql(columns)}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {name}_search ON {table} USING gin (search_document)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCH_DOCUMENTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document")


class Migration(migrations.Migration):
    dependencies = [
        ("entities", "0004_published_list_indexes"),
        ("statements", "0007_published_list_indexes"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
