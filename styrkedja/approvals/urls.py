from __future__ import annotations

from django.urls import path

from styrkedja.approvals import views

app_name = "approvals"

UNIT = "planer/<slug:board>/<int:year>/perioder/<str:code>/enheter/<int:unit>/"

urlpatterns = [
    path("godkannande/", views.awaiting, name="awaiting"),
    path("godkannande/installningar/", views.setting, name="setting"),
    path(UNIT + "skicka/", views.send, name="send"),
    path(UNIT + "godkann/", views.approve, name="approve"),
    path(UNIT + "returnera/", views.return_view, name="return"),
]
