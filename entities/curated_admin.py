"""The base of every model admin: history, and what a client sends checked before the
database sees it (`RecordAdmin`); and of every curated model's admin, here and in
statements/admin.py: review workflow and pending revisions, stale-edit protection,
evidence shown in its source, changelists that stay fast on big tables (`CuratedAdmin`).
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from simple_history.admin import SimpleHistoryAdmin

from . import excerpts, revisions
from .filters import slug_or_name
from .forms import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    CuratedForm,
    NamesField,
    RecordsField,
    is_id,
)
from .models import (
    Curated,
    ProjectRole,
    Revision,
    Status,
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


def blocked(record, transition):
    """Why `record` may not take `transition` now, or "": it would be published showing
    an unpublished record, or taken off the site while published records show it."""
    if transition == "publish":
        problems = record.unpublished_references()
    elif transition == "return_to_draft" and record.is_published:
        problems = [f"{r} shows it" for r in record.published_referrers()]
    else:
        problems = []
    return "; ".join(problems)


def role_rows(formset):
    """A project's roles as its roles formset would leave them, as a revision stores them."""
    rows = []
    for form in formset.forms:
        if formset._should_delete_form(form) or not (form.instance.pk or form.has_changed()):
            continue
        data = form.cleaned_data
        source = data.get("source")
        rows.append([data["organisation"].pk, data["role"], source and source.pk, data["evidence"]])
    return sorted(rows, key=lambda row: (str(row[1]), row[0]))


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

    class Media:
        css = {"all": ["shandong/admin.css"]}

    def get_fieldsets(self, request, obj=None):
        return [
            *self.main_fieldsets,
            ("Curator notes", {"fields": ["notes", "change_reason"]}),
            ("Review", {"fields": [*REVIEW_FIELDS, "loaded_version", "loaded_revision"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        extra = ["excerpt_in_source"] if getattr(self.model, "excerpt_field", None) else []
        return [*super().get_readonly_fields(request, obj), *extra]

    def has_publish_permission(self, request, obj=None):
        return self.model.may_publish(request.user)

    # Review workflow --------------------------------------------------------

    def transition(self, request, queryset, name):
        if name == "publish" and not self.has_publish_permission(request):
            self.message_user(
                request, "Only reviewers may publish. Nothing was changed.", messages.ERROR
            )
            return
        if name == "return_to_draft" and not self.has_publish_permission(request):
            published = queryset.filter(status=Status.PUBLISHED).count()
            if published:
                self.message_user(
                    request,
                    f"{published} of the selected records are published. Only reviewers may "
                    "take a record off the public site; nothing was changed. To propose it, "
                    "open the record and press “Propose returning to draft”.",
                    messages.ERROR,
                )
                return
        moved = 0
        for record in queryset.filter(status__in=Curated.TRANSITIONS[name][0]):
            if problems := blocked(record, name):
                self.message_user(
                    request, f"“{record}” was left as it is: {problems}.", messages.ERROR
                )
                continue
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
        request.shows_revision = True  # get_object: the form shows the pending revision
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        record = super().get_object(request, object_id, from_field)
        if record is not None and getattr(request, "shows_revision", False):
            revision = record.pending_revision = revisions.pending(record)
            if revision:
                later = revisions.apply_values(record, revision.changes)
                # Many-to-many fields show the revision's records, not the published ones.
                record._prefetched_objects_cache = {
                    name: record._meta.get_field(name).related_model._default_manager.filter(
                        pk__in=pks
                    )
                    for name, pks in later.items()
                    if name != "roles"
                }
        return record

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        revision = getattr(obj, "pending_revision", None)
        context = {
            **context,
            "revision": revision,
            "revision_rows": revisions.comparison(revision) if revision else [],
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        workflow = request.POST.get("_workflow")
        reverting = getattr(request, "reverting", False)
        if reverting:
            # A revert brings back an old version's content, not its status or number.
            current = type(obj)._default_manager.get(pk=obj.pk)
            for name in ["status", "version", "published_at", "published_by_id"]:
                setattr(obj, name, getattr(current, name))
        unpublishing = workflow == "return_to_draft" and self.has_publish_permission(request)
        if change and revisions.held(obj) and not unpublishing:
            request.held = workflow  # saved as a pending revision: hold()
            if reverting:  # no save_related follows: simple_history saves m2m itself
                self.hold(request, form, [])
                form.save_m2m = lambda: None
            return
        if workflow and obj.can(workflow):
            if problems := blocked(obj, workflow):
                self.message_user(request, f"Saved, but not moved on: {problems}.", messages.ERROR)
            else:
                obj.move(workflow, request.user)
        super().save_model(request, obj, form, change)
        if change and (revision := revisions.pending(obj)):
            if "roles" in revision.changes:  # not in the form: written here
                revisions.write_related(obj, {"roles": revision.changes["roles"]})
            # Saved directly (a reviewer took it off the public site, or it was no longer
            # published) from a form that showed the revision: the revision is done.
            revisions.close(revision, Revision.State.APPLIED, request.user)

    def save_related(self, request, form, formsets, change):
        if hasattr(request, "held"):
            self.hold(request, form, formsets)
        else:
            super().save_related(request, form, formsets, change)

    def hold(self, request, form, formsets):
        """Save the form's changes to a published record as its pending revision; publish
        it at once when a reviewer pressed "Save and publish"."""
        record = form.instance
        published = type(record)._default_manager.get(pk=record.pk)
        new_values = {}
        for name in form.fields:
            try:
                field = record._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.many_to_many:
                new_values[name] = sorted(r.pk for r in form.cleaned_data[name])
            elif field.editable and field.concrete:
                new_values[name] = field.value_from_object(record)
        pending = getattr(record, "pending_revision", None) or revisions.pending(record)
        for formset in formsets:
            if formset.model is ProjectRole and formset.has_changed():
                new_values["roles"] = role_rows(formset)
        if "roles" not in new_values and pending and "roles" in pending.changes:
            new_values["roles"] = pending.changes["roles"]  # kept: not shown as rows
        unpublish = request.held == "return_to_draft" or bool(pending and pending.unpublish)
        reason = form.cleaned_data.get("change_reason") or ""
        revision = revisions.propose(published, new_values, request.user, reason, unpublish)
        request.held_revision = revision
        if revision and request.held == "publish":
            try:
                revisions.publish(revision, request.user)
                request.held_revision = "published"
            except revisions.Refused as refusal:
                request.held_refusal = str(refusal)

    def construct_change_message(self, request, form, formsets, add=False):
        if not hasattr(request, "held"):
            return super().construct_change_message(request, form, formsets, add)
        revision = request.held_revision
        if revision is None or revision == "published":
            return "Changes published." if revision else "Nothing changed."
        return f"Held as pending revision {revision.number}."

    def response_change(self, request, obj):
        if not hasattr(request, "held"):
            return super().response_change(request, obj)
        revision = request.held_revision
        if revision == "published":
            self.message_user(request, f"Published the changes to “{obj}”.", messages.SUCCESS)
        elif revision is None:
            self.message_user(request, f"Nothing in “{obj}” was changed.", messages.INFO)
        else:
            self.message_user(
                request,
                f"Your changes to “{obj}” are held as pending revision {revision.number}. The "
                "public sees the published version until a reviewer publishes it.",
                messages.SUCCESS,
            )
            if refusal := getattr(request, "held_refusal", None):
                self.message_user(request, f"It cannot be published: {refusal}", messages.ERROR)
        opts = self.opts
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)

    # Pending revisions ------------------------------------------------------

    def get_urls(self):
        opts = self.opts
        decide = path(
            "<path:object_id>/revision/",
            self.admin_site.admin_view(self.decide_revision),
            name=f"{opts.app_label}_{opts.model_name}_revision",
        )
        return [decide, *super().get_urls()]

    def decide_revision(self, request, object_id):
        """Publish or discard a record's pending revision: reviewers only, by POST, and
        only the revision the reviewer saw (its number)."""
        record = self.get_object(request, unquote(object_id)) if is_id(unquote(object_id)) else None
        if record is None:
            raise Http404
        if request.method != "POST" or not self.has_publish_permission(request, record):
            raise PermissionDenied
        after = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(after, {request.get_host()}):
            after = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[record.pk]
            )
        revision = revisions.pending(record)
        decision = request.POST.get("decision")
        if revision is None or str(revision.number) != request.POST.get("revision_number"):
            self.message_user(
                request,
                f"The revision of “{record}” you saw was changed, published or discarded since. "
                "Nothing was done: look at it again.",
                messages.ERROR,
            )
        elif decision == "publish":
            try:
                revisions.publish(revision, request.user)
            except revisions.Refused as refusal:
                self.message_user(
                    request,
                    f"Revision {revision.number} of “{record}” cannot be published: {refusal}. "
                    "Nothing was changed.",
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    f"Published revision {revision.number} of “{record}”.",
                    messages.SUCCESS,
                )
        elif decision == "discard":
            revisions.discard(revision, request.user)
            self.message_user(
                request, f"Discarded revision {revision.number} of “{record}”.", messages.SUCCESS
            )
        else:
            self.message_user(request, "Choose publish or discard.", messages.ERROR)
        return redirect(after)

    # Unpublishing -----------------------------------------------------------

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published and not self.has_publish_permission(request):
            return False  # deleting a published record takes it off the public site
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        record = self.get_object(request, unquote(object_id)) if is_id(unquote(object_id)) else None
        if record is not None and record.is_published and not self.has_publish_permission(request):
            self.message_user(
                request,
                f"“{record}” is published: only a reviewer may delete it. Nothing was deleted. "
                "To propose taking it off the public site, press “Propose returning to draft”.",
                messages.ERROR,
            )
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", record.pk)
        return super().delete_view(request, object_id, extra_context)

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
        text = getattr(obj, obj.excerpt_field)
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


#: The read-only tables of records citing a source that its form shows. An app whose
#: records cite sources adds its own (statements/admin.py).
CITING_INLINES = []
