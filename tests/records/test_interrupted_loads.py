"""A seed or load_for_review interrupted halfway leaves the database exactly as before.

These tests run outside a test transaction (transaction=True), so the commands'
own transaction is what commits or rolls back: inside a test transaction a
rollback to a savepoint would hide a command that commits as it goes. A fault
is injected after the command has written records; the whole database, dumped
before and after (every table: records, their history, users, the page-cache
generation), must be the same. On PostgreSQL the ids a rolled-back run drew from
a sequence stay used (sequences are not transactional); no row differs.
"""

import io
import json

import pytest
from django.core.management import call_command

from entities.models import Person, Status
from shandong import loading, provenance
from statements.models import Statement
from tests.records.test_seed import FIXTURES

pytestmark = [
    pytest.mark.interrupted_loads,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEED_RECORDS = sum(len(json.loads(path.read_text(encoding="utf-8"))) for path in FIXTURES)


class Injected(Exception):
    """The fault a test injects."""


def snapshot():
    """Every row of every table, as dumpdata writes them."""
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def fail_on_call(monkeypatch, owner, name, n, exception=Injected):
    """Let `owner.name` do its work, then raise `exception`, on its nth call.

    The returned dict gets the database as it was at that moment, uncommitted:
    proof that the interrupted run had written something.
    """
    real = getattr(owner, name)
    seen = {"calls": 0}

    def interrupted(*args, **kwargs):
        result = real(*args, **kwargs)
        seen["calls"] += 1
        if seen["calls"] == n:
            seen["at_fault"] = snapshot()
            raise exception(f"injected after call {n} of {name}")
        return result

    monkeypatch.setattr(owner, name, interrupted)
    return seen


#: Where a run is interrupted: (what, name, on which call, exception); "half" is
#: half of the records the run stores.
FAULTS = {
    "halfway through the records": (loading, "store", "half", Injected),
    "after the second statement is saved": (Statement, "save", 2, Injected),
    "in the provenance check, after every record": (provenance, "check_all", 1, Injected),
    "by Ctrl-C halfway": (loading, "store", "half", KeyboardInterrupt),
}


def interrupted_run(monkeypatch, fault, records, command, *args):
    owner, name, n, exception = FAULTS[fault]
    before = snapshot()
    seen = fail_on_call(monkeypatch, owner, name, records // 2 if n == "half" else n, exception)
    with pytest.raises(exception, match="injected"):
        call_command(command, *args, stdout=io.StringIO())
    assert seen["at_fault"] != before  # the run had written records when it was stopped
    monkeypatch.undo()
    assert snapshot() == before


@pytest.mark.parametrize("fault", FAULTS)
def test_an_interrupted_seed_of_an_empty_database_leaves_it_empty(monkeypatch, fault):
    assert not Person.objects.exists()
    interrupted_run(monkeypatch, fault, SEED_RECORDS, "seed")
    assert not Person.objects.exists()


@pytest.mark.parametrize("fault", FAULTS)
def test_an_interrupted_seed_over_changed_records_leaves_them_as_they_were(monkeypatch, fault):
    call_command("seed", stdout=io.StringIO())
    # Changes a second seed puts back: an edited person, statements returned to
    # draft, a statement deleted.
    Person.objects.filter(slug="sun-haisheng").update(description="Edited", version=7)
    statements = Statement.objects.order_by("pk")
    Statement.objects.filter(pk__in=statements.values("pk")[:3]).update(status=Status.DRAFT)
    statements.last().delete()
    interrupted_run(monkeypatch, fault, SEED_RECORDS, "seed")
    assert Person.objects.get(slug="sun-haisheng").description == "Edited"


@pytest.mark.parametrize("fault", FAULTS)
def test_an_interrupted_load_for_review_leaves_the_database_as_it_was(monkeypatch, fault, tmp_path):
    call_command("seed", stdout=io.StringIO())
    quote = Statement.objects.select_related("source").first()
    body = quote.source.body
    records = [
        {"model": "entities.topic", "fields": {"slug": "new-topic", "name": "New topic"}},
        {
            "model": "entities.person",
            "fields": {"slug": "new-person", "family_name": "New", "given_name": "Person"},
        },
        *(
            {
                "model": "statements.statement",
                "fields": {
                    "slug": f"new-statement-{n}",
                    "source": [quote.source.slug],
                    "speaker": ["new-person"],
                    "text": body[n * 40 : n * 40 + 30],
                    "kind": "paraphrase",
                    "topics": [["new-topic"]],
                },
            }
            for n in range(4)
        ),
    ]
    path = tmp_path / "new.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    interrupted_run(monkeypatch, fault, len(records), "load_for_review", str(path))
    assert not Person.objects.filter(slug="new-person").exists()
