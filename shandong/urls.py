from django.contrib import admin
from django.urls import include, path

from . import views

handler500 = "shandong.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("admin/", admin.site.urls),
    path("", include("entities.urls")),
    path("", include("statements.urls")),
]
