from django.urls import path

from . import views

app_name = "statements"

urlpatterns = [
    path("statements/", views.StatementList.as_view(), name="statement-list"),
    path("statements/<slug:slug>/", views.StatementDetail.as_view(), name="statement-detail"),
    path("metrics/", views.MetricList.as_view(), name="metric-list"),
    path("metrics/<slug:slug>/", views.MetricDetail.as_view(), name="metric-detail"),
    path("indicators/", views.IndicatorList.as_view(), name="indicator-list"),
    path("indicators/<slug:slug>/", views.IndicatorDetail.as_view(), name="indicator-detail"),
]
