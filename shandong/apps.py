from django.apps import AppConfig
from django.contrib.admin import apps


class ShandongConfig(AppConfig):
    name = "shandong"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .cache import connect_signals

        connect_signals()


class AdminConfig(apps.AdminConfig):
    """Django's admin, with the site of shandong/admin.py ("Needs review")."""

    default = False  # the "shandong" entry of INSTALLED_APPS is a plain app
    default_site = "shandong.admin.AdminSite"
