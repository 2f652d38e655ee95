import datetime
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from ingest.services import ingest

LANGUAGE = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"


def partial_date(value):
    """YYYY-MM-DD, YYYY-MM or YYYY -> (the first day it covers, its precision)."""
    for pattern, precision in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            return datetime.datetime.strptime(value, pattern).date(), precision
        except ValueError:
            continue
    raise CommandError(f"--published {value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY.")


def read_article(name):
    path = Path(name)
    if not path.exists():
        raise CommandError(f"{name}: no such file.")
    if path.is_dir():
        raise CommandError(f"{name}: is a directory, not an article file.")
    try:
        body = path.read_bytes().decode("utf-8")
    except PermissionError:
        raise CommandError(f"{name}: cannot be read (permission denied).") from None
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{name}: is not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again."
        ) from None
    body = body.replace("\r\n", "\n").lstrip("\ufeff")
    if not body.strip():
        raise CommandError(f"{name}: is empty.")
    return body


class Command(BaseCommand):
    help = (
        "Ingest an article: create its Source as a draft (or reuse the one with the same "
        "text) and propose draft quotes, paraphrases, figures, people, organisations and "
        "positions from it, for review in the admin. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="The article, as UTF-8 text.")
        parser.add_argument("--title", required=True)
        parser.add_argument("--publisher", default="", help="The publisher's name.")
        parser.add_argument(
            "--published", required=True, help="YYYY-MM-DD, YYYY-MM or YYYY (its precision)."
        )
        parser.add_argument("--url", default="")
        parser.add_argument("--language", default="en", help="A language code: en, zh.")

    def handle(self, *args, file, title, publisher, published, url, language, **options):
        body = read_article(file)
        if not title.strip():
            raise CommandError("--title must not be empty.")
        day, precision = partial_date(published)
        if url:
            try:
                URLValidator()(url)
            except ValidationError:
                raise CommandError(f"--url {url!r} is not a web address.") from None

        if not re.match(LANGUAGE, language):
            raise CommandError(f"--language {language!r} is not a language code such as en or zh.")
        result = ingest(
            body,
            title=title.strip(),
            publisher=publisher.strip(),
            published=day,
            precision=precision,
            url=url,
            language=language,
        )
        self.stdout.write(result.summary())
        self.stdout.write(
            self.style.SUCCESS(
                f"Review the proposals at /admin/ingest/proposal/review/{result.source.pk}/"
            )
        )
