"""Django's `conditional_escape` and `format_html`, the same output without their
wrapper for lazy text, for the code that writes hundreds of values a page in Python
(statement rows, filter forms).

Django's versions pass every call through `keep_lazy`, which checks each argument for
lazy text before escaping: on a list page that was 1,200 calls a request, more time
than the escaping (docs/performance.md). These take plain values only; a lazy string is
made text first. tests/public/test_markup.py checks them against Django's.
"""

import html

from django.utils.safestring import SafeString


def escape(value):
    """As django.utils.html.escape: every value escaped, HTML too."""
    return SafeString(html.escape(str(value)))


def conditional_escape(value):
    """As django.utils.html.conditional_escape: HTML as it is, anything else escaped."""
    if hasattr(value, "__html__"):
        return SafeString(value.__html__())
    return escape(value)


def format_html(template, *args):
    """As django.utils.html.format_html, for positional arguments."""
    return SafeString(template.format(*map(conditional_escape, args)))
