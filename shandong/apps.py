from django.contrib.admin import apps


class AdminConfig(apps.AdminConfig):
    """Django's admin, with the site of shandong/admin.py ("Needs review")."""

    default = False  # the "shandong" entry of INSTALLED_APPS is a plain app
    default_site = "shandong.admin.AdminSite"
