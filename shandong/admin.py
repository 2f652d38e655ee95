"""The admin site, with a "Needs review" page listing every record in review, that
refuses a NUL in any admin page's query string."""

from functools import wraps

from django.contrib import admin
from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import path

from entities.models import Curated, Status

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
        needs_review = path(
            "needs-review/", self.admin_view(self.needs_review), name="needs_review"
        )
        return [needs_review, *super().get_urls()]

    def needs_review(self, request):
        """Everything in review, across models: a count and the oldest few of each."""
        groups = []
        for model, model_admin in self._registry.items():
            if not issubclass(model, Curated) or not model_admin.has_view_permission(request):
                continue
            waiting = model._default_manager.filter(status=Status.REVIEW)
            oldest = list(waiting.order_by("updated_at")[:NEEDS_REVIEW_SHOWN])
            if oldest:
                opts = model._meta
                groups.append(
                    {
                        "name": opts.verbose_name_plural,
                        "records": oldest,
                        "count": len(oldest)
                        if len(oldest) < NEEDS_REVIEW_SHOWN
                        else waiting.count(),
                        "changelist": f"admin:{opts.app_label}_{opts.model_name}_changelist",
                        "change": f"admin:{opts.app_label}_{opts.model_name}_change",
                    }
                )
        context = {**self.each_context(request), "title": "Needs review", "groups": groups}
        return TemplateResponse(request, "admin/needs_review.html", context)
