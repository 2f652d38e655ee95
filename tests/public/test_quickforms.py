"""The public filter forms, written in Python by entities.quickforms.QUICK, come out
as Django's own templates write them: the same elements, attributes and escaped text,
empty, filled in, and with errors."""

import pytest
from django.forms.renderers import DjangoTemplates
from django.test import RequestFactory
from django.test.html import parse_html

from entities import filters as entity_filters
from entities.quickforms import QUICK
from statements import filters as statement_filters

FILTERSETS = [
    entity_filters.PersonFilter,
    entity_filters.OrganisationFilter,
    entity_filters.ProjectFilter,
    entity_filters.PlaceFilter,
    entity_filters.TopicFilter,
    entity_filters.SourceFilter,
    statement_filters.StatementFilter,
    statement_filters.MetricFilter,
    statement_filters.IndicatorFilter,
]

#: A hostile value for every kind of box: markup, quotes and an ampersand.
HOSTILE = '"><script>alert(1)</script>&amp;'
QUERIES = [
    {},
    {"q": HOSTILE, "place": HOSTILE, "organisation": "Shandong", "o": "-name"},
    {"q": "x" * 300, "kind": "nonsense", "said_after": "2024-02-30", "o": HOSTILE},
]


@pytest.mark.parametrize("query", QUERIES, ids=["empty", "filled", "errors"])
@pytest.mark.parametrize("filterset", FILTERSETS, ids=lambda f: f.__name__)
def test_each_filter_form_is_written_as_djangos_templates_write_it(world, filterset, query):
    request = RequestFactory().get("/", query)
    form = filterset(request.GET, request=request).form
    quick = form.as_div()
    form.renderer = DjangoTemplates()
    assert parse_html(quick) == parse_html(form.as_div())
    assert "<script>" not in quick


def test_a_widget_with_a_fieldset_comes_out_as_djangos_too():
    """Radio buttons and ranges have no one id to label: their legend has no attributes."""
    from django import forms

    class Form(forms.Form):
        default_renderer = QUICK
        kind = forms.ChoiceField(choices=[("a", "A & B")], widget=forms.RadioSelect)

    form = Form({"kind": "a"})
    quick = form.as_div()
    form.renderer = DjangoTemplates()
    assert parse_html(quick) == parse_html(form.as_div())
