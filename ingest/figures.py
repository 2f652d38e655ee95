"""Figures in news prose: a number with its unit, qualifier and period, the indicator it
measures (a noun phrase) and the organisation or place it is about.

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
- the period is the one the sentence gives nearest the number: "in 2023", "last year"
  (from the publication date), "in January", "January–November 2025", "in the first
  quarter", "by the end of 2005".
- the subject is, in order: the first organisation or place the sentence names before
  the number (a record already in the database counts as named), or one written
  "the city's" / "the company's" / "It" that refers back to one; one the sentence names
  after the number with "in"; the first one the paragraph names; the article's main
  subject (the first named in its title, then its first paragraph).
"""

import re
from dataclasses import dataclass
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
    (r"percent|per cent|%|pct", "percent"),
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
    (r"(?:consecutive\s+)?days?", "days"),
    (r"hours?", "hours"),
    (r"minutes?", "minutes"),
    (r"times", "times"),
]
#: What a figure measures, when the words around it do not say: by unit.
PLAIN_NAMES = {
    "rmb": "amount", "usd": "amount", "eur": "amount", "gbp": "amount", "hkd": "amount",
    "percent": "percentage", "tonnes": "weight", "teu": "container volume",
    "teu_h": "container handling rate", "km_h": "speed", "mph": "speed", "km2": "area",
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
#: Provinces and province-level cities of China, and the prefecture cities of Shandong:
#: the places a Shandong news article names most, often with no "Province" or "City".
PROVINCES = words(
    """
Shandong Jiangsu Zhejiang Anhui Fujian Jiangxi Henan Hebei Hubei Hunan Guangdong Guangxi
Hainan Sichuan Guizhou Yunnan Shaanxi Shanxi Gansu Qinghai Liaoning Jilin Heilongjiang Tibet
Xinjiang Ningxia Beijing Shanghai Tianjin Chongqing Taiwan
"""
) | {"Inner Mongolia", "Hong Kong", "Macao", "Macau"}
CITIES = words(
    """
Jinan Ji'nan Qingdao Zibo Zaozhuang Dongying Yantai Weifang Jining Tai'an Taian Weihai
Rizhao Linyi Dezhou Liaocheng Binzhou Heze Laiwu
"""
)
COUNTRIES = words(
    """
China Japan India Italy Romania Russia Germany France Britain Korea Vietnam Singapore
Australia Canada Brazil Mexico Spain Indonesia Malaysia Thailand
"""
) | {"South Korea", "North Korea", "United States", "the United States", "US", "U.S."}
ORGANISATION_ENDS = (
    r"Group|Company|Co\.,? Ltd\.?|Co Ltd|Co\.|Co|Ltd\.?|Corporation|Corp\.?|Inc\.|"
    r"Bank|Bureau|Department|Commission|Committee|Center|Centre|Institute|University|"
    r"Association|Government|Administration|Ministry|Office|Council|Zone|Park|Port|"
    r"Shipyard|Hospital|Academy|Federation|Fund|Exchange|Agency|Authority|Base|Market|"
    r"Foundation|Society|Daily|News"
)
PLACE_ENDS = (
    r"Province|province|City|city|District|County|Prefecture|Municipality|Region|Peninsula|Town"
)
# fmt: on

NUMBER = re.compile(
    r"(?<![\w.,/])(?<![A-Za-z]-)"
    r"(?P<qualifier>(?:" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+)?"
    r"(?P<currency>RMB|CNY|USD|EUR|GBP|HKD|US\$|HK\$|\$|¥|€|£|yuan)?\s?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|a)-(?:" + "|".join(FRACTIONS) + r")s?"
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
CAP_RUN = re.compile(
    r"\b[A-Z][\w'’&-]*(?:[ \t]+(?:(?:of|and|for|the|&|de)[ \t]+)?[A-Z][\w'’&.-]*)*"
)
ORGANISATION = re.compile(
    rf"\b(?:(?:[A-Z][\w&’'-]*|\([A-Z][\w ]*\)|of|and|for|the|&)\s+){{0,8}}?"
    rf"(?:[A-Z][\w&’'-]*|\([A-Z][\w ]*\))(?<![’']s),?\s+"
    rf"(?:{ORGANISATION_ENDS})(?:\s+(?:{ORGANISATION_ENDS}))*(?![a-z])"
    r"|\b[A-Z][a-z]+(?<![’']s) port\b"
)
PLACE = re.compile(rf"\b(?:[A-Z][a-z'’]+\s+)+(?:{PLACE_ENDS})\b|\bcity of [A-Z][a-z'’]+")
#: "JINAN, July 18 (Reuters) -": where and when the reporter filed, before the first sentence.
DATELINE = re.compile(r"[A-Z][A-Z .'’-]+,[^\n]{0,40}?\)\s*[-–—]+\s*")
APPOSITIVE = re.compile(r",\s+(?:a|an|the|one of|part of)\b[^,.]*,")
ANAPHOR = re.compile(
    r"\b(?:[Tt]he|[Tt]his)\s+(?P<noun>province|city|company|group|firm|enterprise|"
    r"corporation|port|terminal|park|zone|plant|factory|base|manufacturer|operator|county|"
    r"district)\b|\b(?P<pronoun>[Ii]t|[Ii]ts|[Oo]ur|[Tt]hey|[Tt]heir)\b"
)


@dataclass
class Mention:
    start: int
    end: int
    name: str
    kind: str  # "organisation", "place" or "project"


def number_value(word):
    """The value of a number as written: digits, a number word, a fraction or a multiple."""
    low = word.lower()
    if low in WORD_NUMBERS:
        return Decimal(WORD_NUMBERS[low]), None
    if low in MULTIPLES:
        return Decimal(MULTIPLES[low]), "times"
    m = re.fullmatch(r"(\w+)-(\w+?)s?", low)
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
        r"(?:st|nd|rd|th)\b|-(?!\w*(?:square|cubic)|\d)|:\d|\.\d", after
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
    """ "30,000 workers …, up from 21,000 a year earlier": the figure compared with."""
    if earlier and re.search(r"\b(?:up|down|rising|falling|compared)\s+(?:from|with)\s*$", lead):
        return earlier[-1][2]
    return ""


def number_of(lead):
    """ "The number of South Korean tourists … reached 3,000" -> "South Korean tourists"."""
    m = re.search(
        r"\b[Nn]umber of ((?:[\w'’-]+\s){0,4}?[\w'’-]+)\b"
        r"(?:\s+(?:in|at|of|to|traveling|travelling|visiting)\b.*)?$",
        lead,
    )
    return noun_phrase(m.group(1)) if m else ""


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


def indicator_for(text, m, found, sentence_start, earlier):
    """A noun phrase naming what the figure measures."""
    unit = found["unit"]
    lead = text[sentence_start : m.start()]
    lead_clean = re.sub(r"\s+", " ", lead)
    after = text[m.end() : m.end() + 120]
    if unit == "count":
        return counted(text, m.end()) or number_of(lead_clean)
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
    if compared(lead_clean, earlier):
        return compared(lead_clean, earlier)
    change = re.search(
        r"\b(?:an?|the)\s+(?P<noun>increase|rise|growth|jump|decrease|decline|drop|fall)\s+of\s*$",
        lead_clean,
    )
    if change and previous:
        return f"{previous[2]} {GROWTH_VERBS.get(change['noun'], change['noun'])}"
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


def mentions(text, known=None, people=()):
    """Every organisation and place the text names, longest first where they overlap:
    by the patterns of names ("… Group", "… Province"), the provinces and Shandong's
    cities, the names the database knows (`known`: lower-cased name -> (kind, name)),
    the organisation after a person ("NAME of ORG"), and a company's short name
    ("Weichai" for "Weichai Group", once the full name was written)."""
    known = known or {}
    found = []
    for m in ORGANISATION.finditer(text):
        name = re.sub(
            r"^(?:(?:The|In|At|By|From|With|For|As|And|But|On|Of|of|and|for|the)\s+|"
            r"[A-Z][\w'’]*-based\s+)+",
            "",
            m.group(),
        )
        for person in people:  # "Professor Wang Hua of Shandong University"
            if f"{person} " in name:
                name = re.sub(r"^(?:of|from|at)\s+(?:the\s+)?", "", name.split(f"{person} ", 1)[1])
        found.append(Mention(m.end() - len(name), m.end(), name, "organisation"))
    for m in PLACE.finditer(text):
        name = re.sub(r"^(?:The|In|At|By|From|With|For|As|And|But|On|Of)\s+", "", m.group())
        name = re.sub(r"^city of ", "", name)
        found.append(Mention(m.end() - len(name), m.end(), name, "place"))
    for m in re.finditer(
        r"\b(?:of|from|at)\s+(?:state-owned\s+|privately owned\s+|the\s+)?"
        r"(?P<org>(?:[A-Z][\w&-]*\s?){1,5})(?:\s+(?:said|says|in|,|\.)|[,.])",
        text,
    ):
        before = text[max(0, m.start() - 60) : m.start()]
        if re.search(r"[A-Z][a-z]+ [A-Z][a-z]+(?:,[^,]{0,60})?\s*$", before):
            name = m.group("org").strip()
            if name.split()[0] not in PROVINCES | CITIES | COUNTRIES:
                found.append(
                    Mention(m.start("org"), m.start("org") + len(name), name, "organisation")
                )
    names = {**{n.lower(): ("place", n) for n in PROVINCES | CITIES | COUNTRIES}, **known}
    for m in CAP_RUN.finditer(text):
        tokens = list(re.finditer(r"\S+", m.group()))
        for size in range(min(len(tokens), 8), 0, -1):
            for i in range(len(tokens) - size + 1):
                start = m.start() + tokens[i].start()
                name = text[start : m.start() + tokens[i + size - 1].end()].rstrip(".,")
                hit = names.get(name.lower()) or names.get(re.sub(r"['’]s$", "", name).lower())
                if hit:
                    found.append(Mention(start, start + len(name), hit[1], hit[0]))
    found = longest(found)
    # A company's short name: the first word of an organisation named before it.
    firsts = {}
    for mention in found:
        if mention.kind == "organisation" and len(mention.name.split()) > 1:
            firsts.setdefault(mention.name.split()[0], mention.name)
    for word, full in firsts.items():
        if word in PROVINCES | CITIES | COUNTRIES or word.lower() in names:
            continue
        for m in re.finditer(rf"\b{re.escape(word)}\b(?:['’]s)?(?!\s+[A-Z])", text):
            if re.search(r"[A-Z][\w'’-]*\s+$", text[max(0, m.start() - 30) : m.start()]):
                continue  # part of another name: "South Korean"
            if not any(f.start <= m.start() < f.end for f in found):
                found.append(Mention(m.start(), m.start() + len(word), full, "organisation"))
    for mention in found:
        if mention.kind == "organisation":
            longer = [
                f.name
                for f in found
                if f.kind == "organisation" and f.name.startswith(mention.name + " ")
            ]
            mention.name = longer[0] if longer else mention.name
    inside_people = [
        (m.start(), m.end()) for name in people for m in re.finditer(re.escape(name), text)
    ]
    return sorted(
        (f for f in longest(found) if not any(s <= f.start < e for s, e in inside_people)),
        key=lambda f: f.start,
    )


def longest(found):
    kept = []
    for mention in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if not any(k.start < mention.end and mention.start < k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda f: f.start)


def subject_like(mention):
    """A mention that can be what a figure is about: not a country, which news prose
    names mostly as a description ("China's first maglev train", "China's largest")."""
    return mention.name not in COUNTRIES


class Subjects:
    """Finds the subject of each figure of one article."""

    def __init__(self, text, title="", known=None, people=()):
        self.text = text
        # A dateline ("JINAN, July 18 (Reuters) -") says where the reporter was.
        dateline = DATELINE.match(text, len(text) - len(text.lstrip()))
        self.all = [
            m for m in mentions(text, known, people) if not (dateline and m.start < dateline.end())
        ]
        title_mentions = [m for m in mentions(title, known) if subject_like(m)]
        first_para = re.match(r"\s*[^\n]+", text)
        first = [
            m for m in self.all if first_para and m.start < first_para.end() and subject_like(m)
        ]
        # A title names a company by its short name: "Changyu celebrates …".
        title_words = set(re.findall(r"[\w'’-]+", title))
        short = [
            m for m in self.all if m.kind == "organisation" and m.name.split()[0] in title_words
        ]
        main = (title_mentions or short or first or [None])[0]
        if main and main.kind == "organisation":
            # The full name the body uses for a short name in the title.
            full = [
                m for m in self.all if m.kind == "organisation" and m.name.startswith(main.name)
            ]
            main = full[0] if full else main
        self.main = main
        # With no main subject, the first the article names, or failing that a country.
        usable = [m for m in self.all if subject_like(m)] or self.all
        self.fallback = usable[0] if usable else None

    def usable(self, start, end):
        """The subject-like mentions between start and end, outside appositives."""
        skip = [(m.start(), m.end()) for m in APPOSITIVE.finditer(self.text, start, end)]
        return [
            m
            for m in self.all
            if start <= m.start < end
            and subject_like(m)
            and not any(s < m.start < e for s, e in skip)
            # "Professor Wang of Shandong University said …": who spoke, not the subject.
            and not re.match(r"\s*,?\s*(?:said|says|told|added|stated|noted)\b", self.text[m.end :])
        ]

    def referent(self, noun, before):
        """The mention "the city", "the company" or "the port" refers back to."""
        earlier = [m for m in self.all if m.end <= before and subject_like(m)]
        if noun in {"province", "city", "county", "district"}:
            wanted = {"province": PROVINCES, "city": CITIES}.get(noun, set())
            for m in reversed(earlier):
                if m.kind == "place" and (m.name in wanted or noun in m.name.lower()):
                    return m
            if noun == "province":
                named = re.search(rf"\b({'|'.join(sorted(PROVINCES))})\b", self.text)
                if named:
                    return Mention(named.start(), named.end(), named.group(1), "place")
            return self.main if self.main and self.main.kind == "place" else None
        main_organisation = self.main if self.main and self.main.kind == "organisation" else None
        if noun in {"port", "terminal", "park", "zone", "base", "plant", "factory"}:
            for m in reversed(earlier):
                if m.kind == "organisation" and noun in m.name.lower():
                    return m
            return main_organisation
        if main_organisation:
            return main_organisation
        organisations = [m for m in earlier if m.kind == "organisation"]
        return organisations[-1] if organisations else None

    def first_in(self, start, end, at):
        """The subject the words between start and end name first, before `at`: a
        mention, or a reference back to one."""
        found = []
        for m in self.usable(start, end):
            found.append((m.start, m))
        for m in ANAPHOR.finditer(self.text, start, end):
            if m["noun"]:
                target = self.referent(m["noun"].lower(), m.start())
            elif m["pronoun"].lower() in {"it", "its"} and m.start() == start:
                target = self.previous_sentence_subject(start)
            else:
                continue
            if target:
                found.append((m.start(), target))
        found = [f for f in found if f[0] < at]
        return min(found, key=lambda f: f[0])[1] if found else None

    def previous_sentence_subject(self, start):
        para_start = self.text.rfind("\n", 0, start) + 1
        before = self.text[para_start:start]
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", before.strip()) if s]
        if not sentences:
            return None
        prev_start = para_start + before.rfind(sentences[-1])
        return self.first_in(prev_start, start, start)

    def of(self, sentence, paragraph, at):
        """The subject of a figure at `at` in the sentence (start, end) of a paragraph."""
        m = self.first_in(sentence[0], sentence[1], at)
        if m:
            return m
        # "Our exports reached …," said NAME, chairman of ORG: the speaker's organisation.
        close = re.search(r"[”\"]", self.text[at : sentence[1]])
        if close and re.search(r"\b(?:[Oo]ur|[Ww]e)\b", self.text[sentence[0] : at]):
            said = [
                m for m in self.usable(at + close.end(), sentence[1]) if m.kind == "organisation"
            ]
            if said:
                return said[0]
        after = [
            m
            for m in self.usable(at, sentence[1])
            if re.search(r"\b(?:in|at)\s+(?:the\s+)?$", self.text[max(0, m.start - 12) : m.start])
        ]
        for anaphor in ANAPHOR.finditer(self.text, at, sentence[1]):
            if anaphor["noun"]:
                target = self.referent(anaphor["noun"].lower(), anaphor.start())
                if target:
                    after.append(target)
                    break
        if after:
            return after[0]
        in_paragraph = self.usable(paragraph[0], paragraph[1])
        if in_paragraph:
            return in_paragraph[0]
        return self.main or self.fallback


def candidates(text):
    """Every capitalised run of the text and the shorter runs inside it, without a
    possessive "'s": the names to look up in the database."""
    found = set()
    for m in CAP_RUN.finditer(text):
        words = re.sub(r"['’]s\b", "", m.group()).rstrip(".,").split()
        for size in range(1, min(len(words), 8) + 1):
            for i in range(len(words) - size + 1):
                found.add(" ".join(words[i : i + size]))
    return found


def place_name(name):
    """Whether a single word names a province, a Shandong city or a country."""
    return name in PROVINCES or name in CITIES or name in COUNTRIES
