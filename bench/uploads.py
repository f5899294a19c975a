"""Benchmark: the largest uploads the limits of styrkedja/officefiles admit, and what they cost.

Not a test. Run from the project's root:  .venv/bin/python bench/uploads.py
It migrates a temporary SQLite database, loads the demo and times:

- the plan workbook of the ten-fold plan (bench/documents.py), and of the Mjölby plan as many
  times over as the row limits admit, read in (checked, read, assembled and loaded into an
  empty municipality, in a transaction rolled back);
- a workbook of faults at the limits: every sheet's rows full of cells the reader refuses;
- a Word document made with a template, and with the largest template the limits admit
  (cleaned when a document is made, and kept cleaned in memory for the next).

Times are on the clock, and in brackets the processor time of this process.

The results go into docs/benchmarks.md by hand.
"""

from __future__ import annotations

import io
import os
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import documents as plan_bench  # noqa: E402  (bench/documents.py: setup and the ten-fold plan)


def _stats(content: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(content))
    unpacked = sum(info.file_size for info in archive.infolist())
    return f"{len(content) / 2**20:.1f} MB packed, {unpacked / 2**20:.1f} MB unpacked"


def _rows(content: bytes) -> tuple[int, int]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    counts = [sum(1 for _ in sheet.iter_rows()) for sheet in workbook.worksheets]
    workbook.close()
    return sum(counts), max(counts)


class _Time:
    """The time on the clock and the processor time of this process (the server's work, which
    does not grow when others share the machine)."""

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def stop(self) -> str:
        return f"{time.perf_counter() - self.wall:.2f} s ({time.process_time() - self.cpu:.2f} s)"


def _timed(function, *args, **kwargs) -> tuple[str, object]:
    clock = _Time()
    result = function(*args, **kwargs)
    return clock.stop(), result


def time_import(name: str, content: bytes) -> None:
    from django.db import transaction

    from styrkedja.officefiles.container import WORKBOOK_LIMITS, office_file_check
    from styrkedja.tenancy.models import Municipality
    from styrkedja.workbook.errors import WorkbookInvalid
    from styrkedja.workbook.reader import read_workbook
    from styrkedja.workbook.services import workbook_import

    check, _package = _timed(office_file_check, content, limits=WORKBOOK_LIMITS)
    read, _result = _timed(read_workbook, content)
    with transaction.atomic():
        target = Municipality.objects.create(slug="benchmark", name="Benchmark")
        clock = _Time()
        try:
            workbook_import(municipality=target, content=content, filename="bench.xlsx")
            outcome = "read in"
        except WorkbookInvalid as invalid:
            outcome = f"refused, {invalid.total} faults"
        whole = clock.stop()
        transaction.set_rollback(True)
    total, largest = _rows(content)
    print(f"| {name} | {total} ({largest}) | {_stats(content)} | {check} | {read} | {whole} | {outcome} |")


def plan_workbook(fold: int) -> bytes:
    """The workbook of the Mjölby plan ``fold`` times over (made, written, rolled back)."""
    from django.db import transaction

    from styrkedja.workbook.services import workbook_export

    plan_bench.FOLD = fold
    with transaction.atomic():
        content = workbook_export(plan=plan_bench.build_tenfold())
        transaction.set_rollback(True)
    return content


def largest_fold() -> int:
    """How many times over the Mjölby plan fits the row limits."""
    from styrkedja.officefiles.container import WORKBOOK_LIMITS

    # The ten-fold plan's workbook has 2 032 rows, 681 on its largest sheet (Samverkan).
    return min(WORKBOOK_LIMITS.max_rows * 10 // 2040, WORKBOOK_LIMITS.max_sheet_rows * 10 // 690)


def faulty_workbook() -> bytes:
    """Every sheet the limits admit, full of cells the reader refuses, up to the element limit."""
    from openpyxl import Workbook

    from styrkedja.officefiles.container import WORKBOOK_LIMITS
    from styrkedja.workbook.format import SHEETS_BY_NAME

    workbook = Workbook(write_only=True)
    rows_left = WORKBOOK_LIMITS.max_rows - 3
    for name in ("Mål", "Indikatorvärden", "Aktiviteter"):
        columns = SHEETS_BY_NAME[name].columns
        sheet = workbook.create_sheet(name)
        sheet.append([column.header for column in columns])
        count = min(rows_left, WORKBOOK_LIMITS.max_sheet_rows - 1)
        for _ in range(count):
            sheet.append(["inte ett giltigt värde " * 2] * len(columns))
        rows_left -= count
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def time_word() -> None:
    from docx import Document

    from styrkedja.documents.models import WordTemplate
    from styrkedja.documents.services import document_render, word_template_set
    from styrkedja.officefiles.tests.hostile import entries_of, word_template, zip_bytes
    from styrkedja.officefiles.wordtemplate import word_template_clean
    from styrkedja.plans.selectors import plan_get_by_name

    plan = plan_get_by_name(name="mjolby/ks/2024")
    period = plan.periods.get(code="T3")
    profile = word_template()
    entries = entries_of(profile)
    # As many styles as the limit admits, with as many elements as it leaves room for.
    style = b'<w:style w:type="paragraph" w:customStyle="1" w:styleId="S%d"><w:name w:val="Egen %d"/><w:pPr>'
    spacing = b'<w:spacing w:after="%d"/>'
    extra = b"".join(
        style % (n, n)
        + b"".join(spacing % random.randrange(10**6) for _ in range(150))
        + b"</w:pPr></w:style>"
        for n in range(1000 - 164)
    )
    entries["word/styles.xml"] = entries["word/styles.xml"].replace(b"</w:styles>", extra + b"</w:styles>")
    largest = zip_bytes(entries)
    for name, template in (
        ("none", None),
        ("a profile template", profile),
        ("the largest admitted", largest),
    ):
        WordTemplate.objects.filter(municipality=plan.municipality).delete()
        if template is not None:
            upload, _stored = _timed(word_template_set, municipality=plan.municipality, name="m.docx",
                                     content=template)  # fmt: skip
            clean, _cleaned = _timed(word_template_clean, template)
            styles = len(Document(io.BytesIO(template)).styles)
            unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(template)).infolist())
            label = (
                f"{name}: {len(template) / 1024:.0f} kB ({unpacked / 2**20:.1f} MB unpacked), {styles} styles"
            )
        else:
            upload = clean = "–"
            label = "no template"
        first, _rendered = _timed(document_render, plan=plan, period=period, format="docx")
        again, _rendered = _timed(document_render, plan=plan, period=period, format="docx")
        print(f"| {label} | {upload} | {clean} | {first} | {again} |")


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        plan_bench.setup_django(Path(folder) / "bench.sqlite3")
        from styrkedja.plans.selectors import plan_get_by_name
        from styrkedja.workbook.services import workbook_export

        print("| workbook | rows (largest sheet) | size | check | read | import | outcome |")
        print("| --- | ---: | --- | ---: | ---: | ---: | --- |")
        time_import("Mjölby 2024", workbook_export(plan=plan_get_by_name(name="mjolby/ks/2024")))
        time_import("ten times Mjölby", plan_workbook(10))
        fold = largest_fold()
        time_import(f"{fold} times Mjölby (the largest admitted)", plan_workbook(fold))
        time_import("faults at the limits", faulty_workbook())
        print()
        print("| Word template | upload | cleaning | T3 report as Word | and again |")
        print("| --- | ---: | ---: | ---: | ---: |")
        time_word()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrkedja.settings")
    sys.exit(main())
