"""The forms and widgets of the curators' admin: what a client sends is checked before
the database sees it, and a curated record's form refuses a stale edit."""

import re

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from . import revisions
from .models import NAMES_MESSAGE, validate_names


def is_id(value):
    """Whether `value` can be a record's id, so may be looked up. Ids as given by the
    client were looked up as they came: "abc" raised ValueError, 10**20 OverflowError
    on SQLite, each a 500."""
    return re.fullmatch(r"[0-9]{1,18}", str(value)) is not None


class IdsOnly:
    """An autocomplete widget that looks up only the submitted values that are ids.

    A form shown again with its errors shows what was submitted; Django's widget
    looked a tampered id up ("abc", 10**20) and the page answered 500.
    """

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if is_id(v)], attr)


class AutocompleteSelect(IdsOnly, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(IdsOnly, widgets.AutocompleteSelectMultiple):
    pass


class RecordsField(forms.ModelMultipleChoiceField):
    """Many related records, looked up only if every value is an id: Django looks each
    up, and 10**20 raised OverflowError on SQLite (a 500)."""

    def _check_values(self, value):
        for pk in value:
            if not is_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class CheckedRows(forms.BaseInlineFormSet):
    """Inline rows checked against the model's constraints with their parent record.

    Django leaves the parent out of the check (it may not be saved yet), so a row the
    same as a saved one, such as a saved row posted as a new one, reached the
    database and raised IntegrityError: a 500.
    """

    def clean(self):
        super().clean()
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if form.has_changed() and form.is_valid():
                try:
                    form.instance.validate_constraints()
                except ValidationError as error:
                    form.add_error(None, error.messages)


class NamesField(forms.JSONField):
    """Other names: a JSON list of text, which search and the exports expect.

    Django's JSON field takes any JSON. Saving `null` broke the NOT NULL column, `NaN`
    the JSON check, a NUL PostgreSQL's jsonb, numbers the CSV export; and JSON nested
    too deep, or a number of 5,000 digits, raised while being read: each a 500.
    """

    default_error_messages = {"invalid": NAMES_MESSAGE}

    def to_python(self, value):
        try:
            names = super().to_python(value)
        except (RecursionError, ValueError):  # what Django lets through from json.loads
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if names is None:
            return []
        try:
            validate_names(names)  # the models' rule
        except ValidationError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return names

    def bound_data(self, data, initial):
        try:
            return super().bound_data(data, initial)
        except (RecursionError, ValueError):
            return forms.fields.InvalidJSONInput(data)


class CuratedForm(forms.ModelForm):
    """Adds stale-edit protection and a change reason to every curated record's form."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    #: The number of the pending revision the form showed (0: none).
    loaded_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        required=False,
        max_length=100,
        help_text="Optional: why you made this change. It is kept in the history.",
    )
    #: False when a reviewer reverts to an older version from the history.
    check_version = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version
        revision = getattr(self.instance, "pending_revision", None)
        self.fields["loaded_revision"].initial = revision.number if revision else 0

    def clean(self):
        cleaned = super().clean()
        record = self.instance
        if record.pk and self.check_version:
            current = (
                type(record)
                ._default_manager.select_for_update()
                .filter(pk=record.pk)
                .values_list("version", flat=True)
                .first()
            )
            if cleaned.get("loaded_version") != current:
                raise ValidationError(stale_message(record, cleaned.get("loaded_version")))
            revision = revisions.pending(record)
            if (revision.number if revision else 0) != (cleaned.get("loaded_revision") or 0):
                raise ValidationError(stale_revision_message(revision))
        return cleaned


def stale_message(record, loaded):
    latest = record.history.select_related("history_user").first()
    who = latest.history_user if latest and latest.history_user else "someone else"
    when = f" on {latest.history_date:%d %b %Y at %H:%M}" if latest else ""
    opts = record._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk])
    return format_html(
        "This record was changed by {}{} after you opened it (you opened version {}; it is "
        'now version {}). Nothing was saved. <a href="{}">See what changed in the history</a>, '
        "then reload this page and make your edit again.",
        who,
        when,
        loaded,
        record.version,
        url,
    )


def stale_revision_message(revision):
    if revision is None:
        return (
            "The pending revision you opened was published or discarded after you opened "
            "this page. Nothing was saved. Reload the page and make your edit again."
        )
    who = revision.updated_by or "someone else"
    return (
        f"The pending revision of this record was changed by {who} on "
        f"{revision.updated_at:%d %b %Y at %H:%M} after you opened it. Nothing was saved. "
        "Reload the page to see it, then make your edit again."
    )
