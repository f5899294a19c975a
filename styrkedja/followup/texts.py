"""Sentences the reports state about a plan's follow-up, written from the counts."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrkedja.assignments.choices import AssignmentStatus
from styrkedja.followup.selectors import PlanSummary


def summary_sentence(summary: PlanSummary) -> str:
    """E.g. "Under 2024 planerades totalt 38 aktiviteter, projekt och förstudier. Vid slutet av 2024 …"."""
    counts, year = summary.counts, summary.plan.year
    assignments = assignment_sentence(summary)
    if not summary.rules.show_activity_sentence:  # a municipality that reports goals, not activities
        return assignments
    if not counts.total:  # not "0 aktiviteter … ca 0 procent"
        return " ".join([_("Planen har inga aktiviteter, projekt eller förstudier."), assignments]).strip()
    parts = [
        _("Under %(year)s planerades totalt %(total)s aktiviteter, projekt och förstudier.")
        % {"year": year, "total": counts.total}
    ]
    if summary.period is None:
        return " ".join([parts[0], assignments]).strip()
    period = summary.period
    when = (
        _("Vid slutet av %(year)s") % {"year": year}
        if period.ends_on.month == 12 and period.ends_on.day == 31
        else _("Per %(date)s") % {"date": date_format(period.ends_on, "j F Y")}
    )
    parts.append(
        _("%(when)s har %(done)s av dessa genomförts, motsvarande ca %(percent)s procent.")
        % {"when": when, "done": counts.done, "percent": counts.done_percent}
    )
    rest = [
        ngettext("%(n)s aktivitet pågår", "%(n)s aktiviteter pågår", counts.ongoing) % {"n": counts.ongoing},
        ngettext(
            "%(n)s aktivitet är ännu ej inledd", "%(n)s aktiviteter är ännu ej inledda", counts.not_started
        )
        % {"n": counts.not_started},
    ]
    parts.append(_("%(first)s och %(second)s.") % {"first": rest[0], "second": rest[1]})
    if counts.not_reported:
        parts.append(
            ngettext(
                "%(n)s aktivitet saknar rapport.", "%(n)s aktiviteter saknar rapport.", counts.not_reported
            )
            % {"n": counts.not_reported}
        )
    if assignments:
        parts.append(assignments)
    return " ".join(parts)


def assignment_sentence(summary: PlanSummary) -> str:
    """E.g. "Av 4 uppdrag är 3 genomförda och 1 pågående."; empty for a plan without assignments.
    Without a period: how many there are.

    The standard words are inflected by number; a municipality's own words cannot be, so they are
    quoted as the names of statuses: "Av 4 uppdrag har 3 status ”Klart” och 1 status ”Pågår”."
    """
    counts = summary.assignments
    if counts is None or not counts.total:
        return ""
    if summary.period is None:
        return ngettext("Planen har %(n)s uppdrag.", "Planen har %(n)s uppdrag.", counts.total) % {
            "n": counts.total
        }
    # Done first, as the reports count them ("Av 30 uppdrag nås 27").
    order = {"done": 0, "ongoing": 1, "not_started": 2, "not_done": 3}
    rows = sorted(
        (row for row in counts.by_status(summary.assignment_labels) if row[2]), key=lambda row: order[row[0]]
    )
    if not rows:
        return ngettext(
            "Uppdraget saknar rapport.", "Inget av de %(n)s uppdragen har rapporterats.", counts.total
        ) % {"n": counts.total}
    if all(label == AssignmentStatus(key).label for key, label, _n in rows):
        shown = [_inflected(key, n) for key, _label, n in rows]
        sentence = _("Av %(total)s uppdrag är %(listed)s")
    else:
        shown = [_("%(n)s status ”%(label)s”") % {"n": n, "label": label} for _key, label, n in rows]
        sentence = _("Av %(total)s uppdrag har %(listed)s")
    sentence %= {"total": counts.total, "listed": _listed(shown)}
    if counts.not_reported:
        sentence += "; " + ngettext("%(n)s saknar rapport", "%(n)s saknar rapport", counts.not_reported) % {
            "n": counts.not_reported
        }
    return sentence + "."


def _inflected(status: str, n: int) -> str:
    """A count with the standard word of an uppdrag's status, as the sentence "Av 4 uppdrag är …" needs it."""
    if status == AssignmentStatus.DONE:
        return ngettext("%(n)s genomfört", "%(n)s genomförda", n) % {"n": n}
    if status == AssignmentStatus.ONGOING:
        return ngettext("%(n)s pågående", "%(n)s pågående", n) % {"n": n}
    if status == AssignmentStatus.NOT_STARTED:
        return ngettext("%(n)s ej påbörjat", "%(n)s ej påbörjade", n) % {"n": n}
    return ngettext("%(n)s ej genomfört", "%(n)s ej genomförda", n) % {"n": n}


def _listed(parts: list[str]) -> str:
    """ "a, b och c"."""
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s och %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}
