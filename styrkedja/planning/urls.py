from __future__ import annotations

from django.urls import path

from styrkedja.planning import views

app_name = "planning"

PLAN = "planer/<slug:board>/<int:year>/planera/"

urlpatterns = [
    path(PLAN, views.planning_index, name="index"),
    path(PLAN + "<slug:kind>/", views.object_list, name="list"),
    path(PLAN + "<slug:kind>/ny/", views.object_form, name="create"),
    path(PLAN + "<slug:kind>/<int:pk>/", views.object_form, name="edit"),
    path(PLAN + "<slug:kind>/<int:pk>/ta-bort/", views.object_delete, name="delete"),
    path(PLAN + "<slug:kind>/<int:pk>/flytta/", views.object_move, name="move"),
]
