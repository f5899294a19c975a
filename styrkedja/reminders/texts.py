"""What a round of reminders did, in the words the period's page and the command say it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrkedja.reminders.selectors import Recipient
from styrkedja.reminders.services import ReminderOutcome


def names(recipients: list[Recipient]) -> str:
    return ", ".join(recipient.name for recipient in recipients)


def outcome_sentences(outcome: ReminderOutcome) -> list[str]:
    """One sentence per kind of result, the sent first: "Påminnelser skickade till 3 rapportörer: …"."""
    count = len(outcome.sent)
    if outcome.dry_run:
        sent = ngettext(
            "Påminnelse skulle skickas till %(n)s rapportör",
            "Påminnelser skulle skickas till %(n)s rapportörer",
            count,
        )
    else:
        sent = ngettext(
            "Påminnelse skickad till %(n)s rapportör", "Påminnelser skickade till %(n)s rapportörer", count
        )
    sentences = [sent % {"n": count} + (f": {names(outcome.sent)}." if count else ".")]
    if outcome.without_email:
        sentences.append(
            _("%(n)s saknar e-postadress: %(names)s.")
            % {"n": len(outcome.without_email), "names": names(outcome.without_email)}
        )
    if outcome.reminded_today:
        sentences.append(
            _("Redan påminda i dag, så ingen ny: %(names)s.") % {"names": names(outcome.reminded_today)}
        )
    if outcome.failed:
        sentences.append(
            _("E-postservern tog inte emot påminnelsen till: %(names)s. Försök igen senare.")
            % {"names": names(outcome.failed)}
        )
    return sentences
