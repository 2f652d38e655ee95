from entities.views import PublishedDetailView

from .models import Indicator, Metric, Statement


class IndicatorDetail(PublishedDetailView):
    model = Indicator


class MetricDetail(PublishedDetailView):
    model = Metric


class StatementDetail(PublishedDetailView):
    model = Statement
