"""Ingesting an article: drafts proposed, existing records matched, decisions kept."""

import datetime
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from entities.models import Organisation, Person, Position, Source, Status
from ingest import services
from ingest.models import Proposal
from shandong.provenance import check_all
from statements.models import Indicator, Metric, Statement
from tests.factories import make_indicator, make_organisation, make_person

ARTICLE = (
    "Zibo deepens its chemical industry\n\n"
    "“We will cut emissions by a third while output keeps growing,” said Sun Haisheng, "
    "Director-General of the Department of Science and Technology. "
    "“New plants must meet the standard from day one.”\n\n"
    "QIAO Lin, chairman of Zibo Chemical Group, said that the group will build two new "
    "research centres. Zibo Chemical Group employs 2,300 engineers."
)


def run_ingest(path, *extra):
    out = io.StringIO()
    call_command(
        "ingest",
        str(path),
        "--title",
        "Zibo deepens",
        "--published",
        "2024-05",
        *extra,
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Source, Person, Organisation, Position, Statement, Metric, Proposal)
    }


def test_an_article_becomes_a_draft_source_with_draft_proposals(db, article):
    output = run_ingest(article, "--publisher", "Dazhong Daily")
    source = Source.objects.get()
    assert (source.status, source.published_on, source.published_on_precision) == (
        Status.DRAFT,
        datetime.date(2024, 5, 1),
        "month",
    )
    assert source.body == ARTICLE
    kinds = sorted(Proposal.objects.values_list("kind", flat=True))
    assert kinds == ["figure", "figure", "paraphrase", "quote", "quote"]
    quote = Statement.objects.get(text__startswith="We will cut")
    assert quote.status == Status.DRAFT
    assert quote.speaker.name == "Sun Haisheng"
    assert quote.speaker_position.title == "Director-General"
    assert quote.speaker_position.organisation.name == "Department of Science and Technology"
    assert "rule speaker-after" in quote.notes
    continued = Statement.objects.get(text__startswith="New plants")
    assert continued.speaker == quote.speaker  # an interrupted quote, same speaker
    metric = Metric.objects.get(value=2300)
    assert metric.organisation.name == "Zibo Chemical Group"
    assert metric.evidence == "Zibo Chemical Group employs 2,300 engineers."
    assert metric.indicator.name == "Engineers" and metric.indicator.unit == "count"
    assert Metric.objects.get(value=2).indicator.name == "New research centres"
    assert "Proposed 5: 2 quotes, 1 paraphrase, 2 figures." in output
    assert check_all()[1] == []  # no excerpt that is not verbatim in its source


def test_existing_people_and_organisations_are_matched_not_duplicated(db, article):
    sun = make_person()  # "SUN Haisheng", published
    department = make_organisation()  # "Department of Science and Technology"
    run_ingest(article)
    assert Person.objects.filter(family_name__iexact="sun").get() == sun
    assert Organisation.objects.filter(name__iexact=department.name).get() == department
    quote = Statement.objects.get(text__startswith="We will cut")
    assert quote.speaker == sun
    assert quote.speaker_position.organisation == department


def test_an_alias_matches_a_person(db, article):
    qiao = make_person(slug="qiao-lin-1", family_name="Qiao", given_name="L.", aliases=["Qiao Lin"])
    run_ingest(article)
    assert Statement.objects.get(kind="paraphrase").speaker == qiao


def test_ingesting_the_same_file_twice_changes_nothing(db, article):
    run_ingest(article)
    before = counts()
    output = run_ingest(article)
    assert counts() == before
    assert "Reused source" in output and "Proposed 0:" in output


def test_a_rejected_proposal_is_deleted_and_not_proposed_again(db, article, reviewer):
    run_ingest(article)
    proposal = Proposal.objects.get(kind="paraphrase")
    statement = proposal.statement
    services.reject(proposal)
    assert not Statement.objects.filter(pk=statement.pk).exists()
    proposal.refresh_from_db()
    assert proposal.state == "rejected"
    run_ingest(article)
    assert not Statement.objects.filter(kind="paraphrase").exists()
    assert Proposal.objects.filter(kind="paraphrase").count() == 1


def test_accepting_sends_the_record_and_its_new_drafts_to_review(db, article, curator):
    run_ingest(article)
    proposal = Proposal.objects.get(statement__text__startswith="We will cut")
    assert services.accept(proposal, curator) == Status.REVIEW
    statement = Statement.objects.get(pk=proposal.statement_id)
    assert statement.status == Status.REVIEW
    assert statement.speaker.status == Status.REVIEW
    assert statement.speaker_position.status == Status.REVIEW
    assert statement.source.status == Status.REVIEW
    assert Proposal.objects.get(pk=proposal.pk).state == "accepted"


def test_a_reviewer_accepting_publishes_nothing(db, article, reviewer):
    run_ingest(article)
    proposal = Proposal.objects.get(metric__value=2300)
    assert services.accept(proposal, reviewer) == Status.REVIEW
    metric = Metric.objects.get(value=2300)
    assert metric.status == metric.organisation.status == metric.indicator.status == "review"
    assert metric.source.status == Status.REVIEW
    assert metric.published_by is None


def test_accept_and_publish_publishes_what_is_not_published_yet(db, article, reviewer):
    sun = make_person()  # published: not listed, left as it is
    run_ingest(article)
    proposal = Proposal.objects.get(statement__text__startswith="We will cut")
    statement = proposal.statement
    position = statement.speaker_position
    listed = services.to_publish(proposal)
    assert [services.key(r) for r in listed] == [
        services.key(r) for r in (statement, statement.source, position, position.organisation)
    ]
    published = services.accept_and_publish(proposal, reviewer, [services.key(r) for r in listed])
    assert [(type(r), r.pk) for r in published] == [(type(r), r.pk) for r in listed]
    for record in listed:
        record.refresh_from_db()
        assert (record.status, record.published_by) == (Status.PUBLISHED, reviewer)
        assert record.history.latest().history_change_reason.startswith("Published")
    sun.refresh_from_db()
    assert sun.version == 1
    assert Proposal.objects.get(pk=proposal.pk).state == "accepted"


def test_accept_and_publish_refuses_a_changed_list_or_a_curator(db, article, reviewer, curator):
    run_ingest(article)
    proposal = Proposal.objects.get(metric__value=2300)
    listed = [services.key(r) for r in services.to_publish(proposal)]
    before = counts(), list(Metric.objects.values_list("status", flat=True))
    with pytest.raises(services.Refused, match="have changed"):
        services.accept_and_publish(proposal, reviewer, listed[1:])
    with pytest.raises(services.Refused, match="You may not publish"):
        services.accept_and_publish(proposal, curator, listed)
    assert (counts(), list(Metric.objects.values_list("status", flat=True))) == before
    assert Proposal.objects.get(pk=proposal.pk).state == "proposed"


def test_a_published_speaker_is_left_as_it_is(db, article, curator):
    sun = make_person()
    run_ingest(article)
    services.accept(Proposal.objects.filter(kind="quote").first(), curator)
    sun.refresh_from_db()
    assert sun.status == Status.PUBLISHED and sun.version == 1


@pytest.mark.parametrize(
    "setup, args, message",
    [
        (None, ["missing.txt"], "missing.txt: no such file."),
        ("dir", ["{dir}"], "is a directory"),
        ("latin1", ["{file}"], "is not UTF-8 text"),
        ("empty", ["{file}"], "is empty."),
        ("ok", ["{file}", "--published", "24 May"], "--published '24 May' is not a date"),
        ("ok", ["{file}", "--url", "not a url"], "--url 'not a url' is not a web address"),
        ("ok", ["{file}", "--language", "english!"], "is not a language code"),
    ],
)
def test_bad_files_and_arguments_are_refused_by_name_and_nothing_is_written(
    db, tmp_path, setup, args, message
):
    file = tmp_path / "article.txt"
    if setup == "latin1":
        file.write_bytes('Caf\xe9 "quote," said WANG Li.'.encode("latin-1"))
    elif setup == "empty":
        file.write_text("  \n")
    elif setup == "ok":
        file.write_text(ARTICLE)
    args = [a.format(dir=tmp_path, file=file) for a in args]
    if "--published" not in args:
        args += ["--published", "2024"]
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        call_command("ingest", *args, "--title", "T", stdout=io.StringIO())
    assert counts() == dict.fromkeys(counts(), 0)


def test_an_error_halfway_leaves_the_database_unchanged(db, article, monkeypatch):
    made = []
    original = Statement.objects.create

    def create(**fields):
        if made:
            raise RuntimeError("injected")
        made.append(1)
        return original(**fields)

    monkeypatch.setattr(Statement.objects, "create", create)
    with pytest.raises(RuntimeError):
        run_ingest(article)
    monkeypatch.undo()
    assert counts() == dict.fromkeys(counts(), 0)


def test_the_command_exits_non_zero_with_a_message(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(settings.BASE_DIR / "manage.py"),
            "ingest",
            str(tmp_path / "x"),
            "--title",
            "T",
            "--published",
            "2024",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert f"{tmp_path / 'x'}: no such file." in result.stderr


@pytest.mark.ingest_eval
def test_ingest_eval_meets_the_targets_on_the_corpus_and_the_seeds(tmp_path):
    out = io.StringIO()
    corpus = Path(__file__).parents[1] / "corpus"
    report = tmp_path / "eval.json"
    call_command(
        "ingest_eval", "--corpus", str(corpus), "--check", "--json", str(report), stdout=out
    )
    figures = json.loads(report.read_text())
    totals = figures["totals"]
    assert totals["quote recall"]["rate"] >= 0.95
    assert totals["speaker accuracy"]["rate"] >= 0.95
    assert totals["figures as draft metrics"]["rate"] >= 0.90
    assert totals["subject accuracy"]["rate"] >= 0.75
    assert totals["unit accuracy"]["rate"] >= 0.95
    assert figures["duplicates"] == 0
    # Every article was scored: the ten of the corpus and the two seeds.
    assert len(figures["articles"]) == 12
    assert totals["figures as draft metrics"]["total"] == 91
    assert "| cri-weihai-south-koreans-2007 |" in out.getvalue()


@pytest.mark.ingest_eval
def test_ingest_eval_meets_the_targets_on_the_articles_written_for_testing(tmp_path):
    report = tmp_path / "eval.json"
    heldout = Path(__file__).parents[1] / "heldout"
    call_command("ingest_eval", "--corpus", str(heldout), "--check", "--json", str(report))
    figures = json.loads(report.read_text())
    assert len(figures["articles"]) == 10  # eight written for testing, and the two seeds
    assert figures["totals"]["figures as draft metrics"]["total"] == 139 + 12


@pytest.mark.ingest_eval
def test_ingest_eval_without_a_corpus_scores_the_seeds(tmp_path):
    out = io.StringIO()
    call_command("ingest_eval", "--json", str(tmp_path / "eval.json"), stdout=out)
    figures = json.loads((tmp_path / "eval.json").read_text())
    assert sorted(figures["articles"]) == [
        "dazhong-daily-2024-modern-industrial-system",
        "shandong-deputies-manufacturing-strength-2023",
    ]
    assert figures["totals"]["quote recall"]["total"] == 28  # every curated quote was scored
    assert "| quote precision |" in out.getvalue()


def test_ingest_eval_names_a_missing_corpus_folder(tmp_path):
    with pytest.raises(CommandError, match="no such folder"):
        call_command("ingest_eval", "--corpus", str(tmp_path / "nowhere"))


def test_what_curators_already_recorded_from_a_source_is_not_proposed_again(db):
    call_command("seed", stdout=io.StringIO())
    before = (Statement.objects.count(), Metric.objects.count())
    for source in Source.objects.all():
        services.Proposer(services.Result(source, False)).run()
    # Every curated quote and figure is found again, and left out; what is proposed is
    # only what the curators did not record.
    assert not Proposal.objects.filter(kind__in=["quote", "figure"]).exists()
    assert Statement.objects.count() - before[0] == Proposal.objects.count()
    assert Metric.objects.count() == before[1]


def test_an_edited_proposal_is_accepted_with_its_new_kind_and_words(db, article, curator):
    run_ingest(article)
    proposal = Proposal.objects.get(statement__text__startswith="We will cut")
    statement = proposal.statement
    statement.text, statement.kind = "We will cut emissions by a third", "paraphrase"
    statement.save()
    services.accept(Proposal.objects.get(pk=proposal.pk), curator)
    proposal.refresh_from_db()
    assert (proposal.kind, proposal.text) == ("paraphrase", "We will cut emissions by a third")
    assert proposal.start == ARTICLE.index("We will cut")


def test_an_organisation_reported_as_the_source_becomes_the_statements_reported_by(db):
    body = "Exports of the port rose sharply in May, according to Example Daily."
    result = services.ingest(body, title="Port exports", published=datetime.date(2024, 6, 1))
    statement = Statement.objects.get(source=result.source)
    assert statement.speaker is None
    assert statement.reported_by.name == "Example Daily"
    assert statement.reported_by.status == Status.DRAFT
    assert result.need_speaker == 0
    proposal = Proposal.objects.get(statement=statement)
    assert proposal.found["reported_by"] == "Example Daily"


def test_a_figure_becomes_a_draft_metric_with_its_subject_unit_and_period(db):
    make_organisation(slug="weichai", name="Weichai Group", aliases=["Weichai"])
    body = (
        "In January, Weichai sold 90,000 engines, up 20 percent.\n\n"
        "Its exports reached $3 billion last year."
    )
    result = services.ingest(body, title="Weichai sells more", published=datetime.date(2024, 2, 25))
    metrics = {m.indicator.name: m for m in Metric.objects.filter(source=result.source)}
    engines = metrics["Engines"]
    assert (engines.value, engines.indicator.unit, engines.organisation.name) == (
        90000,
        "count",
        "Weichai Group",
    )
    assert (engines.period_label, str(engines.period_start), str(engines.period_end)) == (
        "January 2024",
        "2024-01-01",
        "2024-01-31",
    )
    assert metrics["Engines growth"].indicator.unit == "percent"
    exports = metrics["Exports"]
    assert (exports.value, exports.indicator.unit, exports.period_label) == (
        3000000000,
        "usd",
        "2023",
    )
    assert exports.organisation.name == "Weichai Group"  # "Its": the subject of the sentence before
    assert Organisation.objects.filter(name__icontains="Weichai").count() == 1


def test_a_new_indicator_is_matched_to_an_existing_one_in_its_unit(db):
    existing = make_indicator(slug="engine", name="Engine", unit="count")
    body = "In 2023, Weichai Group sold 90,000 engines."
    result = services.ingest(body, title="Weichai", published=datetime.date(2024, 2, 25))
    metric = Metric.objects.get(source=result.source)
    assert metric.indicator == existing
    assert Indicator.objects.count() == 1
    assert result.matched["indicator"] == 1
