"""Dumps that load into an empty database as the same records.

Two dumps, for two jobs (README, "Backup and restore"):

- The records, with natural keys (`--natural-foreign --natural-primary`): no ids, so
  they load into any database, as fixtures do. History is not in it. A version in
  the history names its record by database id, and a load by natural key gives
  records new ids (in dump order: after one deletion every later statement's
  history would hang on the wrong statement, in a dump still byte-identical). And
  history names records that were deleted since, which a natural key cannot: with
  them, dumpdata --natural-foreign stops ("Person matching query does not exist").
- The backup: records and their history with their ids, so each version stays with
  its record (deleted records' history too), and the users history and publishing
  name, by id with their groups by natural key. It loads into an empty database.
"""

import io
import re

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from entities.models import Person, Position, ProjectRole, Source
from ingest import services
from shandong.loading import MODELS
from statements.models import Statement
from tests.conftest import make_user


def dump(*labels, **options):
    out = io.StringIO()
    call_command("dumpdata", *labels, indent=1, stdout=out, **options)
    # Dumps keep timestamps to the millisecond: one whose microseconds are under a
    # millisecond is written "...:23.000Z" and comes back as "...:23Z".
    return re.sub(r"\.000Z\b", "Z", out.getvalue())


def records_dump():
    return dump(*MODELS, natural_foreign=True, natural_primary=True)


def backup():
    """The two files of the backup: users, then records with their history."""
    return dump("auth.user", natural_foreign=True), dump("entities", "statements", "ingest")


def empty_database():
    """Leave what `migrate` gives a new database: no records, history, users or admin
    log (the groups, permissions and page-cache generation stay)."""
    labels = ("entities", "statements", "ingest")
    models = [m for m in apps.get_models() if m._meta.app_label in labels]
    models += [User, User.groups.through, User.user_permissions.through, LogEntry]
    tables = {m._meta.db_table for m in models} | {
        f.remote_field.through._meta.db_table for m in models for f in m._meta.local_many_to_many
    }
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), sorted(tables), reset_sequences=True)
    )
    assert not Person.objects.exists() and not Person.history.exists()


def load(tmp_path, *texts):
    paths = []
    for number, text in enumerate(texts):
        paths.append(tmp_path / f"dump-{number}.json")
        paths[-1].write_text(text, encoding="utf-8")
    call_command("loaddata", *map(str, paths), stdout=io.StringIO())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_natural_key_dump_reloads_to_the_same_records(world, tmp_path):
    nameless = Position.objects.create(
        person=world["person"],
        organisation=None,
        title="Professor",
        source=world["source"],
        evidence="SUN Haisheng",
    )
    world["statement"].speaker_position = nameless
    world["statement"].save()
    before = records_dump()
    assert '"pk"' not in before
    assert '"speaker_position": [\n   "sun-haisheng",\n   null,\n   "Professor"' in before

    empty_database()
    load(tmp_path, before)

    assert records_dump() == before
    statement = Statement.objects.get()
    assert statement.speaker_position.title == "Professor"
    assert statement.topics.get().slug == "hydrogen-energy"


@pytest.mark.dumps
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_seed_records_dumped_by_natural_key_reload_to_an_identical_dump(tmp_path):
    call_command("seed", stdout=io.StringIO())
    Statement.objects.order_by("pk").first().delete()  # ids in the dump would now differ
    before = records_dump()
    assert '"pk"' not in before and "historical" not in before

    empty_database()
    load(tmp_path, before)

    assert records_dump() == before
    assert Statement.objects.count() == 51


def histories():
    """Each record's versions, by the record's natural key: who, when, why, what."""
    found = {}
    for model in [apps.get_model(label) for label in MODELS]:
        for record in model.objects.all():
            found[(model._meta.label, record.natural_key())] = [
                (*version, when.replace(microsecond=when.microsecond // 1000 * 1000))
                for *version, when in record.history.values_list(
                    "history_id",
                    "history_type",
                    "history_user__username",
                    "history_change_reason",
                    "history_date",  # dumps keep it to the millisecond
                )
            ]
    return found


@pytest.mark.dumps
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_every_record_with_its_history(tmp_path):
    call_command("seed", stdout=io.StringIO())
    # A life after the seed: a curator's edit, with a reason; a statement deleted (ids
    # now have a gap); a person added with a position, then deleted with it (their
    # history names records that are gone).
    curator = make_user("curator", "Curator")
    sun = Person.objects.get(slug="sun-haisheng")
    sun.description, sun.published_by = "Director-General", curator
    sun._history_user, sun._change_reason = curator, "Title from the article"
    sun.save()
    Statement.objects.order_by("pk").first().delete()
    position = Position.objects.first()
    gone = Person.objects.create(slug="gone", family_name="Gone")
    Position.objects.create(
        person=gone,
        organisation=position.organisation,
        title="Adviser",
        source=position.source,
        evidence=position.evidence,
    )
    gone.delete()
    # An ingested article with a rejected proposal: the rejection must survive.
    source = Source.objects.first()
    services.Proposer(services.Result(source, False)).run()
    rejected = source.proposals.first()
    services.reject(rejected)
    users, records = backup()
    history_before = histories()
    assert '"history_type": "-"' in records and '"model": "entities.historicalperson"' in records
    assert '"state": "rejected"' in records

    empty_database()
    load(tmp_path, users, records)

    assert backup() == (users, records)
    assert histories() == history_before
    sun = Person.objects.get(slug="sun-haisheng")
    assert sun.published_by.groups.get().name == "Curator"
    latest = sun.history.first()
    assert (latest.history_user.username, latest.history_change_reason) == (
        "curator",
        "Title from the article",
    )
    assert Position.history.filter(title="Adviser").count() == 2  # added, then deleted
    assert ProjectRole.history.count() == ProjectRole.objects.count()
    Person.objects.create(slug="after", family_name="After")  # ids go on after the restored
