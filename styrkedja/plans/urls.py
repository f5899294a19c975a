from __future__ import annotations

from django.urls import path

from styrkedja.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list_view, name="list"),
    path("ny/", views.plan_create_view, name="create"),
    path("<slug:board>/<int:year>/", views.plan_detail, name="detail"),
    path("<slug:board>/<int:year>/overfor/", views.plan_carry_over_view, name="carry_over"),
    path("<slug:board>/<int:year>/besluta/", views.plan_adopt_view, name="adopt"),
    path("<slug:board>/<int:year>/revision/ny/", views.plan_revision_open_view, name="revision_open"),
    path("<slug:board>/<int:year>/revision/besluta/", views.plan_revision_close_view, name="revision_close"),
    path(
        "<slug:board>/<int:year>/revision/avbryt/", views.plan_revision_discard_view, name="revision_discard"
    ),
    path("<slug:board>/<int:year>/andringar/", views.plan_changes, name="changes"),
]
