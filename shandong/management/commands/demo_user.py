from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create (or reset) a superuser for a local first look, and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", default="shandong-demo")

    def handle(self, *args, username, password, **options):
        if not settings.DEBUG:
            raise CommandError("demo_user is for local development: set DJANGO_DEBUG=true.")
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"Admin login: username {username!r}, password {password!r}")
