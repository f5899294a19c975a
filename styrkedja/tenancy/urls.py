from __future__ import annotations

from django.urls import path

from styrkedja.tenancy import views

app_name = "tenancy"

urlpatterns = [
    path("", views.administration_index, name="index"),
    path("enheter/", views.unit_list, name="units"),
    path("enheter/ny/", views.unit_create_view, name="unit_create"),
    path("enheter/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("parter/", views.partner_list_view, name="partners"),
    path("parter/ny/", views.partner_create_view, name="partner_create"),
    path("parter/<int:pk>/", views.partner_edit, name="partner_edit"),
    path("anvandare/", views.user_list, name="users"),
    path("anvandare/ny/", views.user_create, name="user_create"),
    path("anvandare/<int:pk>/", views.user_edit, name="user_edit"),
    path("anvandare/<int:pk>/losenord/", views.user_password, name="user_password"),
]
