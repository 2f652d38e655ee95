"""Possible duplicates: records of one model whose names match once normalised.

Two records are candidates when

- their names are the same ignoring case, punctuation, word order (people) and a
  company's legal form ("Co., Ltd.", "Group") or a place's "Province"/"City";
- one's alias is the other's name or alias, so normalised;
- they have the same Chinese name, or one's Chinese name, in pinyin, is the other's
  name ("周波" and "Zhou Bo");
- their normalised names are close (rapidfuzz's token sort ratio, FUZZY_AT or more).

Exact keys are grouped in a dict; the fuzzy comparison runs only inside blocks of
names sharing one of their rarest words, and only between names of near lengths,
so tens of thousands of names stay a matter of seconds, not hours.
"""

import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

#: Words of an organisation's legal form, dropped from the end of its name.
COMPANY_WORDS = {
    "co",
    "company",
    "ltd",
    "limited",
    "group",
    "corporation",
    "corp",
    "inc",
    "incorporated",
    "plc",
    "llc",
    "holdings",
}
#: Words of a place's kind, dropped from the end of its name.
PLACE_WORDS = {"province", "city", "municipality", "prefecture", "county", "district"}
#: The same, in Chinese: dropped from the end of a Chinese name before its pinyin.
COMPANY_ZH = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司")
PLACE_ZH = ("省", "市", "县", "区")

#: The least token sort ratio, out of 100, that makes two names "close".
FUZZY_AT = 90
#: A word in more names than this is too common to group names by for fuzzy matching.
BLOCK_MAX = 500
#: At most this many pairs are listed per model.
MAX_PAIRS = 200


def words(text):
    """Lower-case words without accents or punctuation: "Co., Ltd." -> ["co", "ltd"]."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.findall(r"\w+", text)


def key(name, kind):
    """The normalised form of a name, for a model `kind` ("person", "organisation",
    "place", ...): words in lower case, without the legal form or place word at the
    end; a person's words sorted, as names come in either order."""
    found = words(name)
    dropped = COMPANY_WORDS if kind == "organisation" else PLACE_WORDS if kind == "place" else ()
    while len(found) > 1 and found[-1] in dropped:
        found.pop()
    if kind == "person":
        found.sort()
    return " ".join(found)


def zh_key(name_zh, kind):
    """A Chinese name without its spacing and legal form or place word at the end."""
    name = re.sub(r"\s+", "", name_zh)
    for ending in COMPANY_ZH if kind == "organisation" else PLACE_ZH if kind == "place" else ():
        if name.endswith(ending) and len(name) > len(ending) + 1:
            name = name[: -len(ending)]
            break
    return name


def pinyin(name_zh, kind):
    """The Chinese name in toneless pinyin, run together: "周波" -> "zhoubo".

    pypinyin is imported when first needed: its dictionaries take 55 MB, which a worker
    serving public pages never uses."""
    from pypinyin import lazy_pinyin

    return "".join(words(" ".join(lazy_pinyin(zh_key(name_zh, kind)))))


def spelled(name, kind):
    """The names' letters run together, in each order a person's name may come: what
    a pinyin is compared with ("Zhou Bo", "Bo Zhou" -> "zhoubo", "bozhou")."""
    found = key(name, kind).split()
    if kind == "person":
        return {"".join(found), "".join(reversed(found))}
    return {"".join(found)}


@dataclass(frozen=True)
class Names:
    """What duplicate detection reads of one record."""

    pk: int
    name: str
    aliases: tuple = ()
    name_zh: str = ""


def names_of(model):
    """Names of every record of `model`, in one query of the few columns needed."""
    fields = {f.name for f in model._meta.get_fields()}
    if model._meta.model_name == "person":
        columns = ["pk", "family_name", "given_name", "name_order", "aliases", "name_zh"]
        from .models import person_name

        return [
            Names(pk, person_name(family, given, order), tuple(aliases or ()), zh)
            for pk, family, given, order, aliases, zh in model._default_manager.order_by(
                "pk"
            ).values_list(*columns)
        ]
    columns = ["pk", "name"]
    columns += [c for c in ("aliases", "name_zh") if c in fields]
    rows = model._default_manager.order_by("pk").values_list(*columns)
    out = []
    for row in rows:
        values = dict(zip(columns, row, strict=True))
        out.append(
            Names(
                values["pk"],
                values["name"],
                tuple(values.get("aliases") or ()),
                values.get("name_zh") or "",
            )
        )
    return out


@dataclass
class Pair:
    first: int  # the older record's id
    second: int
    reason: str


def candidates(records, kind, limit=MAX_PAIRS, distinct=frozenset()):
    """Pairs of `records` (Names) that may be the same, each with its reason: the
    strongest one found, exact matches before fuzzy ones. At most `limit` pairs;
    none of the pairs (lower id, higher id) in `distinct`, said not to be the same."""
    by_key = defaultdict(list)  # (namespace, key) -> [(pk, what it is)]
    for record in records:
        entries = {(("n", key(record.name, kind)), "name")}
        entries |= {(("n", key(alias, kind)), f"alias {alias!r}") for alias in record.aliases}
        entries |= {(("p", s), "name") for s in spelled(record.name, kind)}
        if record.name_zh:
            entries.add((("z", zh_key(record.name_zh, kind)), f"Chinese name {record.name_zh}"))
            entries.add((("p", pinyin(record.name_zh, kind)), f"pinyin of {record.name_zh}"))
        for (space, value), what in entries:
            if value:
                by_key[(space, value)].append((record.pk, what))

    found = {}  # (pk, pk) -> reason

    def add(a, b, reason):
        pair = (min(a, b), max(a, b))
        if a != b and pair not in distinct:
            found.setdefault(pair, reason)

    exact = (
        (a, b, exact_reason(space, what_a, what_b, kind))
        for (space, _), entries in sorted(by_key.items(), key=lambda item: SPACES[item[0][0]])
        for i, (a, what_a) in enumerate(entries)
        for b, what_b in entries[i + 1 :]
    )
    fuzzy = ((a, b, f"close spelling (fuzzy {score:.0f})") for a, b, score in close(records, kind))
    for a, b, reason in itertools.chain(exact, fuzzy):
        if len(found) >= limit:
            break
        add(a, b, reason)
    return [Pair(a, b, reason) for (a, b), reason in found.items()]


#: Key namespaces, strongest evidence first: names and aliases, Chinese names, spellings.
SPACES = {"n": 0, "z": 1, "p": 2}

#: What "the same name" ignores, per model.
IGNORED = {
    "person": "case and word order",
    "organisation": 'case, punctuation and legal form ("Co., Ltd.", "Group")',
    "place": 'case, punctuation and "Province" or "City"',
}


def exact_reason(space, what_a, what_b, kind):
    if space == "z":
        return f"same {what_a}"
    whats = {what_a, what_b}
    if space == "p":
        pinyin_of = next((w for w in whats if w.startswith("pinyin")), None)
        if pinyin_of is None or whats == {pinyin_of}:
            return "same letters, spaced differently" if pinyin_of is None else f"same {pinyin_of}"
        return f"name is the {pinyin_of}"
    aliases = sorted(w for w in whats if w.startswith("alias"))
    if aliases:
        return " / ".join(aliases) + " matches"
    return f"same name ignoring {IGNORED.get(kind, 'case and punctuation')}"


def numbers(name):
    """The numbers in a name: "No. 2 Middle School" is not a misspelt "No. 1 ..."."""
    return re.findall(r"\d+", name)


def close(records, kind):
    """(pk, pk, score) of names at least FUZZY_AT alike, and with the same numbers.

    Names are compared only within blocks: the names sharing one of a name's two
    rarest words (two, so that a misspelt word still leaves one in common), leaving
    out words too common to tell names apart ("shandong", "company"); and only with
    names of near length (a ratio of 90 needs lengths within about a fifth)."""
    keys = {record.pk: key(record.name, kind) for record in records}
    frequency = Counter(word for k in keys.values() for word in set(k.split()))
    blocks = defaultdict(list)
    for pk, k in keys.items():
        parts = [w for w in set(k.split()) if frequency[w] <= BLOCK_MAX]
        for word in sorted(parts, key=lambda w: (frequency[w], w))[:2]:
            blocks[word].append((len(k), k, pk))
    seen = set()
    for entries in blocks.values():
        if len(entries) < 2:
            continue
        entries.sort()
        names = [k for _, k, _ in entries]
        for i, (length, k, pk) in enumerate(entries):
            end = i + 1
            while end < len(entries) and entries[end][0] * FUZZY_AT <= length * (200 - FUZZY_AT):
                end += 1
            if end == i + 1:
                continue
            for other_name, score, j in process.extract(
                k,
                names[i + 1 : end],
                scorer=fuzz.token_sort_ratio,
                score_cutoff=FUZZY_AT,
                limit=10,
            ):
                other = entries[i + 1 + j][2]
                pair = (min(pk, other), max(pk, other))
                if pair in seen or other_name == k or numbers(other_name) != numbers(k):
                    continue
                seen.add(pair)
                yield pk, other, score


def same_named(model, name, **filters):
    """The record of `model` that `name` names once normalised (by its name or an
    alias: "Shandong Port Group Co., Ltd." is "Shandong Port Group"), or the record a
    record of that name was merged into; else None. What ingest and load_for_review
    ask before they create a record, so a name merged away is not created again.

    Records are narrowed in the database to those whose name or aliases hold the
    name's longest word, then compared here."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from .models import Merge

    kind = model._meta.model_name
    wanted = key(name, kind)
    if not wanted:
        return None
    manager = model._default_manager
    longest = max(wanted.split(), key=len)
    fields = {f.name for f in model._meta.get_fields()}
    if kind == "person":
        near = Q(family_name__icontains=longest) | Q(given_name__icontains=longest)
    else:
        near = Q(name__icontains=longest)
    if "aliases" in fields:
        near |= Q(aliases__icontains=longest)
    for record in manager.filter(near, **filters).order_by("pk")[:500]:
        names = [str(record), *getattr(record, "aliases", [])]
        if any(key(n, kind) == wanted for n in names if isinstance(n, str)):
            return record
    merged = (
        Merge.objects.filter(
            content_type=ContentType.objects.get_for_model(model), merged_name__iexact=name
        )
        .values_list("survivor_id", flat=True)
        .first()
    )
    return manager.filter(pk=merged, **filters).first() if merged else None
