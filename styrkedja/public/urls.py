from __future__ import annotations

from django.urls import path

from styrkedja.public import views

app_name = "public"

# Included last of the site's addresses: a municipality's slug is never one of the site's first
# path segments (tenancy.validators).
edition = "<slug:kommun>/<slug:board>/<int:year>/<slug:edition>/"
urlpatterns = [
    path("<slug:kommun>/", views.start, name="start"),
    path("<slug:kommun>/tillganglighet/", views.accessibility, name="accessibility"),
    path(edition, views.edition, name="edition"),
    path(edition + "mal/<int:goal_id>/", views.goal, name="goal"),
    path(edition + "dokument/<slug:format>/", views.document, name="document"),
]
