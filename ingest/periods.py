"""The period a figure's sentence gives: "in 2023", "last year", "in January",
"January to November 2025", "the first quarter", "the first half", "the first six
months", "2021-2025", "by the end of 2005", "a year earlier".

Relative periods are read from the publication date and its precision: with only the
year known, "in March" is March of that year; with the day or month known, a month
after the publication's is taken to be the year before ("in November", published in
February 2020, is November 2019).
"""

import calendar
import datetime
import functools
import re

MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
]  # fmt: skip
MONTH = "|".join(MONTHS)
YEAR = r"(?:19|20)\d\d"
ORDINALS = ["first", "second", "third", "fourth"]
COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11}  # fmt: skip


def month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def year_before(day):
    return day.replace(year=day.year - 1, day=min(day.day, month_end(day.year - 1, day.month).day))


def month_number(name):
    return MONTHS.index(name.lower()) + 1


@functools.lru_cache(maxsize=256)
def candidates(sentence, published, precision):
    """(match, label, start, end) of every period the sentence names."""
    this_year = published.year
    found = []

    def add(m, label, start, end):
        if not any(f[0].start() <= m.start() < f[0].end() for f in found):
            found.append((m, label, start, end))

    for m in re.finditer(rf"\b(?P<y1>{YEAR})\s*(?:–|-|to)\s*(?P<y2>{YEAR})\b", sentence):
        y1, y2 = int(m["y1"]), int(m["y2"])
        if y1 < y2:
            add(m, f"{y1}–{y2}", datetime.date(y1, 1, 1), datetime.date(y2, 12, 31))
    for m in re.finditer(
        rf"\b(?P<m1>{MONTH})\s*(?:–|-|to|through)\s*(?P<m2>{MONTH}),?\s+(?P<y>{YEAR})",
        sentence,
        re.I,
    ):
        y, m1, m2 = int(m["y"]), month_number(m["m1"]), month_number(m["m2"])
        # "December to February 2024" starts in the December before.
        label = f"{MONTHS[m1 - 1].capitalize()} to {MONTHS[m2 - 1].capitalize()} {y}"
        add(m, label, datetime.date(y if m1 <= m2 else y - 1, m1, 1), month_end(y, m2))
    for m in re.finditer(
        rf"\bthe\s+(?:(?P<q>first|second|third|fourth)\s+quarter|(?P<half>first|second)\s+half"
        rf"|first\s+(?P<months>\w+)\s+months|first\s+(?P<quarters>two|three)\s+quarters)"
        rf"(?:\s+of\s+(?P<y>{YEAR}))?",
        sentence,
        re.I,
    ):
        y = int(m["y"]) if m["y"] else this_year
        if m["q"]:
            q = ORDINALS.index(m["q"].lower())
            add(m, f"Q{q + 1} {y}", datetime.date(y, 3 * q + 1, 1), month_end(y, 3 * q + 3))
        elif m["half"]:
            first = m["half"].lower() == "first"
            start, end = (1, 6) if first else (7, 12)
            add(m, f"H{1 if first else 2} {y}", datetime.date(y, start, 1), month_end(y, end))
        elif m["quarters"]:
            n = COUNTS[m["quarters"].lower()]
            add(m, f"Q1 to Q{n} {y}", datetime.date(y, 1, 1), month_end(y, 3 * n))
        else:
            word = m["months"].lower()
            n = int(word) if re.fullmatch(r"[0-9]{1,2}", word) else COUNTS.get(word)
            if n and 1 <= n <= 12:
                label = f"January to {MONTHS[n - 1].capitalize()} {y}"
                add(m, label, datetime.date(y, 1, 1), month_end(y, n))
    for m in re.finditer(rf"\b(?P<m>{MONTH})\s+(?P<y>{YEAR})\b", sentence, re.I):
        y, month = int(m["y"]), month_number(m["m"])
        add(m, f"{m['m'].capitalize()} {y}", datetime.date(y, month, 1), month_end(y, month))
    for m in re.finditer(
        rf"\b(?P<end>by the end of|at the end of|as of the end of|end of)?\s*"
        rf"(?P<y>{YEAR})\b(?![-\d/])",
        sentence,
        re.I,
    ):
        before = sentence[max(0, m.start("y") - 20) : m.start("y")].lower()
        if not m["end"] and re.search(
            r"\b(?:from|since|than|compared (?:to|with)|over|of)\s*$", before
        ):
            continue  # a base of comparison, not the period
        y = int(m["y"])
        if m["end"]:
            add(m, f"end of {y}", None, datetime.date(y, 12, 31))
        else:
            add(m, str(y), datetime.date(y, 1, 1), datetime.date(y, 12, 31))
    for m in re.finditer(r"\b(?P<which>last|this|previous)\s+year\b(?!['’]s)", sentence, re.I):
        y = this_year - (m["which"].lower() in {"last", "previous"})
        add(m, str(y), datetime.date(y, 1, 1), datetime.date(y, 12, 31))
    for m in re.finditer(rf"\bin\s+(?P<m>{MONTH})\b(?!\s+(?:{YEAR}|\d))", sentence, re.I):
        month = month_number(m["m"])
        later = precision != "year" and month > published.month
        y = this_year - 1 if later else this_year
        add(m, f"{m['m'].capitalize()} {y}", datetime.date(y, month, 1), month_end(y, month))
    return found


def period_of(sentence, at, published, precision="day"):
    """{label, start, end} of the period the sentence gives nearest `at`, or None."""
    if published is None or not 1900 <= published.year <= 2100:
        return None
    found = candidates(sentence, published, precision)
    if not found:
        return None
    _, label, start, end = min(found, key=lambda f: abs(f[0].start() - at))
    # "up from 21,000 a year earlier": the phrase right after the number dates it; "rose
    # 8.2% from a year earlier" names the base of comparison, not the period.
    earlier = re.search(r"\ba year (?:earlier|ago|before)\b", sentence[at:])
    between = sentence[at : at + earlier.start()] if earlier else ""
    if (
        earlier
        and len(between.split()) <= 3
        and not re.search(r"\b(?:from|than|over)\s*$", between)
    ):
        # "30,000 at the end of last year, up from 21,000 a year earlier": a year before.
        label = f"a year before {label}"
        start, end = (year_before(day) if day else None for day in (start, end))
    return {
        "label": label,
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
    }
