from django.contrib import admin
from django.urls import include, path

from rpsweb.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/models/", include("training.api.urls")),
    path("api/v1/", include("games.api.urls")),
    path("healthz", healthz, name="healthz"),
    path("", include("django_prometheus.urls")),
    path("", include("games.api.compat_urls")),
    path("", include("games.pages.urls")),
]
