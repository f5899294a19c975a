"""Reading a plan document into a proposal: the one service the upload page and the command use."""

from __future__ import annotations

from styrkedja.plan_import.proposal import Proposal
from styrkedja.plan_import.reading import PlanReadError, document_read
from styrkedja.plan_import.rules import plan_proposed
from styrkedja.plan_import.vocabulary import Vocabulary

__all__ = ["PlanReadError", "plan_document_read"]


def plan_document_read(*, content: bytes, filename: str, municipality, period: str | None = None) -> Proposal:
    """The plan the document holds, as a proposal to review; nothing is written.

    Raises ``PlanReadError`` (a ValidationError with a Swedish message) for a document that is too
    large, encrypted, scanned, broken or of an unknown type.
    """
    document = document_read(content=content, filename=filename)
    plan, unplaced, found_period = plan_proposed(document, Vocabulary.of(municipality), period)
    return Proposal(
        municipality=municipality.slug,
        period=period or found_period,
        filename=filename,
        pages=document.pages,
        plan=plan,
        unplaced=unplaced,
    )
