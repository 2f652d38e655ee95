from django.contrib import admin
from django.utils.text import Truncator

from entities.curated_admin import CITING_INLINES, CitingInline, CuratedAdmin, related_filter
from entities.merge_admin import MergeableAdmin

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
    list_display = ["short_text", "speaker", "kind", "short_source", "status", "updated_at"]
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
        return Truncator(obj.text).chars(90)

    @admin.display(description="source", ordering="source")
    def short_source(self, obj):
        """Long titles shortened, so the statement gets the width of the screen."""
        return Truncator(obj.source.title).chars(40)


class StatementInline(CitingInline):
    model = Statement
    fields = readonly_fields = ["speaker", "kind", "text", "status"]


class MetricInline(CitingInline):
    model = Metric
    fields = readonly_fields = ["indicator", "value", "qualifier", "period_label", "status"]


CITING_INLINES.extend([StatementInline, MetricInline])
