"""Figures in news prose: a number with its unit and qualifier, and the indicator it
measures (a noun phrase).

Pure functions of the text, like extract.py; what the database already knows is passed
in as a dict of names. The rules follow how news copy writes figures:

- a number is digits ("1,004", "3.28", "20m") or a number word ("six"), with a scale
  (thousand … trillion, "m", "bn"), a currency before it (RMB, US$, $, €, £, HK$) or a
  unit after it (yuan, U.S. dollars, percent, tonnes, TEU, metres, square and cubic
  metres, km/h, kilograms, years, days, times …); fractions ("one-sixth") and multiples
  ("double", "three times") are figures too. A count needs the thing it counts.
- a range ("between 12 and 18 floors", "35 to 40 percent") is two figures, qualified
  range_low and range_high, sharing the unit written after the second.
- the indicator is the noun phrase the number measures: the subject of "reached",
  "hit", "exceeded" …, the noun before "of", the thing counted, or "X growth" for "X
  rose by N percent" and ", up N percent". A figure in brackets after another
  ("($238.6 billion)") measures the same thing.

The period of a figure is read in periods.py, the subject it is about in subjects.py.
"""

import re
from decimal import Decimal

from .periods import MONTHS


def words(text):
    return set(text.split())


# fmt: off
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12,
}
FRACTIONS = {
    "half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}
MULTIPLES = {
    "double": 2, "doubled": 2, "twofold": 2, "triple": 3, "tripled": 3, "threefold": 3,
    "quadrupled": 4, "fourfold": 4, "halved": Decimal("0.5"),
}
SCALES = {
    "thousand": 10**3, "k": 10**3, "million": 10**6, "mn": 10**6, "m": 10**6,
    "billion": 10**9, "bn": 10**9, "trillion": 10**12,
}
CURRENCY_BEFORE = {
    "rmb": "rmb", "cny": "rmb", "¥": "rmb", "yuan": "rmb", "us$": "usd", "usd": "usd",
    "$": "usd", "hk$": "hkd", "hkd": "hkd", "€": "eur", "eur": "eur", "£": "gbp", "gbp": "gbp",
}
#: Units written after the number, longest first, with their code.
UNITS = [
    (r"(?:twenty-foot equivalent units|TEUs?)(?:\s*\(TEUs?\))?\s+(?:per|an|a)\s+hour", "teu_h"),
    (r"twenty-foot equivalent units(?:\s*\(TEUs?\))?|TEUs?", "teu"),
    (r"(?:Hong Kong|HK) dollars", "hkd"),
    (r"U\.?\s?S\.?\s?dollars|US dollars|American dollars|dollars|USD", "usd"),
    (r"yuan|RMB|renminbi", "rmb"),
    (r"euros?|EUR", "eur"),
    (r"pounds sterling|GBP", "gbp"),
    (r"percentage points?", "pp"),
    (r"percent|per cent|%|pct", "percent"),
    (r"-?(?:gigawatt-hours?|GWh)", "gwh"),
    (r"-?(?:megawatt-hours?|MWh)", "mwh"),
    (r"-?(?:kilowatt-hours?|kWh)", "kwh"),
    (r"-?(?:gigawatts?|GW)", "gw"),
    (r"-?(?:megawatts?|MW)", "mw"),
    (r"-?(?:kilowatts?|kW)", "kw"),
    (r"-?(?:kilovolts?|kV)", "kv"),
    (r"-?hectares?|ha", "ha"),
    (r"mu", "mu"),
    (r"(?:metric\s+)?(?:tonnes|tons|tonne|ton)", "tonnes"),
    (r"km/h|kmh|kph|kilomet(?:er|re)s (?:per|an) hour", "km_h"),
    (r"mph|miles (?:per|an) hour", "mph"),
    (r"-?square[- ]kilomet(?:er|re)s?|sq km|km2|km²", "km2"),
    (r"-?square[- ]met(?:er|re)s?|sq m|m2|m²", "m2"),
    (r"-?cubic[- ]met(?:er|re)s?|m3|m³", "m3"),
    (r"kilomet(?:er|re)s?|km", "km"),
    (r"met(?:er|re)s?", "m"),
    (r"kilograms?|kilos|kg", "kg"),
    (r"(?:consecutive\s+|straight\s+|successive\s+)?years?", "years"),
    (r"months?", "months"),
    (r"(?:consecutive\s+|working\s+|business\s+)?days?", "days"),
    (r"hours?", "hours"),
    (r"minutes?", "minutes"),
    (r"times", "times"),
]
#: What a figure measures, when the words around it do not say: by unit.
PLAIN_NAMES = {
    "rmb": "amount", "usd": "amount", "eur": "amount", "gbp": "amount", "hkd": "amount",
    "percent": "percentage", "tonnes": "weight", "teu": "container volume",
    "teu_h": "container handling rate", "km_h": "speed", "mph": "speed", "km2": "area",
    "kw": "capacity", "mw": "capacity", "gw": "capacity", "kwh": "electricity",
    "mwh": "electricity", "gwh": "electricity", "kv": "voltage", "ha": "area", "mu": "area",
    "pp": "change in percentage points",
    "m2": "area", "m3": "volume", "km": "length", "m": "length", "kg": "weight",
    "years": "duration", "months": "duration", "days": "duration", "hours": "duration",
    "minutes": "duration", "times": "multiple", "fraction": "share",
}
QUALIFIERS = {
    "over": "over", "more than": "over", "above": "over", "exceeding": "exceeded",
    "exceeded": "exceeded", "surpassing": "exceeded", "surpassed": "exceeded",
    "topping": "exceeded", "topped": "exceeded", "about": "about", "around": "about",
    "approximately": "about", "nearly": "about", "almost": "about", "roughly": "about",
    "some": "about", "close to": "about", "at least": "at_least", "no less than": "at_least",
    "not less than": "at_least", "under": "under", "less than": "under", "below": "under",
    "no more than": "up_to", "at most": "up_to", "not more than": "up_to",
    "fewer than": "under", "up to": "up_to", "as much as": "up_to", "as many as": "up_to",
}
#: Words that end the phrase naming what a number counts.
STOP = words(
    """
of in on at by for from to with and or but that which who whom whose have has had is are was
were will would can could be been being above below over under than as into onto per each
across within between such this these those its their it they there also while when where
whereas after before during since until if then so not no more less most least very just
only about around nearly almost up down out off ahead last next every whose per a an the
"""
)
#: Words a noun phrase does not end with: verbs, adverbs and other fragments.
NOT_NOUN_ENDS = STOP | words(
    """
a an the made make makes reach reached reaches hit hits was invest invested will increase
increased rose grew jumped fell dropped totalled totaled amounted stood spans covers cover
registered attracting producing gathering including coming living working operating achieved
achieve realized realised recorded record saw see sees had has have now currently new first
last next previous total past recent takes take took handle handles handled produce produces
produced sell sells sold build builds built attract attracts attracted visit visits boost
boosts raise raises costing means
"""
)
#: Words in -ing that are nouns, so may end a noun phrase.
ING_NOUNS = words(
    """
building housing shipping manufacturing spending funding financing processing planning
training trading mining engineering marketing clothing lighting heating pricing parking
offering holding listing saving dwelling
"""
)
#: Words a noun phrase never reaches back past.
PHRASE_BREAKS = words(
    """
that which who whose where as with while when has have had is are was were will would also
to by for in on at from now currently it its their our his her there after before than
despite up down since during among said says reported posted recorded achieved realized realised
generated logged booked expects expected plans planned aims aimed hopes targets seeks
"""
)
MODALS = {"to", "will", "would", "can", "could", "may", "might", "must", "should", "shall"}
DETERMINERS = {"a", "an", "the", "its", "their", "our", "his", "her", "this", "these", "whose"}
#: What a figure measures when a verb says it: "plans to invest 1.2 billion yuan".
VERB_NOUNS = {
    "invest": {"*": "investment"},
    "spend": {"*": "spending"},
    "export": {"*": "exports"},
    "import": {"*": "imports"},
    "earn": {"*": "earnings"},
    "sell": {"*": "sales"},
    "handle": {"teu": "container throughput", "tonnes": "cargo throughput", "*": "throughput"},
}
VERB_FORMS = {
    form: verb
    for verb, forms in {
        "invest": "invest invests invested investing",
        "spend": "spend spends spent spending",
        "export": "export exports exported exporting",
        "import": "import imports imported importing",
        "earn": "earn earns earned earning",
        "sell": "sell sells sold selling",
        "handle": "handle handles handled handling",
    }.items()
    for form in forms.split()
}
#: Verbs a measured quantity is the subject of: "exports reached …".
MEASURE_VERBS = (
    r"reached|hits|was|is|were|are|stood at|stands at|amounted to|amounts to|totall?ed|"
    r"totals|exceeded|surpassed|topped|rose to|grew to|increased to|climbed to|jumped to|"
    r"fell to|dropped to|declined to|came to|spans|span|covers|cover|reaching|totall?ing|"
    r"amounting to|worth|of|at|hitting|reach|hit|top|exceed|surpass|total"
)
GROWTH_VERBS = {
    "increased": "growth", "rose": "growth", "grew": "growth", "climbed": "growth",
    "jumped": "growth", "expanded": "growth", "up": "growth", "surged": "growth",
    "improved": "improvement", "fell": "decline", "dropped": "decline", "declined": "decline",
    "decreased": "decline", "down": "decline", "shrank": "decline", "growing": "growth",
    "rising": "growth", "increasing": "growth", "falling": "decline", "dropping": "decline",
    "declining": "decline", "boost": "growth", "increase": "growth", "raise": "growth",
    "cut": "reduction", "reduce": "reduction", "lower": "reduction", "rise": "growth",
    "jump": "growth", "decrease": "decline",
    "grow": "growth", "fall": "decline", "drop": "decline", "decline": "decline",
}
# fmt: on

NUMBER = re.compile(
    r"(?<![\w.,/])(?<![A-Za-z]-)"
    r"(?P<qualifier>(?:" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+)?"
    r"(?P<currency>RMB|CNY|USD|EUR|GBP|HKD|US\$|HK\$|\$|¥|€|£|yuan)?\s?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|a)-(?:" + "|".join(FRACTIONS) + r")s?"
    r"|(?:half|(?:a|one) (?:quarter|third|fifth))(?=\s+of\b)"
    r"|(?:" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")(?=[\s-])"
    r"|(?:" + "|".join(sorted(MULTIPLES, key=len, reverse=True)) + r")\b)"
    r"(?P<scale>\s?(?:thousand|million|billion|trillion|mn|bn)\b|(?<=\d)[mk]\b)?"
    r"(?P<unit>\s?(?:" + "|".join(u for u, _ in UNITS) + r")(?![\w²³]))?",
    re.IGNORECASE,
)
DATE_BEFORE = re.compile(
    r"(?:\b(?:" + "|".join(MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
    r"|\b(?:No\.|No|number|Phase|Article|Section|Line|Route|Gate|Terminal))\s*$",
    re.IGNORECASE,
)


def number_value(word):
    """The value of a number as written: digits, a number word, a fraction or a multiple."""
    low = word.lower()
    if low in WORD_NUMBERS:
        return Decimal(WORD_NUMBERS[low]), None
    if low in MULTIPLES:
        return Decimal(MULTIPLES[low]), "times"
    if low == "half":
        return Decimal("0.5"), "fraction"
    m = re.fullmatch(r"(\w+)[- ](\w+?)s?", low)
    if m and m.group(2) in FRACTIONS:
        numerator = 1 if m.group(1) == "a" else WORD_NUMBERS[m.group(1)]
        return (Decimal(numerator) / FRACTIONS[m.group(2)]).quantize(Decimal("0.0001")), "fraction"
    return Decimal(word.replace(",", "")), None


def unit_code(written):
    written = " ".join(written.split())
    for pattern, code in UNITS:
        if re.fullmatch(pattern, written, re.IGNORECASE):
            return code
    return None


def read(text, m):
    """The value, unit and qualifier of a number match, or None when it is not a figure:
    a year, a date, a time, an ordinal, a list number, part of a name or a word."""
    number = m.group("number")
    lead, after = text[max(0, m.start() - 60) : m.start()], text[m.end() : m.end() + 60]
    word = not number[0].isdigit()
    if re.match(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o['’]clock)", after):
        return None  # a time of day
    if DATE_BEFORE.search(lead[-15:]) or re.match(
        r"(?:st|nd|rd|th)\b|-(?!\w*(?:square|cubic|watt|volt|hectare)|\d)|:\d|\.\d", after
    ):
        return None  # "May 24", "No. 1", "5th", "19:00", "five-year"
    if re.search(r"(?:^|[\s(])[-−–]$", lead):
        return None  # "grew -5 percent": a sign this reading would lose
    if re.match(r"0\d", number) or re.search(r"\d-$", lead) and re.match(r"-\d", after):
        return None  # a date: "2023-03-10"
    if re.search(r"\d{4}-(?:\d{1,2}-)?$", lead) or re.match(r"-\d{1,2}-", after):
        return None
    if (
        re.match(r"[A-Z]", lead[-1:] or " ")
        or re.search(r"[A-Z][\w.]*\s?$", lead)
        and not m.group("currency")
        and re.search(r"\bNo\.?\s?$|[A-Z]{2,}-?$", lead)
    ):
        return None  # "Guoxin No.1", "A380"
    value, kind = number_value(number)
    unit = unit_code(m.group("unit") or "") if m.group("unit") else kind
    currency = m.group("currency")
    if currency:
        unit = unit if unit and unit not in {"rmb", "usd"} else CURRENCY_BEFORE[currency.lower()]
        if unit not in CURRENCY_BEFORE.values():
            return None
    if not word and re.fullmatch(r"(?:1[89]|20)\d\d", number) and not (unit or m.group("scale")):
        return None  # a year
    if word and not unit and number.lower() == "one":
        return None  # "one of the largest"
    if re.search(r"\b(?:first|last)\s+$", lead) and re.match(r"\s+(?:months|quarters)\b", after):
        return None  # "in the first three quarters": a period, not a figure
    if unit in {"months", "days"} and re.search(r"\b(?:first|last|past)\s+$", lead):
        return None
    if unit in {"days", "hours", "minutes"} and re.match(r"\s+(?:a|per)\s+(?:day|week)\b", after):
        return None  # "seven days a week": how often, not a figure
    scale = (m.group("scale") or "").strip().lower()
    if scale:
        value *= SCALES[scale]
    if value >= 10**20:
        return None  # more than a metric holds (20 digits): not a figure of ours
    value = value.quantize(Decimal("0.0001")).normalize()  # a metric keeps 4 decimals
    qualifier = QUALIFIERS.get(" ".join((m.group("qualifier") or "").lower().split()), "exact")
    if qualifier == "exact":
        q = re.search(r"\b(exceeded|surpassed|topped|over|about|nearly|up to|as much as)\s+$", lead)
        qualifier = QUALIFIERS[q.group(1)] if q else "exact"
    return {"value": value, "unit": unit or "count", "qualifier": qualifier}


def counted(text, at):
    """The noun phrase a count counts, written after the number: "1,004 commodity
    trading markets", "over 300 types of seafood"; "four of the 12 blocks" borrows."""
    m = re.match(r"\s+of the (?:\d[\d,]*|[a-z]+) ", text[at : at + 40])
    if m:
        at += m.end() - 1
    tokens = []
    for token in re.finditer(r"\s*([A-Za-z][\w'’-]*|[^\s\w])", text[at : at + 120]):
        word = token.group(1)
        if not re.fullmatch(r"[A-Za-z][\w'’-]*", word) or word.lower() in STOP:
            if (
                word.lower() == "of"
                and tokens
                and tokens[-1].lower()
                in {"types", "kinds", "varieties", "sorts", "categories", "pieces", "tons", "units"}
            ):
                tokens.append(word)
                continue
            break
        tokens.append(word)
        if len(tokens) == 8:
            break
    if len(tokens) > 2 and tokens[0].endswith("ly") and tokens[1].endswith("ed"):
        del tokens[:2]  # "newly opened routes" counts routes
    while tokens and (
        tokens[-1].lower() in NOT_NOUN_ENDS
        or len(tokens) > 1
        and re.search(r"(?:ing|ly|ed)$", tokens[-1])
        and tokens[-1].lower() not in ING_NOUNS
    ):
        tokens.pop()
    return " ".join(tokens) if tokens and len(tokens[-1]) > 1 else ""


def compared(lead, earlier):
    """What a figure measures when it is said by way of another before it: "30,000 workers
    …, up from 21,000 a year earlier", "39,000 …, an increase of 2,600", "35 routes,
    including 12 to Southeast Asia"."""
    if not earlier:
        return ""
    if re.search(r"\b(?:up|down|rising|falling|compared)\s+(?:from|with)\s*$", lead):
        return earlier[-1][2]
    if re.search(r"\b(?:including|of which|among them|of them)\s*$", lead):
        return earlier[-1][2]
    change = re.search(
        r"\b(?:an?|the)\s+(?P<noun>increase|rise|growth|jump|decrease|decline|drop|fall)\s+of\s*$",
        lead,
    )
    if change:
        return f"{earlier[-1][2]} {GROWTH_VERBS.get(change['noun'], change['noun'])}"
    return ""


def number_of(lead):
    """ "The number of South Korean tourists … reached 3,000" -> "South Korean tourists"."""
    m = re.search(
        r"\b[Nn]umber of (?P<np>[^,;.]+?)\s*(?:\b(?:has|had|have)\s+)?"
        r"(?:\b(?:is|are)\s+(?:expected|set|projected|forecast)\s+to\s+\w+|\b(?:reached|hit|hits|was|"
        r"is|stood at|exceeded|rose to|grew to|increased to|totall?ed|topped|surpassed|"
        r"climbed to|jumped to))?\s*$",
        lead,
    )
    if not m:
        return ""
    np = re.split(r"\s+(?:in|at|to|traveling|travelling|visiting)\b", m.group("np"))[0]
    return " ".join(re.sub(r"[“”\"‘’]", "", np).split()[:8])


def noun_phrase(words):
    """The noun phrase that ends `words`, without determiners, possessives and brackets:
    "Last year, the total value of Shandong's imports and exports" -> "total value of
    imports and exports"."""
    words = re.sub(r"\([^()]*\)|[“”\"‘]", " ", words)
    words = re.split(r"[,;:()—–]|\s-\s", words)[-1]
    tokens = words.split()
    phrase = []
    for i in range(len(tokens) - 1, -1, -1):
        token = tokens[i]
        low = token.lower().strip(".")
        if low == "and" and re.search(r"\d", " ".join(tokens[:i])):
            break
        if low == "in" and phrase and phrase[0][:1].isupper() and i > 0 and tokens[i - 1].islower():
            phrase.insert(0, token)  # "investment in Vietnam"
            continue
        if low in PHRASE_BREAKS and not (
            low in {"in", "for", "on", "to", "by"}
            and phrase
            and i > 0
            and tokens[i - 1].lower() == "of"
        ):
            break
        if not re.fullmatch(r"[A-Za-z][\w'’&-]*", token):
            break
        if i > 0 and tokens[i - 1].lower() in MODALS:
            break  # "is expected to generate annual output value": the verb is not in it
        if phrase and phrase[0].lower() in DETERMINERS and low != "of":
            break  # "realized a transaction volume": the phrase starts at its article
        phrase.insert(0, token)
        if len(phrase) == 8:
            break
    while phrase and (
        phrase[0].lower() in DETERMINERS | {"of", "and", "last", "year"}
        or re.search(r"['’]s?$", phrase[0])
        or re.fullmatch(r"[A-Z][\w-]*", phrase[0])
        and len(phrase) > 1
        and re.search(r"['’]s$", phrase[0])
    ):
        phrase.pop(0)
    kept = []
    for word in phrase:  # "Example Group's exports" -> "exports"
        if re.search(r"['’]s$", word):
            while kept and kept[-1][:1].isupper():
                kept.pop()
            continue
        kept.append(word)
    phrase = kept
    while phrase and phrase[-1].lower() in NOT_NOUN_ENDS | {"of"}:
        phrase.pop()
    if not phrase or re.search(r"ly$|ing$", phrase[-1]) and phrase[-1].lower() not in ING_NOUNS:
        return ""
    return " ".join(phrase)


def indicator_for(text, m, found, sentence_start, earlier, counted_at=None):
    """A noun phrase naming what the figure measures. A count counts what is written
    after it, or after `counted_at` (the high end of a range it opens)."""
    unit = found["unit"]
    lead = text[max(sentence_start, m.start() - 300) : m.start()]  # a phrase is near its number
    lead_clean = re.sub(r"\s+", " ", lead)
    after = text[m.end() : m.end() + 120]
    if unit == "count":
        return (
            counted(text, counted_at or m.end())
            or number_of(lead_clean)
            or compared(lead_clean, earlier)
        )
    previous = earlier[-1] if earlier else None
    # In brackets right after another figure: the same thing in another unit.
    if previous and re.fullmatch(
        r"\s*\(\s*(?:about|around|roughly|or)?\s*", text[previous[1] : m.start()]
    ):
        return previous[2]
    adjectival = re.search(r"(?:['’]s|\b[Aa]n?)\s*$", lead)  # "a 3.2 square km zone"
    if (m.group("unit") or "").startswith("-") or adjectival:
        thing = counted(text, m.end())
        if thing:
            return f"{PLAIN_NAMES.get(unit, 'figure')} of {thing}"
    whole = [e for e in earlier if e[3] not in {"percent", "fraction", "times"}]
    share = re.search(r"^(?P<np>.*?)\s*\b(?:accounting|accounted|accounts) for\s*$", lead_clean)
    if share and (whole or noun_phrase(share.group("np"))):
        return f"{whole[-1][2] if whole else noun_phrase(share.group('np'))} share"
    by_way_of = compared(lead_clean, earlier)
    if by_way_of:
        return by_way_of
    growth = re.search(
        r"(?:^|,\s*|\band\s+)(up|down|growing|rising|increasing|falling|dropping|declining)"
        r"(?:\s+by)?(?:\s+as much as)?\s*$",
        lead_clean,
    )
    if growth and previous:
        return f"{previous[2]} {GROWTH_VERBS[growth.group(1)]}"
    obj = re.search(
        r"\b(?P<verb>boost|increase|raise|cut|reduce|lower)\s+(?P<np>[\w\s'’-]+?)\s+by\s*$",
        lead_clean,
    )
    if obj and noun_phrase(obj.group("np")):
        return f"{noun_phrase(obj.group('np'))} {GROWTH_VERBS[obj.group('verb')]}"
    verb = re.search(
        r"^(?P<np>.*?)\s+(?:has\s+|have\s+|had\s+|to\s+)?(?:also\s+)?(?:been\s+)?"
        r"(?P<verb>" + "|".join(GROWTH_VERBS) + r")(?:\s+by)?\s*$",
        lead_clean,
    )
    if verb and unit in {"percent", "times", "fraction"}:
        phrase = noun_phrase(verb.group("np"))
        if phrase:
            return f"{phrase} {GROWTH_VERBS[verb.group('verb')]}"
    # "exports grew by 34.8 percent year on year to 1.76 trillion yuan"
    to = re.search(
        r"^(?P<np>.*?)\s+(?:(?:nearly|almost|more than)\s+)?"
        r"(?:" + "|".join([*GROWTH_VERBS, *MULTIPLES]) + r")\b[^,]*?\bto\s*$",
        lead_clean,
    )
    if to:
        phrase = noun_phrase(to.group("np"))
        if phrase:
            return phrase
    if unit in {"percent", "fraction"} and re.match(r"\s+of\s+", after):
        of = re.match(r"\s+of\s+(?:the\s+)?(?:[\w'’-]+['’]s\s+)?", after)
        phrase = counted(text, m.end() + of.end() - 1)
        if phrase and phrase not in {"total", "whole"}:
            return f"share of {phrase}"
    made = re.search(
        r"\b(?P<verb>" + "|".join(VERB_FORMS) + r")"
        r"(?:\s+(?:a total of|in total|some|about|over|more than|nearly|around))?\s*$",
        lead_clean,
    )
    if made:
        nouns = VERB_NOUNS[VERB_FORMS[made.group("verb")]]
        return nouns.get(unit, nouns["*"])
    if unit == "times" and m.group("number").lower().endswith("ed"):
        phrase = noun_phrase(re.sub(r"\s+(?:has|have|had)(?:\s+\w+ly)?\s*$", "", lead_clean))
        if phrase:
            return phrase  # "orders had tripled"
    spans = re.search(r"^(?P<np>.*?)\s+(?:cover(?:s|ing|ed)?|span(?:s|ning|ned)?)\s*$", lead_clean)
    if spans and unit in {"m2", "km2", "m", "km"} and noun_phrase(spans.group("np")):
        return f"{PLAIN_NAMES[unit]} of {noun_phrase(spans.group('np'))}"
    measured = re.search(
        r"^(?P<np>.*?)\s+(?:(?:will|would|could|can|may|might|is expected to|are expected to)\s+)?"
        r"(?:" + MEASURE_VERBS + r")\s*(?:between|from)?\s*$",
        lead_clean,
    )
    if measured:
        phrase = noun_phrase(measured.group("np"))
        if phrase:
            return phrase
    phrase = noun_phrase(lead_clean)
    if phrase:
        return phrase
    if previous and previous[3] == unit:
        return previous[2]
    if unit == "fraction" and previous and previous[3] == "count":
        return f"share of {previous[2]}"
    return PLAIN_NAMES.get(unit, "figure")
