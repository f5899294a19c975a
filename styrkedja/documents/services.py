"""Making the documents, and keeping a municipality's Word template."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from styrkedja.audit.services import audit_log
from styrkedja.documents.blocks import Document
from styrkedja.documents.content import followup_document, plan_document
from styrkedja.documents.models import WordTemplate
from styrkedja.documents.render import render_html, render_pdf
from styrkedja.documents.spreadsheet import followup_spreadsheet, plan_spreadsheet
from styrkedja.documents.word import render_docx
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.officefiles.container import OfficeFileRefused
from styrkedja.officefiles.wordtemplate import word_template_clean
from styrkedja.plans.models import Plan

FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "html": ("text/html; charset=utf-8", "html"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
DOCUMENT_FORMATS = ("pdf", "docx", "html")  # a document of blocks; xlsx is the plan's data, not a document
# Word's navigation pane and table of contents are built from these.
WORD_STYLES_NEEDED = ("Heading 1", "Heading 2", "Heading 3")


@dataclass(frozen=True)
class RenderedFile:
    content: bytes
    filename: str
    content_type: str


def document_filename(*, plan: Plan, period: FollowUpPeriod | None, extension: str) -> str:
    parts = [plan.municipality.slug, plan.board.slug, str(plan.year)]
    parts.append(f"uppfoljning-{period.code.lower()}" if period else "verksamhetsplan")
    return re.sub(r"[^a-z0-9-]+", "-", "-".join(parts).lower()) + f".{extension}"


def document_render(
    *, plan: Plan, period: FollowUpPeriod | None = None, format: str, nonce: str = ""
) -> RenderedFile:
    """The plan document (no period) or the follow-up report at ``period``, in ``format``.

    ``nonce``: the Content-Security-Policy nonce of the request that shows the web page.
    """
    if format not in FORMATS:
        raise ValidationError(
            _("Okänt format ”%(format)s”. Välj pdf, docx, html eller xlsx.") % {"format": format}
        )
    if period is not None and period.plan_id != plan.pk:
        raise ValidationError(_("Perioden hör inte till planen."))
    filename = document_filename(plan=plan, period=period, extension=FORMATS[format][1])
    if format == "xlsx":
        content = followup_spreadsheet(plan=plan, period=period) if period else plan_spreadsheet(plan=plan)
        return RenderedFile(content, filename, FORMATS[format][0])
    document = followup_document(plan=plan, period=period) if period else plan_document(plan=plan)
    return document_file(
        document,
        municipality=plan.municipality,
        filename=filename.rsplit(".", 1)[0],
        format=format,
        nonce=nonce,
    )


def document_file(
    document: Document, *, municipality, filename: str, format: str, nonce: str = ""
) -> RenderedFile:
    """A document made of blocks as a web page (html), a tagged PDF or a Word file made with the
    municipality's Word template; ``filename`` without its extension."""
    if format not in DOCUMENT_FORMATS:
        raise ValidationError(_("Okänt format ”%(format)s”. Välj pdf, docx eller html.") % {"format": format})
    content_type, extension = FORMATS[format]
    if format == "html":
        content = render_html(document, nonce=nonce).encode("utf-8")
    elif format == "pdf":
        content = render_pdf(document)
    else:
        template = getattr(municipality, "word_template", None)
        try:
            content = render_docx(document, template=bytes(template.content) if template else None)
        except OfficeFileRefused as refused:
            raise ValidationError(
                _(
                    "Kommunens Word-mall ”%(name)s” kan inte användas: %(reason)s Ladda upp mallen "
                    "på nytt under Word-mall."
                )
                % {"name": template.name, "reason": refused.message}
            ) from None
    return RenderedFile(content, f"{filename}.{extension}", content_type)


@transaction.atomic
def word_template_set(*, municipality, name: str, content: bytes, user=None) -> WordTemplate:
    """Keep the municipality's Word template, after checking that Word documents can be made with it.

    What is kept is the template cleaned (officefiles.wordtemplate): its styles, page set-up,
    headers and footers with their pictures, and nothing that fetches or runs anything.
    """
    from docx import Document as WordDocument

    not_word = _("”%(name)s” är ingen Word-fil (.docx). Spara mallen som Word-dokument och försök igen.") % {
        "name": name
    }
    try:
        cleaned = word_template_clean(content)
    except OfficeFileRefused as refused:
        if refused.unreadable:
            raise ValidationError(not_word) from None
        raise ValidationError(
            _("”%(name)s” kan inte användas som Word-mall: %(reason)s")
            % {"name": name, "reason": refused.message}
        ) from None
    content = cleaned.content
    try:
        styles = {style.name for style in WordDocument(io.BytesIO(content)).styles}
    except Exception:  # python-docx raises several kinds for a file that is not a Word document
        raise ValidationError(not_word) from None
    missing = [style for style in WORD_STYLES_NEEDED if style not in styles]
    if missing:
        raise ValidationError(
            _("Mallen saknar formaten %(styles)s. Utgå från en mall som har Words inbyggda rubrikformat.")
            % {"styles": ", ".join(missing)}
        )
    template, _created = WordTemplate.objects.update_or_create(
        municipality=municipality, defaults={"name": name, "content": content, "uploaded_by": user}
    )
    audit_log(municipality=municipality, action="documents.word_template.set", obj=template, user=user,
              data={"name": name, "removed": cleaned.removed})  # fmt: skip
    template.removed = cleaned.removed  # for the page to say what was left out
    return template
