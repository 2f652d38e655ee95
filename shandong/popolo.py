"""The Popolo export (https://www.popoloproject.com/): one JSON document of persons,
organizations, memberships, areas and speeches, as SayIt, EveryPolitician and
YourNextRepresentative read it.

Published records only; a link to a record that is not published is left out. IDs
are the records' slugs, namespaced ("person/sun-haisheng"); a position has no slug,
so its ID is a digest of its natural key (person, organisation, title). Each object
validates against the Popolo JSON Schemas (tests/standards/popolo/).
"""

import hashlib
import json

from entities.exports import url_of
from entities.models import (
    Organisation,
    Person,
    Place,
    Position,
    Status,
    iso_partial_date,
    person_name,
)
from statements.models import Statement

from .opendata import IDENTIFIERS, names, published, rows, web_url

PAGES = {
    "person": url_of("entities:person-detail"),
    "organization": url_of("entities:organisation-detail"),
    "area": url_of("entities:place-detail"),
    "source": url_of("entities:source-detail"),
    "speech": url_of("statements:statement-detail"),
}
ORGANISATION_KINDS = dict(Organisation.Kind.choices)
PLACE_KINDS = dict(Place.Kind.choices)


def ref(kind, slug):
    return f"{kind}/{slug}" if slug else None


def position_id(person, organisation, title):
    key = "\x1f".join([person, organisation or "", title])
    return "membership/" + hashlib.sha1(key.encode()).hexdigest()[:20]


def compact(obj):
    """The object without empty values: Popolo's fields are optional."""
    return {key: value for key, value in obj.items() if value not in (None, "", [])}


class Popolo:
    """The export's objects, each a dict. `origin` ("https://example.org") adds links to
    the records' pages on this site; without it only the sources' own URLs are given."""

    def __init__(self, origin=""):
        self.origin = origin

    def page(self, kind, slug):
        """A link to the record's page here, when the site's origin is known."""
        if not self.origin:
            return []
        return [{"url": self.origin + PAGES[kind](slug), "note": "Shandong Records"}]

    def source_links(self, url, title, slug, status):
        """The source's own address, and its page here; nothing for an unpublished source."""
        if status != Status.PUBLISHED:
            return []
        links = [{"url": url, "note": title}] if web_url(url) else []
        return links + self.page("source", slug)

    def website(self, url):
        return [{"url": url, "note": "Website"}] if web_url(url) else []

    def identifiers(self, values):
        return [
            {"scheme": scheme, "identifier": value}
            for (scheme, _), value in zip(IDENTIFIERS.values(), values, strict=True)
            if value
        ]

    def persons(self):
        fields = ("slug", "family_name", "given_name", "name_order", "aliases", "name_zh")
        for slug, family, given, order, aliases, name_zh, description, *ids in rows(
            Person.objects.published(), *fields, "description", *IDENTIFIERS
        ):
            yield compact(
                {
                    "id": ref("person", slug),
                    "name": person_name(family, given, order),
                    "family_name": family,
                    "given_name": given,
                    "other_names": [{"name": name} for name in names(aliases, name_zh)],
                    "identifiers": self.identifiers(ids),
                    "summary": description,
                    "links": self.page("person", slug),
                }
            )

    def organizations(self):
        fields = ("slug", "name", "aliases", "name_zh", "kind", "description", "website")
        related = ("parent__slug", "parent__status", "place__slug", "place__status")
        for slug, name, aliases, name_zh, kind, description, website, *more in rows(
            Organisation.objects.published(), *fields, *related, *IDENTIFIERS
        ):
            parent, parent_status, place, place_status, *ids = more
            yield compact(
                {
                    "id": ref("organization", slug),
                    "name": name,
                    "other_names": [{"name": other} for other in names(aliases, name_zh)],
                    "identifiers": self.identifiers(ids),
                    "classification": ORGANISATION_KINDS.get(kind, kind),
                    "parent_id": ref("organization", published(parent, parent_status)),
                    "area_id": ref("area", published(place, place_status)),
                    "description": description,
                    "links": self.website(website) + self.page("organization", slug),
                }
            )

    def memberships(self):
        # A membership needs its person: a position whose person is not published is left
        # out (publishing refuses that, but a script might not).
        positions = Position.objects.published().filter(person__status=Status.PUBLISHED)
        fields = ("person__slug", "organisation__slug", "organisation__status", "title")
        dates = ("start", "start_precision", "end", "end_precision")
        source = ("source__url", "source__title", "source__slug", "source__status")
        for person, org, org_status, title, *more in rows(positions, *fields, *dates, *source):
            start, start_precision, end, end_precision, *source_row = more
            yield compact(
                {
                    "id": position_id(person, org, title),
                    "label": title,
                    "role": title,
                    "person_id": ref("person", person),
                    "organization_id": ref("organization", published(org, org_status)),
                    "start_date": iso_partial_date(start, start_precision),
                    "end_date": iso_partial_date(end, end_precision),
                    "sources": self.source_links(*source_row),
                }
            )

    def areas(self):
        fields = ("slug", "name", "kind", "parent__slug", "parent__status")
        for slug, name, kind, parent, parent_status, *ids in rows(
            Place.objects.published(), *fields, *IDENTIFIERS
        ):
            yield compact(
                {
                    "id": ref("area", slug),
                    "name": name,
                    # Area has one identifier, not a list.
                    "identifier": next((value for value in ids if value), None),
                    "classification": PLACE_KINDS.get(kind, kind),
                    "parent_id": ref("area", published(parent, parent_status)),
                }
            )

    def speeches(self):
        fields = ("slug", "text", "said_on", "speaker__slug", "speaker__status")
        position = ("speaker_position__title", "speaker_position__status")
        source = ("source__url", "source__title", "source__slug", "source__status")
        for slug, text, said_on, speaker, speaker_status, *more in rows(
            Statement.objects.published(), *fields, *position, *source
        ):
            title, title_status, *source_row = more
            yield compact(
                {
                    "id": ref("speech", slug),
                    "creator_id": ref("person", published(speaker, speaker_status)),
                    "role": title if title_status == Status.PUBLISHED else None,
                    "text": text,
                    "date": said_on.isoformat() if said_on else None,
                    "sources": self.source_links(*source_row),
                }
            )

    #: The document's sections, in order, each written by the method of its name.
    SECTIONS = ("persons", "organizations", "memberships", "areas", "speeches")

    def parts(self):
        """The document as text, in parts: each section's objects one by one."""
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        for number, section in enumerate(self.SECTIONS):
            yield ("{" if number == 0 else "],") + f"\n{json.dumps(section)}: ["
            for count, obj in enumerate(getattr(self, section)()):
                yield ("\n" if count == 0 else ",\n") + dumps(obj)
        yield "]\n}\n"
