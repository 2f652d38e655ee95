"""Measure ingest against annotated articles.

Each article is ingested by `manage.py ingest` into a scratch SQLite database, and its
proposals are scored against a gold annotation: what a careful curator records from
the same text. Without --corpus the articles are the two seed sources, scored against
the records curated from them in fixtures/ (ingested into an empty database, since
the seeded one already holds those records). With --corpus DIR, the annotated
articles of DIR (`<slug>.txt`, `<slug>.json` sidecar, `<slug>.gold.json`; the format
is in tests/corpus/README.md) are ingested into a database that holds the seed
records, and scored together with the seeds.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from entities.models import name_orders
from ingest.services import without_title

#: Targets on the seeds, and on a corpus plus the seeds (docs/ingest.md).
TARGETS = {
    "quote recall": 0.95,
    "quote precision": 0.95,
    "speaker accuracy": 0.95,
    "paraphrase recall": 0.75,
    "figures as draft metrics": 0.90,
    "subject accuracy": 0.75,
    "unit accuracy": 0.95,
}
#: Our unit codes as the gold annotation names them, where they differ.
GOLD_UNITS = {
    "rmb": "yuan",
    "m": "meters",
    "m2": "square meters",
    "m3": "cubic meters",
    "km2": "square kilometers",
    "km_h": "km/h",
    "kw": "kilowatts",
    "mw": "megawatts",
    "gw": "gigawatts",
    "kwh": "kilowatt-hours",
    "mwh": "megawatt-hours",
    "gwh": "gigawatt-hours",
    "kv": "kilovolts",
    "ha": "hectares",
    "pp": "percentage points",
    "teu_h": "teu per hour",
}


def comparable(text):
    """Text as the gold and the proposals are compared: lower-cased words, without the
    quote marks and punctuation at their ends."""
    return " ".join(text.split()).strip(' ,.;:“”"‘’').lower()


def gold_unit(unit):
    """A unit as the gold writes it, lower-cased; a count of floors is a count."""
    unit = unit.lower()
    return {"floors": "count", "ton": "tons", "tonnes": "tons"}.get(unit, unit)


def as_gold(code):
    """One of our unit codes as the gold writes it."""
    return gold_unit(GOLD_UNITS.get(code, code))


def same_subject(found, wanted, aliases):
    """Whether a metric's subject names the gold subject: equal, one inside the other as
    whole words ("Shandong" / "Shandong Province"), or an alias the gold lists."""
    found, wanted = comparable(found), comparable(wanted)
    if not found or not wanted:
        return False
    names = {wanted, *aliases.get(wanted, ())}
    for name in names:
        if found == name or re.search(rf"\b{re.escape(found)}\b", name):
            return True
        if re.search(rf"\b{re.escape(name)}\b", found):
            return True
    return False


def load_fixture(name):
    return json.loads((settings.BASE_DIR / "fixtures" / name).read_text(encoding="utf-8"))


def seed_articles():
    """The seed sources, with gold made from the records curated from them."""
    people = {}
    for row in load_fixture("04_people.json"):
        f = row["fields"]
        people[f["slug"]] = f"{f['family_name']} {f['given_name']}"
    subjects = {}
    for name in ("02_places.json", "03_organisations.json", "07_projects.json"):
        for row in load_fixture(name):
            subjects[row["fields"]["slug"]] = row["fields"]["name"]
    units = {
        row["fields"]["slug"]: row["fields"]["unit"] for row in load_fixture("09_indicators.json")
    }
    articles = {}
    for row in load_fixture("05_sources.json"):
        f = row["fields"]
        published = f["published_on"][
            : {"day": 10, "month": 7, "year": 4}[f["published_on_precision"]]
        ]
        articles[f["slug"]] = {
            "slug": f["slug"],
            "title": f["title"],
            "published": published,
            "body": f["body"],
            "gold": {"statements": [], "metrics": [], "organisations": [], "people": []},
        }
    for row in load_fixture("11_statements.json"):
        f = row["fields"]
        articles[f["source"][0]]["gold"]["statements"].append(
            {
                "kind": "direct" if f["kind"] == "quote" else "paraphrase",
                "speaker": people[f["speaker"][0]] if f["speaker"] else None,
                "text": f["text"],
            }
        )
    for row in load_fixture("10_metrics.json"):
        f = row["fields"]
        subject = f["place"] or f["organisation"] or f["project"]
        unit = units[f["indicator"][0]]
        articles[f["source"][0]]["gold"]["metrics"].append(
            {
                "value": f["value"],
                "unit": GOLD_UNITS.get(unit, unit),
                "subject": subjects[subject[0]],
                "evidence": f["evidence"],
            }
        )
    return list(articles.values())


def corpus_articles(directory):
    """The annotated articles of a folder: <slug>.txt with its .json and .gold.json."""
    directory = Path(directory)
    if not directory.is_dir():
        raise CommandError(f"--corpus {directory}: no such folder.")
    articles = []
    for text in sorted(directory.glob("*.txt")):
        slug = text.stem
        try:
            sidecar = json.loads((directory / f"{slug}.json").read_text(encoding="utf-8"))
            gold = json.loads((directory / f"{slug}.gold.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{directory / slug}: {exc}") from None
        body = without_title(text.read_text(encoding="utf-8"), sidecar["title"].strip())
        articles.append(
            {
                "slug": slug,
                "title": sidecar["title"],
                "published": sidecar["published"],
                "publisher": sidecar.get("publisher", ""),
                "body": body,
                "gold": gold,
            }
        )
    if not articles:
        raise CommandError(f"--corpus {directory}: holds no <slug>.txt articles.")
    return articles


class Scratch:
    """A scratch SQLite database that `manage.py` runs against."""

    def __init__(self, folder, seeded):
        self.folder = folder
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DATABASE_", "DJANGO_"))
        }
        self.env.update(
            DATABASE_URL=f"sqlite:///{folder / 'scratch.sqlite3'}",
            DJANGO_SETTINGS_MODULE="shandong.settings",
            DJANGO_SECRET_KEY="ingest-eval-scratch",
        )
        self.run("migrate", "--noinput", "-v", "0")
        if seeded:
            self.run("seed", "-v", "0")

    def run(self, *command):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        done = subprocess.run([*manage, *command], env=self.env, capture_output=True, text=True)
        if done.returncode:
            raise CommandError(f"manage.py {command[0]} failed:\n{done.stderr}")
        return done.stdout

    def ingest(self, articles):
        """Ingest the articles; return the scratch database's records as dumped rows."""
        folder = self.folder / "articles"
        folder.mkdir()
        for article in articles:
            (folder / f"{article['slug']}.txt").write_text(article["body"], encoding="utf-8")
            sidecar = {
                key: article[key] for key in ("title", "published", "publisher") if article.get(key)
            }
            (folder / f"{article['slug']}.json").write_text(json.dumps(sidecar), encoding="utf-8")
        self.run("ingest", str(folder))
        models = [
            "ingest.proposal",
            "entities.source",
            "entities.person",
            "entities.organisation",
            "entities.place",
            "entities.project",
            "statements.metric",
            "statements.indicator",
        ]
        return json.loads(self.run("dumpdata", *models))


def proposals_by_article(articles, dump):
    """Per article slug: its proposals, with their text, metric and subject name."""
    rows = {}
    for row in dump:
        rows.setdefault(row["model"], {})[row["pk"]] = row["fields"]
    names = {
        model: {pk: f.get("name") for pk, f in rows.get(model, {}).items()}
        for model in ("entities.organisation", "entities.place", "entities.project")
    }
    by_title = {a["title"]: a["slug"] for a in articles}
    found = {a["slug"]: [] for a in articles}
    for proposal in rows.get("ingest.proposal", {}).values():
        source = rows["entities.source"][proposal["source"]]
        body = source["body"]
        item = {**proposal, "text": body[proposal["start"] : proposal["end"]], "body": body}
        metric = rows.get("statements.metric", {}).get(proposal["metric"])
        if metric:
            indicator = rows["statements.indicator"][metric["indicator"]]
            for field, model in (
                ("organisation", "entities.organisation"),
                ("place", "entities.place"),
                ("project", "entities.project"),
            ):
                if metric[field]:
                    item["subject"] = names[model][metric[field]]
            item["unit"] = indicator["unit"]
            item["value"] = Decimal(metric["value"])
        found[by_title[source["title"]]].append(item)
    return found


def duplicates(dump, gold_organisations):
    """New draft people and organisations that duplicate a record: the same name or
    alias, ignoring case, or names the gold lists as one organisation."""
    same = {}
    for organisation in gold_organisations:
        group = {
            comparable(organisation["name"]),
            *(comparable(a) for a in organisation.get("aliases", [])),
        }
        for name in group:
            same[name] = min(group)
    keys = Counter()
    made = Counter()
    for row in dump:
        f = row["fields"]
        if row["model"] == "entities.organisation":
            key = "o:" + same.get(comparable(f["name"]), comparable(f["name"]))
        elif row["model"] == "entities.person":
            key = "p:" + " ".join(
                sorted(comparable(f"{f['family_name']} {f['given_name']}").split())
            )
        else:
            continue
        keys[key] += 1
        made[key] += f["notes"].startswith("Proposed by ingest")
    return [
        f"{min(made[key], count - 1)} duplicate(s) of {key[2:]!r}"
        for key, count in keys.items()
        if count > 1 and made[key]
    ]


def score_article(article, found):
    """Counts for one article: quotes, speakers, paraphrases, figures."""
    gold, c = article["gold"], Counter()
    body = found[0]["body"] if found else article["body"]  # as stored: offsets are in it
    quotes = [p for p in found if p["kind"] == "quote"]
    gold_quotes = {comparable(s["text"]): s for s in gold["statements"] if s["kind"] == "direct"}
    matched, wrong = set(), []
    for proposal in quotes:
        c["quotes proposed"] += 1
        statement = gold_quotes.get(comparable(proposal["text"]))
        if not statement:
            wrong.append(f"not a quote: “{proposal['text'][:60]}…” ({proposal['rule']})")
            continue
        c["quotes right"] += 1
        matched.add(comparable(statement["text"]))
        speaker = (proposal["found"].get("speaker") or "").lower()
        wanted = statement["speaker"]
        if (speaker in name_orders(wanted)) if wanted else not speaker:
            c["speakers right"] += 1
        else:
            wrong.append(
                f"speaker {speaker or 'none'!r}, not {wanted!r}: “{proposal['text'][:50]}…”"
            )
    c["quotes"] = len(gold_quotes)
    c["quotes recalled"] = len(matched)
    wrong += [f"missed quote: “{t[:60]}…”" for t in gold_quotes if t not in matched]
    spans = [(p["start"], p["end"]) for p in found if p["kind"] == "paraphrase"]
    for statement in gold["statements"]:
        if statement["kind"] != "paraphrase":
            continue
        c["paraphrases"] += 1
        start = body.find(statement["text"])
        end = start + len(statement["text"])
        overlap = max((min(end, e) - max(start, s) for s, e in spans), default=0)
        if start >= 0 and overlap >= 0.5 * len(statement["text"]):
            c["paraphrases found"] += 1
        else:
            wrong.append(f"missed paraphrase: “{statement['text'][:60]}…”")
    aliases = {}
    for organisation in gold.get("organisations", []):
        group = {
            comparable(organisation["name"]),
            *(comparable(a) for a in organisation.get("aliases", [])),
        }
        for name in group:
            aliases[name] = group
    metrics = [p for p in found if p["kind"] == "figure" and "value" in p]
    c["figures proposed"] = sum(p["kind"] == "figure" for p in found)
    used = set()
    for metric in gold["metrics"]:
        c["figures"] += 1
        value = Decimal(str(metric["value"]))
        unit = gold_unit(metric["unit"])
        candidates = [
            (i, p)
            for i, p in enumerate(metrics)
            if i not in used and abs(p["value"] - value) <= abs(value) * Decimal("0.001")
        ]
        if not candidates:
            what = metric.get("what") or metric["evidence"][:50]
            wrong.append(f"no draft metric: {metric['value']} {metric['unit']} ({what})")
            continue
        # Prefer the proposal whose unit and evidence fit the gold figure.
        i, p = max(
            candidates,
            key=lambda ip: (
                as_gold(ip[1]["unit"]) == unit,
                ip[1]["text"] in metric["evidence"],
            ),
        )
        used.add(i)
        c["figures as metrics"] += 1
        if as_gold(p["unit"]) == unit:
            c["units right"] += 1
        else:
            wrong.append(f"unit {p['unit']!r}, not {metric['unit']!r}: {metric['value']}")
        if same_subject(p.get("subject", ""), metric["subject"], aliases):
            c["subjects right"] += 1
        else:
            subject = p.get("subject")
            wrong.append(f"subject {subject!r}, not {metric['subject']!r}: {metric['value']}")
    c["figures not in gold"] = len(metrics) - len(used)
    return c, wrong


def rate(hits, total):
    return {"hits": hits, "total": total, "rate": hits / total if total else 1.0}


def rates(c):
    return {
        "quote recall": rate(c["quotes recalled"], c["quotes"]),
        "quote precision": rate(c["quotes right"], c["quotes proposed"]),
        "speaker accuracy": rate(c["speakers right"], c["quotes right"]),
        "paraphrase recall": rate(c["paraphrases found"], c["paraphrases"]),
        "figures as draft metrics": rate(c["figures as metrics"], c["figures"]),
        "subject accuracy": rate(c["subjects right"], c["figures as metrics"]),
        "unit accuracy": rate(c["units right"], c["figures as metrics"]),
    }


class Command(BaseCommand):
    help = (
        "Ingest annotated articles into a scratch database and score the proposals: quote "
        "recall and precision, speaker accuracy, paraphrase recall, figures that became "
        "draft metrics with their subject and unit, and duplicate people and organisations."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus",
            metavar="DIR",
            help="A folder of annotated articles, scored together with the seeds.",
        )
        parser.add_argument("--check", action="store_true", help="Exit 1 if a target is missed.")
        parser.add_argument(
            "--json", dest="json_file", metavar="FILE", help="Also write the figures as JSON."
        )

    def handle(self, *args, corpus, check, json_file, **options):
        seeds = seed_articles()
        corpus = corpus_articles(corpus) if corpus else []
        rows, totals, wrong, dups = {}, Counter(), {"duplicates": []}, 0
        with tempfile.TemporaryDirectory() as folder:
            runs = [(seeds, False, Path(folder) / "seeds")]
            if corpus:
                runs.append((corpus, True, Path(folder) / "corpus"))
            for articles, seeded, scratch in runs:
                scratch.mkdir()
                dump = Scratch(scratch, seeded).ingest(articles)
                found = proposals_by_article(articles, dump)
                gold_organisations = [
                    o for a in articles for o in a["gold"].get("organisations", [])
                ]
                found_duplicates = duplicates(dump, gold_organisations)
                dups += sum(int(line.split()[0]) for line in found_duplicates)
                wrong["duplicates"] += found_duplicates
                for article in articles:
                    counts, wrong[article["slug"]] = score_article(article, found[article["slug"]])
                    rows[article["slug"]] = counts
                    totals += counts
        scores = rates(totals)
        self.stdout.write(article_table(rows))
        self.stdout.write("")
        self.stdout.write(total_table(scores, dups))
        mistakes = [f"{slug}: {line}" for slug, lines in wrong.items() for line in lines]
        if mistakes and options["verbosity"] > 0:
            self.stdout.write("\nStill wrong:")
            for line in mistakes:
                self.stdout.write(f"  - {line}")
        if json_file:
            Path(json_file).write_text(
                json.dumps(
                    {
                        "articles": {slug: rates(c) for slug, c in rows.items()},
                        "totals": scores,
                        "duplicates": dups,
                        "wrong": mistakes,
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
        missed = [name for name, target in TARGETS.items() if scores[name]["rate"] < target]
        missed += ["duplicate entities"] if dups else []
        if check and missed:
            raise CommandError(f"Targets missed: {', '.join(missed)}.")


def article_table(rows):
    lines = [
        "| article | quotes found | right | speakers | paraphrases | metrics | subjects | units |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    pairs = [
        ("quotes recalled", "quotes"),
        ("quotes right", "quotes proposed"),
        ("speakers right", "quotes right"),
        ("paraphrases found", "paraphrases"),
        ("figures as metrics", "figures"),
        ("subjects right", "figures as metrics"),
        ("units right", "figures as metrics"),
    ]
    for slug, c in rows.items():
        cells = " | ".join(f"{c[hits]}/{c[total]}" for hits, total in pairs)
        lines.append(f"| {slug} | {cells} |")
    return "\n".join(lines)


def total_table(scores, dups):
    lines = ["| measure | found | rate | target |", "| --- | --- | --- | --- |"]
    for name, s in scores.items():
        lines.append(
            f"| {name} | {s['hits']}/{s['total']} | {s['rate']:.1%} | ≥ {TARGETS[name]:.0%} |"
        )
    lines.append(f"| duplicate people and organisations created | {dups} | | 0 |")
    return "\n".join(lines)
