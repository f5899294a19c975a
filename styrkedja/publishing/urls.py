from __future__ import annotations

app_name = "publishing"

urlpatterns: list = []
