"""synth makes consistent synthetic data; bench measures the pages on whatever is loaded."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from entities.models import Organisation, Person, Place, Source, Status
from statements.models import Metric, Statement


def test_synth_makes_consistent_data_that_passes_provenance(db):
    out = io.StringIO()
    call_command("synth", statements=200, stdout=out)
    assert "rows/s" in out.getvalue()
    assert Statement.objects.count() == 200
    assert Person.objects.count() == 20 and Organisation.objects.count() == 10
    assert Source.objects.count() == 10 and Metric.objects.count() == 40
    assert Place.objects.filter(parent__isnull=False).exists()  # a tree
    statuses = set(Statement.objects.values_list("status", flat=True))
    assert Status.PUBLISHED in statuses and len(statuses) > 1
    # synth gives every person a position, so every statement's speaker speaks in one:
    # theirs, never another person's.
    assert not Statement.objects.filter(speaker_position__isnull=True).exists()
    assert not Statement.objects.exclude(speaker_position__person=F("speaker")).exists()
    call_command("check_provenance", stdout=io.StringIO())  # raises on any violation
    assert Statement.objects.filter(offset__isnull=True).count() == 0


def test_synth_refuses_a_database_with_real_records(db):
    call_command("seed", stdout=io.StringIO())
    with pytest.raises(CommandError, match="holds records that are not synthetic"):
        call_command("synth", statements=100)
    assert not Statement.objects.filter(slug__startswith="synth-").exists()


@pytest.mark.bench
def test_bench_quick_measures_every_page_on_the_seed_data(db, client, tmp_path, settings):
    settings.SECURE_SSL_REDIRECT = True  # as deployed: bench requests pages over HTTPS
    call_command("seed", stdout=io.StringIO())
    sources = Source.objects.count()
    out, path = io.StringIO(), tmp_path / "bench.json"
    call_command("bench", quick=True, output=str(path), stdout=out)
    assert "ours / stock admin, statement" in out.getvalue()
    results = json.loads(path.read_text())["results"]
    groups = {r["group"] for r in results}
    assert groups == {
        *("public list", "detail", "api", "search", "admin", "stock admin", "export", "ingest")
    }
    assert Source.objects.count() == sources  # the ingested article is rolled back
    counted = [r for r in results if r["queries"] is not None]
    assert all(r["queries"] <= 20 for r in counted if r["group"] in ("public list", "admin"))
    ours = {r["name"]: r["queries"] for r in results if r["group"] == "admin"}
    stock = {r["name"]: r["queries"] for r in results if r["group"] == "stock admin"}
    assert stock["statement"] > ours["statement"]  # the stock admin queries per row
    # Each page's time in SQL is measured beside its total, and is part of it.
    pages = [
        r for r in results if r["group"] in ("public list", "detail", "api", "search", "admin")
    ]
    assert all(0 < r["sql_p50"] < r["p95"] for r in pages)
    assert "SQL p50" in out.getvalue()
    # So is its time in templates: some for every page, none for the API's JSON.
    html = [r for r in pages if r["group"] != "api"]
    assert all(0 < r["render_p50"] < r["p95"] for r in html)
    assert all(r["render_p50"] == 0 for r in pages if r["group"] == "api")
    # The open-data exports are measured whole, in entities per second.
    exports = {r["url"]: r for r in results if r["group"] == "export"}
    popolo = json.loads(b"".join(client.get("/exports/popolo.json", secure=True).streaming_content))
    assert exports["/exports/popolo.json"]["rows"] == sum(map(len, popolo.values()))
    assert exports["/exports/ftm.json"]["rows"] > exports["/exports/popolo.json"]["rows"] > 0


@pytest.mark.bench
def test_bench_measures_only_the_groups_asked_for(db, tmp_path):
    call_command("seed", stdout=io.StringIO())
    path = tmp_path / "bench.json"
    call_command(
        "bench", quick=True, only=["api", "detail"], output=str(path), stdout=io.StringIO()
    )
    results = json.loads(path.read_text())["results"]
    assert {r["group"] for r in results} == {"api", "detail"}


def test_the_rendering_choices_script_measures_each_candidate(db, capsys, settings):
    """scripts/render_choices.py, whose figures docs/performance.md quotes, runs."""
    import runpy

    call_command("synth", statements=200, stdout=io.StringIO())
    runpy.run_path(str(settings.BASE_DIR / "scripts" / "render_choices.py"))
    out = capsys.readouterr().out
    for candidate in ("model instances", "values() rows", "Django template", "Jinja2"):
        assert candidate in out
    for candidate in ("Python (charts.py)", "cached fragments", "the frame"):
        assert candidate in out


def test_the_soak_mix_script_times_each_kind_of_address(
    db, capsys, settings, tmp_path, monkeypatch
):
    """scripts/soak_mix.py, whose shares docs/performance.md quotes, runs on soak.sh's
    addresses and gives each kind its share."""
    import runpy

    call_command("synth", statements=200, stdout=io.StringIO())
    statement = Statement.objects.published().first()
    source = statement.source.slug
    urls = tmp_path / "urls"
    urls.write_text(
        f"/\n{statement.get_absolute_url()}\n/statements/?source={source}\n"
        f"/statements/?source={source}&format=csv\n"
    )
    monkeypatch.setenv("SOAK_URLS", str(urls))
    runpy.run_path(str(settings.BASE_DIR / "scripts" / "soak_mix.py"))
    out = capsys.readouterr().out
    for kind in ("statements pages", "list of a source's statements", "export csv", "home"):
        assert kind in out
    assert "4 addresses" in out
