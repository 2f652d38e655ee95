"""Each extraction rule, on short texts written for the purpose (not the seed articles)."""

import pytest

from ingest.extract import extract


def found(text, kind):
    return [f for f in extract(text) if f.kind == kind]


def quotes(text):
    """(words, speaker, rule) of each direct quote found."""
    return [
        (text[f.start : f.end], f.speaker.name if f.speaker else None, f.rule)
        for f in found(text, "quote")
    ]


def test_a_quote_followed_by_said_name_and_title_takes_speaker_and_position():
    text = (
        "“We will open two new lines this year,” said LIU Yang, Director of the Qingdao "
        "Port Authority. Work starts in June."
    )
    [finding] = found(text, "quote")
    assert text[finding.start : finding.end] == "We will open two new lines this year,"
    assert finding.speaker.name == "LIU Yang"
    assert finding.speaker.title == "Director of the Qingdao Port Authority"
    described = text[slice(*finding.speaker.described)]
    assert described == "LIU Yang, Director of the Qingdao Port Authority"
    assert finding.rule == "speaker-after"


def test_name_title_said_colon_before_the_quote():
    text = 'Chen Ming, chairman of Weihai Textile Group, said: "Orders have doubled since May."'
    assert quotes(text) == [("Orders have doubled since May.", "Chen Ming", "speaker-before")]


def test_name_said_after_the_quote():
    text = "Farmers were worried. “The rain came too late for the wheat,” Zhao Lei said."
    assert quotes(text) == [("The rain came too late for the wheat,", "Zhao Lei", "speaker-after")]


def test_nested_single_quotes_stay_inside_the_quote():
    text = (
        "“Our slogan is ‘clean water, clear skies’ and we mean every word of it,” said "
        "MA Jun, Mayor of Rizhao."
    )
    [(words, speaker, _)] = quotes(text)
    assert words == "Our slogan is ‘clean water, clear skies’ and we mean every word of it,"
    assert speaker == "MA Jun"


def test_a_quote_before_its_speakers_sentence():
    text = (
        "Exports rose again. “The new port gives us room to grow for a decade.” GAO Feng, "
        "General Manager of Yantai Shipping Company, mentioned that the port opened in May."
    )
    assert quotes(text) == [
        ("The new port gives us room to grow for a decade.", "GAO Feng", "quote-before-speaker")
    ]


def test_two_speakers_in_one_paragraph_are_told_apart():
    text = (
        "“Demand for batteries is strong this year,” said WU Hong, a manager at Zibo Power "
        "Company. “We still need more engineers than we can hire,” said TAN Li, Dean of "
        "the Shandong Institute of Technology."
    )
    assert [(speaker, rule) for _, speaker, rule in quotes(text)] == [
        ("WU Hong", "speaker-after"),
        ("TAN Li", "speaker-after"),
    ]


def test_an_interrupted_quote_continues_with_the_same_speaker():
    text = (
        "“Steel output fell,” said DENG Bo, an analyst at Jinan Securities Company. "
        "“But prices have held up better than anyone expected this spring.”"
    )
    assert quotes(text) == [
        ("Steel output fell,", "DENG Bo", "speaker-after"),
        (
            "But prices have held up better than anyone expected this spring.",
            "DENG Bo",
            "interrupted-quote",
        ),
    ]


def test_a_missing_closing_mark_runs_to_the_end_of_the_paragraph():
    text = (
        "KONG Wei, Director of the Weifang Trade Bureau, said the fair was a success. "
        "“We signed forty contracts and will hold the fair again next year.\n\n"
        "Other news followed."
    )
    [(words, speaker, rule)] = quotes(text)
    assert words == "We signed forty contracts and will hold the fair again next year."
    assert speaker == "KONG Wei"
    assert rule.endswith("+unclosed")


def test_a_slogan_or_name_in_marks_is_not_speech():
    text = (
        "The county calls itself the “blue granary” of the north. Its “Green Coast” plan "
        "is famous, and visitors know the “Genghai No.1” platform and the slogan "
        "“enterprises that use special and sophisticated technologies” well."
    )
    assert quotes(text) == []


def test_a_number_inside_a_slogan_is_not_a_figure():
    text = "It is one of the “top ten industries” named in the plan."
    assert found(text, "figure") == []


def test_he_said_refers_to_the_last_named_person():
    text = (
        "QIN Hao, Chairman of Linyi Logistics Group, opened the new depot. "
        "“This depot halves our delivery times across the region,” he said."
    )
    assert quotes(text) == [
        ("This depot halves our delivery times across the region,", "QIN Hao", "speaker-after")
    ]


def test_a_family_name_alone_refers_back_to_the_full_name():
    text = (
        "Li Na, a deputy to the provincial congress, spoke first. "
        '"Rural roads come first in our budget this year," said Li.'
    )
    assert quotes(text)[0][1] == "Li Na"


def test_paraphrase_after_name_said_that():
    text = (
        "SONG Jie, Director of the Jining Energy Bureau, said that coal use will fall by a "
        "fifth before 2030."
    )
    [finding] = found(text, "paraphrase")
    assert text[finding.start : finding.end] == "coal use will fall by a fifth before 2030"
    assert finding.speaker.name == "SONG Jie"
    assert finding.rule == "reported-speech"


def test_paraphrase_followed_by_said_name_and_by_unnamed_speakers():
    text = (
        "The plant will be finished next year, said HE Ping. "
        "The region needs cheaper power, said local officials."
    )
    paraphrases = found(text, "paraphrase")
    assert [(text[f.start : f.end], f.speaker and f.speaker.name) for f in paraphrases] == [
        ("The plant will be finished next year", "HE Ping"),
        ("The region needs cheaper power", None),
    ]


def test_adding_that_is_a_second_paraphrase():
    text = (
        '"Our exports grew in every quarter," said FANG Yu, adding that the company will '
        "open an office in Busan."
    )
    [paraphrase] = found(text, "paraphrase")
    assert text[paraphrase.start : paraphrase.end] == ("the company will open an office in Busan")
    assert paraphrase.speaker.name == "FANG Yu"


def figures(text):
    return [
        (f.found["value"], f.found["unit"], f.found["qualifier"], f.found["indicator"])
        for f in found(text, "figure")
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The park signed over 12,500 supply contracts in May.",
            ("12500", "count", "over", "supply contracts"),
        ),
        (
            "It reached a trade volume exceeding RMB 3.5 billion last year.",
            ("3500000000", "rmb", "exceeded", "trade volume"),
        ),
        (
            "Its share of output rose by 12.5 percent in 2023.",
            ("12.5", "percent", "exact", "share of output growth"),
        ),
        (
            "The company built a 3.2 square kilometre logistics zone.",
            ("3.2", "km2", "exact", "area of logistics zone"),
        ),
        (
            "Inspectors visited 1,204 chemical plants above the designated size.",
            ("1204", "count", "exact", "chemical plants"),
        ),
        (
            "The city now hosts three national laboratories.",
            ("3", "count", "exact", "national laboratories"),
        ),
        (
            "The total investment of about RMB 800 million will be spent by 2026.",
            ("800000000", "rmb", "about", "total investment"),
        ),
        (
            "By June the number of licensed drone pilots in the city exceeded 4,000.",
            ("4000", "count", "exceeded", "licensed drone pilots"),
        ),
    ],
)
def test_figures_with_units_and_qualifiers_in_base_units(text, expected):
    assert figures(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The fair opened on May 24, 2024 at 19:00.",
        "By 2035, the plan will be complete.",
        "The 2024 World Expo drew crowds.",
        "It is platform No. 3 of the harbour.",
        "The five-year plan was approved.",
        "Updated : 2023-03-10",
        "They checked the records one by one.",
    ],
)
def test_dates_years_times_and_list_numbers_are_not_figures(text):
    assert found(text, "figure") == []


def test_a_figure_is_evidenced_by_its_sentence_and_proposes_a_subject():
    text = "Weihai Marine Group employs 1,500 engineers. Others employ fewer."
    [figure] = found(text, "figure")
    start, end = figure.found["evidence"]
    assert text[start:end] == "Weihai Marine Group employs 1,500 engineers."
    assert figure.found["subject"] == {"kind": "organisation", "name": "Weihai Marine Group"}
    assert text[figure.start : figure.end] == "1,500"
