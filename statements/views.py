from decimal import Decimal

from django.utils.text import Truncator

from entities import exports, linked_data
from entities.exports import url_of
from entities.models import person_name, person_name_sql
from entities.views import PublishedDetailView, RecordList

from . import filters
from .models import Indicator, Metric, Statement, display_value

CHART_WIDTH, BAR_HEIGHT, LABEL_WIDTH = 640, 26, 260
SPEAKER = ("speaker__family_name", "speaker__given_name", "speaker__name_order")
SUBJECT_URLS = [url_of(f"entities:{kind}-detail") for kind in ("place", "organisation", "project")]
METRIC_URL, SOURCE_URL = url_of("statements:metric-detail"), url_of("entities:source-detail")


def speaker_name(family_name, given_name, name_order):
    return person_name(family_name, given_name, name_order) if family_name else ""


speaker_name.sql = person_name_sql  # for an export PostgreSQL writes (entities.exports)


def first_of(*values):
    return next((value for value in values if value), "")


def subject_url(*slugs):
    return next((url(slug) for url, slug in zip(SUBJECT_URLS, slugs, strict=True) if slug), "")


subject_url.is_url = True  # made absolute in exports, as url_of's URLs are


class StatementList(RecordList):
    model = Statement
    filterset_class = filters.StatementFilter
    feed = "statements:statement-feed"
    intro = "Who said what: direct quotes and reported speech, each verbatim from its source."
    columns = [
        ("id", "slug"),
        ("speaker", SPEAKER, speaker_name),
        ("speaker_slug", "speaker__slug"),
        ("position", "speaker_position__title"),
        ("reported_by", "reported_by__name"),
        ("kind", "kind"),
        ("text", "text"),
        ("source", "source__slug"),
        ("source_date", "source__published_on"),
        ("source_date_precision", "source__published_on_precision"),
        ("offset", "offset"),
        ("url", ("slug",), url_of("statements:statement-detail")),
    ]

    def get_queryset(self):
        return super().get_queryset().listed()


class MetricList(RecordList):
    model = Metric
    filterset_class = filters.MetricFilter
    feed = "statements:metric-feed"
    intro = "Figures the sources give, in base units, each with its words in the source."
    columns = [
        ("id", "slug"),
        ("indicator", "indicator__slug"),
        ("value", ("value",), exports.number),
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
    schema = staticmethod(linked_data.quotation)

    def get_queryset(self):
        return super().get_queryset().listed().select_related("quoting")


class MetricDetail(PublishedDetailView):
    model = Metric

    def get_queryset(self):
        related = ("indicator", "place", "organisation", "project", "source")
        return super().get_queryset().select_related(*related)


class IndicatorDetail(PublishedDetailView):
    model = Indicator

    def get_context_data(self, **kwargs):
        metrics = (
            self.object.metrics.published()
            .select_related("place", "organisation", "project", "source")
            # What the chart and table show, not whole rows.
            .only(
                *("slug", "value", "qualifier", "period_label", "indicator", "source__slug"),
                *("place__name", "organisation__name", "project__name"),
            )
            .order_by("period_end", "period_start", "pk")[:200]
        )
        return super().get_context_data(chart=chart(metrics), **kwargs)


def chart(metrics):
    """An SVG bar chart of the values, one bar per metric in period order, and the
    table beside it. Each row is worked out once, here, for both: lookups and filters
    per bar in the template are slow for hundreds of metrics."""
    rows = []
    for metric in metrics:
        label = f"{metric.subject} — {metric.period_label or 'no period'}"
        rows.append(
            {
                "subject": metric.subject,
                "period": metric.period_label,
                "value": metric.value,
                "display": metric.display_value,
                "url": METRIC_URL(metric.slug),
                "in_source": f"{SOURCE_URL(metric.source.slug)}#metric-{metric.pk}",
                "label": Truncator(label).chars(42),
            }
        )
    if not rows:
        return None
    top = max(abs(row["value"]) for row in rows) or Decimal(1)
    for number, row in enumerate(rows):
        width = max(float(abs(row["value"]) / top) * (CHART_WIDTH - LABEL_WIDTH - 120), 1)
        # Strings: a number in a template goes through localisation, 200 times a chart.
        row["y"] = str(number * BAR_HEIGHT)
        row["text_y"] = f"{number * BAR_HEIGHT + BAR_HEIGHT * 0.65:.1f}"
        row["width"] = f"{width:.1f}"
        row["value_x"] = f"{LABEL_WIDTH + width + 6:.1f}"
    return {
        "rows": rows,
        "width": CHART_WIDTH,
        "height": len(rows) * BAR_HEIGHT,
        "label_width": str(LABEL_WIDTH),
        "bar_height": str(BAR_HEIGHT - 6),
    }
