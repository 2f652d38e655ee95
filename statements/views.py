from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from entities import exports, linked_data
from entities.exports import url_of
from entities.models import (
    Organisation,
    Place,
    Project,
    person_name,
    person_name_sql,
    slug_url,
    union_of,
)
from entities.views import PublishedDetailView, RecordList

from . import filters
from .models import (
    Indicator,
    Metric,
    Statement,
    display_value,
    with_organisations,
)

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
        return super().get_queryset().rows()

    def paginate_queryset(self, queryset, page_size):
        """The page's statements with their organisations two steps away, in one query."""
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = list(rows)
        with_organisations(page.object_list)
        return paginator, page, page.object_list, is_paginated


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
        # The subject's name by a subquery each, not by three more joins: PostgreSQL took
        # 4.5 ms to plan the page's query with five joins and 2 ms to run it, 0.5 and
        # 0.3 ms so (docs/performance.md).
        return (
            super()
            .get_queryset()
            .select_related("indicator", "source")
            .only(*METRIC_ROW)
            .annotate(subject_name=Coalesce(*(name_of(model, field) for model, field in SUBJECTS)))
        )


#: What a figure's row shows (metric_row.html).
METRIC_ROW = (
    *("slug", "value", "qualifier", "period_label", "indicator", "source"),
    *("indicator__name", "indicator__slug", "indicator__unit", "source__slug"),
)
SUBJECTS = ((Place, "place"), (Organisation, "organisation"), (Project, "project"))


def name_of(model, field):
    """The name of the record of `model` that the row's `field` points to, or NULL."""
    return Subquery(model.objects.filter(pk=OuterRef(field)).values("name")[:1])


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
        # The whole statement and its records: the page shows more than a row.
        return (
            super()
            .get_queryset()
            .select_related("speaker", "speaker_position", "reported_by", "source", "quoting")
            .defer("source__body")
        )

    def get_context_data(self, **kwargs):
        with_organisations([self.object])  # the position's and the publisher's, one query
        return super().get_context_data(mentions=mentions(self.object), **kwargs)


#: What a statement names, as its page lists them: (relation, heading, the model's URL name).
MENTIONS = (
    ("topics", "Topics", "entities:topic-detail"),
    ("organisations", "Organisations mentioned", "entities:organisation-detail"),
    ("places", "Places mentioned", "entities:place-detail"),
    ("projects", "Projects mentioned", "entities:project-detail"),
)


def mentions(statement):
    """[(heading, [(url, name), ...]), ...]: the published records a statement names, in
    name order, read in one query rather than one a kind (each was compiled and sent
    for a handful of rows)."""
    parts = [
        (getattr(statement, relation).published(), ("slug", "name")) for relation, _, _ in MENTIONS
    ]
    found = [[] for _ in MENTIONS]
    for mention, slug, name in union_of(parts, "name"):
        found[mention].append((slug_url(MENTIONS[mention][2], slug), name))
    return [
        (heading, links) for (_, heading, _), links in zip(MENTIONS, found, strict=True) if links
    ]


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
            .order_by("period_end", "period_start", "pk")
            # What the chart and table show, as plain rows: model instances for 200
            # figures and their subjects cost more than the rest of the page.
            .values_list(*CHART_COLUMNS)[:200]
        )
        return super().get_context_data(chart=chart(metrics, self.object.unit), **kwargs)


#: A figure's columns for the chart, in the order chart() reads them.
CHART_COLUMNS = (
    *("pk", "slug", "value", "qualifier", "period_label", "source__slug"),
    *("place__name", "organisation__name", "project__name"),
)


def chart(metrics, unit):
    """An SVG bar chart of the values, one bar per metric in period order, and the
    table beside it, from rows of CHART_COLUMNS. Each row is worked out once, here, for
    both: lookups and filters per bar in the template are slow for hundreds of metrics."""
    rows = []
    for pk, slug, value, qualifier, period, source, *subjects in metrics:
        subject = first_of(*subjects)
        label = f"{subject} — {period or 'no period'}"
        rows.append(
            {
                "subject": subject,
                "period": period,
                "value": value,
                "display": display_value(value, unit, qualifier),
                "url": METRIC_URL(slug),
                "in_source": f"{SOURCE_URL(source)}#metric-{pk}",
                # Truncator(label).chars(42), without its translated ellipsis per call.
                "label": label if len(label) <= 42 else label[:41] + "…",
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
