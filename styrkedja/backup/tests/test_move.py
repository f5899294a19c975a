"""Mjölby moves: written to a file here, read into a new installation in a process of its own, compared.

The target is a database of its own (a temporary SQLite file, or a database on the PostgreSQL
server of DATABASE_URL), migrated and otherwise empty, as a new host's. The source side runs in
a transaction of its own that is rolled back, so the other tests' data is not changed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

import pytest

from styrkedja.backup.services import municipality_export
from styrkedja.backup.tests.conftest import PASSWORD, history_for_a_while
from styrkedja.backup.tests.probe import RUN, canonical_rows, snapshot
from styrkedja.tenancy.models import Municipality
from styrkedja.testing import ROOT, SeparateDatabase

# So that pytest-django sets up the test database even when this module runs alone.
pytestmark = pytest.mark.django_db


@dataclass
class Move:
    source: dict[str, Any]  # the snapshot before the export
    source_rows: list  # the file, canonical
    target: dict[str, Any]  # the probe's result in the target
    second_import: subprocess.CompletedProcess
    password_ok: str


@pytest.fixture(scope="module")
def move(django_db_setup, django_db_blocker, tmp_path_factory) -> Move:
    folder = tmp_path_factory.mktemp("move")
    file = folder / "mjolby.jsonl"
    with history_for_a_while(django_db_blocker):
        source = snapshot("mjolby")
        municipality_export(municipality=Municipality.objects.get(slug="mjolby"), path=file)
    database = SeparateDatabase("backup")
    database.create()
    try:
        _succeeds(database.manage("migrate", "--no-input", check=False))
        _succeeds(database.manage("import_municipality", str(file), check=False))
        second = database.manage("import_municipality", str(file), check=False)
        probe = [sys.executable, "-c", RUN, "mjolby", str(folder / "probe.json"), str(folder / "again.jsonl")]
        env = database.env(DJANGO_SETTINGS_MODULE="styrkedja.settings")
        _succeeds(subprocess.run(probe, cwd=ROOT, env=env, capture_output=True, text=True))
        check = (
            "from django.contrib.auth import get_user_model;"
            f"print(get_user_model().objects.get(username='mjolby-administrator').check_password('{PASSWORD}'))"
        )
        password_ok = (
            _succeeds(database.manage("shell", "-c", check, check=False)).stdout.strip().splitlines()[-1]
        )
        target = json.loads((folder / "probe.json").read_text(encoding="utf-8"))
    finally:
        database.drop()
    return Move(source, canonical_rows(file), target, second, password_ok)


def _succeeds(done: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    if done.returncode:
        pytest.fail(f"{' '.join(done.args[1:3])} failed:\n{done.stdout}\n{done.stderr}")
    return done


def test_every_model_has_as_many_rows_of_the_municipality_after_the_move(move):
    counts = move.source["counts"]
    assert counts["followup.activityreport"] > 40 and counts["audit.auditentry"] > 5
    assert counts["documents.wordtemplate"] == counts["indicators.koladasettings"] == 1
    expected = {**counts, "audit.auditentry": counts["audit.auditentry"] + 1}  # and the import's own entry
    assert move.target["snapshot"]["counts"] == expected
    # The target held nothing else: every table has the municipality's rows and no more.
    tables = move.target["tables"]
    assert {label: tables[label] for label in expected} == expected
    assert tables["goals.goal_contributes_to"] > 0 and tables["tenancy.membership_units"] > 0


def test_every_plan_summary_is_the_same(move):
    summaries = move.source["summaries"]
    assert {"ks/2024 (senaste)", "ks/2025 T1", "ks/2025 T2"} <= set(summaries)
    assert move.target["snapshot"]["summaries"] == summaries


def test_reports_keep_their_authors_and_times(move):
    reports = move.source["reports"]
    authors = {report[5] for report in reports}
    assert {"mjolby-rapportor", "mjolby-controller"} <= authors
    assert move.target["snapshot"]["reports"] == reports


def test_the_audit_log_moves_whole_and_records_the_import(move):
    *moved, imported = move.target["snapshot"]["audit"]
    assert moved == move.source["audit"]
    assert imported[0] == "backup.municipality.imported"
    assert imported[2] == "tenancy.municipality: Mjölby kommun"
    carried = next(entry for entry in moved if entry[0] == "plans.plan.carried_over")
    assert carried[6]["from_plan"].endswith(
        "Verksamhetsplan 2024"
    )  # an id in the data, pointed at the new one


def test_members_keep_their_accounts_and_log_in_with_their_passwords(move):
    assert move.target["snapshot"]["accounts"] == move.source["accounts"]
    assert move.password_ok == "True"


def test_the_file_written_again_holds_the_same_rows(move):
    *rows, imported = move.target["rows"]
    assert rows == move.source_rows
    assert imported[0] == "audit.auditentry" and imported[2]["action"] == "backup.municipality.imported"


def test_a_second_import_of_the_same_file_is_refused_and_changes_nothing(move):
    assert move.second_import.returncode != 0
    assert "Ingenting lästes in" in move.second_import.stderr
    assert "kortnamn ”mjolby”" in move.second_import.stderr
    # The probe ran after the refused import: its counts are the first import's (see above).
    assert move.target["tables"]["tenancy.municipality"] == 1
    assert move.target["tables"]["auth.user"] == move.source["counts"]["auth.user"]
