"""Benchmark: reading a plan document in (styrkedja/plan_import), and accepting what it proposes.

Not a test. Run from the project's root:  .venv/bin/python bench/plan_reading.py
It migrates a temporary SQLite database, loads the demo and, for the Mjölby T3 report and the
Mjölby plan ten times over (bench/documents.py), renders the report as PDF and Word, and times:

- the reading of each document into a proposal (plan_import.services.plan_document_read);
- the acceptance of the proposal read from the PDF as a new draft plan (in a transaction rolled
  back), which loads it through the data loader.

Times are on the clock, and in brackets the processor time of this process. The results go into
docs/benchmarks.md by hand.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import documents as plan_bench  # noqa: E402  (bench/documents.py: setup and the ten-fold plan)


def _timed(function, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return f"{time.perf_counter() - wall:.2f} s ({time.process_time() - cpu:.2f} s)", result


def time_plan(name: str, plan) -> None:
    from django.db import transaction

    from styrkedja.documents.services import document_render
    from styrkedja.plan_import.editing import counts
    from styrkedja.plan_import.models import PlanImport
    from styrkedja.plan_import.services import plan_document_read, plan_import_accept, plan_import_create

    period = plan.periods.get(code="T3")
    for format in ("pdf", "docx"):
        content = document_render(plan=plan, period=period, format=format).content
        took, proposal = _timed(
            plan_document_read, content=content, filename=f"plan.{format}", municipality=plan.municipality
        )
        found = counts(proposal.plan)
        accepted = ""
        if format == "pdf":
            with transaction.atomic():
                plan_import = plan_import_create(
                    municipality=plan.municipality, user=None, content=content, filename="plan.pdf"
                )
                accepted, _plan = _timed(
                    plan_import_accept,
                    plan_import=PlanImport.objects.get(pk=plan_import.pk),
                    user=None,
                    board=plan.board,
                    year=2090,
                    title="Inläst",
                    version=1,
                )
                transaction.set_rollback(True)
        print(
            f"| {name} | {format} | {len(content) / 2**20:.1f} MB | {proposal.pages} | {found['goal']} | "
            f"{found['activity']} | {took} | {accepted or '–'} |"
        )


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        plan_bench.setup_django(Path(folder) / "bench.sqlite3")
        from styrkedja.plans.selectors import plan_get_by_name

        print("| plan | document | size | pages | goals | activities | read | accepted |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        time_plan("Mjölby T3", plan_get_by_name(name="mjolby/ks/2024"))
        time_plan("ten times Mjölby", plan_bench.build_tenfold())
    return 0


if __name__ == "__main__":
    sys.exit(main())
