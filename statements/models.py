"""What the sources say: figures (Indicator, Metric) and words (Statement).

Every Metric's evidence and every Statement's text is a verbatim excerpt of its
Source's body; `manage.py check_provenance` proves it.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Upper
from django.utils.text import Truncator

from entities import excerpts
from entities.models import (
    Curated,
    CuratedQuerySet,
    Organisation,
    Person,
    Place,
    Position,
    Project,
    Source,
    Topic,
    slug_url,
    unique_slug,
)


class Indicator(Curated):
    """What is measured: "High-tech enterprises" (count), "Revenue" (RMB)."""

    class Unit(models.TextChoices):
        COUNT = "count", "count"
        RMB = "rmb", "RMB"
        USD = "usd", "US$"
        EUR = "eur", "€"
        GBP = "gbp", "£"
        HKD = "hkd", "HK$"
        PERCENT = "percent", "%"
        TONNES = "tonnes", "tonnes"
        TEU = "teu", "TEU"
        TEU_H = "teu_h", "TEU per hour"
        M = "m", "m"
        KM = "km", "km"
        M2 = "m2", "m²"
        KM2 = "km2", "km²"
        M3 = "m3", "m³"
        KM_H = "km_h", "km/h"
        MPH = "mph", "mph"
        KG = "kg", "kg"
        KW = "kw", "kW"
        MW = "mw", "MW"
        GW = "gw", "GW"
        KWH = "kwh", "kWh"
        MWH = "mwh", "MWh"
        GWH = "gwh", "GWh"
        KV = "kv", "kV"
        HA = "ha", "ha"
        MU = "mu", "mu"
        PP = "pp", "percentage points"
        YEARS = "years", "years"
        MONTHS = "months", "months"
        DAYS = "days", "days"
        HOURS = "hours", "hours"
        MINUTES = "minutes", "minutes"
        TIMES = "times", "times"
        FRACTION = "fraction", "of the whole"
        OTHER = "other", "other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.COUNT)
    description = models.TextField(blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="indicators")

    #: What text search looks in (entities/search.py).
    search_fields = ("name", "description")

    class Meta(Curated.Meta):
        ordering = ["name"]
        indexes = [
            # The default ordering.
            models.Index(fields=["name"], name="indicator_name"),
            # Matching a name in any case (ingest: Records.indicator).
            models.Index(Upper("name"), name="indicator_name_upper"),
            # A filter's slug in any case: entities.filters.matching.
            models.Index(Upper("slug"), name="indicator_slug_upper"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("statements:indicator-detail", self.slug)


class Metric(Curated):
    """One value of an indicator for one subject and period, as a source gives it."""

    class Qualifier(models.TextChoices):
        EXACT = "exact", "exactly"
        ABOUT = "about", "about"
        OVER = "over", "over"
        EXCEEDED = "exceeded", "exceeded"
        UNDER = "under", "under"
        AT_LEAST = "at_least", "at least"
        UP_TO = "up_to", "up to"
        RANGE_LOW = "range_low", "from"  # a range is two metrics: its low end ...
        RANGE_HIGH = "range_high", "to"  # ... and its high end

    slug = models.SlugField(max_length=200, unique=True, blank=True)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="metrics")
    value = models.DecimalField(
        max_digits=24,
        decimal_places=4,
        help_text="In base units: RMB 50 billion is 50000000000; 25.1 percent is 25.1.",
    )
    qualifier = models.CharField(max_length=10, choices=Qualifier.choices, default="exact")
    period_label = models.CharField(max_length=100, blank=True, help_text='"Q1 2024", "2022".')
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="metrics"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="metrics"
    )
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="metrics"
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="metrics")
    evidence = models.TextField(help_text="The words of the source that give this figure.")
    offset = models.PositiveIntegerField(null=True, blank=True, editable=False)
    topics = models.ManyToManyField(Topic, blank=True, related_name="metrics")

    #: What text search looks in (entities/search.py).
    search_fields = ("evidence", "period_label")
    #: The field holding its words of the source (entities/excerpts.py).
    excerpt_field = "evidence"

    class Meta(Curated.Meta):
        # "Figures" on every page, the menu and the admin: the word readers use.
        verbose_name = "figure"
        verbose_name_plural = "figures"
        # Ids, not "indicator" (which sorts by the indicator's name through a join):
        # served by the index below.
        ordering = ["indicator_id", "-period_start", "id"]
        indexes = [
            # An indicator's values over time: the default ordering and the indicator page.
            models.Index(
                fields=["indicator", "-period_start", "id"], name="metric_indicator_period"
            ),
            models.Index(
                fields=["indicator", "-period_start", "id"],
                name="metric_public",
                condition=Q(status="published"),
            ),
            # The figures feed: the newest published first (statements/feeds.py).
            models.Index(
                fields=["-published_at", "-id"],
                name="metric_newest",
                condition=Q(status="published", published_at__isnull=False),
            ),
        ]
        constraints = [
            # A figure is about exactly one thing: a place, an organisation or a project.
            models.CheckConstraint(
                condition=(
                    Q(place__isnull=False, organisation__isnull=True, project__isnull=True)
                    | Q(place__isnull=True, organisation__isnull=False, project__isnull=True)
                    | Q(place__isnull=True, organisation__isnull=True, project__isnull=False)
                ),
                name="metric_has_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="metric_period_end_not_before_start",
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.display_value} ({self.subject})"

    def get_absolute_url(self):
        return slug_url("statements:metric-detail", self.slug)

    @property
    def subject(self):
        return self.place or self.organisation or self.project

    @property
    def display_value(self):
        """The value as a reader expects it: "RMB 50 billion", "25.1%", "7.4 km²"."""
        return display_value(self.value, self.indicator.unit, self.qualifier)

    def clean(self):
        subjects = [f for f in ("place", "organisation", "project") if getattr(self, f + "_id")]
        if len(subjects) != 1:
            message = "Choose exactly one subject: a place, an organisation or a project."
            raise ValidationError(dict.fromkeys(subjects or ["place"], message))

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Metric, f"{self.indicator.slug} {self.subject} {self.period_label}"
            )
        super().save(*args, **kwargs)


#: Currencies, written before the amount.
CURRENCIES = {"rmb": "RMB", "usd": "US$", "eur": "€", "gbp": "£", "hkd": "HK$"}
# The choices as plain strings, looked up once: display_value() runs for every figure of
# a chart, an export or an API page, and each lookup of an enum member or of `choices`
# costs more than the formatting (docs/performance.md).
EXACT = Metric.Qualifier.EXACT.value
QUALIFIER_WORDS = dict(Metric.Qualifier.choices)
UNIT_LABELS = dict(Indicator.Unit.choices)
PERCENT = Indicator.Unit.PERCENT.value
PLAIN_UNITS = {Indicator.Unit.COUNT.value, Indicator.Unit.OTHER.value, ""}
SIZES = (
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
)


def display_value(value, unit, qualifier):
    # A qualifier written straight into the database is shown as it is, not refused.
    words = "" if qualifier == EXACT else QUALIFIER_WORDS.get(qualifier, qualifier)
    return " ".join(part for part in (words, format_number(value, unit)) if part)


def format_number(value, unit):
    value = Decimal(value).normalize()
    if unit == PERCENT:
        return f"{value:f}%"
    if unit in CURRENCIES:
        for size, word in SIZES:
            if abs(value) >= size:
                return f"{CURRENCIES[unit]} {(value / size).normalize():f} {word}"
        return f"{CURRENCIES[unit]} {value:,f}"
    number = f"{int(value):,}" if value == value.to_integral_value() else f"{value:,f}"
    if unit in PLAIN_UNITS:
        return number
    # A unit written straight into the database is shown as it is, not refused.
    return f"{number} {UNIT_LABELS.get(unit, unit)}"


class StatementQuerySet(CuratedQuerySet):
    #: The columns a statement's row shows (statement_rows.py), one step away at most:
    #: a model instance of every column costs more to make than the row to write.
    ROW = (
        *("kind", "text", "slug", "speaker", "speaker_position", "reported_by", "source"),
        *("speaker__status", "speaker__slug", "speaker__family_name", "speaker__given_name"),
        *("speaker__name_order", "speaker_position__title", "speaker_position__organisation"),
        *("reported_by__status", "reported_by__slug", "reported_by__name"),
        *("source__slug", "source__title", "source__published_on"),
        *("source__published_on_precision", "source__publisher"),
    )
    #: What a row shows of an organisation two steps away (with_organisations).
    ORGANISATION = ("status", "slug", "name")

    def rows(self):
        """A statement's row one step away: speaker, position, reporter and source, the
        columns it shows only. The organisations two steps away (the position's and the
        publisher) come from with_organisations(): two more joins take PostgreSQL longer
        to plan than their query takes to run (docs/performance.md)."""
        return self.select_related("speaker", "speaker_position", "reported_by", "source").only(
            *self.ROW
        )

    def shown(self, n, *more):
        """The first `n` statements of this queryset and of each of `more`, without
        repeats, with their organisations, for a page that shows a few.

        In three cheap queries however the queryset is filtered: the statements' ids in
        its order (one table, quick to plan), their rows by primary key, and the
        organisations they show from two steps away. Planning one query that both
        filters through a join and joins a row's records cost PostgreSQL about 8 ms,
        more than running it (docs/performance.md)."""
        ids = []
        for queryset in (self, *more):
            ids += queryset.values_list("pk", flat=True)[:n]
        ids = list(dict.fromkeys(ids))[:n]
        found = self.model.objects.rows().in_bulk(ids)
        statements = [found[pk] for pk in ids if pk in found]  # unless deleted meanwhile
        with_organisations(statements)
        return statements


def with_organisations(statements):
    """Give `statements` (from `rows()`) their positions' organisations and their
    sources' publishers, in one query."""
    positions = [s.speaker_position for s in statements if s.speaker_position]
    sources = [s.source for s in statements]
    ids = {p.organisation_id for p in positions} | {s.publisher_id for s in sources}
    found = Organisation.objects.only(*StatementQuerySet.ORGANISATION).in_bulk(ids - {None})
    for position in positions:
        position.organisation = found.get(position.organisation_id)
    for source in sources:
        source.publisher = found.get(source.publisher_id)


class Statement(Curated):
    """Words a person said, quoted directly or reported, as a source gives them."""

    class Kind(models.TextChoices):
        QUOTE = "quote", "Direct quote"
        PARAPHRASE = "paraphrase", "Paraphrase"

    slug = models.SlugField(max_length=200, unique=True, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="statements")
    speaker = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="statements"
    )
    speaker_position = models.ForeignKey(
        Position,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
        help_text="The speaker's position when speaking.",
    )
    reported_by = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_statements",
        help_text="When the source gives an organisation, not a person, as the origin of "
        "reported words: “…, according to China Daily”.",
    )
    text = models.TextField(help_text="Verbatim: for a quote, exactly what is between the marks.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.QUOTE)
    quoting = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quoted_in",
        help_text="When the speaker repeats someone else's words, whose they are.",
    )
    said_on = models.DateField(null=True, blank=True)
    context = models.TextField(blank=True, help_text="Where and why it was said.")
    topics = models.ManyToManyField(Topic, blank=True, related_name="statements")
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="mentioned_in", help_text="Mentioned in it."
    )
    places = models.ManyToManyField(Place, blank=True, related_name="mentioned_in")
    projects = models.ManyToManyField(Project, blank=True, related_name="mentioned_in")
    offset = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Where the text starts in the source."
    )

    objects = StatementQuerySet.as_manager()

    #: What text search looks in (entities/search.py).
    search_fields = ("text",)
    #: The field holding its words of the source (entities/excerpts.py).
    excerpt_field = "text"

    class Meta(Curated.Meta):
        # Ids, not "source" (which sorts by the source's date through a join): served by
        # statement_source_order.
        ordering = ["source_id", "offset", "id"]
        indexes = [
            # The default ordering: statements in the order their source gives them.
            models.Index(fields=["source", "offset", "id"], name="statement_source_order"),
            # The API's order, the same with no offset first on every database
            # (api.views.StatementViewSet): without it, its first page sorted every row.
            models.Index(
                F("source"),
                Coalesce("offset", Value(-1)),
                F("id"),
                name="statement_api_order",
                condition=Q(status="published"),
            ),
            # The public list reads published rows in this order: an index of those alone.
            models.Index(
                fields=["source", "offset", "id"],
                name="statement_public",
                condition=Q(status="published"),
            ),
            # The kind filter (quotes or paraphrases) of the admin and the site.
            models.Index(fields=["kind", "source", "offset"], name="statement_kind"),
            # Counting a topic's published quotes checks each linked statement's status
            # and kind: from this index alone, not the table (with migration 0009's).
            models.Index(
                fields=["id", "kind"],
                name="statement_published_kind",
                condition=Q(status="published"),
            ),
            # The statements feed: the newest published first (statements/feeds.py).
            models.Index(
                fields=["-published_at", "-id"],
                name="statement_newest",
                condition=Q(status="published", published_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.speaker or 'Unattributed'}: “{Truncator(self.text).chars(60)}”"

    def get_absolute_url(self):
        return slug_url("statements:statement-detail", self.slug)

    def clean(self):
        errors = {}
        if self.speaker_position_id and self.speaker_position.person_id != self.speaker_id:
            errors["speaker_position"] = "This position belongs to someone else."
        if self.source_id and (problem := excerpts.problem(self.text, self.source, "text")):
            errors["text"] = problem
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Statement, f"{self.speaker or 'statement'} {self.source.slug}")
        super().save(*args, **kwargs)
