from __future__ import annotations

from django.urls import path

from styrkedja.surveys import views

app_name = "surveys"

urlpatterns = [
    path("<slug:board>/<int:year>/undersokningar/", views.survey_list_view, name="list"),
]
