"""How a list of report rows from a file (a workbook, a data file) meets a report's history.

A report's history is append-only: a row once written is never changed or removed, and the
newest row is the current report. A file that comes back from Excel holds the rows that were
downloaded, maybe edited, maybe with rows added. ``history_merge`` says, row by row, what such a
file means for the history:

- a row equal to a row of the history is already there (kept, nothing to do);
- a row after the last such row is new: it is added, in the file's order, and the last one
  becomes the current report;
- a new row before a row that is already there would change what was reported earlier:
  that cannot be done, and the caller names the row as a fault.

Rows of the history that the file lacks stay in the history (nothing is ever removed). A file
downloaded before someone reported again would add its edited rows after the newer report:
``history_extend``, which the workbook's update and a replace both write through, refuses that
by the file's creation time.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class HistoryMerge:
    kept: list[int] = field(default_factory=list)  # indices of the file's rows already in the history
    added: list[int] = field(default_factory=list)  # indices of rows to add, in order
    rewritten: list[int] = field(default_factory=list)  # indices of rows that would change the past


def history_merge(history: Sequence[Hashable], rows: Sequence[Hashable]) -> HistoryMerge:
    """``history`` and ``rows`` are the compared values of each row (e.g. (status, comment)),
    the history oldest first and the file's rows in the file's order."""
    kept: list[int] = []
    unmatched: list[int] = []
    position = 0  # the file's rows are matched to the history in order
    for index, row in enumerate(rows):
        try:
            found = history.index(row, position)
        except ValueError:
            unmatched.append(index)
        else:
            kept.append(index)
            position = found + 1
    last_kept = kept[-1] if kept else -1
    return HistoryMerge(
        kept=kept,
        added=[index for index in unmatched if index > last_kept],
        rewritten=[index for index in unmatched if index < last_kept],
    )


def _shown(report, field: str) -> str:
    """A report's value as people read it: a status or assessment in words."""
    display = getattr(report, f"get_{field}_display", None)
    return str(display()) if display else str(getattr(report, field))


def history_extend(
    *,
    history: Sequence,
    rows: Sequence[tuple],
    fields: tuple[str, ...],
    owner: str,
    downloaded_at: datetime.datetime | None,
    write: Callable[[int, Any], Any],
    refuse: Callable[[int, str, str], None],
) -> int:
    """Write a file's report rows for one object and period after its ``history`` (oldest first).

    ``rows`` are the file's rows as the values of ``fields``; ``write(index, current)`` writes row
    ``index`` after the report ``current`` and gives the report that is current then (the follow-up
    services: unchanged input adds no row; a closed or unopened period raises); ``refuse(index,
    field, message)`` names a row that cannot be written. ``owner`` is the object's word in a
    message ("aktiviteten"). A report written after ``downloaded_at`` (when the file was made) is
    not overwritten. Returns how many rows were added to the history.
    """
    merge = history_merge([tuple(getattr(report, name) for name in fields) for report in history], rows)
    for index in merge.rewritten:
        refuse(
            index,
            fields[0],
            "raden ändrar en äldre rapport i historiken, och det som en gång rapporterats ändras inte. "
            f"Ändra den sista raden för {owner} och perioden, eller lägg till en ny rad under den.",
        )
    if not merge.added:
        return 0
    current = history[-1] if history else None
    # The file keeps its time to the second: a report of the same second counts as seen.
    if current is not None and downloaded_at and current.created_at.replace(microsecond=0) > downloaded_at:
        now = " – ".join(_shown(current, name) for name in fields if getattr(current, name))
        refuse(
            merge.added[0],
            fields[0],
            f"rapporten har ändrats i Styrkedja sedan arbetsboken laddades ner (nu: {now}). "
            "Ladda ner arbetsboken igen och för in ändringen där.",
        )
        return 0
    added = 0
    for index in merge.added:
        try:
            report = write(index, current)
        except ValidationError as error:
            messages = error.message_dict if hasattr(error, "error_dict") else {fields[0]: error.messages}
            field, texts = next(iter(messages.items()))
            refuse(index, field, " ".join(texts))
            continue
        added += report.pk != getattr(current, "pk", None)  # unchanged input gives the current report
        current = report
    return added
