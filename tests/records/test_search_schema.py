"""The search documents PostgreSQL stores are made of each model's `search_fields`: a
change to `search_fields` without a migration fails here."""

import re
import sys

from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader


def searched_models():
    return [model for model in apps.get_models() if hasattr(model, "search_fields")]


def migrated_columns():
    """Table -> the columns of its search document, as the last migration to make it
    wrote them (each such migration holds them as literals in SEARCH_DOCUMENTS)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    columns = {}
    plan = [n for leaf in loader.graph.leaf_nodes() for n in loader.graph.forwards_plan(leaf)]
    for node in dict.fromkeys(plan):
        module = sys.modules[type(loader.get_migration(*node)).__module__]
        columns.update(getattr(module, "SEARCH_DOCUMENTS", {}))
    return columns


def test_every_searched_model_has_a_migrated_search_document_of_its_fields():
    columns = migrated_columns()
    for model in searched_models():
        assert columns.get(model._meta.db_table) == list(model.search_fields), (
            f"{model._meta.label}.search_fields is {list(model.search_fields)} but the "
            f"migrations build its search document of {columns.get(model._meta.db_table)}: "
            "make a migration"
        )


def test_the_database_holds_those_documents(db):
    if connection.vendor != "postgresql":
        return  # SQLite searches the fields themselves: nothing is stored
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, generation_expression FROM information_schema.columns "
            "WHERE column_name = 'search_document'"
        )
        built = {
            table: re.findall(r'COALESCE\(\(?"?(\w+)"?\)?(?:::\w+)?,', expression)
            for table, expression in cursor.fetchall()
        }
    assert built == {m._meta.db_table: list(m.search_fields) for m in searched_models()}
