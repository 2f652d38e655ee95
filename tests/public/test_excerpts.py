"""One registry of the records that quote a source: every page that shows a source's
excerpts, and the provenance check, find them all through it."""

from django.urls import reverse

from entities import excerpts
from entities.models import Position, ProjectRole
from shandong.provenance import check_all
from statements.models import Metric, Statement
from tests.factories import make_statement


def test_the_registry_holds_every_model_that_quotes_a_source():
    assert excerpts.quoting() == {
        Position: "evidence",
        ProjectRole: "evidence",
        Metric: "evidence",
        Statement: "text",
    }


def quoted_world(world):
    role = ProjectRole.objects.create(
        project=world["project"],
        organisation=world["organisation"],
        role="owner",
        source=world["source"],
        evidence="Hydrogen energy is the new driving force.",
    )
    return [world["statement"], world["metric"], world["position"], role]


def test_the_source_page_and_its_admin_mark_every_kind_of_excerpt(client, superuser, world):
    records = quoted_world(world)
    public = client.get(world["source"].get_absolute_url()).content.decode()
    client.force_login(superuser)
    admin = client.get(
        reverse("admin:entities_source_change", args=[world["source"].pk])
    ).content.decode()
    for record in records:
        anchor = f'<mark id="{record._meta.model_name}-{record.pk}">'
        assert anchor in public and anchor in admin, anchor
        assert f'href="{record.get_absolute_url()}"' in public
    # A role's link lands on its row of the project's page.
    project = client.get(world["project"].get_absolute_url()).content.decode()
    assert f'id="role-{records[-1].pk}"' in project


def test_the_provenance_check_reads_every_kind_of_excerpt(world):
    quoted_world(world)
    checked, problems = check_all()
    assert (checked, problems) == (4, [])
    Position.objects.update(evidence="§ not in the source")
    assert check_all()[1] == [
        f"entities.Position {world['position'].pk}: evidence is not verbatim in 'article': "
        "not even its first character '§' is in the source"
    ]


def test_a_quote_inside_a_quote_keeps_its_own_anchor_and_link(client, world):
    outer = world["statement"]  # "We will build the park,"
    inner = make_statement(world["source"], world["person"], slug="inner", text="build the park")
    page = client.get(world["source"].get_absolute_url()).content.decode()
    assert (
        f'<mark id="statement-{outer.pk}"><a href="{outer.get_absolute_url()}">We will </a>' in page
    )
    assert (
        f'<mark><mark id="statement-{inner.pk}"><a href="{inner.get_absolute_url()}">'
        "build the park</a></mark></mark>"
    ) in page
    # Its "see in source" link lands on it.
    detail = client.get(inner.get_absolute_url()).content.decode()
    assert f"#statement-{inner.pk}" in detail
