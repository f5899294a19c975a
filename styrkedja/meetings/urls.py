from __future__ import annotations

from django.urls import path

from styrkedja.meetings import views

app_name = "meetings"

urlpatterns = [
    path("<slug:board>/<int:year>/kalender/", views.calendar_view, name="calendar"),
    path("<slug:board>/<int:year>/sammantraden/<int:pk>/", views.meeting_detail, name="detail"),
    path(
        "<slug:board>/<int:year>/sammantraden/<int:pk>/underlag/<str:format>/",
        views.meeting_underlag,
        name="underlag",
    ),
    path(
        "<slug:board>/<int:year>/sammantraden/<int:pk>/underlag/<str:format>/skapas/",
        views.underlag_progress,
        name="underlag_progress",
    ),
    path(
        "<slug:board>/<int:year>/sammantraden/<int:pk>/underlag/<str:format>/skapas/lage/",
        views.underlag_progress_status,
        name="underlag_progress_status",
    ),
]
