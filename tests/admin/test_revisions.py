"""Nothing reaches the public unreviewed: an edit to a published record is held as a
pending revision until a reviewer publishes it, and only reviewers take records off the
public site."""

import pytest
from django.urls import reverse

from entities.models import Organisation, Person, Position, ProjectRole, Revision, Status
from statements.models import Statement
from tests.admin_forms import submitted
from tests.conftest import make_user
from tests.factories import make_organisation, make_person, make_topic


def change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def decide_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_revision", args=[record.pk])


def public_views(client, organisation):
    """What a reader sees of the organisation: its page, the list, an export, search."""
    pages = [
        organisation.get_absolute_url(),
        "/organisations/",
        "/organisations/?format=csv",
        "/search/?q=Department",
        "/search/?q=Renamed",
    ]
    seen = []
    for url in pages:
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        seen.append((url, response.status_code, content.decode()))
    return seen


def edit(client, user, record, **changes):
    client.force_login(user)
    page = client.get(change_url(record))
    return client.post(change_url(record), submitted(page, **changes))


def decide(client, reviewer, record, decision):
    client.force_login(reviewer)
    number = Revision.objects.of(record).number
    return client.post(
        decide_url(record), {"decision": decision, "revision_number": number}, follow=True
    )


@pytest.fixture
def organisation(world):
    return world["organisation"]


def test_a_curators_edit_is_held_and_the_public_sees_the_published_version(
    client, curator, reviewer, organisation
):
    before = public_views(client, organisation)
    assert "Department of Science and Technology" in before[0][2]

    response = edit(client, curator, organisation, name="Renamed Department", change_reason="typo")
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.version) == ("Department of Science and Technology", 1)
    revision = Revision.objects.of(organisation)
    assert (revision.changes, revision.created_by, revision.reason) == (
        {"name": "Renamed Department"},
        curator,
        "typo",
    )
    assert public_views(client, organisation) == before

    # The change form says so, and shows the difference against the published version.
    client.force_login(reviewer)
    page = client.get(change_url(organisation)).content.decode()
    assert "Revision 1 is pending: by curator" in page
    assert "<del>Department of Science and Technology</del>" in page
    assert "<ins>Renamed Department</ins>" in page
    assert 'value="Renamed Department"' in page  # the form holds the revision

    decide(client, reviewer, organisation, "publish")
    organisation.refresh_from_db()
    assert (organisation.name, organisation.status) == ("Renamed Department", Status.PUBLISHED)
    after = public_views(client, organisation)
    assert "Renamed Department" in after[0][2] and "Renamed Department" in after[2][2]
    assert "Renamed Department" in after[4][2]
    latest = organisation.history.first()
    assert latest.history_user == reviewer
    assert latest.history_change_reason == "Published revision 1 by curator: typo"
    assert Revision.objects.get().state == Revision.State.APPLIED


def test_a_discarded_revision_leaves_the_public_as_it_was(client, curator, reviewer, organisation):
    before = public_views(client, organisation)
    edit(client, curator, organisation, name="Renamed Department")
    response = decide(client, reviewer, organisation, "discard")
    assert "Discarded revision 1" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Department of Science and Technology"
    assert public_views(client, organisation) == before
    assert Revision.objects.get().state == Revision.State.DISCARDED
    assert organisation.history.first().history_change_reason == "Discarded revision 1 by curator"


def test_a_second_edit_updates_the_revision_and_a_stale_one_is_refused(
    client, curator, organisation
):
    other = make_user("other-curator", "Curator")
    client.force_login(curator)
    first_page = client.get(change_url(organisation))
    client.force_login(other)
    second_page = client.get(change_url(organisation))

    client.force_login(curator)
    client.post(change_url(organisation), submitted(first_page, name="First name"))
    client.force_login(other)
    response = client.post(change_url(organisation), submitted(second_page, name="Second name"))
    assert response.status_code == 200
    assert "The pending revision of this record was changed by curator" in (
        response.content.decode()
    )
    assert Revision.objects.get().changes == {"name": "First name"}

    # Opened afresh, the form shows the revision; a further edit updates it.
    edit(client, other, organisation, description="An agency.")
    revision = Revision.objects.get()
    assert revision.number == 2
    assert revision.changes == {"name": "First name", "description": "An agency."}
    assert (revision.created_by, revision.updated_by) == (curator, other)
    organisation.refresh_from_db()
    assert (organisation.name, organisation.description) == (
        "Department of Science and Technology",
        "",
    )


def test_a_reviewer_may_not_publish_a_revision_changed_since_they_saw_it(
    client, curator, reviewer, organisation
):
    edit(client, curator, organisation, name="First name")
    client.force_login(reviewer)
    stale = {"decision": "publish", "revision_number": 1}
    edit(client, curator, organisation, name="Second name")
    client.force_login(reviewer)
    response = client.post(decide_url(organisation), stale, follow=True)
    assert "Nothing was done" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Department of Science and Technology"


def test_many_to_many_links_are_held_too(client, curator, reviewer, world):
    statement = world["statement"]
    other = make_topic(slug="ports", name="Ports")
    public = client.get(statement.get_absolute_url()).content.decode()
    assert "Ports" not in public
    edit(client, curator, statement, topics=[str(world["topic"].pk), str(other.pk)])
    assert set(statement.topics.all()) == {world["topic"]}
    assert client.get(statement.get_absolute_url()).content.decode() == public
    client.force_login(curator)
    page = client.get(change_url(statement)).content.decode()
    assert "<ins>Hydrogen energy; Ports</ins>" in page
    decide(client, reviewer, statement, "publish")
    assert set(statement.topics.all()) == {world["topic"], other}
    assert "Ports" in client.get(statement.get_absolute_url()).content.decode()


def test_a_projects_roles_are_held_too(client, curator, reviewer, world):
    project, organisation = world["project"], world["organisation"]
    client.force_login(curator)
    page = client.get(change_url(project))
    data = submitted(
        page,
        **{
            "roles-TOTAL_FORMS": "1",
            "roles-0-organisation": str(organisation.pk),
            "roles-0-role": "owner",
            "roles-0-evidence": "",
        },
    )
    assert client.post(change_url(project), data).status_code == 302
    assert not ProjectRole.objects.exists()
    assert organisation.name not in client.get(project.get_absolute_url()).content.decode()
    assert Revision.objects.of(project).changes == {"roles": [[organisation.pk, "owner", None, ""]]}

    # An edit of another field keeps the pending roles.
    edit(client, curator, project, description="A park.")
    assert Revision.objects.of(project).changes["roles"] == [[organisation.pk, "owner", None, ""]]

    decide(client, reviewer, project, "publish")
    assert list(project.roles.values_list("organisation", "role")) == [(organisation.pk, "owner")]
    assert organisation.name in client.get(project.get_absolute_url()).content.decode()


def test_a_published_projects_roles_are_not_changed_on_their_own_pages(client, curator, world):
    project = world["project"]
    role = ProjectRole.objects.create(
        project=project, organisation=world["organisation"], role="owner"
    )
    client.force_login(curator)
    url = reverse("admin:entities_projectrole_change", args=[role.pk])
    page = client.get(url).content.decode()
    assert 'name="role"' not in page  # read-only
    assert (
        client.post(
            url, {"project": project.pk, "organisation": role.organisation_id, "role": "investor"}
        ).status_code
        == 403
    )
    add = reverse("admin:entities_projectrole_add")
    response = client.post(
        add, {"project": project.pk, "organisation": role.organisation_id, "role": "investor"}
    )
    assert "This project is published" in response.content.decode()
    assert list(ProjectRole.objects.values_list("role", flat=True)) == ["owner"]


def test_a_published_persons_positions_are_read_only_on_their_page(client, curator, world):
    client.force_login(curator)
    page = client.get(change_url(world["person"])).content.decode()
    assert 'name="positions-0-title"' not in page  # shown as text, not a field
    assert 'name="positions-MAX_NUM_FORMS" value="0"' in page  # none may be added
    assert world["position"].title in page


def test_a_revision_that_no_longer_passes_the_checks_is_refused(client, curator, reviewer, world):
    organisation = world["organisation"]
    make_organisation(slug="taken", name="Another")
    edit(client, curator, organisation, slug="renamed")
    # Meanwhile the address was given to another record.
    Organisation.objects.filter(slug="taken").update(slug="renamed")
    response = decide(client, reviewer, organisation, "publish")
    assert "cannot be published: slug: Organisation with this Slug already exists." in (
        response.content.decode()
    )
    organisation.refresh_from_db()
    assert organisation.slug == "dst"
    assert Revision.objects.of(organisation) is not None


def test_a_reviewers_edit_is_held_too_unless_they_publish_it(client, reviewer, organisation):
    edit(client, reviewer, organisation, name="Held")
    organisation.refresh_from_db()
    assert organisation.name == "Department of Science and Technology"
    edit(client, reviewer, organisation, name="Published now", _workflow="publish")
    organisation.refresh_from_db()
    assert organisation.name == "Published now"
    assert Revision.objects.pending().count() == 0


def test_drafts_and_records_in_review_are_edited_directly(client, curator, organisation):
    for status in (Status.DRAFT, Status.REVIEW):
        Organisation.objects.filter(pk=organisation.pk).update(status=status)
        edit(client, curator, organisation, name=f"Name in {status}")
        organisation.refresh_from_db()
        assert organisation.name == f"Name in {status}"
    assert not Revision.objects.exists()


def test_a_curators_return_to_draft_is_refused_and_the_record_stays_public(client, curator, world):
    statement = world["statement"]
    client.force_login(curator)
    response = client.post(
        "/admin/statements/statement/",
        {"action": "return_to_draft", "_selected_action": [statement.pk]},
        follow=True,
    )
    assert "Only reviewers may take a record off the public site; nothing was changed." in (
        response.content.decode()
    )
    statement.refresh_from_db()
    assert statement.status == Status.PUBLISHED
    assert client.get(statement.get_absolute_url()).status_code == 200


def test_a_curator_may_propose_returning_to_draft(client, curator, reviewer, world):
    statement = world["statement"]
    client.force_login(curator)
    page = client.get(change_url(statement))
    assert "Propose returning to draft" in page.content.decode()
    client.post(change_url(statement), submitted(page, _workflow="return_to_draft"))
    statement.refresh_from_db()
    assert statement.status == Status.PUBLISHED
    assert client.get(statement.get_absolute_url()).status_code == 200
    assert Revision.objects.of(statement).unpublish

    decide(client, reviewer, statement, "publish")
    statement.refresh_from_db()
    assert statement.status == Status.DRAFT
    assert client.get(statement.get_absolute_url()).status_code == 404


def test_a_reviewer_returns_a_published_record_to_draft_directly(client, reviewer, world):
    statement = world["statement"]
    edit(client, reviewer, statement, context="Pending words.")
    edit(client, reviewer, statement, _workflow="return_to_draft")
    statement.refresh_from_db()
    assert (statement.status, statement.context) == (Status.DRAFT, "Pending words.")
    assert not Revision.objects.pending().exists()


def test_a_revert_of_a_published_record_is_held(client, curator, reviewer, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(status=Status.DRAFT)
    organisation.refresh_from_db()
    organisation.description = "Old words."
    organisation.save()
    old = organisation.history.first()
    organisation.description = "New words."
    organisation.status = Status.PUBLISHED
    organisation.save()

    client.force_login(reviewer)
    url = reverse("admin:entities_organisation_simple_history", args=[organisation.pk, old.pk])
    client.post(url, submitted(client.get(url)))
    organisation.refresh_from_db()
    assert (organisation.description, organisation.status) == ("New words.", Status.PUBLISHED)
    assert Revision.objects.of(organisation).changes == {"description": "Old words."}


def test_only_reviewers_decide_revisions(client, curator, world):
    statement = world["statement"]
    edit(client, curator, statement, context="New context.")
    client.force_login(curator)
    response = client.post(decide_url(statement), {"decision": "publish", "revision_number": 1})
    assert response.status_code == 403
    assert client.get(decide_url(statement)).status_code == 403
    statement.refresh_from_db()
    assert statement.context == ""
    assert Statement.objects.get().version == statement.version


def test_needs_review_lists_new_records_and_pending_revisions(client, curator, reviewer, world):
    statement, person = world["statement"], world["person"]
    Statement.objects.filter(pk=statement.pk).update(status=Status.DRAFT)
    client.force_login(curator)
    client.post(
        "/admin/statements/statement/",
        {"action": "submit_for_review", "_selected_action": [statement.pk]},
    )
    edit(client, curator, person, description="Director-General", change_reason="title")

    client.force_login(reviewer)
    assert "Needs review: 2 waiting" in client.get("/admin/").content.decode()
    page = client.get("/admin/needs-review/").content.decode()
    assert "Statements: 1 in review" in page
    assert "submitted by curator" in page
    assert "revision 1 by curator" in page and "“title”" in page
    assert "<ins>Director-General</ins>" in page

    decided = client.post(
        "/admin/needs-review/decide/",
        {
            "record": f"statements.statement:{statement.pk}",
            "decision": "publish",
            "version": Statement.objects.get(pk=statement.pk).version,
        },
        follow=True,
    )
    assert "Publish: 1 record(s)." in decided.content.decode()
    statement.refresh_from_db()
    assert statement.status == Status.PUBLISHED
    client.post(
        decide_url(person),
        {"decision": "publish", "revision_number": 1, "next": "/admin/needs-review/"},
    )
    person.refresh_from_db()
    assert person.description == "Director-General"
    assert "Nothing is waiting" in client.get("/admin/needs-review/").content.decode()


def test_needs_review_refuses_nonsense_and_curators_may_not_publish_there(client, curator, world):
    statement = world["statement"]
    Statement.objects.filter(pk=statement.pk).update(status=Status.REVIEW)
    client.force_login(curator)
    page = client.get("/admin/needs-review/").content.decode()
    assert 'value="return_to_draft"' in page and 'value="publish"' not in page
    for record in ("", "nope", "auth.user:1", "statements.statement:abc", "x.y.z:1"):
        response = client.post(
            "/admin/needs-review/decide/", {"record": record, "decision": "publish"}, follow=True
        )
        assert "No such record or decision. Nothing was changed." in response.content.decode()
    response = client.post(
        "/admin/needs-review/decide/",
        {
            "record": f"statements.statement:{statement.pk}",
            "decision": "publish",
            "version": Statement.objects.get(pk=statement.pk).version,
        },
        follow=True,
    )
    assert "Only reviewers may publish. Nothing was changed." in response.content.decode()
    statement.refresh_from_db()
    assert statement.status == Status.REVIEW


def test_needs_review_publishes_only_the_version_the_reviewer_saw(client, reviewer, world):
    statement = world["statement"]
    Statement.objects.filter(pk=statement.pk).update(status=Status.REVIEW)
    seen = Statement.objects.get(pk=statement.pk).version
    statement.refresh_from_db()
    statement.context = "Changed after the reviewer looked."
    statement.save()
    client.force_login(reviewer)
    for version in (seen, "abc", ""):
        response = client.post(
            "/admin/needs-review/decide/",
            {
                "record": f"statements.statement:{statement.pk}",
                "decision": "publish",
                "version": version,
            },
            follow=True,
        )
        assert "was changed or deleted after this page was shown" in response.content.decode()
    assert Statement.objects.get(pk=statement.pk).status == Status.REVIEW


def test_a_change_form_with_a_revision_costs_the_same_for_2_links_as_for_20(client, curator, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    statement = world["statement"]
    client.force_login(curator)

    def cost(topics):
        edit(client, curator, statement, topics=[str(t.pk) for t in topics])
        assert sorted(Revision.objects.of(statement).changes["topics"]) == [t.pk for t in topics]
        with CaptureQueriesContext(connection) as captured:
            page = client.get(change_url(statement)).content.decode()
        assert "<ins>" in page
        return len(captured)

    topics = [make_topic(slug=f"t{i}", name=f"Topic {i}") for i in range(20)]
    assert cost(topics[:2]) == cost(topics)


# A published record shows only published records --------------------------------


def test_a_record_is_not_published_while_it_shows_an_unpublished_one(client, reviewer, world):
    statement, person = world["statement"], world["person"]
    Statement.objects.filter(pk=statement.pk).update(status=Status.REVIEW)
    Person.objects.filter(pk=person.pk).update(status=Status.DRAFT)
    client.force_login(reviewer)
    response = client.post(
        "/admin/statements/statement/",
        {"action": "publish", "_selected_action": [statement.pk]},
        follow=True,
    )
    assert "its speaker “SUN Haisheng” is not published" in response.content.decode()
    assert Statement.objects.get(pk=statement.pk).status == Status.REVIEW


def test_a_record_published_records_show_stays_published(client, reviewer, world):
    person = world["person"]
    client.force_login(reviewer)
    response = client.post(
        "/admin/entities/person/",
        {"action": "return_to_draft", "_selected_action": [person.pk]},
        follow=True,
    )
    assert "shows it" in response.content.decode()
    assert Person.objects.get(pk=person.pk).status == Status.PUBLISHED


def test_a_revision_that_would_show_an_unpublished_record_is_refused(
    client, curator, reviewer, world
):
    statement = world["statement"]
    draft = make_person(slug="draft-person", family_name="Draft", status=Status.DRAFT)
    edit(client, curator, statement, speaker=str(draft.pk), speaker_position="")
    response = decide(client, reviewer, statement, "publish")
    assert "its speaker “Draft Haisheng” is not published" in response.content.decode()
    assert Statement.objects.get(pk=statement.pk).speaker == world["person"]


def test_a_published_position_is_not_changed_as_a_row_of_its_person(client, curator, world):
    person, position = world["person"], world["position"]
    Person.objects.filter(pk=person.pk).update(status=Status.DRAFT)  # as data may be
    client.force_login(curator)
    page = client.get(change_url(person))
    data = submitted(page, **{"positions-0-title": "Changed title"})
    response = client.post(change_url(person), data)
    assert "is published: change it on its own page" in response.content.decode()
    assert Position.objects.get(pk=position.pk).title == "Director-General"


def test_pending_roles_are_kept_while_another_field_is_edited(client, curator, reviewer, world):
    project, organisation = world["project"], world["organisation"]
    client.force_login(curator)
    page = client.get(change_url(project))
    rows = {
        "roles-TOTAL_FORMS": "1",
        "roles-0-organisation": str(organisation.pk),
        "roles-0-role": "owner",
        "roles-0-evidence": "",
    }
    client.post(change_url(project), submitted(page, **rows))
    # The next editor sees the published rows read-only, and the pending ones kept.
    page = client.get(change_url(project))
    assert 'name="roles-0-role"' not in page.content.decode()
    client.post(change_url(project), submitted(page, description="A park."))
    assert Revision.objects.of(project).changes["roles"] == [[organisation.pk, "owner", None, ""]]
    # A reviewer returning it to draft writes the pending roles with the rest.
    edit(client, reviewer, project, _workflow="return_to_draft")
    assert list(project.roles.values_list("role", flat=True)) == ["owner"]
    assert Revision.objects.get().state == Revision.State.APPLIED


def test_a_revision_onto_a_record_changed_since_is_refused(client, curator, reviewer, world):
    organisation = world["organisation"]
    edit(client, curator, organisation, name="Renamed")
    organisation.refresh_from_db()
    organisation.description = "Changed directly, as a merge would."
    organisation.save()
    response = decide(client, reviewer, organisation, "publish")
    assert "the record has changed since this revision was made" in response.content.decode()
    assert Organisation.objects.get(pk=organisation.pk).name != "Renamed"


def test_an_edit_back_to_the_published_values_withdraws_the_revision(client, curator, world):
    organisation = world["organisation"]
    edit(client, curator, organisation, name="Renamed")
    edit(client, curator, organisation, name="Department of Science and Technology")
    assert Revision.objects.get().state == Revision.State.DISCARDED
    assert organisation.history.first().history_change_reason.startswith("Withdrew revision 1")


def test_deleting_a_record_discards_its_pending_revision(client, curator, reviewer, world):
    topic = make_topic(slug="lonely", name="Lonely")
    edit(client, curator, topic, name="Lonelier")
    topic.delete()
    assert Revision.objects.get().state == Revision.State.DISCARDED
    client.force_login(reviewer)
    assert "Needs review: 0 waiting" in client.get("/admin/").content.decode()
