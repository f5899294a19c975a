"""Benchmark: a Kolada sync of 100 KPIs × 291 places × 10 years, against a COPY of the same rows.

Not a test. Run from the project's root:  .venv/bin/python bench/kolada.py [--repeat 3] [--no-sqlite]
It creates a PostgreSQL database of its own (``styrkedja_bench_kolada`` on
postgres://postgres@127.0.0.1:5432, or ``--postgres``), migrates it and builds a municipality
whose plan has 100 indicators, each linked to a KPI, and a comparison group that makes 291
places with the municipality and the nation. A fake Kolada (httpx.MockTransport) serves pages
written beforehand to a temporary folder, in Kolada's format and page size (the totals only),
so that making them is not timed. Then, each in a fresh process: the first sync (into an empty
table), the same sync again with nothing changed, one with 1 % of the values changed, Kolada's
pages read alone (what any sync has to do before the database), and, as the yardstick, a COPY
of the same rows, built beforehand, into a table like IndicatorValue's, with its indexes and
its foreign key, and once without the foreign key. Peak memory is the process's resident size
at its highest during the run (Linux's VmHWM, set back when the run starts), with how much of
it the run added. The database is dropped at the end.
The same runs on a temporary SQLite database, where the yardstick is INSERTs of many rows. The
results go into docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

API = "https://api.kolada.se/v3"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
DATABASE = "styrkedja_bench_kolada"
PLAN_YEAR = 2024
OWN, NATION = "0586", "0000"
PER_PAGE = 5000  # Kolada's largest page, which the client asks for


# The data: the same numbers in every process, 1 % of them different in the revised set --------------


def kpi_ids(count: int) -> list[str]:
    return [f"N{10000 + number:05d}" for number in range(count)]


def place_ids(count: int) -> list[str]:
    """The municipality, the nation and the comparisons: ``count`` Kolada ids in all."""
    return [OWN, NATION, *(f"{1001 + number:04d}" for number in range(count - 2))]


def bench_years(count: int) -> list[int]:
    return list(range(PLAN_YEAR - count + 1, PLAN_YEAR + 1))


def value_of(index: int, *, revised: bool) -> float:
    """The value numbered ``index`` in the order KPI × place × year; every hundredth is revised."""
    number = index * 7919 % 100000 / 100
    return number + 1.5 if revised and index % 100 == 0 else number


def write_pages(folder: Path, kpis: list[str], places: list[str], years: list[int], *, revised: bool):
    """Every page Kolada would answer with, as files named after the path and page."""
    from styrkedja.indicators.kolada import _value_paths  # the client's own batching into paths

    folder.mkdir(parents=True, exist_ok=True)
    index = {
        (kpi, place, str(year)): (k * len(places) + p) * len(years) + y
        for k, kpi in enumerate(kpis)
        for p, place in enumerate(places)
        for y, year in enumerate(years)
    }
    for path in _value_paths(kpis, places, years):
        segments = path.split("/")
        rows = [
            {
                "kpi": kpi,
                "municipality": place,
                "period": int(year),
                "values": [
                    {
                        "gender": "T",
                        "count": 1,
                        "status": "",
                        "value": value_of(index[kpi, place, year], revised=revised),
                    }
                ],
            }
            for kpi in segments[3].split(",")
            for place in segments[5].split(",")
            for year in segments[7].split(",")
        ]
        pages = [rows[start : start + PER_PAGE] for start in range(0, len(rows), PER_PAGE)]
        for number, page in enumerate(pages, start=1):
            last = number == len(pages)
            body = {
                "values": page,
                "count": len(page),
                "next_url": None if last else f"{API}{path}?page={number + 1}&per_page={PER_PAGE}",
                "previous_url": None if number == 1 else f"{API}{path}?page={number - 1}&per_page={PER_PAGE}",
            }
            (folder / page_name(path, number)).write_text(json.dumps(body), encoding="utf-8")
    for start in range(0, len(kpis), 25):
        batch = kpis[start : start + 25]
        body = {"values": [{"id": kpi, "title": f"Nyckeltal {kpi}"} for kpi in batch], "next_url": None}
        (folder / page_name(f"/kpi/{','.join(batch)}", 1)).write_text(json.dumps(body), encoding="utf-8")


def page_name(path: str, page: int) -> str:
    return f"{hashlib.sha1(path.encode()).hexdigest()}-{page}.json"


# The child processes ------------------------------------------------------------------------------------


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrkedja.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-key-never-used-elsewhere-0123456789")
    import django

    django.setup()


def build_plan(kpis: list[str], places: list[str]) -> None:
    """A municipality with Kolada settings for ``places`` and a plan of one indicator per KPI."""
    from django.core.management import call_command
    from django.db import transaction

    from styrkedja.goals.models import Goal, GoalLevel
    from styrkedja.indicators.models import Indicator
    from styrkedja.indicators.services import kolada_settings_set
    from styrkedja.plans.models import Plan
    from styrkedja.tenancy.choices import UnitKind
    from styrkedja.tenancy.models import Municipality, OrgUnit

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        town = Municipality.objects.create(slug="koladabank", name="Koladabänkens kommun")
        board = OrgUnit.objects.create(
            municipality=town, name="Kommunstyrelsen", slug="ks", kind=UnitKind.BOARD
        )
        level = GoalLevel.objects.create(municipality=town, key="mal", name="Mål", name_plural="Mål", depth=0)
        plan = Plan.objects.create(
            municipality=town, board=board, year=PLAN_YEAR, title=f"Verksamhetsplan {PLAN_YEAR}",
            budget_period_start=PLAN_YEAR, budget_period_end=PLAN_YEAR + 2,
        )  # fmt: skip
        goal = Goal.objects.create(municipality=town, plan=plan, level=level, key="mal-1", number="1")
        Indicator.objects.bulk_create(
            Indicator(goal=goal, name=f"Indikator {kpi}", kolada_kpi=kpi, order=number)
            for number, kpi in enumerate(kpis)
        )
        kolada_settings_set(
            municipality=town,
            municipality_code=OWN,
            comparison=[{"id": place, "name": f"Kommun {place}"} for place in places[2:]],
        )


def fake_kolada(folder: Path):
    import httpx

    from styrkedja.indicators.kolada import KoladaClient

    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/v3")
        page = int(request.url.params.get("page", "1"))
        content = (folder / page_name(path, page)).read_bytes()
        return httpx.Response(200, content=content, headers={"content-type": "application/json"})

    return KoladaClient(base_url=API, transport=httpx.MockTransport(answer), sleep=lambda seconds: None)


def _status_mb(field: str) -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE).group(1)) / 1024


def memory_start() -> float:
    """The resident size now, with Linux's high-water mark set back to it (clear_refs 5), so that the
    peak afterwards is the run's own and not one of Django's start-up."""
    with suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status_mb("VmRSS")


def memory_peak() -> float:
    return _status_mb("VmHWM")


def run_sync(folder: Path, years: list[int], *, afresh: bool) -> dict:
    from django.db import connection

    from styrkedja.indicators.models import IndicatorValue
    from styrkedja.indicators.services import kolada_sync
    from styrkedja.plans.models import Plan

    if afresh:
        # TRUNCATE on PostgreSQL: rows deleted but not yet vacuumed would slow the next inserts down.
        with connection.cursor() as cursor:
            table = IndicatorValue._meta.db_table
            cursor.execute(f"{'TRUNCATE' if connection.vendor == 'postgresql' else 'DELETE FROM'} {table}")
    plan = Plan.objects.get(municipality__slug="koladabank", year=PLAN_YEAR)
    client = fake_kolada(folder)
    before = memory_start()
    start, processor = time.perf_counter(), time.process_time()
    result = kolada_sync(plan=plan, client=client, years=years)
    seconds, processor = time.perf_counter() - start, time.process_time() - processor
    return {
        "seconds": seconds,
        "processor": processor,
        "before": before,
        "peak": memory_peak(),
        "outcome": f"{len(result.added)} / {len(result.updated)} / {result.unchanged}",
    }


def run_read(folder: Path, kpis: list[str], places: list[str], years: list[int]) -> dict:
    """Kolada's pages read and checked as a sync reads them, without the database: the floor."""
    client = fake_kolada(folder)
    before = memory_start()
    start, processor = time.perf_counter(), time.process_time()
    count = sum(
        len(page) for page in client.kpi_value_pages(kpi_ids=kpis, municipality_ids=places, years=years)
    )
    seconds, processor = time.perf_counter() - start, time.process_time() - processor
    return {
        "seconds": seconds,
        "processor": processor,
        "before": before,
        "peak": memory_peak(),
        "outcome": f"{count} read",
    }


def run_copy(kpis: list[str], places: list[str], years: list[int], *, foreign_key: bool) -> dict:
    """The yardstick: the sync's rows written by the database's fastest means into a like table."""
    from django.db import connection, transaction
    from django.utils import timezone

    from styrkedja.indicators.models import Indicator, KoladaSettings

    settings = KoladaSettings.objects.get(municipality__slug="koladabank")
    labels = {OWN: ("municipality", ""), NATION: ("nation", "")}
    labels |= {item["id"]: ("other", item["name"]) for item in settings.comparison}
    indicators = dict(Indicator.objects.filter(goal__plan__year=PLAN_YEAR).values_list("kolada_kpi", "pk"))
    now = timezone.now()
    rows = []
    for k, kpi in enumerate(kpis):
        for p, place in enumerate(places):
            for y, year in enumerate(years):
                value = f"{value_of((k * len(places) + p) * len(years) + y, revised=False):.3f}"
                rows.append((indicators[kpi], year, *labels[place], value, f"Kolada {kpi}", "", now))
    columns = "indicator_id, year, scope, label, value, source, note, fetched_at"
    create_like_table(foreign_key=foreign_key)
    before = memory_start()
    start, processor = time.perf_counter(), time.process_time()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # As the sync stages its values: COPY's text format a block of 5000 rows at a time (the
            # names here need no escaping), which is three times as fast as write_row.
            with cursor.cursor.copy(f"COPY bench_copy ({columns}) FROM STDIN") as copy:
                for start_row in range(0, len(rows), PER_PAGE):
                    copy.write(
                        "".join(
                            [
                                f"{i}\t{y}\t{scope}\t{label}\t{value}\t{source}\t{note}\t{at.isoformat()}\n"
                                for i, y, scope, label, value, source, note, at in rows[
                                    start_row : start_row + PER_PAGE
                                ]
                            ]
                        )
                    )
        else:
            # As the sync stages its values on SQLite: as many rows a statement as Django allows.
            per_statement = connection.features.max_query_params // 8
            one = "(" + ", ".join(["%s"] * 8) + ")"
            for start_row in range(0, len(rows), per_statement):
                chunk = rows[start_row : start_row + per_statement]
                cursor.execute(
                    f"INSERT INTO bench_copy ({columns}) VALUES " + ", ".join([one] * len(chunk)),
                    [value for row in chunk for value in (*row[:7], str(row[7]))],
                )
    seconds, processor = time.perf_counter() - start, time.process_time() - processor
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_copy")
    return {
        "seconds": seconds,
        "processor": processor,
        "before": before,
        "peak": memory_peak(),
        "outcome": f"{len(rows)} written",
    }


def create_like_table(*, foreign_key: bool) -> None:
    """bench_copy: IndicatorValue's table again, with its indexes and unique key, and its foreign key
    to the indicator (checked at the commit, as Django makes it) or none."""
    from django.db import connection

    from styrkedja.indicators.models import IndicatorValue

    table = IndicatorValue._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TABLE bench_copy (LIKE {table} INCLUDING ALL)")
            if foreign_key:
                cursor.execute(
                    "ALTER TABLE bench_copy ADD FOREIGN KEY (indicator_id) "
                    "REFERENCES indicators_indicator (id) DEFERRABLE INITIALLY DEFERRED"
                )
            return
        cursor.execute("SELECT type, sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL", [table])
        statements = sorted(cursor.fetchall(), key=lambda item: item[0] != "table")  # the table first
        for _kind, sql in statements:
            sql = sql.replace(f'"{table}"', '"bench_copy"').replace('INDEX "', 'INDEX "bench_copy_', 1)
            if not foreign_key:
                sql = re.sub(r' REFERENCES "[^"]+" \("id"\)( DEFERRABLE INITIALLY DEFERRED)?', "", sql)
            cursor.execute(sql)


def child(args) -> int:
    setup_django(args.database)
    kpis, places, years = kpi_ids(args.kpis), place_ids(args.places), bench_years(args.years)
    pages = Path(args.pages) if args.pages else None
    if args.child == "setup":
        build_plan(kpis, places)
        outcome = {}
    elif args.child in ("copy", "copy without foreign key"):
        outcome = run_copy(kpis, places, years, foreign_key=args.child == "copy")
    elif args.child == "read":
        outcome = run_read(pages, kpis, places, years)
    else:
        outcome = run_sync(pages, years, afresh=args.child == "first sync")
    print(json.dumps(outcome))
    return 0


# The parent ---------------------------------------------------------------------------------------------


def in_child(args, phase: str, database: str, pages: Path | None = None) -> dict:
    command = [
        sys.executable, __file__, "--child", phase, "--database", database, "--kpis", str(args.kpis),
        "--places", str(args.places), "--years", str(args.years),
    ]  # fmt: skip
    if pages:
        command += ["--pages", str(pages)]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def postgres_database(server: str, name: str, *, drop: bool = False) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop:
            admin.execute(f'CREATE DATABASE "{name}"')


# Each run, the pages it reads (if any), and what its line says.
RUNS = [
    ("first sync", "pages", "first sync (no values stored)"),
    ("again", "pages", "again, nothing changed"),
    ("changed", "revised", "again, 1 % of the values changed"),
    ("read", "pages", "Kolada's pages read alone, no database"),
    ("copy", None, "yardstick: COPY into a like table"),
    ("copy without foreign key", None, "COPY into a like table without the foreign key"),
]


def bench(args, name: str, database: str, folder: Path) -> list[str]:
    """The runs in turn, ``--repeat`` times (the first sync empties the table, so each round is alike)."""
    in_child(args, "setup", database)
    times: dict[str, list[dict]] = {phase: [] for phase, _pages, _label in RUNS}
    for _round in range(args.repeat):
        for phase, pages, _label in RUNS:
            times[phase].append(in_child(args, phase, database, folder / pages if pages else None))
    median = {
        phase: sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2] for phase, runs in times.items()
    }
    copy, bare = median["copy"]["seconds"], median["copy without foreign key"]["seconds"]
    lines = []
    for phase, _pages, label in RUNS:
        run = median[phase]
        label = label.replace("COPY", "INSERTs of many rows") if name == "SQLite" else label
        lines.append(
            f"| {name}: {label} | {run['seconds']:.2f} s ({run['processor']:.2f} s) | "
            f"{run['seconds'] / copy:.2f} | {run['seconds'] / bare:.2f} | "
            f"{run['peak']:.0f} MB ({run['peak'] - run['before']:+.0f} MB) | {run['outcome']} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kpis", type=int, default=100)
    parser.add_argument("--places", type=int, default=291, help="with the municipality and the nation")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--postgres", default=POSTGRES, help="the server; the database is its own")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of runs; the median is shown")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--pages", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    kpis, places, years = kpi_ids(args.kpis), place_ids(args.places), bench_years(args.years)
    total = len(kpis) * len(places) * len(years)
    print(f"{args.kpis} KPIs × {args.places} places × {args.years} years = {total} values")
    print(f"load average at the start: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    lines = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        write_pages(folder / "pages", kpis, places, years, revised=False)
        write_pages(folder / "revised", kpis, places, years, revised=True)
        postgres_database(args.postgres, DATABASE)
        try:
            lines += bench(args, "PostgreSQL", f"{args.postgres}/{DATABASE}", folder)
        finally:
            postgres_database(args.postgres, DATABASE, drop=True)
        if not args.no_sqlite:
            lines += bench(args, "SQLite", f"sqlite:///{folder / 'bench.sqlite3'}", folder)
    print(
        "| run | time (processor) | × COPY | × COPY without foreign key | peak memory (during the run) "
        "| added / updated / unchanged |"
    )
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    print("\n".join(lines))
    print(f"load average at the end: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
