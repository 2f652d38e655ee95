"""Indexes for finding records by name, alias and body, as ingest does.

The name indexes serve every database. The rest are PostgreSQL's only: a trigram
index of places' aliases (people's and organisations' are statements 0003's), and
an index of source bodies' MD5 digests. SQLite scans at its sizes.
"""

from django.db import migrations, models
from django.db.models.functions import MD5, Upper

#: An alias in any case, for Place.objects.named() (NamedQuerySet.alias_is).
PLACE_ALIASES = (
    "CREATE INDEX IF NOT EXISTS place_aliases_trgm ON entities_place "
    'USING gin ((UPPER("aliases"::text)) gin_trgm_ops)'
)
#: A source by its exact body: SourceQuerySet.with_body().
SOURCE_BODY = models.Index(MD5("body"), name="source_body_md5")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(PLACE_ALIASES)
        schema_editor.add_index(apps.get_model("entities", "source"), SOURCE_BODY)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS place_aliases_trgm")
        schema_editor.execute(f"DROP INDEX IF EXISTS {SOURCE_BODY.name}")


class Migration(migrations.Migration):
    dependencies = [("entities", "0005_count_function")]

    operations = [
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(Upper("name"), name="organisation_name_upper"),
        ),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(Upper("name"), name="place_name_upper"),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
