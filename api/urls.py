from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.register("statements", views.StatementViewSet)
# The public pages call metrics "figures"; the API keeps the model's name.
router.register("metrics", views.MetricViewSet)
router.register("indicators", views.IndicatorViewSet)
router.register("people", views.PersonViewSet)
router.register("organisations", views.OrganisationViewSet)
router.register("positions", views.PositionViewSet)
router.register("projects", views.ProjectViewSet)
router.register("places", views.PlaceViewSet)
router.register("topics", views.TopicViewSet)
router.register("sources", views.SourceViewSet)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view loads its script from a file, not inline: the CSP stays strict.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/docs.html"),
        name="docs",
    ),
]
