"""Ingesting a folder of articles, each with a <slug>.json sidecar."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from entities.models import Organisation, Person, Position, Source, Status
from ingest.models import Proposal
from statements.models import Indicator, Metric, Statement
from tests.factories import make_person

ZIBO = (
    "Example Group expands in Zibo\n\n"
    "“We will build three new plants this year,” said Zhang Wei, chairman of Example Group. "
    "Example Group employs 4,500 workers."
)
WEIFANG = (
    "Weifang port grows\n\n"
    "“Container volume will keep rising,” said Li Na, director of Weifang Port Authority. "
    "Weifang Port Authority handled 1,200 ships last year."
)
JINAN = (  # no title line: the text is kept whole
    "Liu Yang, mayor of Jinan, said that the city will open a research park next spring. "
    "“It will be the largest in the province.”"
)


def write(folder, slug, text, **sidecar):
    (folder / f"{slug}.txt").write_text(text, encoding="utf-8")
    (folder / f"{slug}.json").write_text(json.dumps(sidecar), encoding="utf-8")


@pytest.fixture
def folder(tmp_path):
    write(
        tmp_path,
        "zibo",
        ZIBO,
        title="Example Group expands in Zibo",
        publisher="Dazhong Daily",
        published="2024-05-12",
        url="https://example.com/zibo",
    )
    windows = "\ufeff" + WEIFANG.replace("\n", "\r\n")  # a BOM and CRLF line ends
    write(tmp_path, "weifang", windows, title="Weifang port grows", published="2023-11")
    write(
        tmp_path,
        "jinan",
        JINAN,
        title="Jinan opens a research park",
        published="2022",
        language="zh",
    )
    return tmp_path


def run_batch(folder):
    out = io.StringIO()
    call_command("ingest", str(folder), stdout=out)
    return out.getvalue()


def run_failing_batch(folder, message):
    out = io.StringIO()
    with pytest.raises(CommandError, match=message):
        call_command("ingest", str(folder), stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Source, Person, Organisation, Position, Statement, Metric, Proposal)
    }


def test_every_article_in_a_folder_becomes_a_draft_source_with_its_sidecar_details(db, folder):
    (folder / "zibo.gold.json").write_text("{}")  # annotations, not an article
    (folder / "notes.json").write_text("[]")  # no matching .txt
    output = run_batch(folder)

    rows = Source.objects.order_by("title").values_list(
        "title", "publisher__name", "published_on", "published_on_precision", "url", "language"
    )
    assert list(rows) == [
        ("Example Group expands in Zibo", "Dazhong Daily", datetime.date(2024, 5, 12), "day",
         "https://example.com/zibo", "en"),
        ("Jinan opens a research park", None, datetime.date(2022, 1, 1), "year", "", "zh"),
        ("Weifang port grows", None, datetime.date(2023, 11, 1), "month", "", "en"),
    ]  # fmt: skip
    assert set(Source.objects.values_list("status", flat=True)) == {Status.DRAFT}
    assert Source.objects.get(title__startswith="Example").body == ZIBO.split("\n\n", 1)[1]
    assert Source.objects.get(title__startswith="Weifang").body == WEIFANG.split("\n\n", 1)[1]
    assert Source.objects.get(title__startswith="Jinan").body == JINAN
    review = {s.slug: f"/admin/ingest/proposal/review/{s.pk}/" for s in Source.objects.all()}
    assert output.splitlines()[:3] == [
        "[#######-------------] 1/3 "
        "jinan: 2 proposed (1 quote, 1 paraphrase, 0 figures) — review at "
        + review["jinan-opens-a-research-park"],
        "[#############-------] 2/3 "
        "weifang: 2 proposed (1 quote, 0 paraphrases, 1 figure) — review at "
        + review["weifang-port-grows"],
        "[####################] 3/3 "
        "zibo: 3 proposed (1 quote, 0 paraphrases, 2 figures) — review at "
        + review["example-group-expands-in-zibo"],
    ]
    assert Statement.objects.get(text__startswith="We will build").speaker.name == "Zhang Wei"


def test_the_summary_adds_up_the_articles(db, folder):
    make_person(slug="zhang-wei", family_name="Zhang", given_name="Wei")
    output = run_batch(folder)
    organisations = Organisation.objects.exclude(name="Dazhong Daily").count()  # publisher
    assert output.split("\n\n", 1)[1] == (
        "Ingested 3 of 3 articles (3 new, 0 ingested before).\n"
        "Skipped 0: none.\n"
        "Proposed 7: 3 quotes, 1 paraphrase, 3 figures.\n"
        "Matched existing records: 1 person.\n"
        f"Created draft records: {Indicator.objects.count()} indicator, "
        f"{organisations} organisation, 2 person, 3 position.\n"
        "Need a speaker: 0. Figures that need a subject: 0.\n"
        "Left out (proposed before, rejected before, or already recorded): 0.\n"
    )


def test_ingesting_a_folder_twice_proposes_nothing_new(db, folder):
    run_batch(folder)
    before = counts()
    output = run_batch(folder)
    assert counts() == before
    assert (
        "[####################] 3/3 "
        "zibo: 0 proposed (0 quotes, 0 paraphrases, 0 figures), source ingested before" in (output)
    )
    assert "Ingested 3 of 3 articles (0 new, 3 ingested before)." in output
    assert "Proposed 0: 0 quotes, 0 paraphrases, 0 figures." in output
    assert "Left out (proposed before, rejected before, or already recorded): 7." in output


def test_bad_articles_are_skipped_by_name_and_the_others_go_in(db, folder):
    write(
        folder,
        "bad-date",
        "“We will open two depots,” said Wang Fang, manager of Linyi Logistics.",
        title="Linyi builds depots",
        published="yesterday",
    )
    (folder / "no-sidecar.txt").write_text("“Exports will double,” said Chen Jie of Yantai Fruit.")
    (folder / "latin1.txt").write_bytes('Caf\xe9 "We will grow," said WANG Li.'.encode("latin-1"))
    (folder / "latin1.json").write_text(json.dumps({"title": "Café", "published": "2024"}))

    output = run_failing_batch(
        folder, r"3 articles of 6 skipped \(bad-date, latin1, no-sidecar\); the others were"
    )

    assert (
        "[###-----------------] 1/6 "
        "bad-date: skipped — bad-date.json: \"published\" 'yesterday' is not a date: "
        "use YYYY-MM-DD, YYYY-MM or YYYY."
    ) in output
    assert (
        "[##########----------] 3/6 latin1: skipped — latin1.txt: is not UTF-8 text (byte 3)"
        in output
    )
    assert "[#############-------] 4/6 no-sidecar: skipped — no-sidecar.json: missing;" in output
    assert "Ingested 3 of 6 articles (3 new, 0 ingested before).\n" in output
    assert "Skipped 3: bad-date, latin1, no-sidecar.\n" in output
    assert set(Source.objects.values_list("title", flat=True)) == {
        "Example Group expands in Zibo",
        "Weifang port grows",
        "Jinan opens a research park",
    }
    assert not Person.objects.filter(family_name__in=["Wang", "Chen"]).exists()
    assert Proposal.objects.count() == 7  # the three good articles' only


@pytest.mark.parametrize(
    "text, sidecar, message",
    [
        (ZIBO, "{title: 'T'}", "bad.json: is not JSON (Expecting property name"),
        (ZIBO, '["T", "2024"]', "bad.json: is not a JSON object"),
        (ZIBO, '{"published": "2024"}', 'bad.json: "title" is missing.'),
        (ZIBO, '{"title": "  ", "published": "2024"}', 'bad.json: "title" is empty.'),
        (ZIBO, '{"title": "T"}', 'bad.json: "published" is missing.'),
        (ZIBO, '{"title": "T", "published": 2024}', 'bad.json: "published" is not a string.'),
        (
            ZIBO,
            '{"title": "T", "published": "2024", "url": "not a url"}',
            "bad.json: \"url\" 'not a url' is not a web address.",
        ),
        (
            ZIBO,
            '{"title": "T", "published": "2024", "language": "english!"}',
            "bad.json: \"language\" 'english!' is not a language code",
        ),
        (
            ZIBO,
            '{"title": "T", "published": "2024", "publsher": "X"}',
            'bad.json: "publsher" is not a field: use title, published, publisher, url, language.',
        ),
        ("  \n", '{"title": "T", "published": "2024"}', "bad.txt: is empty."),
        ("T\n\n", '{"title": "T", "published": "2024"}', "bad.txt: holds only its title."),
    ],
)
def test_a_bad_sidecar_or_text_is_reported_with_the_field_at_fault(
    db, tmp_path, text, sidecar, message
):
    write(tmp_path, "good", WEIFANG, title="Weifang port grows", published="2023-11")
    (tmp_path / "bad.txt").write_text(text, encoding="utf-8")
    (tmp_path / "bad.json").write_text(sidecar, encoding="utf-8")
    output = run_failing_batch(tmp_path, "1 article of 2 skipped")
    assert f"[##########----------] 1/2 bad: skipped — {message}" in output
    assert list(Source.objects.values_list("title", flat=True)) == ["Weifang port grows"]
    assert not Person.objects.filter(family_name="Zhang").exists()


def test_an_error_while_ingesting_one_article_leaves_it_out_and_the_others_in(
    db, folder, monkeypatch
):
    original = Statement.objects.create

    def create(**fields):
        if fields["text"].startswith("Container volume"):
            raise RuntimeError("injected")
        return original(**fields)

    monkeypatch.setattr(Statement.objects, "create", create)
    output = run_failing_batch(folder, "1 article of 3 skipped")
    assert (
        "[#############-------] 2/3 "
        "weifang: skipped — weifang.txt: ingesting it failed, nothing of it was written "
        "(RuntimeError: injected)."
    ) in output
    assert not Source.objects.filter(title="Weifang port grows").exists()
    assert not Person.objects.filter(family_name="Li").exists()  # made before the failure
    assert not Organisation.objects.filter(name="Weifang Port Authority").exists()
    assert Source.objects.count() == 2
    assert Statement.objects.count() == 3  # Zibo's quote, Jinan's paraphrase and quote


def test_a_folder_without_articles_is_refused(db, tmp_path):
    (tmp_path / "zibo.json").write_text('{"title": "T", "published": "2024"}')
    with pytest.raises(CommandError, match=f"{tmp_path}: holds no .txt articles."):
        call_command("ingest", str(tmp_path), stdout=io.StringIO())


@pytest.mark.parametrize(
    "args, message",
    [
        (["--title", "T"], "is a directory, so --title cannot be given"),
        (
            ["--published", "2024", "--url", "https://example.com"],
            "so --published and --url cannot",
        ),
    ],
)
def test_options_of_a_single_file_are_refused_with_a_folder(db, folder, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("ingest", str(folder), *args, stdout=io.StringIO())
    assert counts() == dict.fromkeys(counts(), 0)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--published", "2024"], "--title must be given to ingest a FILE."),
        (["--title", "T"], "--published must be given to ingest a FILE."),
        ([], "--title and --published must be given to ingest a FILE."),
    ],
)
def test_a_single_file_still_needs_a_title_and_a_date(db, folder, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("ingest", str(folder / "zibo.txt"), *args, stdout=io.StringIO())
    assert counts() == dict.fromkeys(counts(), 0)


def test_a_title_or_publisher_too_long_for_its_record_is_refused_by_name(db, tmp_path):
    write(tmp_path, "long", "Body text of the article.", title="T" * 501, published="2024")
    output = run_failing_batch(tmp_path, "1 article of 1 skipped")
    assert '"title" is 501 characters long; at most 500.' in output
    assert not Source.objects.exists()
