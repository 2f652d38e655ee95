"""count_or_estimate(query, threshold), on PostgreSQL only: see entities/paginators.py."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION count_or_estimate(query text, threshold bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    plan json;
    estimate bigint;
    exact bigint;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    estimate := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
    IF estimate > threshold THEN
        RETURN -estimate;  -- negative: an estimate
    END IF;
    EXECUTE 'SELECT count(*) FROM (' || query || ') AS counted' INTO exact;
    RETURN exact;
END $$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS count_or_estimate(text, bigint)")


class Migration(migrations.Migration):
    dependencies = [("entities", "0004_published_list_indexes")]

    operations = [migrations.RunPython(create, drop)]
