"""A form renderer that writes the public filter forms in Python.

Django renders a form through a template per field, per label and per widget; on a
list page that was a quarter of the time (docs/performance.md). This renderer writes
the same HTML for the templates the filter forms use, from the context Django builds,
escaping every value as the templates do, and leaves any other template to Django.
tests/public/test_quickforms.py checks that every list's form comes out the same.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from .markup import conditional_escape, format_html

INPUTS = {
    f"django/forms/widgets/{kind}.html"
    for kind in ("text", "search", "date", "number", "email", "url", "hidden")
}


def attributes(attrs):
    """HTML attributes in their order, as django/forms/widgets/attrs.html writes them:
    True as a bare name, False left out."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


def text_input(widget):
    value = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        value,
        attributes(widget["attrs"]),
    )


def option(o):
    """One option; with f-strings, as a topic select has a hundred (format_html's own
    machinery cost more than the escaping)."""
    attrs = attributes(o["attrs"]) if o["attrs"] else ""
    value, label = conditional_escape(o["value"]), conditional_escape(o["label"])
    return f'\n  <option value="{value}"{attrs}>{label}</option>'


def select(widget):
    options = []
    for group, choices, _ in widget["optgroups"]:
        rows = mark_safe("".join(option(o) for o in choices))
        if group:
            rows = format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group, rows)
        options.append(rows)
    return format_html(
        '<select name="{}"{}>{}\n</select>',
        widget["name"],
        attributes(widget["attrs"]),
        mark_safe("".join(options)),
    )


def field_group(field):
    """django/forms/field.html, for a field without a fieldset."""
    parts = [field.label_tag() if field.label else ""]
    if field.help_text:
        ident = format_html(' id="{}_helptext"', field.auto_id) if field.auto_id else ""
        parts.append(
            format_html('<div class="helptext"{}>{}</div>', ident, mark_safe(field.help_text))
        )
    parts += [conditional_escape(field.errors), conditional_escape(field)]
    return mark_safe("\n".join(parts))


def div_form(context):
    """django/forms/div.html."""
    hidden = mark_safe("".join(conditional_escape(f) for f in context["hidden_fields"]))
    fields = context["fields"]
    rows = []
    for index, (field, _errors) in enumerate(fields):
        classes = field.css_classes()
        rows.append(
            format_html(
                "<div{}>{}{}</div>",
                format_html(' class="{}"', classes) if classes else "",
                field.as_field_group(),
                hidden if index == len(fields) - 1 else "",
            )
        )
    if not fields:
        rows.append(hidden)
    return mark_safe(conditional_escape(context["errors"]) + "\n".join(rows))


class QuickRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUTS:
            return text_input(context["widget"])
        if template_name == "django/forms/widgets/select.html":
            return select(context["widget"])
        if template_name == "django/forms/label.html" and context["use_tag"]:
            return format_html(
                "<{}{}>{}</{}>",
                context["tag"],
                attributes(context["attrs"] or {}),  # None for a widget with no one id
                context["label"],
                context["tag"],
            )
        if template_name == "django/forms/field.html" and not context["field"].use_fieldset:
            return field_group(context["field"])
        if template_name == "django/forms/div.html" and not (
            context["errors"] and not context["fields"]
        ):
            return div_form(context)
        return super().render(template_name, context, request)


QUICK = QuickRenderer()
