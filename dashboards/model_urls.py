"""Model and gameplay dashboards: alias timeline, model identity and accuracy, gameplay."""

from django.urls import path

from dashboards.views import gameplay, models

urlpatterns = [
    path("<family:family>/aliases/", models.aliases, name="aliases"),
    path("<family:family>/models/", models.models, name="models"),
    path("gameplay/", gameplay.gameplay, name="gameplay"),
]
