"""Every related-record filter of every public list reads typed text the same way
(entities.filters.resolve): an exact slug or name in any case wins; else every word
must match, in any order; of several matches the page names the one it used and links
the others; when none matches, it says so and lists nothing.

Indicators and topics have no related-record filters (their topic filter is a select).
"""

import pytest

from entities.filters import resolve
from entities.models import Place, ProjectRole
from tests.factories import (
    make_indicator,
    make_metric,
    make_organisation,
    make_person,
    make_place,
    make_project,
    make_source,
)


def child_place(w):
    return make_place(slug="yantai", name="Yantai", kind="city", parent=w["place"])


def child_organisation(w):
    return make_organisation(slug="lab", name="A laboratory", parent=w["organisation"])


def mentioning_place(w):
    w["statement"].places.add(w["place"])
    return w["statement"]


def organisation_metric(w):
    return make_metric(w["indicator"], w["source"], organisation=w["organisation"], slug="om")


def project_metric(w):
    return make_metric(w["indicator"], w["source"], project=w["project"], slug="pm")


def project_with_role(w):
    ProjectRole.objects.create(
        project=w["project"], organisation=w["organisation"], role=ProjectRole.Role.OWNER
    )
    return w["project"]


def given(key):
    return lambda w: w[key]


#: A published record of each kind whose name holds every word of the world's one,
#: and more, so that it matches the same words but is never the first choice.
DECOYS = {
    "place": lambda: make_place(slug="decoy", name="Shandong Province Annex"),
    "organisation": lambda: make_organisation(
        slug="decoy", name="Department of Science and Technology Annex"
    ),
    "person": lambda: make_person(slug="decoy", family_name="SUN", given_name="Haisheng Annex"),
    "source": lambda: make_source(slug="decoy", title="An article Annex"),
    "indicator": lambda: make_indicator(slug="decoy", name="High-tech enterprises Annex"),
    "project": lambda: make_project(slug="decoy", name="The park Annex"),
}

#: (list, filter, kind of record it names, the row that record brings to the list)
CASES = [
    ("/statements/", "speaker", "person", given("statement")),
    ("/statements/", "organisation", "organisation", given("statement")),
    ("/statements/", "place", "place", mentioning_place),
    ("/statements/", "source", "source", given("statement")),
    ("/metrics/", "indicator", "indicator", given("metric")),
    ("/metrics/", "place", "place", given("metric")),
    ("/metrics/", "organisation", "organisation", organisation_metric),
    ("/metrics/", "project", "project", project_metric),
    ("/people/", "organisation", "organisation", given("person")),
    ("/organisations/", "place", "place", given("organisation")),
    ("/organisations/", "parent", "organisation", child_organisation),
    ("/projects/", "place", "place", given("project")),
    ("/projects/", "organisation", "organisation", project_with_role),
    ("/places/", "parent", "place", child_place),
    ("/sources/", "publisher", "organisation", given("source")),
]
IDS = [f"{url.strip('/')}-{name}" for url, name, _, _ in CASES]


@pytest.fixture(params=CASES, ids=IDS)
def case(request, world):
    url, name, kind, row = request.param
    record = world[kind]
    return {
        "get": lambda client, text: client.get(url, {name: text}),
        "name": name,
        "record": record,
        "row": row(world).slug,
        "decoy": DECOYS[kind](),
    }


def listed(response):
    assert response.status_code == 200
    return [row.slug for row in response.context["object_list"]]


def match_of(response, name):
    (match,) = [m for _, _, _, m in response.context["active_filters"] if m is not None]
    assert match is response.context["filter"].matches[name]
    return match


def test_an_exact_slug_in_another_case_wins(client, case):
    response = case["get"](client, case["record"].slug.upper())
    assert match_of(response, case["name"]).record == case["record"]
    assert case["row"] in listed(response)


def test_an_exact_name_in_any_case_wins(client, case):
    response = case["get"](client, str(case["record"]).swapcase())
    match = match_of(response, case["name"])
    assert match.record == case["record"]
    assert case["row"] in listed(response)
    assert case["decoy"] in match.others  # it holds the words, but the exact name won


def test_every_word_is_needed_in_any_order(client, case):
    words = str(case["record"]).split()
    response = case["get"](client, " ".join(["annex", *reversed(words)]).upper())
    assert match_of(response, case["name"]).record == case["decoy"]
    assert case["row"] not in listed(response)  # the decoy is linked to nothing
    response = case["get"](client, " ".join([*words, "nowhere"]))
    assert match_of(response, case["name"]).record is None


def test_of_several_matches_the_page_names_the_one_used_and_links_the_others(client, case):
    words = str(case["record"]).split()
    response = case["get"](client, " ".join(words[1:] + words[:1]).lower())
    match = match_of(response, case["name"])
    assert match.record == case["record"]  # the shorter name
    assert match.others == [case["decoy"]]
    html = response.content.decode()
    assert f'Showing <a href="{case["record"].get_absolute_url()}">' in html
    assert "also matching:" in html
    assert f'{case["name"]}=decoy">' in html
    assert case["row"] in listed(response)


def test_when_nothing_matches_the_page_says_so_and_lists_nothing(client, case):
    response = case["get"](client, "Atlantis")
    assert match_of(response, case["name"]).record is None
    assert listed(response) == []
    noun = type(case["record"])._meta.verbose_name
    assert f"No {noun} matches “Atlantis”." in response.content.decode()


def test_drafts_are_never_chosen(client, case):
    record = case["record"]
    type(record).objects.filter(pk=record.pk).update(status="draft")
    response = case["get"](client, record.slug)
    assert match_of(response, case["name"]).record in (None, case["decoy"])
    assert case["row"] not in listed(response)


def test_the_issue_examples_on_the_seed(client, seeded):
    by_slug = listed(client.get("/metrics/", {"place": "shandong"}))
    response = client.get("/metrics/", {"place": "Shandong"})
    assert listed(response) == by_slug and len(by_slug) == 10
    assert match_of(response, "place").record.slug == "shandong"
    response = client.get("/statements/", {"organisation": "Department Science Technology"})
    match = match_of(response, "organisation")
    assert match.record.slug == "department-of-science-and-technology-of-shandong-province"
    assert listed(response)


def test_a_slug_as_the_site_links_it_names_one_record_in_one_query(db, django_assert_num_queries):
    atlantis = make_place(slug="atlantis", name="Atlantis")
    port = make_place(slug="atlantis-port", name="Atlantis Port")
    with django_assert_num_queries(1):
        match = resolve(Place, "atlantis")
    assert (match.record, match.others) == (atlantis, [])
    # Typed as a name, the same words find the port too, and the page lists it.
    match = resolve(Place, "Atlantis")
    assert (match.record, match.others) == (atlantis, [port])
