"""Reports saved at the same moment by many people, against a real server (gunicorn, several
processes and threads, a file database): none fails, and none overwrites another unseen."""

from __future__ import annotations

import html
import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from styrkedja.web.tests.served import Visitor

FORM = re.compile(r'<form method="post" action="(/rapport/aktivitet/(\d+)/(T\d)/)"')
HTMX = {"HX-Request": "true"}
ROLES = ("administrator", "controller", "rapportor", "lasare")


@dataclass(frozen=True)
class ReportForm:
    action: str
    prefix: str
    based_on: str  # the report the form was opened on, "" when there was none


def report_forms(page: str) -> list[ReportForm]:
    forms = []
    for match in FORM.finditer(page):
        prefix = f"a{match.group(2)}"
        based_on = re.search(rf'name="{prefix}-based_on"(?: value="(\d*)")?', page)
        forms.append(ReportForm(match.group(1), prefix, based_on.group(1) or ""))
    return forms


def save(visitor: Visitor, form: ReportForm, comment: str):
    return visitor.post(
        form.action,
        headers=HTMX,
        data={
            "csrfmiddlewaretoken": visitor.cookies["csrftoken"],
            f"{form.prefix}-status": "done",
            f"{form.prefix}-comment": comment,
            f"{form.prefix}-based_on": form.based_on,
        },
    )


def all_at_once(visitors: list[Visitor], work) -> list:
    """``work(visitor, index)`` for every visitor, each in a thread of its own, released together."""
    start = threading.Barrier(len(visitors), timeout=60)

    def run(index: int):
        start.wait()
        return work(visitors[index], index)

    try:
        with ThreadPoolExecutor(max_workers=len(visitors)) as pool:
            return list(pool.map(run, range(len(visitors))))
    finally:
        for visitor in visitors:
            visitor.close()


@pytest.fixture(scope="module")
def controller(production_server):
    visitor = Visitor(production_server.url)
    assert visitor.log_in("mjolby-controller").status_code == 302
    yield visitor
    visitor.close()


def visitors_like(visitor: Visitor, count: int) -> list[Visitor]:
    """``count`` browsers with the same log-in, each with its own connections."""
    return [Visitor(str(visitor.http.base_url), visitor.cookies) for _ in range(count)]


def described(responses, server) -> str:
    statuses = Counter(response.status_code for response in responses)
    return f"statuses {dict(statuses)}; the server's log:\n{server.output()[-6000:]}"


def test_twenty_people_save_twenty_reports_at_once(controller, production_server):
    # Mjölby's T3 2024 is closed in the demo; the controller reopens it as a person would.
    reopened = controller.post(
        "/planer/ks/2024/perioder/T3/oppna-igen/",
        data={"csrfmiddlewaretoken": controller.cookies["csrftoken"], "reason": "Komplettering"},
    )
    assert reopened.status_code == 302
    forms = report_forms(controller.get("/planer/ks/2024/rapportera/T3/").text)[:20]
    assert len(forms) == 20
    visitors = visitors_like(controller, 20)

    responses = all_at_once(visitors, lambda visitor, i: save(visitor, forms[i], f"Samtidig rapport {i}"))

    assert [response.status_code for response in responses] == [200] * 20, described(
        responses, production_server
    )
    for i, form in enumerate(forms):
        assert f"Samtidig rapport {i}" in controller.get(form.action, headers=HTMX).text


def test_eight_people_save_one_report_at_once_one_wins_the_others_see_it(controller, production_server):
    form = report_forms(controller.get("/planer/ks/2025/rapportera/T1/").text)[0]
    visitors = visitors_like(controller, 8)

    responses = all_at_once(visitors, lambda visitor, i: save(visitor, form, f"Skribent {i} var här"))

    statuses = Counter(response.status_code for response in responses)
    # The lost-update guard: the first to save wins; everyone else started from the report
    # that is no longer current, and is shown the winner's text with nothing overwritten.
    assert statuses == {200: 1, 409: 7}, described(responses, production_server)
    winner = next(i for i, response in enumerate(responses) if response.status_code == 200)
    saved = f"Skribent {winner} var här"
    for i, response in enumerate(responses):
        if i != winner:
            text = html.unescape(response.text)
            assert "Rapporten ändrades medan du skrev" in text
            assert saved in text and f"Skribent {i} var här" in text
    current = html.unescape(controller.get(form.action, headers=HTMX).text)
    assert saved in current
    assert not any(f"Skribent {i} var här" in current for i in range(8) if i != winner)


def test_eight_people_log_in_at_once(production_server):
    # A log-in writes: the session, last_login, and django-axes' record of the attempt.
    usernames = [f"{town}-{role}" for town in ("mjolby", "valdemarsvik") for role in ROLES]
    visitors = [Visitor(production_server.url) for _ in usernames]
    for visitor in visitors:
        visitor.get("/konto/logga-in/")

    responses = all_at_once(
        visitors,
        lambda visitor, i: visitor.post(
            "/konto/logga-in/",
            data={
                "username": usernames[i],
                "password": "styrkedja-demo",
                "csrfmiddlewaretoken": visitor.cookies["csrftoken"],
            },
        ),
    )

    assert [response.status_code for response in responses] == [302] * 8, described(
        responses, production_server
    )
    for username, visitor in zip(usernames, visitors, strict=True):
        with Visitor(production_server.url, visitor.cookies) as again:
            assert again.get("/").status_code == 200, username
