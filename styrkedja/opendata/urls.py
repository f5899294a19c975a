from __future__ import annotations

app_name = "opendata"

urlpatterns: list = []
