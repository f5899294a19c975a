from __future__ import annotations

from django.urls import path

from styrkedja.documents import views

app_name = "documents"

urlpatterns = [
    path("planer/<slug:board>/<int:year>/dokument/", views.document_list, name="list"),
    path("planer/<slug:board>/<int:year>/dokument/delar/", views.report_parts_view, name="report_parts"),
    path("planer/<slug:board>/<int:year>/dokument/<str:format>/", views.document_download, name="download"),
    path(
        "planer/<slug:board>/<int:year>/dokument/<str:format>/skapas/",
        views.document_progress,
        name="progress",
    ),
    path(
        "planer/<slug:board>/<int:year>/dokument/<str:format>/skapas/status/",
        views.document_progress_status,
        name="progress_status",
    ),
    path("dokument/word-mall/", views.word_template_view, name="word_template"),
]
