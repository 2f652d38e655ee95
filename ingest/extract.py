"""Rules that find quotes, paraphrases and figures in the body of a news article.

Pure functions of the text: no database. Every finding is a span of the text (so its
words are verbatim), the rule that produced it and a confidence. The rules follow how
English-language news prose reports speech and figures, not any one article:

- a direct quote is the text between quotation marks (“…”, "…", or ‘…’ at the outer
  level) that is speech: it opens a sentence, or is introduced by a verb of saying, or
  is followed by an attribution; a short or embedded phrase in marks is a name, a
  term or a slogan ("blue granary"), not speech. Single marks inside double ones are
  part of the quote. A quote whose closing mark is missing runs to the paragraph end.
- its speaker comes from an attribution after it (“…,” said NAME, TITLE), before it
  (NAME, TITLE, said: “…”), the sentence after it (“…” NAME, TITLE, mentioned that …),
  the quote it continues (“…,” said NAME. “…”), or the person last named in the
  paragraph; "he", "she" and a bare family name refer back to a person named before.
- a paraphrase is the clause after "NAME said (that)", ", adding that", or a clause
  followed by ", said NAME".
- a figure is a number with its unit (RMB, percent, square kilometres, or the thing
  counted) and qualifier (over, about, exceeded ...), converted to base units.
"""

import bisect
import functools
import re
from dataclasses import dataclass, field

from . import figures as fig
from . import subjects
from .periods import period_of

# fmt: off
SAY = (
    "said|says|say|added|adds|noted|notes|stressed|stresses|emphasized|emphasised|"
    "explained|stated|remarked|told reporters|shared|mentioned|suggested|believes|"
    "pointed out|points out|acknowledged|declared|insisted|argued|warned|recalled|observed|"
    "highlighted|highlights|announced|confirmed|"
    "told (?:journalists|analysts|investors|[A-Z][\\w.]*(?: [A-Z][\\w.]*){0,3})"
)
#: Words that can start a capitalised run but are never part of a person's name.
NOT_NAMES = fig.words(
"""
A An The This That These Those In On At By For From To Of With As And But Or If Since
Until When While After Before During Under Over Next Our We Their They It Its His Her He
She There Here General Secretary President Premier Chairman Director Mayor Deputy Vice
Minister Governor Professor Dr Mr Mrs Ms Madam Sir Party Province Provincial City
Municipal County District Group Company Co Ltd Corporation Bank Department Bureau Center
Centre Committee Commission Council Congress Government Zone Park Port Institute
University School Association Office Ministry National People Peoples Republic China
Chinese Shandong Beijing Shanghai Daily News CCTV CPC SMEs IVD January February March
April May June July August September October November December Monday Tuesday Wednesday
Thursday Friday Saturday Sunday Source
Photo Updated Print Making New Important Speech Yellow Sea Bohai East West North South
Economic Technological Development High Tech Industrial Medical Health Marine
"""
)
ROLE_WORDS = (
    "chairman|chairwoman|chair|president|vice-president|director|director-general|"
    "deputy|secretary|mayor|governor|minister|head|chief|manager|engineer|professor|"
    "expert|dean|founder|ceo|cto|cfo|official|member|researcher|scientist|economist|"
    "analyst|spokesman|spokeswoman|spokesperson|leader|recipient|partner|officer|editor"
)
# fmt: on

QUOTE_MARKS = {"“": "”", '"': '"', "‘": "’"}
CAPITALISED = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?"
#: A family name in capitals ("SUN"); it has a vowel, unlike "CRRC" or "CCTV".
UPPER = r"(?=[A-Z]*[AEIOUY])[A-Z]{2,}(?:-[A-Z]{2,})?"
#: A title written before a name: "Chairman Kong Lingbo said …".
HONORIFIC = (
    r"(?:(?:Chairman|Chairwoman|President|Director|Mayor|Governor|Professor|Prof\.|Dr\.?|"
    r"Mr\.?|Mrs\.?|Ms\.?)\s+)?"
)
#: A person's name as news prose writes it: "SUN Haisheng", "Hou Yugang", "Mary Ann Lee".
NAME = rf"(?:{UPPER} {CAPITALISED}(?: {CAPITALISED})?|{CAPITALISED}(?: {CAPITALISED}){{1,2}})"
NAME_RE = re.compile(rf"\b{NAME}\b")
#: ", TITLE," after a name; it may hold abbreviations ("Inspur Genersoft Co. Ltd.,").
APPOSITION = r",(?:[^.!?“\"]|\.(?=,|\s+[a-z(]|\s*Ltd))*?,"
#: What may follow a name before its verb: ", TITLE," or "from ORG" / "of ORG".
APPOSITION_OR_FROM = rf"(?:{APPOSITION}|\s+(?:from|of|at)\s+[^.,!?“\"]{{1,80}}?)"
#: A title written in lower case before a name: "chief executive Jiang Bin told …".
LOWER_TITLE = rf"(?:(?:[a-z-]+\s+){{0,2}}(?:{ROLE_WORDS}|executive)\s+)?"
SPEAKER_AFTER = re.compile(
    rf"[\s,]*(?:(?:{SAY})\s+(?P<after>{NAME}|{CAPITALISED})|{LOWER_TITLE}"
    rf"(?P<before>{NAME}|{CAPITALISED}|he|she|they)\s+(?:{SAY}))(?P<rest>[^.!?]*)"
)
SPEAKER_BEFORE = re.compile(
    rf"{HONORIFIC}\b(?P<name>{NAME}|{CAPITALISED}|[Hh]e|[Ss]he|[Tt]hey)(?P<rest>{APPOSITION_OR_FROM})?\s+(?:also\s+)?"
    rf"(?:{SAY})(?:\s+that)?\s*[,:]?\s*$"
)
SAY_BEFORE = re.compile(rf"\b(?:{SAY})(?:\s+that)?\s*[,:]?\s*$|:\s*$")
OPENS_WITH_NAME = re.compile(rf"\s*(?P<name>{NAME})\b(?P<rest>{APPOSITION})?\s+(?P<verb>[a-z]+)")
PARAPHRASE_BEFORE = re.compile(
    rf"(?<![A-Z])(?P<honorific>{HONORIFIC})\b(?P<name>{NAME}|{CAPITALISED}|[Hh]e|[Ss]he|[Tt]hey)(?P<rest>{APPOSITION})?\s+(?:also\s+)?"
    rf"(?:{SAY})\s+(?:(?:at|in|on|during)\s+[^,.;“\"]{{1,60}}?\s+(?=that\b))?"
    rf"(?!that\s*[“\"‘])(?:that\s+)?(?=[A-Za-z])"
)
#: "… told analysts on a conference call.": a place or occasion, not what was said.
NOT_A_CLAUSE = re.compile(r"(?:on|in|at|during|after|before|with|by|from|to)\s+(?:\S+\s+){0,4}\S+")
PARAPHRASE_AFTER = re.compile(
    rf",\s*(?:{SAY}|according to)\s+(?P<name>{NAME}|{CAPITALISED})(?P<rest>[^.!?]*)[.!?]"
    rf"|(?<!\s),?\s+{LOWER_TITLE}{HONORIFIC}(?P<pronoun>[Hh]e|[Ss]he|{NAME})\s+(?:{SAY})"
    r"(?:\s+(?:on|in|at|during|last|this)\b[^.!?,“\"]{0,60})?\s*(?:[.!?]|,)"
)
#: "According to NAME, TITLE, CLAUSE." / "According to the provincial department of
#: commerce, CLAUSE.": a person or an organisation as the source, before the clause.
ACCORDING_BEFORE = re.compile(
    r"\bAccording to (?P<who>(?:the\s+)?[^,.;“\"]{2,100}?)"
    r"(?P<rest>,\s+(?:a|an|the)\s+[^,]{2,120}?)?,\s+(?=[A-Za-z])"
)
#: "…, according to China Daily." / "…, the Shandong Provincial Department of Commerce
#: said in a statement.": an organisation as the source of reported speech.
ACCORDING_TO_ORGANISATION = re.compile(
    r",\s*(?:according to (?:(?:estimates|data|figures|statistics)\s+(?:from|by|of)\s+)?"
    r"(?:consultancy\s+|research firm\s+|the\s+)?"
    r"(?P<org>[A-Z][\w&'’.-]*(?:\s+(?:of|and|for|the|[A-Z][\w&'’.()-]*|[a-z]+)){0,8})"
    r"|(?:the\s+)?(?P<said_by>[A-Z][\w&'’.-]*(?:\s+(?:of|and|for|the|[A-Z][\w&'’.()-]*))*)"
    r"\s+(?:said|says|announced|reported)(?:\s+(?:in a statement|on \w+|in a report))?)\s*[.!?]"
)
ADDING = re.compile(r",\s*adding that\s+")
#: "…, said officials": reported speech of people the text does not name.
UNNAMED_AFTER = re.compile(
    r",\s*(?:said|say|according to)\s+(?:the\s+|some\s+|many\s+)?(?:[a-z'’-]+\s+(?:and\s+)?){0,4}"
    r"(?:legislators|lawmakers|advisers|advisors|officials|experts|analysts|deputies|delegates|"
    r"residents|insiders|observers|economists|authorities|researchers|executives|sources|"
    r"bureau|ministry|department|government|commission|administration|office|association|"
    r"company|group|operator|report|statement|filing|data|figures|statistics|estimates|"
    rf"{ROLE_WORDS})(?:\s+(?:of|at)\s+[^.!?]*)?\s*[.!?]"
)
#: Bodies the text describes rather than names: "the bureau", "the port operator".
BODIES = (
    r"bureau|ministry|department|company|group|administration|commission|government|authority|"
    r"agency|operator|association|firm|port|bank"
)
#: "…, the provincial statistics bureau said on Thursday.": a body the text describes.
UNNAMED_SAID = re.compile(
    rf",\s*the\s+(?:[a-z'’-]+\s+){{0,3}}(?:{BODIES}|officials?|spokes(?:man|woman|person))"
    r"\s+(?:said|says|added)\b[^.!?]*[.!?]"
)
#: "Example Petrochemical Co., one of …, said its profit fell …" / "The bureau said it
#: expects …": an organisation, named or described, reporting at the sentence's start.
ORGANISATION_SAID = re.compile(
    rf"(?:The\s+)?(?:(?P<org>{subjects.ORGANISATION.pattern})|"
    rf"(?:the|The)[ \t]+(?:[a-z'’-]+[ \t]+){{0,3}}(?:{BODIES}))"
    rf"(?:{APPOSITION})?[ \t]+(?:also[ \t]+)?"
    r"(?:said|says|announced|reported)[ \t]+(?:that[ \t]+)?(?=[a-z])"
)
ROLE = re.compile(rf"\b(?:{ROLE_WORDS})\b", re.IGNORECASE)


@dataclass
class Speaker:
    name: str  # as the text writes it, or the full name it refers back to
    start: int  # where the name (or pronoun) is written
    end: int
    title: str = ""  # what follows the name: "Director-General of the Department of ..."
    described: tuple = ()  # span of "NAME, TITLE" in the text, for a position's evidence

    @property
    def span(self):
        return self.start, self.end


@dataclass
class Finding:
    kind: str  # "quote", "paraphrase" or "figure"
    start: int
    end: int
    rule: str
    confidence: float
    speaker: Speaker | None = None
    found: dict = field(default_factory=dict)  # a figure's value, unit, indicator ...


def paragraphs(text):
    """(start, end) of each paragraph: lines are paragraphs in news copy."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def paragraph_of(text, index):
    for start, end in paragraphs(text):
        if start <= index < end:
            return start, end
    return index, index


def quote_spans(text):
    """(open mark, start, end, close mark or None) of every outer quotation in the text."""
    spans = []
    for para_start, para_end in paragraphs(text):
        i = para_start
        while i < para_end:
            mark = text[i]
            if mark in QUOTE_MARKS and opens(text, i):
                close = closing(text, i, para_end)
                if close is None:  # no closing mark: the quote runs to the next one or the end
                    nxt = next(
                        (j for j in range(i + 1, para_end) if text[j] == mark and opens(text, j)),
                        para_end,
                    )
                    end = len(text[i + 1 : nxt].rstrip()) + i + 1
                    spans.append((i, i + 1, end, None))
                    i = nxt
                    continue
                spans.append((i, i + 1, close, close))
                i = close + 1
                continue
            i += 1
    return spans


def opens(text, i):
    """Whether the mark at i opens a quotation (not an apostrophe or a closing mark)."""
    mark = text[i]
    after = text[i + 1 : i + 2]
    before = text[i - 1 : i] if i else ""
    if mark == "‘":
        return (not before or not before.isalnum()) and after.isalnum()
    if mark == '"':
        return (not before or before.isspace() or before in "(—-[") and bool(after.strip())
    return bool(after.strip())


def closing(text, i, limit):
    """The index of the mark that closes the quotation opened at i, or None."""
    mark, close = text[i], QUOTE_MARKS[text[i]]
    depth_single = 0
    for j in range(i + 1, limit):
        c = text[j]
        if c == close and (close != "’" or not text[j + 1 : j + 2].isalpha()):
            if close == "’" and depth_single:
                depth_single -= 1
                continue
            return j
        if c == mark and mark != '"' and opens(text, j):
            return None  # a new quotation opens before this one closed
        if mark != "‘" and c == "‘" and opens(text, j):
            depth_single += 1
        elif mark != "‘" and c == "’" and depth_single and not text[j + 1 : j + 2].isalpha():
            depth_single -= 1
    return None


def masked(text):
    """The text with the inside of every quotation blanked, so names quoted are not
    taken for people named by the reporter; offsets are unchanged."""
    chars = list(text)
    for _, start, end, _ in quote_spans(text):
        chars[start:end] = " " * (end - start)
    return "".join(chars)


#: Where a sentence ends: a full stop, or a closing mark before a new sentence.
BOUNDARY = re.compile(r"[.!?][”’\"]?(?=\s|$)|[”\"](?=\s+[“‘\"A-Z0-9])")
TITLES = {"Mr", "Mrs", "Ms", "Dr", "Prof", "St", "No", "vs"}
COMPANY_ENDS = {"Co", "Ltd", "Inc", "Corp"}


@functools.lru_cache(maxsize=4096)
def sentences(body, para):
    """(start, end) of each sentence of a paragraph of the masked text (remembered: the
    rules ask for a paragraph's sentences many times)."""
    spans, start = [], para[0]
    for m in BOUNDARY.finditer(body, para[0], para[1]):
        if body[m.start()] == "." and abbreviation(body, m.start()):
            continue
        spans.append((start, m.end()))
        start = m.end()
        while start < para[1] and body[start].isspace():
            start += 1
    if body[start : para[1]].strip():
        spans.append((start, para[1]))
    return spans


def sentence_bounds(body, index, para=None):
    """(start, end) of the sentence holding index."""
    para = para or paragraph_of(body, index)
    for start, end in sentences(body, para):
        if start <= index < end:
            return start, end
    return para


WORD_BEFORE = re.compile(r"(\w+)$")
LOWER_AFTER = re.compile(r"\s+[a-z0-9]")
NEW_SENTENCE = re.compile(r"\s+(?!Ltd|Limited)[“‘\"A-Z]")


def abbreviation(text, dot):
    """Whether the full stop at `dot` ends an abbreviation rather than a sentence: a
    title ("Dr."), an initial ("Paul K. Kelly", "U.S."), or any stop followed by a
    lower-case word or a number ("8 p.m. for", "Feb. 1"). "Co." and "Ltd." end a
    sentence when a new one starts after them."""
    word = WORD_BEFORE.search(text, max(0, dot - 30), dot)
    word = word.group(1) if word else ""
    if word in TITLES or re.fullmatch(r"[A-Z]", word) or LOWER_AFTER.match(text, dot + 1):
        return True
    return word in COMPANY_ENDS and not NEW_SENTENCE.match(text, dot + 1)


def is_name(name):
    words = name.split()
    if any(word in subjects.CITIES or word in subjects.PROVINCES for word in words):
        return False  # "Qingdao Sifang" is a company
    if words and re.fullmatch(subjects.ORGANISATION_ENDS, words[-1]):
        return False  # "STAR Market" is not a person
    return (
        len(words) >= 2
        and not any(word in NOT_NAMES for word in words)
        or (len(words) == 1 and words[0] not in NOT_NAMES)
    )


class People:
    """The people named so far in a text, to resolve "he", "she" and family names."""

    def __init__(self, known=(), text=""):
        self.named = []  # (index, full name)
        self.known = list(known)  # full names of people already in the database
        self.text = text

    def full(self, name):
        """The full name a single word refers to: a family name of someone named before."""
        if " " in name:
            return name
        for _, full in reversed(self.named):
            if name.lower() in {part.lower() for part in full.split()}:
                return full
        for full in self.known:
            if name.lower() == full.split()[0].lower():
                return full
        # "says Huang" after "Huang Ming is …": a two-word name the text writes somewhere.
        if name in NOT_NAMES:
            return None
        for m in re.finditer(rf"\b{re.escape(name)} ({CAPITALISED})\b", self.text):
            if m.group(1) not in NOT_NAMES:
                return f"{name} {m.group(1)}"
        return None

    def last_before(self, index):
        before = [(at, full) for at, full in self.named if at < index]
        return before[-1] if before else None


def names_in(body, start, end, people):
    """(index, full name) of every person named in body[start:end], in order."""
    found = []
    for m in NAME_RE.finditer(body, start, end):
        words = m.group().split()
        # A run of capitalised words may hold a name after a title: "General Secretary XI Jinping".
        while words and words[0] in NOT_NAMES:
            words.pop(0)
        candidate = " ".join(words)
        offset = m.end() - len(candidate)
        if (
            len(words) >= 2
            and is_name(candidate)
            and person_like(body, offset, m.end(), candidate, people)
        ):
            found.append((offset, candidate))
    return found


def person_like(body, start, end, name, people):
    """A capitalised run is a person when written like one: an upper-case family name,
    a known person, a title before it, a description or a verb of saying around it."""
    if re.match(rf"{UPPER} ", name) or name in people.known:
        return True
    after, before = body[end : end + 80], body[max(0, start - 40) : start]
    if re.search(r"[A-Z][a-z]+ [A-Z][a-z]+\s+(?:from|of|at)\s+(?:state-owned\s+|the\s+)?$", before):
        return False  # "Liang Mei from state-owned Example Rail said": the company
    if re.match(r",\s+(?:a|an|the)\b|,\s+[A-Z][\w-]*\b.*?\b(?:of|at)\b", after) and ROLE.search(
        after[:80]
    ):
        return True
    if re.match(r",\s+who\b", after):
        return True  # "Chen Yuqing, who left her job …"
    if re.match(rf",\s+(?:[a-z-]+\s+){{0,3}}?(?:{ROLE_WORDS})\b", after, re.IGNORECASE):
        return True  # "Lee Hee-Hyung, head of …"
    if re.match(rf"\s+(?:also\s+)?(?:{SAY})\b", after) or re.search(rf"\b(?:{SAY})\s+$", before):
        return True
    family = re.escape(name.split()[0])
    if re.search(rf"\b(?:{SAY})\s+{family}\b|\b{family}\s+(?:{SAY})\b", body):
        return True  # "… says Huang": named again by family name as a speaker
    return bool(
        re.search(
            r"\b(?:Secretary|President|Premier|Mayor|Chairman|Director|Minister|Professor|Prof\.|"
            r"Dr\.?|Mr\.?|Mrs\.?|Ms\.?)\s+$",
            before,
        )
    )


def title_of(rest):
    """The description after a name: ", Director-General of the ..., " -> the words."""
    if not rest:
        return ""
    words = rest.strip().strip(",").strip()
    words = re.split(r",\s*(?:adding|who|which|where|as|while)\b|,\s*said\b", words)[0]
    return words.strip() if ROLE.search(words) else ""


def attribution(text, body, quote, people, spans, index, speakers):
    """(Speaker, rule, confidence) for a quote (open, start, end, close), or None."""
    open_, start, end, close = quote
    para = paragraph_of(text, start)
    after_at = (close + 1) if close is not None else end
    sentence = sentence_bounds(body, open_, para)
    # 1. “…,” said NAME, TITLE.  /  “…,” NAME said.
    m = SPEAKER_AFTER.match(body, after_at, para[1])
    if m:
        name = m.group("after") or m.group("before")
        at = m.start("after") if m.group("after") else m.start("before")
        speaker = resolve(name, at, people, alone=True)
        if speaker:
            if m.group("after"):
                describe(speaker, m)
            return speaker, "speaker-after", 0.9
    # 2. NAME, TITLE, said: “…”
    m = SPEAKER_BEFORE.search(body, sentence[0], open_)
    if m and not body[m.end() : open_].strip():
        speaker = resolve(m.group("name"), m.start("name"), people)
        if speaker:
            return describe(speaker, m), "speaker-before", 0.85
    # 3. Interrupted: “…,” said NAME. “…” continues the quote before it.
    if index and spans[index - 1][0] >= para[0] and speakers[index - 1]:
        between = body[(spans[index - 1][3] or spans[index - 1][2]) + 1 : open_]
        if SPEAKER_AFTER.match(between) and re.search(r"[,:.—-]\s*$", between):
            return (
                Speaker(speakers[index - 1].name, *speakers[index - 1].span),
                "interrupted-quote",
                0.85,
            )
    # 4. A quote that stands before its speaker's sentence: “…” NAME, TITLE, mentioned that …
    standalone = not body[sentence[0] : open_].strip()
    if standalone:
        next_start = after_at + 1
        m = OPENS_WITH_NAME.match(body, next_start, para[1])
        if m and is_name(m.group("name")):
            speaker = resolve(m.group("name"), m.start("name"), people)
            if speaker:
                return describe(speaker, m), "quote-before-speaker", 0.75
    # 5. The person last named in the paragraph, before the quote.
    last = people.last_before(open_)
    if last and last[0] >= para[0]:
        return Speaker(last[1], last[0], last[0] + len(last[1])), "paragraph-speaker", 0.6
    # 6. A quote that runs on from the paragraph before, whose closing mark news prose
    # leaves out: the same speaker.
    if not body[para[0] : open_].strip() and index and spans[index - 1][3] is None:
        previous_para = paragraph_of(text, spans[index - 1][1])
        if speakers[index - 1] and previous_para[1] < para[0]:
            speaker = speakers[index - 1]
            return Speaker(speaker.name, *speaker.span), "continued-quote", 0.7
    # 7. A paragraph that is only a quote: the person the paragraph before it introduced.
    if not body[para[0] : open_].strip():
        last = people.last_before(open_)
        before = paragraphs(text)
        previous = [p for p in before if p[1] <= para[0]]
        if last and previous and last[0] >= previous[-1][0]:
            return Speaker(last[1], last[0], last[0] + len(last[1])), "previous-paragraph", 0.55
    # 8. A person named in the next sentence, or later in the paragraph.
    later = [(at, full) for at, full in people.named if after_at <= at < para[1]]
    if later:
        return (
            Speaker(later[0][1], later[0][0], later[0][0] + len(later[0][1])),
            "later-speaker",
            0.5,
        )
    return None


def describe(speaker, m):
    """The speaker, given the description the match found after the name (its "rest"
    group, ", Director of the X Bureau,"), when it names a role: the title, and the span
    of "NAME, TITLE" for a position's evidence."""
    rest = m.group("rest") or ""
    speaker.title = title_of(rest)
    if speaker.title:
        speaker.described = (speaker.start, m.start("rest") + len(rest.rstrip(" ,")))
    return speaker


def resolve(name, at, people, alone=False):
    """A Speaker for a name, pronoun or family name written at `at`, or None. A family
    name no full name was given for is a speaker only `alone`: next to a verb of saying."""
    if name.lower() in {"he", "she", "they"}:
        last = people.last_before(at)
        if not last or name.lower() == "they":
            return None
        return Speaker(last[1], at, at + len(name))
    full = name if " " in name else people.full(name)
    if not full and alone and is_name(name) and not subjects.place_name(name):
        full = name  # "said Wang, 52, who heads the project": the name as written
    if not full or not is_name(full):
        return None
    return Speaker(full, at, at + len(name))


def is_speech(text, body, quote, para):
    """Whether a quotation is speech rather than a name, a term or a slogan."""
    open_, start, end, close = quote
    inner = text[start:end].strip()
    words = len(inner.split())
    sentence = sentence_bounds(body, open_, para)
    before = body[sentence[0] : open_]
    after = body[(close + 1 if close is not None else end) : para[1]]
    if SPEAKER_AFTER.match(after) and re.match(r"[,.!?…]", inner[-1:] or " "):
        return words >= 3
    if SAY_BEFORE.search(before):
        return words >= 3
    if before.strip():  # inside someone else's sentence: a name, a term, a slogan
        return False
    return words >= 4 and (inner[-1:] in ".!?,…" or close is None or words >= 8)


def family_mentions(body, named):
    """(index, full name) wherever a person named before is named again by family name
    alone ("Li recalls …" after "Li Mingyuan"), so a quote after it can be theirs."""
    first = {}
    for at, full in sorted(named):
        first.setdefault(full, at)
    spans = sorted((at, at + len(full)) for at, full in named)
    starts = [s for s, _ in spans]
    found = set()
    for full, at in first.items():
        for family in {full.split()[0], full.split()[-1]} - NOT_NAMES:
            for m in re.finditer(rf"\b{re.escape(family)}\b(?!\s+[A-Z])", body):
                i = bisect.bisect_right(starts, m.start()) - 1
                inside = i >= 0 and spans[i][0] <= m.start() < spans[i][1]
                if m.start() > at and not inside:
                    found.add((m.start(), full))
    return sorted(found)


def quotations(text, known_people=()):
    """Findings of kind "quote": every quotation that is speech, with its speaker."""
    body = masked(text)
    people = People(known_people, body)
    for start, end in paragraphs(text):
        people.named.extend(names_in(body, start, end, people))
    people.named.extend(family_mentions(body, people.named))
    people.named.sort()
    spans = quote_spans(text)
    findings, speakers = [], []
    for index, quote in enumerate(spans):
        para = paragraph_of(text, quote[1])
        if not is_speech(text, body, quote, para):
            speakers.append(None)
            continue
        open_, start, end, close = quote
        inner_start = start + len(text[start:end]) - len(text[start:end].lstrip())
        found = attribution(text, body, quote, people, spans, index, speakers)
        speaker, rule, confidence = found if found else (None, "no-speaker", 0.4)
        speakers.append(speaker)
        if speaker and (speaker.start, speaker.name) not in people.named:
            # Whoever is quoted is a person "she" and "he" may refer back to.
            people.named.append((speaker.start, speaker.name))
            people.named.sort()
        if close is None:
            rule += "+unclosed"
            confidence -= 0.1
        findings.append(Finding("quote", inner_start, end, rule, round(confidence, 2), speaker))
    return findings, people


def paraphrases(text, people):
    """Findings of kind "paraphrase": NAME said (that) CLAUSE; CLAUSE, said NAME;
    ..., adding that CLAUSE."""
    body = masked(text)
    findings = []
    quoted = [(s, e) for _, s, e, _ in quote_spans(text)]
    for para in paragraphs(text):
        for sentence in sentences(body, para):
            s_start, s_end = sentence
            clause_end = s_end - 1 if body[s_end - 1] in ".!?" else s_end
            dateline = subjects.DATELINE.match(body, s_start)
            if dateline:
                s_start = dateline.end()
            m = PARAPHRASE_BEFORE.search(body, s_start, s_end)
            if m and NOT_A_CLAUSE.fullmatch(body[slice(*clause_bounds(body, m.end(), clause_end))]):
                m = None  # "… said on an earnings call Monday.": when, not what
            if m and not any(s <= m.end() < e for s, e in quoted) and body[m.end()] not in '“"‘':
                alone = bool(m.group("honorific"))  # "Mr. Chen … said": a person
                speaker = resolve(m.group("name"), m.start("name"), people, alone=alone)
                if speaker or m.group("name").lower() == "they":
                    if speaker:
                        describe(speaker, m)
                    clause = clause_bounds(body, m.end(), clause_end)
                    findings.append(Finding("paraphrase", *clause, "reported-speech", 0.7, speaker))
                    adding = ADDING.search(body, m.end(), s_end)
                    if adding:
                        findings.append(
                            Finding(
                                "paraphrase", adding.end(), clause_end, "adding-that", 0.65, speaker
                            )
                        )
                    continue
            m = ORGANISATION_SAID.match(body, s_start, s_end)
            clause = m and clause_bounds(body, m.end(), clause_end)
            if m and clause[1] - clause[0] > 1 and not NOT_A_CLAUSE.fullmatch(body[slice(*clause)]):
                found = Finding("paraphrase", *clause, "organisation-said", 0.5)
                organisation = re.sub(r"^The\s+", "", m.group("org") or "")
                if " " in organisation:  # "The Group said …" names no organisation
                    found.found["organisation"] = organisation
                findings.append(found)
                continue
            m = PARAPHRASE_AFTER.search(body, s_start, s_end + 1)
            if m and body[s_start] not in '“"‘' and not any(s <= m.start() < e for s, e in quoted):
                group = "name" if m.group("name") else "pronoun"
                speaker = resolve(m.group(group), m.start(group), people)
                if speaker and m.start() > s_start:
                    findings.append(
                        Finding("paraphrase", s_start, m.start(), "said-at-end", 0.6, speaker)
                    )
                    continue
            m = ACCORDING_BEFORE.match(body, s_start, s_end)
            if m:
                who = m.group("who")
                # "According to Wang, …": a person when the article gave Wang's full name.
                person = (
                    re.fullmatch(NAME, who)
                    and is_name(who)
                    or (" " not in who and people.full(who))
                )
                speaker = resolve(who, m.start("who"), people) if person else None
                clause = clause_bounds(body, m.end(), clause_end)
                if speaker:
                    findings.append(Finding("paraphrase", *clause, "according-to", 0.6, speaker))
                else:
                    found = Finding("paraphrase", *clause, "according-to-organisation", 0.5)
                    found.found["organisation"] = re.sub(r"^the\s+", "", who)
                    findings.append(found)
                continue
            m = ACCORDING_TO_ORGANISATION.search(body, s_start, s_end + 1)
            organisation = m and (m.group("org") or m.group("said_by"))
            if (
                m
                and body[s_start] not in '“"‘'
                and not (re.fullmatch(NAME, organisation) and is_name(organisation))
            ):
                found = Finding("paraphrase", s_start, m.start(), "according-to-organisation", 0.5)
                found.found["organisation"] = organisation
                findings.append(found)
                continue
            m = UNNAMED_AFTER.search(body, s_start, s_end + 1) or UNNAMED_SAID.search(
                body, s_start, s_end + 1
            )
            if m and body[s_start] not in '“"‘':
                findings.append(
                    Finding("paraphrase", s_start, m.start(), "said-at-end-unnamed", 0.5)
                )
                continue
            m = ADDING.search(body, s_start, s_end)
            if m and speaker_of_sentence(body, s_start, m.start(), people):
                speaker = speaker_of_sentence(body, s_start, m.start(), people)
                findings.append(
                    Finding("paraphrase", m.end(), clause_end, "adding-that", 0.6, speaker)
                )
    return findings


def clause_bounds(body, start, end):
    """A reported clause, without a trailing quotation that belongs to someone else."""
    cut = re.search(r"\s*[,:]\s*[“\"]", body[start:end])
    if cut:
        end = start + cut.start()
    return start, len(body[start:end].rstrip(" ,;:")) + start


def speaker_of_sentence(body, start, end, people):
    m = re.search(rf"[,\s](?:{SAY})\s+(?P<name>{NAME}|{CAPITALISED})", body[start:end])
    if m:
        return resolve(m.group("name"), start + m.start("name"), people)
    return None


def figures(text, title="", published=None, known=None, people=(), precision="day"):
    """Findings of kind "figure": numbers with their unit, qualifier, period, indicator
    and subject, in base units (ingest/figures.py has the rules)."""
    body = masked(text)
    slogans = [
        (s, e)
        for (o, s, e, c) in quote_spans(text)
        if not is_speech(text, body, (o, s, e, c), paragraph_of(text, s))
    ]
    read = []
    for m in fig.NUMBER.finditer(text):
        if any(s <= m.start("number") < e for s, e in slogans):
            continue  # "top ten industries" names a plan; it is not a figure
        found = fig.read(text, m)
        if found:
            read.append((m, found))
    ranges = {}
    for (m1, low), (m2, high) in zip(read, read[1:], strict=False):
        between = text[m1.end() : m2.start()]
        opened = re.search(r"\b(?:between|from)\s+$", text[max(0, m1.start() - 12) : m1.start()])
        if low["unit"] in {"times", "fraction"}:
            continue  # "nearly doubled to RMB2.7bn" is not a range
        # "5 to 7 percent": the unit is written once, after the high end.
        unwritten = not (m1.group("unit") or m1.group("currency"))
        shared = unwritten and high["unit"] != "count"
        if re.fullmatch(r"\s*(?:and|to|-|–)\s*", between) and (
            opened or between.strip() in "-–" or shared and between.strip() != "and"
        ):
            if unwritten:
                low["unit"] = high["unit"]
            low["qualifier"], high["qualifier"] = "range_low", "range_high"
            ranges[m1.start()] = m2
    about = subjects.Subjects(text, title, known, people)
    findings, earlier = [], []
    lows = {high.start(): low for low, high in ranges.items()}
    indicators = {}  # a range's low end, by its start: the high end measures the same
    # Every sentence, once: (paragraph, sentence) in order of their starts.
    spans = [(para, s) for para in paragraphs(text) for s in sentences(text, para)]
    starts = [s[0] for _, s in spans]
    for m, found in read:
        para, sentence = spans[max(bisect.bisect_right(starts, m.start("number")) - 1, 0)]
        before = [e for e in earlier if e[0] >= sentence[0]]
        found["indicator"] = fig.indicator_for(
            text, m, found, sentence[0], before, counted_at=ranges.get(m.start(), m).end()
        )
        found["indicator"] = indicators.get(lows.get(m.start()), found["indicator"])
        if not found["indicator"]:
            continue  # a bare number: nothing says what it counts
        indicators[m.start()] = found["indicator"]
        earlier.append((m.start(), m.end(), found["indicator"], found["unit"]))
        subject = about.of(sentence, para, m.start())
        if subject:
            found["subject"] = {"kind": subject.kind, "name": subject.name}
        found["period"] = period_of(
            text[sentence[0] : sentence[1]], m.start() - sentence[0], published, precision
        )
        found["value"] = format(found["value"].normalize(), "f")
        found["evidence"] = list(sentence)  # the sentence: the metric's evidence
        rule = "range" if found["qualifier"].startswith("range") else found["unit"]
        findings.append(Finding("figure", m.start(), m.end(), rule, 0.8, None, found))
    return findings


def continued(text, said):
    """Reported plans right after someone's words: “…,” said NAME. The company will …

    The sentence after an attributed quote or paraphrase, in the same paragraph, that
    says what will be done and holds no quote of its own, is proposed (at a low
    confidence) as a paraphrase of the same speaker, with the sentences after it up to
    the paragraph's end or the next quote or paraphrase.
    """
    body = masked(text)
    taken = [(f.start, f.end) for f in said]
    findings = []
    for finding in said:
        if not finding.speaker:
            continue
        para = paragraph_of(text, finding.start)
        spans = sentences(body, para)
        at = next((i for i, (s, e) in enumerate(spans) if s <= finding.start < e), None)
        if at is None or at + 1 >= len(spans):
            continue
        start, end = spans[at + 1]
        if any(start <= s < end for s, _ in taken):
            continue
        if re.search(r"\b(?:will|would|plans? to|aims? to|is set to)\b", text[start:end]):
            # The report runs on to the paragraph's end, or to the next words of anyone's.
            for more_start, more_end in spans[at + 2 :]:
                if any(more_start <= s < more_end for s, _ in taken):
                    break
                end = more_end
            end = end - 1 if text[end - 1] in ".!?" else end
            speaker = Speaker(finding.speaker.name, *finding.speaker.span)
            findings.append(Finding("paraphrase", start, end, "continued-report", 0.4, speaker))
            taken.append((start, end))
    return findings


def extract(text, known_people=(), *, title="", published=None, precision="day", known=None):
    """Every finding in the text, in order: quotes, paraphrases and figures. `known`
    maps lower-cased names of organisations, places and projects in the database to
    (kind, name); `published` (with its precision: day, month or year) dates "last
    year"."""
    quotes, people = quotations(text, known_people)
    said = quotes + paraphrases(text, people)
    said += continued(text, said)
    named = list(dict.fromkeys(name for _, name in people.named))
    found = figures(text, title, published, known, named, precision)
    return sorted(said + found, key=lambda f: (f.start, f.kind))
