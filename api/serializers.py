"""What the API says of each record: its own fields, and its related records as links.

A link is {"slug", "url", "html_url"}: the record's API URL and its public page, both
absolute. A related record that is not published is left out (null for one, absent from a
list), as the public pages leave it unlinked. Curators' notes, status and version are never
shown.

These serializers declare the answers, for the OpenAPI schema, and are the reference for
them; the views write them from plain rows by these declarations (rows.py), which
tests/api/test_api_rows.py checks against these serializers run on model instances.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from entities.models import (
    Organisation,
    Person,
    Place,
    Position,
    Project,
    Source,
    Topic,
    person_name,
    slug_url,
)
from statements.models import Indicator, Metric, Statement
from statements.models import display_value as metric_value


def api_view_name(model):
    return f"api:{model._meta.model_name}-detail"


def origin(context):
    """The site's scheme and host, worked out once per response."""
    if "origin" not in context:
        context["origin"] = context["request"].build_absolute_uri("/").removesuffix("/")
    return context["origin"]


def link(record, context):
    if record is None or not record.is_published:
        return None
    if isinstance(record, Position) and not record.person.is_published:
        return None  # shown on its person's page only
    if isinstance(record, Position):
        key, url = record.pk, reverse("api:position-detail", args=[record.pk])
    else:
        key, url = record.slug, slug_url(api_view_name(type(record)), record.slug)
    here = origin(context)
    return {
        "slug": key,
        "url": here + url,
        "html_url": here + record.get_absolute_url(),
    }


class LinkSchema(serializers.Serializer):
    """A related record (for the schema only)."""

    slug = serializers.CharField(help_text="The record's slug; a position's id.")
    url = serializers.URLField(help_text="The record in this API.")
    html_url = serializers.URLField(help_text="The record's public page.")


@extend_schema_field(LinkSchema(allow_null=True))
class Link(serializers.Field):
    """One related record, or null when there is none or it is not published."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, record):
        return link(record, self.context)

    def get_attribute(self, instance):
        # A missing foreign key is None, which Field would not pass to to_representation.
        return getattr(instance, self.source)

    def to_internal_value(self, data):  # pragma: no cover - the API is read-only
        raise NotImplementedError


@extend_schema_field(LinkSchema(many=True))
class Links(Link):
    """The published records of a many-to-many relation (read by rows.py for the API's
    answers; here, run on instances, it is the reference)."""

    def get_attribute(self, instance):
        return getattr(instance, self.source).all()

    def to_representation(self, records):
        return [link(r, self.context) for r in records if r.is_published]


@extend_schema_field(OpenApiTypes.URI)
class SelfURL(serializers.Field):
    """The record's own URL: in the API, or (html=True) its public page."""

    def __init__(self, html=False, **kwargs):
        self.html = html
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, record):
        return link(record, self.context)["html_url" if self.html else "url"]


class RecordSerializer(serializers.ModelSerializer):
    url = SelfURL()
    html_url = SelfURL(html=True)


class PlaceSerializer(RecordSerializer):
    parent = Link()

    class Meta:
        model = Place
        fields = [
            *("slug", "url", "html_url", "name", "name_zh", "aliases", "kind", "parent"),
            *("wikidata_id", "published_at", "updated_at"),
        ]


class TopicSerializer(RecordSerializer):
    class Meta:
        model = Topic
        fields = [
            *("slug", "url", "html_url", "name", "kind", "description"),
            *("published_at", "updated_at"),
        ]


class OrganisationSerializer(RecordSerializer):
    parent = Link()
    place = Link()
    topics = Links()

    class Meta:
        model = Organisation
        fields = [
            *("slug", "url", "html_url", "name", "name_zh", "aliases", "kind"),
            *("parent", "place", "topics", "description", "website"),
            *("wikidata_id", "published_at", "updated_at"),
        ]


class PersonSerializer(RecordSerializer):
    name = serializers.SerializerMethodField()
    positions = Links()

    #: A field worked out from columns, for rows.py: the function and its columns.
    computed = {"name": (person_name, "family_name", "given_name", "name_order")}

    class Meta:
        model = Person
        fields = [
            *("slug", "url", "html_url", "name", "family_name", "given_name", "name_order"),
            *("name_zh", "aliases", "description", "positions"),
            *("wikidata_id", "published_at", "updated_at"),
        ]

    def get_name(self, person) -> str:
        """The name in the order the source gives it."""
        return person_name(person.family_name, person.given_name, person.name_order)


class SourceSerializer(RecordSerializer):
    publisher = Link()
    # The original article's address; `url` is this record in the API.
    web_url = serializers.URLField(source="url", read_only=True)

    class Meta:
        model = Source
        fields = [
            *("slug", "url", "html_url", "title", "publisher", "published_on"),
            *("published_on_precision", "web_url", "language", "kind"),
            *("published_at", "updated_at"),
        ]


class SourceDetailSerializer(SourceSerializer):
    """A source with its full text, which lists leave out."""

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "body"]


class PositionSerializer(RecordSerializer):
    id = serializers.IntegerField(read_only=True)
    person = Link()
    organisation = Link()
    source = Link()

    class Meta:
        model = Position
        fields = [
            *("id", "url", "html_url", "person", "organisation", "title"),
            *("start", "start_precision", "end", "end_precision", "source", "evidence"),
            *("published_at", "updated_at"),
        ]


class ProjectSerializer(RecordSerializer):
    place = Link()
    topics = Links()
    sources = Links()
    organisations = Links()

    class Meta:
        model = Project
        fields = [
            *("slug", "url", "html_url", "name", "aliases", "kind", "stage", "place"),
            *("description", "topics", "sources", "organisations"),
            *("published_at", "updated_at"),
        ]


class IndicatorSerializer(RecordSerializer):
    topics = Links()

    class Meta:
        model = Indicator
        fields = [
            *("slug", "url", "html_url", "name", "unit", "description", "topics"),
            *("published_at", "updated_at"),
        ]


class MetricSerializer(RecordSerializer):
    indicator = Link()
    place = Link()
    organisation = Link()
    project = Link()
    source = Link()
    topics = Links()
    display_value = serializers.CharField(read_only=True, help_text='As shown: "RMB 50 billion".')

    computed = {"display_value": (metric_value, "value", "indicator__unit", "qualifier")}

    class Meta:
        model = Metric
        fields = [
            *("slug", "url", "html_url", "indicator", "value", "display_value", "qualifier"),
            *("period_label", "period_start", "period_end", "place", "organisation"),
            *("project", "source", "evidence", "topics"),
            *("published_at", "updated_at"),
        ]


class StatementSerializer(RecordSerializer):
    source = Link()
    speaker = Link()
    speaker_position = Link()
    reported_by = Link()
    quoting = Link()
    topics = Links()
    organisations = Links()
    places = Links()
    projects = Links()

    class Meta:
        model = Statement
        fields = [
            *("slug", "url", "html_url", "kind", "text", "source", "speaker"),
            *("speaker_position", "reported_by", "quoting", "said_on", "context"),
            *("topics", "organisations", "places", "projects"),
            *("published_at", "updated_at"),
        ]
