from __future__ import annotations

from django.urls import path

from styrkedja.activities import views

app_name = "activities"

urlpatterns = [
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("forslag/<slug:board>/<int:year>/", views.proposal_list, name="proposals"),
    path("forslag/<slug:board>/<int:year>/ny/", views.proposal_create, name="propose"),
    path("forslag/<int:pk>/godkann/", views.proposal_accept, name="proposal_accept"),
    path("forslag/<int:pk>/avsla/", views.proposal_decline, name="proposal_decline"),
]
