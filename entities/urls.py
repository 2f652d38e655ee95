from django.urls import path

from . import suggest, views

app_name = "entities"

urlpatterns = [
    path("people/", views.PersonList.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetail.as_view(), name="person-detail"),
    path("organisations/", views.OrganisationList.as_view(), name="organisation-list"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetail.as_view(),
        name="organisation-detail",
    ),
    path("projects/", views.ProjectList.as_view(), name="project-list"),
    path("projects/<slug:slug>/", views.ProjectDetail.as_view(), name="project-detail"),
    path("places/", views.PlaceList.as_view(), name="place-list"),
    path("places/<slug:slug>/", views.PlaceDetail.as_view(), name="place-detail"),
    path("topics/", views.TopicList.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetail.as_view(), name="topic-detail"),
    path("sources/", views.SourceList.as_view(), name="source-list"),
    path("sources/<slug:slug>/", views.SourceDetail.as_view(), name="source-detail"),
    path("suggest/<slug:kind>/", suggest.suggest, name="suggest"),
]
