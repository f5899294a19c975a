"""Writing Mjölby to a file and reading files into the test database, which hosts Mjölby and Valdemarsvik.

A copy under another short name and other user names reads in beside the original, under new
ids; every file that does not fit is refused with a message in Swedish and leaves every table
as it was.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import transaction

from styrkedja.activities.models import Activity, ActivityCollaborator
from styrkedja.audit.services import audit_log
from styrkedja.backup import fileformat
from styrkedja.backup.errors import BackupFileError, ExportError
from styrkedja.backup.exporter import Exporter
from styrkedja.backup.fileformat import FileWriter, LineReader, open_for_writing, parse_line
from styrkedja.backup.importer import Importer
from styrkedja.backup.services import municipality_export, municipality_import
from styrkedja.backup.tests.probe import snapshot, table_counts
from styrkedja.followup.models import ActivityReport
from styrkedja.plans.selectors import plan_get_by_name
from styrkedja.tenancy.models import Municipality

pytestmark = pytest.mark.django_db
Row = dict[str, Any]


def read(path: Path) -> tuple[Row, list[Row]]:
    lines = [parse_line(number, line) for number, line in LineReader(path)]
    return lines[0], lines[1:-1]


def rewrite(
    source: Path,
    target: Path,
    *,
    header: Callable[[Row], Row] = lambda header: header,
    rows: Callable[[list[Row]], list[Row]] = lambda rows: rows,
) -> Path:
    """The file with its header and rows edited and a fresh end line: changed on purpose, not damaged."""
    first, data = read(source)
    with open_for_writing(target) as stream:
        writer = FileWriter(stream)
        writer.header(header(first))
        for row in rows(data):
            writer.row(row["model"], row["pk"], row["fields"])
        writer.end()
    return target


def as_copy(header: Row) -> Row:
    header["municipality"]["slug"] = "mjolby-kopia"
    return header


def copy_rows(rows: list[Row]) -> list[Row]:
    """Another short name and other user names, so that nothing collides with the original."""
    for row in rows:
        if row["model"] == "tenancy.municipality":
            row["fields"]["slug"] = "mjolby-kopia"
        if row["model"] == "auth.user":
            row["fields"]["username"] = "kopia-" + row["fields"]["username"]
    return rows


def copy_of(source: Path, target: Path, edit: Callable[[list[Row]], list[Row]] = lambda rows: rows) -> Path:
    return rewrite(source, target, header=as_copy, rows=lambda rows: edit(copy_rows(rows)))


def first(rows: list[Row], model: str) -> Row:
    return next(row for row in rows if row["model"] == model)


def refused(path: Path, match: str, **options) -> BackupFileError:
    before = table_counts()
    with pytest.raises(BackupFileError, match=match) as caught:
        municipality_import(path=path, **options)
    assert table_counts() == before, "a refused file changed the database"
    return caught.value


def test_a_copy_reads_in_beside_the_original_under_new_ids(history, tmp_path, mjolby):
    # Written in this test, so that the original here has the same history as the file.
    written = municipality_export(municipality=mjolby, path=tmp_path / "mjolby.jsonl").path
    copy = copy_of(written, tmp_path / "kopia.jsonl.gz")
    assert copy.read_bytes()[:2] == b"\x1f\x8b"

    imported = municipality_import(path=copy)

    assert imported.municipality.slug == "mjolby-kopia"
    original, moved = snapshot("mjolby"), snapshot("mjolby-kopia", user_prefix="kopia-")
    assert moved["counts"] == original["counts"]  # the copy's import entry, the original's export entry
    assert moved["summaries"] == original["summaries"]
    assert moved["reports"] == original["reports"] and len(moved["reports"]) > 40
    assert moved["accounts"] == original["accounts"]
    assert moved["audit"][:-1] == original["audit"][:-1]
    assert moved["audit"][-1][0] == "backup.municipality.imported"
    # New ids: the original's rows are all still the original's.
    copied = set(
        Activity.objects.filter(plan__municipality=imported.municipality).values_list("pk", flat=True)
    )
    assert copied and not copied & set(
        Activity.objects.filter(plan__municipality=mjolby).values_list("pk", flat=True)
    )
    template = imported.municipality.word_template
    assert bytes(template.content) == bytes(mjolby.word_template.content)
    assert template.uploaded_by.username == "kopia-mjolby-administrator"


def test_the_import_is_in_the_audit_log(mjolby_file, tmp_path):
    imported = municipality_import(path=copy_of(mjolby_file, tmp_path / "kopia.jsonl"))
    entry = imported.municipality.audit_entries.get(action="backup.municipality.imported")
    assert entry.data["file"] == "kopia.jsonl"
    assert entry.data["rows"] == imported.rows
    assert entry.data["counts"]["followup.activityreport"] == imported.counts["followup.activityreport"]


def test_a_second_import_of_the_same_file_is_refused_and_changes_nothing(mjolby_file):
    refused(mjolby_file, "Kommuner som redan finns i den här installationen: kortnamn ”mjolby”")


def test_a_user_name_that_is_taken_is_refused(members, mjolby_file, tmp_path):
    def rename_the_municipality_only(rows: list[Row]) -> list[Row]:
        first(rows, "tenancy.municipality")["fields"]["slug"] = "mjolby-kopia"
        return rows

    renamed = rewrite(
        mjolby_file, tmp_path / "kopia.jsonl", header=as_copy, rows=rename_the_municipality_only
    )
    refused(renamed, "Användare som redan finns i den här installationen: användarnamn ”mjolby-")


def _valdemarsvik_activity() -> Activity:
    plan = plan_get_by_name(name="valdemarsvik/ks/2023")
    goal = plan.goals.first()
    return Activity.objects.create(plan=plan, goal=goal, title="Valdemarsviks", responsible_unit=plan.board)


def _report_of_another_municipality(rows: list[Row]) -> list[Row]:
    first(rows, "followup.activityreport")["fields"]["activity"] = _valdemarsvik_activity().pk
    return rows


def _audit_entry_of_another_municipality(rows: list[Row]) -> list[Row]:
    first(rows, "audit.auditentry")["fields"]["municipality"] = Municipality.objects.get(
        slug="valdemarsvik"
    ).pk
    return rows


def _account_without_membership(rows: list[Row]) -> list[Row]:
    user = first(rows, "auth.user")
    stray = {**user, "pk": 10**6, "fields": {**user["fields"], "username": "kopia-utan-medlemskap"}}
    return [*rows[: rows.index(user) + 1], stray, *rows[rows.index(user) + 1 :]]


def _superuser(rows: list[Row]) -> list[Row]:
    first(rows, "auth.user")["fields"]["is_superuser"] = True
    return rows


def _unknown_status(rows: list[Row]) -> list[Row]:
    first(rows, "followup.activityreport")["fields"]["status"] = "nästan klart"
    return rows


def _unknown_field(rows: list[Row]) -> list[Row]:
    first(rows, "plans.plan")["fields"]["budget"] = 100
    return rows


def _two_municipalities(rows: list[Row]) -> list[Row]:
    municipality = first(rows, "tenancy.municipality")
    second = {
        **municipality,
        "pk": municipality["pk"] + 1000,
        "fields": {"slug": "mjolby-kopia", "name": "Annan"},
    }
    return [municipality, second, *rows[1:]]


def _out_of_order(rows: list[Row]) -> list[Row]:
    report = first(rows, "followup.activityreport")
    rows.remove(report)
    return [*rows, report]


def _twice(rows: list[Row]) -> list[Row]:
    report = first(rows, "followup.activityreport")
    return [*rows[: rows.index(report) + 1], report, *rows[rows.index(report) + 1 :]]


def _missing_required_field(rows: list[Row]) -> list[Row]:
    del first(rows, "followup.activityreport")["fields"]["created_at"]
    return rows


def _text_with_nul(rows: list[Row]) -> list[Row]:
    first(rows, "followup.activityreport")["fields"]["comment"] = "Klart\x00"
    return rows


def _unit_of_another_municipality_in_a_link(rows: list[Row]) -> list[Row]:
    activity = next(row for row in rows if row["model"] == "activities.activity")
    activity["fields"]["co_responsible_units"] = [_valdemarsvik_activity().responsible_unit_id]
    return rows


def _rows_of_no_model_and_of_the_installation(rows: list[Row]) -> list[Row]:
    return [*rows, {"model": ["auth.user"], "pk": 1, "fields": {}}]


def _session(rows: list[Row]) -> list[Row]:
    return [*rows, {"model": "sessions.session", "pk": 1, "fields": {}}]


def _unknown_sdg(rows: list[Row]) -> list[Row]:
    next(row for row in rows if row["fields"].get("sdgs"))["fields"]["sdgs"].append(99)
    return rows


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (
            _report_of_another_municipality,
            r"aktivitetsrapport \d+, fältet ”activity”: pekar på aktivitet \d+, som inte",
        ),
        (
            _audit_entry_of_another_municipality,
            r"fältet ”municipality”: pekar på kommun \d+, som inte finns i filen",
        ),
        (_account_without_membership, r"användare 1000000 hör inte till kommunen .* inget medlemskap"),
        (_superuser, r"får inte ha behörigheter i hela installationen \(is_superuser\)"),
        (_unknown_status, r"fältet ”status”: .*nästan klart"),
        (_unknown_field, r"verksamhetsplan \d+, fältet ”budget” finns inte i Styrkedja"),
        (_two_municipalities, r"filen håller mer än en kommun"),
        (_out_of_order, r"raderna är inte i Styrkedjas ordning: aktivitetsrapport efter logghändelse"),
        (_twice, r"aktivitetsrapport \d+ finns redan tidigare i filen"),
        (_missing_required_field, r"fältet ”created_at” saknas"),
        (_text_with_nul, r"fältet ”comment”: texten innehåller tecknet NUL"),
        (_rows_of_no_model_and_of_the_installation, r"modellen ”\['auth.user'\]” finns inte i Styrkedja"),
        (_session, r"rader av sessions.session hör till installationen, inte till en kommun"),
        (_unknown_sdg, r"fältet ”sdgs”: globalt mål \(Agenda 2030\) 99 finns inte i den här installationen"),
        (
            _unit_of_another_municipality_in_a_link,
            r"fältet ”co_responsible_units”: pekar på organisatorisk enhet",
        ),
    ],
)
def test_a_file_changed_to_break_the_rules_is_refused_with_the_line(mjolby_file, tmp_path, edit, match):
    error = refused(copy_of(mjolby_file, tmp_path / "kopia.jsonl", edit), match)
    assert str(error).startswith("Rad ")


@pytest.mark.parametrize(
    ("header", "match"),
    [
        ({"format_version": 2}, "Filen har formatversion 2; den här Styrkedja läser version 1"),
        ({"format": "något annat"}, "ingen kommunfil från Styrkedja"),
        ({"styrkedja_version": "99.0.0"}, "Filen skrevs av Styrkedja 99.0.0, som är nyare"),
        (
            {"migrations": {"goals": ["0001_initial", "0099_from_the_future"]}},
            r"nyare Styrkedja.*goals\.0099",
        ),
        ({"migrations": "alla"}, "anger inte filens migreringar"),
    ],
)
def test_a_file_of_another_version_is_refused(mjolby_file, tmp_path, header, match):
    changed = rewrite(
        mjolby_file, tmp_path / "kopia.jsonl", header=lambda first: {**as_copy(first), **header}
    )
    refused(changed, match)


def test_a_damaged_or_cut_file_is_refused(mjolby_file, tmp_path):
    content = mjolby_file.read_bytes()
    damaged = tmp_path / "skadad.jsonl"
    damaged.write_bytes(content.replace("Läget: done.".encode(), "Läget: dune.".encode()))
    refused(damaged, "kontrollsumma stämmer inte")
    lines = content.splitlines(keepends=True)
    cut = tmp_path / "avbruten.jsonl"
    cut.write_bytes(b"".join(lines[: len(lines) // 2]))
    refused(cut, "slutar utan Styrkedjas slutrad")
    cut.write_bytes(content[: len(content) // 2])
    refused(cut, "inte JSON|slutrad")
    cut.write_bytes(b"".join([*lines[:10], lines[-1]]))
    refused(cut, r"ska ha \d+ rader data men har 9")
    empty = tmp_path / "tom.jsonl"
    empty.write_bytes(b"")
    refused(empty, "Filen är tom")


def test_a_file_that_changes_between_the_check_and_the_reading_is_refused(mjolby_file, tmp_path):
    path = copy_of(mjolby_file, tmp_path / "kopia.jsonl")
    importer = Importer(path)
    importer.check()

    def other_comment(rows: list[Row]) -> list[Row]:
        first(rows, "followup.activityreport")["fields"]["comment"] = "Ändrad under tiden."
        return rows

    copy_of(mjolby_file, path, other_comment)  # valid in itself, with its own checksum
    before = table_counts()
    with pytest.raises(BackupFileError, match="Filen ändrades medan den lästes in"), transaction.atomic():
        importer.run()
    assert table_counts() == before


def test_a_file_that_is_not_one_is_refused(tmp_path):
    yaml = tmp_path / "plan.yaml"
    yaml.write_text("municipality:\n  slug: mjolby\n", encoding="utf-8")
    refused(yaml, "Rad 1: raden är inte JSON")
    broken = tmp_path / "trasig.jsonl.gz"
    broken.write_bytes(b"\x1f\x8b" + b"inte gzip" * 10)
    refused(broken, "skadad gzip-fil")
    missing = tmp_path / "finns-inte.jsonl"
    refused(missing, "kan inte läsas")


def test_a_file_larger_than_the_limit_is_refused(mjolby_file, tmp_path, monkeypatch):
    refused(mjolby_file, "större än gränsen 0 MB", max_bytes=10_000)
    # Packed, it is smaller than the limit; what it unpacks to is not.
    packed = tmp_path / "mjolby.jsonl.gz"
    packed.write_bytes(gzip.compress(mjolby_file.read_bytes()))
    limit = (packed.stat().st_size + mjolby_file.stat().st_size) // 2
    assert packed.stat().st_size < limit < mjolby_file.stat().st_size
    refused(packed, "större än gränsen", max_bytes=limit)
    monkeypatch.setattr(fileformat, "MAX_LINE_BYTES", 500)
    refused(mjolby_file, "Rad 1: raden är längre än")


def test_a_deeply_nested_line_is_refused(tmp_path):
    deep = tmp_path / "djup.jsonl"
    deep.write_bytes(b"[" * 100_000 + b"]" * 100_000 + b"\n")
    refused(deep, "nästlad för djupt|ska vara ett JSON-objekt")


def test_a_row_of_the_installation_is_named_by_its_natural_key(mjolby, tmp_path):
    # No model of a municipality points at Django's content types today; one that did would travel so.
    activity = ContentType.objects.get_for_model(Activity)
    assert Exporter(mjolby)._global_key(ContentType, activity.pk) == ["activities", "activity"]
    importer = Importer(tmp_path / "unused.jsonl")
    where = (importer.by_label["documents.wordtemplate"], 1, "content_type")
    assert importer._global(ContentType, ["activities", "activity"], where, 2) == activity.pk
    with pytest.raises(
        BackupFileError, match=r"Rad 2: Word-mall 1, fältet ”content_type”: .* finns inte i den här"
    ):
        importer._global(ContentType, ["activities", "nothing"], where, 2)


# Export


def test_the_export_is_in_the_audit_log_and_leaves_no_partial_file(history, mjolby, tmp_path):
    result = municipality_export(municipality=mjolby, path=tmp_path / "mjolby.jsonl")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mjolby.jsonl"]
    entry = mjolby.audit_entries.filter(action="backup.municipality.exported").get()
    assert entry.data == {"file": "mjolby.jsonl", "rows": result.rows, "users": 4}
    header, rows = read(result.path)
    assert header["municipality"] == {"slug": "mjolby", "name": "Mjölby kommun"}
    assert len(rows) == result.rows
    assert header["rows"] == result.counts


def test_a_name_ending_in_gz_is_written_compressed(history, mjolby, tmp_path):
    plain = municipality_export(municipality=mjolby, path=tmp_path / "mjolby.jsonl").path
    packed = municipality_export(municipality=mjolby, path=tmp_path / "mjolby.jsonl.gz").path
    assert packed.read_bytes()[:2] == b"\x1f\x8b"
    # The same lines, packed (the published PDF and Word files in it are packed already).
    assert packed.stat().st_size < plain.stat().st_size
    *rows, exported = read(packed)[1]  # and the first export's audit entry
    assert rows == read(plain)[1]
    assert exported["fields"]["action"] == "backup.municipality.exported"


def test_report_times_keep_their_microseconds(history, mjolby, tmp_path):
    report = ActivityReport.objects.filter(activity__plan__municipality=mjolby).latest("created_at")
    _header, rows = read(municipality_export(municipality=mjolby, path=tmp_path / "mjolby.jsonl").path)
    written = next(
        row for row in rows if row["model"] == "followup.activityreport" and row["pk"] == report.pk
    )
    assert written["fields"]["created_at"] == report.created_at.isoformat()
    assert written["fields"]["created_by"] == report.created_by_id


def test_a_row_pointing_at_another_municipality_stops_the_export(history, mjolby, valdemarsvik, tmp_path):
    activity = Activity.objects.filter(plan__municipality=mjolby).first()
    ActivityCollaborator.objects.create(activity=activity, unit=valdemarsvik.units.first(), order=99)
    with pytest.raises(
        ExportError, match=r"Samverkanspart \d+ .* pekar med fältet ”unit” på organisatorisk enhet"
    ):
        municipality_export(municipality=mjolby, path=tmp_path / "mjolby.jsonl")
    assert list(tmp_path.iterdir()) == []


def test_accounts_of_the_installation_stay_behind_with_a_warning(history, mjolby, tmp_path):
    admin = get_user_model().objects.get(username="admin")
    entry = audit_log(
        municipality=mjolby, action="tenancy.unit.changed", obj=mjolby.units.first(), user=admin
    )
    controller = history["mjolby-controller"]
    controller.is_staff = True
    controller.save(update_fields=["is_staff"])

    result = municipality_export(municipality=mjolby, path=tmp_path / "mjolby.jsonl")

    assert any("utan medlemskap i kommunen (admin)" in warning for warning in result.warnings)
    assert any("följer inte med för mjolby-controller" in warning for warning in result.warnings)
    _header, rows = read(result.path)
    written = next(row for row in rows if row["model"] == "audit.auditentry" and row["pk"] == entry.pk)
    assert written["fields"]["user"] is None
    assert all("is_staff" not in row["fields"] for row in rows if row["model"] == "auth.user")


# Commands


def test_the_commands_write_and_read_a_municipality(history, tmp_path):
    path = tmp_path / "mjolby.jsonl"
    out = io.StringIO()
    call_command("export_municipality", "mjolby", "-o", str(path), stdout=out)
    assert "Skrev Mjölby kommun till" in out.getvalue() and "4 användare och 2 planer" in out.getvalue()
    with pytest.raises(CommandError, match=f"Ingenting lästes in från {path}. Kommuner som redan finns"):
        call_command("import_municipality", str(path))
    copy = copy_of(path, tmp_path / "kopia.jsonl")
    out = io.StringIO()
    call_command("import_municipality", str(copy), "--max-size", "50", stdout=out)
    assert "Läste in Mjölby kommun (mjolby-kopia):" in out.getvalue()


def test_the_export_command_names_the_municipalities_there_are(db):
    with pytest.raises(
        CommandError, match="Kommunen ”stockholm” finns inte \\(kommuner: mjolby, valdemarsvik\\)"
    ):
        call_command("export_municipality", "stockholm", "-o", "/dev/null")


def test_the_file_is_json_lines_in_utf8_with_one_row_a_line(mjolby_file):
    lines = mjolby_file.read_bytes().splitlines()
    assert json.loads(lines[0])["format"] == "styrkedja-kommun"
    assert "Mjölby kommun".encode() in lines[1]
    assert json.loads(lines[-1])["end"]["rows"] == len(lines) - 2
