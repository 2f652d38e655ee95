from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from . import views

handler500 = "shandong.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("about/", TemplateView.as_view(template_name="about.html"), name="about"),
    path("favicon.ico", views.favicon),
    path("exports/popolo.json", views.popolo_export, name="popolo-export"),
    path("exports/ftm.json", views.ftm_export, name="ftm-export"),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("", include("entities.urls")),
    path("", include("statements.urls")),
]
