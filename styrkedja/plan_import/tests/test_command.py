"""./manage.py read_plan_document prints the proposal as text or as JSON."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from styrkedja.plan_import.tests.expected import SEEDS

pytestmark = pytest.mark.django_db
MJOLBY = str(SEEDS / "mjolby-ks-2024-t3.txt")


def test_the_command_prints_the_proposal_as_text(mjolby):
    out = io.StringIO()
    call_command("read_plan_document", MJOLBY, "--municipality", "mjolby", stdout=out)
    text = out.getvalue()
    assert "kf 1" in text and "board 4" in text
    assert "Administrera EU-valet [P] Klart · Ansvarig: Kommunledningskontoret · Samverkan: -" in text
    assert "Särskilda satsningar:" in text


def test_the_command_prints_valid_json(mjolby):
    out = io.StringIO()
    call_command(
        "read_plan_document", MJOLBY, "--municipality", "mjolby", "--period", "T3", "--json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["municipality"] == "mjolby" and data["period"] == "T3"
    assert len(data["plan"]["goals"]) == 7
    assert data["plan"]["goals"][0]["_review"]["page"] == 1


def test_the_command_says_what_is_wrong(mjolby, tmp_path):
    with pytest.raises(CommandError, match="finns inte"):
        call_command("read_plan_document", MJOLBY, "--municipality", "ingen", stdout=io.StringIO())
    broken = tmp_path / "plan.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really")
    with pytest.raises(CommandError, match="inte en läsbar PDF"):
        call_command("read_plan_document", str(broken), "--municipality", "mjolby", stdout=io.StringIO())
