"""The site's URLs plus Django's stock admin at /bench-stock-admin/: for `bench` only."""

from django.urls import path

from shandong.urls import urlpatterns as site_urlpatterns

from .stock_admin import stock_site

urlpatterns = [path("bench-stock-admin/", stock_site.urls), *site_urlpatterns]
