"""History in the admin: no lost updates, readable diffs, change reasons, revert."""

from django.urls import reverse

from entities.models import Person
from tests.admin_forms import submitted
from tests.conftest import make_user


def change_url(record):
    return reverse("admin:entities_person_change", args=[record.pk])


def draft(record):
    """The record as a draft: edits to a published one are held for review instead
    (tests/admin/test_revisions.py)."""
    type(record).objects.filter(pk=record.pk).update(status="draft")
    return record


def test_the_second_of_two_concurrent_saves_is_refused(client, curator, world):
    person = draft(world["person"])
    other = make_user("second-curator", "Curator")
    client.force_login(curator)
    first_page = client.get(change_url(person))
    client.force_login(other)
    second_page = client.get(change_url(person))

    client.force_login(curator)
    response = client.post(change_url(person), submitted(first_page, description="First edit"))
    assert response.status_code == 302

    client.force_login(other)
    response = client.post(change_url(person), submitted(second_page, description="Second edit"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "This record was changed by curator on" in content
    assert "you opened version 1; it is now version 2" in content
    assert f'href="{reverse("admin:entities_person_history", args=[person.pk])}"' in content
    person.refresh_from_db()
    assert (person.description, person.version) == ("First edit", 2)


def test_a_save_records_its_reason_in_the_history(client, curator, world):
    person = draft(world["person"])
    client.force_login(curator)
    page = client.get(change_url(person))
    data = submitted(page, description="Director-General", change_reason="Title from article 1")
    client.post(change_url(person), data)
    latest = person.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("Title from article 1", curator)


def test_the_history_shows_what_changed(client, curator, world):
    person = draft(world["person"])
    client.force_login(curator)
    page = client.get(change_url(person))
    client.post(change_url(person), submitted(page, description="Director-General"))
    history = client.get(reverse("admin:entities_person_history", args=[person.pk]))
    content = history.content.decode()
    assert "<strong>Description:</strong>" in content
    assert "&rarr;&nbsp;&nbsp;Director-General" in content


def revert(client, person, version):
    url = reverse("admin:entities_person_simple_history", args=[person.pk, version.history_id])
    page = client.get(url)
    return client.post(url, submitted(page))


def test_a_reviewer_can_revert_to_an_earlier_version(client, curator, reviewer, world):
    person = draft(world["person"])
    original = person.history.get()
    client.force_login(curator)
    page = client.get(change_url(person))
    client.post(change_url(person), submitted(page, description="A mistake"))

    client.force_login(reviewer)
    assert revert(client, person, original).status_code == 302
    person.refresh_from_db()
    assert (person.description, person.version) == ("", 3)
    assert person.history.count() == 3


def test_a_curator_cannot_revert(client, curator, world):
    person = world["person"]
    original = person.history.get()
    Person.objects.filter(pk=person.pk).update(description="Current")
    client.force_login(curator)
    assert revert(client, person, original).status_code == 403
    person.refresh_from_db()
    assert person.description == "Current"
