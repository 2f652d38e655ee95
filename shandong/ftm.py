"""The FollowTheMoney export (https://followthemoney.tech/), one entity a line, as
Aleph and OpenSanctions read it.

- Place: Address.
- Organisation: Company (company, state-owned), PublicBody (government, party,
  legislature) or Organization.
- Person: Person. Project: Project, with a ProjectParticipant for each role.
- Source: Article.
- Position: Membership of its organisation, with its source as proof. A position whose
  organisation the source does not name is left out: Membership needs one.
- Statement: Documentation, the source documenting its speaker (or the organisation
  that reported the words), with the words as its summary; and a Documentation, role
  "mentioned", of each organisation it names.

Published records only; a link to a record that is not published is left out. IDs are
the slugs, namespaced ("shandong-person-sun-haisheng"); a position or a project role,
which has no slug, gets a digest of its natural key. Each entity is checked against
followthemoney's model, each value cleaned by its property's type, and a value the type
refuses fails the export (`make`), without the cost of an EntityProxy for each entity
(docs/performance.md).
"""

import functools
import json
import math
import re

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.types import registry
from followthemoney.types.common import PropertyType
from followthemoney.util import ENTITY_ID_LEN, make_entity_id

from entities.exports import url_of
from entities.models import (
    Organisation,
    Person,
    Place,
    Position,
    Project,
    ProjectRole,
    Source,
    Status,
    iso_partial_date,
    person_name,
)
from statements.models import Statement

from .opendata import IDENTIFIERS, names, published, rows, web_url

PREFIX = "shandong"
SCHEMAS = {
    Organisation.Kind.COMPANY: "Company",
    Organisation.Kind.STATE_OWNED: "Company",
    Organisation.Kind.GOVERNMENT: "PublicBody",
    Organisation.Kind.PARTY: "PublicBody",
    Organisation.Kind.LEGISLATURE: "PublicBody",
}
#: FollowTheMoney's topics that an organisation's kind states.
TOPICS = {Organisation.Kind.STATE_OWNED: "gov.soe"}
#: Places of these kinds are Chinese administrative divisions by definition.
CHINESE = {"province", "prefecture_city", "county_city", "district", "development_zone"}
ORGANISATION_KINDS = dict(Organisation.Kind.choices)
PROJECT_STAGES = dict(Project.Stage.choices)
ROLES = dict(ProjectRole.Role.choices)
STATEMENT_KINDS = dict(Statement.Kind.choices)
#: A slug as Django's SlugField validates it (ASCII).
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
PAGES = {
    "place": url_of("entities:place-detail"),
    "organisation": url_of("entities:organisation-detail"),
    "person": url_of("entities:person-detail"),
    "project": url_of("entities:project-detail"),
    "source": url_of("entities:source-detail"),
    "statement": url_of("statements:statement-detail"),
}


def entity_id(kind, slug):
    """IDs such as "shandong-person-sun-haisheng": stable, as the slug is."""
    if not slug:
        return None
    text = f"{PREFIX}-{kind}-{slug}"
    return text if len(text) <= ENTITY_ID_LEN else f"{PREFIX}-{kind}-{make_entity_id(slug)}"


class Clean(str):
    """A value already as followthemoney's cleaning would leave it, by construction:
    make() adds it as it is. Only FollowTheMoney.page() makes them (see there)."""


#: Types whose values repeat from entity to entity (a date, a language, a country, a
#: topic, the address of a source that documents many positions): the cleaning of each
#: distinct value is remembered. followthemoney cleans a value of these types as a
#: function of the value and the property's format alone, so this is the same check,
#: made once per value; the caches are bounded, so memory stays flat.
REPEATING = {"date", "country", "language", "topic", "url"}
CACHE = 8192


@functools.cache
def schema_of(name):
    """A schema and, for each of its properties: its cleaning, the cleaning of its type
    (`clean_text`, with the property's format) as EntityProxy.unsafe_add() calls it, or
    None for a type that keeps every value as it is (string, text: types that do not
    override PropertyType.clean_text); whether it refers to an entity; and the type's
    limit on an entity's total size."""
    schema = model.get(name)
    if schema is None:
        raise InvalidData(f"no schema {name!r}")
    properties = {}
    for prop in schema.properties.values():
        if prop.stub:  # the reverse side of a reference: not set on this entity
            continue
        clean = None
        if type(prop.type).clean_text is not PropertyType.clean_text:
            clean = functools.partial(prop.type.clean_text, format=prop.format)
            if prop.type.name in REPEATING:
                clean = functools.lru_cache(maxsize=CACHE)(clean)
        limit = prop.type.total_size or math.inf
        properties[prop.name] = clean, prop.type is registry.entity, limit
    return schema, properties


def make(schema, id, **properties):
    """An entity of `schema` as followthemoney writes one (`EntityProxy.to_dict()`),
    checked: each value valid for its property's type, every required property there.

    This is what `model.make_entity()` and `unsafe_add()` do, without making an
    EntityProxy for each entity, which half the export's time went to: each value (but
    a Clean one) is cleaned by its type as unsafe_add() cleans it, and a value the
    type refuses (a bad date, a URL that is not one) raises, where followthemoney's
    add() drops it. As unsafe_add(), a value already there is not added again, an
    entity may not refer to itself, and an entity's text stops at the type's
    `total_size`, though here that raises too rather than dropping the value.
    """
    schema, known = schema_of(schema)
    found, size = {}, 0
    for name, values in properties.items():
        if name not in known:
            raise InvalidData(f"{schema.name} has no property {name!r}")
        clean, refers, limit = known[name]
        for value in values if type(values) is list else (values,):
            if value is None or value == "":
                continue
            if type(value) is Clean:
                cleaned = value
            elif clean is None:
                cleaned = str(value)
            else:
                cleaned = clean(str(value))
                if cleaned is None:
                    raise InvalidData(f"{id}: {name} {value!r} is not valid")
            if refers and cleaned == id:
                raise InvalidData(f"{id}: {name} refers to the entity itself")
            size += len(cleaned)
            if size > limit:
                raise InvalidData(f"{id}: {name} is too long")
            added = found.setdefault(name, [])
            if cleaned not in added:
                added.append(cleaned)
    missing = [prop for prop in schema.required if prop not in found]
    if missing:
        raise InvalidData(f"{id}: no {', '.join(missing)}")
    return {"id": id, "schema": schema.name, "properties": found}


class FollowTheMoney:
    """The export's entities. `origin` ("https://example.org") gives each its page
    here as `sourceUrl`."""

    def __init__(self, origin=""):
        self.origin = origin
        # Whether this site's pages have addresses that followthemoney's cleaning keeps
        # as they are (see page()): tried once, with a slug of every kind of character.
        urls = [origin + page("a-Z_0") for page in PAGES.values()]
        self.clean_pages = all(registry.url.clean_text(url) == url for url in urls)

    def page(self, kind, slug):
        """The record's page here, if the origin is known.

        Cleaning a URL (rigour's clean_url) checks and lowercases its scheme, checks
        its host, and strips its path; a slug of ASCII letters, digits, "-" and "_" (all
        "unreserved" in a URL) between the fixed parts of the page's path is kept as it
        is. So when one such address cleans to itself (__init__), every one does, and
        it is marked Clean: cleaning every statement's page address was a sixth of the
        export's time. Any other slug is cleaned, as any other value is.
        """
        if not self.origin:
            return None
        url = self.origin + PAGES[kind](slug)
        return Clean(url) if self.clean_pages and SLUG.fullmatch(slug) else url

    def identifiers(self, values):
        """(property, value) of each external identifier."""
        found = {}
        for (_, prop), value in zip(IDENTIFIERS.values(), values, strict=True):
            if value:
                found[prop] = value
        return found

    def places(self):
        fields = ("slug", "name", "name_zh", "aliases", "kind")
        for slug, name, name_zh, aliases, kind, *ids in rows(
            Place.objects.published(), *fields, *IDENTIFIERS
        ):
            yield make(
                "Address",
                entity_id("place", slug),
                full=name,
                alias=names(aliases, name_zh),
                country="cn" if kind in CHINESE else None,
                sourceUrl=self.page("place", slug),
                **self.identifiers(ids),
            )

    def organisations(self):
        fields = ("slug", "name", "name_zh", "aliases", "kind", "description", "website")
        related = ("parent__slug", "parent__status", "place__slug", "place__status")
        for slug, name, name_zh, aliases, kind, description, website, *more in rows(
            Organisation.objects.published(), *fields, *related, *IDENTIFIERS
        ):
            parent, parent_status, place, place_status, *ids = more
            yield make(
                SCHEMAS.get(kind, "Organization"),
                entity_id("organisation", slug),
                name=name,
                alias=names(aliases, name_zh),
                classification=ORGANISATION_KINDS.get(kind, kind),
                topics=TOPICS.get(kind),
                description=description,
                website=web_url(website),
                parent=entity_id("organisation", published(parent, parent_status)),
                addressEntity=entity_id("place", published(place, place_status)),
                sourceUrl=self.page("organisation", slug),
                **self.identifiers(ids),
            )

    def persons(self):
        fields = ("slug", "family_name", "given_name", "name_order", "name_zh", "aliases")
        for slug, family, given, order, name_zh, aliases, description, *ids in rows(
            Person.objects.published(), *fields, "description", *IDENTIFIERS
        ):
            yield make(
                "Person",
                entity_id("person", slug),
                name=person_name(family, given, order),
                lastName=family,
                firstName=given,
                alias=names(aliases, name_zh),
                description=description,
                sourceUrl=self.page("person", slug),
                **self.identifiers(ids),
            )

    def projects(self):
        fields = ("slug", "name", "aliases", "stage", "description", "place__slug")
        for slug, name, aliases, stage, description, place, place_status in rows(
            Project.objects.published(), *fields, "place__status"
        ):
            yield make(
                "Project",
                entity_id("project", slug),
                name=name,
                alias=names(aliases),
                status=None if stage == Project.Stage.UNKNOWN else PROJECT_STAGES.get(stage),
                description=description,
                addressEntity=entity_id("place", published(place, place_status)),
                sourceUrl=self.page("project", slug),
            )

    def participants(self):
        roles = ProjectRole.objects.published().filter(organisation__status=Status.PUBLISHED)
        fields = ("project__slug", "organisation__slug", "role", "source__slug", "source__status")
        for project, organisation, role, source, source_status in rows(roles, *fields):
            yield make(
                "ProjectParticipant",
                f"{PREFIX}-role-{make_entity_id(project, organisation, role)}",
                project=entity_id("project", project),
                participant=entity_id("organisation", organisation),
                role=ROLES.get(role, role),
                proof=entity_id("source", published(source, source_status)),
            )

    def articles(self):
        fields = ("slug", "title", "published_on", "published_on_precision", "url", "language")
        for slug, title, date, precision, url, language, publisher, publisher_status in rows(
            Source.objects.published(), *fields, "publisher__name", "publisher__status"
        ):
            yield make(
                "Article",
                entity_id("source", slug),
                title=title,
                publishedAt=iso_partial_date(date, precision),
                publisher=published(publisher, publisher_status),
                language=language,
                sourceUrl=web_url(url) or self.page("source", slug),
            )

    def memberships(self):
        positions = Position.objects.published().filter(
            person__status=Status.PUBLISHED, organisation__status=Status.PUBLISHED
        )
        fields = ("person__slug", "organisation__slug", "title", "source__slug", "source__status")
        dates = ("start", "start_precision", "end", "end_precision", "source__url")
        for person, organisation, title, source, source_status, *more in rows(
            positions, *fields, *dates
        ):
            start, start_precision, end, end_precision, url = more
            source = published(source, source_status)
            yield make(
                "Membership",
                f"{PREFIX}-position-{make_entity_id(person, organisation, title)}",
                member=entity_id("person", person),
                organization=entity_id("organisation", organisation),
                role=title,
                startDate=iso_partial_date(start, start_precision),
                endDate=iso_partial_date(end, end_precision),
                proof=entity_id("source", source),
                sourceUrl=web_url(url) if source else None,
            )

    def documentation(self):
        statements = Statement.objects.published().filter(source__status=Status.PUBLISHED)
        fields = ("slug", "kind", "text", "said_on", "source__slug")
        who = ("speaker__slug", "speaker__status", "reported_by__slug", "reported_by__status")
        for slug, kind, text, said_on, source, *more in rows(statements, *fields, *who):
            speaker, speaker_status, reporter, reporter_status = more
            entity = entity_id("person", published(speaker, speaker_status)) or entity_id(
                "organisation", published(reporter, reporter_status)
            )
            if entity is None:  # unattributed words document no one
                continue
            yield make(
                "Documentation",
                entity_id("statement", slug),
                document=entity_id("source", source),
                entity=entity,
                role=STATEMENT_KINDS.get(kind, kind),
                summary=text,
                date=said_on.isoformat() if said_on else None,
                sourceUrl=self.page("statement", slug),
            )

    def mentions(self):
        """A statement naming an organisation: its source documents the organisation."""
        links = Statement.organisations.through.objects.filter(
            statement__status=Status.PUBLISHED,
            statement__source__status=Status.PUBLISHED,
            organisation__status=Status.PUBLISHED,
        )
        fields = ("statement__slug", "statement__source__slug", "organisation__slug")
        for statement, source, organisation in rows(links, *fields):
            yield make(
                "Documentation",
                f"{PREFIX}-mention-{make_entity_id(statement, organisation)}",
                document=entity_id("source", source),
                entity=entity_id("organisation", organisation),
                role="mentioned",
                sourceUrl=self.page("statement", statement),
            )

    #: The kinds of entity, in order, each written by the method of its name: the
    #: entities others refer to first.
    KINDS = (
        "places",
        "organisations",
        "persons",
        "projects",
        "participants",
        "articles",
        "memberships",
        "documentation",
        "mentions",
    )

    def entities(self):
        for kind in self.KINDS:
            yield from getattr(self, kind)()

    def lines(self):
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        for entity in self.entities():
            yield dumps(entity) + "\n"
