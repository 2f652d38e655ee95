"""Ingest an article: a draft Source, and a proposal with a draft record per finding.

Records are matched before any is created: a person by name in either order, an alias
or a case variant ("SUN Haisheng" = "Sun Haisheng"); an organisation, place or
indicator by name or alias, ignoring case; then any of them by its normalised name
("Shandong Port Group Co., Ltd." = "Shandong Port Group") or by a name merged away
(entities.duplicates.same_named). Only what is new is created, as a draft
whose notes say which rule proposed it. Everything happens in one transaction.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.text import slugify

from entities.duplicates import same_named
from entities.models import (
    DatePrecision,
    Organisation,
    Person,
    Place,
    Position,
    Project,
    Source,
    Status,
    unique_slug,
)
from statements.models import Indicator, Metric, Statement

from . import extract, subjects
from .models import Proposal

PROPOSED_BY = "Proposed by ingest"


@dataclass
class Result:
    source: Source
    source_created: bool
    proposed: Counter = field(default_factory=Counter)  # per kind
    matched: Counter = field(default_factory=Counter)  # existing records reused, per model
    created: Counter = field(default_factory=Counter)  # new draft records, per model
    need_speaker: int = 0
    need_subject: int = 0
    left_out: int = 0  # already proposed, rejected before, or already recorded

    def summary(self):
        return (
            f"{'Created' if self.source_created else 'Reused'} source {self.source.slug!r}.\n"
            f"Proposed {sum(self.proposed.values())}: {kinds(self.proposed)}.\n"
            f"Matched existing records: {records(self.matched)}.\n"
            f"Created draft records: {records(self.created)}.\n"
            f"Need a speaker: {self.need_speaker}. Figures that need a subject: "
            f"{self.need_subject}.\n"
            f"Left out (proposed before, rejected before, or already recorded): {self.left_out}."
        )


def plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


def kinds(proposed):
    """ "2 quotes, 1 paraphrase, 0 figures": proposals counted by kind."""
    return ", ".join(plural(proposed[k], k) for k in ("quote", "paraphrase", "figure"))


def records(counter):
    return ", ".join(f"{n} {model}" for model, n in sorted(counter.items())) or "none"


def excerpt_key(text):
    """Words without the spacing and punctuation at their ends, to compare excerpts."""
    return " ".join(text.split()).strip(" ,.;:")


def note(finding):
    return f"{PROPOSED_BY} (rule {finding.rule}, confidence {finding.confidence})."


class Records:
    """Finds or creates the records findings refer to, counting which it did."""

    def __init__(self, result, source):
        self.result, self.source = result, source
        self.made = set()  # (model, pk) created in this run: found again, not "matched"
        self.full_names = []  # organisations the article names in full

    def _found(self, record):
        if (type(record), record.pk) not in self.made:
            self.result.matched[type(record)._meta.verbose_name] += 1
        return record

    def _new(self, model, finding, **fields):
        record = model.objects.create(notes=note(finding), **fields)
        self.result.created[model._meta.verbose_name] += 1
        self.made.add((model, record.pk))
        return record

    def person(self, name, finding):
        words = name.split()
        wanted = " ".join(words).lower()
        for person in Person.objects.named(name):
            if wanted in person.spellings:
                return self._found(person)
        # Its name in other spelling, or a name merged away: the record it names now.
        found = same_named(Person, name)
        if found:
            return self._found(found)
        # "SUN Haisheng": the family name is the one in capitals; otherwise the name is
        # taken as family name first, as Chinese names are in the sources this serves.
        if len(words) > 1 and words[-1].isupper() and not words[0].isupper():
            family, given, order = words[-1], " ".join(words[:-1]), "given_first"
        else:
            family, given, order = words[0], " ".join(words[1:]), "family_first"
        field = Person._meta.get_field
        if (
            len(family) > field("family_name").max_length
            or len(given) > field("given_name").max_length
        ):
            return None  # longer than any name: not a person's
        return self._new(
            Person,
            finding,
            family_name=family,
            given_name=given,
            name_order=order,
            slug=unique_slug(Person, name),
        )

    def organisation(self, name, finding):
        name = name.strip().rstrip(",")
        if name not in subjects.PROVINCES | subjects.CITIES:
            # "general manager of Changyu": the article's "Changyu Pioneer Wine Co".
            longer = [full for full in self.full_names if full.startswith(f"{name} ")]
            name = longer[0] if longer else name
        found = recorded(Organisation, name)
        owner = re.match(r"(.+?)['’]s\s+[A-Z]", name)
        if not found and owner:
            # "Shandong University's School of Economics": the university, when recorded.
            found = first_named(Organisation, variants(owner.group(1)))
        if not found and too_long(Organisation, name):
            return None  # a run of capitalised words no organisation is called
        if found:
            return self._found(found)
        return self._new(Organisation, finding, name=name, slug=unique_slug(Organisation, name))

    def place(self, name, finding):
        found = recorded(Place, name)
        if not found and too_long(Place, name):
            return None
        if found:
            return self._found(found)
        return self._new(Place, finding, name=name, slug=unique_slug(Place, name))

    def subject(self, kind, name, finding):
        if kind == "project":
            found = first_named(Project, [name]) or same_named(Project, name)
            if found:
                return self._found(found)
            kind = "organisation"
        return (
            self.organisation(name, finding)
            if kind == "organisation"
            else self.place(name, finding)
        )

    def position(self, person, speaker, finding):
        """The speaker's position, when the text describes it: "NAME, TITLE of ORG"."""
        organisation_name, title = split_title(speaker.title)
        if not title:
            return None
        organisation = self.organisation(organisation_name, finding) if organisation_name else None
        found = Position.objects.filter(
            person=person, organisation=organisation, title__iexact=title
        ).first()
        if found:
            return self._found(found)
        evidence = self.source.body[speaker.described[0] : speaker.described[1]]
        return self._new(
            Position,
            finding,
            person=person,
            organisation=organisation,
            title=title[:300],
            source=self.source,
            evidence=evidence,
        )

    def indicator(self, name, unit, finding):
        name = name[:1].upper() + name[1:200] if name else "Figure"
        # "Engines" is the indicator "Engine", "Export" is "Exports": same unit, one record.
        other = name[:-1] if name.endswith("s") else f"{name}s"
        found = (
            Indicator.objects.annotate(upper_name=Upper("name"))
            .filter(
                Q(upper_name__in={name.upper(), other.upper()})
                | Q(slug__in={slugify(name), slugify(other)}),
                unit=unit,
            )
            .order_by("pk")
            .first()
        ) or same_named(Indicator, name, unit=unit)
        if found:
            return self._found(found)
        return self._new(
            Indicator, finding, name=name, unit=unit, slug=unique_slug(Indicator, name)
        )


def too_long(model, name):
    return len(name) > model._meta.get_field("name").max_length


LEGAL_FORMS = re.compile(r",?\s+(?:Co\.?,?\s*Ltd\.?|Co\.?|Ltd\.?|Corp\.?|Inc\.?|Limited)$")
PLACE_WORDS = re.compile(r"\s+(?:Province|City|province|city)$")


def variants(name):
    """The spellings a name may be recorded under, the name itself first: "Shandong
    Haihua Group Co Ltd" is also "Shandong Haihua Group"; "Weihai city" is also "Weihai"
    and "Weihai City"."""
    names = [name, name.rstrip(".")]
    bare_name = LEGAL_FORMS.sub("", name)
    if bare_name != name and " " in bare_name:
        names += [bare_name, f"{bare_name} Co., Ltd.", f"{bare_name} Co. Ltd."]
    place = PLACE_WORDS.sub("", name)
    if place != name:
        names += [place, f"{place} Province", f"{place} City"]
    elif " " not in name:
        names += [f"{name} Province", f"{name} City"]
    return list(dict.fromkeys(names))


def recorded(model, name):
    """The record `name` names: under any spelling it may be recorded by (in any case, or
    as an alias: variants()), else by its normalised name or a name merged away."""
    return first_named(model, variants(name)) or same_named(model, name)


def first_named(model, names):
    """The record named by the first of `names` that names one (by its name in any case
    or an alias, through indexes: Model.objects.named), or None."""
    for name in names:
        found = model.objects.named(name).order_by("pk").first()
        if found:
            return found
    return None


def known_names(text, title):
    """Lower-cased name -> (kind, name) of every organisation, place and project in the
    database that the text may name: looked up by the capitalised runs of the text."""
    candidates = subjects.candidates(f"{title}\n{text}")
    upper = {c.upper() for c in candidates}
    known = {}
    for kind, model in (("organisation", Organisation), ("place", Place), ("project", Project)):
        for record in model.objects.named_any(candidates):
            for name in [record.name, *record.aliases]:
                if name.upper() in upper:
                    known.setdefault(name.lower(), (kind, record.name))
    return known


ROLE_SPLIT = re.compile(rf",?\s+and\s+(?=(?:[a-z-]+\s)?(?:{extract.ROLE_WORDS})\b)", re.I)


def split_title(title):
    """(organisation name, title) from a description: "Director-General of the
    Department of Science and Technology" -> ("Department of ...", "Director-General").
    Several roles joined by "and" give the first that names an organisation."""
    pending = []
    for part in ROLE_SPLIT.split(title):
        m = re.search(r"\s+(?:of|at|from)\s+(?:the\s+)?(?P<org>[A-Z].*)$", part)
        role = re.sub(r"^(?:a|an|the)\s+", "", part[: m.start()] if m else part).strip()
        if m:
            return m.group("org").strip(), " and ".join([*pending, role])
        pending.append(role)
    return "", " and ".join(pending)


# The article as given: its text, date and language, checked the same way for the
# command, the folder of articles and the admin's form.

#: A language code: "en", "zh", "zh-Hans".
LANGUAGE = r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*"


def is_language(code):
    return re.fullmatch(LANGUAGE, code) is not None


def partial_date(value):
    """YYYY-MM-DD, YYYY-MM or YYYY -> (the first day it covers, its precision); a
    ValueError for anything else."""
    for pattern, precision in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            return datetime.datetime.strptime(value, pattern).date(), precision
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY.")


def article_text(text):
    """An article's text as stored: Unix line ends, no byte-order mark."""
    return text.replace("\r\n", "\n").lstrip("\ufeff")


def without_title(body, title):
    """The body without its first line and the blank lines after it, when that line is
    the title: the corpus stores an article as title, blank line, text."""
    first, _, rest = body.partition("\n")
    if first.strip() != title:
        return body
    return re.sub(r"\A(?:[ \t]*\n)+", "", rest)


def source_for(body, title, publisher, published, precision, url, language):
    """The Source with this exact body, or a new draft one."""
    existing = Source.objects.with_body(body).first()
    if existing:
        return existing, False
    source = Source(
        title=title,
        slug=unique_slug(Source, title),
        published_on=published,
        published_on_precision=precision,
        url=url,
        language=language,
        body=body,
        notes=f"{PROPOSED_BY}: the article as uploaded.",
    )
    if publisher:
        source.publisher = recorded(Organisation, publisher) or Organisation.objects.create(
            name=publisher, slug=unique_slug(Organisation, publisher), notes=PROPOSED_BY
        )
    source.full_clean(exclude=["publisher"])
    source.save()
    return source, True


@transaction.atomic
def ingest(
    body,
    *,
    title,
    publisher="",
    published,
    precision=DatePrecision.DAY,
    url="",
    language="en",
):
    """Create (or reuse) the Source and propose records from its body; return a Result."""
    source, created = source_for(body, title, publisher, published, precision, url, language)
    result = Result(source, created)
    Proposer(result).run()
    return result


class Proposer:
    def __init__(self, result):
        self.result = result
        self.source = result.source
        self.records = Records(result, self.source)
        self.seen = set(
            Proposal.objects.filter(source=self.source).values_list("kind", "start", "end")
        )
        # What curators already recorded from this source is not proposed again.
        self.recorded = {
            excerpt_key(text)
            for text in Statement.objects.filter(source=self.source).values_list("text", flat=True)
        }
        self.recorded_figures = list(
            Metric.objects.filter(source=self.source).values_list("value", "evidence")
        )

    def run(self):
        body = self.source.body
        self.records.full_names = [
            m.name for m in subjects.mentions(body) if m.kind == "organisation"
        ]
        found = extract.extract(
            body,
            title=self.source.title,
            published=self.source.published_on,
            precision=self.source.published_on_precision,
            known=known_names(body, self.source.title),
        )
        for finding in found:
            if (finding.kind, finding.start, finding.end) in self.seen:
                self.result.left_out += 1
                continue
            proposal = Proposal(
                source=self.source,
                kind=finding.kind,
                start=finding.start,
                end=finding.end,
                rule=finding.rule,
                confidence=Decimal(str(finding.confidence)),
                found=dict(finding.found),
            )
            if finding.kind == "figure":
                if not self.figure(finding, proposal):
                    continue
            elif not self.statement(finding, proposal):
                continue
            proposal.save()
            self.seen.add((finding.kind, finding.start, finding.end))
            self.result.proposed[finding.kind] += 1

    def statement(self, finding, proposal):
        text = self.source.body[finding.start : finding.end]
        if excerpt_key(text) in self.recorded:
            self.result.left_out += 1
            return False
        speaker = position = reported_by = None
        if finding.speaker:
            proposal.found.update(speaker=finding.speaker.name, title=finding.speaker.title)
            speaker = self.records.person(finding.speaker.name, finding)
            if speaker and finding.speaker.title:
                position = self.records.position(speaker, finding.speaker, finding)
        elif finding.found.get("organisation"):
            proposal.found["reported_by"] = finding.found["organisation"]
            reported_by = self.records.organisation(finding.found["organisation"], finding)
        if not speaker and not reported_by:
            proposal.found["needs"] = "speaker"
            self.result.need_speaker += 1
        proposal.statement = Statement.objects.create(
            source=self.source,
            text=text,
            kind=finding.kind,
            speaker=speaker,
            speaker_position=position,
            reported_by=reported_by,
            notes=note(finding),
        )
        self.recorded.add(excerpt_key(text))
        return True

    def figure(self, finding, proposal):
        found = finding.found
        value = Decimal(found["value"])
        start, end = found["evidence"]
        sentence = self.source.body[start:end]
        if any(v == value and (e in sentence or sentence in e) for v, e in self.recorded_figures):
            self.result.left_out += 1
            return False
        subject = found.get("subject")
        holder = subject and self.records.subject(subject["kind"], subject["name"], finding)
        if not holder:
            proposal.found["needs"] = "subject"
            self.result.need_subject += 1
            return True  # proposed, but a metric needs exactly one subject
        kind = {Organisation: "organisation", Place: "place", Project: "project"}[type(holder)]
        indicator = self.records.indicator(found["indicator"], found["unit"], finding)
        period = found.get("period") or {}
        if period.get("start") and period.get("end") and period["start"] > period["end"]:
            period = {}  # not a period a metric can hold
        proposal.metric = Metric.objects.create(
            indicator=indicator,
            value=value,
            qualifier=found["qualifier"],
            period_label=period.get("label", ""),
            period_start=period.get("start"),
            period_end=period.get("end"),
            source=self.source,
            evidence=sentence,
            notes=note(finding),
            **{kind: holder},
        )
        self.recorded_figures.append((value, sentence))
        return True


def needs(record):
    """Every record `record` refers to, whatever its status, each once: its source and
    publisher; a statement's speaker, position (with its person, organisation and source),
    reporting organisation and quoted person; a metric's indicator and subject. These are
    what a reader follows from the record, so they are published with it."""
    found = [record.source, record.source.publisher]
    if isinstance(record, Statement):
        position = record.speaker_position
        found += [record.speaker, position, record.reported_by, record.quoting]
        if position:
            found += [position.person, position.organisation, position.source]
    else:
        found += [record.indicator, record.organisation, record.place, record.project]
    unique = {key(r): r for r in found if r is not None}
    return list(unique.values())


def dependencies(record):
    """The drafts among the records `record` needs: those ingest made for it."""
    return [r for r in needs(record) if r.status == Status.DRAFT]


def key(record):
    """ "entities.person:12:3": a record named by model, id and version, as the
    confirmation page lists it and sends it back: an edit made meanwhile changes it."""
    return f"{record._meta.label_lower}:{record.pk}:{record.version}"


def follow_edits(proposal):
    """The proposal's kind and span, after a curator edited its statement's kind or words
    in the statement's form (unsaved). The words are looked for nearest the old span."""
    statement = proposal.statement
    if statement is None:
        return proposal
    body, text = proposal.source.body, statement.text
    if text and body[proposal.start : proposal.end] != text:
        starts = [m.start() for m in re.finditer(re.escape(text), body)]
        if starts:
            start = min(starts, key=lambda i: abs(i - proposal.start))
            proposal.start, proposal.end = start, start + len(text)
    proposal.kind = statement.kind
    return proposal


@transaction.atomic
def accept(proposal, user):
    """Send the proposal's record, and the drafts it depends on, to review, whoever the
    user is: accepting never publishes (see accept_and_publish). Returns the new status."""
    record = proposal.record
    if record:
        for dependency in [*dependencies(record), record]:
            if dependency.can("submit_for_review"):
                dependency.move("submit_for_review", user)
                dependency._change_reason = "Submitted for review: ingest proposal accepted"
                dependency.save()
    decided(proposal, Proposal.State.ACCEPTED)
    return record.status if record else None


def decided(proposal, state):
    follow_edits(proposal)
    proposal.state = state
    proposal.decided_at = timezone.now()
    proposal.save()


def to_publish(proposal):
    """What "Accept and publish" publishes: the proposal's record and every record it
    needs that is not published yet, whether a draft or in review (none of them was
    reviewed as published). The reviewer sees exactly this list before confirming."""
    record = proposal.record
    if record is None:
        return []
    return [r for r in [record, *needs(record)] if r.status != Status.PUBLISHED]


class Refused(Exception):
    """Why "Accept and publish" changed nothing, in words for the reviewer."""


@transaction.atomic
def accept_and_publish(proposal, user, expected):
    """Accept the proposal and publish the records to_publish() lists, all or nothing.

    `expected` is the list the reviewer confirmed (keys, see key()). When it is not the
    list now (a record was published, edited to need another, or the list tampered
    with), or the user may not publish one of them, nothing changes and Refused says
    why. The proposal is locked, so two decisions on it cannot both go through.
    """
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("source", "statement", "metric")
        .get(pk=proposal.pk)
    )
    if proposal.state != Proposal.State.PROPOSED:
        raise Refused(f"That proposal was already {proposal.state}. Nothing was published.")
    records = to_publish(proposal)
    if not records:
        raise Refused("That proposal has no record to publish. Nothing was published.")
    if {key(r) for r in records} != set(expected):
        raise Refused(
            "The records to publish have changed since the list was shown. Nothing was "
            "published; check the new list."
        )
    refused = sorted({str(r._meta.verbose_name_plural) for r in records if not r.may_publish(user)})
    if refused:
        raise Refused(f"You may not publish {', '.join(refused)}. Nothing was published.")
    for record in records:
        record.move("publish", user)
        record._change_reason = "Published: ingest proposal accepted and published"
        record.save()
    decided(proposal, Proposal.State.ACCEPTED)
    return records


@transaction.atomic
def reject(proposal):
    """Delete the proposal's draft record, and remember the span as rejected."""
    record = proposal.record
    proposal.statement = proposal.metric = None
    decided(proposal, Proposal.State.REJECTED)
    if record is not None and record.status == Status.DRAFT:
        record.delete()
