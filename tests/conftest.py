"""Shared fixtures: a small linked world of records, and named users; the slow tier."""

from contextlib import contextmanager

import pytest

from tests.factories import (
    make_indicator,
    make_metric,
    make_organisation,
    make_person,
    make_place,
    make_position,
    make_project,
    make_source,
    make_statement,
    make_topic,
)

#: The kinds of slow test, each a marker; a test with any of them is also marked `slow`,
#: so `make test-fast` (`-m "not slow"`) leaves them all out. See pyproject.toml.
SLOW = (
    "browser",
    "bench",
    "outage",
    "interrupted_loads",
    "ingest_eval",
    "fuzz",
    "dumps",
    "subprocess",
)


def pytest_collection_modifyitems(items):
    for item in items:
        if any(item.get_closest_marker(kind) for kind in SLOW):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def world(db):
    """One small, fully linked set of published records, for one test."""
    return build_world()


@pytest.fixture(scope="module")
def world_once(django_db_setup, django_db_blocker):
    """The same world, built once for a test module whose tests only read it; rolled back
    after the module. Each test still runs in its own transaction inside this one."""
    with once(django_db_blocker):
        yield build_world()


@contextmanager
def once(django_db_blocker):
    """A transaction for a module-scoped fixture's records, rolled back at its end."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def build_world():
    shandong = make_place()
    topic = make_topic()
    department = make_organisation(place=shandong)
    department.topics.add(topic)
    sun = make_person()
    source = make_source(publisher=department)
    position = make_position(sun, department, source)
    project = make_project(place=shandong)
    indicator = make_indicator()
    metric = make_metric(indicator, source, place=shandong, period_label="2024")
    statement = make_statement(source, sun, speaker_position=position)
    statement.topics.add(topic)
    return {
        "place": shandong,
        "topic": topic,
        "organisation": department,
        "person": sun,
        "source": source,
        "position": position,
        "project": project,
        "indicator": indicator,
        "metric": metric,
        "statement": statement,
    }


def make_user(name, *groups, **fields):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(name, password=f"{name}-password-42", is_staff=True, **fields)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def curator(db):
    return make_user("curator", "Curator")


@pytest.fixture
def reviewer(db):
    return make_user("reviewer", "Reviewer")


@pytest.fixture
def outsider(db):
    """Staff, but in no group: may log in to the admin and see nothing."""
    return make_user("outsider")


@pytest.fixture
def superuser(db):
    return make_user("root", is_superuser=True)


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def page(monkeypatch):
    """A page in Debian's Chromium, driven by Playwright. Nothing downloads a browser.

    Without Chromium the browser tests are skipped, unless REQUIRE_BROWSER is set
    (CI sets it), when they fail.
    """
    import os

    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # test makes between browser steps are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        # Anything the Content-Security-Policy blocks is a broken page: fail the test.
        blocked = []
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and blocked.append(message.text)
            ),
        )
        yield page
        browser.close()
        assert not blocked, f"the Content-Security-Policy blocked: {blocked}"


@pytest.fixture(scope="module")
def seed_data(django_db_setup, django_db_blocker):
    """The seed fixtures, loaded once for a test module and rolled back after it.

    Each test still runs in its own transaction inside this one, so what a test
    changes is undone before the next.
    """
    import io

    from django.core.management import call_command

    with once(django_db_blocker):
        call_command("seed", stdout=io.StringIO())
        yield


@pytest.fixture
def seeded(seed_data, db):
    """The seed records, for one test."""


def pytest_terminal_summary(terminalreporter):
    """How many hostile requests the fuzzing tests (tests/fuzz.py) sent, so CI output shows it."""
    from tests.fuzz import tried

    if any(tried.values()):
        total = sum(tried.values())
        terminalreporter.write_line(
            f"hostile inputs tried: {total} (public {tried['public']}, admin {tried['admin']})"
        )
