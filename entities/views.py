from django.views.generic import DetailView

from .models import Organisation, Person, Place, Project, Source, Topic


class PublishedDetailView(DetailView):
    """A record's page, by slug; drafts and records in review answer 404."""

    def get_queryset(self):
        return self.model.objects.published()


class PlaceDetail(PublishedDetailView):
    model = Place


class TopicDetail(PublishedDetailView):
    model = Topic


class OrganisationDetail(PublishedDetailView):
    model = Organisation


class PersonDetail(PublishedDetailView):
    model = Person


class ProjectDetail(PublishedDetailView):
    model = Project


class SourceDetail(PublishedDetailView):
    model = Source
