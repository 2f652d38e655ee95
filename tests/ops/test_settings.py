"""Settings come from the environment, and a bad value stops start-up by name."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

#: Every test here starts manage.py or Python afresh.
pytestmark = pytest.mark.subprocess

MANAGE = [sys.executable, str(settings.BASE_DIR / "manage.py"), "check"]


def run_check(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(MANAGE, env={**clean, **env}, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("value", ["maybe", "2", "yes please"])
def test_a_malformed_debug_flag_is_refused_by_name(value):
    result = run_check(DJANGO_DEBUG=value, DJANGO_SECRET_KEY="x")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr
    assert repr(value) in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DJANGO_LOG_LEVEL", "loud", "DJANGO_LOG_LEVEL must be one of DEBUG, INFO, WARNING"),
        ("DJANGO_PAGE_CACHE_SECONDS", "²", "DJANGO_PAGE_CACHE_SECONDS must be a whole number"),
        ("DJANGO_SESSION_COOKIE_AGE", "-5", "DJANGO_SESSION_COOKIE_AGE must be a whole number"),
        ("DJANGO_API_RATE", "120/mango", "DJANGO_API_RATE must be a number of requests"),
    ],
)
def test_a_malformed_variable_is_refused_by_name(variable, value, message):
    result = run_check(**{variable: value, "DJANGO_SECRET_KEY": "x"})
    assert result.returncode != 0
    assert message in result.stderr and repr(value) in result.stderr


def run_python(code, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )


@pytest.mark.parametrize("module", ["shandong.wsgi", "shandong.asgi"])
def test_production_without_a_secret_key_refuses_to_start(module):
    result = run_python(f"import {module}")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert run_python(f"import {module}", DJANGO_SECRET_KEY="k").returncode == 0


def test_tools_that_sign_nothing_run_without_a_secret_key():
    result = subprocess.run(
        [*MANAGE[:2], "makemigrations", "--check", "--dry-run"],
        env={k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_debug_allows_the_development_key():
    result = run_check(DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_a_malformed_database_url_is_refused_by_name():
    result = run_check(DJANGO_DEBUG="true", DATABASE_URL="nosuchdb://x")
    assert result.returncode != 0
    assert "DATABASE_URL is not a usable database URL" in result.stderr


def test_allowed_hosts_are_read_as_a_list():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django,os;django.setup();"
            "from django.conf import settings;print(settings.ALLOWED_HOSTS)",
        ],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "shandong.settings",
            "DJANGO_ALLOWED_HOSTS": "records.example.org, www.records.example.org,",
        },
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )
    assert result.stdout.strip() == "['records.example.org', 'www.records.example.org']"


@pytest.mark.django_db
def test_postgresql_page_queries_run_without_parallel_workers_or_memoize():
    """A page's ordered, limited scan split between workers reads far more rows than it
    shows, and Memoize's set-up cost the statements list more than its query ran
    (docs/performance.md): connections to PostgreSQL ask for neither."""
    from django.db import connection

    from shandong.settings import env_database

    url = "postgres://u:p@db.example:5432/records"
    options = env_database("NO_SUCH_VARIABLE", url)["OPTIONS"]
    assert options["options"] == "-c max_parallel_workers_per_gather=0 -c enable_memoize=off"
    assert not env_database("NO_SUCH_VARIABLE", "sqlite:///x.db").get("OPTIONS")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            assert cursor.fetchone() == ("0",)
            cursor.execute("SHOW enable_memoize")
            assert cursor.fetchone() == ("off",)
