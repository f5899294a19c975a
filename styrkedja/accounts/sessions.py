"""Sessions end on the server: after ``SESSION_IDLE_TIMEOUT`` seconds without a request, and
``SESSION_ABSOLUTE_TIMEOUT`` seconds after the log-in, whatever the browser does.

The session keeps when the user logged in and when a request was last seen. The time last seen is
written at most once every ``SEEN_REFRESH`` seconds, so that a busy user's session is not
written on every request (SQLite takes one writer at a time); the idle time is therefore
measured to within that minute.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LOGGED_IN_AT = "styrkedja_logged_in_at"
SEEN_AT = "styrkedja_seen_at"
SEEN_REFRESH = 60
IDLE, ABSOLUTE = "idle", "absolute"
# The request attribute that tells the log-out receiver why the session ended.
SESSION_ENDED_BY = "styrkedja_session_ended_by"


def session_start(request) -> None:
    now = int(time.time())
    request.session[LOGGED_IN_AT] = now
    request.session[SEEN_AT] = now


def _why(reason: str) -> str:
    if reason == IDLE:
        minutes = settings.SESSION_IDLE_TIMEOUT // 60
        return ngettext(
            "Du har loggats ut eftersom du inte har använt Styrkedja på %(count)d minut. Logga in igen.",
            "Du har loggats ut eftersom du inte har använt Styrkedja på %(count)d minuter. Logga in igen.",
            minutes,
        ) % {"count": minutes}
    hours = settings.SESSION_ABSOLUTE_TIMEOUT // 3600
    return ngettext(
        "Du har loggats ut eftersom det har gått %(count)d timme sedan du loggade in. Logga in igen.",
        "Du har loggats ut eftersom det har gått %(count)d timmar sedan du loggade in. Logga in igen.",
        hours,
    ) % {"count": hours}


class SessionTimeoutMiddleware:
    """Ends a session that has been idle or open too long; after AuthenticationMiddleware and htmx's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = self._expired(request)
            if reason is not None:
                setattr(request, SESSION_ENDED_BY, reason)
                logout(request)  # the log-out receiver writes the audit entry
                messages.warning(request, _why(reason))
                if getattr(request, "htmx", False):
                    # A page's form is not replaced by the log-in page: the script says what happened
                    # and the text the user was writing stays.
                    text = (
                        _why(reason)
                        + " "
                        + _("Din text finns kvar här: kopiera den innan du laddar om sidan.")
                    )
                    return HttpResponse(text, status=401, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _expired(request) -> str | None:
        session = request.session
        now = int(time.time())
        logged_in_at = session.get(LOGGED_IN_AT)
        seen_at = session.get(SEEN_AT, logged_in_at)
        if logged_in_at is None or seen_at is None:
            # A session from before the time limits: its clock starts now.
            session_start(request)
            return None
        if now - logged_in_at >= settings.SESSION_ABSOLUTE_TIMEOUT:
            return ABSOLUTE
        if now - seen_at >= settings.SESSION_IDLE_TIMEOUT:
            return IDLE
        if now - seen_at >= SEEN_REFRESH:
            session[SEEN_AT] = now
        return None
