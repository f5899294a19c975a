"""Log-ins, log-outs, failures and lock-outs become audit entries; a log-in starts the session's clock."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from styrkedja.accounts import services
from styrkedja.accounts.lockout import ADDRESS, failures
from styrkedja.accounts.sessions import SESSION_ENDED_BY, session_start


def _ip_address(request) -> str | None:
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request)


@receiver(user_logged_in, dispatch_uid="styrkedja.accounts.logged_in")
def _logged_in(sender, request, user, **kwargs):
    ip_address = _ip_address(request)
    if request is not None and hasattr(request, "session"):
        session_start(request)
    if ip_address:
        # The user name's own failures from this address are forgiven, the address's other ones are not
        # (see AXES_RESET_ON_SUCCESS in the settings).
        AxesProxyHandler.reset_attempts(ip_address=ip_address, username=user.get_username())
    services.login_succeeded(user=user, ip_address=ip_address)


@receiver(user_login_failed, dispatch_uid="styrkedja.accounts.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    services.login_failed(username=credentials.get("username", ""), ip_address=_ip_address(request))


@receiver(user_locked_out, dispatch_uid="styrkedja.accounts.locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    # Axes says so at every failure beyond the limit; the log records when a lock-out begins.
    now = failures(request, getattr(request, "axes_credentials", None))
    if now.scope is None or now.before_this_one().scope is not None:
        return
    count = now.address if now.scope == ADDRESS else now.pair
    services.login_locked_out(username=username or "", ip_address=ip_address, scope=now.scope, failures=count)


@receiver(user_logged_out, dispatch_uid="styrkedja.accounts.logged_out")
def _logged_out(sender, request, user, **kwargs):
    reason = getattr(request, SESSION_ENDED_BY, None) if request is not None else None
    services.logout_recorded(user=user, ip_address=_ip_address(request), reason=reason)
