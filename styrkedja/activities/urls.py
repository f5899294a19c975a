from __future__ import annotations

from django.urls import path

from styrkedja.activities import views

app_name = "activities"

urlpatterns = [
    path("<int:pk>/", views.activity_detail, name="detail"),
]
