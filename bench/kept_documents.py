"""Benchmark: the kept follow-up PDF for the Mjölby T3 report and a ten-fold one.

Not a test. Run from the project's root:  .venv/bin/python bench/kept_documents.py [--repeat 1]
It migrates a temporary SQLite database, loads the demo and builds the ten-fold municipality as
bench/documents.py does, with a controller in each. For each plan's T3 PDF it measures:

- the press: the download link of a stale document (none kept yet, or kept from older data),
  through Django's test Client as the signed-in controller, with the database task backend. It
  should only queue the render and answer with the redirect to the progress page.
- the worker: the real worker (``manage.py db_worker --batch``) in a subprocess on the same SQLite
  file and media folder, timed from its start until it exits with the file kept (so its Django
  start-up is counted), and the task's function once more in this warm process (as a worker that
  keeps running takes it), beside WeasyPrint alone on the same HTML, as bench/documents.py has it.
- the kept download: the same link again, the data unchanged, the file served from storage,
  beside the render's own time as the worker recorded it.

The results go into docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FOLD = 10
PASSWORD = "styrkedja-bench"


def setup_django(database: Path, media: Path) -> dict[str, str]:
    """Django in this process on the file; the environment the worker's subprocess gets."""
    environment = {
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(media),
        "TASKS_IMMEDIATE": "0",  # the database backend: a press only queues the task
        "DJANGO_SETTINGS_MODULE": "styrkedja.settings",
        # Production's settings, but plain HTTP for the test Client's host.
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
    }
    os.environ.update(environment)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--no-users", verbosity=0)
    return {**os.environ, **environment}


def build_plans() -> dict[str, tuple[object, object]]:
    """Each measured plan with its controller: Mjölby's own, and the ten-fold copy's."""
    from styrkedja.demo.multiplied import municipality_multiplied
    from styrkedja.demo.services import demo_members_ensure
    from styrkedja.tenancy.models import Municipality

    mjolby = Municipality.objects.get(slug="mjolby")
    tenfold = municipality_multiplied(mjolby, fold=FOLD, slug="tiofaldig", name="Tiofaldiga kommunen")
    plans = {}
    for name, town in (("Mjölby T3", mjolby), ("tio gånger Mjölby", tenfold)):
        members = demo_members_ensure(
            municipality=town, reporter_unit="Kommunledningskontoret", password=PASSWORD
        )
        plans[name] = (town.plans.get(board__slug="ks", year=2024), members[f"{town.slug}-controller"])
    return plans


def weasyprint_alone(plan) -> float:
    """WeasyPrint alone on the HTML the PDF is made from, with the same options (bench/documents.py)."""
    from weasyprint import HTML

    from styrkedja.documents.content import followup_document
    from styrkedja.documents.render import STYLESHEET, render_html

    html = render_html(followup_document(plan=plan, period=plan.periods.get(code="T3")), screen=False)
    start = time.perf_counter()
    HTML(string=html, base_url=str(STYLESHEET.parent)).write_pdf(pdf_variant="pdf/ua-1")
    return time.perf_counter() - start


def make_stale(plan) -> None:
    """Leave the kept file as it is but older than the data, as a saved report would."""
    from styrkedja.documents.models import RenderedDocument

    RenderedDocument.objects.filter(plan=plan).update(data_version="older data")


def measure(plan, user) -> dict[str, float]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from styrkedja.documents.choices import RenderState
    from styrkedja.documents.kept import document_render_run, document_source
    from styrkedja.documents.models import RenderedDocument

    url = reverse("documents:download", args=[plan.board.slug, plan.year, "pdf"]) + "?period=T3"
    client = Client()
    client.force_login(user)

    # What both the press and the kept download begin with: the document built from the data and
    # its fingerprint taken, to know whether the kept file is fresh (documents.kept).
    start = time.perf_counter()
    document_source(plan=plan, period=plan.periods.get(code="T3"), format="pdf")
    fingerprint = time.perf_counter() - start

    start = time.perf_counter()
    press = client.get(url)
    pressed = time.perf_counter() - start
    assert press.status_code == 302 and "skapas" in press["Location"], (press.status_code, press)
    connection.close()  # let go of the SQLite file while the worker writes to it

    start = time.perf_counter()
    ran = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=WORKER_ENVIRONMENT,
        capture_output=True,
        text=True,
    )
    worker = time.perf_counter() - start
    assert ran.returncode == 0, ran.stderr
    row = RenderedDocument.objects.get(plan=plan, period__code="T3", format="pdf")
    assert row.state == RenderState.DONE and row.file, (row.state, row.failure)

    start = time.perf_counter()
    download = client.get(url)
    served = time.perf_counter() - start
    assert download.status_code == 200 and download.content.startswith(b"%PDF"), download.status_code
    # The task's function once more, in this process, whose imports, fonts and caches are warm:
    # what a worker that keeps running takes (the real command's --batch process starts cold).
    make_stale(plan)
    start = time.perf_counter()
    document_render_run(rendered_id=row.pk)
    warm = time.perf_counter() - start
    row.refresh_from_db()
    assert row.state == RenderState.DONE and row.data_version != "older data", row.state
    return {
        "warm render": warm,
        "fingerprint": fingerprint,
        "press": pressed,
        "worker": worker,
        "render": row.render_seconds,
        "kept download": served,
    }


WORKER_ENVIRONMENT: dict[str, str] = {}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per plan; the median is shown")
    parser.add_argument("--only-mjolby", action="store_true", help="leave out the ten-fold plan")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        WORKER_ENVIRONMENT.update(setup_django(Path(folder) / "bench.sqlite3", Path(folder) / "media"))
        plans = build_plans()
        if args.only_mjolby:
            plans = {"Mjölby T3": plans["Mjölby T3"]}
        print(
            "| plan | press (stale) | of it the fingerprint | worker until kept | render (worker's) "
            "| render, warm | WeasyPrint alone | worker ÷ WeasyPrint | render ÷ WeasyPrint "
            "| warm ÷ WeasyPrint | kept download "
            "| kept ÷ render |"
        )
        print("| --- |" + " ---: |" * 11)
        for name, (plan, user) in plans.items():
            runs = []
            for run in range(args.repeat):
                if run:
                    make_stale(plan)
                runs.append(measure(plan, user))
            result = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
            alone = statistics.median(weasyprint_alone(plan) for _ in range(args.repeat))
            cells = [
                f"{result['press']:.3f} s",
                f"{result['fingerprint']:.3f} s",
                f"{result['worker']:.2f} s",
                f"{result['render']:.2f} s",
                f"{result['warm render']:.2f} s",
                f"{alone:.2f} s",
                f"{result['worker'] / alone:.2f}",
                f"{result['render'] / alone:.2f}",
                f"{result['warm render'] / alone:.2f}",
                f"{result['kept download']:.3f} s",
                f"{result['kept download'] / result['render']:.3f}",
            ]
            print(f"| {name} | {' | '.join(cells)} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
