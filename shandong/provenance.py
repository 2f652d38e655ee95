"""Proof that every excerpt is verbatim in its source.

The excerpt of every model that quotes a source (entities.excerpts.quoting: a
Statement's text, the evidence of a Metric, Position or ProjectRole) must be found,
character for character, in the body of the Source it cites. Where one is found, its
character offset is recorded.
"""

from entities import excerpts
from entities.models import ProjectRole


def check_all(models=None):
    """Check every excerpt; record offsets; return (checked, [violation lines])."""
    checked, problems = 0, []
    for model, field in (models or excerpts.quoting()).items():
        rows = model._default_manager.select_related("source").only(
            "pk", field, "offset", "source__slug", "source__body"
        )
        moved = []
        for record in rows.iterator(chunk_size=2000):
            text = getattr(record, field)
            if isinstance(record, ProjectRole) and not text:
                continue  # a role may be recorded without a quotation
            checked += 1
            problem = excerpts.problem(text, record.source, field)
            if problem:
                label = f"{model._meta.label} {getattr(record, 'slug', record.pk)}"
                problems.append(f"{label}: {problem}")
            elif record.offset != (offset := excerpts.find(text, record.source.body)):
                record.offset = offset
                moved.append(record)
        model._default_manager.bulk_update(moved, ["offset"], batch_size=1000)
    return checked, problems
