"""The activity tables of a plan document, as tables (PDF, Word) or as text (``pdftotext``, with
or without ``-layout``): a row's title and kind, status, responsible unit and collaborators.

``ActivityTables`` is a part of ``rules.PlanReader``: its methods read the rows, and place each
activity under the goal being read.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from styrkedja.plan_import.pieces import collaborators_read, responsible_read, status_read, title_and_kind
from styrkedja.plan_import.proposal import Unplaced, review
from styrkedja.plan_import.reading import Line, Table
from styrkedja.plan_import.vocabulary import Vocabulary
from styrkedja.plan_import.words import (
    GENERIC_COLLABORATORS,
    KIND_NAMES,
    KIND_RE,
    NONE_WORDS,
    STATUS_RE,
    norm,
    word_key,
)

if TYPE_CHECKING:
    from styrkedja.plan_import.rules import _Goal

# Header words of an activity table's columns, to what the column holds.
_COLUMN_WORDS = (
    (r"nuläge|status", "status"), (r"typ", "kind"), (r"ansvarig", "responsible"),
    (r"samverkan|samarbets\w*|samverkanspart", "collaborators"),
    (r"T[123]|M\d\d", "status"),  # the period under "Nuläge", where "Nuläge" itself runs on from the text
)  # fmt: skip


# An unknown responsible unit is kept by its name only when it is as short as a unit's name.
UNKNOWN_UNIT_LENGTH = 80


def _unknown_unit_at_start(text: str, vocabulary: Vocabulary) -> tuple[str, str]:
    """(a guess of the unknown unit that begins ``text``, the rest): the words before the first
    collaborator the municipality knows, or the first word; the reviewer confirms it."""
    words = text.split()
    if not words or not words[0][:1].isupper() or vocabulary.match(words[0]):
        return "", text
    for cut in range(1, min(len(words), 6)):
        if vocabulary.match(words[cut]) or words[cut].lower() in NONE_WORDS:
            return " ".join(words[:cut]), " ".join(words[cut:])
    if len(words) == 1:
        return words[0], ""
    return words[0], " ".join(words[1:])


def _layout_columns(header_lines: list[str]) -> list[tuple[int, str]]:
    """Where the columns of a table set out by pdftotext -layout begin, from its header words
    standing two spaces or more after the text before them; [] for a table run together."""
    found: dict[str, int] = {}
    for raw in header_lines:
        for pattern, role in _COLUMN_WORDS:
            match = re.search(rf"(?:^|\s{{2,}})({pattern})\b", raw, re.IGNORECASE)
            if match and match.start(1) > 0 and role not in found:
                found[role] = match.start(1)
    if len(found) < 2:
        return []
    return [(0, "title"), *sorted(((start, role) for role, start in found.items()), key=lambda item: item[0])]


def column_of(header: list[str], words: tuple[str, ...]) -> int | None:
    for index, cell in enumerate(header):
        if any(cell.startswith(word) for word in words):
            return index
    for index, cell in enumerate(header):
        if any(f" {word}" in f" {cell}" for word in words):
            return index
    return None


class ActivityTables:
    """The activity tables' rules of ``PlanReader``."""

    def _activity_table(self, table: Table, state: dict) -> None:
        rows = [[norm(cell or "") for cell in row] for row in table.rows]
        header = [cell.lower() for cell in rows[0]]
        columns = {
            "title": column_of(header, ("aktivitet", "åtgärd", "insats")),
            "kind": column_of(header, ("typ",)),
            "status": column_of(header, ("nuläge", "status")),
            "responsible": column_of(header, ("ansvarig",)),
            "collaborators": column_of(header, ("samverkan", "samarbet", "samverkanspart")),
        }
        period = (
            re.search(r"\b(T[123])\b", rows[0][columns["status"]]) if columns["status"] is not None else None
        )
        if period and not self.period:
            self.period = period.group(1)
        state["last_activity_table"] = (len(rows[0]), columns)
        self._activity_rows(rows[1:], table, columns, state)

    def _activity_rows(self, rows, table: Table, columns: dict, state: dict) -> None:
        # The rows after the header: the table's row 2 onwards, as a reader counts them.
        for number, row in enumerate(rows, start=2):
            if not any(row):
                continue
            if row[0].lower().startswith("aktivitet och kort beskrivning"):
                continue

            def cell(name, row=row):
                index = columns.get(name)
                return row[index] if index is not None and index < len(row) else ""

            title, kind, note, _marked = title_and_kind(cell("title"))
            notes: list[str] = []
            confidence = 0.95
            if columns.get("kind") is not None:
                kind = KIND_NAMES.get(word_key(cell("kind")), "")
                if (
                    word_key(cell("kind")) not in KIND_NAMES
                    and word_key(cell("kind")) not in NONE_WORDS
                    and cell("kind") != "–"
                ):
                    notes.append(_("Typen ”%(kind)s” känns inte igen.") % {"kind": cell("kind")})
                    confidence = 0.6
            responsible, co, _rest = responsible_read(cell("responsible"), self.vocabulary)
            if not responsible:
                notes.append(_("Ansvarig ”%(text)s” är ingen känd enhet.") % {"text": cell("responsible")})
                confidence = 0.4
                # Kept as the document names it, for the reviewer to match to a unit or create.
                named = norm(cell("responsible"))
                responsible = named if len(named) <= UNKNOWN_UNIT_LENGTH and named not in NONE_WORDS else ""
            collaborators, sure, found_notes = collaborators_read(cell("collaborators"), self.vocabulary)
            notes += found_notes
            confidence = min(confidence, sure)
            data = {"title": title, "kind": kind, "responsible": responsible, "collaborators": collaborators}
            if co:
                data["co_responsible"] = co
            if note:
                data["note"] = note
            if columns.get("status") is not None:
                priority = re.match(r"^Angeläget\s+", cell("status"))
                word = cell("status")[priority.end() :] if priority else cell("status")
                if priority:
                    data["priority"] = "angelaget"
                status, sure, status_note = status_read(word)
                if status and self.period:
                    data["reports"] = [{"period": self.period, "status": status}]
                elif not status:
                    notes.append(_("Statusen ”%(word)s” känns inte igen.") % {"word": word})
                    confidence = min(confidence, 0.4)
                if status_note:
                    notes.append(status_note)
                    confidence = min(confidence, sure)
            self._activity_place(data, table.page, table.line, confidence, notes, state, row=number)

    def _activity_place(
        self, data: dict, page, line, confidence: float, notes: list[str], state: dict, row: int | None = None
    ) -> None:
        if not data["title"]:
            notes.append(_("Aktiviteten saknar titel; raden kan höra ihop med raden före."))
            confidence = min(confidence, 0.3)
        review(data, page=page, line=line, confidence=confidence, note=" ".join(notes), row=row)
        goal: _Goal | None = state["goal"]
        if goal is not None:
            goal.data.setdefault("activities", []).append(data)
        elif state.get("special"):
            self.special.append(data)
        else:
            self.unplaced.append(
                Unplaced(data["title"], page, line, _("Aktiviteten står inte under något mål."))
            )

    def _text_table(self, blocks, start: int, state: dict) -> int:
        """An activity table as plain text: rows of the title, then status, responsible and
        collaborators, wrapped in their columns and run together line by line."""
        lines: list[Line] = []
        header_lines: list[str] = []
        segments: list[tuple[list[str], list[Line]]] = [(header_lines, [])]
        i = start
        header = 0
        while i < len(blocks):
            block = blocks[i]
            if isinstance(block, Table):
                break
            text = norm(block.text)
            if text.lower().startswith("aktivitet och kort beskrivning"):
                header = 20
                header_lines = []  # a header repeated on a new page: its columns may stand elsewhere
                segments.append((header_lines, []))
            if header == "closing" and not text:
                header = 0  # the header ends with the blank line after its last column's name
            if header:
                period = re.search(r"^Nuläge\s*(T[123])?$", text)
                if text.startswith("T") and re.fullmatch(r"T[123]", text) and not self.period:
                    self.period = text
                if period and period.group(1) and not self.period:
                    self.period = period.group(1)
                if header != "closing":
                    header = "closing" if "kommentar" in text.lower() else header - 1
                header_lines.append(block.raw or block.text)
                lines.append(Line("", block.page, block.line))
                i += 1
                continue
            if text:
                kind, _detail, _used = self.classify(text, "")
                if kind and kind != "field":
                    break
            lines.append(block)
            segments[-1][1].append(block)
            i += 1
        for raw in (raw for headers, _lines in segments for raw in headers):
            period = re.search(r"(?:^|\s)(T[123])(?:\s|$)", raw)
            if period and not self.period:
                self.period = period.group(1)
        layouts = [(_layout_columns(headers), found) for headers, found in segments if headers]
        if layouts and all(columns for columns, _found in layouts):
            for columns, found in layouts:
                for row in self._layout_rows(found, columns):
                    self._text_row(row, state)
            return i
        chunks: list[list[Line]] = []
        for line in lines:
            if norm(line.text) in ("-", "–"):
                chunks.append([line])  # "no collaborators": the row's last cell, whatever follows it
                chunks.append([])
            elif norm(line.text):
                if not chunks or (chunks[-1] and chunks[-1][-1] is None):
                    chunks.append([])
                chunks[-1].append(line)
            elif chunks and chunks[-1] and chunks[-1][-1] is not None:
                chunks[-1].append(None)
        chunks = [
            chunk for chunk in ([line for line in chunk if line is not None] for chunk in chunks) if chunk
        ]
        rows: list[dict] = []
        for chunk in chunks:
            text = self._joined(chunk)
            status = self._status_in(text)
            row = rows[-1] if rows else None
            if status is not None:
                before = text[: status.start()].strip()
                after = text[status.end() :].strip()
                if row is None or row["status"] is not None:
                    row = {
                        "title": [],
                        "status": None,
                        "rest": [],
                        "page": chunk[0].page,
                        "line": chunk[0].line,
                    }
                    rows.append(row)
                if before:
                    row["title"].append(before)
                row["status"] = status
                if after:
                    row["rest"].append(after)
                continue
            if row is not None and row["status"] is not None and self._continues(row, text):
                row["rest"].append(text)
                continue
            if row is None or row["status"] is not None:
                row = {"title": [], "status": None, "rest": [], "page": chunk[0].page, "line": chunk[0].line}
                rows.append(row)
            row["title"].append(text)
        for row in rows:
            self._text_row(row, state)
        return i

    def _status_in(self, text: str):
        matches = list(STATUS_RE.finditer(text))
        for match in matches:
            after = text[match.end() :].strip()
            if not after or self.vocabulary.unit_at_start(after):
                return match
        return matches[0] if matches else None

    def _continues(self, row: dict, text: str) -> bool:
        rest = " ".join(row["rest"])
        if text in NONE_WORDS and not rest.endswith(("-", "–")):
            return True
        if not responsible_read(rest, self.vocabulary)[0]:
            return True  # the responsible unit is still to come
        if rest.rstrip().endswith((",", " och", " samt")):
            return True
        if KIND_RE.search(text):
            return False
        pieces = [piece for piece in re.split(r",\s*|\s+(?:och|samt)\s+", text) if piece.strip()]
        known = [
            piece
            for piece in pieces
            if self.vocabulary.match(piece) or word_key(piece) in GENERIC_COLLABORATORS
        ]
        if not known:
            return False
        return all(piece in known or len(piece.split()) <= 2 for piece in pieces)

    def _layout_rows(self, lines: list[Line], columns: list[tuple[int, str]]) -> list[dict]:
        """The rows of a table that pdftotext -layout set out in columns. Each run of words goes to
        the column it starts in (the header's positions are a few characters off, so with some
        slack); a status word that runs on from the title is split off; a blank line, or a second
        status in a block of lines, begins a new row."""
        rows: list[dict] = []
        current: dict | None = None
        status_start = next((start for start, role in columns if role == "status"), None)
        for line in lines:
            raw = line.raw or line.text
            if not raw.strip():
                current = None
                continue
            cells: dict[str, list[str]] = {}
            for run in re.finditer(r"\S+(?: \S+)*", raw):
                role = next((role for start, role in reversed(columns) if run.start() >= start - 3), "title")
                text = run.group()
                if role == "title" and status_start is not None:
                    ran_on = [
                        m for m in STATUS_RE.finditer(text) if run.start() + m.start() >= status_start - 8
                    ]
                    if ran_on:
                        found = ran_on[0]
                        cells.setdefault("title", []).append(text[: found.start()].strip())
                        cells.setdefault("status", []).append(found.group())
                        if text[found.end() :].strip():
                            cells.setdefault("responsible", []).append(text[found.end() :].strip())
                        continue
                if role == "status":
                    found = STATUS_RE.match(text)
                    if found and text[found.end() :].strip():
                        # The responsible unit run on from the status: "Ej inledd Kommunledningskontoret"
                        cells.setdefault("status", []).append(found.group())
                        cells.setdefault("responsible", []).append(text[found.end() :].strip())
                        continue
                cells.setdefault(role, []).append(text)
            if current is not None and cells.get("status") and current["cells"].get("status"):
                current = None
            if current is None:
                current = {"cells": {}, "page": line.page, "line": line.line}
                rows.append(current)
            for role, found in cells.items():
                current["cells"].setdefault(role, []).append(" ".join(part for part in found if part))
        result = []
        roles = {role for _start, role in columns}
        for row in rows:
            text = {
                role: self._joined([Line(part, 0, 0) for part in parts])
                for role, parts in row["cells"].items()
            }
            status = STATUS_RE.search(text.get("status", ""))
            rest = " ".join(
                part for part in (text.get("responsible", ""), text.get("collaborators", "")) if part
            )
            result.append({
                "title": [text.get("title", "")], "status": status, "rest": [rest] if rest else [],
                "page": row["page"], "line": row["line"], "statusless": "status" not in roles,
                "kind_text": text.get("kind", "") if "kind" in roles else None,
            })  # fmt: skip
        return result

    def _text_row(self, row: dict, state: dict) -> None:
        notes: list[str] = []
        confidence = 0.95
        title, kind, note, _marked = title_and_kind(" ".join(row["title"]))
        if row.get("kind_text") is not None:
            kind = KIND_NAMES.get(word_key(row["kind_text"]), kind)
        data: dict[str, Any] = {"title": title, "kind": kind}
        if row["status"] is None and not row.get("statusless"):
            notes.append(_("Ingen status hittades på raden; kontrollera status, ansvarig och samverkan."))
            confidence = 0.3
            data.update(responsible="", collaborators=[])
        else:
            if row["status"] is not None:
                if row["status"].group("priority"):
                    data["priority"] = "angelaget"
                status, sure, status_note = status_read(row["status"].group("status"))
                if status_note:
                    notes.append(status_note)
                    confidence = min(confidence, sure)
                if self.period:
                    data["reports"] = [{"period": self.period, "status": status}]
            responsible, co, rest = responsible_read(" ".join(row["rest"]), self.vocabulary)
            if not responsible:
                notes.append(
                    _("Ansvarig enhet känns inte igen i ”%(text)s”.") % {"text": " ".join(row["rest"])[:80]}
                )
                confidence = min(confidence, 0.4)
                responsible, rest = _unknown_unit_at_start(rest, self.vocabulary)
            data["responsible"] = responsible
            if co:
                data["co_responsible"] = co
                notes.append(_("Flera ansvariga: %(names)s.") % {"names": ", ".join([responsible, *co])})
                confidence = min(confidence, 0.75)
            collaborators, sure, found = collaborators_read(rest, self.vocabulary)
            data["collaborators"] = collaborators
            notes += found
            confidence = min(confidence, sure)
        if note:
            data["note"] = note
            notes.append(_("”%(note)s” efter typmarkeringen lades som anmärkning.") % {"note": note})
            confidence = min(confidence, 0.75)
        self._activity_place(data, row["page"], row["line"], confidence, notes, state)

    # The plan mapping -------------------------------------------------------------------------
