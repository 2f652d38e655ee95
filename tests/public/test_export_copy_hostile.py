"""A CSV export that PostgreSQL writes (COPY) is byte for byte the one Python writes,
for hostile text too. (A module of its own: the world of records, not the seed data.)"""

from tests.factories import make_person, make_statement
from tests.public.test_export_copy import LISTS, raw, written_in_python
from tests.public.test_public_safety import hostile_exports


def test_hostile_text_exports_the_same_bytes_either_way(client, world, monkeypatch):
    """Formulas, quotes, commas, line breaks, tabs and markup; names in either order,
    without a given name, and a statement without a speaker."""
    hostile_exports(world)
    source = world["source"]
    for number, (family, given, order) in enumerate(
        [("Hou", "", "family_first"), ("Smith", "Jane", "given_first"), ("-1", "+2", "given_first")]
    ):
        person = make_person(f"person-{number}", family, given, name_order=order)
        make_statement(source, person, slug=f"said-{number}", text=f'{given}\n,"{family}"')
    make_statement(source, None, slug="unattributed", text="\r=1", kind="paraphrase")
    make_statement(source, None, slug="empty", text="")
    copied = {url: raw(client, f"{url}?format=csv") for url in LISTS}
    assert b"'=HYPERLINK" in copied["/statements/"] and b"Jane Smith" in copied["/statements/"]
    written_in_python(monkeypatch)
    for url in LISTS:
        assert copied[url] == raw(client, f"{url}?format=csv"), url
