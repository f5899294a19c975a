from __future__ import annotations

from django.urls import path

from styrkedja.jobs import views

app_name = "jobs"

urlpatterns = [
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/lage/", views.job_status, name="status"),
]
