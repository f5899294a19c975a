from __future__ import annotations

from django.urls import path

from styrkedja.goals import views

app_name = "goals"

urlpatterns = [
    path("<int:pk>/", views.goal_detail, name="detail"),
]
