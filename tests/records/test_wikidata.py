"""Wikidata ids on people, organisations and places: a Q-number, optional, one record
per item, refused when malformed by the model, the admin and load_for_review."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from entities.merging import MergeRefused, merge
from entities.models import Organisation, Person, Place
from tests.admin_forms import submitted
from tests.factories import make_organisation, make_person, make_place

MAKERS = {Person: make_person, Organisation: make_organisation, Place: make_place}


@pytest.mark.parametrize("model", MAKERS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("bad", ["42", "q42", "Q", "Q042", "Q4 2", "Q42\n", "P31", "wd:Q42"])
def test_a_malformed_id_is_refused_naming_the_field(db, model, bad):
    record = MAKERS[model]()
    record.wikidata_id = bad
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert error.value.message_dict == {
        "wikidata_id": ["Wikidata id: enter an item's Q-number, such as Q42."]
    }


@pytest.mark.parametrize("model", MAKERS, ids=lambda m: m.__name__)
def test_an_id_is_optional_and_unique_when_set(db, model):
    make = MAKERS[model]
    first = make(slug="first", wikidata_id="Q42")
    make(slug="blank-1")
    second = make(slug="blank-2")
    second.full_clean()  # many records may have none
    second.wikidata_id = "Q42"
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    name = model._meta.verbose_name
    assert error.value.message_dict == {"wikidata_id": [f"Another {name} has this Wikidata id."]}
    second.wikidata_id = "Q43"
    second.full_clean()
    assert first.history.first().wikidata_id == "Q42"  # the history keeps it too


def test_the_admin_form_shows_the_error_beside_the_field(client, superuser):
    person = make_person(status="draft")  # a published one's edit waits as a revision
    make_person(slug="other", family_name="Other", wikidata_id="Q7")
    client.force_login(superuser)
    url = reverse("admin:entities_person_change", args=[person.pk])
    for value, message in [
        ("Q0", "Wikidata id: enter an item&#x27;s Q-number, such as Q42."),
        ("Q7", "Another person has this Wikidata id."),
    ]:
        response = client.post(url, submitted(client.get(url), wikidata_id=value))
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["wikidata_id"]
        assert message in response.content.decode()
    response = client.post(url, submitted(client.get(url), wikidata_id="Q8"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.wikidata_id == "Q8"


def test_load_for_review_names_file_record_and_field(db, tmp_path):
    path = tmp_path / "new.json"
    record = {"slug": "hou-yugang", "family_name": "Hou", "wikidata_id": "Q-1"}
    path.write_text(json.dumps([{"model": "entities.person", "fields": record}]))
    with pytest.raises(CommandError) as error:
        call_command("load_for_review", str(path))
    assert (
        "new.json, record 1 (entities.person hou-yugang): field 'wikidata_id': "
        "Wikidata id: enter an item's Q-number, such as Q42." in str(error.value)
    )
    assert not Person.objects.exists()


def test_load_for_review_refuses_an_id_already_taken(db, tmp_path):
    make_person(wikidata_id="Q42")
    path = tmp_path / "new.json"
    record = {"slug": "hou-yugang", "family_name": "Hou", "wikidata_id": "Q42"}
    path.write_text(json.dumps([{"model": "entities.person", "fields": record}]))
    with pytest.raises(CommandError, match="field 'wikidata_id': Another person has this"):
        call_command("load_for_review", str(path))


def test_a_merge_keeps_the_id_and_refuses_two_different_ones(db, superuser):
    survivor = make_organisation(slug="a", name="A")
    merged = make_organisation(slug="b", name="B", wikidata_id="Q5")
    merge(survivor, merged, superuser)
    survivor.refresh_from_db()
    assert survivor.wikidata_id == "Q5"
    other = make_organisation(slug="c", name="C", wikidata_id="Q6")
    with pytest.raises(MergeRefused, match=r"different Wikidata ids \(Q5, Q6\)"):
        merge(survivor, other, superuser)


@pytest.mark.parametrize("model", MAKERS, ids=lambda m: m.__name__)
def test_every_change_form_has_the_field(client, superuser, model):
    record = MAKERS[model]()
    client.force_login(superuser)
    url = reverse(f"admin:entities_{model._meta.model_name}_change", args=[record.pk])
    assert 'name="wikidata_id"' in client.get(url).content.decode()
