from django.urls import path

from . import feeds, views

app_name = "statements"

urlpatterns = [
    path("feeds/statements/", feeds.StatementFeed(), name="statement-feed"),
    path("feeds/figures/", feeds.MetricFeed(), name="metric-feed"),
    path("feeds/people/<slug:slug>/", feeds.PersonFeed(), name="person-feed"),
    path("feeds/organisations/<slug:slug>/", feeds.OrganisationFeed(), name="organisation-feed"),
    path("feeds/topics/<slug:slug>/", feeds.TopicFeed(), name="topic-feed"),
    path("statements/", views.StatementList.as_view(), name="statement-list"),
    path("statements/<slug:slug>/", views.StatementDetail.as_view(), name="statement-detail"),
    path("metrics/", views.MetricList.as_view(), name="metric-list"),
    path("metrics/<slug:slug>/", views.MetricDetail.as_view(), name="metric-detail"),
    path("indicators/", views.IndicatorList.as_view(), name="indicator-list"),
    path("indicators/<slug:slug>/", views.IndicatorDetail.as_view(), name="indicator-detail"),
]
