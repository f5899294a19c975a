"""How long a text may be: what a document can hold.

Every text a person writes ends up in a document: a report's comment in a table cell of the
follow-up, a goal's texts as paragraphs of the plan. Without a limit, one comment of 500 000
characters made a follow-up PDF take half a minute to render, and a cell run over a dozen
pages. The limits are well above the longest texts of real plans (the longest comment of
Mjölby's T3 report has 3 716 characters; Valdemarsvik's longest "Vägen till målet" 1 681), and
every way in keeps them: the model fields (and so the forms and the admin), the services, the
data file loader and the workbook.
"""

from __future__ import annotations

import re

from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext

from styrkedja.charts.numbers import swedish_number

TITLE = 1_000  # an activity, an assignment, an indicator, an investment item
COMMENT = 6_000  # a report's comment; a period's description and comment; a meeting's description
REASON = 2_000  # why an assessment departs from the proposal
GOAL_TEXT = 10_000  # a goal's texts: the goal, measurable, Nuläge, Motivering, Vägen till målet, Uppföljning
SECTION = 30_000  # a prose section of the plan document


# Control characters other than tab and line feed: a vertical tab pasted from a PDF, say. A Word
# or Excel file cannot hold them (XML 1.0), so a text that carried one would break every document.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalised(text: str) -> str:
    """A text as Styrkedja keeps it: lines end in a line feed (a browser sends CR LF), and no control
    character that a document cannot hold."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def too_long(text: str, limit: int) -> str | None:
    """The Swedish message for a text over its limit, or None."""
    if len(text) <= limit:
        return None
    length, most = swedish_number(len(text)), swedish_number(limit)
    return f"Texten är {length} tecken lång men får vara högst {most} tecken."


def _limit_sentence(limit: int) -> str:
    return gettext("Högst %(limit)s tecken.") % {"limit": swedish_number(limit)}


limit_sentence = lazy(_limit_sentence, str)


def with_limit(help_text, limit: int):
    """A form field's help text followed by its limit ("… Högst 6 000 tecken."), translated when shown."""
    return format_lazy("{} {}", help_text, limit_sentence(limit)) if help_text else limit_sentence(limit)
