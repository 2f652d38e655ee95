"""load_for_review: new records arrive in review, and bad input is refused whole."""

import json

import pytest
from django.core.management import CommandError, call_command

from entities.models import Person, Status
from statements.models import Metric, Statement

NEW_PERSON = {
    "model": "entities.person",
    "fields": {"slug": "hou-yugang", "family_name": "Hou", "given_name": "Yugang"},
}


def statement(**fields):
    return {
        "model": "statements.statement",
        "fields": {
            "slug": "new-quote",
            "source": ["article"],
            "speaker": ["hou-yugang"],
            "text": "We will build the park,",
            "kind": "quote",
            **fields,
        },
    }


def metric(**fields):
    return {
        "model": "statements.metric",
        "fields": {
            "slug": "new-metric",
            "indicator": ["high-tech-enterprises"],
            "value": "32000",
            "qualifier": "exceeded",
            "source": ["article"],
            "evidence": "exceeded 32,000",
            **fields,
        },
    }


@pytest.fixture
def write(tmp_path):
    def write(records, name="new.json"):
        path = tmp_path / name
        path.write_text(records if isinstance(records, str) else json.dumps(records, indent=2))
        return str(path)

    return write


def snapshot():
    return [
        (model.__name__, sorted(model.objects.values_list("slug", "status", "version")))
        for model in (Person, Statement, Metric)
    ]


def test_new_records_arrive_in_review(world, write, capsys):
    path = write([statement(topics=[["hydrogen-energy"]]), NEW_PERSON])
    call_command("load_for_review", path)
    hou = Person.objects.get(slug="hou-yugang")
    quote = Statement.objects.get(slug="new-quote")
    assert (hou.status, quote.status) == (Status.REVIEW, Status.REVIEW)
    assert quote.speaker == hou
    assert quote.offset == world["source"].body.index("We will build")
    assert list(quote.topics.values_list("slug", flat=True)) == ["hydrogen-energy"]
    assert quote.history.get().history_change_reason == "load_for_review: new.json"
    assert "created: 1 people, 1 statements" in capsys.readouterr().out


def test_files_may_refer_to_each_other_in_any_order(world, write):
    call_command("load_for_review", write([statement()], "a.json"), write([NEW_PERSON], "b.json"))
    assert Statement.objects.get(slug="new-quote").speaker.slug == "hou-yugang"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '[{"model": "entities.person",\n  "fields": {"slug": }}]',
            "new.json: malformed JSON at line 2, column 22",
        ),
        ({"model": "entities.person"}, "new.json: a fixture file holds a JSON list of records"),
        (
            [NEW_PERSON, {"model": "entities.robot", "fields": {}}],
            "new.json, record 2: unknown model 'entities.robot'",
        ),
        (
            [NEW_PERSON, statement(loudness=11)],
            "new.json, record 2 (statements.statement new-quote): unknown field 'loudness'",
        ),
        (
            [NEW_PERSON, statement(speaker=["nobody"])],
            "record 2 (statements.statement new-quote): field 'speaker' refers to entities.person "
            "['nobody'], which does not exist",
        ),
        (
            [NEW_PERSON, statement(text="We will build the port,")],
            "record 2 (statements.statement new-quote): field 'text': text is not verbatim in "
            "'article': the first 19 characters match the source at character 43; "
            "then it has 'ort,'",
        ),
        (
            [NEW_PERSON, metric()],
            "record 2 (statements.metric new-metric): field 'place': Choose exactly one subject",
        ),
        (
            [NEW_PERSON, metric(place=["shandong"], organisation=["dst"])],
            "field 'place': Choose exactly one subject: a place, an organisation or a project.; "
            "field 'organisation': Choose exactly one subject",
        ),
        (
            [NEW_PERSON, statement(kind="rumour")],
            "field 'kind': Value 'rumour' is not a valid choice.",
        ),
        (
            [NEW_PERSON, statement(status="published")],
            "field 'status' is set by the loader, not by fixtures",
        ),
        (
            [NEW_PERSON, {"model": "entities.person", "pk": 7, "fields": {}}],
            "record 2: unexpected key pk; refer to records by natural key",
        ),
        (
            [
                {
                    "model": "entities.person",
                    "fields": {"slug": "sun-haisheng", "family_name": "Sun"},
                }
            ],
            "record 1 (entities.person sun-haisheng): a record with natural key ['sun-haisheng'] "
            "already exists",
        ),
    ],
    ids=[
        "malformed-json",
        "not-a-list",
        "unknown-model",
        "unknown-field",
        "unknown-reference",
        "quote-not-in-source",
        "metric-without-subject",
        "metric-with-two-subjects",
        "bad-choice",
        "loader-field",
        "numeric-id",
        "existing-record",
    ],
)
def test_bad_input_is_refused_by_file_record_and_field(world, write, content, message):
    before = snapshot()
    path = write(content)
    with pytest.raises(CommandError) as error:
        call_command("load_for_review", path)
    assert str(error.value).startswith("Nothing was loaded. ")
    assert message in str(error.value)
    assert snapshot() == before
    assert not Person.objects.filter(slug="hou-yugang").exists()


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match=r"nothing\.json: cannot be read"):
        call_command("load_for_review", str(tmp_path / "nothing.json"))
