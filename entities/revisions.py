"""Pending revisions: how a published record changes without the public seeing the
change before a reviewer does.

An edit to a published record is held as a `Revision`: the changed field values (a pk
for a foreign key, a list of pks for a many-to-many field, the rows of a project's
roles), who made them, when and why. The record's row stays as published until a
reviewer publishes the revision, which writes the values to it; or discards it. Both
are recorded in the record's history. A curator's proposal to take a record off the
public site is a revision too (`unpublish`).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from .models import Curated, Organisation, ProjectRole, Revision, Status

#: The rows of related models a record's revision may change, by the name they are
#: stored under: a project's roles, shown on its public page.
ROLE_FIELDS = ["organisation_id", "role", "source_id", "evidence"]


def held(record):
    """Whether an edit to `record` is held as a revision: it is published."""
    return isinstance(record, Curated) and record.pk and record.status == Status.PUBLISHED


def pending(record):
    return Revision.objects.of(record)


def value(record, field):
    """A field's value, as a revision stores it."""
    if field.many_to_many:
        return sorted(getattr(record, field.name).values_list("pk", flat=True))
    return field.value_from_object(record)


def roles(project):
    return sorted(
        (
            [row.organisation_id, row.role, row.source_id, row.evidence]
            for row in project.roles.all()
        ),
        key=lambda row: (str(row[1]), row[0]),
    )


def differences(record, new_values):
    """{field name: new value} for each of `new_values` that differs from the record's
    published value. Values are compared as the revision stores them (JSON)."""
    encoded = Revision._meta.get_field("changes").get_prep_value
    changed = {}
    for name, new in new_values.items():
        old = roles(record) if name == "roles" else value(record, record._meta.get_field(name))
        if encoded(old) != encoded(new):
            changed[name] = new
    return changed


@transaction.atomic
def propose(record, new_values, user, reason="", unpublish=False):
    """Hold the changes `new_values` (field name -> value) to the published `record` as
    its pending revision, created or updated. Returns the revision, or None when nothing
    would change (any pending revision is then dropped: the edit undid it)."""
    changes = differences(record, new_values)
    revision = (
        Revision.objects.select_for_update()
        .filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)
        .pending()
        .first()
    )
    if not changes and not unpublish:
        if revision:  # the edit undid it
            close(revision, Revision.State.DISCARDED, user)
            log(record, user, f"Withdrew revision {revision.number}: changed back")
        return None
    if revision is None:
        revision = Revision(record=record, created_by=user, number=0)
    revision.changes, revision.unpublish = changes, unpublish
    revision.base_version = record.version
    revision.reason = reason or revision.reason
    revision.number += 1
    revision.updated_by = user
    revision.save()
    return revision


def apply_values(record, changes):
    """Set the revision's field values on `record` (unsaved; many-to-many and roles are
    returned, to be written once the record is saved)."""
    later = {}
    for name, new in changes.items():
        if name == "roles":
            later[name] = new
            continue
        field = record._meta.get_field(name)
        if field.many_to_many:
            later[name] = new
        elif field.is_relation:
            setattr(record, field.attname, new)
        else:
            setattr(record, field.attname, field.to_python(new))
    return later


def write_related(record, later):
    for name, new in later.items():
        if name == "roles":
            record.roles.all().delete()
            for row in new:
                role = ProjectRole(project=record, **dict(zip(ROLE_FIELDS, row, strict=True)))
                role.full_clean()
                role.save()
        else:
            getattr(record, name).set(new)


class Refused(Exception):
    """A revision that cannot be published as it stands; nothing was changed."""


@transaction.atomic
def publish(revision, user):
    """Write the revision to its record, or take the record off the public site, as the
    revision says. Raises Refused, with nothing changed, when the values no longer pass
    the record's checks (a source deleted, a position since given to someone else)."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    model = revision.content_type.model_class()
    record = model._default_manager.select_for_update().get(pk=revision.object_id)
    if record.version != revision.base_version:
        raise Refused(
            f"the record has changed since this revision was made (version "
            f"{revision.base_version}, now {record.version}): open it, check the "
            "differences and save it again"
        )
    later = apply_values(record, revision.changes)
    try:
        record.full_clean()
        check_links(record, later, revision)
        with transaction.atomic():
            _write(record, later, revision, user)
    except ValidationError as error:
        raise Refused(describe(error)) from None
    close(revision, Revision.State.APPLIED, user)
    return record


def close(revision, state, user):
    """Mark the revision decided: applied (its values are the record's) or discarded."""
    revision.state, revision.decided_by, revision.decided_at = state, user, timezone.now()
    revision.save()


def check_links(record, later, revision):
    """The revision leaves the record showing only published records, and only records
    that still exist (a merge may have removed one)."""
    problems = []
    if revision.unpublish:
        problems += [f"{r} shows it" for r in record.published_referrers()]
    elif record.is_published:
        problems += record.unpublished_references()
    for name, pks in later.items():
        if name == "roles":
            continue
        found = set(
            record._meta.get_field(name)
            .related_model._default_manager.filter(pk__in=pks)
            .values_list("pk", flat=True)
        )
        if missing := set(pks) - found:
            problems.append(f"{name}: no record #{', #'.join(map(str, sorted(missing)))}")
    if problems:
        raise ValidationError({"__all__": problems})


def _write(record, later, revision, user):
    if revision.unpublish and record.can("return_to_draft"):
        record.move("return_to_draft", user)
    reason = f"Published revision {revision.number} by {revision.updated_by or 'a loader'}"
    record._change_reason = f"{reason}: {revision.reason}"[:100] if revision.reason else reason
    record._history_user = user
    record.save()
    write_related(record, later)


@transaction.atomic
def discard(revision, user):
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    close(revision, Revision.State.DISCARDED, user)
    record = revision.record
    author = revision.updated_by or "a loader"
    log(record, user, f"Discarded revision {revision.number} by {author}")


def record_deleted(sender, instance, **kwargs):
    """A deleted record's pending revision can never be published: it is discarded."""
    if isinstance(instance, Curated):
        Revision.objects.pending().filter(
            content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
        ).update(state=Revision.State.DISCARDED, decided_at=timezone.now())


def log(record, user, reason):
    """A line in the record's history that leaves the record as it is."""
    history = record.history.model
    history.objects.create(
        history_date=timezone.now(),
        history_type="~",
        history_user=user,
        history_change_reason=reason[:100],
        **{f.attname: getattr(record, f.attname) for f in history.tracked_fields},
    )


def describe(error):
    return "; ".join(
        f"{name}: {' '.join(messages)}" if name != "__all__" else "; ".join(messages)
        for name, messages in error.message_dict.items()
    )


def shown(record, name, stored):
    """A revision's value of field `name` as a reviewer reads it."""
    if name == "roles":
        found = Organisation.objects.in_bulk([row[0] for row in stored])
        labels = dict(ProjectRole.Role.choices)
        rows = (
            f"{found.get(row[0], f'#{row[0]}')} — {labels.get(row[1], row[1])}" for row in stored
        )
        return "; ".join(rows) or "—"
    field = record._meta.get_field(name)
    if field.is_relation:
        pks = [pk for pk in (stored if field.many_to_many else [stored]) if pk is not None]
        found = field.related_model._default_manager.in_bulk(pks)
        return "; ".join(str(found.get(pk, f"#{pk}")) for pk in pks) or "—"
    if field.choices:
        return dict(field.flatchoices).get(stored, stored) or "—"
    if isinstance(field, models.JSONField):
        return ", ".join(map(str, stored)) if isinstance(stored, list) else str(stored)
    return str(stored) if stored not in (None, "") else "—"


def comparison(revision):
    """(label, published value, pending value) for each field the revision changes."""
    record = revision.record
    rows = []
    for name, new in revision.changes.items():
        if name == "roles":
            label, old = "roles", roles(record)
        else:
            field = record._meta.get_field(name)
            label, old = field.verbose_name, value(record, field)
        rows.append((label, shown(record, name, old), shown(record, name, new)))
    if revision.unpublish:
        rows.append(("status", "Published", "Draft: taken off the public site"))
    return rows
