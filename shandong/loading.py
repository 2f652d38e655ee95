"""Load fixture files of curated records, all or nothing.

Fixtures are Django's JSON fixture format with natural keys: no numeric ids,
references written as the natural key of the record they point to
(`"speaker": ["sun-haisheng"]`). Records are loaded in dependency order
(`MODELS`), whatever file they are in, so a file may refer to records in
another. Every record is validated like an admin form would (`full_clean`), and
so every excerpt must be verbatim in its source. The first problem stops the load
with a message naming the file, the record and the field, and nothing is
written.

A new record of a model that can be merged (people, organisations, places,
projects, indicators) is refused when it is already recorded: its slug was another
record's, or its name, once normalised, is an existing record's name or alias, or
was merged away. References by a former slug lead to the record that has it now.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone

from entities import duplicates
from entities.merging import MERGEABLE
from entities.models import Curated, Status, now_at

from . import provenance

#: Every model a fixture may hold, in the order they are loaded.
MODELS = [
    "entities.topic",
    "entities.place",
    "entities.organisation",
    "entities.person",
    "entities.source",
    "entities.position",
    "entities.project",
    "entities.projectrole",
    "statements.indicator",
    "statements.metric",
    "statements.statement",
]

#: Fields the loader owns; a fixture may not set them.
MANAGED = {
    "status",
    "version",
    "created_at",
    "updated_at",
    "published_at",
    "published_by",
    "offset",
}


class LoadError(Exception):
    pass


@dataclass
class Report:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)

    def count(self, bucket, model):
        name = model._meta.verbose_name_plural
        bucket[name] = bucket.get(name, 0) + 1

    def summary(self):
        lines = []
        for title, bucket in (
            ("created", self.created),
            ("updated", self.updated),
            ("unchanged", self.unchanged),
        ):
            if bucket:
                parts = ", ".join(f"{n} {name}" for name, n in bucket.items())
                lines.append(f"{title}: {parts}")
        return "\n".join(lines) or "no records"


def read(path):
    """The records of one fixture file, each with a description for messages."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LoadError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise LoadError(
            f"{path}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(data, list):
        raise LoadError(f"{path}: a fixture file holds a JSON list of records")
    records = []
    for number, record in enumerate(data, start=1):
        where = f"{path}, record {number}"
        if not isinstance(record, dict) or not isinstance(record.get("fields"), dict):
            raise LoadError(f'{where}: a record is an object with "model" and "fields"')
        if set(record) - {"model", "fields"}:
            extra = ", ".join(sorted(set(record) - {"model", "fields"}))
            raise LoadError(f"{where}: unexpected key {extra}; refer to records by natural key")
        label = str(record.get("model", "")).lower()
        if label not in MODELS:
            raise LoadError(f"{where}: unknown model {record.get('model')!r}")
        name = record["fields"].get("slug") or record["fields"].get("title") or ""
        records.append(
            (apps.get_model(label), record["fields"], f"{where} ({label} {name})", path.name)
        )
    return records


def lookup(model, key, where, name):
    """The record a reference names by natural key. A slug the record had before, or
    that a record merged into it had, leads to it: fixtures written before a rename
    or a merge still load, onto the record that now stands for it."""
    if not isinstance(key, list):
        key = [key]
    try:
        return model._default_manager.get_by_natural_key(*key)
    except (ObjectDoesNotExist, TypeError, ValueError):
        found = (
            now_at(model, key[0])
            if len(key) == 1 and isinstance(key[0], str) and hasattr(model, "history")
            else None
        )
        if found is not None:
            return found
        raise LoadError(
            f"{where}: field {name!r} refers to {model._meta.label_lower} {key!r}, "
            "which does not exist"
        ) from None


def build(model, values, where):
    """An unsaved instance from fixture values, and its many-to-many values."""
    instance, many = model(), {}
    if "slug" in {f.name for f in model._meta.fields} and not values.get("slug"):
        raise LoadError(f"{where}: field 'slug' is required: it is the record's natural key")
    for name, value in values.items():
        try:
            f = model._meta.get_field(name)
        except FieldDoesNotExist:
            raise LoadError(f"{where}: unknown field {name!r}") from None
        if f.auto_created or not (f.concrete or f.many_to_many):
            raise LoadError(f"{where}: unknown field {name!r}")
        if name in MANAGED:
            raise LoadError(f"{where}: field {name!r} is set by the loader, not by fixtures")
        if f.many_to_many and not f.remote_field.through._meta.auto_created:
            through = f.remote_field.through._meta.label_lower
            raise LoadError(f"{where}: field {name!r} is written as {through} records")
        if f.many_to_many:
            if not isinstance(value, list):
                raise LoadError(f"{where}: field {name!r} must be a list of natural keys")
            many[name] = [lookup(f.related_model, key, where, name) for key in value]
        elif f.is_relation:
            setattr(
                instance,
                name,
                None if value is None else lookup(f.related_model, value, where, name),
            )
        else:
            try:
                setattr(instance, f.attname, f.to_python(value))
            except ValidationError as exc:
                raise LoadError(f"{where}: field {name!r}: {' '.join(exc.messages)}") from None
    return instance, many


def validate(instance, where):
    try:
        instance.full_clean()
    except ValidationError as exc:
        problems = "; ".join(
            f"field {name!r}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in exc.message_dict.items()
        )
        raise LoadError(f"{where}: {problems}") from None


def existing(instance):
    try:
        return type(instance)._default_manager.get_by_natural_key(*instance.natural_key())
    except ObjectDoesNotExist:
        return None


def store(model, values, where, status, update, reason, report):
    instance, many = build(model, values, where)
    current = existing(instance)
    if current is not None and not update:
        raise LoadError(
            f"{where}: a record with natural key {list(instance.natural_key())} already exists; "
            "change it in the admin instead"
        )
    if current is None and not update:
        refuse_known(instance, where)
    if current is not None:
        changed = [
            name
            for name in values
            if name not in many
            and getattr(current, model._meta.get_field(name).attname)
            != getattr(instance, model._meta.get_field(name).attname)
        ]
        for name in changed:
            attname = model._meta.get_field(name).attname
            setattr(current, attname, getattr(instance, attname))
        instance = current
    else:
        changed = ["*"]
    if isinstance(instance, Curated) and instance.status != status:
        instance.status = status
        if status == Status.PUBLISHED:
            instance.published_at = timezone.now()
        changed.append("status")
    validate(instance, where)
    if changed:
        instance._change_reason = reason
        instance.save()
    many_changed = False
    for name, targets in many.items():
        manager = getattr(instance, name)
        if {t.pk for t in targets} != set(manager.values_list("pk", flat=True)):
            manager.set(targets)
            many_changed = True
    if current is None:
        report.count(report.created, model)
    elif changed or many_changed:
        report.count(report.updated, model)
    else:
        report.count(report.unchanged, model)


def refuse_known(instance, where):
    """A new record of a model that can be merged must not be one already recorded:
    refused when its slug was another record's (renamed or merged away), or its name
    is an existing record's name or alias, once normalised. A fixture author wants the
    existing record, not a duplicate to merge later: the message names its slug."""
    model = type(instance)
    if model._meta.label_lower not in MERGEABLE:
        return
    if (found := now_at(model, instance.slug)) is not None:
        raise LoadError(
            f"{where}: the slug {instance.slug!r} was {model._meta.verbose_name} "
            f"{found.slug!r} ({found}) before a rename or merge; use that slug"
        )
    name, kind = str(instance), model._meta.model_name
    same_unit = {"unit": instance.unit} if hasattr(instance, "unit") else {}
    found = model._default_manager.named(name).first() if hasattr(model, "aliases") else None
    found = found or duplicates.same_named(model, name, **same_unit)
    if found is None:
        return
    names = [str(found), *getattr(found, "aliases", [])]
    matching = next((n for n in names if duplicates.key(n, kind) == duplicates.key(name, kind)), "")
    how = (
        "by its name"
        if matching == str(found)
        else f"alias {matching!r}"
        if matching
        else "a name merged into it"
    )
    raise LoadError(
        f"{where}: {name!r} names the same {model._meta.verbose_name} as {found.slug!r} "
        f"({how}); use that slug, or add a namesake in the admin"
    )


@transaction.atomic
def load(paths, status, update, reason):
    """Load the fixture files; raise LoadError, with nothing written, on any problem."""
    records = [record for path in paths for record in read(path)]
    records.sort(key=lambda record: MODELS.index(record[0]._meta.label_lower))
    report = Report()
    for model, values, where, filename in records:
        # History keeps up to 100 characters of reason: the command and the file are enough.
        store(model, values, where, status, update, f"{reason}: {filename}"[:100], report)
    checked, problems = provenance.check_all()
    if problems:
        raise LoadError("provenance check failed:\n" + "\n".join(problems))
    return report
