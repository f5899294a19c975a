from __future__ import annotations

from django.urls import path

from styrkedja.economy import views

app_name = "economy"

PLAN = "<slug:board>/<int:year>/"

urlpatterns = [
    path(PLAN + "ekonomi/", views.economy_overview_view, name="overview"),
    path(PLAN + "ekonomi/koder/", views.ledger_codes_view, name="ledger_codes"),
    path(PLAN + "ekonomi/manadsuppfoljningar/", views.monthly_periods_view, name="monthly_periods"),
    path(PLAN + "ekonomi/<str:code>/", views.economy_followup_view, name="followup"),
    path(PLAN + "ekonomi/<str:code>/huvudbok/", views.ledger_import_view, name="ledger_import"),
]
