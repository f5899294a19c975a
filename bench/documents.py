"""Benchmark: how long each document format takes for the Mjölby T3 report and a ten-fold one.

Not a test. Run from the project's root:  .venv/bin/python bench/documents.py [--repeat 3]
It migrates a temporary SQLite database, loads the demo, builds a municipality whose plan is the
Mjölby plan ten times over (styrkedja/demo/multiplied.py: goals, indicators, activities, units,
partners and every report), and times each format for both, and WeasyPrint alone on the HTML the
PDF is made from. The results go into docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FOLD = 10


def setup_django(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrkedja.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--no-users", verbosity=0)


def build_tenfold():
    """A municipality whose 2024 plan holds the Mjölby plan ten times (styrkedja/demo/multiplied.py)."""
    from styrkedja.demo.multiplied import municipality_multiplied
    from styrkedja.tenancy.models import Municipality

    source = Municipality.objects.get(slug="mjolby")
    town = municipality_multiplied(source, fold=FOLD, slug="tiofaldig", name="Tiofaldiga kommunen")
    return town.plans.get(year=2024)


def time_formats(plan, repeat: int) -> dict[str, float]:
    from styrkedja.documents.services import FORMATS, document_render

    period = plan.periods.get(code="T3")
    results = {}
    for format in FORMATS:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            document_render(plan=plan, period=None if format == "xlsx" else period, format=format)
            times.append(time.perf_counter() - start)
        results[format] = statistics.median(times)
    return results


def time_weasyprint_alone(plan, repeat: int) -> dict[str, float]:
    """WeasyPrint alone on the same HTML the PDF is made from, with the same options: what of the
    PDF's time is the layout engine's, and what is Styrkedja's (reading the data, the HTML)."""
    from weasyprint import HTML

    from styrkedja.documents.content import followup_document
    from styrkedja.documents.render import STYLESHEET, render_html

    html = render_html(followup_document(plan=plan, period=plan.periods.get(code="T3")), screen=False)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        HTML(string=html, base_url=str(STYLESHEET.parent)).write_pdf(pdf_variant="pdf/ua-1")
        times.append(time.perf_counter() - start)
    return {"weasyprint alone": statistics.median(times)}


def time_workbook(plan, repeat: int) -> dict[str, float]:
    """The plan workbook written, and read into an empty municipality (rolled back after each run)."""
    from django.db import transaction

    from styrkedja.tenancy.models import Municipality
    from styrkedja.workbook.services import workbook_export, workbook_import

    out, into = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        content = workbook_export(plan=plan)
        out.append(time.perf_counter() - start)
        with transaction.atomic():
            target = Municipality.objects.create(slug="benchmark", name="Benchmark")
            start = time.perf_counter()
            workbook_import(municipality=target, content=content, filename="bench.xlsx")
            into.append(time.perf_counter() - start)
            transaction.set_rollback(True)
    return {"workbook out": statistics.median(out), "workbook in": statistics.median(into)}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per format; the median is shown")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        from styrkedja.plans.selectors import plan_get_by_name

        mjolby = plan_get_by_name(name="mjolby/ks/2024")
        tenfold = build_tenfold()
        sizes = {
            "Mjölby T3": mjolby,
            "tio gånger Mjölby": tenfold,
        }
        columns = ["html", "pdf", "weasyprint alone", "docx", "xlsx", "workbook out", "workbook in"]
        print(f"| plan | activities | goals | {' | '.join(columns)} | pdf ÷ WeasyPrint alone |")
        print("| --- | ---: | ---: |" + " ---: |" * (len(columns) + 1))
        for name, plan in sizes.items():
            results = (
                time_formats(plan, args.repeat)
                | time_weasyprint_alone(plan, args.repeat)
                | time_workbook(plan, args.repeat)
            )
            cells = " | ".join(f"{results[f]:.2f} s" for f in columns)
            ratio = results["pdf"] / results["weasyprint alone"]
            print(f"| {name} | {plan.activities.count()} | {plan.goals.count()} | {cells} | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
