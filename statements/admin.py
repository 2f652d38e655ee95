from django.contrib import admin
from django.utils.html import format_html

from entities import excerpts
from entities.admin import CuratedAdmin, related_filter
from entities.merge_admin import MergeableAdmin
from entities.models import Position, Source

from .models import Indicator, Metric, Statement


@admin.register(Indicator)
class IndicatorAdmin(MergeableAdmin, CuratedAdmin):
    list_display = ["name", "unit", "status", "updated_at"]
    list_filter = ["status", "unit", related_filter("topics", "topic", "name")]
    search_fields = ["name", "slug", "description"]
    autocomplete_fields = ["topics"]
    prepopulated_fields = {"slug": ["name"]}
    main_fieldsets = [(None, {"fields": ["name", "unit", "description", "topics", "slug"]})]


@admin.register(Metric)
class MetricAdmin(CuratedAdmin):
    list_display = ["indicator", "value_shown", "period_label", "subject", "status", "updated_at"]
    list_filter = [
        "status",
        "qualifier",
        related_filter("indicator", "indicator", "name"),
        related_filter("place", "place", "name"),
        related_filter("organisation", "organisation", "name"),
        related_filter("project", "project", "name"),
        related_filter("source", "source", "title"),
        related_filter("topics", "topic", "name"),
    ]
    list_select_related = ["indicator", "place", "organisation", "project"]
    search_fields = ["indicator__name", "evidence", "period_label", "slug"]
    autocomplete_fields = ["indicator", "place", "organisation", "project", "source", "topics"]
    excerpt_field = "evidence"
    main_fieldsets = [
        (None, {"fields": ["indicator", ("qualifier", "value"), "topics"]}),
        ("Subject: exactly one", {"fields": ["place", "organisation", "project"]}),
        ("Period", {"fields": ["period_label", ("period_start", "period_end")]}),
        ("Evidence", {"fields": ["source", "evidence", "excerpt_in_source"]}),
        ("Address", {"fields": ["slug"], "classes": ["collapse"]}),
    ]

    @admin.display(description="value", ordering="value")
    def value_shown(self, obj):
        return obj.display_value


@admin.register(Statement)
class StatementAdmin(CuratedAdmin):
    list_display = ["short_text", "speaker", "kind", "source", "status", "updated_at"]
    list_filter = [
        "status",
        "kind",
        related_filter("speaker", "speaker", "family_name", "given_name"),
        related_filter("source", "source", "title"),
        related_filter("topics", "topic", "name"),
        related_filter("organisations", "organisation mentioned", "name"),
        related_filter("places", "place mentioned", "name"),
    ]
    list_select_related = ["speaker", "source"]
    search_fields = ["text", "speaker__family_name", "speaker__given_name", "slug"]
    autocomplete_fields = [
        "source",
        "speaker",
        "speaker_position",
        "reported_by",
        "quoting",
        "topics",
        "organisations",
        "places",
        "projects",
    ]
    excerpt_field = "text"
    main_fieldsets = [
        (
            None,
            {"fields": ["speaker", "speaker_position", "reported_by", "kind", "source", "text"]},
        ),
        ("In its source", {"fields": ["excerpt_in_source"]}),
        ("About", {"fields": ["quoting", "said_on", "context", "topics"]}),
        ("Mentions", {"fields": ["organisations", "places", "projects"]}),
        ("Address", {"fields": ["slug"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("source__body")

    @admin.display(description="statement", ordering="text")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"


class CitingInline(admin.TabularInline):
    """A compact, read-only table of the records that cite a source, with links."""

    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    # Read-only: without these, a tampered formset could add rows through it, which
    # failed the record's validation on fields this form lacks (a 500).
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatementInline(CitingInline):
    model = Statement
    fields = readonly_fields = ["speaker", "kind", "text", "status"]


class MetricInline(CitingInline):
    model = Metric
    fields = readonly_fields = ["indicator", "value", "qualifier", "period_label", "status"]


class PositionInline(CitingInline):
    model = Position
    fields = readonly_fields = ["person", "title", "organisation", "status"]


@admin.register(Source)
class SourceAdmin(CuratedAdmin):
    list_display = ["title", "publisher", "published_on", "kind", "language", "status"]
    list_filter = [
        "status",
        "kind",
        "published_on_precision",
        related_filter("publisher", "publisher", "name"),
    ]
    list_select_related = ["publisher"]
    search_fields = ["title", "slug", "url"]
    autocomplete_fields = ["publisher"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StatementInline, MetricInline, PositionInline]
    main_fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "publisher",
                    ("published_on", "published_on_precision"),
                    "kind",
                    "language",
                    "url",
                    "slug",
                ]
            },
        ),
        ("Text, with every excerpt highlighted", {"fields": ["body_with_excerpts"]}),
        ("Edit the text", {"fields": ["body"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # The changelist never shows the body, which is several KB a row.
        return (
            queryset.defer("body") if request.resolver_match.url_name.endswith("list") else queryset
        )

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "body_with_excerpts"]

    @admin.display(description="Text")
    def body_with_excerpts(self, obj):
        if not obj.pk:
            return "Shown here once saved."
        spans = []
        for name, rows, field in (
            ("statement", obj.statements, "text"),
            ("metric", obj.metrics, "evidence"),
            ("position", obj.positions, "evidence"),
            ("projectrole", obj.project_roles, "evidence"),
        ):
            for pk, text in rows.values_list("pk", field):
                offset = excerpts.find(text, obj.body)
                if offset is not None:
                    spans.append((offset, len(text), f"{name}-{pk}"))
        return format_html('<div class="source-body">{}</div>', excerpts.highlight(obj.body, spans))
