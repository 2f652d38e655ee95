"""A dump with natural keys loads into an empty database as the same records."""

import io
import re

import pytest
from django.core.management import call_command

from entities.models import Person, Position
from statements.loading import MODELS
from statements.models import Statement


def dump():
    out = io.StringIO()
    call_command(
        "dumpdata", *MODELS, natural_foreign=True, natural_primary=True, indent=1, stdout=out
    )
    # Dumps keep timestamps to the millisecond: one whose microseconds are under a
    # millisecond is written "...:23.000Z" and comes back as "...:23Z".
    return re.sub(r"\.000Z\b", "Z", out.getvalue())


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
    before = dump()
    assert '"pk"' not in before
    assert '"speaker_position": [\n   "sun-haisheng",\n   null,\n   "Professor"' in before
    path = tmp_path / "dump.json"
    path.write_text(before)

    call_command("flush", interactive=False)
    assert Person.objects.count() == 0
    call_command("loaddata", str(path))

    assert dump() == before
    statement = Statement.objects.get()
    assert statement.speaker_position.title == "Professor"
    assert statement.topics.get().slug == "hydrogen-energy"
