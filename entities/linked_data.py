"""Schema.org JSON-LD for detail pages: what a page is about, for search engines and
linked-data tools.

Each function takes a record and `absolute`, a function making a site path an
absolute URL (request.build_absolute_uri). A related record appears only when it
is published, as on the page itself.
"""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .models import Source, iso_partial_date

#: Inside <script>, "</script>" or "<!--" in a name would end or change the element;
#: as JSON escapes these characters mean the same to a JSON parser.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script(data):
    """`data` as a <script type="application/ld+json"> element, safe in HTML: data,
    not code, so the CSP's script rules do not block it."""
    text = json.dumps({"@context": "https://schema.org", **data}, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(text.translate(SCRIPT_ESCAPES))
    )


def identified(data, record, absolute):
    """`data` with the record's permanent URL and its Wikidata item as `sameAs`."""
    data["url"] = absolute(record.get_absolute_url())
    if getattr(record, "wikidata_url", ""):
        data["sameAs"] = record.wikidata_url
    return data


def reference(record, absolute, kind):
    """A short node for a related record: its type, name and URL; None if unpublished."""
    if record is None or not record.is_published:
        return None
    return {"@type": kind, "name": str(record), "url": absolute(record.get_absolute_url())}


def without_empty(data):
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def person(record, absolute):
    data = {
        "@type": "Person",
        "name": record.name,
        "familyName": record.family_name,
        "givenName": record.given_name,
        "alternateName": record.aliases,
        "description": record.description,
    }
    return without_empty(identified(data, record, absolute))


def organisation(record, absolute):
    data = {
        "@type": "Organization",
        "name": record.name,
        "alternateName": record.aliases,
        "description": record.description,
        "parentOrganization": reference(record.parent, absolute, "Organization"),
        "location": reference(record.place, absolute, "Place"),
    }
    return without_empty(identified(data, record, absolute))


def place(record, absolute):
    data = {
        "@type": "Place",
        "name": record.name,
        "alternateName": record.aliases,
        "containedInPlace": reference(record.parent, absolute, "Place"),
    }
    return without_empty(identified(data, record, absolute))


def source(record, absolute):
    """The source a record is based on: a news article or another creative work."""
    data = {
        "@type": "NewsArticle" if record.kind == Source.Kind.NEWS else "CreativeWork",
        "name": record.title,
        "url": absolute(record.get_absolute_url()),
        "sameAs": record.web_url,
        "inLanguage": record.language,
        "datePublished": iso_partial_date(record.published_on, record.published_on_precision),
        "publisher": reference(record.publisher, absolute, "Organization"),
    }
    return without_empty(data)


def quotation(statement, absolute):
    """A statement as a Quotation: its words, who said them and the source."""
    speaker = statement.speaker
    data = {
        "@type": "Quotation",
        "text": statement.text,
        "url": absolute(statement.get_absolute_url()),
        "spokenByCharacter": person(speaker, absolute)
        if speaker is not None and speaker.is_published
        else None,
        "isBasedOn": source(statement.source, absolute) if statement.source.is_published else None,
    }
    return without_empty(data)
