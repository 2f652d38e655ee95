"""check_provenance proves every excerpt is verbatim in its source."""

import pytest
from django.core.management import CommandError, call_command

from entities.excerpts import describe_mismatch
from entities.models import Position
from statements.models import Metric, Statement


def test_clean_records_pass_and_get_their_offsets(world, capsys):
    call_command("check_provenance")
    assert "All 3 excerpts are verbatim in their sources." in capsys.readouterr().out
    body = world["source"].body
    assert Statement.objects.get().offset == body.index("We will build the park,")
    assert Metric.objects.get().offset == body.index("high-tech enterprises exceeded")
    assert Position.objects.get().offset == body.index("SUN Haisheng, Director")


def test_a_changed_character_is_caught_and_the_record_named(world, capsys):
    Statement.objects.update(text="We will build the bark,")
    with pytest.raises(CommandError, match="1 of 3 excerpts are not in their sources"):
        call_command("check_provenance")
    out = capsys.readouterr().out
    assert "statements.Statement sun-haisheng-article: text is not verbatim in 'article'" in out
    assert "then it has 'bark,' where the source has 'park," in out


def test_a_mismatch_says_where_it_starts():
    assert describe_mismatch("abcX", "xxabcdef") == (
        "the first 3 characters match the source at character 2; "
        "then it has 'X' where the source has 'def'"
    )
    assert describe_mismatch("Q", "abc") == "not even its first character 'Q' is in the source"
