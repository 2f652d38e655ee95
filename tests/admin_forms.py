"""What a browser would submit from an admin form, for tests that post real forms."""


def submitted(response, **changes):
    """The POST data of the admin change (or add) form in `response`, with `changes`."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            key = form.add_prefix(name)
            data[key] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    data.update(changes)
    return data
