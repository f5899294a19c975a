"""The documents of a plan: the list with a download of each format, and the municipality's Word template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from styrkedja.documents.choices import RenderFormat, RenderState
from styrkedja.documents.forms import WordTemplateForm
from styrkedja.documents.kept import (
    document_render_start,
    document_source,
    is_fresh,
    kept_document,
    kept_file,
)
from styrkedja.documents.services import FORMATS, RenderedFile, word_template_set
from styrkedja.plans.forms import ReportPartsForm
from styrkedja.plans.services import plan_report_parts_set
from styrkedja.tenancy.permissions import can_manage_plans
from styrkedja.web.access import manager_required, member_required
from styrkedja.web.lookups import period_or_404, plan_or_404


@member_required
def document_list(request, board: str, year: int):
    plan = plan_or_404(request, board, year)
    may_manage = can_manage_plans(request.user, request.municipality)
    return _document_list(request, plan, ReportPartsForm(instance=plan) if may_manage else None)


def _document_list(request, plan, parts_form, *, status: int = 200):
    periods = [period for period in plan.periods.all() if period.is_tertial]
    return render(
        request,
        "documents/document_list.html",
        {
            "plan": plan,
            "periods": periods,
            "word_template": getattr(request.municipality, "word_template", None),
            "may_manage": parts_form is not None,
            "parts_form": parts_form,
        },
        status=status,
    )


@require_POST
@manager_required
def report_parts_view(request, board: str, year: int):
    """Choose which parts the plan's follow-up reports show."""
    plan = plan_or_404(request, board, year)
    form = ReportPartsForm(request.POST, instance=plan)
    if not form.is_valid():
        return _document_list(request, plan, form, status=422)
    plan_report_parts_set(plan=plan, user=request.user, **form.cleaned_data)
    messages.success(request, _("Uppföljningsrapporternas delar är sparade."))
    return redirect("documents:list", board, year)


def _document_key(request, board: str, year: int, format: str):
    plan = plan_or_404(request, board, year)
    if format not in FORMATS:
        raise Http404(_("Okänt format."))
    code = request.GET.get("period", "")
    return plan, (period_or_404(plan, code) if code else None)


def _progress_url(plan, period, format: str) -> str:
    url = reverse("documents:progress", args=[plan.board.slug, plan.year, format])
    return f"{url}?period={period.code}" if period else url


@require_GET
@member_required
def document_download(request, board: str, year: int, format: str):
    """The plan document, or with ?period=T3 the follow-up report; the web page is shown, the rest saved."""
    plan, period = _document_key(request, board, year, format)
    try:
        source = document_source(plan=plan, period=period, format=format)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("documents:list", board, year)
    return kept_or_queued(request, source, progress_url=_progress_url(plan, period, format))


def kept_or_queued(request, source, *, progress_url: str) -> HttpResponse:
    """A kept file made from the data as they are is answered at once; otherwise a render is
    started in the background and the answer is its progress page (or the file, if it was made
    at once: the immediate task backend)."""
    rendered = kept_document(**source.key)
    if not is_fresh(rendered, source):
        rendered = document_render_start(source=source)
    if is_fresh(rendered, source):
        nonce = str(request.csp_nonce) if source.format == "html" else ""
        return file_response(kept_file(rendered, nonce=nonce), inline=source.format == "html")
    return redirect(progress_url)


def progress_context(
    *,
    plan,
    rendered,
    format: str,
    document_name: str,
    download_url: str,
    status_url: str,
    back: tuple[str, str],
) -> dict:
    """What a document's progress page shows; ``back``: the link back, its address and text."""
    if rendered is None:
        state = ""  # never asked for: the download link asks
    elif rendered.state in (RenderState.PENDING, RenderState.RUNNING, RenderState.FAILED):
        state = rendered.state
    else:
        state = RenderState.DONE
    return {
        "plan": plan,
        "format": format,
        "format_name": RenderFormat(format).label,
        "document_name": document_name,
        "rendered": rendered,
        "state": state,
        "download_url": download_url,
        "status_url": status_url,
        "back_url": back[0],
        "back_text": back[1],
    }


def _progress_context(request, board: str, year: int, format: str) -> dict:
    plan, period = _document_key(request, board, year, format)
    query = f"?period={period.code}" if period else ""
    return progress_context(
        plan=plan,
        rendered=kept_document(plan=plan, period=period, format=format),
        format=format,
        document_name=_("Uppföljningen %(name)s") % {"name": period.name} if period else plan.title,
        download_url=reverse("documents:download", args=[board, year, format]) + query,
        status_url=reverse("documents:progress_status", args=[board, year, format]) + query,
        back=(reverse("documents:list", args=[board, year]), _("Tillbaka till dokumenten")),
    )


@require_GET
@member_required
def document_progress(request, board: str, year: int, format: str):
    """How the render of a document goes; the status below asks again every other second (htmx)."""
    return render(
        request, "documents/document_progress.html", _progress_context(request, board, year, format)
    )


@require_GET
@member_required
def document_progress_status(request, board: str, year: int, format: str):
    """The progress page's status alone, for htmx to swap in."""
    context = _progress_context(request, board, year, format)
    return render(request, "documents/_document_status.html", context)


def file_response(rendered: RenderedFile, *, inline: bool) -> HttpResponse:
    """A made document as the answer: the web page shown (``inline``), the other formats saved."""
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{rendered.filename}"'
    return response


@manager_required
def word_template_view(request):
    """Upload the municipality's Word template; the Word documents then use its styles."""
    if request.method == "POST":
        form = WordTemplateForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["template"]
            try:
                template = word_template_set(
                    municipality=request.municipality,
                    name=upload.name,
                    content=upload.read(),
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error("template", error)
            else:
                message = _("Word-mallen är sparad och används för kommunens Word-dokument.")
                if template.removed:
                    removed = _(
                        "Ur mallen togs det bort som inte behövs för en mall, eller som Word annars "
                        "hämtar eller kör när dokumenten öppnas: %(removed)s."
                    )
                    message += " " + removed % {"removed": "; ".join(template.removed)}
                messages.success(request, message)
                return redirect("documents:word_template")
    else:
        form = WordTemplateForm()
    return render(
        request,
        "documents/word_template.html",
        {"form": form, "word_template": getattr(request.municipality, "word_template", None)},
    )
