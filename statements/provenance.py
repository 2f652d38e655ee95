"""Proof that every excerpt is verbatim in its source.

A Statement's text, a Metric's evidence, a Position's evidence and a
ProjectRole's evidence must each be found, character for character, in the body
of the Source they cite. Where one is found, its character offset is recorded.
"""

from entities import excerpts
from entities.models import Position, ProjectRole

from .models import Metric, Statement

#: The models that quote a source, and the field holding the quotation.
EXCERPTS = {Statement: "text", Metric: "evidence", Position: "evidence", ProjectRole: "evidence"}


def check_all(models=EXCERPTS):
    """Check every excerpt; record offsets; return (checked, [violation lines])."""
    checked, problems = 0, []
    for model, field in models.items():
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
