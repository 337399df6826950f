"""The dashboards' URLs. Promotion pages (overview, tickers, evidence, decisions, events) and
model and gameplay pages (aliases, models, gameplay) are declared in their own modules."""

from django.urls import include, path, register_converter

from dashboards.converters import FamilyConverter

register_converter(FamilyConverter, "family")

app_name = "dashboards"

urlpatterns = [
    path("", include("dashboards.promotion_urls")),
    path("", include("dashboards.model_urls")),
]
