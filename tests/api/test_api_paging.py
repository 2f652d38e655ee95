"""Cursor paging is stable: a client walking a list sees every row that was there when it
started exactly once, however many rows are published meanwhile, ties in the order
included."""

import datetime
import itertools

import pytest

from tests.factories import make_metric, make_person, make_place, make_source, make_statement

numbers = itertools.count()


def walk(client, url, between):
    """Every row of the list, page by page, calling `between` after each page."""
    seen = []
    while url:
        page = client.get(url)
        assert page.status_code == 200, page.content
        seen += [row.get("slug", row.get("id")) for row in page.json()["results"]]
        url = page.json()["next"]
        between()
    return seen


def new_place():
    n = next(numbers)
    make_place(slug=f"new-{n:03}", name=["Aaa", "Same", "Zzz"][n % 3])


def new_person():
    n = next(numbers)
    make_person(slug=f"new-{n:03}", family_name=["AAA", "same", "ZZZ"][n % 3], given_name="X")


def tied_rows(world):
    """Rows of each kind, many of them tied on every key of the order but the last."""
    for i in range(7):
        make_place(slug=f"place-{i}", name="Same")
        make_person(slug=f"person-{i}", family_name="SAME" if i % 2 else "same", given_name="X")
        start = None if i % 3 == 0 else datetime.date(2024, 1, 1)
        make_metric(world["indicator"], world["source"], place=world["place"], period_start=start)
        make_statement(world["source"], offset=None if i % 3 == 0 else 5)
        make_source(slug=f"source-{i}", title="Same")


def new_row(world):
    """A row of each kind, tied with the rows above."""
    new_place()
    new_person()
    n = next(numbers)
    start = None if n % 2 else datetime.date(2024, 1, 1)
    make_metric(world["indicator"], world["source"], place=world["place"], period_start=start)
    make_statement(world["source"], offset=None if n % 2 else 5)
    make_source(slug=f"new-source-{n:03}", title="Same")


@pytest.mark.parametrize("endpoint", ["places", "people", "metrics", "statements", "sources"])
def test_walking_a_list_while_records_are_published_sees_each_row_once(
    client, world, monkeypatch, endpoint
):
    monkeypatch.setattr("api.pagination.KeysetPagination.page_size", 3)
    tied_rows(world)
    before = [row["slug"] for row in client.get(f"/api/v1/{endpoint}/?page=1").json()["results"]]
    monkeypatch.setattr("api.pagination.KeysetPagination.page_size", 100)
    everything = [row["slug"] for row in client.get(f"/api/v1/{endpoint}/").json()["results"]]
    monkeypatch.setattr("api.pagination.KeysetPagination.page_size", 3)
    assert before == everything[:3]

    seen = walk(client, f"/api/v1/{endpoint}/", lambda: new_row(world))

    assert len(seen) == len(set(seen)), "a row was seen twice"
    assert set(everything) <= set(seen), "a row was missed"


def test_the_walk_keeps_the_filters(client, world, monkeypatch):
    monkeypatch.setattr("api.pagination.KeysetPagination.page_size", 2)
    for i in range(5):
        make_place(slug=f"district-{i}", name=f"District {i}", kind="district")
    page = client.get("/api/v1/places/?kind=district").json()
    assert "kind=district" in page["next"] and "cursor=" in page["next"]
    seen = walk(client, "/api/v1/places/?kind=district", lambda: None)
    assert seen == [f"district-{i}" for i in range(5)]
