from django.core.management.base import BaseCommand, CommandError

from entities.models import Status
from shandong.loading import LoadError, load


class Command(BaseCommand):
    help = (
        "Load fixture files of new records for review: every record arrives with status "
        '"review". Records that already exist (same natural key) are refused; change those '
        "in the admin. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, files, **options):
        try:
            report = load(files, status=Status.REVIEW, update=False, reason="load_for_review")
        except LoadError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from None
        self.stdout.write(report.summary())
        self.stdout.write(self.style.SUCCESS("Loaded for review; publish them in the admin."))
