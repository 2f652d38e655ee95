from django.urls import path

from . import views

app_name = "statements"

urlpatterns = [
    path("indicators/<slug:slug>/", views.IndicatorDetail.as_view(), name="indicator-detail"),
    path("metrics/<slug:slug>/", views.MetricDetail.as_view(), name="metric-detail"),
    path("statements/<slug:slug>/", views.StatementDetail.as_view(), name="statement-detail"),
]
