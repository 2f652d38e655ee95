"""Names to suggest in a related-record filter box as the reader types.

`/suggest/<kind>/?q=words` answers JSON: up to LIMIT published records whose slug or
names match `q` by the filters' own rules (`matching` in entities/filters.py), best
first, as `[{"slug": ..., "name": ...}]`. One query; the page cache keeps the answer
until a record changes. The filter boxes work without it: shandong/static/shandong/
suggest.js only fills their datalists.
"""

from django.apps import apps
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .filters import matching
from .search import words_of

#: Each kind of record a filter box can name: the URL's word, and its model.
KINDS = {
    "people": "entities.Person",
    "organisations": "entities.Organisation",
    "places": "entities.Place",
    "projects": "entities.Project",
    "sources": "entities.Source",
    "topics": "entities.Topic",
    "indicators": "statements.Indicator",
}
#: Most names suggested at once.
LIMIT = 10
#: The shortest and longest text looked up; the filters take at most 200 characters.
SHORTEST, LONGEST = 2, 200


def kind_of(model):
    """The URL word for `model`'s suggestions, or None when it has none."""
    label = model._meta.label
    return next((kind for kind, name in KINDS.items() if name == label), None)


@require_GET
@cache_control(public=True, max_age=300)
def suggest(request, kind):
    if kind not in KINDS:
        raise Http404("No suggestions for that kind of record.")
    text = request.GET.get("q", "")
    if len(text) > LONGEST or "\x00" in text:
        return HttpResponseBadRequest("q must be at most 200 characters, without NUL.")
    text = text.strip()
    if len(text) < SHORTEST or not words_of(text):
        return JsonResponse([], safe=False)
    model = apps.get_model(KINDS[kind])
    found = [{"slug": r.slug, "name": str(r)} for r in matching(model, text)[:LIMIT]]
    return JsonResponse(found, safe=False, json_dumps_params={"ensure_ascii": False})
