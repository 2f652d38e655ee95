import json
import traceback
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from entities.models import Organisation, Source
from ingest import services
from ingest.services import article_text, ingest, kinds, plural, records, without_title

# A sidecar's fields, with their defaults (None: required).
SIDECAR = {"title": None, "published": None, "publisher": "", "url": "", "language": "en"}


def partial_date(value, name="--published"):
    try:
        return services.partial_date(value)
    except ValueError as exc:
        raise CommandError(f"{name} {exc}") from None


def check_url(url, name="--url"):
    if url:
        try:
            URLValidator()(url)
        except ValidationError:
            raise CommandError(f"{name} {url!r} is not a web address.") from None


def check_lengths(title, publisher, names=("--title", "--publisher")):
    """The title and publisher fit their records' fields."""
    for value, field, name in (
        (title, Source._meta.get_field("title"), names[0]),
        (publisher, Organisation._meta.get_field("name"), names[1]),
    ):
        if len(value) > field.max_length:
            raise CommandError(
                f"{name} is {len(value)} characters long; at most {field.max_length}."
            )


def check_language(language, name="--language"):
    if not services.is_language(language):
        raise CommandError(f"{name} {language!r} is not a language code such as en or zh.")


def read_article(name, label=None):
    path, label = Path(name), label or name
    if not path.exists():
        raise CommandError(f"{label}: no such file.")
    if path.is_dir():
        raise CommandError(f"{label}: is a directory, not an article file.")
    try:
        body = path.read_bytes().decode("utf-8")
    except PermissionError:
        raise CommandError(f"{label}: cannot be read (permission denied).") from None
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{label}: is not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again."
        ) from None
    body = article_text(body)
    if not body.strip():
        raise CommandError(f"{label}: is empty.")
    return body


def read_sidecar(path):
    """The keyword arguments of services.ingest from an article's <slug>.json."""
    name = path.name
    if not path.is_file():
        raise CommandError(f"{name}: missing; each article needs one with its title and date.")
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise CommandError(f"{name}: cannot be read ({exc.strerror}).") from None
    except UnicodeDecodeError:
        raise CommandError(f"{name}: is not UTF-8 text.") from None
    except ValueError as exc:
        raise CommandError(f"{name}: is not JSON ({exc}).") from None
    if not isinstance(data, dict):
        raise CommandError(f"{name}: is not a JSON object with a title and a published date.")
    for key in data:
        if key not in SIDECAR:
            raise CommandError(f'{name}: "{key}" is not a field: use {", ".join(SIDECAR)}.')
    fields = {}
    for key, default in SIDECAR.items():
        value = data.get(key)
        if value is None and default is None:
            raise CommandError(f'{name}: "{key}" is missing.')
        if value is not None and not isinstance(value, str):
            raise CommandError(f'{name}: "{key}" is not a string.')
        fields[key] = default if value is None else value.strip()
    if not fields["title"]:
        raise CommandError(f'{name}: "title" is empty.')
    try:
        fields["published"], fields["precision"] = partial_date(fields["published"], '"published"')
        check_url(fields["url"], '"url"')
        check_language(fields["language"], '"language"')
        check_lengths(fields["title"], fields["publisher"], ('"title"', '"publisher"'))
    except CommandError as exc:
        raise CommandError(f"{name}: {exc}") from None
    return fields


def progress(done, total, width=20):
    """A progress bar: "[########------------]  4/10"."""
    filled = round(width * done / total)
    return f"[{'#' * filled}{'-' * (width - filled)}] {done:>{len(str(total))}}/{total}"


class Command(BaseCommand):
    help = (
        "Ingest an article: create its Source as a draft (or reuse the one with the same "
        "text) and propose draft quotes, paraphrases, figures, people, organisations and "
        "positions from it, for review in the admin. Running it again changes nothing. "
        "Given a directory, ingest each <slug>.txt in it, its title and date read from "
        "<slug>.json."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            metavar="FILE",
            help="The article, as UTF-8 text; or a directory of <slug>.txt and <slug>.json.",
        )
        parser.add_argument("--title", help="Required with a FILE.")
        parser.add_argument("--publisher", help="The publisher's name.")
        parser.add_argument(
            "--published", help="YYYY-MM-DD, YYYY-MM or YYYY (its precision). Required with a FILE."
        )
        parser.add_argument("--url")
        parser.add_argument("--language", help="A language code: en, zh.")

    def handle(self, *args, file, title, publisher, published, url, language, **options):
        given = {
            "--title": title,
            "--published": published,
            "--publisher": publisher,
            "--url": url,
            "--language": language,
        }
        if Path(file).is_dir():
            extra = [option for option, value in given.items() if value is not None]
            if extra:
                raise CommandError(
                    f"{file}: is a directory, so {' and '.join(extra)} cannot be given: each "
                    "article's title, date, publisher, url and language are read from its "
                    "<slug>.json."
                )
            self.ingest_folder(Path(file), options["traceback"])
            return

        missing = [option for option in ("--title", "--published") if given[option] is None]
        if missing:
            raise CommandError(f"{' and '.join(missing)} must be given to ingest a FILE.")
        body = read_article(file)
        if not title.strip():
            raise CommandError("--title must not be empty.")
        day, precision = partial_date(published)
        url = url or ""
        check_url(url)
        language = "en" if language is None else language
        check_language(language)
        check_lengths(title.strip(), (publisher or "").strip())
        result = ingest(
            body,
            title=title.strip(),
            publisher=(publisher or "").strip(),
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

    def ingest_folder(self, folder, show_traceback):
        articles = sorted(path for path in folder.glob("*.txt") if path.is_file())
        if not articles:
            raise CommandError(f"{folder}: holds no .txt articles.")
        results, skipped = [], []
        for number, path in enumerate(articles, 1):
            slug = path.stem
            counter = f"{progress(number, len(articles))} {slug}:"
            try:
                fields = read_sidecar(path.with_suffix(".json"))
                body = without_title(read_article(path, path.name), fields["title"])
                if not body.strip():
                    raise CommandError(f"{path.name}: holds only its title.")
                try:
                    result = ingest(body, **fields)
                except Exception as exc:
                    if show_traceback:
                        self.stderr.write(traceback.format_exc())
                    raise CommandError(
                        f"{path.name}: ingesting it failed, nothing of it was written "
                        f"({type(exc).__name__}: {exc})."
                    ) from None
            except CommandError as exc:
                skipped.append(slug)
                self.stdout.write(f"{counter} skipped — {exc}")
                continue
            results.append(result)
            reused = "" if result.source_created else ", source ingested before"
            self.stdout.write(
                f"{counter} {sum(result.proposed.values())} proposed ({kinds(result.proposed)})"
                f"{reused} — review at /admin/ingest/proposal/review/{result.source.pk}/"
            )

        proposed, matched, created = Counter(), Counter(), Counter()
        for result in results:
            proposed.update(result.proposed)
            matched.update(result.matched)
            created.update(result.created)
        new = sum(result.source_created for result in results)
        self.stdout.write(
            f"\nIngested {len(results)} of {plural(len(articles), 'article')} "
            f"({new} new, {len(results) - new} ingested before).\n"
            f"Skipped {len(skipped)}: {', '.join(skipped) or 'none'}.\n"
            f"Proposed {sum(proposed.values())}: {kinds(proposed)}.\n"
            f"Matched existing records: {records(matched)}.\n"
            f"Created draft records: {records(created)}.\n"
            f"Need a speaker: {sum(r.need_speaker for r in results)}. Figures that need a "
            f"subject: {sum(r.need_subject for r in results)}.\n"
            "Left out (proposed before, rejected before, or already recorded): "
            f"{sum(r.left_out for r in results)}."
        )
        if skipped:
            raise CommandError(
                f"{plural(len(skipped), 'article')} of {len(articles)} skipped "
                f"({', '.join(skipped)}); the others were ingested."
            )
