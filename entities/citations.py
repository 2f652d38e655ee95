"""How to cite a record: its permanent link, version and last publication, as plain text,
and a source also as BibTeX, for the "Cite this" block of every record's page."""

import re

SITE = "Shandong Records"


def bibtex_text(value):
    """A value for a BibTeX field: braces and backslashes would end or change it."""
    return re.sub(r"([{}\\\\])", r"\\\1", str(value))


def citation(record, permalink):
    published = record.published_at
    when = f"{published:%d %B %Y}".lstrip("0") if published else ""
    plain = (
        f"“{record}”. {SITE}, version {record.version}"
        + (f", last published {when}" if when else "")
        + f". {permalink}"
    )
    cite = {"permalink": permalink, "version": record.version, "published": published}
    cite["plain"] = plain
    if hasattr(record, "body"):  # a source: cite the original
        cite["bibtex"] = source_bibtex(record, permalink)
    return cite


def source_bibtex(source, permalink):
    fields = [("title", source.title)]
    if source.publisher_id and source.publisher.is_published:
        fields.append(("organization", source.publisher.name))
    fields.append(("year", source.published_on.year))
    if source.published_on_precision in ("day", "month"):
        fields.append(("month", source.published_on.month))
    if source.published_on_precision == "day":
        fields.append(("day", source.published_on.day))
    if source.web_url:
        fields.append(("url", source.web_url))
    fields.append(("note", f"Kept whole in {SITE}: {permalink}"))
    body = ",\n".join(f"  {name} = {{{bibtex_text(value)}}}" for name, value in fields)
    return f"@misc{{{source.slug},\n{body}\n}}"
