"""Hostile input in the admin, as a curator: a form error or a plain answer, never a 500.

Every add and change form of every model a curator may edit gets hostile values in
any of its fields (inline rows and formset management fields too), on top of a form
that would otherwise save. Changelists get hostile searches, sorts, pages, filters
and actions; the autocomplete endpoint hostile terms, pages and field names; the
URLs of records and their history hostile ids.
"""

from urllib.parse import quote

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from entities.models import Person, Place, Position, Project, ProjectRole, Source, Status
from statements.models import Metric, Statement
from tests.admin_forms import submitted
from tests.factories import make_project
from tests.fuzz import HOSTILE_IDS, LONG, NUL, bounded, count, raw_values, values

CURATED_APPS = {"entities", "statements"}
MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in CURATED_APPS),
    key=lambda model: model._meta.label,
)
#: What an admin page may answer to a hostile GET: never 500.
ANSWERS = {200, 302, 400, 403, 404}
#: Values that select something, so hostile values also meet filters that match.
VALID = ["published", "draft", "review", "1", "2", "-1", "2.-1", "sun-haisheng", "park", "shan"]


#: Project roles other than the one the `records` fixture makes.
ROLES = [role for role in ProjectRole.Role.values if role != "owner"]


def label(model):
    return model._meta.label


@pytest.fixture
def records(world):
    """The world, and a project role: one record of every model a curator edits. The
    role is of a draft project: a published project's roles change on its own form."""
    project = make_project(slug="draft-park", name="A draft park", status="draft")
    world["projectrole"] = ProjectRole.objects.create(
        project=project, organisation=world["organisation"], role="owner"
    )
    return world


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def get(client, path, query=""):
    count("admin")
    response = client.get(path, QUERY_STRING=query)
    assert response.status_code in ANSWERS, (path, query[:300])
    return response


def post(client, path, data, expect_errors=False):
    """A hostile form is shown again with its errors (200); with `expect_errors` false,
    one whose values are all valid for their fields may also be saved (302)."""
    count("admin")
    response = client.post(path, data)
    shown = {key: str(value)[:80] for key, value in data.items()}
    if expect_errors:
        assert response.status_code == 200, ("saved, not shown with errors", path, shown)
    else:
        assert response.status_code in (200, 302), (path, shown)
    if response.status_code == 200:
        assert b'class="errornote"' in response.content, (path, shown)
    return response


def form_keys(response):
    """Every field the form posts: the record's, each inline row's, the management forms'."""
    keys = []
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        keys += [management.add_prefix(name) for name in management.fields]
        forms += [*formset.forms, formset.empty_form]
    for form in forms:
        keys += [form.add_prefix(name).replace("__prefix__", "0") for name in form.fields]
    return sorted(set(keys))


def hostile_value():
    """Hostile text, or hostile ids for foreign keys, or several for many-to-many fields."""
    ids = st.sampled_from(HOSTILE_IDS + ["1", "2"])
    return st.one_of(values(), ids, st.lists(st.one_of(ids, values()), min_size=2, max_size=3))


def hostile_fields(keys):
    return st.dictionaries(st.sampled_from(keys), hostile_value(), min_size=1, max_size=4)


def judged(response):
    """The record's own fields whose invalid values are known without asking the form:
    any value with a NUL, and text longer than the field's maximum. Not check boxes
    (any value is true or false), disabled fields (posted values are ignored) or fields
    of several inputs (posted as name_0, name_1)."""
    fields = response.context["adminform"].form.fields
    return {
        name: field
        for name, field in fields.items()
        if not field.disabled
        and not isinstance(field, forms.BooleanField)
        and not isinstance(field.widget, forms.MultiWidget)
    }


def is_invalid(field, value):
    """Whether `value`, as posted, cannot be valid for `field` (see `judged`)."""
    if isinstance(value, list):  # a one-value field takes the last; a many-value one, each
        if not value:
            return False
        value = value[-1]
    if "\x00" in value:
        return True
    limit = getattr(field, "max_length", None) if isinstance(field, forms.CharField) else None
    return limit is not None and len(value.strip()) > limit


def invalid_field(fields):
    """None, or one field of `fields` with a value it cannot accept."""
    if not fields:
        return st.none()
    nul = st.one_of(st.sampled_from(NUL), st.tuples(values(), values()).map("\x00".join))

    def bad_value(name):
        field = fields[name]
        long = isinstance(field, forms.CharField) and field.max_length
        return st.one_of(nul, st.sampled_from(LONG)) if long else nul

    entry = st.sampled_from(sorted(fields)).flatmap(
        lambda name: bad_value(name).map(lambda value: {name: value})
    )
    return st.one_of(st.none(), entry)


def expects_errors(fields, posted):
    """Whether any posted value is one its field cannot accept."""
    return any(is_invalid(fields[key], value) for key, value in posted.items() if key in fields)


@pytest.mark.fuzz
@pytest.mark.parametrize("model", MODELS, ids=label)
def test_hostile_values_in_a_change_form_give_form_errors(client, curator, records, model):
    client.force_login(curator)
    record = records[model._meta.model_name]
    path = admin_url(model, "change", record.pk)
    response = get(client, path)
    assert response.status_code == 200
    keys, valid, fields = form_keys(response), submitted(response), judged(response)

    def current(fields):
        if hasattr(record, "version") and "loaded_version" not in fields:
            return {"loaded_version": str(model.objects.get(pk=record.pk).version)}
        return {}

    assert post(client, path, {**valid, **current({})}).status_code == 302  # saves as it is

    @bounded
    @given(hostile_fields(keys), invalid_field(fields))
    def check(hostile, invalid):
        hostile = {**hostile, **(invalid or {})}
        post(
            client, path, {**valid, **hostile, **current(hostile)}, expects_errors(fields, hostile)
        )

    check()


@pytest.mark.fuzz
@pytest.mark.parametrize("model", MODELS, ids=label)
def test_hostile_values_in_an_add_form_give_form_errors(client, curator, records, model):
    client.force_login(curator)
    record = records[model._meta.model_name]
    path = admin_url(model, "add")
    response = get(client, path)
    assert response.status_code == 200
    keys, empty, fields = form_keys(response), submitted(response), judged(response)
    # The existing record's values, so a form would save but for the hostile fields.
    main = response.context["adminform"].form.fields
    changing = submitted(get(client, admin_url(model, "change", record.pk)))
    valid = {**empty, **{key: value for key, value in changing.items() if key in main}}
    added = iter(range(1_000_000))

    def fresh():
        """Values of the unique fields that no record has yet."""
        n = next(added)
        values = {"slug": f"hostile-{n}", "title": f"Hostile title {n}", "role": ROLES[n % 5]}
        return {key: value for key, value in values.items() if key in main}

    assert post(client, path, {**valid, **fresh()}).status_code == 302  # saves as it is

    @bounded
    @given(hostile_fields(keys), invalid_field(fields))
    def check(hostile, invalid):
        hostile = {**hostile, **(invalid or {})}
        post(client, path, {**valid, **fresh(), **hostile}, expects_errors(fields, hostile))

    check()


def test_the_forms_tried_are_every_form_a_curator_may_use(rf, curator):
    request = rf.get("/admin/")
    request.user = curator
    editable = {
        model
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
    }
    assert editable == set(MODELS)


def pairs(keys):
    key = st.one_of(st.sampled_from(keys), raw_values())
    value = st.one_of(raw_values(), st.sampled_from(VALID))
    return st.lists(st.tuples(key, value).map("=".join), min_size=1, max_size=5)


@pytest.mark.fuzz
@pytest.mark.parametrize("model", MODELS, ids=label)
def test_hostile_changelist_queries_never_fail(client, curator, records, model):
    client.force_login(curator)
    path = admin_url(model, "changelist")
    specs = get(client, path).context["cl"].filter_specs
    keys = ["q", "o", "p", "all", "e", *(key for s in specs for key in s.expected_parameters())]

    @bounded
    @given(pairs(keys))
    @example(["q=%00"])
    @example([f"q={quote(LONG[1])}"])  # thousands of words
    @example(["o=99999999999999999999", f"p={10**30}"])
    @example(["p=-1", "o=-1.-2.x"])
    def check(query):
        get(client, path, "&".join(query))

    check()


@pytest.mark.fuzz
@pytest.mark.parametrize("model", MODELS, ids=label)
def test_hostile_changelist_actions_never_fail(client, curator, records, model):
    client.force_login(curator)
    path = admin_url(model, "changelist")
    actions = ["submit_for_review", "return_to_draft", "publish", "delete_selected"]

    @bounded
    @given(
        action=st.one_of(st.sampled_from(actions), values()),
        selected=st.lists(st.one_of(st.sampled_from(HOSTILE_IDS + ["1"]), values()), max_size=3),
        index=st.one_of(st.just("0"), values()),
        across=st.sampled_from(["0", "1", "x"]),
    )
    def check(action, selected, index, across):
        data = {"action": action, "_selected_action": selected, "index": index}
        count("admin")
        response = client.post(path, {**data, "select_across": across})
        assert response.status_code in (200, 302, 403), data

    check()


AUTOCOMPLETE = [
    (model._meta.app_label, model._meta.model_name, field)
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label in CURATED_APPS
    for field in model_admin.autocomplete_fields
]
PARENT = ("entities", "place", "parent")


@pytest.mark.fuzz
@bounded
@given(
    field=st.sampled_from(AUTOCOMPLETE),
    term=st.one_of(raw_values(), st.sampled_from(VALID)),
    page=st.one_of(raw_values(), st.sampled_from(VALID)),
    tampered=st.sampled_from([None, 0, 1, 2]),
    other=raw_values(),
)
@example(field=PARENT, term="%00", page="1", tampered=None, other="")
@example(field=PARENT, term="x", page="%00", tampered=None, other="")
@example(field=PARENT, term=quote(LONG[1]), page="1", tampered=None, other="")
@example(field=PARENT, term="", page=str(10**30), tampered=None, other="")
def test_hostile_autocomplete_queries_never_fail(
    client, curator, records, field, term, page, tampered, other
):
    client.force_login(curator)
    names = ["app_label", "model_name", "field_name"]
    given_values = [other if n == tampered else value for n, value in enumerate(field)]
    query = "&".join(f"{name}={value}" for name, value in zip(names, given_values, strict=True))
    get(client, "/admin/autocomplete/", f"{query}&term={term}&page={page}")


@pytest.mark.fuzz
@bounded
@given(
    model=st.sampled_from(MODELS),
    pk=st.one_of(raw_values(), st.just("1")),
    view=st.one_of(
        st.sampled_from(["change", "history", "delete", "revision"]),
        raw_values().map(lambda version: f"history/{version}"),
    ),
    query=pairs(["_to_field", "_popup", "_changelist_filters", "p"]),
)
def test_hostile_ids_and_queries_in_admin_urls_never_fail(
    client, curator, records, model, pk, view, query
):
    client.force_login(curator)
    prefix = admin_url(model, "changelist")
    get(client, f"{prefix}{pk}/{view}/", "&".join(query))
    get(client, admin_url(model, "add"), "&".join(query))


# What the tests above found, each kept as a plain case ------------------------------


def test_a_tampered_related_id_is_a_form_error(client, curator, records):
    client.force_login(curator)
    path = admin_url(Statement, "change", records["statement"].pk)
    page = get(client, path)
    for speaker, topics in (("abc", []), ("-1", ["99999999999999999999"]), ("1", ["1 OR 1=1"])):
        post(client, path, submitted(page, speaker=speaker, topics=topics), expect_errors=True)


#: JSON that is not a list of names. Each but the object was a 500 on SQLite or PostgreSQL:
#: on saving, on reading the form, or in the CSV export.
NOT_NAMES = ["[1]", "[NaN]", "Infinity", '["a\\u0000b"]', '{"a": "b"}', "[" * 10_000, "9" * 5_000]


def test_other_names_must_be_a_list_of_text(client, curator, records):
    client.force_login(curator)
    place = records["place"]
    path = admin_url(Place, "change", place.pk)
    page = get(client, path)
    for aliases in NOT_NAMES:
        response = post(client, path, submitted(page, aliases=aliases), expect_errors=True)
        assert "Enter the names as a list of text" in response.content.decode(), aliases
    assert post(client, path, submitted(page, aliases="null")).status_code == 302
    place.refresh_from_db()
    assert place.aliases == []


def test_a_source_form_adds_no_records_through_its_read_only_lists(client, curator, records):
    client.force_login(curator)
    path = admin_url(Source, "change", records["source"].pk)
    # Its rows, posted as rows to add: the lists are read-only, so nothing is added.
    tampered = {"metrics-INITIAL_FORMS": "0", "statements-INITIAL_FORMS": "x"}
    before = Metric.objects.count(), Statement.objects.count()
    post(client, path, submitted(get(client, path), **tampered))
    assert (Metric.objects.count(), Statement.objects.count()) == before


def test_a_saved_row_posted_as_a_new_one_is_a_form_error(client, curator, records):
    client.force_login(curator)
    # A published person's positions are read-only on its page: a draft's are rows.
    Person.objects.filter(pk=records["person"].pk).update(status="draft")
    owners = {Person: records["person"], Project: records["projectrole"].project}
    for model, rows, prefix in ((Person, Position, "positions"), (Project, ProjectRole, "roles")):
        path = admin_url(model, "change", owners[model].pk)
        before = rows.objects.count()
        tampered = submitted(get(client, path), **{f"{prefix}-INITIAL_FORMS": "0"})
        response = post(client, path, tampered, expect_errors=True)
        assert "already exists" in response.content.decode(), model
        assert rows.objects.count() == before


def test_the_history_of_no_record_answers_404(client, curator, records):
    client.force_login(curator)
    pk = records["place"].pk
    for url in ("abc/history/", f"{pk}/history/abc/", "99999999999999999999/history/"):
        assert get(client, f"/admin/entities/place/{url}").status_code == 404, url


def test_an_empty_to_field_opens_the_record(client, curator, records):
    client.force_login(curator)
    path = admin_url(Place, "change", records["place"].pk)
    assert get(client, path, "_to_field=").status_code == 200


def test_a_nul_in_an_admin_query_answers_400(client, curator, records):
    client.force_login(curator)
    place = "app_label=entities&model_name=place&field_name=parent"
    for path, query in (
        ("/admin/entities/place/", "q=%00"),
        ("/admin/entities/place/", "status__exact=published%00"),
        ("/admin/entities/organisation/", "place=a%00"),
        ("/admin/autocomplete/", f"{place}&term=%00"),
    ):
        assert get(client, path, query).status_code == 400, (path, query)


def test_an_admin_search_of_thousands_of_words_uses_the_first(client, curator, records):
    client.force_login(curator)
    response = get(client, "/admin/entities/place/", "q=" + quote("Shandong " * 2_500))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [records["place"]]


def test_an_action_on_ids_that_are_no_ids_changes_nothing(client, curator, records):
    client.force_login(curator)
    place = records["place"]
    Place.objects.filter(pk=place.pk).update(status=Status.DRAFT)
    data = {"action": "submit_for_review", "_selected_action": ["abc", place.pk], "index": "0"}
    count("admin")
    response = client.post("/admin/entities/place/", data, follow=True)
    assert "No such records. Nothing was changed." in response.content.decode()
    place.refresh_from_db()
    assert place.status == Status.DRAFT
