"""Who may do what in the admin: the permission matrix of the two groups."""

import pytest
from django.urls import reverse

from entities.models import Person, Status

CHANGELIST = "/admin/entities/person/"


def change_url(record):
    return reverse("admin:entities_person_change", args=[record.pk])


def test_anonymous_users_are_sent_to_login(client, world):
    for url in (CHANGELIST, change_url(world["person"]), "/admin/needs-review/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


def test_a_user_in_no_group_sees_nothing(client, outsider, world):
    client.force_login(outsider)
    assert (
        "You don’t have permission to view or edit anything"
        in client.get("/admin/").content.decode()
    )
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(world["person"])).status_code == 403
    assert "Nothing is waiting" in client.get("/admin/needs-review/").content.decode()


def test_a_curator_can_add_and_change(client, curator, world):
    client.force_login(curator)
    assert client.get(CHANGELIST).status_code == 200
    assert client.get("/admin/entities/person/add/").status_code == 200
    response = client.post(
        "/admin/entities/person/add/",
        {
            "family_name": "Hou",
            "given_name": "Yugang",
            "name_order": "family_first",
            "slug": "hou-yugang",
            "aliases": "[]",
            "positions-TOTAL_FORMS": "0",
            "positions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Person.objects.get(slug="hou-yugang").status == Status.DRAFT


def test_a_curator_cannot_delete_a_published_record(client, curator, world):
    client.force_login(curator)
    url = reverse("admin:entities_person_delete", args=[world["person"].pk])
    response = client.post(url, {"post": "yes"}, follow=True)
    assert "is published: only a reviewer may delete it. Nothing was deleted." in (
        response.content.decode()
    )
    assert Person.objects.filter(pk=world["person"].pk, status="published").exists()


def test_a_curator_cannot_publish(client, curator, world):
    person = world["person"]
    Person.objects.filter(pk=person.pk).update(status=Status.REVIEW)
    client.force_login(curator)
    response = client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [person.pk]}, follow=True
    )
    assert "Only reviewers may publish. Nothing was changed." in response.content.decode()
    person.refresh_from_db()
    assert (person.status, person.published_by) == (Status.REVIEW, None)


def test_a_reviewer_can_publish_and_delete(client, reviewer, world):
    person = world["person"]
    Person.objects.filter(pk=person.pk).update(status=Status.REVIEW)
    client.force_login(reviewer)
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [person.pk]})
    person.refresh_from_db()
    assert (person.status, person.published_by) == (Status.PUBLISHED, reviewer)
    url = reverse("admin:entities_person_delete", args=[person.pk])
    person.positions.all().delete()
    world["statement"].delete()
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()


@pytest.mark.parametrize(
    ("group", "codenames"),
    [
        ("Curator", {"add_statement", "change_statement", "view_statement"}),
        (
            "Reviewer",
            {
                "add_statement",
                "change_statement",
                "view_statement",
                "delete_statement",
                "publish_statement",
            },
        ),
    ],
)
def test_the_groups_exist_with_their_rights(db, group, codenames):
    from django.contrib.auth.models import Group

    rights = set(
        Group.objects.get(name=group)
        .permissions.filter(content_type__model="statement")
        .values_list("codename", flat=True)
    )
    assert rights == codenames
