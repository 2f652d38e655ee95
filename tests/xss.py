"""Hostile markup for the XSS tests (`*_safety.py`): records saved with a script, an
event handler and template syntax must show them as escaped text. For hostile values
sent in requests, see tests/fuzz.py."""

HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(2)> {{ 7|add:7 }} {% now "Y" %}'
#: The first part of HOSTILE as a page must show it: escaped.
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt;"


def assert_shown_as_text(content, where):
    """Hostile markup is on the page, escaped, and nowhere raw."""
    assert "<script>alert" not in content, where
    assert "<img src=x" not in content, where
    assert ESCAPED in content, where
