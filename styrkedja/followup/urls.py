from __future__ import annotations

from django.urls import path

from styrkedja.followup import views

app_name = "followup"

PLAN = "planer/<slug:board>/<int:year>/"

urlpatterns = [
    path("", views.start, name="start"),
    path(PLAN + "rapportera/<str:code>/", views.report_page, name="report"),
    path("rapport/aktivitet/<int:pk>/<str:code>/", views.activity_report, name="activity_report"),
    path("rapport/mal/<int:pk>/<str:code>/", views.goal_report, name="goal_report"),
    path("rapport/uppdrag/<int:pk>/<str:code>/", views.assignment_report, name="assignment_report"),
    path("rapport/undersokning/<int:pk>/<str:code>/", views.survey_report, name="survey_report"),
    path("bedomning/skala/", views.assessment_scale_view, name="assessment_scale"),
    path("bedomning/regler/", views.assessment_rules_view, name="assessment_rules"),
    path(PLAN + "bedomning/", views.assessment_rules_view, name="plan_assessment_rules"),
    path(PLAN + "perioder/", views.period_list, name="periods"),
    path(PLAN + "perioder/<str:code>/", views.period_detail, name="period_detail"),
    path(PLAN + "perioder/<str:code>/oppna/", views.period_open_view, name="period_open"),
    path(PLAN + "perioder/<str:code>/stang/", views.period_close_view, name="period_close"),
    path(PLAN + "perioder/<str:code>/oppna-igen/", views.period_reopen_view, name="period_reopen"),
]
