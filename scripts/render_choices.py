"""Measure the ways of rendering a public page that issue 20 names, on the loaded data:
    DATABASE_URL=... .venv/bin/python manage.py shell < scripts/render_choices.py

The workload is the biggest a page renders: an indicator's chart and table of up to 200
figures (the indicator with the most figures); and, for scale, the frame every page
shares (base.html, under the about page). Each is rendered 50 times; the medians are
printed in ms. The results and the choice made are in docs/performance.md, "Rendering:
the choices measured".
"""

import statistics
import time

import jinja2
from django.core.cache import caches
from django.db.models import Count
from django.template import engines

from statements.models import Indicator
from statements.templatetags.charts import chart_bars, chart_rows
from statements.views import CHART_COLUMNS, chart


def median_ms(function, runs=50):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


indicator = Indicator.objects.annotate(n=Count("metrics")).order_by("-n").first()
metrics = indicator.metrics.published().order_by("period_end", "period_start", "pk")[:200]
figures = chart(metrics.values_list(*CHART_COLUMNS), indicator.unit)

LOOPS = """{% for bar in chart.rows %}
    <text x="0" y="{{ bar.text_y }}" class="chart-label">{{ bar.label }}</text>
    <rect x="{{ chart.label_width }}" y="{{ bar.y }}" width="{{ bar.width }}" height="{{ chart.bar_height }}" class="chart-bar"></rect>
    <text x="{{ bar.value_x }}" y="{{ bar.text_y }}" class="chart-value">{{ bar.display }}</text>
    {% endfor %}{% for row in chart.rows %}<tr><td>{{ row.subject }}</td><td>{{ row.period }}</td><td><a href="{{ row.url }}">{{ row.display }}</a></td><td><a href="{{ row.in_source }}">see in source</a></td></tr>{% endfor %}"""  # noqa: E501
django_loops = engines["django"].from_string(LOOPS)
jinja = jinja2.Environment(autoescape=True)
jinja_loops = jinja.from_string(LOOPS)
context = {"chart": figures}

# Cached fragments: a row each, keyed by the figure's version (and, deployed, the cache
# generation), all of them hits: the best case for a cache.
rows = caches["default"]
keys = [f"chart-row:{pk}:{version}" for pk, version in metrics.values_list("pk", "version")]
rows.set_many(dict.fromkeys(keys, "<tr>" + "x" * 300 + "</tr>"))

SUBJECTS = ("place", "organisation", "project", "source")
frame = engines["django"].get_template("about.html")


def instances():
    return [(m.subject, m.display_value) for m in metrics.select_related(*SUBJECTS, "indicator")]


def values():
    return list(metrics.values_list(*CHART_COLUMNS))


print(f"{indicator.slug}: {len(figures['rows'])} figures")
print(f"  figures read as model instances:   {median_ms(instances):.2f}")
print(f"  figures read as values() rows:      {median_ms(values):.2f}")
print(f"  Django template loops:   {median_ms(lambda: django_loops.render(context)):.2f}")
print(f"  Jinja2, the same loops:  {median_ms(lambda: jinja_loops.render(context)):.2f}")
python = median_ms(lambda: (chart_bars(figures), chart_rows(figures)))
print(f"  Python (charts.py):      {python:.2f}")
print(f"  cached fragments (hits): {median_ms(lambda: ''.join(rows.get_many(keys).values())):.2f}")
print(f"  the frame (about.html on base.html), Django: {median_ms(lambda: frame.render({})):.2f}")
