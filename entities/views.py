"""Public pages: filtered, searchable, exportable lists and linked detail pages.

The pages of places and organisations list statements and metrics too; they reach
those models through the app registry, as `entities` never imports `statements`.

Only published records appear, in lists, counts, exports and on detail pages; a
draft's URL answers 404. Related lists on a detail page show the first few and
link to the full, filtered list.
"""

from django.apps import apps
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.generic import DetailView
from django_filters.views import FilterView

from . import excerpts, filters, linked_data
from .citations import citation
from .exports import export, joined, url_of
from .models import Organisation, Person, Place, Project, Source, Topic, moved, person_name
from .paginators import EstimatedCountPaginator

#: How many related records a detail page shows before linking to the full list.
SHOWN = 20


class RecordList(FilterView):
    """A public list: filters, search, sorting, pagination, a count and exports."""

    paginate_by = 25
    paginator_class = EstimatedCountPaginator
    template_name = "list.html"
    #: (header, function of a record) for the CSV and JSON exports.
    columns = []
    #: Explains the page in a sentence.
    intro = ""
    #: The URL name of the list's Atom feed, if it has one, linked from the page's head.
    feed = None

    def get_queryset(self):
        return self.model.objects.published()

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format")
        if fmt in ("csv", "json"):
            filterset = self.get_filterset(self.get_filterset_class())
            rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
            name = self.model._meta.verbose_name_plural
            # Links in an export are absolute: the file is read away from the site.
            origin = request.build_absolute_uri("/").removesuffix("/")
            return export(rows, self.columns, fmt, name, origin)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opts = self.model._meta
        context.update(
            title=opts.verbose_name_plural.capitalize(),
            singular=opts.verbose_name,
            intro=self.intro,
            row_template=f"{opts.app_label}/{opts.model_name}_row.html",
            active_filters=list(self.active_filters()),
            export_query=self.export_query(),
            feed_url=reverse(self.feed) if self.feed else None,
        )
        return context

    def active_filters(self):
        """(label, value shown, URL without it, what a related filter chose) for each
        filter in use. The choice comes with links to the other matches, each the
        same list filtered by that record's slug."""
        form = self.filterset.form
        if not form.is_valid():
            return
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name)
            if value in (None, "", []) or name == "o":
                continue
            if hasattr(field, "choices") and not hasattr(value, "pk"):
                value = dict(field.choices).get(value, value)
            match = self.filterset.matches.get(name)
            if match is not None:
                match.links = [(other, self.query_with(name, other.slug)) for other in match.others]
            yield field.label or name, value, self.query_with(name, None), match

    def query_with(self, name, value):
        """This page's query, on its first page, with the filter `name` set to `value`
        (or removed, for None)."""
        params = self.request.GET.copy()
        params.pop(name, None)
        params.pop("page", None)
        if value is not None:
            params[name] = value
        return "?" + params.urlencode()

    def export_query(self):
        params = self.request.GET.copy()
        params.pop("page", None)
        params.pop("format", None)
        return params.urlencode()


class PublishedDetailView(DetailView):
    """A record's page, by slug; drafts and records in review answer 404.

    A slug the record had before, or that a record merged into it had, answers 301
    to the record's page, if it is published (`moved`)."""

    #: A function of (record, absolute) giving the page's schema.org JSON-LD
    #: (entities.linked_data); None for a page without it.
    schema = None
    #: The URL name of the record's Atom feed, if it has one (statements/feeds.py),
    #: linked from the page's head.
    feed = None

    def get_queryset(self):
        return self.model.objects.published()

    def get_context_data(self, **kwargs):
        absolute = self.request.build_absolute_uri
        permalink = absolute(self.object.get_absolute_url())
        if self.schema is not None:
            kwargs["linked_data"] = linked_data.script(self.schema(self.object, absolute))
        feed_url = reverse(self.feed, args=[self.object.slug]) if self.feed else None
        return super().get_context_data(
            cite=citation(self.object, permalink), feed_url=feed_url, **kwargs
        )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            record = moved(self.model, kwargs["slug"])
            if record is None:
                raise
            return HttpResponsePermanentRedirect(record.get_absolute_url())


def up_to_shown(queryset, n=SHOWN):
    """The first records a detail page lists; it links to the full list for the rest."""
    return list(queryset[:n])


# What a detail page's short lists show of each record, and no more: a model instance of
# every column, for a page's seven to ten lists, cost more than the rest of the page
# (docs/performance.md). tests/public/test_public_query_counts.py fails if a template
# shows a column left out here (each would be read again, a query per row). A list read
# through a record's reverse relation (its children, its positions) keeps the key back to
# the record, which Django reads to link each row to it.
#: A link to a named record: its name and its address.
LINK = ("slug", "name")
#: A link to a figure: "indicator: value (period)".
METRIC_LINK = (
    *("slug", "value", "qualifier", "period_label"),
    *("indicator__slug", "indicator__name", "indicator__unit"),
)
#: A link to a person, by name.
PERSON_LINK = tuple(f"person__{f}" for f in ("slug", "family_name", "given_name", "name_order"))


# Lists -----------------------------------------------------------------------


class PersonList(RecordList):
    model = Person
    filterset_class = filters.PersonFilter
    intro = "People named in the sources, with the positions the sources give them."
    columns = [
        ("slug", "slug"),
        ("name", ("family_name", "given_name", "name_order"), person_name),
        ("family_name", "family_name"),
        ("given_name", "given_name"),
        ("name_order", "name_order"),
        ("aliases", ("aliases",), joined),
        ("description", "description"),
        ("wikidata_id", "wikidata_id"),
        ("url", ("slug",), url_of("entities:person-detail")),
    ]


class OrganisationList(RecordList):
    model = Organisation
    filterset_class = filters.OrganisationFilter
    intro = "Companies, government bodies, universities, zones and media the sources name."
    columns = [
        ("slug", "slug"),
        ("name", "name"),
        ("kind", "kind"),
        ("aliases", ("aliases",), joined),
        ("place", "place__slug"),
        ("parent", "parent__slug"),
        ("description", "description"),
        ("wikidata_id", "wikidata_id"),
        ("url", ("slug",), url_of("entities:organisation-detail")),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("place", "parent")


class ProjectList(RecordList):
    model = Project
    filterset_class = filters.ProjectFilter
    intro = "Facilities, parks, plans, campaigns, products and technologies."
    columns = [
        ("slug", "slug"),
        ("name", "name"),
        ("kind", "kind"),
        ("stage", "stage"),
        ("place", "place__slug"),
        ("description", "description"),
        ("url", ("slug",), url_of("entities:project-detail")),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("place")


class PlaceList(RecordList):
    model = Place
    filterset_class = filters.PlaceFilter
    intro = "Provinces, cities, districts, zones and seas, each inside its parent."
    columns = [
        ("slug", "slug"),
        ("name", "name"),
        ("kind", "kind"),
        ("parent", "parent__slug"),
        ("wikidata_id", "wikidata_id"),
        ("url", ("slug",), url_of("entities:place-detail")),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("parent")


class TopicList(RecordList):
    model = Topic
    filterset_class = filters.TopicFilter
    intro = "The themes and sectors records are tagged with."
    columns = [
        ("slug", "slug"),
        ("name", "name"),
        ("kind", "kind"),
        ("description", "description"),
        ("url", ("slug",), url_of("entities:topic-detail")),
    ]


class SourceList(RecordList):
    model = Source
    filterset_class = filters.SourceFilter
    intro = "The published texts every record is quoted from."
    columns = [
        ("slug", "slug"),
        ("title", "title"),
        ("publisher", "publisher__name"),
        ("published_on", "published_on"),
        ("published_on_precision", "published_on_precision"),
        ("kind", "kind"),
        ("language", "language"),
        ("source_url", "url"),
        ("url", ("slug",), url_of("entities:source-detail")),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("publisher").defer("body")


# Details ---------------------------------------------------------------------


class PersonDetail(PublishedDetailView):
    model = Person
    schema = staticmethod(linked_data.person)
    feed = "statements:person-feed"

    def get_context_data(self, **kwargs):
        person = self.object
        statements = person.statements.published()
        # Newest first, grouped by source (the template), as SayIt lists a speaker's words.
        newest = statements.order_by("-source__published_on", "source_id", "offset", "id")
        return super().get_context_data(
            positions=person.positions.published()
            .select_related("organisation", "source")
            .only(
                *("person", "title", "evidence", "source__slug"),
                *("organisation__status", "organisation__slug", "organisation__name"),
            ),
            statements=newest.shown(SHOWN),
            statement_count=statements.count(),
            quoted_in=person.quoted_in.published().shown(SHOWN),
            **kwargs,
        )


class OrganisationDetail(PublishedDetailView):
    model = Organisation
    schema = staticmethod(linked_data.organisation)
    feed = "statements:organisation-feed"

    def get_queryset(self):
        # The parent and place it names, in the same query, so every organisation's page
        # costs the same number of queries.
        return super().get_queryset().select_related("parent", "place")

    def get_context_data(self, **kwargs):
        org = self.object
        statement = apps.get_model("statements", "Statement")
        mentions = statement.organisations.through.objects.filter(organisation=org)
        published = statement.objects.published()
        # Two indexed queries, not one with OR, which scans every statement.
        spoken = published.filter(speaker_position__organisation=org)
        mentioning = published.filter(pk__in=mentions.values("statement"))
        statements = spoken.shown(SHOWN, mentioning)
        positions = org.positions.published().filter(person__status="published")
        return super().get_context_data(
            parent=org.parent if org.parent and org.parent.is_published else None,
            children=up_to_shown(org.children.published().only("parent", *LINK)),
            positions=up_to_shown(
                positions.select_related("person").only("organisation", "title", *PERSON_LINK)
            ),
            projects=up_to_shown(org.projects.published().only(*LINK).distinct()),
            metrics=up_to_shown(
                org.metrics.published()
                .select_related("indicator")
                .only("organisation", *METRIC_LINK)
            ),
            statements=statements,
            **kwargs,
        )


class PlaceDetail(PublishedDetailView):
    model = Place
    schema = staticmethod(linked_data.place)

    def get_context_data(self, **kwargs):
        place = self.object
        within = Place.objects.where_within(place)
        organisations = Organisation.objects.published().filter(within)
        projects = Project.objects.published().filter(within)
        in_place = (*LINK, "place__name")  # "(where)" when below this place
        return super().get_context_data(
            parent=place.parent if place.parent and place.parent.is_published else None,
            children=up_to_shown(place.children.published().only("parent", *LINK)),
            organisations=up_to_shown(organisations.select_related("place").only(*in_place)),
            organisation_count=organisations.count(),
            projects=up_to_shown(projects.select_related("place").only(*in_place)),
            project_count=projects.count(),
            metrics=up_to_shown(
                apps.get_model("statements", "Metric")
                .objects.published()
                .filter(within)
                .select_related("indicator", "place")
                .only(*METRIC_LINK, "place__name")
            ),
            **kwargs,
        )


class ProjectDetail(PublishedDetailView):
    model = Project

    def get_context_data(self, **kwargs):
        project = self.object
        return super().get_context_data(
            roles=project.roles.filter(organisation__status="published").select_related(
                "organisation"
            ),
            metrics=project.metrics.published()
            .select_related("indicator", "source")
            .defer("source__body"),
            statements=project.mentioned_in.published().shown(SHOWN),
            topics=project.topics.published(),
            sources=project.sources.published().defer("body"),
            **kwargs,
        )


class TopicDetail(PublishedDetailView):
    model = Topic
    feed = "statements:topic-feed"

    def get_context_data(self, **kwargs):
        topic = self.object
        return super().get_context_data(
            statements=topic.statements.published().shown(SHOWN),
            organisations=up_to_shown(topic.organisations.published().only(*LINK)),
            projects=up_to_shown(topic.projects.published().only(*LINK)),
            metrics=up_to_shown(
                topic.metrics.published().select_related("indicator").only(*METRIC_LINK)
            ),
            indicators=up_to_shown(topic.indicators.published().only(*LINK)),
            **kwargs,
        )


class SourceDetail(PublishedDetailView):
    model = Source

    def get_context_data(self, **kwargs):
        source = self.object
        statements = source.statements.published().select_related("speaker")
        metrics = source.metrics.published().select_related("indicator")
        positions = source.positions.published().select_related("person", "organisation")
        roles = source.project_roles.published().select_related("project")
        records = [*statements, *metrics, *positions, *roles]
        return super().get_context_data(
            body=excerpts.highlight(source.body, excerpts.spans(source.body, records)),
            statements=statements,
            metrics=metrics,
            positions=positions,
            roles=roles,
            **kwargs,
        )
