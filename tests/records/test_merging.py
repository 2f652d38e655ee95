"""Merging two records: every reference moves, names combine, histories record it,
old addresses answer 301, and a merge that would break a constraint changes nothing."""

import pytest
from django.apps import apps

from entities.merging import MergeRefused, merge
from entities.models import Merge, Organisation, Person, Place, Position, Project, ProjectRole
from statements.models import Indicator, Metric, Statement
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
)


def state():
    """Every row of every app's tables, as comparable values: what "nothing changed"
    is checked against."""
    return {
        model._meta.label: sorted(map(repr, model._default_manager.values_list()))
        for config in ("entities", "statements", "ingest")
        for model in apps.get_app_config(config).get_models()
    }


@pytest.fixture
def zhou(world):
    """Two records of the same man: "ZHOU Bo", and "Bo Zhou" with a statement, a
    quote of him, a position, and a Chinese name."""
    survivor = make_person(slug="zhou-bo", family_name="ZHOU", given_name="Bo", aliases=["Z. Bo"])
    merged = make_person(
        slug="bo-zhou",
        family_name="Zhou",
        given_name="Bo",
        name_order="given_first",
        name_zh="周波",
        description="Port official",
    )
    return survivor, merged


def test_a_person_merge_moves_statements_positions_and_quotes(world, zhou, reviewer):
    survivor, merged = zhou
    source = world["source"]
    spoken = make_statement(source, merged, slug="spoken")
    quoting = make_statement(source, world["person"], slug="quoting", quoting=merged)
    position = make_position(merged, world["organisation"], source, title="Director")
    spoken.speaker_position = position
    spoken.save()

    merge(survivor, merged, reviewer)

    assert not Person.objects.filter(pk=merged.pk).exists()
    spoken.refresh_from_db()
    quoting.refresh_from_db()
    position.refresh_from_db()
    assert (spoken.speaker, quoting.quoting, position.person) == (survivor, survivor, survivor)
    assert spoken.speaker_position == position
    assert spoken.version == 3  # moved on by the merge: an open form of it is stale
    assert spoken.history.first().history_change_reason.startswith("Moved from Bo Zhou")
    survivor.refresh_from_db()
    assert survivor.aliases == ["Z. Bo", "Bo Zhou"]
    assert (survivor.name_zh, survivor.description) == ("周波", "Port official")


def test_both_histories_record_the_merge(zhou, reviewer):
    survivor, merged = zhou
    merge(survivor, merged, reviewer)
    latest = survivor.history.first()
    assert latest.history_change_reason == f"Merged Bo Zhou (#{merged.pk}) into this record"
    assert latest.history_user == reviewer
    gone = Person.history.filter(id=merged.pk).first()
    assert gone.history_type == "-"
    assert gone.history_change_reason == f"Merged into ZHOU Bo (#{survivor.pk}) by reviewer"
    assert gone.history_user == reviewer
    record = Merge.objects.get()
    assert (record.merged_id, record.survivor_id, record.merged_name, record.merged_by) == (
        merged.pk,
        survivor.pk,
        "Bo Zhou",
        reviewer,
    )


def test_an_organisation_merge_moves_every_reference(world, reviewer):
    source, place = world["source"], world["place"]
    survivor = make_organisation(slug="port-group", name="Shandong Port Group")
    merged = make_organisation(
        slug="port-group-co",
        name="Shandong Port Group Co., Ltd.",
        aliases=["SPG"],
        name_zh="山东省港口集团",
        place=place,
    )
    child = make_organisation(slug="qingdao-port", name="Qingdao Port", parent=merged)
    publisher_of = make_source(slug="other", title="Other", publisher=merged)
    position = make_position(world["person"], merged, source, title="Chairman")
    project = make_project(slug="terminal", name="Terminal")
    role = ProjectRole.objects.create(project=project, organisation=merged, role="owner")
    metric = make_metric(world["indicator"], source, organisation=merged, slug="m-port")
    reported = make_statement(source, None, slug="reported", reported_by=merged)
    mentioning = make_statement(source, world["person"], slug="mentioning")
    mentioning.organisations.add(merged, survivor)  # both: one link remains
    merged.topics.add(world["topic"])

    merge(survivor, merged, reviewer)

    for record, field in [
        (child, "parent"),
        (publisher_of, "publisher"),
        (position, "organisation"),
        (role, "organisation"),
        (metric, "organisation"),
        (reported, "reported_by"),
    ]:
        record.refresh_from_db()
        assert getattr(record, field) == survivor, (record, field)
    assert list(mentioning.organisations.all()) == [survivor]
    assert list(survivor.topics.all()) == [world["topic"]]
    assert list(project.organisations.all()) == [survivor]
    survivor.refresh_from_db()
    assert survivor.aliases == ["Shandong Port Group Co., Ltd.", "SPG"]
    assert (survivor.name_zh, survivor.place) == ("山东省港口集团", place)


def test_a_parent_merged_into_its_child_leaves_no_loop(world, reviewer):
    group = make_organisation(slug="group", name="Haihua Group", parent=world["organisation"])
    company = make_organisation(slug="company", name="Haihua Group Co", parent=group)
    merge(company, group, reviewer)
    company.refresh_from_db()
    assert company.parent == world["organisation"]


def test_a_place_merge_moves_places_organisations_projects_metrics_and_mentions(world, reviewer):
    province = world["place"]
    survivor = make_place(slug="jinan", name="Jinan", kind="prefecture_city", parent=province)
    merged = make_place(slug="jinan-city", name="Jinan City", name_zh="济南市", parent=province)
    district = make_place(slug="lixia", name="Lixia", parent=merged)
    org = make_organisation(slug="jinan-org", name="Jinan Bureau", place=merged)
    project = make_project(slug="jinan-park", name="Jinan park", place=merged)
    metric = make_metric(world["indicator"], world["source"], place=merged, slug="m-jinan")
    world["statement"].places.add(merged)

    merge(survivor, merged, reviewer)

    for record in (district, org, project, metric):
        record.refresh_from_db()
    assert (district.parent, org.place, project.place, metric.place) == (survivor,) * 4
    assert list(world["statement"].places.all()) == [survivor]
    assert not Place.objects.filter(slug="jinan-city").exists()


def test_a_project_merge_moves_roles_metrics_mentions_and_links(world, reviewer):
    survivor = make_project(slug="hydrogen-park", name="Hydrogen park")
    merged = make_project(slug="the-hydrogen-park", name="The Hydrogen Park")
    merged.sources.add(world["source"])
    survivor.sources.add(world["source"])
    merged.topics.add(world["topic"])
    ProjectRole.objects.create(project=merged, organisation=world["organisation"], role="owner")
    metric = make_metric(world["indicator"], world["source"], project=merged, slug="m-park")
    world["statement"].projects.add(merged)

    merge(survivor, merged, reviewer)

    metric.refresh_from_db()
    assert metric.project == survivor
    assert list(survivor.sources.all()) == [world["source"]]
    assert list(survivor.topics.all()) == [world["topic"]]
    assert list(survivor.roles.values_list("organisation__slug", "role")) == [("dst", "owner")]
    assert list(world["statement"].projects.all()) == [survivor]


def test_an_indicator_merge_moves_metrics(world, reviewer):
    survivor = world["indicator"]
    merged = make_indicator(slug="hi-tech-firms", name="Hi-tech firms")
    metric = make_metric(merged, world["source"], place=world["place"], slug="m-firms")
    merge(survivor, merged, reviewer)
    metric.refresh_from_db()
    assert metric.indicator == survivor


def test_indicators_of_different_units_are_not_merged(world, reviewer):
    merged = make_indicator(slug="revenue", name="Revenue", unit="rmb")
    before = state()
    with pytest.raises(MergeRefused, match="measured in count .* in RMB"):
        merge(world["indicator"], merged, reviewer)
    assert state() == before


def test_a_merge_that_would_duplicate_a_position_is_refused_and_changes_nothing(
    world, zhou, reviewer
):
    survivor, merged = zhou
    source, org = world["source"], world["organisation"]
    kept = make_position(survivor, org, source, title="Director")
    clash = make_position(merged, org, source, title="Director")
    make_statement(source, merged, slug="by-merged")
    before = state()

    with pytest.raises(MergeRefused) as refused:
        merge(survivor, merged, reviewer)

    message = str(refused.value)
    assert "nothing changed" in message
    assert (
        f"Position 'Bo Zhou, Director, Department of Science and Technology' (#{clash.pk}) "
        f"would duplicate Position 'ZHOU Bo, Director, Department of Science and Technology' "
        f"(#{kept.pk})"
    ) in message
    assert state() == before


def test_a_merge_that_would_duplicate_a_project_role_is_refused(world, reviewer):
    project = world["project"]
    a = make_organisation(slug="a", name="A Co")
    b = make_organisation(slug="b", name="A Company")
    ProjectRole.objects.create(project=project, organisation=a, role="owner")
    ProjectRole.objects.create(project=project, organisation=b, role="owner")
    before = state()
    with pytest.raises(MergeRefused, match="Project role .* would duplicate"):
        merge(a, b, reviewer)
    assert state() == before


def test_a_record_inside_the_merged_one_through_others_is_refused(world, reviewer):
    top = make_organisation(slug="top", name="Top")
    middle = make_organisation(slug="middle", name="Middle", parent=top)
    bottom = make_organisation(slug="bottom", name="Top Co", parent=middle)
    with pytest.raises(MergeRefused, match="lies inside"):
        merge(bottom, top, reviewer)


def test_nonsense_merges_are_refused(world, zhou, reviewer, curator):
    survivor, merged = zhou
    with pytest.raises(MergeRefused, match="itself"):
        merge(survivor, survivor, reviewer)
    with pytest.raises(MergeRefused, match="same kind"):
        merge(survivor, world["organisation"], reviewer)
    with pytest.raises(MergeRefused, match="cannot be merged"):
        merge(world["statement"], make_statement(world["source"], slug="x"), reviewer)
    before = state()
    with pytest.raises(MergeRefused, match="Only reviewers"):
        merge(survivor, merged, curator)
    assert state() == before


def test_a_record_with_a_pending_revision_is_not_merged_away(zhou, reviewer, curator):
    from entities import revisions

    survivor, merged = zhou
    revisions.propose(merged, {"description": "Port director"}, curator)
    before = state()
    with pytest.raises(MergeRefused, match="has a pending revision: publish or discard it"):
        merge(survivor, merged, reviewer)
    assert state() == before


# Old addresses ---------------------------------------------------------------


def test_the_merged_record_and_its_former_slugs_answer_301(client, zhou, reviewer):
    survivor, merged = zhou
    merged.slug = "zhou-bo-port"  # the address it had before
    merged.save()
    merged.slug = "bo-zhou"
    merged.save()
    merge(survivor, merged, reviewer)
    for old in ("bo-zhou", "zhou-bo-port"):
        response = client.get(f"/people/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/people/zhou-bo/"
    assert client.get("/people/never-was/").status_code == 404


def test_a_renamed_record_answers_301_from_its_old_slug(client, world):
    place = world["place"]
    place.slug = "shandong-province"
    place.save()
    response = client.get("/places/shandong/")
    assert (response.status_code, response["Location"]) == (301, "/places/shandong-province/")


def test_merging_the_survivor_later_moves_its_redirects_on(client, zhou, reviewer):
    survivor, merged = zhou
    merge(survivor, merged, reviewer)
    final = make_person(slug="zhou-bo-2", family_name="Zhou", given_name="Bo")
    merge(final, survivor, reviewer)
    for old in ("bo-zhou", "zhou-bo"):
        response = client.get(f"/people/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/people/zhou-bo-2/")


def test_an_unpublished_survivor_answers_404(client, zhou, reviewer):
    survivor, merged = zhou
    merge(survivor, merged, reviewer)
    Person.objects.filter(pk=survivor.pk).update(status="draft")
    assert client.get("/people/bo-zhou/").status_code == 404


def test_an_indicator_slug_merged_away_answers_301(client, world, reviewer):
    merged = make_indicator(slug="hi-tech-firms", name="Hi-tech firms")
    merge(world["indicator"], merged, reviewer)
    response = client.get("/indicators/hi-tech-firms/")
    assert (response.status_code, response["Location"]) == (
        301,
        "/indicators/high-tech-enterprises/",
    )


def test_nothing_is_left_pointing_at_the_merged_record(world, zhou, reviewer):
    survivor, merged = zhou
    make_statement(world["source"], merged, slug="s1", quoting=merged)
    merge(survivor, merged, reviewer)
    assert not Statement.objects.filter(speaker_id=merged.pk).exists()
    assert not Statement.objects.filter(quoting_id=merged.pk).exists()
    assert not Position.objects.filter(person_id=merged.pk).exists()
    assert Metric.objects.count() == 1
    assert Organisation.objects.count() == 1
    assert Project.objects.count() == 1
    assert Indicator.objects.count() == 1


def test_a_merge_never_makes_a_parent_cycle(world, reviewer):
    survivor = make_organisation(slug="s", name="Survivor group")
    child = make_organisation(slug="c", name="Child", parent=survivor)
    merged = make_organisation(slug="m", name="Survivor Group Co", parent=child)
    merge(survivor, merged, reviewer)
    survivor.refresh_from_db()
    assert survivor.parent is None  # not the child: that would be a cycle
    survivor.full_clean()
    child.refresh_from_db()
    child.full_clean()


def test_a_merge_moves_what_pending_revisions_name(world, zhou, reviewer, curator):
    from entities import revisions
    from entities.models import Revision

    survivor, merged = zhou
    statement = world["statement"]
    revisions.propose(statement, {"speaker": merged.pk, "speaker_position": None}, curator)
    merge(survivor, merged, reviewer)
    assert Revision.objects.of(statement).changes["speaker"] == survivor.pk
    revisions.publish(Revision.objects.of(statement), reviewer)
    statement.refresh_from_db()
    assert statement.speaker == survivor


def test_a_published_record_is_not_merged_into_an_unpublished_one(world, zhou, reviewer):
    survivor, merged = zhou
    Person.objects.filter(pk=survivor.pk).update(status="draft")
    before = state()
    with pytest.raises(MergeRefused, match="is published and"):
        merge(survivor, merged, reviewer)
    assert state() == before
