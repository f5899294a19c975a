"""Benchmark: the main pages served as in production, for the Mjölby plans once and ten times over.

Not a test. Run from the project's root:

    .venv/bin/python bench/pages.py [--requests 30] [--database sqlite] [--profile]

It makes a database of its own (bench/served.py: on PostgreSQL at 127.0.0.1:5432 unless
--database says otherwise), loads the demo, makes municipalities that hold the Mjölby plans once
and ten times over, and serves them with gunicorn (2 workers of 4 threads) by the production
start. Signed in as each municipality's controller, it asks for every page --warm-up times, then
--requests times one after another, and prints:

- the median of those times;
- the processor time the server's workers spent a request, on average: on a machine that others
  share, the time on the clock grows with their work too, this does not (the database server's
  time is not in it);
- the median divided by the trivial view's: /healthz, the health check, which passes through the
  same middleware (the session, the user and the membership are read) and asks the database
  SELECT 1;
- the queries, counted in this process with Django's test client.

--profile adds cProfile's view of the plan page and the reporting page of the ten-fold
municipality, in this process.

The results go into docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import served  # bench/served.py

PAGES = {
    "trivial": "the trivial view (/healthz)",
    "start": "the start page",
    "plan": "the plan page, 2025",
    "plan_2024": "the plan page, 2024 (every period reported)",
    "goal": "a goal page",
    "report": "the reporting page, T1 open",
}


def page_paths(municipality) -> dict[str, str]:
    from django.db.models import Count
    from django.urls import reverse

    plan = served.the_plan(municipality)
    # The goal with the most activities: the goal page that shows the most.
    goal = plan.goals.annotate(activity_count=Count("activities")).order_by("-activity_count", "pk")[0]
    return {
        "trivial": reverse("health"),
        "start": reverse("followup:start"),
        "plan": reverse("plans:detail", args=[served.BOARD, served.YEAR]),
        "plan_2024": reverse("plans:detail", args=[served.BOARD, 2024]),
        "goal": reverse("goals:detail", args=[goal.pk]),
        "report": reverse("followup:report", args=[served.BOARD, served.YEAR, served.PERIOD]),
    }


def in_process_client(user):
    """Django's test client in this process, signed in as ``user``, asking as the server is asked."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(user)
    return client


def checked(page: str, status: int) -> None:
    if status != 200:
        raise RuntimeError(f"{PAGES[page]} answered {status}, not 200")


def query_counts(paths: dict[str, str], user) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = in_process_client(user)
    counts = {}
    for page, path in paths.items():
        client.get(path)  # the first request may fill caches that later ones find filled
        with CaptureQueriesContext(connection) as queries:
            checked(page, client.get(path).status_code)
        counts[page] = len(queries)
    return counts


@dataclass(frozen=True)
class Timing:
    median: float  # seconds on the clock, from the request to the whole answer
    cpu: float  # the server's processor time a request, on average


def timed(server, browser, page: str, path: str, *, requests: int, warm_up: int) -> Timing:
    for _ in range(warm_up):
        checked(page, browser.get(path).status_code)
    times = []
    cpu_before = server.cpu_seconds()
    for _ in range(requests):
        start = time.perf_counter()
        response = browser.get(path)
        times.append(time.perf_counter() - start)
        checked(page, response.status_code)
    return Timing(statistics.median(times), (server.cpu_seconds() - cpu_before) / requests)


def profile(path: str, user, *, lines: int = 25) -> str:
    """One request in this process: its time and the part of it in SQL; then cProfile's view of
    another, Styrkedja's own functions by cumulative time and all by their own time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = in_process_client(user)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        client.get(path)
        total = time.perf_counter() - start
    # Read now: the next request empties the connection's log of queries.
    count, sql = len(queries), sum(float(query["time"]) for query in queries)
    profiler = cProfile.Profile()
    profiler.runcall(client.get, path)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(re.escape(str(served.ROOT / "styrkedja")) + "/", lines)
    stats.sort_stats("tottime").print_stats(lines)
    return (
        f"{path}: {total * 1000:.0f} ms in this process, {sql * 1000:.0f} ms of it in {count} queries\n"
        + out.getvalue()
    )


def table(timings: dict[int, dict[str, Timing]], counts: dict[int, dict[str, int]]) -> list[str]:
    folds = sorted(timings)
    header = " | ".join(f"{fold}×: median | server CPU | ÷ trivial | queries" for fold in folds)
    lines = [f"| page | {header} |", "| --- |" + " ---: | ---: | ---: | ---: |" * len(folds)]
    for page, label in PAGES.items():
        cells = []
        for fold in folds:
            timing, trivial = timings[fold][page], timings[fold]["trivial"]
            cells.append(
                f"{timing.median * 1000:.0f} ms | {timing.cpu * 1000:.0f} ms"
                f" | {timing.median / trivial.median:.1f} | {counts[fold][page]}"
            )
        lines.append(f"| {label} | {' | '.join(cells)} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=30, help="timed requests a page; the median is shown")
    parser.add_argument("--warm-up", type=int, default=5, help="requests a page before the timed ones")
    parser.add_argument("--profile", action="store_true", help="profile two pages at 10×")
    served.add_server_arguments(parser)
    args = parser.parse_args()
    with served.bench_site("pages", args.database) as site:
        folds = sorted(site.municipalities)
        paths, controllers, counts = {}, {}, {}
        for fold, town in site.municipalities.items():
            paths[fold] = page_paths(town)
            controllers[fold] = served.user_of(town, "controller")
            counts[fold] = query_counts(paths[fold], controllers[fold])
        timings = {fold: {} for fold in folds}
        with served.served(site, workers=args.workers, threads=args.threads) as server:
            for fold in folds:
                with served.browser(server.url, served.signed_in(controllers[fold])) as browser:
                    for page, path in paths[fold].items():
                        timings[fold][page] = timed(
                            server, browser, page, path, requests=args.requests, warm_up=args.warm_up
                        )
        print("\n".join(table(timings, counts)))
        if args.profile:
            tenfold = max(folds)
            for page in ("plan", "report"):
                print(f"\n## Profile: {PAGES[page]}, {tenfold}×\n")
                print(profile(paths[tenfold][page], controllers[tenfold]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
