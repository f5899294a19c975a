from __future__ import annotations

from django.urls import path

from styrkedja.publishing import views

app_name = "publishing"

urlpatterns = [
    path("planer/<slug:board>/<int:year>/publicering/", views.publication_list, name="list"),
    path(
        "planer/<slug:board>/<int:year>/publicering/publicera/",
        views.publication_publish_view,
        name="publish",
    ),
    path(
        "planer/<slug:board>/<int:year>/publicering/<int:pk>/aterkalla/",
        views.publication_withdraw_view,
        name="withdraw",
    ),
]
