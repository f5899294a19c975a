from __future__ import annotations

from django.urls import path

from styrkedja.signin import views

app_name = "signin"

urlpatterns = [
    path("logga-in/kod/", views.code, name="code"),
    path("logga-in/<slug:kommun>/", views.municipality_login, name="municipality_login"),
    path("tvastegsverifiering/", views.totp_setup, name="totp"),
    path("inloggning/", views.settings_view, name="settings"),
]
