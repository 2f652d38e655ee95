"""The API writes its answers from plain rows (api/rows.py), by what each serializer
declares. The serializers, run on model instances, are the reference: for every published
seed record both ways give the same answer (and for links to drafts: test_api.py)."""

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIRequestFactory
from rest_framework.utils.encoders import JSONEncoder

from api import views

VIEWSETS = [
    views.StatementViewSet,
    views.MetricViewSet,
    views.IndicatorViewSet,
    views.PersonViewSet,
    views.OrganisationViewSet,
    views.PositionViewSet,
    views.ProjectViewSet,
    views.PlaceViewSet,
    views.TopicViewSet,
    views.SourceViewSet,
]


def every_answer(client, url):
    answers = []
    while url:
        page = client.get(url).json()
        answers += page["results"]
        url = page["next"]
    return answers


def reference(record, serializer_class):
    request = APIRequestFactory().get("/")
    data = serializer_class(record, context={"request": request}).data
    return json.loads(json.dumps(data, cls=JSONEncoder))


@pytest.mark.parametrize("viewset", VIEWSETS, ids=lambda v: v.__name__)
def test_rows_give_what_the_serializers_give(client, seeded, viewset):
    model = viewset.queryset.model
    name = model._meta.model_name
    answers = every_answer(client, reverse(f"api:{name}-list"))
    assert len(answers) == viewset.queryset.count() > 0
    detail_serializer = viewset(action="retrieve").get_serializer_class()
    for answer in answers:
        if viewset.lookup_field == "pk":
            record = model.objects.get(pk=answer["id"])
        else:
            record = model.objects.get(slug=answer["slug"])
        assert answer == reference(record, viewset.serializer_class), answer["url"]
        detail = client.get(answer["url"]).json()
        assert detail == reference(record, detail_serializer), answer["url"]
