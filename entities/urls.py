from django.urls import path

from . import views

app_name = "entities"

urlpatterns = [
    path("places/<slug:slug>/", views.PlaceDetail.as_view(), name="place-detail"),
    path("topics/<slug:slug>/", views.TopicDetail.as_view(), name="topic-detail"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetail.as_view(),
        name="organisation-detail",
    ),
    path("people/<slug:slug>/", views.PersonDetail.as_view(), name="person-detail"),
    path("projects/<slug:slug>/", views.ProjectDetail.as_view(), name="project-detail"),
    path("sources/<slug:slug>/", views.SourceDetail.as_view(), name="source-detail"),
]
