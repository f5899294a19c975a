from __future__ import annotations

from django.urls import path

from styrkedja.economy import views

app_name = "economy"

urlpatterns = [
    path("<slug:board>/<int:year>/ekonomi/", views.economy_overview_view, name="overview"),
]
