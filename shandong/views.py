import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static

from entities.models import Organisation, Person, Place, Project, Source, Topic
from entities.paginators import THRESHOLD, count_all, count_or_estimate
from entities.search import best, matching, words_of
from statements.models import Indicator, Metric, Statement

from .opendata import stream
from .popolo import Popolo

#: The kinds of record, in the order the home and search pages show them.
KINDS = [Statement, Metric, Person, Organisation, Project, Place, Source, Topic, Indicator]
SEARCH_SHOWN = 10
#: How many the search page shows of one kind (`?kind=`).
SEARCH_SHOWN_ONE_KIND = 25


def list_url(model):
    opts = model._meta
    return f"{opts.app_label}:{opts.model_name}-list"


def home(request):
    # Big tables estimated, as the lists count them: counting a million statements
    # exactly took 50-95 ms, more than the rest of the page.
    counts = [
        (
            model._meta.verbose_name,
            model._meta.verbose_name_plural,
            *count_or_estimate(model.objects.published()),
            list_url(model),
        )
        for model in KINDS
    ]
    latest = (
        Statement.objects.published()
        .order_by("-source__published_on", "-published_at", "offset")
        .shown(8)
    )
    context = {"counts": counts, "latest": latest, "topics": Topic.objects.published()}
    return render(request, "home.html", context)


def search_kind(value):
    """The kind of record `?kind=` names (its model name or plural, in any case)."""
    value = str(value).strip().lower()
    for model in KINDS:
        if value in (model._meta.model_name, str(model._meta.verbose_name_plural).lower()):
            return model
    return None


def search_page(request):
    """Search every kind of record at once; results grouped by kind, best first, each
    with a snippet of why it matched. `?kind=` shows one kind, more of it.

    A fixed number of queries whatever the data: one counts every kind's matches, then
    one per kind that has any reads its best (entities/search.py, `best`)."""
    q = request.GET.get("q", "")[:200].replace("\x00", "")
    kind_asked = request.GET.get("kind", "")[:50].replace("\x00", "")
    kind = search_kind(kind_asked) if kind_asked else None
    kinds = [kind] if kind else KINDS
    shown = SEARCH_SHOWN_ONE_KIND if kind else SEARCH_SHOWN
    groups = []
    if words_of(q):
        published = [model.objects.published() for model in kinds]
        counts = count_all([matching(queryset, q) for queryset in published], THRESHOLD)
        for model, queryset, count in zip(kinds, published, counts, strict=True):
            if not count:
                continue
            records = best(queryset, q, count, shown)
            if not records:
                continue
            if 0 <= count < len(records):  # written between the two queries
                count = len(records)
            groups.append(
                {
                    "name": model._meta.verbose_name_plural,
                    "kind": model._meta.model_name,
                    "records": records,
                    "count": abs(count),
                    "estimated": count < 0,
                    "list_url": list_url(model),
                }
            )
    context = {
        "q": q,
        "groups": groups,
        "kind": kind._meta.model_name if kind else "",
        "unknown_kind": bool(kind_asked) and kind is None,
        "kinds": [(m._meta.model_name, m._meta.verbose_name_plural) for m in KINDS],
    }
    return render(request, "search.html", context)


def origin_of(request):
    """The site as "https://example.org": links in an export are absolute."""
    return request.build_absolute_uri("/").removesuffix("/")


def popolo_export(request):
    """Every published person, organisation, position, place and statement as one
    Popolo document, streamed (shandong/popolo.py)."""
    parts = Popolo(origin_of(request)).parts()
    return stream(parts, "application/json", "shandong-records-popolo.json")


def ftm_export(request):
    """Every published record as FollowTheMoney entities, one a line (shandong/ftm.py).

    followthemoney is imported here, when first asked for: importing it reads its whole
    schema, 2.5-5 s and about 120 MB a worker, which no other page needs."""
    from .ftm import FollowTheMoney

    lines = FollowTheMoney(origin_of(request)).lines()
    return stream(lines, "application/x-ndjson", "shandong-records-ftm.json")


def plain_page(title, message):
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title} | Shandong Records</title></head>"
        f"<body><h1>{title}</h1><p>{message}</p></body></html>"
    )


UNAVAILABLE = plain_page(
    "Briefly unavailable",
    "Shandong Records cannot reach its database just now. Please try again in a minute.",
)
SERVER_ERROR = plain_page(
    "Something went wrong", "The error has been logged. Please try again later."
)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: the site's icon."""
    return redirect(static("shandong/favicon.ico"), permanent=True)


def server_error(request):
    """Django's last resort (handler500), for an exception anywhere in a request.

    It uses neither the database nor templates, since the database may be what failed:
    a lost database answers 503 with Retry-After, and the site recovers by itself when
    it returns (connections are health-checked before reuse).
    """
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return HttpResponse(UNAVAILABLE, status=503, headers={"Retry-After": "60"})
    try:  # the site's layout, which needs no database
        return HttpResponse(render_to_string("500.html"), status=500)
    except Exception:  # noqa: BLE001 - the last resort must answer
        return HttpResponse(SERVER_ERROR, status=500)
