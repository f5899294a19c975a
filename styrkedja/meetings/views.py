"""The plan's year wheel (årshjul): its meetings and the budget process, month by month; a KS or AU
meeting's page with what it hears and what is missing, and its underlag as PDF, Word and web page."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from styrkedja.documents.kept import document_source, kept_document
from styrkedja.documents.services import DOCUMENT_FORMATS
from styrkedja.documents.views import kept_or_queued, progress_context
from styrkedja.meetings.selectors import MeetingNotFound, meeting_agenda, meeting_get, year_wheel
from styrkedja.meetings.underlag import rule_sentence
from styrkedja.meetings.wheel import wheel_drawing
from styrkedja.web.access import member_required
from styrkedja.web.lookups import plan_or_404


@member_required
def calendar_view(request, board: str, year: int):
    plan = plan_or_404(request, board, year)
    wheel = year_wheel(plan=plan)
    return render(
        request,
        "meetings/calendar.html",
        {"plan": plan, "wheel": wheel, "drawing": wheel_drawing(wheel), "section": "calendar"},
    )


def _meeting_or_404(request, board: str, year: int, pk: int):
    plan = plan_or_404(request, board, year)
    try:
        return meeting_get(plan=plan, pk=pk)
    except MeetingNotFound as error:
        raise Http404(str(error)) from None


@member_required
def meeting_detail(request, board: str, year: int, pk: int):
    """What the meeting hears, each goal and assignment with its report or marked missing."""
    meeting = _meeting_or_404(request, board, year, pk)
    agenda = meeting_agenda(meeting=meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "plan": meeting.plan,
            "meeting": meeting,
            "agenda": agenda,
            "rule": rule_sentence(agenda),
            "section": "calendar",
        },
    )


@require_GET
@member_required
def meeting_underlag(request, board: str, year: int, pk: int, format: str):
    """The meeting's underlag: the web page shown, the PDF and the Word file saved; made once for
    each state of the reports it shows, in the background, and kept (documents.kept)."""
    meeting = _underlag_meeting(request, board, year, pk, format)
    source = document_source(plan=meeting.plan, period=None, format=format, meeting=meeting)
    progress = reverse("meetings:underlag_progress", args=[board, year, pk, format])
    return kept_or_queued(request, source, progress_url=progress)


def _underlag_meeting(request, board: str, year: int, pk: int, format: str):
    if format not in DOCUMENT_FORMATS:
        raise Http404(_("Okänt format."))
    return _meeting_or_404(request, board, year, pk)


def _progress_context(request, board: str, year: int, pk: int, format: str) -> dict:
    meeting = _underlag_meeting(request, board, year, pk, format)
    return progress_context(
        plan=meeting.plan,
        rendered=kept_document(plan=meeting.plan, period=None, format=format, meeting=meeting),
        format=format,
        document_name=_("Underlaget till %(body)s %(date)s")
        % {"body": meeting.body, "date": meeting.date.isoformat()},
        download_url=reverse("meetings:underlag", args=[board, year, pk, format]),
        status_url=reverse("meetings:underlag_progress_status", args=[board, year, pk, format]),
        back=(reverse("meetings:detail", args=[board, year, pk]), _("Tillbaka till sammanträdet")),
    )


@require_GET
@member_required
def underlag_progress(request, board: str, year: int, pk: int, format: str):
    """How the render of the underlag goes; its status asks again every other second (htmx)."""
    context = _progress_context(request, board, year, pk, format)
    return render(request, "documents/document_progress.html", context)


@require_GET
@member_required
def underlag_progress_status(request, board: str, year: int, pk: int, format: str):
    context = _progress_context(request, board, year, pk, format)
    return render(request, "documents/_document_status.html", context)
