"""A small client for Kolada's open API, version 3.

Kolada is RKA's open database of key figures (nyckeltal) for Swedish municipalities and
regions. The API needs no key; data used in a service is to be credited "Källa: Kolada".
What this client relies on, as the API describes itself (Swagger at ``/v3/docs``, OpenAPI
at ``/v3/openapi.json``; see docs/kolada.md):

* ``GET /kpi?title=TEXT`` searches KPIs by title; ``GET /kpi/{id,id,…}`` gets KPIs by id.
* ``GET /data/kpi/{kpi,…}/municipality/{municipality,…}[/year/{year,…}]`` gives values.
* Every list answer is ``{"values": [...], "count": n, "next_url": url|null,
  "previous_url": url|null}``: ``count`` is the length of this page, ``next_url`` the full
  address of the next page. ``per_page`` is at most 5000 (the default).
* A path segment holds at most 25 comma-separated ids (KPIs, municipalities or years).
  The client asks for several such batches at once, at most four (``MAX_CONCURRENT_REQUESTS``).
* A data row is ``{"kpi", "municipality", "period", "values": [{"gender", "count",
  "status", "value"}]}`` with gender ``T`` (total), ``K`` (women) or ``M`` (men); a value is
  null where Kolada has none. The nation (Riket) is the municipality ``0000``.

Nothing here touches the database. Every failure is a ``KoladaError`` whose message is
Swedish and meant for the user.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import product
from typing import Any, NamedTuple

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_API_URL = "https://api.kolada.se/v3"
NATION_ID = "0000"
TOTAL = "T"
MAX_PER_PAGE = 5000
MAX_IDS_PER_REQUEST = 25
DEFAULT_TIMEOUT = 20.0  # seconds for each request
DEFAULT_ATTEMPTS = 4
BACKOFF_SECONDS = 1.0  # waits 1, 2, 4 … seconds between attempts
MAX_BACKOFF_SECONDS = 10.0
MAX_PAGES = 500  # 2,5 million rows: a next_url that never ends is an error, not an endless loop
# Kolada is a public service shared by everyone: a few requests at once, each with its own retries.
MAX_CONCURRENT_REQUESTS = 4

# Ids go into the URL path: anything that could change the path (/ , ? …) is refused.
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,30}$")


class KoladaError(Exception):
    """Kolada could not be asked, or gave no usable answer. The message is Swedish, for the user."""


class KoladaNotFound(KoladaError):
    """Kolada answered 404, or has no KPI with the id asked for."""


@dataclass(frozen=True)
class Kpi:
    id: str
    title: str
    description: str = ""
    operating_area: str = ""
    municipality_type: str = ""  # K (municipalities), L (regions) or both
    is_divided_by_gender: bool = False


class KoladaValue(NamedTuple):
    """One value of Kolada's. A named tuple rather than a dataclass: a sync makes hundreds of
    thousands of them, and a tuple is made three times as fast."""

    kpi_id: str
    municipality_id: str
    year: int
    gender: str
    value: Decimal
    status: str = ""


def kolada_api_url() -> str:
    """The API's base address: ``settings.KOLADA_API_URL``, else Kolada's own."""
    return str(getattr(settings, "KOLADA_API_URL", "") or DEFAULT_API_URL).rstrip("/")


def _chunks(items: Sequence[Any], size: int = MAX_IDS_PER_REQUEST) -> list[Sequence[Any]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def _unique(items: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(items))


def _check_ids(ids: Iterable[str]) -> list[str]:
    ids = _unique(str(item).strip() for item in ids)
    for item in ids:
        if not ID_PATTERN.match(item):
            raise KoladaError(_("”%(id)s” är inget giltigt id i Kolada.") % {"id": item})
    return ids


class KoladaClient:
    """Talks to Kolada over httpx, with a timeout, retries with backoff, paging and batching.

    Tests pass ``transport=httpx.MockTransport(...)`` (or a whole ``http_client``) and a
    ``sleep`` that does not sleep.
    """

    def __init__(
        self,
        *,
        base_url: str | None = None,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        attempts: int = DEFAULT_ATTEMPTS,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.base_url = (base_url or kolada_api_url()).rstrip("/")
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.sleep = sleep
        self._owns_http = http_client is None
        self.http = http_client or httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=True,
            headers={"Accept": "application/json", "User-Agent": "Styrkedja (Kolada-klient)"},
        )

    def close(self) -> None:
        if self._owns_http:
            self.http.close()

    def __enter__(self) -> KoladaClient:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # The API ------------------------------------------------------------------------------

    def kpi_search(self, *, title: str) -> list[Kpi]:
        """KPIs whose title contains ``title`` (Kolada's own search)."""
        title = title.strip()
        if not title:
            return []
        return [_kpi(item) for item in self._items("/kpi", {"title": title})]

    def kpi_get(self, *, kpi_id: str) -> Kpi:
        """One KPI; ``KoladaNotFound`` when Kolada has none with this id."""
        (kpi_id,) = _check_ids([kpi_id])
        not_found = KoladaNotFound(_("Nyckeltalet ”%(id)s” finns inte i Kolada.") % {"id": kpi_id})
        try:
            kpis = [_kpi(item) for item in self._items(f"/kpi/{kpi_id}")]
        except KoladaNotFound:
            raise not_found from None
        for kpi in kpis:
            if kpi.id == kpi_id:
                return kpi
        raise not_found

    def kpis_get(self, *, kpi_ids: Iterable[str]) -> dict[str, Kpi]:
        """The KPIs Kolada has of ``kpi_ids``, by id; ids it does not know are left out."""
        found: dict[str, Kpi] = {}
        for batch in _chunks(_check_ids(kpi_ids)):
            for item in self._items(f"/kpi/{','.join(batch)}"):
                kpi = _kpi(item)
                found[kpi.id] = kpi
        return found

    def kpi_values(
        self,
        *,
        kpi_ids: Iterable[str],
        municipality_ids: Iterable[str],
        years: Iterable[int] | None = None,
        genders: Iterable[str] = (TOTAL,),
    ) -> list[KoladaValue]:
        """Values of the KPIs for the municipalities (``0000`` is the nation), all years or ``years``.

        Only the total (gender ``T``) unless other genders are asked for; years without a
        value are left out. Long id lists are split into requests of at most 25 ids each,
        asked one after the other.
        """
        pages = self.kpi_value_pages(
            kpi_ids=kpi_ids, municipality_ids=municipality_ids, years=years, genders=genders, concurrency=1
        )
        return [value for page in pages for value in page]

    def kpi_value_pages(
        self,
        *,
        kpi_ids: Iterable[str],
        municipality_ids: Iterable[str],
        years: Iterable[int] | None = None,
        genders: Iterable[str] = (TOTAL,),
        concurrency: int = MAX_CONCURRENT_REQUESTS,
    ) -> Iterator[list[KoladaValue]]:
        """The values of ``kpi_values``, one page of Kolada's answers at a time, as the pages come.

        The batches of at most 25 ids are asked at once, ``concurrency`` at a time, each batch
        page after page; pages of different batches therefore come interleaved. Only a few
        pages are held at any time, however many values there are. A value Kolada gives a
        second time (the same KPI, municipality, year and gender) is left out. The first
        ``KoladaError`` stops the other batches and goes on to the caller. Close the iterator
        (``closing()``) when leaving it early, so that the requests still under way are stopped.
        """
        kpi_ids, municipality_ids = _check_ids(kpi_ids), _check_ids(municipality_ids)
        year_list = _unique(int(year) for year in years) if years is not None else None
        if not kpi_ids or not municipality_ids or year_list == []:
            return iter(())
        wanted_genders = set(genders)

        def batch_pages(path: str) -> Iterator[list[KoladaValue]]:
            # Paging through data that changes meanwhile may repeat a row on the next page. A value
            # belongs to one batch only, so what this batch has seen is all there is to check.
            seen: set[tuple] = set()
            for rows in self._pages(path):
                page = []
                for row in rows:
                    for value in _data_values(row, wanted_genders):
                        key = value[:4]  # kpi_id, municipality_id, year, gender
                        if key not in seen:
                            seen.add(key)
                            page.append(value)
                yield page

        paths = _value_paths(kpi_ids, municipality_ids, year_list)
        return _interleaved([lambda path=path: batch_pages(path) for path in paths], limit=concurrency)

    # Requests, paging and retries ---------------------------------------------------------

    def _items(self, path: str, params: dict[str, Any] | None = None) -> Iterator[dict]:
        """Every item of a list answer, following ``next_url`` to the last page."""
        for page in self._pages(path, params):
            yield from page

    def _pages(self, path: str, params: dict[str, Any] | None = None) -> Iterator[list[dict]]:
        """The items of a list answer page by page, following ``next_url`` to the last page."""
        url: httpx.URL | str = f"{self.base_url}{path}"
        query: dict[str, Any] | None = {**(params or {}), "per_page": MAX_PER_PAGE}
        seen: set[str] = set()
        for _page in range(MAX_PAGES):
            body, answered_url = self._get_json(url, query)
            items = body["values"]
            for item in items:
                if not isinstance(item, dict):
                    raise _malformed(_("ett värde i listan är inte ett objekt"))
            yield items
            next_url = body.get("next_url")
            if not next_url:
                return
            if not isinstance(next_url, str):
                raise _malformed(_("next_url är inte en adress"))
            # Kolada gives the full address; join() also copes with a relative one.
            url = answered_url.join(next_url)
            if str(url) in seen:
                raise _malformed(_("nästa sida (next_url) leder tillbaka till en sida som redan hämtats"))
            seen.add(str(url))
            query = None  # the next page's address carries the query already
        raise _malformed(_("svaret fortsätter på fler än %(pages)s sidor") % {"pages": MAX_PAGES})

    def _get_json(self, url: httpx.URL | str, params: dict[str, Any] | None) -> tuple[dict, httpx.URL]:
        for attempt in range(1, self.attempts + 1):
            last = attempt == self.attempts
            try:
                response = self.http.get(url, params=params, timeout=self.timeout)
            except httpx.TimeoutException:
                if last:
                    raise KoladaError(
                        _(
                            "Kolada svarade inte inom %(seconds)s sekunder (%(attempts)s försök). "
                            "Försök igen senare."
                        )
                        % {"seconds": _seconds(self.timeout), "attempts": self.attempts}
                    ) from None
            except httpx.TransportError as error:
                if last:
                    raise KoladaError(
                        _(
                            "Kunde inte ansluta till Kolada (%(host)s) efter %(attempts)s försök: %(error)s. "
                            "Kontrollera nätverket och försök igen senare."
                        )
                        % {"host": httpx.URL(str(url)).host, "attempts": self.attempts, "error": error}
                    ) from None
            else:
                if response.status_code < 500 and response.status_code != 429:
                    return _parse(response), response.url
                if last and response.status_code == 429:
                    raise KoladaError(
                        _(
                            "Kolada tar inte emot fler frågor just nu (HTTP 429, %(attempts)s försök). "
                            "Försök igen senare."
                        )
                        % {"attempts": self.attempts}
                    )
                if last:
                    raise KoladaError(
                        _(
                            "Kolada svarade med serverfel (HTTP %(status)s) %(attempts)s gånger i rad. "
                            "Försök igen senare."
                        )
                        % {"status": response.status_code, "attempts": self.attempts}
                    )
            # Kolada's 5xx, 429 and dropped connections are usually brief: wait a little longer each time.
            self.sleep(min(BACKOFF_SECONDS * 2 ** (attempt - 1), MAX_BACKOFF_SECONDS))
        raise AssertionError("unreachable")  # pragma: no cover


# Batches and threads --------------------------------------------------------------------------


def _value_paths(
    kpi_ids: Sequence[str], municipality_ids: Sequence[str], years: Sequence[int] | None
) -> list[str]:
    """The data paths that together ask for every KPI × municipality × year, 25 ids a segment at most."""
    year_batches: list[Sequence[int] | None] = _chunks(years) if years else [None]
    paths = []
    for kpi_batch, municipality_batch, year_batch in product(
        _chunks(kpi_ids), _chunks(municipality_ids), year_batches
    ):
        path = f"/data/kpi/{','.join(kpi_batch)}/municipality/{','.join(municipality_batch)}"
        if year_batch:
            path += f"/year/{','.join(str(year) for year in year_batch)}"
        paths.append(path)
    return paths


_ITEM, _DONE, _FAILED = "item", "done", "failed"
_PUT_WAIT = 0.05  # seconds: how often a worker waiting on a full queue looks whether it should stop


def _interleaved(jobs: list[Callable[[], Iterator[Any]]], *, limit: int) -> Iterator[Any]:
    """The items of every job as they are made, the jobs run in threads, at most ``limit`` at once.

    A job's own items keep their order. The queue between the threads and the caller is short,
    so a caller that is slow to take the items (writing them to the database) holds the jobs
    back instead of letting items pile up in memory. The first error of a job stops the others
    (after the request each is making) and is raised to the caller.
    """
    if limit <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield from job()
        return
    results: queue.Queue = queue.Queue(maxsize=limit)
    stop = threading.Event()

    def put(item: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                results.put(item, timeout=_PUT_WAIT)
                return True
            except queue.Full:
                pass
        return False

    def run(job: Callable[[], Iterator[Any]]) -> None:
        if stop.is_set():
            return
        try:
            for item in job():
                if not put((_ITEM, item)):
                    return
        except Exception as error:  # any error of a job, not only KoladaError, is the caller's to see
            put((_FAILED, error))
        else:
            put((_DONE, None))

    executor = ThreadPoolExecutor(max_workers=min(limit, len(jobs)), thread_name_prefix="kolada")
    try:
        for job in jobs:
            executor.submit(run, job)
        remaining = len(jobs)
        while remaining:
            kind, payload = results.get()
            if kind == _FAILED:
                raise payload
            if kind == _DONE:
                remaining -= 1
            else:
                yield payload
    finally:
        stop.set()
        executor.shutdown(wait=True, cancel_futures=True)


# Reading the answers ------------------------------------------------------------------------


def _seconds(timeout: float) -> str:
    return f"{timeout:g}".replace(".", ",")


def _malformed(what: str) -> KoladaError:
    return KoladaError(
        _("Kolada svarade med något som inte är Koladas dokumenterade JSON-format: %(what)s.")
        % {"what": what}
    )


def _parse(response: httpx.Response) -> dict:
    status = response.status_code
    if status == 404:
        raise KoladaNotFound(
            _("Kolada har inget på adressen %(url)s (HTTP 404).") % {"url": response.request.url}
        )
    if status >= 400:
        detail = ""
        # FastAPI-style errors carry a "detail"; anything else is left out of the message.
        with suppress(ValueError, AttributeError):
            detail = response.json().get("detail", "")
        raise KoladaError(
            _("Kolada avvisade frågan (HTTP %(status)s)%(detail)s.")
            % {"status": status, "detail": f": {detail}" if isinstance(detail, str) and detail else ""}
        )
    try:
        # Decimal keeps Kolada's decimals as written (0.1 stays 0.1, not 0.1000000000000000055…).
        body = response.json(parse_float=Decimal)
    except ValueError:
        raise _malformed(_("svaret är inte JSON")) from None
    if not isinstance(body, dict) or not isinstance(body.get("values"), list):
        raise _malformed(_("listan values saknas"))
    return body


def _text(item: dict, key: str) -> str:
    value = item.get(key)
    return value if isinstance(value, str) else ""


def _kpi(item: dict) -> Kpi:
    kpi_id, title = item.get("id"), item.get("title")
    if not isinstance(kpi_id, str) or not kpi_id or not isinstance(title, str):
        raise _malformed(_("ett nyckeltal saknar id eller title"))
    return Kpi(
        id=kpi_id,
        title=title,
        description=_text(item, "description"),
        operating_area=_text(item, "operating_area"),
        municipality_type=_text(item, "municipality_type"),
        is_divided_by_gender=bool(item.get("is_divided_by_gender")),
    )


def _year(period: Any) -> int:
    if isinstance(period, bool):
        raise _malformed(_("period är inte ett år"))
    if isinstance(period, int):
        return period
    if isinstance(period, str) and period.isdigit():
        return int(period)
    raise _malformed(_("period är inte ett år"))


def _number(raw: Any) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal | str):
        raise _malformed(_("ett värde är inte ett tal"))
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise _malformed(_("ett värde är inte ett tal")) from None
    if not value.is_finite():
        raise _malformed(_("ett värde är inte ett tal"))
    return value


def _data_values(row: dict, genders: set[str]) -> list[KoladaValue]:
    """The values of one data row. Called for every row of every page, so the usual case (a year
    as a number, a value as JSON's decimal) is checked first and without a call of its own."""
    kpi_id, municipality_id, entries = row.get("kpi"), row.get("municipality"), row.get("values")
    if not isinstance(kpi_id, str) or not isinstance(municipality_id, str) or not isinstance(entries, list):
        raise _malformed(_("en datarad saknar kpi, municipality eller values"))
    period = row.get("period")
    year = period if type(period) is int else _year(period)  # type(), not isinstance(): True is no year
    if row.get("isdeleted") is True:
        return []  # Kolada marks withdrawn values rather than leaving them out
    values = []
    for entry in entries:
        gender = entry.get("gender") if isinstance(entry, dict) else None
        if not isinstance(gender, str):
            raise _malformed(_("ett värde saknar gender"))
        raw = entry.get("value")
        if gender not in genders or raw is None or entry.get("isdeleted") is True:
            continue
        # JSON's decimals come as Decimal (parse_float), always finite: NaN and Infinity are floats.
        value = raw if type(raw) is Decimal else _number(raw)
        status = entry.get("status", "")
        values.append(
            KoladaValue(
                kpi_id, municipality_id, year, gender, value, status if isinstance(status, str) else ""
            )
        )
    return values


# Shortcuts with a client of their own -------------------------------------------------------------


@contextmanager
def _client(client: KoladaClient | None) -> Iterator[KoladaClient]:
    if client is not None:
        yield client
        return
    with KoladaClient() as own:
        yield own


def kpi_search(*, title: str, client: KoladaClient | None = None) -> list[Kpi]:
    with _client(client) as kolada:
        return kolada.kpi_search(title=title)


def kpi_get(*, kpi_id: str, client: KoladaClient | None = None) -> Kpi:
    with _client(client) as kolada:
        return kolada.kpi_get(kpi_id=kpi_id)


def kpi_values(
    *,
    kpi_ids: Iterable[str],
    municipality_ids: Iterable[str],
    years: Iterable[int] | None = None,
    genders: Iterable[str] = (TOTAL,),
    client: KoladaClient | None = None,
) -> list[KoladaValue]:
    with _client(client) as kolada:
        return kolada.kpi_values(
            kpi_ids=kpi_ids, municipality_ids=municipality_ids, years=years, genders=genders
        )
