from django.apps import AppConfig
from django.db.models.signals import post_delete


class EntitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "entities"

    def ready(self):
        from .revisions import record_deleted

        post_delete.connect(record_deleted, dispatch_uid="revisions-of-deleted-records")
