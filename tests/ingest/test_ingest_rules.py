"""The rules ingest follows in news prose, each on a short text written for it."""

import datetime

import pytest

from ingest.extract import extract

PUBLISHED = datetime.date(2024, 6, 15)


def findings(text, kind, **options):
    return [f for f in extract(text, published=PUBLISHED, **options) if f.kind == kind]


def speakers(text):
    return [
        (text[f.start : f.end][:20], f.speaker.name if f.speaker else None)
        for f in findings(text, "quote")
    ]


def figure(text, **options):
    [found] = findings(text, "figure", **options)
    return found.found


def test_a_family_name_alone_refers_to_the_person_introduced_before():
    text = (
        "Zhang Wei, chairman of Example Harbour Group, opened the new berth.\n\n"
        "The berth doubles what the yard can load.\n\n"
        "“We are ready for bigger ships,” said Zhang."
    )
    assert speakers(text)[0][1] == "Zhang Wei"


def test_a_pronoun_across_paragraphs_refers_to_the_last_person_introduced():
    text = (
        "Mary Lin, director of the Example Port Authority, toured the yard.\n\n"
        "“Every crane here is now electric and quiet,” she said."
    )
    assert speakers(text)[0][1] == "Mary Lin"


def test_name_said_colon_before_the_quote():
    text = "Wang Bo from state-owned Example Rail said: “We have finished the first prototype.”"
    [quote] = findings(text, "quote")
    assert quote.speaker.name == "Wang Bo"
    assert quote.rule == "speaker-before"


def test_a_quote_paragraph_takes_the_speaker_the_paragraph_before_introduced():
    text = (
        "Kim Ji-Woo, head of the Example Traders Association, has lived here for ten years.\n\n"
        "“Business is good and the city keeps growing every single year. We love it here”"
    )
    [quote] = findings(text, "quote")
    assert (quote.speaker.name, quote.rule) == ("Kim Ji-Woo", "previous-paragraph")


def test_a_title_before_the_name_is_not_part_of_it():
    text = "Chairman Li Hong stated that the company will double its research budget."
    [paraphrase] = findings(text, "paraphrase")
    assert paraphrase.speaker.name == "Li Hong"
    assert text[paraphrase.start : paraphrase.end] == "the company will double its research budget"


def test_an_organisation_as_the_source_of_reported_speech():
    text = "Exports of the port rose sharply in May, according to the Example Daily."
    [paraphrase] = findings(text, "paraphrase")
    assert paraphrase.rule == "according-to-organisation"
    assert paraphrase.found["organisation"] == "Example Daily"
    assert text[paraphrase.start : paraphrase.end] == "Exports of the port rose sharply in May"


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("Sales of the group reached 3 billion yuan.", "3000000000", "rmb"),
        ("Sales of the group reached RMB 3 billion.", "3000000000", "rmb"),
        ("Sales of the group reached $3.5 billion.", "3500000000", "usd"),
        ("Sales of the group reached US$40 million.", "40000000", "usd"),
        ("Sales of the group reached 9 billion U.S. dollars.", "9000000000", "usd"),
        ("Sales of the group reached €12 million.", "12000000", "eur"),
        ("Sales of the group reached £2.5 million.", "2500000", "gbp"),
        ("Sales of the group reached HK$800 million.", "800000000", "hkd"),
        ("Output of the plant reached 1.2 million tonnes.", "1200000", "tonnes"),
        ("Throughput of the port reached 20m teu.", "20000000", "teu"),
        ("The new berth of the port spans 1,650 meters.", "1650", "m"),
        ("The workshop of the plant covers 12,000 square metres.", "12000", "m2"),
        ("The tank of the plant holds 500 cubic meters.", "500", "m3"),
        ("The train of the company has a top speed of 600km/h.", "600", "km_h"),
        ("Each battery of the firm weighs 45 kilograms.", "45", "kg"),
    ],
)
def test_each_currency_and_unit_is_kept_apart(text, value, unit):
    found = figure(text)
    assert (found["value"], found["unit"]) == (value, unit)


def test_a_range_is_two_figures_with_the_unit_written_after_the_second():
    text = "Trains on the Example Line run at speeds of between 200km/h and 350km/h."
    low, high = [f.found for f in findings(text, "figure")]
    assert (low["value"], low["unit"], low["qualifier"]) == ("200", "km_h", "range_low")
    assert (high["value"], high["unit"], high["qualifier"]) == ("350", "km_h", "range_high")
    text = "The towers of Example Garden have between 12 and 18 floors."
    low, high = [f.found for f in findings(text, "figure")]
    assert (low["value"], low["indicator"], low["qualifier"]) == ("12", "floors", "range_low")
    assert (high["value"], high["indicator"], high["qualifier"]) == ("18", "floors", "range_high")


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("Homes in Example Garden cost double the local average.", "2", "times"),
        ("Exports of Example Group grew three times over the decade.", "3", "times"),
        ("About one-sixth of the visitors to Weihai play golf.", "0.1667", "fraction"),
    ],
)
def test_multiples_and_fractions_are_figures(text, value, unit):
    found = figure(text)
    assert (found["value"], found["unit"]) == (value, unit)


@pytest.mark.parametrize(
    "text, label, start, end",
    [
        ("In 2023, Example Group sold 90,000 engines.", "2023", "2023-01-01", "2023-12-31"),
        ("Last year, Example Group sold 90,000 engines.", "2023", "2023-01-01", "2023-12-31"),
        (
            "In January, Example Group sold 90,000 engines.",
            "January 2024",
            "2024-01-01",
            "2024-01-31",
        ),
        (
            "From January to November 2025, Example Group sold 90,000 engines.",
            "January to November 2025",
            "2025-01-01",
            "2025-11-30",
        ),
        (
            "In the first quarter, Example Group sold 90,000 engines.",
            "Q1 2024",
            "2024-01-01",
            "2024-03-31",
        ),
        (
            "By the end of 2005, Example Group had 3,500 engineers.",
            "end of 2005",
            None,
            "2005-12-31",
        ),
    ],
)
def test_a_figure_takes_the_period_its_sentence_gives(text, label, start, end):
    assert figure(text)["period"] == {"label": label, "start": start, "end": end}


def test_a_comparison_base_is_not_the_period():
    found = figure("Last year, the city's GDP of Linyi was up 16.3 percent from 2005.")
    assert found["period"]["label"] == "2023"


@pytest.mark.parametrize(
    "text, indicator",
    [
        (
            "In 2023, the province's gross marine product reached 1.7 trillion yuan.",
            "gross marine product",
        ),
        ("Shandong's port cargo throughput surpassed 1.7 billion tons.", "port cargo throughput"),
        (
            "The Example Market realized a transaction volume of 45 billion yuan.",
            "transaction volume",
        ),
        ("Weihai produces over 300 types of seafood.", "types of seafood"),
        (
            "Qingdao port added ten newly opened container shipping routes.",
            "container shipping routes",
        ),
        ("Last year, the city's GDP amounted to 140 billion yuan, up 16.3 percent.", "GDP growth"),
        ("Example Group will invest 2 billion yuan in Weifang.", "investment"),
        ("Example Group's exports grew by 34.8 percent to 1.76 trillion yuan.", "exports"),
    ],
)
def test_indicators_are_noun_phrases(text, indicator):
    indicators = [f.found["indicator"] for f in findings(text, "figure")]
    assert indicator in indicators
    assert not any(
        name.split()[-1] in {"will", "invest", "up", "when", "reached"} for name in indicators
    )


def test_the_subject_is_named_before_the_figure_or_referred_back_to():
    text = (
        "Linyi is a trading city in Shandong Province.\n\n"
        "Last year, the city's GDP amounted to 140 billion yuan. It has 1,004 markets."
    )
    subjects = [f.found["subject"]["name"] for f in findings(text, "figure")]
    assert subjects == ["Linyi", "Linyi"]


def test_a_record_the_database_knows_is_a_subject():
    text = "Sales at Harbourview rose to 3 billion yuan."
    known = {"harbourview": ("organisation", "Harbourview Holdings")}
    assert figure(text, known=known)["subject"] == {
        "kind": "organisation",
        "name": "Harbourview Holdings",
    }


def test_without_a_subject_in_the_sentence_the_article_title_gives_it():
    text = "Efficiency has improved by 6 percent this year."
    found = figure(text, title="Qingdao Port sets a new record")
    assert found["subject"] == {"kind": "organisation", "name": "Qingdao Port"}


def test_a_dateline_is_not_the_subject_and_not_part_of_the_clause():
    text = (
        "JINAN, July 18 (Reuters) - Shandong's economy grew 6.1% in the first half, "
        "the provincial statistics bureau said."
    )
    [growth] = findings(text, "figure")
    assert growth.found["subject"]["name"] == "Shandong"
    assert growth.found["period"]["label"] == "H1 2024"
    [paraphrase] = findings(text, "paraphrase")
    assert text[paraphrase.start :].startswith("Shandong's economy")


def test_a_title_in_lower_case_before_the_name_and_told():
    text = "“Demand will stay strong,” chief executive Jiang Bin told analysts on a call."
    [quote] = findings(text, "quote")
    assert quote.speaker.name == "Jiang Bin"
    assert findings(text, "paraphrase") == []  # "on a call" is not what he said


def test_an_organisation_said_in_a_statement():
    text = (
        "The province will cut coal use by 5 percent, the Shandong Provincial Department "
        "of Ecology and Environment said in a statement."
    )
    [paraphrase] = findings(text, "paraphrase")
    assert paraphrase.found["organisation"] == (
        "Shandong Provincial Department of Ecology and Environment"
    )


def test_according_to_a_named_person_before_the_clause():
    text = (
        "According to Li Ming, an analyst at Example Securities, exports could rise by 5 to 7 "
        "percent."
    )
    [paraphrase] = findings(text, "paraphrase")
    assert (paraphrase.speaker.name, paraphrase.rule) == ("Li Ming", "according-to")
    low, high = [f.found for f in findings(text, "figure")]
    assert (low["value"], low["unit"], low["qualifier"]) == ("5", "percent", "range_low")
    assert low["indicator"] == high["indicator"] == "exports growth"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Example Group expects sales to grow 20-30% this year.",
            [("20", "range_low"), ("30", "range_high")],
        ),
        (
            "Example Group's net profit nearly doubled to RMB2.7bn.",
            [("2", "about"), ("2700000000", "exact")],
        ),
    ],
)
def test_dash_ranges_and_a_multiple_followed_by_an_amount(text, expected):
    assert [(f.found["value"], f.found["qualifier"]) for f in findings(text, "figure")] == expected


def test_a_figure_compared_with_a_year_earlier():
    text = (
        "Example Group employed 30,000 workers at the end of last year, up from 21,000 a year "
        "earlier."
    )
    now, before = [f.found for f in findings(text, "figure")]
    assert now["indicator"] == before["indicator"] == "workers"
    assert now["period"]["end"] == "2023-12-31"
    assert before["period"] == {
        "label": "a year before 2023",
        "start": "2022-01-01",
        "end": "2022-12-31",
    }


def test_a_share_written_as_accounting_for():
    text = (
        "Example Group made 180,000 cars in 2025, accounting for 35 percent of the province's "
        "total."
    )
    cars, share = [f.found for f in findings(text, "figure")]
    assert share["indicator"] == "cars share"


def test_dates_times_frequencies_and_periods_are_not_figures():
    assert findings("Updated : 2023-03-10 at 8 p.m. for the press", "figure") == []
    assert findings("Workers at Example Group are busy seven days a week.", "figure") == []
    assert findings("In the first three quarters, Example Group grew.", "figure") == []


def test_a_number_too_big_for_a_metric_is_not_proposed_and_a_precise_one_is_rounded():
    text = "Example Group sold 3,000,000,000,000,000,000,000 bolts and 1.23456 percent more."
    assert [f.found["value"] for f in findings(text, "figure")] == ["1.2346"]


def test_a_negative_number_is_not_read_without_its_sign():
    assert findings("Exports of Example Group grew -5 percent in 2023.", "figure") == []


def test_sold_tonnes_and_a_month_range_across_a_year_end():
    found = figure("Example Group sold about 300 tonnes of apples from December to February 2024.")
    assert (found["indicator"], found["unit"]) == ("sales", "tonnes")
    assert found["period"] == {
        "label": "December to February 2024",
        "start": "2023-12-01",
        "end": "2024-02-29",
    }


def test_a_month_alone_takes_the_year_of_a_publication_dated_by_the_year():
    text = "Exports of Example Group reached 5 tonnes in March."
    [found] = [
        f.found for f in extract(text, published=datetime.date(2024, 1, 1), precision="year")
    ]
    assert found["period"]["label"] == "March 2024"
    [found] = [f.found for f in extract(text, published=datetime.date(2024, 1, 1), precision="day")]
    assert found["period"]["label"] == "March 2023"


def test_unusual_digits_and_dates_give_no_period_rather_than_an_error():
    assert figure("In the first ² months, Example Group sold 5 tonnes.")["period"] is None
    [found] = extract("Last year Example Group sold 5 tonnes.", published=datetime.date(1, 1, 1))
    assert found.found["period"] is None


def test_a_long_run_of_capitalised_words_is_read_in_time():
    import time

    text = "SHANDONG EXPORTS ROSE " * 400 + ". " + ", according to The" + " Big" * 2000 + " Thing."
    started = time.perf_counter()
    extract(text, published=PUBLISHED)
    assert time.perf_counter() - started < 10


def test_a_word_ending_like_a_list_label_does_not_hide_a_figure():
    # "investigate" ends in "gate", as in "Gate 5"; only a whole word is a label.
    text = "Jining assigned officials to investigate 2,586 industrial enterprises."
    assert figure(text)["value"] == "2586"
    assert findings("Ships leave from Gate 5 of the port of Example.", "figure") == []


def test_whoever_is_quoted_is_who_she_refers_to_later():
    text = (
        "Liang Mei from state-owned Example Rail said: “We have finished the prototype.”\n\n"
        "Although the train can reach 600km/h, she said the company would run it at 550km/h."
    )
    [paraphrase] = findings(text, "paraphrase")
    assert paraphrase.speaker.name == "Liang Mei"


def test_a_base_of_comparison_is_not_the_period():
    text = "Industrial output rose 8.2% in June from a year earlier, while retail sales rose 3.5%."
    assert [f.found["period"]["label"] for f in findings(text, "figure")] == ["June 2024"] * 2


def test_a_quote_running_on_into_the_next_paragraph_keeps_its_speaker():
    text = (
        "Li Ming, founder of Example Robotics, looks back on those years.\n\n"
        "“Our engineers slept in the factory for weeks at a time. Many people doubted us.\n\n"
        "“But without our own gearbox, we would always be an assembler.”"
    )
    assert [speaker for _, speaker in speakers(text)] == ["Li Ming", "Li Ming"]


def test_a_person_named_again_by_family_name_is_who_a_later_she_refers_to():
    text = (
        "One founder is Chen Hua, who left her job in 2016. A professor, Wang Bo, said "
        "the market was crowded.\n\n"
        "Chen has felt the pressure.\n\n"
        "“We hired designers to win customers back,” she said."
    )
    assert speakers(text)[0][1] == "Chen Hua"


def test_a_name_ending_like_an_organisation_is_not_a_person():
    text = (
        "“We build robots for export,” said Li Ming. He plans to list the firm on the STAR "
        "Market.\n\n“We will grow faster than ever,” he said."
    )
    assert [speaker for _, speaker in speakers(text)] == ["Li Ming", "Li Ming"]


@pytest.mark.parametrize(
    "text, clause, who",
    [
        (
            "Example Petrochemical Co., one of the largest refiners, said its profit fell by "
            "a third.",
            "its profit fell by a third",
            "Example Petrochemical Co.",
        ),
        ("The bureau said it expects output to top 100 billion yuan.", "it expects output", None),
        (
            "Output rose 5%, according to estimates from consultancy Example Research.",
            "Output rose 5%",
            "Example Research",
        ),
        (
            "Sales grew 18 per cent, according to the Example county government.",
            "Sales grew 18 per cent",
            "Example county government",
        ),
        (
            "Output rose 7.4% in 2024, the city's statistics bureau said.",
            "Output rose 7.4% in 2024",
            None,
        ),
    ],
)
def test_organisations_named_or_described_as_sources(text, clause, who):
    [paraphrase] = findings(text, "paraphrase")
    assert text[paraphrase.start : paraphrase.end].startswith(clause)
    assert paraphrase.speaker is None
    assert paraphrase.found.get("organisation") == who


def test_a_speaker_with_a_title_and_an_occasion_after_the_clause():
    text = (
        "It doubled its output of paraxylene, Chairman Gao Zhenyu said on an earnings call "
        "Monday. Liu Hai, a director of the Example Department, said at a press conference on "
        "Sunday that exports rose."
    )
    found = [(text[f.start : f.end], f.speaker.name) for f in findings(text, "paraphrase")]
    assert found == [
        ("It doubled its output of paraxylene", "Gao Zhenyu"),
        ("exports rose", "Liu Hai"),
    ]


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("The solar farm of Example Energy has 600 megawatts of capacity.", "600", "mw"),
        ("Example Energy built a 220-kilovolt line.", "220", "kv"),
        ("Example Energy generated 860 million kilowatt-hours in 2024.", "860000000", "kwh"),
        ("Example Energy covers 1,200 hectares.", "1200", "ha"),
        ("Its share of Example Group rose 0.8 percentage points.", "0.8", "pp"),
        ("Approval at Example Park takes no more than 45 working days.", "45", "days"),
    ],
)
def test_energy_area_and_point_units(text, value, unit):
    found = figure(text)
    assert (found["value"], found["unit"]) == (value, unit)


@pytest.mark.parametrize(
    "text, indicators",
    [
        (
            "The number of enterprises with actual import and export performance reached "
            "39,000, an increase of 2,600 over the previous year.",
            [
                "enterprises with actual import and export performance",
                "enterprises with actual import and export performance growth",
            ],
        ),
        (
            "Example Port operates 35 international container routes, including 12 to "
            "Southeast Asia.",
            ["international container routes", "international container routes"],
        ),
        (
            'In Zibo the number of "little giant" enterprises is expected to exceed 60.',
            ["little giant enterprises"],
        ),
        (
            "Electric vehicles accounted for nearly half of new car sales at Example Motors.",
            ["Electric vehicles share"],
        ),
    ],
)
def test_counts_said_by_way_of_another(text, indicators):
    assert [f.found["indicator"] for f in findings(text, "figure")] == indicators


@pytest.mark.parametrize(
    "text, subject",
    [
        ("China's heavy-truck sales fell 1.2% in 2024.", "China"),
        (
            "Example Rail Co. built it. The design of China's first maglev train with a speed "
            "of 600km/h is done.",
            "Example Rail Co.",
        ),
        (
            "“Exports are strong,” Wang told Reuters.\n\nWang said the company would sell "
            "40% abroad.",
            None,
        ),
        (
            "Jonas Weber, senior analyst at Example Consulting in Hamburg, said the three "
            "ports of Qingdao had merged.",
            "Qingdao",
        ),
    ],
)
def test_countries_listeners_and_speakers_organisations_as_subjects(text, subject):
    found = [f.found.get("subject", {}).get("name") for f in findings(text, "figure")]
    assert found[0] == subject


def test_a_lede_that_opens_on_a_company_gives_the_main_subject_over_a_province_in_the_title():
    text = (
        "Example Hengrun Petrochemical Co., one of the largest refiners in Shandong, said its "
        "profit fell.\n\nRevenue slipped 8.3% to 96.4 billion yuan."
    )
    found = [f.found["subject"]["name"] for f in findings(text, "figure", title="Shandong refiner")]
    assert found == ["Example Hengrun Petrochemical Co."] * 2


def test_a_sign_is_not_lost_but_the_same_figure_without_one_is_read():
    assert [
        f.found["value"] for f in findings("Exports of Example Group grew 5 percent.", "figure")
    ] == ["5"]


@pytest.mark.parametrize(
    "text",
    [
        "According to the provincial department of commerce, exports rose 5 percent.",
        "According to data from the customs, exports rose 5 percent.",
    ],
)
def test_a_described_body_is_never_a_person(text):
    [paraphrase] = findings(text, "paraphrase")
    assert paraphrase.speaker is None


@pytest.mark.parametrize(
    "text",
    [
        "The bureau\nsaid that exports rose 5 percent.",
        "The company said in a statement.",
        "The Group said it expects growth.",
    ],
)
def test_no_empty_clause_and_no_organisation_called_the_group(text):
    for paraphrase in findings(text, "paraphrase"):
        assert paraphrase.end - paraphrase.start > 3
        assert paraphrase.found.get("organisation") not in {"The Group", "Group"}


def test_long_one_line_articles_and_many_figures_are_read_in_time():
    import time

    texts = [
        " ".join(f'"We are doing well in {i} ways," said Wang Lei.' for i in range(400)),
        "\n\n".join(f"Wang Lei said exports rose {i} percent." for i in range(500)),
        " ".join(f"{i} percent" for i in range(2000)),
        "Exports" + " " * 10000 + "rose 5%",
    ]
    for text in texts:
        started = time.perf_counter()
        extract(text, published=PUBLISHED)
        assert time.perf_counter() - started < 5, text[:40]
