"""The curators' admin: review workflow, history, stale-edit protection, evidence
shown in its source, and changelists that stay fast on big tables.

`CuratedAdmin` is the base of every curated model's admin, here and in
statements/admin.py. The Source admin lives there, as it shows what cites a source.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from . import excerpts
from .filters import slug_or_name
from .models import (
    Curated,
    Organisation,
    Person,
    Place,
    Position,
    Project,
    ProjectRole,
    Topic,
)
from .paginators import EstimatedCountPaginator

REVIEW_FIELDS = ["status", "version", "published_at", "published_by", "created_at", "updated_at"]


def related_filter(path, title, *names):
    """A list filter on a related record, typed as its slug or part of its name.

    Unlike Django's related-field filter it lists no choices, so it costs nothing
    however big the related table is.
    """

    class RelatedFilter(admin.SimpleListFilter):
        parameter_name = path
        template = "admin/related_filter.html"

        def lookups(self, request, model_admin):
            return ()

        def has_output(self):
            return True

        def queryset(self, request, queryset):
            value = (self.value() or "").strip()
            if not value:
                return queryset
            return queryset.filter(slug_or_name(path, value, names))

        def choices(self, changelist):
            others = {k: v for k, v in changelist.params.items() if k not in (path, "p")}
            yield {
                "value": self.value() or "",
                "others": others.items(),
                "clear": changelist.get_query_string(remove=[path, "p"]),
            }

    RelatedFilter.title = title
    return RelatedFilter


class CuratedForm(forms.ModelForm):
    """Adds stale-edit protection and a change reason to every curated record's form."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        required=False,
        max_length=100,
        help_text="Optional: why you made this change. It is kept in the history.",
    )
    #: False when a reviewer reverts to an older version from the history.
    check_version = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        record = self.instance
        if record.pk and self.check_version:
            current = (
                type(record)
                ._default_manager.select_for_update()
                .filter(pk=record.pk)
                .values_list("version", flat=True)
                .first()
            )
            if cleaned.get("loaded_version") != current:
                raise ValidationError(stale_message(record, cleaned.get("loaded_version")))
        return cleaned


def stale_message(record, loaded):
    latest = record.history.select_related("history_user").first()
    who = latest.history_user if latest and latest.history_user else "someone else"
    when = f" on {latest.history_date:%d %b %Y at %H:%M}" if latest else ""
    opts = record._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk])
    return format_html(
        "This record was changed by {}{} after you opened it (you opened version {}; it is "
        'now version {}). Nothing was saved. <a href="{}">See what changed in the history</a>, '
        "then reload this page and make your edit again.",
        who,
        when,
        loaded,
        record.version,
        url,
    )


class CuratedAdmin(SimpleHistoryAdmin):
    """The admin of a curated model: workflow actions and buttons, history, evidence."""

    form = CuratedForm
    readonly_fields = REVIEW_FIELDS
    actions = ["submit_for_review", "publish", "return_to_draft"]
    change_form_template = "admin/curated_change_form.html"
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    #: The fieldsets a curator edits; notes and the review block are added after them.
    main_fieldsets = ()
    #: The field holding a verbatim excerpt of `source`, if the model has one.
    excerpt_field = None

    class Media:
        css = {"all": ["shandong/admin.css"]}

    def get_fieldsets(self, request, obj=None):
        return [
            *self.main_fieldsets,
            ("Curator notes", {"fields": ["notes", "change_reason"]}),
            ("Review", {"fields": [*REVIEW_FIELDS, "loaded_version"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        extra = ["excerpt_in_source"] if self.excerpt_field else []
        return [*super().get_readonly_fields(request, obj), *extra]

    def has_publish_permission(self, request, obj=None):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    # Review workflow --------------------------------------------------------

    def transition(self, request, queryset, name):
        if name == "publish" and not self.has_publish_permission(request):
            self.message_user(
                request, "Only reviewers may publish. Nothing was changed.", messages.ERROR
            )
            return
        moved = 0
        for record in queryset.filter(status__in=Curated.TRANSITIONS[name][0]):
            record.move(name, request.user)
            record._change_reason = name.replace("_", " ").capitalize()
            record.save()
            moved += 1
        label = name.replace("_", " ")
        self.message_user(request, f"{label.capitalize()}: {moved} record(s).", messages.SUCCESS)

    @admin.action(description="Submit selected for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self.transition(request, queryset, "submit_for_review")

    @admin.action(description="Publish selected")
    def publish(self, request, queryset):
        self.transition(request, queryset, "publish")

    @admin.action(description="Return selected to draft", permissions=["change"])
    def return_to_draft(self, request, queryset):
        self.transition(request, queryset, "return_to_draft")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        workflow = request.POST.get("_workflow")
        if request.method == "POST" and workflow:
            if workflow not in Curated.TRANSITIONS:
                raise PermissionDenied
            if workflow == "publish" and not self.has_publish_permission(request):
                self.message_user(
                    request, "Only reviewers may publish. Nothing was saved.", messages.ERROR
                )
                return HttpResponseRedirect(request.get_full_path())
        extra_context = {
            **(extra_context or {}),
            "can_publish": self.has_publish_permission(request),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        if getattr(request, "reverting", False):
            # A revert continues from the current version, not the old one's number.
            obj.version = (
                type(obj)._default_manager.values_list("version", flat=True).get(pk=obj.pk)
            )
        workflow = request.POST.get("_workflow")
        if workflow and obj.can(workflow):
            obj.move(workflow, request.user)
        super().save_model(request, obj, form, change)

    # History ----------------------------------------------------------------

    def revert_disabled(self, request, obj=None):
        return not self.has_publish_permission(request) or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied
        request.reverting = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.check_version = not getattr(request, "reverting", False)
        return form

    # Evidence ---------------------------------------------------------------

    @admin.display(description="In its source")
    def excerpt_in_source(self, obj):
        if not obj.pk or not obj.source_id:
            return "Shown here once saved."
        text = getattr(obj, self.excerpt_field)
        offset = excerpts.find(text, obj.source.body)
        if offset is None:
            return "Not found verbatim in the source."
        anchor = f"{obj._meta.model_name}-{obj.pk}"
        url = reverse("admin:entities_source_change", args=[obj.source_id])
        return format_html(
            '<div class="excerpt-context">{}</div><p><a href="{}#{}">Open the whole source: '
            "{}</a></p>",
            excerpts.in_context(obj.source.body, offset, len(text)),
            url,
            anchor,
            obj.source,
        )


@admin.register(Place)
class PlaceAdmin(CuratedAdmin):
    list_display = ["name", "kind", "parent", "status", "updated_at"]
    list_filter = ["status", "kind", related_filter("parent", "parent place", "name")]
    list_select_related = ["parent"]
    search_fields = ["name", "name_zh", "slug", "aliases"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    main_fieldsets = [(None, {"fields": ["name", "kind", "parent", "aliases", "name_zh", "slug"]})]


@admin.register(Topic)
class TopicAdmin(CuratedAdmin):
    list_display = ["name", "kind", "status", "updated_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    main_fieldsets = [(None, {"fields": ["name", "kind", "description", "slug"]})]


@admin.register(Organisation)
class OrganisationAdmin(CuratedAdmin):
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
        ("About", {"fields": ["description", "website", "name_zh", "slug"]}),
    ]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["organisation", "source"]
    fields = ["title", "organisation", "source", "evidence", "status"]
    readonly_fields = ["status"]
    show_change_link = True


@admin.register(Person)
class PersonAdmin(CuratedAdmin):
    list_display = ["name", "description", "status", "updated_at"]
    list_filter = ["status", "name_order"]
    search_fields = ["family_name", "given_name", "aliases", "name_zh", "slug"]
    readonly_fields = [*REVIEW_FIELDS, "their_statements"]
    main_fieldsets = [
        (None, {"fields": ["family_name", "given_name", "name_order", "description"]}),
        ("Other names", {"fields": ["aliases", "name_zh", "slug"]}),
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
    excerpt_field = "evidence"
    main_fieldsets = [
        (None, {"fields": ["person", "title", "organisation"]}),
        ("Evidence", {"fields": ["source", "evidence", "excerpt_in_source"]}),
        ("Dates", {"fields": [("start", "start_precision"), ("end", "end_precision")]}),
    ]


class ProjectRoleInline(admin.TabularInline):
    model = ProjectRole
    extra = 0
    autocomplete_fields = ["organisation", "source"]
    fields = ["organisation", "role", "source", "evidence"]


@admin.register(Project)
class ProjectAdmin(CuratedAdmin):
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
class ProjectRoleAdmin(SimpleHistoryAdmin):
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
