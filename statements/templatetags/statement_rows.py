"""`{% statement_row statement %}`: a statement as every page lists it.

Written in Python with format_html (entities.markup's: Django's without its lazy-text
wrapper), which escapes every value as the template language does, because a list
renders twenty to a hundred rows and a template of some forty nodes a row was a third
of the page's time (docs/performance.md).
"""

from django import template

from entities.markup import format_html

register = template.Library()


def named(record):
    """A related record's name, linked to its page only while it is published."""
    if record.is_published:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record)
    return format_html("{}", record)


def speaker_of(statement):
    """Who said it: the speaker with their position and its organisation, or whom the
    source gives as reporting it."""
    if statement.speaker:
        position = statement.speaker_position
        if not position:
            return named(statement.speaker)
        organisation = position.organisation
        if organisation and organisation.is_published:
            return format_html("{}, {}, {}", named(statement.speaker), position.title, organisation)
        return format_html("{}, {}", named(statement.speaker), position.title)
    if statement.reported_by:
        return format_html("According to {}", named(statement.reported_by))
    return "Unattributed"


def source_of(statement, under_source):
    """Where it was said: the source's title, publisher and date, linked to the passage;
    under the source's own heading, only the link."""
    source = statement.source
    anchor = f"{source.get_absolute_url()}#statement-{statement.pk}"
    if under_source:
        return format_html('<a href="{}">see in source</a>', anchor)
    publisher = source.publisher
    if publisher and publisher.is_published:
        return format_html(
            '<a href="{}">{}</a>, {}, {}', anchor, source.title, publisher, source.published_display
        )
    return format_html('<a href="{}">{}</a>, {}', anchor, source.title, source.published_display)


@register.simple_tag
def statement_row(statement, under_source=False):
    quoted = "“{}”" if statement.kind == "quote" else "{}"
    return format_html(
        '<article class="statement">\n'
        '  <blockquote class="{}">' + quoted + "</blockquote>\n"
        '  <p class="meta">\n    {}\n    · {}\n  </p>\n'
        '  <p class="meta source">{}\n    · <a href="{}">record</a>\n  </p>\n'
        "</article>\n",
        statement.kind,
        statement.text,
        speaker_of(statement),
        statement.get_kind_display(),
        source_of(statement, under_source),
        statement.get_absolute_url(),
    )
