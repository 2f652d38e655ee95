from django.shortcuts import render

from entities.models import Organisation, Person, Place, Project, Source, Topic
from statements.models import Metric, Statement


def home(request):
    counts = [
        (model._meta.verbose_name_plural, model.objects.published().count())
        for model in (Statement, Metric, Person, Organisation, Project, Place, Source)
    ]
    return render(
        request,
        "home.html",
        {"counts": counts, "topics": Topic.objects.published()},
    )
