"""The Valdemarsvik 2023 plan, as text extracted from its PDF, read into a proposal."""

from __future__ import annotations

import pytest

from styrkedja.plan_import.proposal import REVIEW_KEY, SURE
from styrkedja.plan_import.services import plan_document_read
from styrkedja.plan_import.tests.expected import demo, seed, words

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def expected():
    return demo("valdemarsvik")["plans"][0]


@pytest.fixture
def proposal(valdemarsvik):
    name = "valdemarsvik-ks-verksamhetsplan-2023.txt"
    return plan_document_read(content=seed(name), filename=name, municipality=valdemarsvik)


def test_the_six_goal_blocks_with_their_resultatmal_indicators_and_texts(proposal, expected):
    got, want = proposal.plan["goals"], expected["goals"]
    assert len(got) == 6
    for mine, theirs in zip(got, want, strict=True):
        assert mine["level"] == "inriktningsmal" and mine["number"] == theirs["number"]
        # The blocks' headings are images in the source: the proposal says so.
        assert mine[REVIEW_KEY]["confidence"] < SURE and "saknas" in mine[REVIEW_KEY]["note"]
        assert [words(c["text"]) for c in mine["children"]] == [words(c["text"]) for c in theirs["children"]]
        assert [c["number"] for c in mine["children"]] == [c["number"] for c in theirs["children"]]
        assert [c["level"] for c in mine["children"]] == ["resultatmal"] * len(theirs["children"])
        assert [words(i["name"]) for i in mine["indicators"]] == [
            words(i["name"]) for i in theirs["indicators"]
        ]
        assert [words(i.get("source")) for i in mine["indicators"]] == [
            words(i.get("source")) for i in theirs["indicators"]
        ]
        assert words(mine["way_forward"]) == words(theirs["way_forward"])
        assert words(mine["followup"]) == words(theirs["followup"])


def test_the_four_assignments(proposal, expected):
    got, want = proposal.plan["assignments"], expected["assignments"]
    assert [words(a["title"]) for a in got] == [words(a["title"]) for a in want]
    assert [words(a["description"]) for a in got] == [words(a["description"]) for a in want]
    assert all(a[REVIEW_KEY]["page"] and a[REVIEW_KEY]["line"] for a in got)
