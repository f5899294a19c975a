"""Benchmark: many people signed in at once on the ten-fold municipality, some of them saving reports.

Not a test. Run from the project's root:

    .venv/bin/python bench/load.py [--users 50] [--duration 180] [--database sqlite] [--servers 2]

It serves the data of bench/pages.py in the same way (bench/served.py: gunicorn with 2 workers
of 4 threads by the production start, on PostgreSQL at 127.0.0.1:5432 unless --database says
otherwise). Each of --users people has a session of their own, as the controller or the
rapportör of the municipality that holds the Mjölby plans ten times over (every other one each),
and a thread with an HTTP client of its own. Once every person has read the reporting page, for
--duration seconds each asks for the start page, the 2025 plan page, a goal page of that plan or
the plan's reporting page (T1 open), at random, with no pause between unless --pause says; every
tenth request (--save-every) instead saves the report of a random activity from the last
reporting page read, as htmx does from that page. A report someone else saved in the meantime
gives 409 (the lost-update guard), counted apart from the errors: HTTP 500 and above, and no
answer within 60 seconds, a proxy's usual limit. The times are from the request to the whole
answer, errors included. The table gives the reporting page and the saves by role: the
controller's reporting page holds every activity and goal of the plan, the rapportör's only its
unit's.

With --task-workers 1 (or more), that many background workers (manage.py db_worker) run beside
the servers, and every --document-every'th request of a controller is a press of the plan's
follow-up PDF at T1 (the download link, as the documents page has it): answered from the kept
file when the data are unchanged since it was made, or queued for the workers, who render it as
the saves keep changing it. The press is timed as any request; what the workers did in the window
(renders finished, the time each waited in the queue and took) is read from the task queue after.

With --servers 2 (or more), that many servers run on the one database, each started as above,
behind one address: bench/proxy.py, which hands each new connection to the next server in turn
(--proxy puts it in front of a single server too, for a comparison at equal cost). The
processor time is then the sum of all the servers' workers.

The results go into docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import datetime
import random
import re
import shutil
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

import proxy  # bench/proxy.py
import served  # bench/served.py

FOLD = 10
PAGES = ("start", "plan", "goal", "report")
# Every other person is each; the controller reports every activity, the rapportör its unit's.
ROLES = {"controller": "the controller", "rapportor": "the rapportör"}
STATUSES = ("ongoing", "done")
# An activity's report form, on the reporting page and in the answer to a save.
REPORT_FORM = re.compile(r'<form method="post" action="(/rapport/aktivitet/(\d+)/T\d/)"')
TIMEOUT = 60  # seconds; a proxy in front would have given up by then


@dataclass(frozen=True)
class ReportForm:
    prefix: str  # of the form's fields: a<the activity's pk>
    based_on: str  # the report the form was opened on, "" when there was none


@dataclass
class Window:
    """The time everyone asks in: from when the last person is ready, for ``duration`` seconds."""

    duration: float
    server_cpu: Callable[[], float]  # the processor time the server's workers have used so far
    began: float = 0.0
    cpu_at_start: float = 0.0

    def open(self) -> None:
        self.began = time.monotonic()
        self.cpu_at_start = self.server_cpu()

    def is_open(self) -> bool:
        return time.monotonic() < self.began + self.duration


@dataclass(frozen=True)
class Outcome:
    kind: str  # a page of PAGES, or "save"
    role: str
    seconds: float
    status: int | None  # None: no answer


@dataclass
class Person:
    """One signed-in browser, asking for one thing after another until the deadline."""

    number: int
    role: str
    browser: httpx.Client
    paths: dict[str, str]
    goal_paths: list[str]
    random: random.Random
    pause: float  # the mean time between an answer and the next request, as a person reads
    save_every: int  # requests: every so many is a save
    document_every: int = 0  # a controller's requests: every so many is a press of the PDF (0: none)
    # The activities' report forms last seen, by their action.
    forms: dict[str, ReportForm] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)

    def read_reporting_page(self) -> None:
        """Before the window: the forms to save from, and the server's caches warmed."""
        try:
            response = self.browser.get(self.paths["report"], timeout=10 * TIMEOUT)
        except httpx.TransportError:
            return  # saves wait for the first reporting page read in the window
        self.forms = dict(report_forms(response.text))

    def run(self, start: threading.Barrier, window: Window) -> list[Outcome]:
        start.wait()
        # Where in the round of --save-every one starts: saves from the first round, not all at once.
        count = self.random.randrange(self.save_every)
        while window.is_open():
            count += 1
            if self.document_every and self.role == "controller" and count % self.document_every == 0:
                self.ask("document", lambda: self.browser.get(self.paths["document"]))
            elif count % self.save_every == 0 and self.forms:
                self.ask("save", self.save_one)
            else:
                page = self.random.choice(PAGES)
                self.ask(page, lambda page=page: self.browser.get(self.path(page)))
            if self.pause:
                # Spread out, so that people who started together do not keep asking together.
                time.sleep(self.random.uniform(0, 2 * self.pause))
        return self.outcomes

    def path(self, page: str) -> str:
        return self.random.choice(self.goal_paths) if page == "goal" else self.paths[page]

    def ask(self, kind: str, request) -> None:
        began = time.perf_counter()
        try:
            response = request()
        except httpx.TransportError:
            self.outcomes.append(Outcome(kind, self.role, time.perf_counter() - began, None))
            return
        self.outcomes.append(Outcome(kind, self.role, time.perf_counter() - began, response.status_code))
        if kind == "report" and response.status_code == 200:
            self.forms = dict(report_forms(response.text))
        elif kind == "save" and response.status_code in (200, 409):
            # The form swapped in carries the report now current, as in the browser.
            self.forms.update(report_forms(response.text))

    def save_one(self) -> httpx.Response:
        action = self.random.choice(sorted(self.forms))
        form = self.forms[action]
        return self.browser.post(
            action,
            headers={"HX-Request": "true"},
            data={
                f"{form.prefix}-status": self.random.choice(STATUSES),
                # A text of its own each time: an unchanged report would add no row.
                f"{form.prefix}-comment": f"Lastprov: person {self.number}, {time.time():.3f}",
                f"{form.prefix}-based_on": form.based_on,
            },
        )


def report_forms(page: str) -> Iterable[tuple[str, ReportForm]]:
    for match in REPORT_FORM.finditer(page):
        prefix = f"a{match.group(2)}"
        based_on = re.search(rf'name="{prefix}-based_on"(?: value="(\d*)")?', page)
        yield match.group(1), ReportForm(prefix, (based_on and based_on.group(1)) or "")


def people(server_url: str, municipality, count: int, *, seed: int, **behaviour) -> list[Person]:
    """``behaviour``: Person's pause and save_every."""
    from django.urls import reverse

    plan = served.the_plan(municipality)
    roles = list(ROLES)
    users = {role: served.user_of(municipality, role) for role in roles}
    paths = {
        "start": reverse("followup:start"),
        "plan": reverse("plans:detail", args=[served.BOARD, served.YEAR]),
        "report": reverse("followup:report", args=[served.BOARD, served.YEAR, served.PERIOD]),
        "document": reverse("documents:download", args=[served.BOARD, served.YEAR, "pdf"])
        + f"?period={served.PERIOD}",
    }
    goal_paths = [reverse("goals:detail", args=[pk]) for pk in plan.goals.values_list("pk", flat=True)]
    return [
        Person(
            number=number,
            role=role,
            browser=served.browser(server_url, served.signed_in(users[role]), timeout=TIMEOUT),
            paths=paths,
            goal_paths=goal_paths,
            random=random.Random(seed + number),
            **behaviour,
        )
        for number, role in ((number, roles[number % len(roles)]) for number in range(count))
    ]


@dataclass(frozen=True)
class Run:
    outcomes: list[Outcome]
    seconds: float  # from the start until the last answer
    server_cpu: float  # seconds of the workers' processor time in that time


def run(crowd: list[Person], servers: list[served.Server], duration: float) -> Run:
    """Everyone at once, from when the last of them has read the reporting page."""

    def server_cpu() -> float:
        return sum(server.cpu_seconds() for server in servers)

    window = Window(duration, server_cpu)
    start = threading.Barrier(len(crowd), action=window.open)

    def live(person: Person) -> list[Outcome]:
        person.read_reporting_page()
        return person.run(start, window)

    with ThreadPoolExecutor(max_workers=len(crowd)) as pool:
        outcomes = [outcome for result in pool.map(live, crowd) for outcome in result]
    return Run(outcomes, time.monotonic() - window.began, server_cpu() - window.cpu_at_start)


def percentile(times: list[float], p: int) -> str:
    if len(times) < 2:
        return f"{times[0]:.2f} s" if times else "–"
    return f"{statistics.quantiles(times, n=100, method='inclusive')[p - 1]:.2f} s"


def groups(outcomes: list[Outcome]) -> Iterable[tuple[str, list[Outcome]]]:
    """The table's rows: the pages that are the same for everyone, then those that are not by role."""
    for page, label in (("start", "the start page"), ("plan", "the plan page"), ("goal", "a goal page")):
        yield label, [o for o in outcomes if o.kind == page]
    for kind, label in (("report", "the reporting page"), ("save", "a save")):
        for role, name in ROLES.items():
            yield f"{label}, {name}", [o for o in outcomes if (o.kind, o.role) == (kind, role)]
    documents = [o for o in outcomes if o.kind == "document"]
    if documents:
        yield "a press of the PDF, the controller (302: queued)", documents
    yield "all", outcomes


def table(outcomes: list[Outcome]) -> list[str]:
    lines = [
        "| request | count | 5xx | no answer | 409 | other 4xx | p50 | p95 | p99 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, rows in groups(outcomes):
        times = [o.seconds for o in rows]
        failed = sum(o.status is not None and o.status >= 500 for o in rows)
        unanswered = sum(o.status is None for o in rows)
        conflicts = sum(o.status == 409 for o in rows)
        other = sum(o.status is not None and 400 <= o.status < 500 and o.status != 409 for o in rows)
        cells = " | ".join(percentile(times, p) for p in (50, 95, 99))
        lines.append(f"| {label} | {len(rows)} | {failed} | {unanswered} | {conflicts} | {other} | {cells} |")
    return lines


def renders_done(since: datetime.datetime) -> str:
    """What the workers did from ``since``: renders finished, their wait in the queue and their time."""
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.filter(task_path__endswith="render_document", enqueued_at__gte=since)
    finished = [task for task in tasks if task.finished_at]
    waited = [(task.started_at - task.enqueued_at).total_seconds() for task in finished]
    took = [(task.finished_at - task.started_at).total_seconds() for task in finished]
    if not finished:
        return f"Renders queued in the window: {tasks.count()}, none finished."
    return (
        f"Renders queued in the window: {tasks.count()}, finished: {len(finished)}; in the queue"
        f" median {statistics.median(waited):.1f} s (longest {max(waited):.1f} s), rendering"
        f" median {statistics.median(took):.1f} s (longest {max(took):.1f} s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50, help="people at once (50)")
    parser.add_argument("--duration", type=float, default=180, help="seconds (180)")
    parser.add_argument(
        "--pause", type=float, default=0, help="mean seconds a person waits between requests (0: none)"
    )
    parser.add_argument("--save-every", type=int, default=10, help="every so many requests is a save (10)")
    parser.add_argument("--seed", type=int, default=1, help="for the random choices")
    parser.add_argument("--server-log", type=Path, help="keep gunicorn's log here (the first server's)")
    parser.add_argument("--servers", type=int, default=1, help="servers on the one database (1)")
    parser.add_argument("--proxy", action="store_true", help="bench/proxy.py in front of one server too")
    parser.add_argument("--task-workers", type=int, default=0, help="background workers beside (0)")
    parser.add_argument(
        "--document-every",
        type=int,
        default=20,
        help="with workers: a controller's every so many is a PDF (20)",
    )
    served.add_server_arguments(parser)
    args = parser.parse_args()
    with served.bench_site("load", args.database) as site, ExitStack() as stack:
        servers = [
            stack.enter_context(
                served.served(site, workers=args.workers, threads=args.threads, name=f"server-{number}")
            )
            for number in range(1, args.servers + 1)
        ]
        stack.enter_context(served.task_workers(site, args.task_workers))
        url, balancer = servers[0].url, None
        if args.servers > 1 or args.proxy:
            url, balancer = stack.enter_context(proxy.proxied([server.url for server in servers]))
        crowd = people(
            url,
            site.municipalities[FOLD],
            args.users,
            seed=args.seed,
            pause=args.pause,
            save_every=args.save_every,
            document_every=args.document_every if args.task_workers else 0,
        )
        window_start = datetime.datetime.now(datetime.UTC)
        result = run(crowd, servers, args.duration)
        for person in crowd:
            person.browser.close()
        count, cpu = len(result.outcomes), result.server_cpu
        print("\n".join(table(result.outcomes)))
        print(
            f"\n{count / result.seconds:.1f} requests a second over {result.seconds:.0f} s; the"
            f" {len(servers)} server(s)' workers used {cpu:.0f} s of processor time,"
            f" {cpu / count * 1000:.0f} ms a request"
        )
        if balancer:
            shares = ", ".join(f"{n} to :{port}" for (_, port), n in sorted(balancer.connections.items()))
            print(f"The proxy's connections: {shares}")
        forms = {person.role: len(person.forms) for person in crowd}
        print("Activities on the reporting page: " + ", ".join(f"{ROLES[r]} {n}" for r, n in forms.items()))
        for server in servers:
            for failure, times in server.failures().most_common():
                print(f"The log of {server.url}: {times} × {failure}")
        if args.task_workers:
            presses = [o.status for o in result.outcomes if o.kind == "document"]
            print(
                f"Presses of the PDF: {len(presses)}; answered with the kept file {presses.count(200)},"
                f" queued {presses.count(302)}"
            )
            print(renders_done(window_start))
        if args.server_log:
            shutil.copyfile(servers[0].log, args.server_log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
