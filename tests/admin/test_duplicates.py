"""Possible duplicates: which names match, and the admin pages that list and merge them."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entities.duplicates import Names, candidates, key, pinyin
from entities.merging import merge
from entities.models import NotDuplicate, Organisation, Person, Position, Status
from tests.factories import make_organisation, make_person, make_position, make_statement


def pairs(kind, *records):
    return {(p.first, p.second): p.reason for p in candidates(list(records), kind)}


def test_a_person_s_name_matches_in_any_case_and_order():
    assert key("ZHOU Bo", "person") == key("Zhou Bo", "person") == key("Bo Zhou", "person")
    found = pairs("person", Names(1, "ZHOU Bo"), Names(2, "Bo Zhou"), Names(3, "Zhou Bin"))
    assert found == {(1, 2): "same name ignoring case and word order"}


def test_an_organisation_s_legal_form_is_set_aside():
    names = ["Shandong Haihua Group Co., Ltd.", "Shandong Haihua Group", "SHANDONG HAIHUA CO"]
    assert len({key(n, "organisation") for n in names}) == 1
    found = pairs("organisation", *(Names(i, n) for i, n in enumerate(names, 1)))
    assert set(found) == {(1, 2), (1, 3), (2, 3)}
    assert "legal form" in found[(1, 2)]


def test_a_place_s_province_or_city_is_set_aside():
    found = pairs("place", Names(1, "Weihai City"), Names(2, "Weihai"), Names(3, "Weifang"))
    assert set(found) == {(1, 2)}


def test_an_alias_matches_a_name():
    found = pairs(
        "organisation",
        Names(1, "Shandong Port Group", ("SPG",)),
        Names(2, "SPG"),
    )
    assert found == {(1, 2): "alias 'SPG' matches"}


def test_a_chinese_name_or_its_pinyin_matches():
    assert pinyin("周波", "person") == "zhoubo"
    found = pairs(
        "person",
        Names(1, "Bo Zhou"),
        Names(2, "Z. B.", (), "周波"),
        Names(3, "Someone", (), "周波"),
    )
    assert found[(1, 2)] == found[(1, 3)] == "name is the pinyin of 周波"
    assert found[(2, 3)] == "same Chinese name 周波"
    places = pairs("place", Names(1, "Jinan"), Names(2, "Capital", (), "济南市"))
    assert places == {(1, 2): "name is the pinyin of 济南市"}


def test_a_close_spelling_matches_but_a_different_name_does_not():
    found = pairs(
        "organisation",
        Names(1, "Shandong Haihua Chemical"),
        Names(2, "Shandong Haihau Chemical"),
        Names(3, "Shandong Gold Mining"),
        Names(4, "Shandong Haihua Chemical 2"),
    )
    assert list(found) == [(1, 2)]
    assert found[(1, 2)].startswith("close spelling (fuzzy 9")


def test_the_pairs_are_capped():
    records = [Names(i, "Same Name") for i in range(100)]
    assert len(candidates(records, "organisation", limit=30)) == 30


def test_thousands_of_names_are_compared_in_blocks_not_each_with_each(monkeypatch):
    from entities import duplicates

    compared = []
    extract = duplicates.process.extract

    def counted(query, choices, **kwargs):
        compared.append(len(choices))
        return extract(query, choices, **kwargs)

    monkeypatch.setattr(duplicates.process, "extract", counted)
    records = [Names(i, f"Shandong Company Number {i} Technology") for i in range(5000)]
    candidates(records, "organisation")
    # Each with each would be 12.5 million comparisons; the blocks leave a few per name.
    assert sum(compared) < 20 * len(records)


# The admin pages --------------------------------------------------------------


DUPLICATES = "/admin/entities/person/duplicates/"
MERGE = "/admin/entities/person/merge/"


@pytest.fixture
def pair(world):
    """ "ZHOU Bo", who spoke once, and "Bo Zhou", who holds a position."""
    survivor = make_person(slug="zhou-bo", family_name="ZHOU", given_name="Bo")
    merged = make_person(
        slug="bo-zhou", family_name="Zhou", given_name="Bo", name_order="given_first"
    )
    make_statement(world["source"], survivor, slug="zhou-said")
    make_position(merged, world["organisation"], world["source"], title="Director")
    return survivor, merged


def test_the_duplicates_page_shows_each_pair_with_its_evidence(client, reviewer, pair):
    survivor, merged = pair
    client.force_login(reviewer)
    page = client.get(DUPLICATES).content.decode()
    assert "Same name ignoring case and word order" in page
    assert "ZHOU Bo" in page and "Bo Zhou" in page
    assert '<a href="/admin/statements/statement/?speaker=zhou-bo">1 statements (speaker)</a>' in (
        page
    )
    assert '<a href="/admin/entities/position/?person=bo-zhou">1 positions (person)</a>' in page
    assert f"{MERGE}?keep={survivor.pk}&amp;drop={merged.pk}" in page
    assert client.get("/admin/entities/person/").content.decode().count(DUPLICATES) == 1
    assert DUPLICATES in client.get("/admin/").content.decode()


def test_a_curator_sees_the_pairs_but_may_not_merge(client, curator, pair):
    survivor, merged = pair
    client.force_login(curator)
    page = client.get(DUPLICATES).content.decode()
    assert "Only reviewers may merge." in page
    assert MERGE not in page
    url = f"{MERGE}?keep={survivor.pk}&drop={merged.pk}"
    assert client.get(url).status_code == 403
    data = {"keep": survivor.pk, "drop": merged.pk, "keep_version": 1, "drop_version": 1}
    assert client.post(MERGE, data).status_code == 403
    assert Person.objects.filter(pk=merged.pk).exists()


def test_the_confirmation_page_says_what_moves_and_its_post_merges(client, reviewer, pair):
    survivor, merged = pair
    client.force_login(reviewer)
    page = client.get(f"{MERGE}?keep={survivor.pk}&drop={merged.pk}").content.decode()
    assert "move 1 positions (person) to ZHOU Bo" in page
    assert "give ZHOU Bo the other names: Bo Zhou" in page
    data = {"keep": survivor.pk, "drop": merged.pk, "keep_version": 1, "drop_version": 1}
    response = client.post(MERGE, data, follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/entities/person/{survivor.pk}/change/"
    assert "Merged Bo Zhou" in response.content.decode()
    assert not Person.objects.filter(pk=merged.pk).exists()
    assert Position.objects.get(title="Director").person == survivor


def test_a_refused_merge_shows_the_rows_and_changes_nothing(client, reviewer, pair, world):
    survivor, merged = pair
    make_position(survivor, world["organisation"], world["source"], title="Director")
    client.force_login(reviewer)
    url = f"{MERGE}?keep={survivor.pk}&drop={merged.pk}"
    page = client.get(url).content.decode()
    assert "This merge would be refused" in page
    assert "would duplicate" in page
    assert 'type="submit"' not in page.split("merge-problems")[1]
    data = {"keep": survivor.pk, "drop": merged.pk, "keep_version": 1, "drop_version": 1}
    response = client.post(MERGE, data, follow=True)
    assert "The merge was refused, and nothing changed" in response.content.decode()
    assert Person.objects.filter(pk=merged.pk).exists()
    assert Position.objects.filter(person=merged).count() == 1


def test_a_record_changed_since_the_page_was_opened_is_not_merged(client, reviewer, pair):
    survivor, merged = pair
    client.force_login(reviewer)
    data = {"keep": survivor.pk, "drop": merged.pk, "keep_version": 1, "drop_version": 1}
    merged.description = "Edited meanwhile"
    merged.save()
    response = client.post(MERGE, data, follow=True)
    assert "changed after you opened this page" in response.content.decode()
    assert Person.objects.filter(pk=merged.pk).exists()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?keep=abc&drop=1",
        "?keep=1&drop=99999999999999999999",
        "?keep=1&drop=1x",
        "?keep=²&drop=1",
    ],
)
def test_nonsense_merge_addresses_answer_404(client, reviewer, world, query):
    client.force_login(reviewer)
    assert client.get(f"{MERGE}{query}").status_code == 404


def test_the_duplicates_page_costs_the_same_for_few_and_many_records(client, reviewer, world):
    client.force_login(reviewer)

    def make(start, stop):
        for i in range(start, stop):
            org = make_organisation(slug=f"o{i}", name=f"Company {i} Co., Ltd.")
            make_organisation(slug=f"d{i}", name=f"Company {i}", status=Status.DRAFT)
            make_position(world["person"], org, world["source"], title=f"Chair {i}")

    def cost():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/admin/entities/organisation/duplicates/")
        assert response.status_code == 200
        return len(response.context["rows"]), len(captured)

    make(0, 3)
    cost()  # the first request fills the content types cache: one query more, once
    few_rows, few = cost()
    make(3, 60)
    many_rows, many = cost()
    assert (few_rows, many_rows) == (3, 60)
    assert many == few
    assert Organisation.objects.count() == 121


@pytest.mark.parametrize("model", ["person", "organisation", "place", "project", "indicator"])
def test_a_mergeable_change_form_costs_the_same_for_few_and_many_references(
    client, reviewer, world, model
):
    """The merge links add nothing per record: a change form of a record used
    twice costs what one used 30 times costs."""
    client.force_login(reviewer)
    record = world[model]
    app = "statements" if model == "indicator" else "entities"
    url = f"/admin/{app}/{model}/{record.pk}/change/"

    def use(start, stop):
        for i in range(start, stop):
            statement = make_statement(world["source"], world["person"], slug=f"u{i}")
            if model in ("organisation", "place", "project"):
                getattr(statement, f"{model}s").add(record)
            if model == "indicator":
                from tests.factories import make_metric

                make_metric(record, world["source"], place=world["place"], slug=f"m{i}")
        if hasattr(record, "aliases"):
            record.aliases = [f"Alias {n}" for n in range(stop)]
            record.save()

    def cost():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    use(0, 2)
    cost()  # the first request fills the content types cache: one query more, once
    few = cost()
    use(2, 30)
    assert cost() == few


def test_a_pair_said_not_to_be_the_same_is_listed_no_more(client, curator, outsider, pair):
    survivor, merged = pair
    data = {"first": merged.pk, "second": survivor.pk}
    client.force_login(outsider)
    assert client.post(DUPLICATES, data).status_code == 403
    client.force_login(curator)
    response = client.post(DUPLICATES, data, follow=True)
    page = response.content.decode()
    assert "are not listed as possible duplicates any more" in page
    assert "No possible duplicates found." in page
    assert NotDuplicate.objects.get().decided_by == curator
    assert client.post(DUPLICATES, {"first": "1", "second": "²"}).status_code == 404


def test_a_merge_forgets_what_was_said_of_the_merged_record(world, reviewer, pair):
    survivor, merged = pair
    other = make_person(slug="zhou-bo-3", family_name="Zhou", given_name="Bo")
    NotDuplicate.objects.create(
        content_type=ContentType.objects.get_for_model(Person),
        first_id=merged.pk,
        second_id=other.pk,
    )
    merge(survivor, merged, reviewer)
    assert not NotDuplicate.objects.exists()
