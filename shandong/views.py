from django.shortcuts import render

from entities.models import Organisation, Person, Place, Project, Source, Topic
from entities.search import search, words_of
from statements.models import Indicator, Metric, Statement

#: The kinds of record, in the order the home and search pages show them.
KINDS = [Statement, Metric, Person, Organisation, Project, Place, Source, Topic, Indicator]
SEARCH_SHOWN = 10


def list_url(model):
    opts = model._meta
    return f"{opts.app_label}:{opts.model_name}-list"


def home(request):
    counts = [
        (model._meta.verbose_name_plural, model.objects.published().count(), list_url(model))
        for model in KINDS
    ]
    latest = (
        Statement.objects.published()
        .listed()
        .order_by("-source__published_on", "-published_at", "offset")[:8]
    )
    context = {"counts": counts, "latest": latest, "topics": Topic.objects.published()}
    return render(request, "home.html", context)


def search_page(request):
    """Search every kind of record at once; results grouped by kind."""
    q = request.GET.get("q", "")[:200].replace("\x00", "")
    groups = []
    if words_of(q):
        for model in KINDS:
            found = search(model.objects.published(), q)
            shown = list(found[:SEARCH_SHOWN])
            if shown:
                count = len(shown) if len(shown) < SEARCH_SHOWN else found.count()
                groups.append(
                    {
                        "name": model._meta.verbose_name_plural,
                        "records": shown,
                        "count": count,
                        "list_url": list_url(model),
                    }
                )
    return render(request, "search.html", {"q": q, "groups": groups})
