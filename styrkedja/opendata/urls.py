from __future__ import annotations

from django.urls import path

from styrkedja.opendata import views

app_name = "opendata"

# Included before the public pages, whose addresses also begin with the municipality's slug.
edition = "<slug:kommun>/datasets/<slug:board>/<int:year>/<slug:edition>"
urlpatterns = [
    path("administration/oppna-data/", views.settings_edit, name="settings"),
    path("<slug:kommun>/datasets/", views.index, name="index"),
    path("<slug:kommun>/datasets/dcat", views.catalog, name="catalog"),
    path("<slug:kommun>/datasets/oppna-data.zip", views.package, name="package"),
    path(edition + ".zip", views.edition_zip_view, name="edition_zip"),
    path(edition + ".json", views.edition_json_view, name="edition_json"),
]
