"""Measure ingest against the curated fixtures: each fixture source is ingested into a
scratch SQLite database by `manage.py ingest`, and its proposals are compared with the
statements and metrics curated by hand from the same text."""

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

#: Targets on the seed articles (docs/ingest.md).
TARGETS = {
    "quote precision": 0.90,
    "quote recall": 0.95,
    "attribution accuracy": 0.90,
    "figure recall": 0.85,
}


def norm(text):
    return " ".join(text.split()).strip(' ,.;:“”"‘’').lower()


def load(name):
    return json.loads((settings.BASE_DIR / "fixtures" / name).read_text(encoding="utf-8"))


def curated():
    """Per source slug: its fixture fields, curated statements and (value, unit) figures."""
    names = {}
    for row in load("04_people.json"):
        f = row["fields"]
        names[f["slug"]] = {
            f"{f['family_name']} {f['given_name']}".lower(),
            f"{f['given_name']} {f['family_name']}".lower(),
            *(alias.lower() for alias in f["aliases"]),
        }
    units = {row["fields"]["slug"]: row["fields"]["unit"] for row in load("09_indicators.json")}
    sources = {
        row["fields"]["slug"]: {**row["fields"], "statements": [], "figures": []}
        for row in load("05_sources.json")
    }
    for row in load("11_statements.json"):
        f = row["fields"]
        speaker = f["speaker"][0] if f["speaker"] else None
        sources[f["source"][0]]["statements"].append(
            {
                "kind": f["kind"],
                "text": f["text"],
                "speaker": speaker,
                "names": names.get(speaker, set()),
            }
        )
    for row in load("10_metrics.json"):
        f = row["fields"]
        value = format(Decimal(f["value"]).normalize(), "f")
        sources[f["source"][0]]["figures"].append((value, units[f["indicator"][0]]))
    return sources


class Command(BaseCommand):
    help = (
        "Ingest each curated fixture source into a scratch database and report precision "
        "and recall of direct quotes, attribution accuracy, paraphrase recall and figure "
        "precision and recall against the curated records."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Exit 1 if a target is missed.")
        parser.add_argument(
            "--json", dest="json_file", metavar="FILE", help="Also write the figures as JSON."
        )

    def handle(self, *args, check, json_file, **options):
        sources = curated()
        with tempfile.TemporaryDirectory() as scratch:
            proposals = self.ingest_all(sources, Path(scratch))
        scores, wrong = score(sources, proposals)
        self.stdout.write(table(scores))
        if wrong:
            self.stdout.write("\nStill wrong:")
            for line in wrong:
                self.stdout.write(f"  - {line}")
        if json_file:
            Path(json_file).write_text(json.dumps({"scores": scores, "wrong": wrong}, indent=2))
        missed = [name for name, target in TARGETS.items() if scores[name]["rate"] < target]
        if check and missed:
            raise CommandError(f"Targets missed: {', '.join(missed)}.")

    def ingest_all(self, sources, scratch):
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DATABASE_", "DJANGO_"))
        }
        env.update(
            DATABASE_URL=f"sqlite:///{scratch / 'scratch.sqlite3'}",
            DJANGO_SETTINGS_MODULE="shandong.settings",
            DJANGO_SECRET_KEY="ingest-eval-scratch",
        )
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]

        def run(*command):
            done = subprocess.run([*manage, *command], env=env, capture_output=True, text=True)
            if done.returncode:
                raise CommandError(f"manage.py {command[0]} failed:\n{done.stderr}")
            return done.stdout

        run("migrate", "--noinput", "-v", "0")
        for slug, fields in sources.items():
            article = scratch / f"{slug}.txt"
            article.write_text(fields["body"], encoding="utf-8")
            published = fields["published_on"][
                : {"day": 10, "month": 7, "year": 4}[fields["published_on_precision"]]
            ]
            run("ingest", str(article), "--title", fields["title"], "--published", published)
        dump = json.loads(run("dumpdata", "ingest.proposal", "entities.source"))
        bodies = {
            row["pk"]: row["fields"]["body"] for row in dump if row["model"] == "entities.source"
        }
        by_source = {fields["body"]: slug for slug, fields in sources.items()}
        proposals = {slug: [] for slug in sources}
        for row in dump:
            if row["model"] == "ingest.proposal":
                f = row["fields"]
                body = bodies[f["source"]]
                proposals[by_source[body]].append({**f, "text": body[f["start"] : f["end"]]})
        return proposals


def rate(hits, total):
    return {"hits": hits, "total": total, "rate": hits / total if total else 1.0}


def score(sources, proposals):
    counts, wrong = Counter(), []
    for slug, fields in sources.items():
        body = fields["body"]
        found = proposals[slug]
        quotes = [p for p in found if p["kind"] == "quote"]
        curated_quotes = [s for s in fields["statements"] if s["kind"] == "quote"]
        by_text = {norm(s["text"]): s for s in curated_quotes}
        matched = set()
        for proposal in quotes:
            statement = by_text.get(norm(proposal["text"]))
            counts["quotes proposed"] += 1
            if not statement:
                wrong.append(
                    f"not a curated quote: “{proposal['text'][:70]}…” ({proposal['rule']})"
                )
                continue
            counts["quotes right"] += 1
            matched.add(norm(statement["text"]))
            speaker = (proposal["found"].get("speaker") or "").lower()
            if (speaker in statement["names"]) if statement["speaker"] else not speaker:
                counts["speakers right"] += 1
            else:
                wrong.append(
                    f"wrong speaker {speaker or 'none'!r} (curated {statement['speaker']}) "
                    f"for “{proposal['text'][:60]}…” ({proposal['rule']})"
                )
        counts["quotes recalled"] += len(matched)
        for statement in curated_quotes:
            counts["quotes curated"] += 1
            if norm(statement["text"]) not in matched:
                wrong.append(f"missed quote: “{statement['text'][:70]}…”")
        spans = [(p["start"], p["end"]) for p in found if p["kind"] == "paraphrase"]
        for statement in fields["statements"]:
            if statement["kind"] != "paraphrase":
                continue
            counts["paraphrases curated"] += 1
            start = body.find(statement["text"])
            end = start + len(statement["text"])
            overlap = max((min(end, e) - max(start, s) for s, e in spans), default=0)
            if overlap >= 0.5 * len(statement["text"]):
                counts["paraphrases found"] += 1
            else:
                wrong.append(f"missed paraphrase: “{statement['text'][:70]}…”")
        figures = Counter(
            (p["found"]["value"], p["found"]["unit"]) for p in found if p["kind"] == "figure"
        )
        wanted = Counter(fields["figures"])
        counts["figures proposed"] += sum(figures.values())
        counts["figures curated"] += sum(wanted.values())
        counts["figures right"] += sum((figures & wanted).values())
        for value, unit in (figures - wanted).elements():
            wrong.append(f"not a curated figure: {value} {unit}")
        for value, unit in (wanted - figures).elements():
            wrong.append(f"missed figure: {value} {unit}")
    scores = {
        "quote precision": rate(counts["quotes right"], counts["quotes proposed"]),
        "quote recall": rate(counts["quotes recalled"], counts["quotes curated"]),
        "attribution accuracy": rate(counts["speakers right"], counts["quotes right"]),
        "paraphrase recall": rate(counts["paraphrases found"], counts["paraphrases curated"]),
        "figure precision": rate(counts["figures right"], counts["figures proposed"]),
        "figure recall": rate(counts["figures right"], counts["figures curated"]),
    }
    return scores, wrong


def table(scores):
    lines = ["| measure | found | rate | target |", "| --- | --- | --- | --- |"]
    for name, s in scores.items():
        target = f"≥ {TARGETS[name]:.0%}" if name in TARGETS else "—"
        lines.append(f"| {name} | {s['hits']}/{s['total']} | {s['rate']:.1%} | {target} |")
    return "\n".join(lines)
