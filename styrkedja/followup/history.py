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
downloaded before someone reported again would add its edited rows after the newer report: the
callers (the workbook's update and the replace) refuse that by the file's creation time.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field


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
