"""The world the sources talk about: places, organisations, people, projects,
topics, and the sources themselves.

Every model here but ProjectRole is *curated*: it carries a review status, a
version used to refuse stale edits, private curator notes, timestamps and a full
history (see `Curated`).
"""

import functools
import json
from collections import defaultdict
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import connections, models
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import MD5, Concat, Lower, Upper
from django.db.models.lookups import Exact, GreaterThan
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from . import excerpts


@functools.cache
def _around_slug(viewname, script_prefix):
    return reverse(viewname, args=["SLUG"]).rsplit("SLUG", 1)


def slug_url(viewname, slug):
    """`reverse(viewname, args=[slug])` for a URL of one slug, from a cached template.

    reverse() is slow for a page that links hundreds of records (docs/performance.md,
    indicator page). Slugs need no quoting.
    """
    before, after = _around_slug(viewname, get_script_prefix())
    return f"{before}{slug}{after}"


def union_of(parts, *order):
    """The rows of several querysets in one query (UNION ALL), each as (n, *values), n
    the number of the part it comes from, in part order, then in `order` (columns the
    parts select). `parts` are (queryset, columns) pairs, the columns alike in number
    and type: a page's short lists, each compiled and sent for a handful of rows, cost
    more than one query of them all (docs/performance.md)."""
    queries = [
        queryset.order_by()
        .annotate(part=Value(n, output_field=IntegerField()))
        .values_list("part", *columns)
        for n, (queryset, columns) in enumerate(parts)
    ]
    union = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    return union.order_by("part", *order)


NAMES_MESSAGE = 'Enter the names as a list of text in JSON, such as ["Jinan", "济南"].'


def validate_names(value):
    """Other names (`aliases`) are a list of text, which search and the exports expect:
    not `null`, a number, a text or an object, nor a name with a NUL, which
    PostgreSQL's jsonb refuses. The admin's form field (forms.NamesField) and the
    models check the same rule."""
    if not isinstance(value, list) or not all(
        isinstance(name, str) and "\x00" not in name for name in value
    ):
        raise ValidationError(NAMES_MESSAGE, code="not_names")  # "invalid" is JSONField's own


#: A Wikidata item's id, "Q" and a number without leading zeros. \Z, not $, which
#: would let a trailing newline through.
validate_wikidata_id = RegexValidator(
    r"^Q[1-9][0-9]*\Z",
    message="Wikidata id: enter an item's Q-number, such as Q42.",
    code="invalid_wikidata_id",
)


def wikidata_id_field():
    return models.CharField(
        "Wikidata id",
        max_length=20,
        blank=True,
        validators=[validate_wikidata_id],
        help_text="The Wikidata item for the same thing, such as Q42; empty if unknown.",
    )


def wikidata_id_unique(name):
    """One record per Wikidata item; many may have none. The code "unique" puts the
    error on the field, beside it in the admin's form."""
    return models.UniqueConstraint(
        fields=["wikidata_id"],
        condition=~Q(wikidata_id=""),
        name=f"{name}_wikidata_id_unique",
        violation_error_code="unique",
        violation_error_message=f"Another {name} has this Wikidata id.",
    )


@property
def wikidata_url(record):
    """The record's Wikidata page, or "" without an id."""
    return f"https://www.wikidata.org/wiki/{record.wikidata_id}" if record.wikidata_id else ""


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


def check_precision(value, precision, field):
    """A partial date is stored as the first day of its month or year."""
    if value is None:
        return {}
    if precision == DatePrecision.MONTH and value.day != 1:
        return {field: "A date known only to the month must be the first day of that month."}
    if precision == DatePrecision.YEAR and (value.month, value.day) != (1, 1):
        return {field: "A date known only to the year must be 1 January of that year."}
    return {}


def format_partial_date(value, precision):
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return value.strftime("%B %Y")
    return f"{value.day} {value:%B %Y}"


def iso_partial_date(value, precision):
    """A date as far as it is known, in ISO 8601: "2020", "2020-05" or "2020-05-03"."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def web_address(url):
    """`url` if it is a web address, else "": never a javascript: or data: one that
    reached the database without the form's validation."""
    return url if url and url.lower().startswith(("https://", "http://")) else ""


def precision_rule(model, field):
    """A date and its precision are set together, or neither is."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True, f"{field}_precision": ""})
        | Q(
            **{f"{field}__isnull": False, f"{field}_precision__in": DatePrecision.values},
        ),
        name=f"{model}_{field}_has_precision",
    )


class CuratedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class NamedQuerySet(CuratedQuerySet):
    """For records with a name and aliases."""

    def named(self, name):
        """Records whose name is `name` in any case, or that have `name` as an alias."""
        return self.filter(Q(name__iexact=name) | self.alias_is(name))

    def named_any(self, names):
        """Records whose name (in any case) or alias is one of many `names`, such as the
        capitalised words of an article. Names through the index of upper-cased names;
        aliases on PostgreSQL through the GIN index of aliases (written as the text writes
        them), and on SQLite, whose tables are small, by reading the records that have
        aliases."""
        upper = {n.upper() for n in names}
        found = list(self.annotate(upper_name=Upper("name")).filter(upper_name__in=upper))
        if connections[self.db].vendor == "postgresql":
            found += self.filter(aliases__has_any_keys=sorted(names))
        else:
            found += [
                record
                for record in self.exclude(aliases=[]).only("name", "aliases", "status")
                if any(alias.upper() in upper for alias in record.aliases)
            ]
        return found

    def alias_is(self, name):
        """The condition "`name`, in any case, is one of the aliases": the name in its
        JSON quotes, found in the aliases' text, on PostgreSQL through the trigram index
        of UPPER(aliases::text). PostgreSQL's text has other alphabets as they are,
        SQLite's has them as \\u escapes, as json.dumps() writes them by default."""
        quoted = json.dumps(name, ensure_ascii=connections[self.db].vendor != "postgresql")
        return Q(aliases__icontains=quoted)


class Curated(models.Model):
    """What every curated record has: review status, version, notes, history."""

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    notes = models.TextField(blank=True, help_text="Private to curators; never shown publicly.")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(inherit=True)

    objects = CuratedQuerySet.as_manager()

    class Meta:
        abstract = True
        # "publish" is the reviewer's right: see the Curator and Reviewer groups.
        default_permissions = ("add", "change", "delete", "view", "publish")

    def save(self, *args, **kwargs):
        # Each save moves the version on, so an edit made from an older copy
        # of the record can be recognised and refused.
        if not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        """Django skips the validators of a blank field whose value is empty (`None`,
        `""`, `{}`), so aliases of `null`, `""` or `{}` passed full_clean(): a field
        checked by validate_names is checked whatever its value."""
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if validate_names not in field.validators or field.name in (exclude or ()):
                continue
            if field.name not in errors:
                try:
                    validate_names(getattr(self, field.attname))
                except ValidationError as error:
                    errors[field.name] = error.error_list
        if errors:
            raise ValidationError(errors)

    def natural_key(self):
        return (self.slug,)

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @classmethod
    def may_publish(cls, user):
        """Whether `user` may publish records of this model: the reviewer's right."""
        return user.has_perm(f"{cls._meta.app_label}.publish_{cls._meta.model_name}")

    #: Review workflow: transition name -> (the statuses it starts from, where it leads).
    TRANSITIONS = {
        "submit_for_review": ({Status.DRAFT}, Status.REVIEW),
        "publish": ({Status.DRAFT, Status.REVIEW}, Status.PUBLISHED),
        "return_to_draft": ({Status.REVIEW, Status.PUBLISHED}, Status.DRAFT),
    }

    def can(self, transition):
        return self.status in self.TRANSITIONS[transition][0]

    # A published record shows the records it refers to (a statement its speaker, a
    # position its organisation): they must be published too, or an edit to one would
    # change a public page with no reviewer involved.

    def unpublished_references(self):
        """What keeps this record from being published: "its speaker “SUN Haisheng”"."""
        found = []
        for field in self._meta.concrete_fields:
            if field.is_relation and issubclass(field.related_model, Curated):
                related = getattr(self, field.name) if getattr(self, field.attname) else None
                if related is not None and not related.is_published:
                    found.append(f"its {field.verbose_name} “{related}” is not published")
        return found

    def published_referrers(self, limit=3):
        """Published records that show this one, so that it must stay published."""
        found = []
        for relation in self._meta.related_objects:
            model = relation.related_model
            if relation.one_to_many and issubclass(model, Curated):
                referring = model._default_manager.filter(
                    **{relation.field.name: self.pk}, status=Status.PUBLISHED
                )
                found += [f"{model._meta.verbose_name} “{r}”" for r in referring[:limit]]
        return found

    def move(self, transition, user):
        """Apply a workflow transition (unsaved). Publishing records who and when."""
        self.status = self.TRANSITIONS[transition][1]
        if self.status == Status.PUBLISHED:
            self.published_at, self.published_by = timezone.now(), user


def check_no_cycle(record, message):
    """A record may not be its own ancestor through `parent`: the database cannot see a
    cycle."""
    node, seen = record.parent, {record.pk}
    while node is not None:
        if node.pk in seen:
            raise ValidationError({"parent": message})
        seen.add(node.pk)
        node = node.parent


class PlaceQuerySet(NamedQuerySet):
    def within(self, place):
        """The ids of `place` and of every place below it."""
        return self._within(place)[0]

    def where_within(self, place, *paths):
        """The condition "one of `paths` (default: place) is `place` or a place below
        it", to filter records by.

        When that is every place (the province), it is "has a place": an IN list of
        thousands of ids is slow to plan in every query of a list page.
        """
        ids, every = self._within(place)
        lookup = ("isnull", False) if len(ids) == every else ("in", ids)
        return reduce(or_, (Q((f"{path}__{lookup[0]}", lookup[1])) for path in paths or ["place"]))

    def _within(self, place):
        """(ids within `place`, the number of places). One query for the whole tree,
        walked here: a province has a few thousand places, and a query per level would
        cost a number of queries that grew with the depth."""
        children, every = defaultdict(list), 0
        for pk, parent in self.order_by().values_list("pk", "parent"):
            children[parent].append(pk)
            every += 1
        ids, level = {place.pk}, [place.pk]
        while level:
            level = [child for pk in level for child in children[pk] if child not in ids]
            ids.update(level)
        return ids, every


class Place(Curated):
    class Kind(models.TextChoices):
        PROVINCE = "province", "Province"
        PREFECTURE_CITY = "prefecture_city", "Prefecture-level city"
        COUNTY_CITY = "county_city", "County-level city"
        DISTRICT = "district", "District"
        DEVELOPMENT_ZONE = "development_zone", "Development zone"
        PORT = "port", "Port"
        SEA = "sea", "Sea"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_zh = models.CharField("Chinese name", max_length=200, blank=True)
    aliases = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_names],
        help_text="Other names the sources use.",
    )
    wikidata_id = wikidata_id_field()

    objects = PlaceQuerySet.as_manager()

    #: What text search looks in (entities/search.py).
    search_fields = ("name", "aliases")

    class Meta(Curated.Meta):
        ordering = ["name"]
        indexes = [
            # The default ordering, and the kind filter of the admin and the site.
            models.Index(fields=["name"], name="place_name"),
            models.Index(
                fields=["name", "id"], name="place_public", condition=Q(status="published")
            ),
            models.Index(fields=["kind", "name"], name="place_kind_name"),
            # Matching a name in any case: Place.objects.named() (ingest).
            models.Index(Upper("name"), name="place_name_upper"),
            # A filter's slug in any case: entities.filters.matching.
            models.Index(Upper("slug"), name="place_slug_upper"),
        ]
        constraints = [wikidata_id_unique("place")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("entities:place-detail", self.slug)

    wikidata_url = wikidata_url

    def clean(self):
        check_no_cycle(self, "A place cannot lie inside itself.")


class Topic(Curated):
    class Kind(models.TextChoices):
        THEME = "theme", "Theme"
        SECTOR = "sector", "Sector"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.THEME)
    description = models.TextField(blank=True)

    #: What text search looks in (entities/search.py).
    search_fields = ("name", "description")

    class Meta(Curated.Meta):
        ordering = ["name"]
        indexes = [
            # The default ordering, and the kind filter of the admin and the site.
            models.Index(fields=["name"], name="topic_name"),
            models.Index(fields=["kind", "name"], name="topic_kind_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("entities:topic-detail", self.slug)


class Organisation(Curated):
    class Kind(models.TextChoices):
        COMPANY = "company", "Company"
        STATE_OWNED = "state_owned", "State-owned enterprise"
        GOVERNMENT = "government", "Government body"
        PARTY = "party", "Party body"
        LEGISLATURE = "legislature", "Legislature"
        UNIVERSITY = "university", "University or school"
        RESEARCH = "research", "Research institute"
        DEVELOPMENT_ZONE = "development_zone", "Development zone"
        INDUSTRIAL_PARK = "industrial_park", "Industrial park"
        MEDIA = "media", "Media"
        ASSOCIATION = "association", "Association"
        OTHER = "other", "Other"

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_names],
        help_text="Other names the sources use.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="organisations")
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    name_zh = models.CharField("Chinese name", max_length=300, blank=True)
    wikidata_id = wikidata_id_field()

    objects = NamedQuerySet.as_manager()

    #: What text search looks in (entities/search.py).
    search_fields = ("name", "aliases", "description")

    class Meta(Curated.Meta):
        ordering = ["name"]
        indexes = [
            # The default ordering, and the kind filter of the admin and the site.
            models.Index(fields=["name"], name="organisation_name"),
            # The public list reads published rows in this order, deep pages included.
            models.Index(
                fields=["name", "id"], name="organisation_public", condition=Q(status="published")
            ),
            models.Index(fields=["kind", "name"], name="organisation_kind_name"),
            # A filter's slug in any case: entities.filters.matching.
            models.Index(Upper("slug"), name="organisation_slug_upper"),
            # Matching a name in any case: Organisation.objects.named() (ingest).
            models.Index(Upper("name"), name="organisation_name_upper"),
        ]
        constraints = [wikidata_id_unique("organisation")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("entities:organisation-detail", self.slug)

    wikidata_url = wikidata_url

    def clean(self):
        check_no_cycle(self, "An organisation cannot be its own parent.")


def name_orders(name):
    """A person's name in either order, lower-cased: "SUN Haisheng" is also "haisheng
    sun"; "Mary Ann Lee" is also "lee mary ann" and "ann lee mary"."""
    words = name.lower().split()
    return {" ".join(words), " ".join(words[1:] + words[:1]), " ".join(words[-1:] + words[:-1])}


def person_name(family_name, given_name, name_order):
    parts = [family_name, given_name]
    if name_order == Person.NameOrder.GIVEN_FIRST:
        parts.reverse()
    return " ".join(part for part in parts if part)


def person_name_sql(family_name, given_name, name_order):
    """person_name() as an SQL expression of the three, NULL without a family name (for
    an export PostgreSQL writes, entities.exports.copy_sql)."""
    name = Case(
        When(Exact(given_name, Value("")), then=family_name),
        When(
            Exact(name_order, Value(Person.NameOrder.GIVEN_FIRST.value)),
            then=Concat(given_name, Value(" "), family_name),
        ),
        default=Concat(family_name, Value(" "), given_name),
        output_field=models.TextField(),
    )
    return Case(
        When(GreaterThan(family_name, Value("")), then=name), output_field=models.TextField()
    )


class PersonQuerySet(NamedQuerySet):
    def named(self, name):
        """People whose name, in either order and any case, is `name` ("SUN Haisheng",
        "Haisheng Sun"), or that have `name` as an alias. The names are compared in
        lower case, as the index person_sort holds them."""
        words = name.lower().split()
        return self.alias(family=Lower("family_name"), given=Lower("given_name")).filter(
            Q(family=words[0], given=" ".join(words[1:]))
            | Q(family=words[-1], given=" ".join(words[:-1]))
            | self.alias_is(name)
        )


class Person(Curated):
    class NameOrder(models.TextChoices):
        FAMILY_FIRST = "family_first", "Family name first"
        GIVEN_FIRST = "given_first", "Given name first"

    family_name = models.CharField(
        max_length=100, help_text='As the source writes it: "SUN" in "SUN Haisheng", "Hou".'
    )
    given_name = models.CharField(max_length=100, blank=True)
    name_order = models.CharField(
        max_length=12, choices=NameOrder.choices, default=NameOrder.FAMILY_FIRST
    )
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_names],
        help_text="Other spellings in sources.",
    )
    name_zh = models.CharField("Chinese name", max_length=100, blank=True)
    description = models.CharField(max_length=300, blank=True)
    wikidata_id = wikidata_id_field()

    objects = PersonQuerySet.as_manager()

    #: What text search looks in (entities/search.py).
    search_fields = ("family_name", "given_name", "aliases")

    class Meta(Curated.Meta):
        verbose_name_plural = "people"
        # Sorting is by family name, whatever its case or position in the name.
        ordering = [Lower("family_name"), Lower("given_name"), "slug"]
        indexes = [
            # The default ordering of every list of people, and matching a name:
            # Person.objects.named() (ingest).
            models.Index(Lower("family_name"), Lower("given_name"), "slug", name="person_sort"),
            # A filter's slug in any case: entities.filters.matching.
            models.Index(Upper("slug"), name="person_slug_upper"),
            models.Index(
                Lower("family_name"),
                Lower("given_name"),
                "slug",
                name="person_public",
                condition=Q(status="published"),
            ),
        ]
        constraints = [wikidata_id_unique("person")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("entities:person-detail", self.slug)

    wikidata_url = wikidata_url

    @property
    def spellings(self):
        """Every way a text may name the person, lower-cased: the name in either order,
        and the aliases."""
        return name_orders(self.name) | {alias.lower() for alias in self.aliases}

    @property
    def name(self):
        """The name as the source writes it: "SUN Haisheng", "Hou Yugang", "Jane Smith"."""
        return person_name(self.family_name, self.given_name, self.name_order)


class SourceQuerySet(CuratedQuerySet):
    def with_body(self, body):
        """Sources whose body is exactly `body`. On PostgreSQL the index of the bodies'
        MD5 digests (migration 0006) finds them without reading every body."""
        return self.alias(body_md5=MD5("body")).filter(body_md5=MD5(Value(body)), body=body)


class Source(Curated):
    class Kind(models.TextChoices):
        NEWS = "news", "News article"
        SPEECH = "speech", "Speech"
        REPORT = "report", "Report"
        OTHER = "other", "Other"

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, unique=True)
    publisher = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="sources"
    )
    published_on = models.DateField(
        help_text="For a partial date, the first day of its month or year."
    )
    published_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    url = models.URLField(max_length=500, blank=True)
    language = models.CharField(max_length=10, default="en", help_text="A language code: en, zh.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NEWS)
    body = models.TextField(help_text="The full text, exactly as published.")

    objects = SourceQuerySet.as_manager()

    #: What text search looks in (entities/search.py).
    search_fields = ("title", "body")

    class Meta(Curated.Meta):
        ordering = ["-published_on", "title"]
        indexes = [
            # The default ordering: newest first.
            models.Index(fields=["-published_on", "title"], name="source_newest"),
            # A filter's slug in any case: entities.filters.matching.
            models.Index(Upper("slug"), name="source_slug_upper"),
            models.Index(
                fields=["-published_on", "title", "id"],
                name="source_public",
                condition=Q(status="published"),
            ),
        ]
        constraints = [
            # Every source date says how much of it is known (day, month or year).
            precision_rule("source", "published_on"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("entities:source-detail", self.slug)

    @property
    def published_display(self):
        return format_partial_date(self.published_on, self.published_on_precision)

    @property
    def web_url(self):
        """The original's address, for a link: only a web address."""
        return web_address(self.url)

    def clean(self):
        errors = check_precision(self.published_on, self.published_on_precision, "published_on")
        if errors:
            raise ValidationError(errors)


class PositionQuerySet(CuratedQuerySet):
    def get_by_natural_key(self, person, organisation, title):
        return self.get(person__slug=person, organisation__slug=organisation, title=title)


class Position(Curated):
    """A role a person holds in an organisation, as a source states it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
        help_text="Empty when the source names the title but not the organisation.",
    )
    title = models.CharField(max_length=300, help_text='For example "Director-General".')
    start = models.DateField(null=True, blank=True)
    start_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    end = models.DateField(null=True, blank=True)
    end_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="positions")
    evidence = models.TextField(help_text="The words of the source that state this position.")
    offset = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Where the evidence starts in the source."
    )

    objects = PositionQuerySet.as_manager()

    #: The field holding its words of the source (entities/excerpts.py).
    excerpt_field = "evidence"

    class Meta(Curated.Meta):
        # By id, not by "person": that would sort by the person's own ordering, through a
        # join no index serves.
        ordering = ["person_id", "title"]
        indexes = [
            # The default ordering: a person's positions together.
            models.Index(fields=["person", "title"], name="position_person_title"),
        ]
        constraints = [
            # One record per person, organisation and title: the natural key.
            models.UniqueConstraint(
                fields=["person", "organisation", "title"], name="position_unique_role"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="position_end_not_before_start",
            ),
            precision_rule("position", "start"),
            precision_rule("position", "end"),
        ]

    def __str__(self):
        return ", ".join(str(part) for part in (self.person, self.title, self.organisation) if part)

    def get_absolute_url(self):
        return self.person.get_absolute_url() + f"#position-{self.pk}"

    def natural_key(self):
        organisation = self.organisation.slug if self.organisation else None
        return (self.person.slug, organisation, self.title)

    natural_key.dependencies = ["entities.person", "entities.organisation"]

    def clean(self):
        errors = {
            **check_precision(self.start, self.start_precision, "start"),
            **check_precision(self.end, self.end_precision, "end"),
        }
        if self.start and self.end and self.end < self.start:
            errors["end"] = "The end of a position cannot be before its start."
        if self.source_id and (problem := excerpts.problem(self.evidence, self.source, "evidence")):
            errors["evidence"] = problem
        if errors:
            raise ValidationError(errors)


class Project(Curated):
    class Kind(models.TextChoices):
        FACILITY = "facility", "Facility"
        INDUSTRIAL_PARK = "industrial_park", "Industrial park"
        CAMPAIGN = "campaign", "Campaign"
        PLAN = "plan", "Plan"
        PRODUCT = "product", "Product"
        TECHNOLOGY = "technology", "Technology"
        PROGRAMME = "programme", "Programme"
        OTHER = "other", "Other"

    class Stage(models.TextChoices):
        PLANNED = "planned", "Planned"
        UNDER_CONSTRUCTION = "under_construction", "Under construction"
        OPERATING = "operating", "Operating"
        COMPLETED = "completed", "Completed"
        UNKNOWN = "unknown", "Unknown"

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_names],
        help_text="Other names the sources use.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.UNKNOWN)
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    description = models.TextField(blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="projects")
    sources = models.ManyToManyField(Source, blank=True, related_name="projects")
    organisations = models.ManyToManyField(
        Organisation, through="ProjectRole", blank=True, related_name="projects"
    )

    objects = NamedQuerySet.as_manager()

    #: What text search looks in (entities/search.py).
    search_fields = ("name", "aliases", "description")

    class Meta(Curated.Meta):
        ordering = ["name"]
        indexes = [
            # The default ordering, and the kind filter of the admin and the site.
            models.Index(fields=["name"], name="project_name"),
            models.Index(
                fields=["name", "id"], name="project_public", condition=Q(status="published")
            ),
            models.Index(fields=["kind", "name"], name="project_kind_name"),
            # Matching a name in any case: Project.objects.named() (ingest).
            models.Index(Upper("name"), name="project_name_upper"),
            # A filter's slug in any case: entities.filters.matching.
            models.Index(Upper("slug"), name="project_slug_upper"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("entities:project-detail", self.slug)


class ProjectRoleQuerySet(models.QuerySet):
    def published(self):
        """The roles the public sees: those of published projects."""
        return self.filter(project__status=Status.PUBLISHED)

    def get_by_natural_key(self, project, organisation, role):
        return self.get(project__slug=project, organisation__slug=organisation, role=role)


class ProjectRole(models.Model):
    """An organisation's part in a project. Edited on its project."""

    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        INVESTOR = "investor", "Investor"
        DEVELOPER = "developer", "Developer"
        OPERATOR = "operator", "Operator"
        PARTNER = "partner", "Partner"
        TENANT = "tenant", "Tenant"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="roles")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="project_roles"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="project_roles"
    )
    evidence = models.TextField(blank=True, help_text="The words of the source that state it.")
    offset = models.PositiveIntegerField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = ProjectRoleQuerySet.as_manager()

    #: The field holding its words of the source, if any (entities/excerpts.py).
    excerpt_field = "evidence"

    class Meta:
        ordering = ["project_id", "role", "organisation_id"]
        indexes = [
            # The default ordering: a project's roles together.
            models.Index(fields=["project", "role", "organisation"], name="projectrole_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"], name="projectrole_unique_role"
            ),
            # Evidence is only meaningful with the source it is quoted from.
            models.CheckConstraint(
                condition=Q(evidence="") | Q(source__isnull=False),
                name="projectrole_evidence_has_source",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.get_role_display()} of {self.project}"

    def get_absolute_url(self):
        return self.project.get_absolute_url() + f"#role-{self.pk}"

    def clean(self):
        problem = (
            self.evidence
            and self.source_id
            and excerpts.problem(self.evidence, self.source, "evidence")
        )
        if problem:
            raise ValidationError({"evidence": problem})

    def natural_key(self):
        return (self.project.slug, self.organisation.slug, self.role)

    natural_key.dependencies = ["entities.project", "entities.organisation"]


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=Revision.State.PENDING)

    def of(self, record):
        """The pending revision of `record`, or None."""
        content_type = ContentType.objects.get_for_model(record)
        return self.pending().filter(content_type=content_type, object_id=record.pk).first()


class Revision(models.Model):
    """Changes to a published record, held until a reviewer publishes or discards them.

    The record's row stays as published, so every public page, export and search shows
    the published version meanwhile (entities/revisions.py). A record has at most one
    pending revision: a second edit updates it.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        APPLIED = "applied", "Published"
        DISCARDED = "discarded", "Discarded"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey()
    #: Field name -> the new value: a pk for a foreign key, a list of pks for a
    #: many-to-many field, a list of rows for a project's roles.
    changes = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    unpublish = models.BooleanField(
        default=False, help_text="Proposes returning the record to draft, off the public site."
    )
    reason = models.CharField(max_length=100, blank=True)
    #: Moves on with each edit, so a reviewer's decision on an older copy is refused.
    number = models.PositiveIntegerField(default=1)
    #: The record's version the changes were made against: publishing onto a record
    #: that has changed since is refused, so nothing is overwritten unseen.
    base_version = models.PositiveIntegerField(default=1)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["updated_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="revision_record")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state="pending"),
                name="revision_one_pending",
            )
        ]

    def __str__(self):
        return f"Revision {self.number} of {self.content_type.name} #{self.object_id}"


def unique_slug(model, text, max_length=200):
    """A slug for `text` not yet used by `model`: "sun-haisheng", "sun-haisheng-2", ..."""
    base = slugify(text)[: max_length - 10].strip("-") or model._meta.model_name
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class Merge(models.Model):
    """A record merged into another (entities/merging.py): which record it was, what
    it was called, and the record that took its place.

    Public pages follow it from any address the merged record had (a 301 to the
    survivor); ingest and load_for_review follow it from the merged name, so a name
    merged away is not created again. A later merge of the survivor moves it on, so
    it always names a record that exists.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    merged_id = models.PositiveBigIntegerField()
    merged_name = models.CharField(max_length=300)
    merged_slug = models.SlugField(max_length=200)
    survivor_id = models.PositiveBigIntegerField()
    merged_at = models.DateTimeField(auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-merged_at"]
        indexes = [models.Index(fields=["content_type", "survivor_id"], name="merge_survivor")]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "merged_id"], name="merge_unique")
        ]

    def __str__(self):
        return f"{self.merged_name} (#{self.merged_id}) merged into #{self.survivor_id}"


class NotDuplicate(models.Model):
    """Two records a curator said are not the same, though their names match (two
    people called Wang Wei): the "Possible duplicates" page lists them no more."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    first_id = models.PositiveBigIntegerField(help_text="The lower id of the two.")
    second_id = models.PositiveBigIntegerField()
    decided_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "first_id", "second_id"], name="notduplicate_unique"
            ),
            models.CheckConstraint(
                condition=Q(first_id__lt=models.F("second_id")), name="notduplicate_ordered"
            ),
        ]

    def __str__(self):
        return f"#{self.first_id} is not #{self.second_id}"


def moved(model, slug):
    """The published record of `model` that now answers for `slug`, which no record
    has: see `now_at`. None when there is none, or it is not published. Called only
    for a slug not found, so pages found cost nothing more."""
    record = now_at(model, slug)
    return record if record is not None and record.is_published else None


def now_at(model, slug):
    """The record of `model` that a slug no record has leads to: the record that had it
    before (its history keeps every slug it had), or the record that merged that one;
    else None."""
    from django.contrib.contenttypes.models import ContentType

    had_it = (
        model.history.filter(slug=slug)
        .order_by("-history_date", "-history_id")
        .values_list("id", flat=True)
        .first()
    )
    if had_it is None:
        return None
    survivor = (
        Merge.objects.filter(
            content_type=ContentType.objects.get_for_model(model), merged_id=had_it
        )
        .values_list("survivor_id", flat=True)
        .first()
    )
    return model._default_manager.filter(pk=survivor or had_it).first()
