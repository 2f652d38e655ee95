"""Whom a figure is about: the organisations and places an article names, and the one
each figure's sentence is about.

Pure functions of the text, like extract.py; what the database already knows is passed
in as a dict of names. The subject of a figure is, in order: the first organisation or
place the sentence names before the number (a record already in the database counts as
named), or one written "the city's" / "the company's" / "It" that refers back to one;
one the sentence names after the number with "in"; the speaker's organisation for "our"
in a quote; the first one the paragraph names; the article's main subject (the first
named in its title, then in its first paragraph).
"""

import bisect
import re
from dataclasses import dataclass

from .figures import words

# fmt: off
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
    r"Foundation|Society|Daily|News|Holdings|Industries|Industry|Technology|Technologies|Tech|"
    r"Electric|Electronics|Energy|Power|Motors?|Pharma|Pharmaceuticals?|Steel|Chemicals?|"
    r"Petrochemical|Logistics|Shipping|Securities|Research|Consulting|Partners|Capital|Studio|"
    r"Works|Machinery|Materials|Equipment|Petroleum|Mining|Textiles?|Foods?|Airlines|"
    r"Automotive|Robotics|Insurance|Media|Systems|Solutions|Services|Enterprises?|Limited"
)
#: The words that make a place of a name: "Caoxian county".
PLACE_WORDS = {"county", "district", "city", "province", "town"}
PLACE_ENDS = (
    r"Province|province|City|city|District|district|County|county|Prefecture|Municipality|"
    r"Region|Peninsula|Town"
)
# fmt: on
CAP_RUN = re.compile(
    r"\b[A-Z][\w'’&-]*(?:[ \t]+(?:(?:of|and|for|the|&|de)[ \t]+)?[A-Z][\w'’&.-]*)*"
)
ORGANISATION = re.compile(
    rf"\b(?:(?:[A-Z][\w&’'-]*|\([A-Z][\w ]*\)|of|and|for|the|&)[ \t]+){{0,8}}?"
    rf"(?:[A-Z][\w&’'-]*|\([A-Z][\w ]*\))(?<![’']s),?[ \t]+(?:{ORGANISATION_ENDS})"
    rf"(?:[ \t]+(?:[A-Z][\w&’'-]*[ \t]+){{0,3}}(?:{ORGANISATION_ENDS}))*(?![a-z])"
    r"|\b[A-Z][a-z]+(?<![’']s) port\b"
)
PLACE = re.compile(rf"\b(?:[A-Z][a-z'’]+[ \t]+)+(?:{PLACE_ENDS})\b|\bcity of [A-Z][a-z'’]+")
#: "JINAN, July 18 (Reuters) -": where and when the reporter filed, before the first sentence.
DATELINE = re.compile(r"[A-Z][A-Z .'’-]+,[^\n]{0,40}?\)\s*[-–—]+\s*")
#: What follows a country named as a description: "China's first …", "China's north port".
DESCRIPTIONS = (
    r"first|second|third|largest|biggest|leading|top|oldest|only|best|most|major|main|"
    r"north|south|east|west|northern|southern|eastern|western|central|coastal"
)
#: ", a subsidiary of …," / ", senior analyst at … in Hamburg,": a description, not a subject.
APPOSITIVE = re.compile(
    r",\s+(?:a|an|the|one of|part of|(?:[a-z-]+\s+){1,3}(?:at|of|with|from))\b[^,.]*,"
)
ANAPHOR = re.compile(
    r"\b(?:[Tt]he|[Tt]his)\s+(?:[\w'’-]+-based\s+)?(?P<noun>province|city|company|group|firm|enterprise|"
    r"corporation|port|terminal|park|zone|plant|factory|base|manufacturer|operator|county|"
    r"district)\b|\b(?P<pronoun>[Ii]t|[Ii]ts|[Oo]ur|[Tt]hey|[Tt]heir)\b"
)


@dataclass
class Mention:
    start: int
    end: int
    name: str
    kind: str  # "organisation", "place" or "project"


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
    # A short name: the first word of an organisation's name that is not a place
    # ("Weichai" for "Weichai Group", "Hengrun" for "Dongying Hengrun Petrochemical Co."),
    # or the place of "Caoxian county".
    short = {}
    for mention in found:
        words = mention.name.split()
        if mention.kind == "organisation" and len(words) > 1:
            word = next((w for w in words[:-1] if not place_name(w)), None)
            if word:
                short.setdefault(word, mention)
        elif mention.kind == "place" and len(words) == 2 and words[1].lower() in PLACE_WORDS:
            short.setdefault(words[0], mention)
    for word, full in short.items():
        if place_name(word) or word.lower() in names or word in {"The", "New", "China"}:
            continue
        for m in re.finditer(rf"\b{re.escape(word)}\b(?:['’]s)?(?!\s+[A-Z])", text):
            before = re.search(
                r"(^|[.!?“\"\n]\s*)?\b[A-Z][\w'’-]*\s+$", text[max(0, m.start() - 30) : m.start()]
            )
            if before and before.group(1) is None and m.start() > 30:
                continue  # part of another name: "South Korean", not "Today Haiqin"
            if not any(f.start <= m.start() < f.end for f in found):
                found.append(Mention(m.start(), m.start() + len(word), full.name, full.kind))
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


def specificity(mention):
    """How narrow a subject is: an organisation, a city or county, a province."""
    if mention.kind != "place":
        return 3
    if mention.name in PROVINCES or "province" in mention.name.lower():
        return 1
    return 2


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
        # A lede that opens on a more specific subject than the title's ("Shandong refiner's
        # profit falls" / "Dongying Hengrun Petrochemical Co. … said"): the lede's.
        opening = dateline.end() if dateline else len(text) - len(text.lstrip())
        lede = first[0] if first and first[0].start - opening < 20 else None
        if main and lede and specificity(lede) > specificity(main):
            main = lede
        if main and main.kind == "organisation":
            # The full name the body uses for a short name in the title.
            full = [
                m for m in self.all if m.kind == "organisation" and m.name.startswith(main.name)
            ]
            main = full[0] if full else main
        self.main = main
        self.starts = [m.start for m in self.all]
        self.named = {}
        # With no main subject, the first the article names, or failing that a country.
        usable = [m for m in self.all if subject_like(m)] or self.all
        self.fallback = usable[0] if usable else None

    def usable(self, start, end):
        """The subject-like mentions between start and end, outside appositives."""
        skip = [(m.start(), m.end()) for m in APPOSITIVE.finditer(self.text, start, end)]
        first, last = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return [
            m
            for m in self.all[first:last]
            if subject_like(m)
            and not any(s < m.start < e for s, e in skip)
            # "Professor Wang of Shandong University said …": who spoke, not the subject;
            # "told Reuters": who heard it.
            and not re.match(r"\s*,?\s*(?:said|says|told|added|stated|noted)\b", self.text[m.end :])
            and not self.listener(m)
        ]

    def listener(self, mention):
        """Whether the text names the organisation as the one told: "… told Reuters"."""
        return bool(re.search(r"\btold\s+$", self.text[max(0, mention.start - 6) : mention.start]))

    def country(self, start, at):
        """A country named before `at` as what the sentence is about ("China's heavy-truck
        sales fell 1.2%"), not as a description ("China's first maglev train")."""
        first, last = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, at)
        for m in self.all[first:last]:
            if m.name in COUNTRIES:
                named = self.text[m.start : m.start + 40]
                if not re.match(rf"\S*['’]s\s+(?:{DESCRIPTIONS})\b", named):
                    return m
        return None

    def referent(self, noun, before):
        """The mention "the city", "the company" or "the port" refers back to."""
        earlier = [
            m for m in self.all if m.end <= before and subject_like(m) and not self.listener(m)
        ]
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

    def named_in(self, start, end):
        """(index, subject, how) of everything the words between start and end name:
        mentions ("mention"), and references back to one ("anaphor": "the city's";
        "pronoun": a sentence that opens with "It"). Remembered per span, since a sentence
        with many figures asks again for each."""
        key = (start, end)
        if key not in self.named:
            found = [(m.start, m, "mention") for m in self.usable(start, end)]
            for m in ANAPHOR.finditer(self.text, start, end):
                if m["noun"]:
                    found.append(
                        (m.start(), self.referent(m["noun"].lower(), m.start()), "anaphor")
                    )
                elif m["pronoun"].lower() in {"it", "its"} and m.start() == start:
                    found.append((m.start(), self.previous_sentence_subject(start), "pronoun"))
            self.named[key] = sorted((f for f in found if f[1]), key=lambda f: f[0])
        return self.named[key]

    def first_in(self, start, end, at):
        """The subject the words between start and end name first, before `at`: a
        mention, or a reference back to one."""
        return next(
            (subject for index, subject, _ in self.named_in(start, end) if index < at), None
        )

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
        m = self.first_in(sentence[0], sentence[1], at) or self.country(sentence[0], at)
        if m:
            return m
        named = [
            (index, subject, how) for index, subject, how in self.named_in(*sentence) if index >= at
        ]
        # "Our exports reached …," said NAME, chairman of ORG: the speaker's organisation.
        close = re.search(r"[”\"]", self.text[at : sentence[1]])
        if close and re.search(r"\b(?:[Oo]ur|[Ww]e)\b", self.text[sentence[0] : at]):
            said = [
                subject
                for index, subject, how in named
                if how == "mention" and index >= at + close.end() and subject.kind == "organisation"
            ]
            if said:
                return said[0]
        # "… 3,500 South Korean enterprises in Weihai": a place or body after "in" or "at";
        # then "the city's" after the number.
        after = [
            subject
            for index, subject, how in named
            if how == "mention"
            and re.search(r"\b(?:in|at)\s+(?:the\s+)?$", self.text[max(0, index - 12) : index])
        ]
        after += [subject for _, subject, how in named if how == "anaphor"][:1]
        if after:
            return after[0]
        in_paragraph = self.named_in(*paragraph)
        mentions = [subject for _, subject, how in in_paragraph if how == "mention"]
        if mentions:
            return mentions[0]
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
