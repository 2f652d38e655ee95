from django.apps import AppConfig


class PerfConfig(AppConfig):
    """The measuring tools: `synth` (synthetic data at scale), `bench` and its baseline,
    Django's stock admin (stock_admin.py). Nothing of the site imports it."""

    name = "perf"
    default_auto_field = "django.db.models.BigAutoField"
