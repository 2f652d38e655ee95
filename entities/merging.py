"""Merging two records of one model that name the same thing (issue 16, part 5).

`merge(survivor, merged, user)` moves every reference to `merged` onto `survivor`,
combines their names, records the merge in both histories and in a `Merge` row
(which keeps the merged record's addresses answering, and its name from being
created again), then deletes `merged`. It runs in one transaction, and checks
before writing anything: a merge that would break a unique constraint, or make a
record its own ancestor, is refused with a message naming the rows, and nothing
changes.

References are found by walking the model's relations (`_meta.related_objects` and
its own many-to-many fields), not listed by hand, so a relation added later is
moved too.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F, Q

from .models import Curated, Merge, NotDuplicate, ProjectRole, Revision

#: The models whose records may be merged, by label.
MERGEABLE = {
    "entities.person",
    "entities.organisation",
    "entities.place",
    "entities.project",
    "statements.indicator",
}
#: Fields the survivor takes from the merged record when its own are empty.
FILLED = ("name_zh", "description", "website", "place", "parent")


class MergeRefused(Exception):
    """A merge that cannot be done; the message says why, and that nothing changed."""


def describe(record):
    return f"{record._meta.verbose_name.capitalize()} '{record}' (#{record.pk})"


@transaction.atomic
def merge(survivor, merged, user):
    """Merge `merged` into `survivor`; return the survivor. Raises MergeRefused, with
    nothing changed, when the merge is not allowed or would break a constraint."""
    model = type(survivor)
    if type(merged) is not model:
        raise MergeRefused("Only two records of the same kind can be merged. Nothing changed.")
    if model._meta.label_lower not in MERGEABLE:
        raise MergeRefused(f"{model._meta.verbose_name_plural} cannot be merged. Nothing changed.")
    if survivor.pk == merged.pk:
        raise MergeRefused("A record cannot be merged with itself. Nothing changed.")
    if not model.may_publish(user):  # merging deletes a record and rewrites others
        raise MergeRefused("Only reviewers may merge records. Nothing changed.")
    # Lock both rows, and work from their current state.
    locked = model._default_manager.select_for_update().in_bulk([survivor.pk, merged.pk])
    if len(locked) != 2:
        raise MergeRefused("One of the records no longer exists. Nothing changed.")
    survivor, merged = locked[survivor.pk], locked[merged.pk]
    for record in (merged, survivor):
        if Revision.objects.of(record):
            raise MergeRefused(
                f"{describe(record)} has a pending revision: publish or discard it first. "
                "Nothing changed."
            )
    if merged.is_published and not survivor.is_published:
        raise MergeRefused(
            f"{describe(merged)} is published and {describe(survivor)} is not: the records "
            "that show it would show an unpublished one. Keep the published one, or "
            "publish the other first. Nothing changed."
        )

    problems = check(model, survivor, merged)
    if problems:
        raise MergeRefused(
            "The merge was refused, and nothing changed: " + "; ".join(problems) + "."
        )

    reason = f"Merged into {survivor} (#{survivor.pk}) by {user}"[:100]
    combine_names(survivor, merged)
    for field in FILLED:
        if hasattr(survivor, field) and not getattr(survivor, field) and getattr(merged, field):
            setattr(survivor, field, getattr(merged, field))
    if getattr(survivor, "parent_id", None) in (merged.pk, survivor.pk):
        # The merged record was the survivor's parent: it is the same organisation or
        # place now, so the survivor takes the merged record's parent.
        survivor.parent_id = None if merged.parent_id == survivor.pk else merged.parent_id
    if getattr(survivor, "parent_id", None) and below(survivor, survivor.parent, merged):
        survivor.parent_id = None  # the merged record's parent lies below the survivor
    if merged.notes:
        survivor.notes = "\n\n".join(
            n for n in (survivor.notes, f"From {merged} (#{merged.pk}): {merged.notes}") if n
        )

    move_references(model, survivor, merged, user, f"Moved from {merged} (#{merged.pk}): merge")
    retarget_revisions(model, survivor, merged)

    content_type = ContentType.objects.get_for_model(model)
    Merge.objects.filter(content_type=content_type, survivor_id=merged.pk).update(
        survivor_id=survivor.pk
    )
    NotDuplicate.objects.filter(content_type=content_type).filter(
        Q(first_id=merged.pk) | Q(second_id=merged.pk)
    ).delete()  # said of a record that is gone: the survivor's pairs are judged anew
    Merge.objects.create(
        content_type=content_type,
        merged_id=merged.pk,
        merged_name=str(merged)[:300],
        merged_slug=merged.slug,
        survivor_id=survivor.pk,
        merged_by=user,
    )

    if getattr(merged, "wikidata_id", "") and not survivor.wikidata_id:
        # The survivor takes it; the merged row, deleted below, gives it up first, as
        # a Wikidata id names one record.
        survivor.wikidata_id, merged.wikidata_id = merged.wikidata_id, ""
        model._default_manager.filter(pk=merged.pk).update(wikidata_id="")
    survivor._change_reason = f"Merged {merged} (#{merged.pk}) into this record"[:100]
    survivor._history_user = user
    survivor.save()
    merged._change_reason = reason
    merged._history_user = user
    merged.delete()
    return survivor


def below(survivor, node, merged):
    """Whether `node` is the survivor or lies below it (the merged record counting as
    the survivor): a parent there would make a cycle."""
    seen = set()
    while node is not None and node.pk not in seen:
        if node.pk in (survivor.pk, merged.pk):
            return True
        seen.add(node.pk)
        node = node.parent
    return False


def retarget_revisions(model, survivor, merged):
    """Pending revisions that name the merged record name the survivor instead."""
    for revision in Revision.objects.pending().select_related("content_type"):
        other = revision.content_type.model_class()
        changed = False
        for name, value in revision.changes.items():
            if name == "roles":
                if model is ProjectRole.organisation.field.related_model:
                    for row in value:
                        if row[0] == merged.pk:
                            row[0], changed = survivor.pk, True
                continue
            field = other._meta.get_field(name)
            if not field.is_relation or field.related_model is not model:
                continue
            if field.many_to_many and merged.pk in value:
                revision.changes[name] = sorted({*value, survivor.pk} - {merged.pk})
                changed = True
            elif value == merged.pk:
                revision.changes[name], changed = survivor.pk, True
        if changed:
            revision.save(update_fields=["changes"])


def combine_names(survivor, merged):
    """The survivor's aliases gain the merged record's name, aliases and Chinese name
    (when the survivor has another), without repeats or the survivor's own name."""
    if not hasattr(survivor, "aliases"):
        return
    own = {str(survivor).casefold()}
    names = [*survivor.aliases, str(merged), *merged.aliases]
    if getattr(merged, "name_zh", "") and survivor.name_zh and merged.name_zh != survivor.name_zh:
        names.append(merged.name_zh)
    combined, seen = [], set(own)
    for name in names:
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            combined.append(name)
    survivor.aliases = combined


# References ------------------------------------------------------------------


def foreign_keys(model):
    """(model, field) of every foreign key to `model`, including many-to-many links
    with a model of their own (such as ProjectRole). Historical records and the
    automatic tables of many-to-many fields are hidden relations, so not here."""
    return [
        (rel.related_model, rel.field)
        for rel in model._meta.related_objects
        if (rel.one_to_many or rel.one_to_one)
    ]


def links(model):
    """(through model, field to `model`, field to the other side) of every plain
    many-to-many link of `model`, both its own fields and others' fields to it."""
    found = []
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        if through._meta.auto_created:
            found.append((through, field.m2m_field_name(), field.m2m_reverse_field_name()))
    for rel in model._meta.related_objects:
        if rel.many_to_many:
            through = rel.field.remote_field.through
            if through._meta.auto_created:
                found.append(
                    (through, rel.field.m2m_reverse_field_name(), rel.field.m2m_field_name())
                )
    return found


def unique_sets(related, field):
    """The sets of fields, including `field`, that `related`'s rows must not repeat."""
    sets = [c.fields for c in related._meta.total_unique_constraints if field.name in c.fields]
    if field.unique:
        sets.append((field.name,))
    return sets


def check(model, survivor, merged):
    """What the merge would break, as messages naming the rows; empty when nothing."""
    problems = []
    for related, field in foreign_keys(model):
        for fields in unique_sets(related, field):
            others = [f for f in fields if f != field.name]
            manager = related._default_manager
            taken = {
                tuple(row): pk
                for *row, pk in manager.filter(**{field.name: survivor}).values_list(*others, "pk")
            }
            for *row, pk in manager.filter(**{field.name: merged}).values_list(*others, "pk"):
                if None in row:
                    continue  # the database does not compare NULLs: no clash
                if tuple(row) in taken:
                    clash = manager.in_bulk([pk, taken[tuple(row)]])
                    problems.append(
                        f"{describe(clash[pk])} would duplicate "
                        f"{describe(clash[taken[tuple(row)]])}"
                    )
    if hasattr(model, "parent"):
        node, depth = survivor.parent, 0
        while node is not None and depth < 1000:
            if node.pk == merged.pk and depth > 0:
                problems.append(
                    f"{describe(survivor)} lies inside {describe(merged)} through other "
                    "records: change its parent first"
                )
                break
            node, depth = node.parent, depth + 1
    if hasattr(model, "unit") and survivor.unit != merged.unit:
        problems.append(
            f"{describe(survivor)} is measured in {survivor.get_unit_display()} and "
            f"{describe(merged)} in {merged.get_unit_display()}: its figures would change "
            "meaning"
        )
    ids = {getattr(survivor, "wikidata_id", ""), getattr(merged, "wikidata_id", "")} - {""}
    if len(ids) > 1:
        problems.append(
            f"{describe(survivor)} and {describe(merged)} have different Wikidata ids "
            f"({', '.join(sorted(ids))}): they may not be the same"
        )
    return problems


def move_references(model, survivor, merged, user, reason):
    """Every reference to `merged` made to `survivor`: foreign keys in one update per
    relation (curated rows' versions moved on, and their histories written in bulk),
    many-to-many links moved, or dropped where the survivor already has them."""
    for related, field in foreign_keys(model):
        rows = related._default_manager.filter(**{field.name: merged})
        if related is model:
            rows = rows.exclude(pk=survivor.pk)
        pks = list(rows.values_list("pk", flat=True))
        if not pks:
            continue
        changes = {field.name: survivor}
        if issubclass(related, Curated):
            changes["version"] = F("version") + 1
        related._default_manager.filter(pk__in=pks).update(**changes)
        history = getattr(related, "history", None)
        if history is not None:
            history.bulk_history_create(
                list(related._default_manager.filter(pk__in=pks)),
                update=True,
                default_user=user,
                default_change_reason=reason[:100],
            )
    for through, ours, theirs in links(model):
        rows = through.objects.filter(**{ours: merged})
        had = through.objects.filter(**{ours: survivor}).values(theirs)
        rows.filter(**{f"{theirs}__in": had}).delete()
        rows.update(**{ours: survivor})


def references(model, records):
    """How often each of `records` is referred to, per relation: {pk: [(relation
    label, count, field name, related model)]}. One query per relation, whatever the
    number of records, for the possible-duplicates page's evidence."""
    pks = [r.pk for r in records]
    counts = {pk: [] for pk in pks}
    for related, field in foreign_keys(model):
        label = relation_label(related, field)
        found = dict(
            related._default_manager.filter(**{f"{field.name}__in": pks})
            .order_by()
            .values_list(field.name)
            .annotate(n=models.Count("pk"))
        )
        for pk in pks:
            if found.get(pk):
                counts[pk].append((label, found[pk], field.name, related))
    for rel in model._meta.related_objects:
        through = rel.through if rel.many_to_many else None
        if through is None or not through._meta.auto_created:
            continue  # not a plain link to it: a foreign key above, or ProjectRole
        ours = rel.field.m2m_reverse_field_name()
        label = f"{rel.related_model._meta.verbose_name_plural} ({rel.field.verbose_name})"
        found = dict(
            through.objects.filter(**{f"{ours}__in": pks})
            .order_by()
            .values_list(ours)
            .annotate(n=models.Count("pk"))
        )
        for pk in pks:
            if found.get(pk):
                counts[pk].append((label, found[pk], rel.field.name, rel.related_model))
    return counts


def relation_label(related, field):
    """ "statements (speaker)", "positions (person)", "organisations (parent)"."""
    return f"{related._meta.verbose_name_plural} ({field.verbose_name})"
