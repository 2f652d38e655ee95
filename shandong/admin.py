"""The admin site, with a "Needs review" page listing every new record in review and
every pending revision of a published record, that refuses a NUL in any admin page's
query string."""

from functools import wraps

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from entities import revisions
from entities.forms import is_id
from entities.models import Curated, Revision, Status

NEEDS_REVIEW_SHOWN = 20


class AdminSite(admin.AdminSite):
    site_header = "Shandong Records — curation"
    site_title = "Shandong Records admin"
    index_title = "Curate"

    def admin_view(self, view, cacheable=False):
        """Every admin page answers 400 to a NUL in its query string. PostgreSQL refuses
        NUL in a query, and changelist searches, filters and the autocomplete passed it
        on (a 500). Forms need no such check: their fields reject NUL themselves."""
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def checked(request, *args, **kwargs):
            if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
                return HttpResponseBadRequest("A query may not contain a NUL character.")
            return inner(request, *args, **kwargs)

        return checked

    def get_urls(self):
        return [
            path("needs-review/", self.admin_view(self.needs_review), name="needs_review"),
            path("needs-review/decide/", self.admin_view(self.decide), name="needs_review_decide"),
            *super().get_urls(),
        ]

    def curated(self, request):
        """(model, its admin) of each curated model the user may see."""
        for model, model_admin in self._registry.items():
            if issubclass(model, Curated) and model_admin.has_view_permission(request):
                yield model, model_admin

    def get_app_list(self, request, app_label=None):
        """The records first; the login records (django-axes) last."""
        apps_shown = super().get_app_list(request, app_label)
        return sorted(apps_shown, key=lambda app: app["app_label"] == "axes")

    def index(self, request, extra_context=None):
        shown = [model for model, _ in self.curated(request)]
        waiting = sum(
            model._default_manager.filter(status=Status.REVIEW).count() for model in shown
        )
        waiting += (
            Revision.objects.pending()
            .filter(content_type__in=ContentType.objects.get_for_models(*shown).values())
            .count()
        )
        return super().index(request, {"waiting": waiting, **(extra_context or {})})

    def needs_review(self, request):
        """New records in review, oldest first, with who submitted each and when; and
        pending revisions of published records, with their differences."""
        groups = []
        for model, model_admin in self.curated(request):
            waiting = model._default_manager.filter(status=Status.REVIEW)
            oldest = list(waiting.order_by("updated_at")[:NEEDS_REVIEW_SHOWN])
            if oldest:
                submitted = submissions(model, oldest)
                opts = model._meta
                groups.append(
                    {
                        "name": opts.verbose_name_plural,
                        "rows": [(record, submitted.get(record.pk)) for record in oldest],
                        "count": len(oldest)
                        if len(oldest) < NEEDS_REVIEW_SHOWN
                        else waiting.count(),
                        "changelist": f"admin:{opts.app_label}_{opts.model_name}_changelist",
                        "change": f"admin:{opts.app_label}_{opts.model_name}_change",
                        "label": opts.label_lower,
                        "can_publish": model_admin.has_publish_permission(request),
                    }
                )
        shown = {model for model, _ in self.curated(request)}
        pending = [
            revision
            for revision in Revision.objects.pending()
            .select_related("content_type", "updated_by")
            .prefetch_related("record")[: NEEDS_REVIEW_SHOWN * 5]
            if revision.content_type.model_class() in shown and revision.record is not None
        ]
        changes = []
        for revision in pending:
            opts = revision.content_type.model_class()._meta
            model_admin = self._registry[revision.content_type.model_class()]
            changes.append(
                {
                    "revision": revision,
                    "rows": revisions.comparison(revision),
                    "change": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_change",
                        args=[revision.object_id],
                    ),
                    "decide": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_revision",
                        args=[revision.object_id],
                    ),
                    "kind": opts.verbose_name,
                    "can_publish": model_admin.has_publish_permission(request),
                }
            )
        context = {
            **self.each_context(request),
            "title": "Needs review",
            "groups": groups,
            "revisions": changes,
        }
        return TemplateResponse(request, "admin/needs_review.html", context)

    def decide(self, request):
        """Publish a record in review, or return it to draft, from "Needs review"."""

        if request.method != "POST":
            raise PermissionDenied
        label, _, pk = request.POST.get("record", "").partition(":")
        decision = request.POST.get("decision")
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            model = None
        model_admin = self._registry.get(model)
        if (
            model_admin is None
            or not issubclass(model, Curated)
            or not is_id(pk)
            or decision not in ("publish", "return_to_draft")
        ):
            messages.error(request, "No such record or decision. Nothing was changed.")
        elif not model_admin.has_change_permission(request):
            raise PermissionDenied
        else:
            records = model._default_manager.filter(pk=pk)
            version = request.POST.get("version", "")
            if is_id(version) and records.filter(version=version).exists():
                model_admin.transition(request, records, decision)
            else:  # changed since the reviewer saw it, or gone
                messages.error(
                    request,
                    "That record was changed or deleted after this page was shown: look at "
                    "it again. Nothing was changed.",
                )
        return redirect("admin:needs_review")


def submissions(model, records):
    """Record id -> the history row in which it last entered review: who sent it, when."""
    history = model.history.model.objects.filter(id__in=[r.pk for r in records])
    found, done = {}, set()
    for row in history.select_related("history_user").order_by("id", "-history_date"):
        if row.id in done:
            continue
        if row.status == Status.REVIEW:
            found[row.id] = row
        else:
            done.add(row.id)
    return found
