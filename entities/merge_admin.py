"""The admin's "Possible duplicates" page and merge confirmation, for the model admins
of people, organisations, places, projects and indicators (`MergeableAdmin`).

`<changelist>/duplicates/` lists candidate pairs (entities/duplicates.py) with the
reason and the evidence: where each record is used, counted per relation with a
link to the filtered list. A curator may say a pair is not the same (`NotDuplicate`),
and it is listed no more. A reviewer picks the record to keep; the confirmation
page (`<changelist>/merge/?keep=..&drop=..`) shows what will move, or why the
merge is refused, and its POST merges (entities/merging.py).
"""

import re

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse

from . import duplicates
from .merging import MergeRefused, check, combine_names, merge, references
from .models import NotDuplicate


class MergeableAdmin:
    """Adds "Possible duplicates" and merging to a curated model's admin."""

    change_list_template = "admin/mergeable_change_list.html"

    def get_urls(self):
        opts = self.opts
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "duplicates/",
                self.admin_site.admin_view(self.duplicates_view),
                name=f"{name}_duplicates",
            ),
            path("merge/", self.admin_site.admin_view(self.merge_view), name=f"{name}_merge"),
            *super().get_urls(),
        ]

    # Possible duplicates -------------------------------------------------------

    def duplicates_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self.not_duplicates(request)
        model, kind = self.model, self.opts.model_name
        content_type = ContentType.objects.get_for_model(model)
        distinct = set(
            NotDuplicate.objects.filter(content_type=content_type).values_list(
                "first_id", "second_id"
            )
        )
        pairs = duplicates.candidates(duplicates.names_of(model), kind, distinct=distinct)
        records = model._default_manager.in_bulk({pk for p in pairs for pk in (p.first, p.second)})
        used = references(model, records.values())
        rows = [
            {
                "reason": pair.reason,
                "records": [
                    self.described(records[pk], used[pk], request)
                    for pk in (pair.first, pair.second)
                ],
            }
            for pair in pairs
            if pair.first in records and pair.second in records
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Possible duplicates: {self.opts.verbose_name_plural}",
            "rows": rows,
            "limit": duplicates.MAX_PAIRS,
            "can_merge": model.may_publish(request.user),
            "can_change": self.has_change_permission(request),
        }
        return TemplateResponse(request, "admin/duplicates.html", context)

    def not_duplicates(self, request):
        """POST first, second: the two records are not the same; list them no more."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        ids = [request.POST.get("first", ""), request.POST.get("second", "")]
        if not all(re.fullmatch(r"[0-9]{1,18}", i) for i in ids) or ids[0] == ids[1]:
            raise Http404
        first, second = sorted(int(i) for i in ids)
        found = self.model._default_manager.in_bulk([first, second])
        if len(found) != 2:
            raise Http404
        NotDuplicate.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(self.model),
            first_id=first,
            second_id=second,
            defaults={"decided_by": request.user},
        )
        self.message_user(
            request,
            f"{found[first]} and {found[second]} are not listed as possible duplicates any more.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path)

    def described(self, record, used, request):
        """A record as the duplicates and merge pages show it: its names, status and
        notes, and where it is used."""
        return {
            "record": record,
            "url": self.change_url(record),
            "aliases": getattr(record, "aliases", []),
            "name_zh": getattr(record, "name_zh", ""),
            "used": [
                (label, count, self.filtered_list(related, field, record))
                for label, count, field, related in used
            ],
        }

    def change_url(self, record):
        opts = record._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])

    def filtered_list(self, related, field, record):
        """The related model's changelist filtered to this record, when it has a filter
        by that field; else None."""
        model_admin = self.admin_site._registry.get(related)
        filters = getattr(model_admin, "list_filter", ())
        if not any(getattr(f, "parameter_name", None) == field for f in filters):
            return None
        opts = related._meta
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        except NoReverseMatch:
            return None
        return f"{url}?{field}={record.slug}"

    # Merging -------------------------------------------------------------------

    def merge_view(self, request):
        """GET: what merging `drop` into `keep` would do; POST: merge them."""
        if not self.model.may_publish(request.user):
            raise PermissionDenied
        params = request.POST if request.method == "POST" else request.GET
        ids = [params.get("keep", ""), params.get("drop", "")]
        if not all(re.fullmatch(r"[0-9]{1,18}", i) for i in ids):  # "²".isdigit() is True
            raise Http404
        found = self.model._default_manager.in_bulk([int(i) for i in ids])
        if len(found) != 2:
            raise Http404
        keep, drop = found[int(ids[0])], found[int(ids[1])]
        if request.method == "POST":
            return self.merge_posted(request, keep, drop)
        used = references(self.model, [keep, drop])
        preview = self.model._default_manager.get(pk=keep.pk)
        combine_names(preview, drop)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Merge {self.opts.verbose_name_plural}",
            "keep": self.described(keep, used[keep.pk], request),
            "drop": self.described(drop, used[drop.pk], request),
            "aliases": getattr(preview, "aliases", None),
            "problems": check(self.model, keep, drop),
        }
        return TemplateResponse(request, "admin/merge_confirm.html", context)

    def merge_posted(self, request, keep, drop):
        here = f"{request.path}?keep={keep.pk}&drop={drop.pk}"
        versions = [request.POST.get("keep_version"), request.POST.get("drop_version")]
        if versions != [str(keep.version), str(drop.version)]:
            self.message_user(
                request,
                "One of the records changed after you opened this page. Nothing was merged: "
                "look at them again below.",
                messages.ERROR,
            )
            return HttpResponseRedirect(here)
        name, pk = str(drop), drop.pk
        try:
            merge(keep, drop, request.user)
        except MergeRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return HttpResponseRedirect(here)
        self.message_user(
            request,
            f"Merged {name} (#{pk}) into {keep}. Its addresses now lead here.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self.change_url(keep))
