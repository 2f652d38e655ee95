"""Verbatim excerpts of a source: which records quote one, finding them, explaining a
mismatch, highlighting.

A model whose records quote their `source` declares the field that holds the words, as
`excerpt_field` (a Statement's text; the evidence of a Metric, Position or ProjectRole).
Those words must be found character for character in the Source's body.
"""

from django.apps import apps
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


def quoting():
    """{model: its excerpt field} for every model that quotes a source."""
    return {
        model: model.excerpt_field
        for model in apps.get_models()
        if getattr(model, "excerpt_field", None)
    }


def spans(body, records):
    """(offset, length, anchor, url) of each record's excerpt in `body`, for highlight():
    the anchor is "<model name>-<id>", which "see in source" links point to."""
    found = []
    for record in records:
        text = getattr(record, record.excerpt_field)
        if (offset := find(text, body)) is not None:
            anchor = f"{record._meta.model_name}-{record.pk}"
            found.append((offset, len(text), anchor, record.get_absolute_url()))
    return found


def find(excerpt, body):
    """The offset of `excerpt` in `body`, or None."""
    if not excerpt:
        return None
    offset = body.find(excerpt)
    return None if offset < 0 else offset


def describe_mismatch(excerpt, body):
    """Say where `excerpt` stops matching the source.

    The longest prefix of the excerpt that occurs in the body is found by
    bisection (if a prefix occurs, every shorter one does too).
    """
    if not excerpt:
        return "it is empty"
    low, high = 0, len(excerpt)
    while low < high:
        mid = (low + high + 1) // 2
        if excerpt[:mid] in body:
            low = mid
        else:
            high = mid - 1
    if low == 0:
        return f"not even its first character {excerpt[0]!r} is in the source"
    at = body.find(excerpt[:low])
    return (
        f"the first {low} characters match the source at character {at}; "
        f"then it has {excerpt[low : low + 30]!r} where the source has "
        f"{body[at + low : at + low + 30]!r}"
    )


def problem(excerpt, source, field):
    """None if `excerpt` is verbatim in `source`, else what is wrong with it."""
    if source is None:
        return f"{field} quotes no source"
    if find(excerpt, source.body) is None:
        return (
            f"{field} is not verbatim in {source.slug!r}: {describe_mismatch(excerpt, source.body)}"
        )
    return None


def highlight(body, spans, start=0, end=None):
    """HTML of body[start:end], escaped, with each span in a <mark> of its own.

    A span is (offset, length, id) or (offset, length, id, url); with a url the words
    link to the record. Spans may nest or overlap (a quote inside a quote): the text is
    cut at every span's edges and each piece is wrapped in a mark per span covering it,
    so every record keeps its anchor (the id, on its first piece). A piece links to the
    innermost record covering it, as links may not nest.
    """
    end = len(body) if end is None else end
    spans = [span for span in spans if span[0] < end and span[0] + span[1] > start]
    edges = {start, end}
    for offset, length, *_ in spans:
        edges.update((min(max(offset, start), end), min(max(offset + length, start), end)))
    cuts = sorted(edges)
    parts = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        covering = sorted(
            (s for s in spans if s[0] <= left and right <= s[0] + s[1]), key=lambda s: s[1]
        )
        piece = escape(body[left:right])
        if covering and len(covering[0]) > 3:
            piece = format_html('<a href="{}">{}</a>', covering[0][3], piece)
        for offset, _length, ident, *_url in covering:
            first = left == max(offset, start)
            piece = format_html(
                "<mark{}>{}</mark>", format_html(' id="{}"', ident) if first else "", piece
            )
        parts.append(piece)
    return mark_safe("".join(parts))


def in_context(body, offset, length, ident="excerpt", margin=300):
    """The excerpt highlighted within the passage around it, with ellipses where cut."""
    start = max(0, offset - margin)
    end = min(len(body), offset + length + margin)
    html = highlight(body, [(offset, length, ident)], start, end)
    return format_html("{}{}{}", "… " if start > 0 else "", html, " …" if end < len(body) else "")
