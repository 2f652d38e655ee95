"""The admin side of ingest: upload or paste an article, then review its proposals.

The review page shows the source's text with every proposal highlighted in place,
coloured by kind, and a table of proposals to accept, edit (the draft record's own
change form: speaker, kind, text) or reject, one by one from the keyboard or all
above a confidence at once. Accepting sends to review, always; a reviewer publishes
through "Accept and publish", whose confirmation page lists every record it publishes.
"""

from decimal import Decimal, InvalidOperation

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from entities.models import Source, Status

from . import services
from .forms import ArticleForm
from .models import Proposal


def within_bigint(pk):
    """An id from a URL, or 0 (no record) when too big for the database: SQLite raised
    OverflowError on 10**20, a 500."""
    return pk if pk < 2**63 else 0


def highlighted(body, proposals):
    """The body, escaped, with every proposal's span in a <mark> of its kind.

    Spans may nest or overlap (a figure inside a quote): the text is cut at every
    span's edges and each piece is wrapped in one mark per proposal covering it.
    """
    cuts = sorted({0, len(body), *(p.start for p in proposals), *(p.end for p in proposals)})
    parts = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = format_html("{}", body[start:end])
        for p in sorted(proposals, key=lambda p: p.end - p.start):  # inner spans first
            if p.start <= start and end <= p.end:
                first = format_html(' id="proposal-{}-text"', p.pk) if start == p.start else ""
                piece = format_html(
                    '<mark class="proposal {} {}" data-proposal="{}"{}>{}</mark>',
                    p.kind,
                    p.state,
                    p.pk,
                    first,
                    piece,
                )
        parts.append(piece)
    return mark_safe("".join(parts))


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["short_text", "kind", "speaker_or_value", "rule", "confidence", "state"]
    list_filter = ["state", "kind", "rule"]
    list_select_related = ["source"]
    search_fields = ["source__title", "source__slug"]
    readonly_fields = [f.name for f in Proposal._meta.fields]
    show_full_result_count = False

    @admin.display(description="text")
    def short_text(self, proposal):
        return proposal.text[:80]

    @admin.display(description="speaker or value")
    def speaker_or_value(self, proposal):
        found = proposal.found
        if proposal.kind == "figure":
            return f"{found.get('value')} {found.get('unit')} ({found.get('indicator')})"
        if found.get("reported_by"):
            return f"according to {found['reported_by']}"
        return found.get("speaker") or "needs a speaker"

    def has_add_permission(self, request):
        return False  # proposals come from ingesting an article: see "Ingest an article"

    def has_delete_permission(self, request, obj=None):
        return False  # a rejected proposal is kept, so it is not proposed again

    def has_change_permission(self, request, obj=None):
        return False  # decided on the review page, never edited as a form

    def may_decide(self, request):
        return request.user.has_perm("ingest.change_proposal")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload), name="ingest_upload"),
            path("review/<int:source_id>/", view(self.review), name="ingest_review"),
            path("<int:pk>/decide/", view(self.decide), name="ingest_decide"),
            path("<int:pk>/publish/", view(self.publish), name="ingest_publish"),
            path("review/<int:source_id>/bulk/", view(self.bulk), name="ingest_bulk"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {"upload_url": reverse("admin:ingest_upload"), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def upload(self, request):
        if not self.has_view_permission(request) or not request.user.has_perm(
            "ingest.add_proposal"
        ):
            raise PermissionDenied
        form = ArticleForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            day, precision = data["published"]
            result = services.ingest(
                data["body"],
                title=data["title"],
                publisher=data["publisher"],
                published=day,
                precision=precision,
                url=data["url"],
                language=data["language"],
            )
            messages.info(request, " ".join(result.summary().splitlines()))
            return redirect("admin:ingest_review", result.source.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Ingest an article",
            "form": form,
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/ingest/upload.html", context)

    def review(self, request, source_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        source = get_object_or_404(Source, pk=within_bigint(source_id))
        proposals = list(source.proposals.select_related("statement", "metric"))
        for proposal in proposals:
            proposal.source = source  # for proposal.text, without a query each
            services.follow_edits(proposal)  # shown as edited, saved when accepted
        waiting = [p for p in proposals if p.state == Proposal.State.PROPOSED]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review proposals: {source.title}",
            "source": source,
            "rows": [
                (p, record_link(p), found_summary(p), self.publish_url(request, p))
                for p in proposals
            ],
            "waiting": len(waiting),
            "text": highlighted(source.body, [p for p in proposals if p.state != "rejected"]),
            "counts": {kind: sum(p.kind == kind for p in waiting) for kind in Proposal.Kind.values},
            "opts": self.opts,
            "may_change": self.may_decide(request),
        }
        return TemplateResponse(request, "admin/ingest/review.html", context)

    def publish_url(self, request, proposal):
        """Where a reviewer accepts and publishes a waiting proposal, or "" for others."""
        record = proposal.record
        if (
            proposal.state == Proposal.State.PROPOSED
            and record
            and self.may_decide(request)
            and record.may_publish(request.user)
        ):
            return reverse("admin:ingest_publish", args=[proposal.pk])
        return ""

    def decide(self, request, pk):
        proposal = get_object_or_404(
            Proposal.objects.select_related("source"), pk=within_bigint(pk)
        )
        if request.method != "POST" or not self.may_decide(request):
            raise PermissionDenied
        decision = request.POST.get("decision")
        if proposal.state != Proposal.State.PROPOSED:
            messages.warning(request, f"That proposal was already {proposal.state}.")
        elif decision == "accept":
            status = services.accept(proposal, request.user)
            where = {Status.REVIEW: " and sent to review", Status.PUBLISHED: " (published)"}
            messages.success(request, f"Accepted{where.get(status, '')}: {proposal}.")
        elif decision == "reject":
            services.reject(proposal)
            messages.success(request, f"Rejected: {proposal}.")
        else:
            messages.error(request, "Choose accept or reject.")
        return redirect(back_to(proposal))

    def publish(self, request, pk):
        """ "Accept and publish": a GET shows the records it will publish (and changes
        nothing); the POST publishes exactly the records that page listed, or nothing."""
        proposal = get_object_or_404(
            Proposal.objects.select_related("source", "statement", "metric"),
            pk=within_bigint(pk),
        )
        if not self.may_decide(request):
            raise PermissionDenied
        if proposal.state != Proposal.State.PROPOSED:
            messages.warning(
                request, f"That proposal was already {proposal.state}. Nothing was published."
            )
            return redirect(back_to(proposal))
        record = proposal.record
        if not (record and record.may_publish(request.user)):
            raise PermissionDenied
        if request.method == "POST":
            try:
                published = services.accept_and_publish(
                    proposal, request.user, request.POST.getlist("records")
                )
            except services.Refused as refusal:
                messages.error(request, str(refusal))
                return redirect("admin:ingest_publish", proposal.pk)
            listed = "; ".join(f"{kind(r)} “{r}”" for r in published)
            messages.success(request, f"Accepted and published {len(published)} records: {listed}.")
            return redirect(back_to(proposal))
        records = services.to_publish(proposal)
        refused = [r for r in records if not r.may_publish(request.user)]
        context = {
            **self.admin_site.each_context(request),
            "title": "Accept and publish",
            "proposal": proposal,
            "rows": [(r, kind(r), services.key(r), change_url(r)) for r in records],
            "refused": sorted({str(r._meta.verbose_name_plural) for r in refused}),
            "back": back_to(proposal),
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/ingest/publish.html", context)

    def bulk(self, request, source_id):
        if request.method != "POST" or not self.may_decide(request):
            raise PermissionDenied
        source = get_object_or_404(Source, pk=within_bigint(source_id))
        try:
            threshold = Decimal(request.POST.get("confidence", ""))
        except InvalidOperation:
            threshold = None
        if threshold is None or not threshold.is_finite() or not 0 <= threshold <= 1:
            messages.error(request, "Give a confidence between 0 and 1.")
            return redirect("admin:ingest_review", source.pk)
        chosen = source.proposals.filter(state=Proposal.State.PROPOSED, confidence__gte=threshold)
        accepted = 0
        for proposal in chosen.select_related("statement", "metric"):
            services.accept(proposal, request.user)  # to review: bulk never publishes
            accepted += 1
        messages.success(
            request,
            f"Accepted {accepted} proposals at confidence {threshold} or more and sent them "
            "to review.",
        )
        return redirect("admin:ingest_review", source.pk)


def back_to(proposal):
    """The review page, at the proposal's row."""
    return reverse("admin:ingest_review", args=[proposal.source_id]) + f"#proposal-{proposal.pk}"


def change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def kind(record):
    """ "person", "source", "statement": what a record is, for a reviewer."""
    return record._meta.verbose_name


def record_link(proposal):
    record = proposal.record
    if record is None:
        return ""
    return format_html('<a href="{}" data-key="edit">Edit</a>', change_url(record))


def named(value, key=("name", "label")):
    """What a found subject or period is called (older proposals hold plain text)."""
    if isinstance(value, dict):
        return next((value[k] for k in key if value.get(k)), None)
    return value


def found_summary(proposal):
    found = proposal.found
    if proposal.kind == "figure":
        rows = [(k, found.get(k)) for k in ("value", "unit", "qualifier", "indicator")]
        rows += [("subject", named(found.get("subject"))), ("period", named(found.get("period")))]
    else:
        rows = [(k, found.get(k)) for k in ("speaker", "title", "reported_by")]
    rows.append(("needs", found.get("needs")))
    return format_html_join(", ", "{}: {}", ((k, v) for k, v in rows if v))
