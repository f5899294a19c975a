from __future__ import annotations

from django.urls import path

from styrkedja.workbook import views

app_name = "workbook"

urlpatterns = [
    path("planer/<slug:board>/<int:year>/arbetsbok/", views.workbook_export_view, name="export"),
    path("arbetsbok/mall/", views.workbook_template_view, name="template"),
    path("arbetsbok/las-in/", views.workbook_import_view, name="import"),
]
