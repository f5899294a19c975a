from __future__ import annotations

from django.urls import path

from styrkedja.indicators import views

app_name = "indicators"

urlpatterns = [
    path("planer/<slug:board>/<int:year>/kolada/", views.kolada_sync_view, name="kolada_sync"),
    path("administration/kolada/", views.kolada_settings_view, name="kolada_settings"),
    path("kolada/sok/", views.kolada_search_view, name="kolada_search"),
]
