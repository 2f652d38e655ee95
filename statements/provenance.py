"""Proof that every excerpt is verbatim in its source.

A Statement's text, a Metric's evidence, a Position's evidence and a
ProjectRole's evidence must each be found, character for character, in the body
of the Source they cite. Where one is found, its character offset is recorded.
"""

from entities.models import Position, ProjectRole

from .models import Metric, Statement

#: The models that quote a source, and the field holding the quotation.
EXCERPTS = {Statement: "text", Metric: "evidence", Position: "evidence", ProjectRole: "evidence"}


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


def violation(record, field=None, source=None):
    """None if the record's excerpt is verbatim in its source, else a message."""
    field = field or EXCERPTS[type(record)]
    excerpt = getattr(record, field)
    if isinstance(record, ProjectRole) and not excerpt:
        return None  # a role may be recorded without a quotation
    source = source or record.source
    if source is None:
        return f"{field} quotes no source"
    if find(excerpt, source.body) is None:
        return (
            f"{field} is not verbatim in {source.slug!r}: {describe_mismatch(excerpt, source.body)}"
        )
    return None


def check_all(models=EXCERPTS):
    """Check every excerpt; record offsets; return (checked, [violation lines])."""
    checked, problems = 0, []
    for model, field in models.items():
        rows = model._default_manager.select_related("source").only(
            "pk", field, "offset", "source__slug", "source__body"
        )
        moved = []
        for record in rows.iterator(chunk_size=2000):
            checked += 1
            problem = violation(record, field)
            if problem:
                label = f"{model._meta.label} {getattr(record, 'slug', record.pk)}"
                problems.append(f"{label}: {problem}")
                continue
            offset = find(getattr(record, field), record.source.body) if record.source else None
            if offset != record.offset:
                record.offset = offset
                moved.append(record)
        model._default_manager.bulk_update(moved, ["offset"], batch_size=1000)
    return checked, problems
