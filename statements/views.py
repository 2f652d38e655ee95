from decimal import Decimal

from entities.views import PublishedDetailView, RecordList

from . import filters
from .models import Indicator, Metric, Statement

CHART_WIDTH, BAR_HEIGHT, LABEL_WIDTH = 640, 26, 260


class StatementList(RecordList):
    model = Statement
    filterset_class = filters.StatementFilter
    intro = "Who said what: direct quotes and reported speech, each verbatim from its source."
    columns = [
        ("id", lambda s: s.slug),
        ("speaker", lambda s: s.speaker.name if s.speaker else ""),
        ("speaker_slug", lambda s: s.speaker.slug if s.speaker else ""),
        ("position", lambda s: s.speaker_position.title if s.speaker_position else ""),
        ("kind", lambda s: s.kind),
        ("text", lambda s: s.text),
        ("source", lambda s: s.source.slug),
        ("source_date", lambda s: s.source.published_on.isoformat()),
        ("offset", lambda s: s.offset),
        ("url", lambda s: s.get_absolute_url()),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("speaker", "speaker_position", "source")
            .defer("source__body")
        )


class MetricList(RecordList):
    model = Metric
    filterset_class = filters.MetricFilter
    intro = "Figures the sources give, in base units, each with its words in the source."
    columns = [
        ("id", lambda m: m.slug),
        ("indicator", lambda m: m.indicator.slug),
        ("value", lambda m: m.value.normalize()),
        ("unit", lambda m: m.indicator.unit),
        ("qualifier", lambda m: m.qualifier),
        ("shown_as", lambda m: m.display_value),
        ("period", lambda m: m.period_label),
        ("period_start", lambda m: m.period_start),
        ("period_end", lambda m: m.period_end),
        ("subject", lambda m: str(m.subject)),
        ("subject_url", lambda m: m.subject.get_absolute_url()),
        ("evidence", lambda m: m.evidence),
        ("source", lambda m: m.source.slug),
        ("url", lambda m: m.get_absolute_url()),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("indicator", "place", "organisation", "project", "source")
            .defer("source__body")
        )


class IndicatorList(RecordList):
    model = Indicator
    filterset_class = filters.IndicatorFilter
    intro = "What the figures measure, and in which unit."
    columns = [
        ("slug", lambda i: i.slug),
        ("name", lambda i: i.name),
        ("unit", lambda i: i.unit),
        ("description", lambda i: i.description),
        ("url", lambda i: i.get_absolute_url()),
    ]


class StatementDetail(PublishedDetailView):
    model = Statement

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "speaker", "speaker_position__organisation", "quoting", "source__publisher"
            )
        )


class MetricDetail(PublishedDetailView):
    model = Metric

    def get_queryset(self):
        related = ("indicator", "place", "organisation", "project", "source")
        return super().get_queryset().select_related(*related)


class IndicatorDetail(PublishedDetailView):
    model = Indicator

    def get_context_data(self, **kwargs):
        metrics = list(
            self.object.metrics.published()
            .select_related("place", "organisation", "project", "source")
            .order_by("period_end", "period_start", "pk")[:200]
        )
        return super().get_context_data(metrics=metrics, chart=chart(metrics), **kwargs)


def chart(metrics):
    """Bars for an SVG chart of the values: one per metric, in period order."""
    if not metrics:
        return None
    top = max(abs(m.value) for m in metrics) or Decimal(1)
    bars = []
    for row, metric in enumerate(metrics):
        width = float(abs(metric.value) / top) * (CHART_WIDTH - LABEL_WIDTH - 120)
        bars.append(
            {
                "y": row * BAR_HEIGHT,
                "text_y": row * BAR_HEIGHT + BAR_HEIGHT * 0.65,
                "width": max(width, 1),
                "value_x": LABEL_WIDTH + max(width, 1) + 6,
                "label": f"{metric.subject} — {metric.period_label or 'no period'}",
                "value": metric.display_value,
                "metric": metric,
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": len(bars) * BAR_HEIGHT,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT - 6,
    }
