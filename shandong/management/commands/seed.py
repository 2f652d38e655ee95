from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from entities.models import Status
from shandong.loading import LoadError, load


class Command(BaseCommand):
    help = (
        "Load every fixture in fixtures/ as published records, all or nothing. "
        "Provenance is checked before anything is committed; a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures",
            default=settings.BASE_DIR / "fixtures",
            type=Path,
            help="The folder of fixture files (default: fixtures/).",
        )

    def handle(self, *args, fixtures, **options):
        paths = sorted(fixtures.glob("*.json"))
        if not paths:
            raise CommandError(f"{fixtures}: no fixture files (*.json) found")
        try:
            report = load(paths, status=Status.PUBLISHED, update=True, reason="seed")
        except LoadError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from None
        self.stdout.write(report.summary())
        self.stdout.write(self.style.SUCCESS(f"Seeded from {len(paths)} fixture files."))
