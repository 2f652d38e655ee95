from django.core.management.base import BaseCommand, CommandError

from shandong import provenance


class Command(BaseCommand):
    help = (
        "Check that every Statement text, Metric evidence, Position evidence and ProjectRole "
        "evidence is verbatim in its Source body, and record where each starts."
    )

    def handle(self, *args, **options):
        checked, problems = provenance.check_all()
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} of {checked} excerpts are not in their sources.")
        self.stdout.write(
            self.style.SUCCESS(f"All {checked} excerpts are verbatim in their sources.")
        )
