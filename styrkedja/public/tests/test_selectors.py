"""The filters and search over a snapshot, on a small snapshot made here."""

from __future__ import annotations

from django.http import QueryDict

from styrkedja.public.cache import page_key
from styrkedja.public.selectors import (
    GoalFilter,
    filter_options,
    goal_ancestors,
    goal_children,
    goals_filtered,
    hits_sentence,
)

ACHIEVED = {"key": "achieved", "label": "Uppnått", "symbol": "●"}
SNAPSHOT = {
    "period": {"code": "T3", "name": "T3 – Årsredovisning", "ends_on": "2024-12-31", "comment": ""},
    "levels": [{"key": "kf", "name": "KF-mål", "depth": 0}, {"key": "nm", "name": "Nämndmål", "depth": 1}],
    "scale": [ACHIEVED, {"key": "not_achieved", "label": "Inte uppnått", "symbol": "○"}],
    "units": [{"id": 1, "name": "Kultur"}, {"id": 2, "name": "Skola"}, {"id": 3, "name": "Ingen använder"}],
    "goals": [
        {
            "id": 10,
            "heading": "Mål 1",
            "title": "Trygghet",
            "level": "kf",
            "depth": 0,
            "parent": None,
            "texts": [{"label": "Mål", "text": "Alla ska känna sig trygga."}],
            "unit": 1,
            "sdgs": [{"number": 16, "name": "Fredliga och inkluderande samhällen"}],
            "assessment": ACHIEVED,
            "activities": [],
        },
        {
            "id": 11,
            "heading": "Mål 1.1",
            "title": "Belysning",
            "level": "nm",
            "depth": 1,
            "parent": 10,
            "texts": [],
            "unit": None,
            "sdgs": [],
            "assessment": None,
            "activities": [
                {"id": 7, "title": "Ny gatubelysning i centrum", "unit": 2, "comment": "Klar i maj"}
            ],
        },
    ],
}


def ids(wanted: GoalFilter) -> list[int]:
    return [goal["id"] for goal in goals_filtered(snapshot=SNAPSHOT, wanted=wanted)]


def test_each_filter_narrows_the_goals():
    assert ids(GoalFilter()) == [10, 11]
    assert ids(GoalFilter(level="nm")) == [11]
    assert ids(GoalFilter(assessment="achieved")) == [10]
    assert ids(GoalFilter(assessment="none")) == [11]
    assert ids(GoalFilter(unit="2")) == [11]  # through its activity
    assert ids(GoalFilter(unit="1")) == [10]
    assert ids(GoalFilter(sdg="16")) == [10]
    assert ids(GoalFilter(level="kf", sdg="16", assessment="not_achieved")) == []


def test_the_search_reads_goal_and_activity_texts_every_word_in_any_case():
    assert ids(GoalFilter(query="TRYGGA")) == [10]
    assert ids(GoalFilter(query="gatubelysning centrum")) == [11]
    assert ids(GoalFilter(query="maj")) == [11]  # an activity's comment
    assert ids(GoalFilter(query="gatubelysning trygga")) == []


def test_the_hits_are_said_in_words():
    assert hits_sentence(count=2, wanted=GoalFilter()) == "Planen har 2 mål."
    assert hits_sentence(count=1, wanted=GoalFilter(level="nm")) == "1 mål matchar."
    assert hits_sentence(count=0, wanted=GoalFilter(query="x")).startswith("Inga mål matchar")


def test_the_filters_offer_only_what_some_goal_has():
    options = filter_options(snapshot=SNAPSHOT)
    assert [unit["name"] for unit in options.units] == ["Kultur", "Skola"]
    assert [sdg["number"] for sdg in options.sdgs] == [16]
    assert [step["key"] for step in options.assessments] == ["achieved", "not_achieved", "none"]
    assert filter_options(snapshot={**SNAPSHOT, "period": None}).assessments == []  # a plan: none


def test_a_goals_parents_and_children():
    child, parent = SNAPSHOT["goals"][1], SNAPSHOT["goals"][0]
    assert goal_ancestors(snapshot=SNAPSHOT, goal=child) == [parent]
    assert goal_children(snapshot=SNAPSHOT, goal=parent) == [child]


def test_the_cache_key_is_the_page_and_its_filters_only():
    def key(query: str, version: int = 1) -> str:
        return page_key(municipality_id=1, version=version, path="/m/ks/2024/t3/", query=QueryDict(query))

    assert key("q=trygg&utm=x") == key("q=trygg")
    assert key("q=trygg") != key("q=belysning")
    assert key("level=kf&q=a") == key("q=a&level=kf")
    assert key("q=trygg", version=2) != key("q=trygg")
