from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from styrkedja.api import pages, public_views, views

app_name = "api"

router = SimpleRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("periods", views.PeriodViewSet, basename="period")
router.register("goal-levels", views.GoalLevelViewSet, basename="goal-level")
router.register("goals", views.GoalViewSet, basename="goal")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("indicator-values", views.IndicatorValueViewSet, basename="indicator-value")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("activity-reports", views.ActivityReportViewSet, basename="activity-report")
router.register("goal-reports", views.GoalReportViewSet, basename="goal-report")

urlpatterns = [
    path("konto/api-nycklar/", pages.tokens, name="tokens"),
    path("konto/api-nycklar/<int:pk>/aterkalla/", pages.token_revoke, name="token_revoke"),
    path("api/", pages.documentation, name="docs"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/v1/public/<slug:kommun>/publications/",
        public_views.PublicationListView.as_view(),
        name="public_publications",
    ),
    path(
        "api/v1/public/<slug:kommun>/publications/<int:id>/",
        public_views.PublicationDetailView.as_view(),
        name="public_publication",
    ),
    path("api/v1/", include(router.urls)),
]
