"""Django's stock admin for three models, the baseline `manage.py bench` compares with.

A plain ModelAdmin with the same list_display and search_fields as ours, a
list_filter on the foreign keys, and Django's default counting. It is mounted
only by the benchmark's URLconf (perf/urls.py), never by the site.
"""

from django.contrib import admin

from entities.models import Organisation, Person
from statements.models import Statement

stock_site = admin.AdminSite(name="stock_admin")


@admin.register(Statement, site=stock_site)
class StockStatementAdmin(admin.ModelAdmin):
    list_display = ["short_text", "speaker", "kind", "source", "status", "updated_at"]
    list_filter = ["status", "kind", "speaker", "source", "topics"]
    search_fields = ["text", "speaker__family_name", "speaker__given_name", "slug"]

    @admin.display(description="statement")
    def short_text(self, obj):
        return obj.text[:90]


@admin.register(Person, site=stock_site)
class StockPersonAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "status", "updated_at"]
    list_filter = ["status", "name_order"]
    search_fields = ["family_name", "given_name", "aliases", "name_zh", "slug"]


@admin.register(Organisation, site=stock_site)
class StockOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "place", "parent", "status", "updated_at"]
    list_filter = ["status", "kind", "place", "parent", "topics"]
    search_fields = ["name", "aliases", "name_zh", "slug"]
