from django.urls import path
from drf_spectacular.utils import extend_schema

from promotion.api import views


@extend_schema(exclude=True)
class ReportWithSlashView(views.ReportView):
    """``report/`` too, for clients that add the slash; documented once, without it."""


@extend_schema(exclude=True)
class HistoryWithSlashView(views.HistoryView):
    """``history/`` too; documented once, without the slash."""


app_name = "promotion-internal"
urlpatterns = [
    path("report", views.ReportView.as_view(), name="report"),
    path("report/", ReportWithSlashView.as_view(), name="report-slash"),
    path("history", views.HistoryView.as_view(), name="history"),
    path("history/", HistoryWithSlashView.as_view(), name="history-slash"),
]
