"""Promotion dashboards: index, overview, tickers, sequential evidence, decisions, events,
and the replay of a family's decisions under another rule."""

from django.urls import path

from dashboards.views import promotion as views

urlpatterns = [
    path("", views.index, name="index"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/<int:pk>/", views.event, name="event"),
    path("<family:family>/", views.overview, name="overview"),
    path("<family:family>/tickers/", views.tickers, name="tickers"),
    path("<family:family>/evidence/", views.evidence, name="evidence"),
    path("<family:family>/replay/", views.replay, name="replay"),
]
