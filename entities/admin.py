"""The curators' admin of places, topics, organisations, people, positions, projects
and sources. Their base, `CuratedAdmin`, is in curated_admin.py; forms in forms.py.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from . import excerpts
from .curated_admin import (
    CITING_INLINES,
    REVIEW_FIELDS,
    CitingInline,
    CuratedAdmin,
    RecordAdmin,
    SafeAutocomplete,
    related_filter,
)
from .forms import CheckedRows
from .merge_admin import MergeableAdmin
from .models import (
    Organisation,
    Person,
    Place,
    Position,
    Project,
    ProjectRole,
    Source,
    Topic,
)
from .paginators import EstimatedCountPaginator


@admin.register(Place)
class PlaceAdmin(MergeableAdmin, CuratedAdmin):
    list_display = ["name", "kind", "parent", "status", "updated_at"]
    list_filter = ["status", "kind", related_filter("parent", "parent place", "name")]
    list_select_related = ["parent"]
    search_fields = ["name", "name_zh", "slug", "aliases"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    main_fieldsets = [
        (None, {"fields": ["name", "kind", "parent", "aliases", "name_zh", "wikidata_id", "slug"]})
    ]


@admin.register(Topic)
class TopicAdmin(CuratedAdmin):
    list_display = ["name", "kind", "status", "updated_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    main_fieldsets = [(None, {"fields": ["name", "kind", "description", "slug"]})]


@admin.register(Organisation)
class OrganisationAdmin(MergeableAdmin, CuratedAdmin):
    list_display = ["name", "kind", "place", "parent", "status", "updated_at"]
    list_filter = [
        "status",
        "kind",
        related_filter("place", "place", "name"),
        related_filter("topics", "topic", "name"),
        related_filter("parent", "parent organisation", "name"),
    ]
    list_select_related = ["place", "parent"]
    search_fields = ["name", "aliases", "name_zh", "slug"]
    autocomplete_fields = ["parent", "place", "topics"]
    prepopulated_fields = {"slug": ["name"]}
    main_fieldsets = [
        (None, {"fields": ["name", "kind", "parent", "place", "aliases", "topics"]}),
        ("About", {"fields": ["description", "website", "name_zh", "wikidata_id", "slug"]}),
    ]


class PositionRows(CheckedRows):
    """A published position is changed or deleted on its own page, where the change is
    held for a reviewer: not as a row of its person's form."""

    def clean(self):
        super().clean()
        for form in self.initial_forms:
            position = form.instance
            deleting = self.can_delete and self._should_delete_form(form)
            if position.is_published and (deleting or form.has_changed()):
                form.add_error(
                    None,
                    f"“{position}” is published: change it on its own page, where the "
                    "change waits for a reviewer.",
                )


class PositionInline(SafeAutocomplete, admin.TabularInline):
    model = Position
    formset = PositionRows
    extra = 0
    autocomplete_fields = ["organisation", "source"]
    fields = ["title", "organisation", "source", "evidence", "status"]
    readonly_fields = ["status"]
    show_change_link = True

    # A published person's positions are changed on their own pages, where a change to a
    # published position is held for review; new ones are added there as drafts.
    def has_add_permission(self, request, obj=None):
        return not (obj and obj.is_published) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not (obj and obj.is_published) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.is_published) and super().has_delete_permission(request, obj)


@admin.register(Person)
class PersonAdmin(MergeableAdmin, CuratedAdmin):
    list_display = ["name", "description", "status", "updated_at"]
    list_filter = ["status", "name_order"]
    search_fields = ["family_name", "given_name", "aliases", "name_zh", "slug"]
    readonly_fields = [*REVIEW_FIELDS, "their_statements"]
    main_fieldsets = [
        (None, {"fields": ["family_name", "given_name", "name_order", "description"]}),
        ("Other names", {"fields": ["aliases", "name_zh", "wikidata_id", "slug"]}),
        ("Statements", {"fields": ["their_statements"]}),
    ]
    inlines = [PositionInline]

    @admin.display(description="name", ordering="family_name")
    def name(self, obj):
        return obj.name

    @admin.display(description="Statements")
    def their_statements(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:statements_statement_changelist") + f"?speaker={obj.slug}"
        return format_html('<a href="{}">Statements by {}</a>', url, obj)


@admin.register(Position)
class PositionAdmin(CuratedAdmin):
    list_display = ["person", "title", "organisation", "status", "updated_at"]
    list_filter = [
        "status",
        related_filter("person", "person", "family_name", "given_name"),
        related_filter("organisation", "organisation", "name"),
        related_filter("source", "source", "title"),
    ]
    list_select_related = ["person", "organisation"]
    search_fields = [
        "title",
        "person__family_name",
        "person__given_name",
        "organisation__name",
        "evidence",
    ]
    autocomplete_fields = ["person", "organisation", "source"]
    main_fieldsets = [
        (None, {"fields": ["person", "title", "organisation"]}),
        ("Evidence", {"fields": ["source", "evidence", "excerpt_in_source"]}),
        ("Dates", {"fields": [("start", "start_precision"), ("end", "end_precision")]}),
    ]


class ProjectRoleInline(SafeAutocomplete, admin.TabularInline):
    model = ProjectRole
    formset = CheckedRows
    extra = 0
    autocomplete_fields = ["organisation", "source"]
    fields = ["organisation", "role", "source", "evidence"]

    # While a pending revision changes the roles, the rows shown are the published ones:
    # they are read-only until a reviewer decides (the change form lists the pending
    # roles among the revision's differences).
    def pending_roles(self, obj):
        revision = getattr(obj, "pending_revision", None)
        return bool(revision and "roles" in revision.changes)

    def has_add_permission(self, request, obj=None):
        return not self.pending_roles(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self.pending_roles(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self.pending_roles(obj) and super().has_delete_permission(request, obj)


@admin.register(Project)
class ProjectAdmin(MergeableAdmin, CuratedAdmin):
    list_display = ["name", "kind", "stage", "place", "status", "updated_at"]
    list_filter = [
        "status",
        "kind",
        "stage",
        related_filter("place", "place", "name"),
        related_filter("topics", "topic", "name"),
    ]
    list_select_related = ["place"]
    search_fields = ["name", "aliases", "slug", "description"]
    autocomplete_fields = ["place", "topics", "sources"]
    prepopulated_fields = {"slug": ["name"]}
    main_fieldsets = [
        (None, {"fields": ["name", "kind", "stage", "place", "topics", "sources"]}),
        ("About", {"fields": ["description", "aliases", "slug"]}),
    ]
    inlines = [ProjectRoleInline]


@admin.register(ProjectRole)
class ProjectRoleAdmin(RecordAdmin):
    list_display = ["project", "role", "organisation", "source"]
    list_filter = [
        "role",
        related_filter("project", "project", "name"),
        related_filter("organisation", "organisation", "name"),
    ]
    list_select_related = ["project", "organisation", "source"]
    search_fields = ["project__name", "organisation__name", "evidence"]
    autocomplete_fields = ["project", "organisation", "source"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).defer("source__body")

    # A published project's roles are on its public page: they change through the
    # project's own form, where the change is held for a reviewer (entities/revisions.py).

    def has_change_permission(self, request, obj=None):
        published = obj is not None and obj.project.is_published
        return not published and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        published = obj is not None and obj.project.is_published
        return not published and super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class RoleForm(form):
            def clean_project(self):
                project = self.cleaned_data["project"]
                if project.is_published:
                    raise ValidationError(
                        "This project is published: change its roles on the project's page, "
                        "where the change is held for a reviewer."
                    )
                return project

        return RoleForm


class CitingPositionInline(CitingInline):
    model = Position
    fields = readonly_fields = ["person", "title", "organisation", "status"]


CITING_INLINES.append(CitingPositionInline)


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
        for model, field in excerpts.quoting().items():
            name = model._meta.model_name
            for pk, text in model._default_manager.filter(source=obj).values_list("pk", field):
                if (offset := excerpts.find(text, obj.body)) is not None:
                    spans.append((offset, len(text), f"{name}-{pk}"))
        return format_html('<div class="source-body">{}</div>', excerpts.highlight(obj.body, spans))

    def get_inlines(self, request, obj):
        return CITING_INLINES
