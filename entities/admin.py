"""The curators' admin: review workflow, history, stale-edit protection, evidence
shown in its source, and changelists that stay fast on big tables.

`CuratedAdmin` is the base of every curated model's admin, here and in
statements/admin.py. The Source admin lives there, as it shows what cites a source.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers, widgets
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from . import excerpts
from .filters import slug_or_name
from .merge_admin import MergeableAdmin
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
from .search import MAX_WORDS

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


def is_id(value):
    """Whether `value` can be a record's id, so may be looked up. Ids as given by the
    client were looked up as they came: "abc" raised ValueError, 10**20 OverflowError
    on SQLite, each a 500."""
    return re.fullmatch(r"[0-9]{1,18}", str(value)) is not None


class IdsOnly:
    """An autocomplete widget that looks up only the submitted values that are ids.

    A form shown again with its errors shows what was submitted; Django's widget
    looked a tampered id up ("abc", 10**20) and the page answered 500.
    """

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if is_id(v)], attr)


class AutocompleteSelect(IdsOnly, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(IdsOnly, widgets.AutocompleteSelectMultiple):
    pass


class RecordsField(forms.ModelMultipleChoiceField):
    """Many related records, looked up only if every value is an id: Django looks each
    up, and 10**20 raised OverflowError on SQLite (a 500)."""

    def _check_values(self, value):
        for pk in value:
            if not is_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class SafeAutocomplete:
    """For model admins and inlines: related fields use the field and widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            using = kwargs.get("using")
            kwargs.setdefault("widget", AutocompleteSelect(db_field, self.admin_site, using))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", RecordsField)
        if db_field.name in self.get_autocomplete_fields(request):
            using = kwargs.get("using")
            widget = AutocompleteSelectMultiple(db_field, self.admin_site, using)
            kwargs.setdefault("widget", widget)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class CheckedRows(forms.BaseInlineFormSet):
    """Inline rows checked against the model's constraints with their parent record.

    Django leaves the parent out of the check (it may not be saved yet), so a row the
    same as a saved one, such as a saved row posted as a new one, reached the
    database and raised IntegrityError: a 500.
    """

    def clean(self):
        super().clean()
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if form.has_changed() and form.is_valid():
                try:
                    form.instance.validate_constraints()
                except ValidationError as error:
                    form.add_error(None, error.messages)


class RecordAdmin(SafeAutocomplete, SimpleHistoryAdmin):
    """The base of every model admin here: history, and what a client sends checked
    before the database sees it."""

    def get_search_results(self, request, queryset, search_term):
        # The first words only, as on the public site (changelists and autocomplete):
        # thousands of words made a query SQLite refused ("Expression tree is too
        # large", a 500) and PostgreSQL took minutes over.
        words = search_term.split()[:MAX_WORDS]
        return super().get_search_results(request, queryset, " ".join(words))

    def get_object(self, request, object_id, from_field=None):
        # Django lets an empty ?_to_field= through its check, then looks up a field
        # named "" (a 500). Empty means none: the record's id.
        return super().get_object(request, object_id, from_field or None)

    def response_action(self, request, queryset):
        # Django filters by the ticked ids as sent: "abc" raised ValueError (a 500).
        if not all(map(is_id, request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))):
            self.message_user(request, "No such records. Nothing was changed.", messages.ERROR)
            return None  # the changelist is shown again, with the message
        return super().response_action(request, queryset)

    # simple_history looks the ids in its URLs up as given: /admin/.../abc/history/
    # answered 500. Anything but an id answers 404.

    def history_view(self, request, object_id, extra_context=None):
        if not is_id(unquote(object_id)):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (is_id(unquote(object_id)) and is_id(version_id)):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


class NamesField(forms.JSONField):
    """Other names: a JSON list of text, which search and the exports expect.

    Django's JSON field takes any JSON. Saving `null` broke the NOT NULL column, `NaN`
    the JSON check, a NUL PostgreSQL's jsonb, numbers the CSV export; and JSON nested
    too deep, or a number of 5,000 digits, raised while being read: each a 500.
    """

    default_error_messages = {
        "invalid": 'Enter the names as a list of text in JSON, such as ["Jinan", "济南"].'
    }

    def to_python(self, value):
        try:
            names = super().to_python(value)
        except (RecursionError, ValueError):  # what Django lets through from json.loads
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if names is None:
            return []
        if not isinstance(names, list) or not all(
            isinstance(name, str) and "\x00" not in name for name in names
        ):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return names

    def bound_data(self, data, initial):
        try:
            return super().bound_data(data, initial)
        except (RecursionError, ValueError):
            return forms.fields.InvalidJSONInput(data)


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


class CuratedAdmin(RecordAdmin):
    """The admin of a curated model: workflow actions and buttons, history, evidence."""

    form = CuratedForm
    readonly_fields = REVIEW_FIELDS
    actions = ["submit_for_review", "publish", "return_to_draft"]
    change_form_template = "admin/curated_change_form.html"
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_per_page = 50
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.JSONField: {"form_class": NamesField},  # every JSON field here is `aliases`
    }
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
class PlaceAdmin(MergeableAdmin, CuratedAdmin):
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
        ("About", {"fields": ["description", "website", "name_zh", "slug"]}),
    ]


class PositionInline(SafeAutocomplete, admin.TabularInline):
    model = Position
    formset = CheckedRows
    extra = 0
    autocomplete_fields = ["organisation", "source"]
    fields = ["title", "organisation", "source", "evidence", "status"]
    readonly_fields = ["status"]
    show_change_link = True


@admin.register(Person)
class PersonAdmin(MergeableAdmin, CuratedAdmin):
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


class ProjectRoleInline(SafeAutocomplete, admin.TabularInline):
    model = ProjectRole
    formset = CheckedRows
    extra = 0
    autocomplete_fields = ["organisation", "source"]
    fields = ["organisation", "role", "source", "evidence"]


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
