from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Indicator, Metric, Statement


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "status"]
    list_filter = ["status", "unit"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Metric)
class MetricAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "display_value", "period_label", "subject", "status"]
    list_filter = ["status", "indicator"]
    list_select_related = ["indicator", "place", "organisation", "project"]
    search_fields = ["indicator__name", "evidence"]
    autocomplete_fields = ["indicator", "place", "organisation", "project", "source", "topics"]


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "source", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["speaker", "source"]
    search_fields = ["text", "speaker__family_name", "speaker__given_name"]
    autocomplete_fields = [
        "source",
        "speaker",
        "speaker_position",
        "quoting",
        "topics",
        "organisations",
        "places",
        "projects",
    ]
