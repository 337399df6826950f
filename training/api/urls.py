from django.urls import path
from drf_spectacular.utils import extend_schema

from training.api import views


@extend_schema(exclude=True)
class ReloadWithSlashView(views.ReloadView):
    """``reload/`` too, like every other path of the API; documented once, without the slash."""


app_name = "models"
urlpatterns = [
    path("", views.ModelFamiliesView.as_view(), name="families"),
    path("versions/", views.ModelVersionListView.as_view(), name="versions"),
    path(
        "versions/<str:family>/<int:version>/",
        views.ModelVersionDetailView.as_view(),
        name="version-detail",
    ),
    path("aliases/history/", views.AliasHistoryView.as_view(), name="alias-history"),
    path("reload", views.ReloadView.as_view(), name="reload"),
    path("reload/", ReloadWithSlashView.as_view(), name="reload-slash"),
]
