"""Atom feeds of what is newly published: statements, figures, and a person's, an
organisation's or a topic's statements. Newest first by when a reviewer published
them; each page that lists them links its feed (`feed_url` in the page's context).

A feed costs a fixed number of queries: its record (for one person, organisation or
topic), its items with what their titles show joined in, and for an organisation
three more, finding its newest statements of each kind.
"""

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from entities.models import Organisation, Person, Topic

from .models import Metric, Statement

#: How many of the newest records a feed holds.
ITEMS = 50
#: Served by the indexes statement_newest and metric_newest.
NEWEST = ("-published_at", "-id")


def newest(queryset):
    """The newest published first. A record published with no date of it (written to
    the database directly) was never newly published, and has no date to give."""
    return queryset.filter(published_at__isnull=False).order_by(*NEWEST)


class RecordFeed(Feed):
    """An Atom feed of records, each dated by when it was published and last changed;
    its link is the record's page (Feed's own item_link)."""

    feed_type = Atom1Feed

    def item_title(self, item):
        return str(item)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class StatementFeed(RecordFeed):
    title = "Shandong Records: new statements"
    subtitle = "Statements newly published on Shandong Records, each verbatim from its source."
    link = reverse_lazy("statements:statement-list")

    def statements(self, obj):
        return Statement.objects.published()

    def items(self, obj):
        statements = self.statements(obj).select_related("speaker", "source").defer("source__body")
        return newest(statements)[:ITEMS]

    def item_description(self, item):
        return f"{item.text} (from “{item.source}”)"

    def item_author_name(self, item):
        return str(item.speaker) if item.speaker and item.speaker.is_published else None


class PersonFeed(StatementFeed):
    #: Whose statements: a published record of this model, by slug.
    model = Person

    def get_object(self, request, slug):
        return get_object_or_404(self.model.objects.published(), slug=slug)

    def title(self, obj):
        return f"Shandong Records: statements by {obj}"

    def subtitle(self, obj):
        return f"Statements by {obj} newly published on Shandong Records."

    def link(self, obj):
        return obj.get_absolute_url()

    def statements(self, obj):
        return obj.statements.published()


class OrganisationFeed(PersonFeed):
    model = Organisation

    def title(self, obj):
        return f"Shandong Records: statements about {obj}"

    def subtitle(self, obj):
        return (
            f"Statements newly published on Shandong Records that name {obj}, are made in "
            "a position there, or that it reported."
        )

    def statements(self, obj):
        """As the organisation's page lists them: spoken in a position there, reported by
        it or naming it. The newest of each, a query each: one query with OR reads every
        statement (docs/performance.md)."""
        published = Statement.objects.published()
        mentions = Statement.organisations.through.objects.filter(organisation=obj)
        ids = set()
        for condition in (
            Q(speaker_position__organisation=obj),
            Q(reported_by=obj),
            Q(pk__in=mentions.values("statement")),
        ):
            ids.update(newest(published.filter(condition)).values_list("pk", flat=True)[:ITEMS])
        return published.filter(pk__in=ids)


class TopicFeed(PersonFeed):
    model = Topic

    def title(self, obj):
        return f"Shandong Records: statements on {obj}"

    def subtitle(self, obj):
        return f"Statements on {obj} newly published on Shandong Records."


class MetricFeed(RecordFeed):
    title = "Shandong Records: new figures"
    subtitle = "Figures newly published on Shandong Records, each with its words in the source."
    link = reverse_lazy("statements:metric-list")

    def items(self):
        metrics = Metric.objects.published().select_related(
            "indicator", "place", "organisation", "project"
        )
        return newest(metrics)[:ITEMS]

    def item_description(self, item):
        return item.evidence
