"""A controller reminds the rapportörer of a period from its page: asked first, then sent."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from styrkedja.reminders.selectors import reminder_round
from styrkedja.reminders.services import reminders_send
from styrkedja.reminders.texts import outcome_sentences
from styrkedja.web.access import manager_required
from styrkedja.web.lookups import period_or_404, plan_or_404


@manager_required
@require_POST
def reminders_send_view(request, board: str, year: int, code: str):
    """Without ``confirm``: who would get a reminder, who would not and why; with it, sent."""
    plan = plan_or_404(request, board, year)
    period = period_or_404(plan, code)
    target = reverse("followup:period_detail", args=[board, year, period.code])
    if request.POST.get("confirm") != "1":
        return render(
            request,
            "reminders/send_confirm.html",
            {"plan": plan, "period": period, "round": reminder_round(period=period, now=timezone.now())},
        )
    try:
        outcome = reminders_send(
            period=period, base_url=f"{request.scheme}://{request.get_host()}", user=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(target)
    sentences = outcome_sentences(outcome)
    level = messages.warning if outcome.failed or outcome.without_email else messages.success
    level(request, " ".join(sentences))
    return redirect(target)
