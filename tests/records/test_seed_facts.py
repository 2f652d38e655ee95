"""Spot checks of the seed records against what the two articles say."""

from decimal import Decimal

from entities.models import Organisation, Person, Place, Position, Source
from statements.models import Metric, Statement

ARTICLE_1 = "dazhong-daily-2024-modern-industrial-system"
ARTICLE_2 = "shandong-deputies-manufacturing-strength-2023"


def test_article_1_is_dated_only_by_its_year_and_kept_whole(seeded):
    source = Source.objects.get(slug=ARTICLE_1)
    assert source.publisher.name == "Dazhong Daily"
    assert (source.published_display, source.kind, source.language) == ("2024", "news", "en")
    assert source.body.startswith("Making New Achievements in Building a Modern Industrial System")
    assert source.body.rstrip().endswith("Source | Dazhong Daily")


def test_article_2_is_dated_by_its_update_day(seeded):
    source = Source.objects.get(slug=ARTICLE_2)
    assert source.published_display == "10 March 2023"
    assert source.publisher is None  # the text does not name it
    assert "Updated : 2023-03-10" in source.body


def test_article_1_sun_haisheng_is_director_general_of_the_department(seeded):
    position = Position.objects.get(person__slug="sun-haisheng")
    assert str(position.person) == "SUN Haisheng"
    assert position.title == "Director-General"
    assert position.organisation.name == (
        "Department of Science and Technology of Shandong Province"
    )
    assert position.evidence in position.source.body


def test_article_1_transaction_volume_is_rmb_50_billion_in_the_first_quarter(seeded):
    metric = Metric.objects.get(slug="shandong-technology-transaction-volume-2024-q1")
    assert metric.value == Decimal("50000000000")
    assert metric.indicator.unit == "rmb"
    assert metric.display_value == "exceeded RMB 50 billion"
    assert (str(metric.period_start), str(metric.period_end)) == ("2024-01-01", "2024-03-31")
    assert metric.subject == Place.objects.get(slug="shandong")


def test_article_1_park_area_is_7_4_square_kilometres(seeded):
    metric = Metric.objects.get(evidence__contains="7.4 square kilometer")
    assert metric.display_value == "7.4 km²"


def test_article_1_the_quote_before_its_speaker_is_yu_mingbings(seeded):
    quote = Statement.objects.get(text__startswith="There are great potentials")
    assert quote.kind == Statement.Kind.QUOTE
    assert str(quote.speaker) == "YU Mingbing"
    assert quote.speaker_position.organisation.name == (
        "Shandong Provincial Development and Reform Commission"
    )


def test_article_1_opens_with_xi_jinpings_words(seeded):
    first = Statement.objects.filter(source__slug=ARTICLE_1).order_by("offset").first()
    assert first.text.startswith("Shandong Province enjoys bright prospects")
    assert str(first.speaker) == "XI Jinping"


def test_article_1_keeps_the_misspelt_company_name(seeded):
    company = Organisation.objects.get(name__contains="Litro")
    assert company.name == "Weifang Litro Electrical Technology Comany"
    assert "Comany" in company.notes


def test_article_2_hou_yugang_holds_two_positions(seeded):
    hou = Person.objects.get(slug="hou-yugang")
    assert str(hou) == "Hou Yugang"
    titles = {(p.title, p.organisation.name) for p in hou.positions.all()}
    assert titles == {
        ("deputy to the National People's Congress", "National People's Congress"),
        ("chairman", "Shandong Zaozhuang Mining Group"),
    }


def test_article_2_renewable_capacity_grew_25_1_percent_in_2022(seeded):
    metric = Metric.objects.get(source__slug=ARTICLE_2)
    assert metric.display_value == "25.1%"
    assert metric.period_label == "2022"
    assert metric.subject.name == "Shandong Province"


def test_article_2_wang_gangs_quote_and_paraphrase(seeded):
    wang = Person.objects.get(slug="wang-gang")
    kinds = sorted(wang.statements.values_list("kind", flat=True))
    assert kinds == ["paraphrase", "quote"]
    quote = wang.statements.get(kind="quote")
    assert quote.text.startswith("If we can build a green energy industry chain")
