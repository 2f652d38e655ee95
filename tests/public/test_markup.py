"""entities.markup writes what django.utils.html writes."""

from django.utils import html
from django.utils.functional import lazy
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from entities import markup

values = st.one_of(
    st.text(),
    st.integers(),
    st.none(),
    st.text().map(mark_safe),
    st.text().map(lazy(str, str)),
)


@given(values)
def test_conditional_escape_is_djangos(value):
    ours = markup.conditional_escape(value)
    assert ours == html.conditional_escape(value)
    assert hasattr(ours, "__html__")


@given(values)
def test_escape_is_djangos(value):
    ours = markup.escape(value)
    assert ours == html.escape(value)
    assert hasattr(ours, "__html__")


@given(st.lists(values, max_size=4))
def test_format_html_is_djangos(args):
    template = "<p class={}>" + "{} " * len(args)
    assert markup.format_html(template, "x", *args) == html.format_html(template, "x", *args)


def test_hostile_text_is_escaped_and_html_kept():
    assert markup.format_html('<a href="{}">{}</a>', '"><script>', mark_safe("<b>b</b>")) == (
        '<a href="&quot;&gt;&lt;script&gt;"><b>b</b></a>'
    )
