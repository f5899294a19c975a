from __future__ import annotations

from django.urls import path

from styrkedja.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list_view, name="list"),
    path("<slug:board>/<int:year>/", views.plan_detail, name="detail"),
    path("<slug:board>/<int:year>/overfor/", views.plan_carry_over_view, name="carry_over"),
]
