from decimal import Decimal

from entities.exports import url_of
from entities.models import person_name
from entities.views import PublishedDetailView, RecordList

from . import filters
from .models import Indicator, Metric, Statement, display_value

CHART_WIDTH, BAR_HEIGHT, LABEL_WIDTH = 640, 26, 260
SPEAKER = ("speaker__family_name", "speaker__given_name", "speaker__name_order")
SUBJECT_URLS = [url_of(f"entities:{kind}-detail") for kind in ("place", "organisation", "project")]


def first_of(*values):
    return next((value for value in values if value), "")


def subject_url(*slugs):
    return next((url(slug) for url, slug in zip(SUBJECT_URLS, slugs, strict=True) if slug), "")


class StatementList(RecordList):
    model = Statement
    filterset_class = filters.StatementFilter
    intro = "Who said what: direct quotes and reported speech, each verbatim from its source."
    columns = [
        ("id", "slug"),
        ("speaker", SPEAKER, lambda *name: person_name(*name) if name[0] else ""),
        ("speaker_slug", "speaker__slug"),
        ("position", "speaker_position__title"),
        ("kind", "kind"),
        ("text", "text"),
        ("source", "source__slug"),
        ("source_date", "source__published_on"),
        ("offset", "offset"),
        ("url", ("slug",), url_of("statements:statement-detail")),
    ]

    def get_queryset(self):
        return super().get_queryset().listed()


class MetricList(RecordList):
    model = Metric
    filterset_class = filters.MetricFilter
    intro = "Figures the sources give, in base units, each with its words in the source."
    columns = [
        ("id", "slug"),
        ("indicator", "indicator__slug"),
        ("value", ("value",), lambda value: value.normalize()),
        ("unit", "indicator__unit"),
        ("qualifier", "qualifier"),
        ("shown_as", ("value", "indicator__unit", "qualifier"), display_value),
        ("period", "period_label"),
        ("period_start", "period_start"),
        ("period_end", "period_end"),
        ("subject", ("place__name", "organisation__name", "project__name"), first_of),
        ("subject_url", ("place__slug", "organisation__slug", "project__slug"), subject_url),
        ("evidence", "evidence"),
        ("source", "source__slug"),
        ("url", ("slug",), url_of("statements:metric-detail")),
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
        ("slug", "slug"),
        ("name", "name"),
        ("unit", "unit"),
        ("description", "description"),
        ("url", ("slug",), url_of("statements:indicator-detail")),
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
            .defer("source__body")
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
