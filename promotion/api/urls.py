from django.urls import path

from promotion.api import views

app_name = "promotion"
urlpatterns = [
    path("events/", views.EventListView.as_view(), name="events"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event-detail"),
]
