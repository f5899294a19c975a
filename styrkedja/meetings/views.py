"""The plan's year wheel (årshjul): its meetings and the budget process, month by month; a KS or AU
meeting's page with what it hears and what is missing, and its underlag as PDF, Word and web page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from styrkedja.documents.services import DOCUMENT_FORMATS, document_file
from styrkedja.documents.views import file_response
from styrkedja.meetings.selectors import MeetingNotFound, meeting_agenda, meeting_get, year_wheel
from styrkedja.meetings.underlag import rule_sentence, underlag_document, underlag_filename
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
    """The meeting's underlag: the web page shown, the PDF and the Word file saved."""
    if format not in DOCUMENT_FORMATS:
        raise Http404(_("Okänt format."))
    meeting = _meeting_or_404(request, board, year, pk)
    document = underlag_document(agenda=meeting_agenda(meeting=meeting))
    nonce = str(request.csp_nonce) if format == "html" else ""
    try:
        rendered = document_file(
            document,
            municipality=meeting.plan.municipality,
            filename=underlag_filename(meeting),
            format=format,
            nonce=nonce,
        )
    except ValidationError as error:  # a stored Word template that cannot be used
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:detail", board, year, pk)
    return file_response(rendered, inline=format == "html")
