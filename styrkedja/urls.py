from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from styrkedja.web.views import favicon, health

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("healthz", health, name="health"),
    path("admin/", admin.site.urls),
    path("konto/", include("styrkedja.accounts.urls")),
    path("konto/", include("styrkedja.signin.urls")),
    # allauth's OpenID Connect log-in and callback (/konto/oidc/<provider>/login/), nothing else of it.
    path("konto/", include("allauth.socialaccount.providers.openid_connect.urls")),
    # Before every plan's pages: "planer/inlasning/1/dokument/" would otherwise read as the
    # documents of a board "inlasning"'s plan for the year 1.
    path("planer/inlasning/", include("styrkedja.plan_import.urls")),
    path("", include("styrkedja.followup.urls")),
    path("", include("styrkedja.approvals.urls")),
    path("", include("styrkedja.reminders.urls")),
    path("", include("styrkedja.documents.urls")),
    path("", include("styrkedja.workbook.urls")),
    path("", include("styrkedja.indicators.urls")),
    path("", include("styrkedja.planning.urls")),
    path("planer/", include("styrkedja.plans.urls")),
    path("planer/", include("styrkedja.economy.urls")),
    path("planer/", include("styrkedja.meetings.urls")),
    path("planer/", include("styrkedja.assignments.urls")),
    path("planer/", include("styrkedja.surveys.urls")),
    path("mal/", include("styrkedja.goals.urls")),
    path("aktiviteter/", include("styrkedja.activities.urls")),
    path("administration/", include("styrkedja.tenancy.urls")),
    path("korningar/", include("styrkedja.jobs.urls")),
    path("", include("styrkedja.publishing.urls")),
    path("", include("styrkedja.api.urls")),
    # Last: the public pages begin with the municipality's slug, which no other address may be.
    path("", include("styrkedja.opendata.urls")),
    path("", include("styrkedja.public.urls")),
]
