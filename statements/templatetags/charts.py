"""`{% chart_bars chart %}` and `{% chart_rows chart %}`: an indicator's figures as bars
and as table rows (statements.views.chart works out their values).

Written in Python, escaping every value as the template language does, because a chart
has up to 200 figures: for 200 rows the template loops took 9.0 ms, Jinja2 4.7 ms and
these 3.1 ms, under the same load (docs/performance.md, "Rendering").
"""

from django import template
from django.utils.safestring import mark_safe

from entities.markup import escape

register = template.Library()


@register.simple_tag
def chart_bars(chart):
    x, height = chart["label_width"], chart["bar_height"]
    return mark_safe(
        "".join(
            f'\n    <text x="0" y="{bar["text_y"]}" class="chart-label">'
            f"{escape(bar['label'])}</text>"
            f'\n    <rect x="{x}" y="{bar["y"]}" width="{bar["width"]}" height="{height}"'
            ' class="chart-bar"></rect>'
            f'\n    <text x="{bar["value_x"]}" y="{bar["text_y"]}" class="chart-value">'
            f"{escape(bar['display'])}</text>"
            for bar in chart["rows"]
        )
    )


@register.simple_tag
def chart_rows(chart):
    return mark_safe(
        "".join(
            f"<tr><td>{escape(row['subject'])}</td><td>{escape(row['period'])}</td>"
            f'<td><a href="{escape(row["url"])}">{escape(row["display"])}</a></td>'
            f'<td><a href="{escape(row["in_source"])}">see in source</a></td></tr>'
            for row in chart["rows"]
        )
    )
