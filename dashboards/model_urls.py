"""Model and gameplay dashboards: alias timeline, model identity and accuracy, gameplay."""

urlpatterns: list = []
