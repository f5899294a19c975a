"""Two limits on failed log-ins, through django-axes: per user name and address, and per address.

Five failures (``LOGIN_FAILURES_PER_USERNAME``) for one user name from one address lock that
pair, so that one person's typing cannot lock a colleague out. Twenty failures
(``LOGIN_FAILURES_PER_ADDRESS``) from one address, over any user names, lock the address:
that stops password spraying, a few guesses at each of many accounts. The address gets its
own, higher limit because a town hall's staff may share one address behind NAT.

django-axes counts the failures of each of its ``AXES_LOCKOUT_PARAMETERS`` (here the pair and
the address), takes the largest and compares it with one ``AXES_FAILURE_LIMIT``. The address's
count is never smaller than the pair's, so ``failure_limit`` answers the pair's limit once the
pair has reached it, and the address's limit otherwise: together, "pair ≥ 5 or address ≥ 20".
The counts are read from axes' database handler (``AXES_HANDLER``'s default).
"""

from __future__ import annotations

from dataclasses import dataclass

from axes.attempts import get_cool_off_threshold
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

USERNAME, ADDRESS = "username", "address"


@dataclass(frozen=True)
class Failures:
    """Failed log-ins within the cool-off time: of this user name from this address, and from the address."""

    pair: int
    address: int

    @property
    def pair_locked(self) -> bool:
        return self.pair >= settings.LOGIN_FAILURES_PER_USERNAME

    @property
    def address_locked(self) -> bool:
        return self.address >= settings.LOGIN_FAILURES_PER_ADDRESS

    @property
    def scope(self) -> str | None:
        """What is locked: the address (the wider), the user name at the address, or nothing."""
        if self.address_locked:
            return ADDRESS
        return USERNAME if self.pair_locked else None

    def before_this_one(self) -> Failures:
        """The counts as they were before the failure just recorded."""
        return Failures(pair=max(self.pair - 1, 0), address=max(self.address - 1, 0))


def _sum(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def failures(request, credentials=None) -> Failures:
    AxesProxyHandler.update_request(request)  # the address and time as axes sees them
    username = get_client_username(request, credentials)
    recent = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return Failures(pair=_sum(recent.filter(username=username)), address=_sum(recent))


def failure_limit(request, credentials=None) -> int:
    """``AXES_FAILURE_LIMIT``: see the module's docstring."""
    if failures(request, credentials).pair_locked:
        return settings.LOGIN_FAILURES_PER_USERNAME
    return settings.LOGIN_FAILURES_PER_ADDRESS


def client_ip(request) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: the client's address, behind ``TRUSTED_PROXY_COUNT`` reverse proxies.

    Without proxies it is REMOTE_ADDR. Behind them, each proxy appends the address it received
    from to X-Forwarded-For; the client is the one the first proxy appended, and anything to the
    left of it was written by the client and is not trusted.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote  # not through all the proxies: the connection's own address
    return forwarded[-proxies]
