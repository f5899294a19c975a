from __future__ import annotations

from django.urls import path

from styrkedja.assignments import views

app_name = "assignments"

urlpatterns = [
    path("<slug:board>/<int:year>/uppdrag/", views.assignment_list_view, name="list"),
    path("uppdragsstatus/", views.status_labels_view, name="status_labels"),
]
