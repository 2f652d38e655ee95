"""Store each searchable entity's search document, on PostgreSQL only (see
entities/search.py and statements 0008, which first made them from the statements app).

The columns are literals, as the models' `search_fields` are now; a change to
`search_fields` needs a new migration (tests/records/test_search_schema.py fails until it has
one). On a database where statements 0008 already made them, this changes nothing.
"""

from django.db import migrations

#: Table -> the columns of its search document, in order.
SEARCH_DOCUMENTS = {
    "entities_person": ["family_name", "given_name", "aliases"],
    "entities_organisation": ["name", "aliases", "description"],
    "entities_project": ["name", "aliases", "description"],
    "entities_source": ["title", "body"],
    "entities_place": ["name", "aliases"],
    "entities_topic": ["name", "description"],
}


def document_sql(columns):
    text = " || ' ' || ".join(f"COALESCE(\"{column}\"::text, '')" for column in columns)
    return f"to_tsvector('english'::regconfig, {text})"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCH_DOCUMENTS.items():
        name = table.split("_", 1)[1]
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}_fulltext")  # statements 0005's
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_document tsvector "
            f"GENERATED ALWAYS AS ({document_sql(columns)}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name}_search ON {table} USING gin (search_document)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCH_DOCUMENTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document")


class Migration(migrations.Migration):
    dependencies = [("entities", "0008_revision")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
