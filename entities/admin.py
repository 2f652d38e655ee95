from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation, Person, Place, Position, Project, ProjectRole, Source, Topic


@admin.register(Place)
class PlaceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "name_zh", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "place", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["place"]
    search_fields = ["name", "name_zh", "slug"]
    autocomplete_fields = ["parent", "place", "topics"]
    prepopulated_fields = {"slug": ["name"]}


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["organisation", "source"]
    fields = ["title", "organisation", "source", "evidence", "status"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "description", "status"]
    list_filter = ["status"]
    search_fields = ["family_name", "given_name", "name_zh", "slug"]
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["person", "title", "organisation", "status"]
    list_filter = ["status"]
    list_select_related = ["person", "organisation"]
    search_fields = ["title", "person__family_name", "person__given_name", "organisation__name"]
    autocomplete_fields = ["person", "organisation", "source"]


class ProjectRoleInline(admin.TabularInline):
    model = ProjectRole
    extra = 0
    autocomplete_fields = ["organisation", "source"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "stage", "place", "status"]
    list_filter = ["status", "kind", "stage"]
    list_select_related = ["place"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["place", "topics", "sources"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProjectRoleInline]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "published_on", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["publisher"]
    search_fields = ["title", "slug"]
    autocomplete_fields = ["publisher"]
    prepopulated_fields = {"slug": ["title"]}
