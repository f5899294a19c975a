"""A fake Kolada for the tests: recorded answers through httpx.MockTransport, and no network."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from styrkedja.indicators import kolada, services
from styrkedja.indicators.kolada import KoladaClient

RECORDED = Path(__file__).parent / "kolada"
API = "https://api.kolada.se/v3"

Answer = httpx.Response | Exception | str | dict | Callable[[httpx.Request], httpx.Response]


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


class FakeKolada:
    """Answers requests by path (or by path and query) and logs every request.

    An answer is a recorded file name ("kpi_N00002.json"), a dict to send as JSON, an
    ``httpx.Response``, an exception to raise, or a function of the request. A list of
    answers is used in order, the last one repeating.
    """

    def __init__(
        self, routes: dict[str, Answer | list[Answer]] | None = None, *, default: Answer | None = None
    ):
        self.routes: dict[str, list[Answer]] = {}
        self.default = default  # the answer to any other path; without one, Kolada's 404
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []
        self.lock = threading.Lock()
        for key, answers in (routes or {}).items():
            self.route(key, answers)

    def route(self, key: str, answers: Answer | list[Answer]) -> None:
        """``key`` is a path under the API ("/kpi/N00002") or a path with its query."""
        self.routes[key] = list(answers) if isinstance(answers, list) else [answers]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        answer = self.choose(request)
        if answer is None:
            return httpx.Response(404, json={"detail": "Not Found"})
        # Outside the lock: an answer that is a function may wait for other requests.
        return self.answer(answer, request)

    def choose(self, request: httpx.Request) -> Answer | None:
        path = request.url.path.removeprefix("/v3")
        query = request.url.query.decode()
        with self.lock:
            self.requests.append(request)
            for key in (f"{path}?{query}", path):
                if key in self.routes:
                    answers = self.routes[key]
                    return answers.pop(0) if len(answers) > 1 else answers[0]
        return self.default

    @staticmethod
    def answer(answer: Answer, request: httpx.Request) -> httpx.Response:
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return answer
        if isinstance(answer, str):
            return httpx.Response(
                200,
                content=(RECORDED / answer).read_bytes(),
                headers={"content-type": "application/json"},
            )
        if isinstance(answer, dict):
            return httpx.Response(200, json=answer)
        return answer(request)

    def client(self, **options) -> KoladaClient:
        return KoladaClient(
            base_url=API, transport=httpx.MockTransport(self), sleep=self.sleeps.append, **options
        )

    def paths(self) -> list[str]:
        return [request.url.path.removeprefix("/v3") for request in self.requests]


@pytest.fixture
def fake_kolada(monkeypatch) -> FakeKolada:
    """A FakeKolada that also answers for clients the code makes itself (commands, services)."""
    fake = FakeKolada()
    monkeypatch.setattr(kolada, "KoladaClient", lambda **options: fake.client(**options))
    monkeypatch.setattr(services, "KoladaClient", lambda **options: fake.client(**options))
    return fake


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """No test reaches Kolada (or anything else): a real transport fails the test."""

    def refuse(self, request):
        raise AssertionError(f"A test tried to reach the network: {request.url}")

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", refuse)
