"""What ingest proposes from an article, and what curators decided about it."""

from django.db import models

from entities.models import Source
from statements.models import Metric, Statement


class Proposal(models.Model):
    """A span of a source that a rule proposes as a quote, a paraphrase or a figure.

    While proposed, its draft record (a Statement or a Metric) exists; accepting moves
    the record on in the review workflow, rejecting deletes it. A proposal is never
    deleted: a rejected span stays rejected, so ingesting the source again does not
    propose it again.
    """

    class Kind(models.TextChoices):
        QUOTE = "quote", "direct quote"
        PARAPHRASE = "paraphrase", "paraphrase"
        FIGURE = "figure", "figure"

    class State(models.TextChoices):
        PROPOSED = "proposed", "proposed"
        ACCEPTED = "accepted", "accepted"
        REJECTED = "rejected", "rejected"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    start = models.PositiveIntegerField(help_text="Where the span starts in the source's body.")
    end = models.PositiveIntegerField()
    rule = models.CharField(max_length=50, help_text="The extraction rule that proposed it.")
    confidence = models.DecimalField(max_digits=3, decimal_places=2)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PROPOSED, db_index=True
    )
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    metric = models.ForeignKey(
        Metric, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: What the rule found besides the span: speaker and title, or value, unit,
    #: qualifier, indicator and subject; and "needs" when a record could not be made.
    found = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["source", "start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "start", "end"], name="proposal_unique_span"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="proposal_span_not_empty"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def text(self):
        return self.source.body[self.start : self.end]

    @property
    def record(self):
        return self.statement or self.metric
