"""Publishing a plan or a follow-up, and withdrawing a publication."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from styrkedja import text_limits
from styrkedja.audit.services import audit_log
from styrkedja.documents.kept import document_current
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.plans.models import Plan
from styrkedja.plans.selectors import plan_decision_latest
from styrkedja.publishing.models import Publication, PublicVersion, PublishedDocument
from styrkedja.publishing.snapshot import DOCUMENT_FORMATS, snapshot_build


def publication_refusal(*, plan: Plan, period: FollowUpPeriod | None) -> str | None:
    """Why the plan or follow-up may not be published now, in words; None when it may."""
    if period is not None:
        if period.plan_id != plan.pk:
            return _("Perioden hör inte till planen.")
        if not period.is_closed:
            return _("%(period)s är inte stängd: en uppföljning publiceras när den är klar.") % {
                "period": period.name
            }
        return None
    decision = plan_decision_latest(plan=plan)
    if decision is None:
        return _("Planen är inte beslutad: en plan publiceras när den är antagen.")
    if decision.is_open:
        return _("En revision av planen pågår: publicera när revisionen är beslutad.")
    return None


def _version_raise(municipality_id: int) -> None:
    """A new number for the municipality's public pages: every server's cached pages are stale."""
    PublicVersion.objects.get_or_create(municipality_id=municipality_id)
    PublicVersion.objects.filter(municipality_id=municipality_id).update(number=F("number") + 1)


def publication_publish(*, plan: Plan, period: FollowUpPeriod | None = None, user=None) -> Publication:
    """Make the plan (``period`` None) or its follow-up at ``period`` public as it is now.

    The content and the documents are fixed here; the plan's later changes are public only when
    it is published again. Refused, in words, for a plan not adopted or a period not closed.
    """
    refusal = publication_refusal(plan=plan, period=period)
    if refusal:
        raise ValidationError(refusal)
    # Before the transaction: a PDF takes seconds to render, and no row should be locked meanwhile.
    # A document kept of the data as they are is taken as it is (documents.kept).
    snapshot = snapshot_build(plan=plan, period=period)
    rendered = [document_current(plan=plan, period=period, format=format) for format in DOCUMENT_FORMATS]
    with transaction.atomic():
        publication = Publication.objects.create(
            municipality_id=plan.municipality_id,
            plan=plan,
            period=period,
            snapshot=snapshot,
            published_by=user if user is not None and user.is_authenticated else None,
        )
        for format, file in zip(DOCUMENT_FORMATS, rendered, strict=True):
            PublishedDocument.objects.create(
                publication=publication,
                format=format,
                filename=file.filename,
                content_type=file.content_type,
                content=file.content,
                size=len(file.content),
            )
        _version_raise(plan.municipality_id)
        audit_log(
            municipality=plan.municipality,
            action="publishing.publication.published",
            obj=publication,
            user=user,
            data={
                "plan": plan.name,
                "edition": publication.edition,
                "goals": len(snapshot["goals"]),
                "documents": list(DOCUMENT_FORMATS),
            },
        )
    return publication


def publication_withdraw(*, publication: Publication, reason: str, user=None) -> Publication:
    """Take a publication off the public pages, the open data and the API, with the reason why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Ange varför publiceringen återkallas.")})
    if len(reason) > text_limits.COMMENT:
        raise ValidationError(
            {"reason": _("Skälet får vara högst %(n)s tecken.") % {"n": text_limits.COMMENT}}
        )
    with transaction.atomic():
        locked = Publication.objects.select_for_update(of=("self",)).get(pk=publication.pk)
        if locked.is_withdrawn:
            raise ValidationError(_("Publiceringen är redan återkallad."))
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = user if user is not None and user.is_authenticated else None
        locked.withdrawal_reason = reason
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        _version_raise(locked.municipality_id)
        audit_log(
            municipality=locked.municipality,
            action="publishing.publication.withdrawn",
            obj=locked,
            user=user,
            data={"plan": locked.plan.name, "edition": locked.edition, "reason": reason},
        )
    return locked
