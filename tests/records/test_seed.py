"""seed: the curated fixtures load whole, published, provable, and only once."""

import io
import json
from collections import Counter

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from entities.models import Curated, Person, Status
from shandong.loading import MODELS
from statements.models import Statement
from tests.conftest import once

FIXTURES = sorted((settings.BASE_DIR / "fixtures").glob("*.json"))


def fixture_counts():
    records = [r for path in FIXTURES for r in json.loads(path.read_text(encoding="utf-8"))]
    return Counter(r["model"] for r in records)


def database_counts():
    counts = Counter({label: apps.get_model(label).objects.count() for label in MODELS})
    return +counts  # drop models with no rows


def state():
    """Everything a seed run could change: every row's version and status, and history."""
    return {
        label: sorted(
            apps.get_model(label).objects.values_list(
                "pk", *(["version", "status"] if issubclass(apps.get_model(label), Curated) else [])
            )
        )
        for label in MODELS
    } | {"history": Person.history.count() + Statement.history.count()}


@pytest.fixture(scope="class")
def seeded_once(django_db_setup, django_db_blocker):
    """The seed, loaded once for the class below and rolled back after it: its tests
    change the database only inside their own transactions."""
    with once(django_db_blocker):
        call_command("seed", stdout=io.StringIO())
        yield


@pytest.fixture
def seeded(seeded_once, db):
    """The seed records, for one test."""


class TestASeededDatabase:
    """Seeded once for the class (tests.conftest.once)."""

    def test_the_loaded_counts_equal_the_records_in_the_fixture_files(self, seeded):
        assert FIXTURES, "fixtures/ holds the seed records"
        assert database_counts() == fixture_counts()

    def test_everything_is_published(self, seeded):
        for label in MODELS:
            model = apps.get_model(label)
            if issubclass(model, Curated):
                assert set(model.objects.values_list("status", flat=True)) == {Status.PUBLISHED}

    def test_a_second_run_changes_nothing(self, seeded, capsys):
        before = state()
        capsys.readouterr()
        call_command("seed")
        assert state() == before
        out = capsys.readouterr().out
        assert "unchanged:" in out
        assert "created:" not in out and "updated:" not in out

    def test_every_loaded_record_passes_check_provenance(self, seeded, capsys):
        call_command("check_provenance")
        assert "excerpts are verbatim in their sources" in capsys.readouterr().out
        assert not Statement.objects.filter(offset__isnull=True).exists()

    def test_a_tampered_quote_is_caught_and_named(self, seeded, capsys):
        quote = Statement.objects.filter(kind=Statement.Kind.QUOTE).first()
        Statement.objects.filter(pk=quote.pk).update(text=quote.text.replace("e", "a", 1))
        with pytest.raises(CommandError, match="1 of"):
            call_command("check_provenance")
        assert f"statements.Statement {quote.slug}: text is not verbatim" in capsys.readouterr().out


def test_a_bad_fixture_leaves_the_database_untouched(db, tmp_path):
    for path in FIXTURES:
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    statements = json.loads((tmp_path / FIXTURES[-1].name).read_text(encoding="utf-8"))
    statements[-1]["fields"]["text"] += " (invented)"
    (tmp_path / FIXTURES[-1].name).write_text(json.dumps(statements), encoding="utf-8")
    with pytest.raises(CommandError, match="text is not verbatim"):
        call_command("seed", fixtures=tmp_path)
    assert database_counts() == Counter()
