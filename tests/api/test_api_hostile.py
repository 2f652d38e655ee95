"""Hostile query strings and URLs on every API endpoint: 400 or 404, never a 500 (the test
client re-raises a view's exception), never a draft. Drafts of every kind come from the
public pages' hostile-input tests, with MARKER in their names and texts."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.fuzz import bounded, count, raw_values
from tests.public.test_hostile_public import LISTS, MARKER, VALID, make_drafts

#: Each API list and its parameters: the public list's, under the API's names.
API_LISTS = {
    f"/api/v1/{'people' if path == '/people/' else path.strip('/')}/": keys
    for path, keys in LISTS.items()
    if path != "/search/"
}
API_LISTS["/api/v1/positions/"] = ["person", "organisation"]
ANSWERS = {200, 400, 404}


@pytest.fixture
def drafts(world):
    return make_drafts(world)


def fetch(client, path, query=""):
    count("public")
    response = client.get(path, QUERY_STRING=query)
    assert response.status_code in ANSWERS, (path, query[:300])
    assert MARKER.encode() not in response.content, (path, query[:300])
    # Django itself refuses more fields than it reads, before the API sees them.
    if response.status_code == 400 and response["Content-Type"] == "application/json":
        assert response.json(), "a 400 names the parameter"
    return response


@pytest.mark.fuzz
@pytest.mark.parametrize("path", list(API_LISTS))
def test_hostile_query_strings_answer_400_or_404_never_500(client, drafts, path):
    keys = [*API_LISTS[path], "cursor", "o", "format"]
    key = st.one_of(st.sampled_from(keys), raw_values())
    value = st.one_of(raw_values(), st.sampled_from(VALID))

    @bounded
    @given(st.lists(st.tuples(key, value).map("=".join), min_size=1, max_size=5))
    @example(["q=%00", "cursor=%00"])
    @example(["cursor=" + "W10" * 3000])
    @example(["q=a"] * 1001)  # more fields than Django reads: 400
    def check(query):
        fetch(client, path, "&".join(query))

    check()


@pytest.mark.fuzz
@bounded
@given(path=st.sampled_from(list(API_LISTS)), slug=st.one_of(raw_values(), st.sampled_from(VALID)))
def test_hostile_detail_urls_answer_404_never_500(client, drafts, path, slug):
    fetch(client, f"{path}{slug}/")
