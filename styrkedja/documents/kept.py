"""Documents rendered once per state of the plan's data, in the background, and kept in storage:
the plan document, each follow-up report, and each meeting's underlag, in every format.

The data version of a document is a SHA-256 over what the document shows: its blocks (pdf, docx,
html: documents.content) or its cells (xlsx: documents.spreadsheet), built from the database just
as for a render, and for Word the municipality's template. Why this and not a counter raised by
the write services, nor the audit log's latest entry: a fingerprint of the content cannot miss a
change, whatever made it (any service, the admin, a data migration, the demo loader, another plan's
goal that this one quotes, a renamed unit, a new assessment scale), while a write that the document
does not show, or another plan's, leaves it as it was. Building the blocks costs a fixed number of
queries and milliseconds; what is kept is the render (WeasyPrint's PDF, the Word file, the zipped
workbook), which costs seconds.

The kept files go through Django's storage API (``default_storage``): MEDIA_ROOT on the file
system, or an S3-compatible bucket with STORAGE_URL (settings.py).
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from styrkedja.documents.choices import RenderState
from styrkedja.documents.content import followup_document, plan_document
from styrkedja.documents.models import RenderedDocument
from styrkedja.documents.services import (
    DOCUMENT_FORMATS,
    FORMATS,
    RenderedFile,
    document_file,
    document_filename,
)
from styrkedja.documents.spreadsheet import (
    followup_workbook,
    plan_workbook,
    workbook_bytes,
    workbook_fingerprint_source,
)
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.meetings.models import Meeting
from styrkedja.meetings.selectors import meeting_agenda
from styrkedja.meetings.underlag import underlag_document, underlag_filename
from styrkedja.plans.models import Plan

logger = logging.getLogger(__name__)

# The web page is kept with this in place of the CSP nonce, which is each request's own.
NONCE_PLACEHOLDER = "styrkedja-kept-document-nonce"
# Raised when the format of a kept file changes (a new layout): every kept file is then stale.
RENDER_VERSION = "1"
# A render asked for and not finished by then (a worker stopped mid-way) may be asked for again.
RENDER_PATIENCE = timedelta(minutes=10)

CHART_ID = re.compile(r"chart-[0-9a-f]{12}")
# Sent after each real render (not a kept file served): sender the format; plan, period.
document_rendered = Signal()


@dataclass
class Source:
    """A document's content built from the data, its fingerprint, and how to render it."""

    plan: Plan
    period: FollowUpPeriod | None
    format: str
    version: str
    _render: Callable[[], RenderedFile]
    meeting: Meeting | None = None  # a meeting's underlag (then no period)

    @property
    def key(self) -> dict:
        """The kept row's fields that name the document."""
        return {"plan": self.plan, "period": self.period, "meeting": self.meeting, "format": self.format}

    def render(self) -> RenderedFile:
        rendered = self._render()
        document_rendered.send(sender=self.format, plan=self.plan, period=self.period)
        return rendered


def _fingerprint(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in (RENDER_VERSION, *parts):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def document_source(
    *, plan: Plan, period: FollowUpPeriod | None, format: str, meeting: Meeting | None = None
) -> Source:
    if format not in FORMATS or (meeting is not None and format not in DOCUMENT_FORMATS):
        raise ValidationError(
            _("Okänt format ”%(format)s”. Välj pdf, docx, html eller xlsx.") % {"format": format}
        )
    if period is not None and period.plan_id != plan.pk:
        raise ValidationError(_("Perioden hör inte till planen."))
    if meeting is not None and (meeting.plan_id != plan.pk or period is not None):
        raise ValidationError(_("Sammanträdet hör inte till planen."))
    filename = _filename(plan=plan, period=period, meeting=meeting, format=format)
    if format == "xlsx":
        workbook = followup_workbook(plan=plan, period=period) if period else plan_workbook(plan=plan)
        version = _fingerprint(format, workbook_fingerprint_source(workbook))
        return Source(
            plan,
            period,
            format,
            version,
            lambda: RenderedFile(workbook_bytes(workbook), filename, FORMATS[format][0]),
        )
    if meeting is not None:
        document = underlag_document(agenda=meeting_agenda(meeting=meeting))
    elif period is not None:
        document = followup_document(plan=plan, period=period)
    else:
        document = plan_document(plan=plan)
    template = getattr(plan.municipality, "word_template", None) if format == "docx" else None
    template_stamp = f"{template.pk}:{template.uploaded_at.isoformat()}" if template else ""
    # A chart's SVG has ids drawn at random (charts.svg) for each build: they are no part of the content.
    shown = CHART_ID.sub("chart-", repr(document))
    version = _fingerprint(format, shown, template_stamp)
    return Source(
        plan,
        period,
        format,
        version,
        lambda: document_file(
            document,
            municipality=plan.municipality,
            filename=filename.rsplit(".", 1)[0],
            format=format,
            nonce=NONCE_PLACEHOLDER,
        ),
        meeting=meeting,
    )


def _filename(*, plan: Plan, period: FollowUpPeriod | None, meeting: Meeting | None, format: str) -> str:
    extension = FORMATS[format][1]
    if meeting is not None:
        return f"{underlag_filename(meeting)}.{extension}"
    return document_filename(plan=plan, period=period, extension=extension)


def kept_document(
    *, plan: Plan, period: FollowUpPeriod | None, format: str, meeting: Meeting | None = None
) -> RenderedDocument | None:
    """The row of the document (fresh, stale, or under way), or None if it was never asked for."""
    return RenderedDocument.objects.filter(plan=plan, period=period, meeting=meeting, format=format).first()


def is_fresh(rendered: RenderedDocument | None, source: Source) -> bool:
    """Kept, of the data as they are now, and still in storage (a folder restored without its
    files, or a bucket emptied, makes the document stale, not an error)."""
    return (
        rendered is not None
        and bool(rendered.file)
        and rendered.data_version == source.version
        and default_storage.exists(rendered.file.name)
    )


def document_render_start(*, source: Source) -> RenderedDocument:
    """Ask for a render of the document as ``source`` has it, unless one is asked for already.

    The row is locked while deciding, so two presses of a stale document start one task, and so
    do presses between which the data changed while the task waited its turn. The task
    is queued after the lock is let go: with the immediate backend (TASKS_IMMEDIATE, the tests) it
    runs at once, and must not hold the lock (on SQLite: every write) for the seconds of a render.
    Should the process stop in between, the row waits RENDER_PATIENCE before a press asks again.
    """
    from styrkedja.documents.tasks import render_document

    with transaction.atomic():
        row = RenderedDocument.objects.select_for_update().get(pk=_row_of(source).pk)
        if is_fresh(row, source):
            return row
        now = timezone.now()
        under_way = row.state in (RenderState.PENDING, RenderState.RUNNING) and row.task_id
        # A task not yet begun builds the data as they are when it runs, so it serves this press
        # too, whatever changed since it was asked for: presses while others save do not pile
        # renders up in the queue. One already rendering serves only the data it was asked for.
        serves_this = row.state == RenderState.PENDING or row.wanted_version == source.version
        if under_way and serves_this and row.asked_at > now - RENDER_PATIENCE:
            return row
        row.state = RenderState.PENDING
        row.wanted_version = source.version
        row.failure = ""
        row.asked_at = now
        row.task_id = "pending"
        row.save(update_fields=["state", "wanted_version", "failure", "asked_at", "task_id"])
    result = render_document.enqueue(row.pk)
    RenderedDocument.objects.filter(pk=row.pk, task_id="pending").update(task_id=str(result.id)[:64])
    row.refresh_from_db()
    return row


def document_render_run(*, rendered_id: int) -> None:
    """The task's work: build the document from the data as they are now, render it and keep it.

    The version kept is the one computed here, from the data rendered, whatever was asked for.
    """
    rows = RenderedDocument.objects.filter(pk=rendered_id)
    row = rows.select_related("plan__municipality", "plan__board", "period", "meeting").first()
    if row is None:  # the plan was deleted meanwhile
        return
    rows.update(state=RenderState.RUNNING)
    started = time.monotonic()
    try:
        source = document_source(plan=row.plan, period=row.period, format=row.format, meeting=row.meeting)
        rendered = source.render()
    except ValidationError as error:  # e.g. a stored Word template that cannot be used
        rows.update(state=RenderState.FAILED, failure=" ".join(error.messages))
        return
    except Exception:
        logger.exception("Rendering document %s failed", rendered_id)
        rows.update(
            state=RenderState.FAILED,
            failure=_(
                "Dokumentet kunde inte skapas på grund av ett fel i Styrkedja. Försök igen om en "
                "stund; kvarstår felet, kontakta den som sköter Styrkedja."
            ),
        )
        return
    _keep(row, source, rendered, seconds=time.monotonic() - started)


def _keep(row: RenderedDocument, source: Source, rendered: RenderedFile, *, seconds: float) -> None:
    """Put the file in storage as the row's, of the data ``source`` was built from."""
    stem, extension = rendered.filename.rsplit(".", 1)
    name = default_storage.save(
        f"documents/{row.plan_id}/{stem}-{source.version[:16]}.{extension}", ContentFile(rendered.content)
    )
    previous = row.file.name
    RenderedDocument.objects.filter(pk=row.pk).update(
        file=name,
        size=len(rendered.content),
        data_version=source.version,
        rendered_at=timezone.now(),
        render_seconds=round(seconds, 3),
        state=RenderState.DONE,
        failure="",
    )
    if previous and previous != name:
        default_storage.delete(previous)


def document_current(*, plan: Plan, period: FollowUpPeriod | None, format: str) -> RenderedFile:
    """The document of the data as they are now, for one who needs it at once (a publication):
    the kept file when it is fresh; else rendered here, and kept for the downloads after."""
    source = document_source(plan=plan, period=period, format=format)
    row = kept_document(plan=plan, period=period, format=format)
    if is_fresh(row, source):
        return kept_file(row)
    started = time.monotonic()
    rendered = source.render()
    _keep(row or _row_of(source), source, rendered, seconds=time.monotonic() - started)
    return rendered


def _row_of(source: Source) -> RenderedDocument:
    """The document's kept row, made if it was never asked for."""
    try:
        with transaction.atomic():
            return RenderedDocument.objects.get_or_create(**source.key)[0]
    except IntegrityError:  # made at the same moment by another request
        return RenderedDocument.objects.get(**source.key)


def kept_file(rendered: RenderedDocument, *, nonce: str = "") -> RenderedFile:
    """The kept file as an answer; the web page with the request's own CSP nonce."""
    with default_storage.open(rendered.file.name, "rb") as stored:
        content = stored.read()
    if rendered.format == "html":
        content = content.replace(NONCE_PLACEHOLDER.encode(), nonce.encode())
    filename = _filename(
        plan=rendered.plan, period=rendered.period, meeting=rendered.meeting, format=rendered.format
    )
    return RenderedFile(content, filename, FORMATS[rendered.format][0])
