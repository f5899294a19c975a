from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("plan_summary", *args, stdout=out)
    return out.getvalue()


def test_json_for_mjolby_at_t3_gives_the_published_counts(db):
    data = json.loads(run("mjolby/ks/2024", "--period", "T3", "--json"))

    assert {key: data[key] for key in ("total", "done", "ongoing", "not_started", "done_percent")} == {
        "total": 38,
        "done": 25,
        "ongoing": 11,
        "not_started": 2,
        "done_percent": 66,
    }
    assert data["period"] == "T3"
    assert [goal["done"] for goal in data["goals"]] == [4, 2, 2, 7, 4, 2, 0]


def test_text_for_valdemarsvik_lists_the_six_inriktningsmal_with_resultatmal_and_indicators(db):
    text = run("valdemarsvik/ks/2023")

    titles = [
        "Den resurseffektiva kommunen",
        "Den öppna kommunen",
        "Den hälsosamma kommunen",
        "Den miljökloka kommunen",
        "Den lärande kommunen",
        "Den moderna kommunen",
    ]
    positions = [text.index(f"Inriktningsmål {n}: {title}") for n, title in enumerate(titles, start=1)]
    assert positions == sorted(positions)
    assert "Resultatmål 1.1" in text
    assert "Kommunen ska uppnå budgeterat överskott för koncernen." in text
    assert "Självfinansieringsgrad minst 50%" in text
    assert "Indikatorer och mått:" in text
    assert "planerades totalt 0" not in text  # the plan has no activities: no empty summary sentence


def test_unknown_plan_and_period_get_swedish_messages(db):
    with pytest.raises(CommandError, match="ingen plan för nämnden ”ks” år 2019"):
        run("mjolby/ks/2019")
    with pytest.raises(CommandError, match="inget plannamn"):
        run("mjolby-2024")
    with pytest.raises(CommandError, match="ingen period ”T4”"):
        run("mjolby/ks/2024", "--period", "T4")
