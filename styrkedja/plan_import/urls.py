from __future__ import annotations

from django.urls import path

from styrkedja.plan_import import views

app_name = "plan_import"

urlpatterns = [
    path("", views.plan_import_index_view, name="index"),
    path("<int:pk>/", views.plan_import_review_view, name="review"),
    path("<int:pk>/post/<slug:item>/", views.plan_import_item_view, name="item"),
    path("<int:pk>/enheter/", views.plan_import_unit_view, name="units"),
    path("<int:pk>/godkann/", views.plan_import_accept_view, name="accept"),
    path("<int:pk>/kassera/", views.plan_import_discard_view, name="discard"),
    path("<int:pk>/dokument/", views.plan_import_document_view, name="document"),
]
