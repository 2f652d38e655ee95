"""What export_popolo and export_ftm share: where to write, and the site's address."""

from django.core.management.base import BaseCommand


class ExportCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--output", help="The file to write; standard output if not given.")
        parser.add_argument(
            "--origin",
            default="",
            help="The site's address, e.g. https://example.org, to link each record's page. "
            "Without it, only the sources' own addresses are given.",
        )

    def handle(self, *args, output=None, origin="", **options):
        origin = origin.removesuffix("/")
        parts = self.parts(origin)
        if output is None:
            for part in parts:
                self.stdout.write(part, ending="")
        else:
            with open(output, "w", encoding="utf-8") as file:
                file.writelines(parts)
