from __future__ import annotations

from django.urls import path

from styrkedja.reminders import views

app_name = "reminders"

PLAN = "planer/<slug:board>/<int:year>/"

urlpatterns = [
    path(PLAN + "perioder/<str:code>/paminnelser/", views.reminders_send_view, name="send"),
]
