"""The Mjölby T3 2024 follow-up, as pdftotext gives it, read into a proposal."""

from __future__ import annotations

from pathlib import Path

import pytest

from styrkedja.plan_import.proposal import REVIEW_KEY, SURE
from styrkedja.plan_import.services import plan_document_read
from styrkedja.plan_import.tests.expected import (
    activity_row,
    all_activities,
    demo,
    seed,
    units_by_any_name,
    words,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def expected():
    return demo("mjolby")


@pytest.fixture
def proposal(mjolby):
    return plan_document_read(
        content=seed("mjolby-ks-2024-t3.txt"), filename="mjolby-ks-2024-t3.txt", municipality=mjolby
    )


def test_the_seven_goals_with_their_texts(proposal, expected):
    want = expected["plans"][0]["goals"]
    got = proposal.plan["goals"]
    assert [(g["level"], g["number"]) for g in got] == [
        ("kf", "1"),
        ("kf", "2"),
        ("kf", "3"),
        ("board", "1"),
        ("board", "2"),
        ("board", "3"),
        ("board", "4"),
    ]
    for mine, theirs in zip(got, want, strict=True):
        assert words(mine["text"]) == words(theirs["text"])
        assert words(mine.get("baseline")).split()[:6] == words(theirs["baseline"]).split()[:6]
        assert words(mine.get("motivation")) == words(theirs["motivation"])
        assert mine[REVIEW_KEY]["page"] >= 1 and mine[REVIEW_KEY]["line"] >= 1


def test_the_activities_are_read_with_kind_status_responsible_and_collaborators(proposal, expected):
    units = units_by_any_name(expected)
    want = [activity_row(a, units, "T3") for a in all_activities(expected["plans"][0])]
    got_items = all_activities(proposal.plan)
    got = {activity_row(a, units, "T3")[0]: (activity_row(a, units, "T3"), a) for a in got_items}
    assert proposal.period == "T3"
    right, misses = 0, []
    for row in want:
        mine = got.get(row[0])
        if mine and mine[0] == row:
            right += 1
            continue
        misses.append((row, mine))
    report = f"{right} of {len(want)} activities exactly right; misses: {misses}"
    print(report)
    assert len(want) == 38
    assert len(got_items) == 38, report
    assert right >= 36, report
    unplaced = " ".join(item.text for item in proposal.unplaced)
    for row, mine in misses:
        if mine is None:
            assert row[0][:30] in unplaced or any(
                a[REVIEW_KEY]["confidence"] < SURE and a[REVIEW_KEY]["note"] for a in got_items
            ), report
        else:
            assert mine[1][REVIEW_KEY]["confidence"] < SURE and mine[1][REVIEW_KEY]["note"], report


def test_the_report_as_pdftotext_layout_gives_it_in_columns(mjolby, expected):
    """The T3 report Styrkedja renders, as `pdftotext -layout` writes it: the table's columns set
    out with spaces, page by page with form feeds."""
    content = (Path(__file__).parent / "seeds" / "mjolby-ks-2024-t3-layout.txt").read_bytes()
    proposal = plan_document_read(content=content, filename="t3-layout.txt", municipality=mjolby)
    units = units_by_any_name(expected)
    want = [activity_row(a, units, "T3") for a in all_activities(expected["plans"][0])]
    got = [activity_row(a, units, "T3") for a in all_activities(proposal.plan)]
    right = sum(1 for row in want if row in got)
    assert (right, len(got)) == (38, 38), f"{right} of 38 right, {len(got)} read"
    assert proposal.pages > 15 and proposal.period == "T3"
    assert [len(goal.get("activities", [])) for goal in proposal.plan["goals"]] == [5, 2, 2, 15, 4, 5, 1]
    first = proposal.plan["goals"][0]
    assert (first[REVIEW_KEY]["page"], first[REVIEW_KEY]["line"]) == (3, 21)
    election = first["activities"][4]
    assert election["title"] == "Administrera EU-valet"
    assert (election[REVIEW_KEY]["page"], election[REVIEW_KEY]["line"]) == (4, 25)


def test_what_plain_pdftotext_of_the_report_runs_together_is_never_wrong_in_silence(mjolby, expected):
    """Plain pdftotext of the report Styrkedja renders puts a table's cells in an order of its own;
    what the rules cannot read right is marked for the reviewer."""
    content = (Path(__file__).parent / "seeds" / "mjolby-ks-2024-t3-pdftotext.txt").read_bytes()
    proposal = plan_document_read(content=content, filename="t3.txt", municipality=mjolby)
    units = units_by_any_name(expected)
    want = [activity_row(a, units, "T3") for a in all_activities(expected["plans"][0])]
    read = all_activities(proposal.plan)
    right = [a for a in read if activity_row(a, units, "T3") in want]
    wrong = [a for a in read if activity_row(a, units, "T3") not in want]
    assert len(right) >= 30, f"{len(right)} of 38 right"
    assert wrong and all(a[REVIEW_KEY]["confidence"] < SURE and a[REVIEW_KEY]["note"] for a in wrong), wrong
