from django.contrib import admin
from django.urls import include, path

from rpsweb.health import healthz
from rpsweb.metrics import metrics_view

# Unmatched URLs under /api/ and /internal/ answer in the API's JSON error shape.
handler404 = "core.api_errors.not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/models/", include("training.api.urls")),
    path("api/v1/promotion/", include("promotion.api.urls")),
    path("api/v1/", include("games.api.urls")),
    path("internal/promotion/", include("promotion.api.internal_urls")),
    path("dashboards/", include("dashboards.urls")),
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("", include("games.api.compat_urls")),
    path("", include("games.pages.urls")),
]
