"""Rules that read a plan out of a document's lines and tables: no network, no model.

The rules know what the municipality calls its goal levels, its units and its partners (from the
database), the words plan documents use for their parts ("Nuläge", "Motivering", "Vägen till
målet" …), the kind marks (A)/(P)/(F) of activities and the words for an activity's status. What
they find becomes a plan mapping of the plan data format (docs/data-format.md) with a ``_review``
on every goal, indicator, activity and assignment; what they cannot place is kept in ``unplaced``.

The words are in ``words.py``, the municipality's names in ``vocabulary.py``, and the reading of
one activity's row (title and kind, status, responsible, collaborators) in ``pieces.py``.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from styrkedja.plan_import.pieces import collaborators_read, responsible_read, status_read, title_and_kind
from styrkedja.plan_import.proposal import Unplaced, review
from styrkedja.plan_import.reading import Line, ReadDocument, Table
from styrkedja.plan_import.vocabulary import Level, Vocabulary
from styrkedja.plan_import.words import (
    CONJUNCTIONS,
    FIELD_WORDS,
    FOOTNOTE,
    GENERIC_COLLABORATORS,
    KIND_NAMES,
    KIND_RE,
    NONE_WORDS,
    NUMBERED,
    STATUS_RE,
    norm,
    word_key,
)

# The reading ------------------------------------------------------------------------------------


@dataclass
class _Goal:
    data: dict
    level: Level
    page: int
    line: int
    notes: list[str] = field(default_factory=list)
    confidence: float = 0.95
    outline: int = 0  # the heading's rank: its numbering's depth, or its style's level; 0 unknown
    parent: _Goal | None = None
    reviewed: bool = False  # a subgoal from a list, marked when it was read
    intro: list[str] = field(default_factory=list)  # paragraphs before "Nuläge": the goal and its measure
    fields: dict[str, list[str]] = field(default_factory=dict)


class PlanReader:
    def __init__(self, document: ReadDocument, vocabulary: Vocabulary, period: str | None):
        self.document = document
        self.vocabulary = vocabulary
        self.period = period
        self.goals: list[_Goal] = []  # every goal, in document order
        self.top: list[_Goal] = []
        self.special: list[dict] = []
        self.assignments: list[dict] = []
        self.sections: list[dict] = []
        self.period_comments: list[dict] = []
        self.unplaced: list[Unplaced] = []
        self.footnotes: set[str] = set()
        # The level whose plural name last headed a group of goals, and where that group began.
        self.group: tuple[str | None, int] = (None, 0)

    # What a line says -----------------------------------------------------------------------

    def classify(self, text: str, following: str = "") -> tuple[str, Any, int]:
        """What a heading line is: (kind, detail, lines used); ("", None, 0) for an ordinary line."""
        text = norm(text)
        numbered = NUMBERED.match(text)
        rest = numbered.group(2) if numbered else text
        candidates = [(rest, 1), (f"{rest} {norm(following)}", 2)]
        if norm(following)[:1].islower():
            candidates.reverse()  # a heading wrapped onto the next line
        for candidate, used in candidates:
            if used == 2 and (not following.strip() or len(rest) > 60):
                continue
            for level in self.vocabulary.levels:
                found = level.heading_pattern().match(candidate)
                if found and len(candidate) < 200:
                    return "goal", (level, found.group("number"), (found.group("title") or "").strip()), used
            lowered = candidate.lower().rstrip(":")
            for level in self.vocabulary.levels:
                if lowered in {level.name.lower(), level.name_plural.lower()}:
                    return "level", level, used
            if re.fullmatch(r"(uppföljning av )?aktiviteter( och projekt)?|aktivitetsplan", lowered):
                return "activities", None, used
            period = re.fullmatch(r"kommentar\s*(t[123]|m\d\d)?", lowered)
            if period:
                return "comment", (period.group(1) or "").upper() or self.period, used
            if lowered == "särskilda satsningar":
                return "special", None, used
            if re.fullmatch(
                r"(?:[\wåäö]+s\s+)?uppdrag(?:\s+(?:från|av)\s+(?:kommunfullmäktige|kf|fullmäktige))?", lowered
            ):
                return "assignments", None, used
            if not numbered and lowered in FIELD_WORDS:
                return "field", FIELD_WORDS[lowered], used
        if numbered and not text.endswith((".", ",")) and len(text) < 90:
            return "other", rest, 1
        return "", None, 0

    # The walk over the document --------------------------------------------------------------

    def read(self) -> dict:
        blocks = self._prepared()
        state = {"goal": None, "field": None, "section": None, "mode": "text", "special": False}
        paragraph: list[Line] = []
        i = 0
        self._section(_("Inledning"), "intro", None)

        def flush():
            if paragraph:
                self._paragraph(list(paragraph), state)
                paragraph.clear()

        while i < len(blocks):
            block = blocks[i]
            if isinstance(block, Table):
                flush()
                self._table(block, state)
                i += 1
                continue
            text = norm(block.text)
            if not text:
                flush()
                i += 1
                continue
            following = next((b.text for b in blocks[i + 1 : i + 2] if isinstance(b, Line)), "")
            kind, detail, used = (
                self.classify(text, following) if self._may_head(block, text) else ("", None, 0)
            )
            if (
                kind == ""
                and text.lower().startswith("aktivitet och kort beskrivning")
                and state["mode"] != "table"
            ):
                kind, detail, used = "activities", None, 0
            if kind:
                flush()
                i = self._heading(kind, detail, block, blocks, i, used, state)
                continue
            label = re.match(r"^(Nuläge|Mätbart mål|Motivering)\s*(?:[A-ZÅÄÖ]\d)?\s*:\s*(.*)$", text)
            if label and state["goal"] is not None:
                flush()
                state["field"] = FIELD_WORDS[label.group(1).lower()]
                if label.group(1).lower() == "nuläge":
                    state["goal"].fields.setdefault("baseline", [])
                if label.group(2):
                    paragraph.append(Line(label.group(2), block.page, block.line, 0, block.bullet))
                i += 1
                continue
            if block.bullet and paragraph:
                flush()
            paragraph.append(block)
            i += 1
        flush()
        return self._plan()

    def _may_head(self, block: Line, text: str) -> bool:
        return len(text) < 160 and not block.bullet

    def _prepared(self) -> list[Line | Table]:
        """The blocks with page numbers, running heads and footnotes taken out."""
        blocks: list[Line | Table] = []
        for block in self.document.blocks:
            if isinstance(block, Table):
                blocks.append(block)
                continue
            raw = block.text.replace("\t", " ")
            text = raw.strip()
            bullet = block.bullet
            bulleted = re.match(r"^[•●▪◦]\s*(.*)$", text)
            if bulleted:
                text, bullet = bulleted.group(1), True
            if re.fullmatch(r"\d{1,3}", text) or re.search(r"\.{5,}\s*\d+$", text):  # page numbers, contents
                text = ""
            footnote = FOOTNOTE.match(text)
            if footnote and self.document.kind != "docx" and not NUMBERED.match(text):
                self.footnotes.add(footnote.group(1))
                self.unplaced.append(Unplaced(text, block.page, block.line, _("Fotnot; läses inte in.")))
                text = ""
            line = Line(text, block.page, block.line, block.heading, bullet)
            line.raw = block.text.expandtabs(8)
            line.hyphen = raw.rstrip("\n").endswith("-") and not raw.endswith(" -")
            blocks.append(line)
        return blocks

    def _joined(self, lines: list[Line]) -> str:
        text = ""
        previous: Line | None = None
        for line in lines:
            part = norm(line.text)
            if not part:
                continue
            # "social-" + "tjänst" is one word, "vård-" + "och omsorg" is not.
            hyphenated = text.endswith("-") and previous is not None and previous.hyphen and len(text) > 1
            if (
                hyphenated
                and part[:1].islower()
                and text[-2].isalpha()
                and part.split()[0] not in CONJUNCTIONS
            ):
                text = text[:-1] + part
            elif text.endswith("/") and previous is not None and not norm(previous.text).endswith(" /"):
                text += part
            else:
                text = f"{text} {part}" if text else part
            previous = line
        for number in self.footnotes:
            text = re.sub(rf"(?<=[a-zåäö:]){number}(?=\s)", "", text)
        return text.strip()

    # Headings --------------------------------------------------------------------------------

    def _heading(self, kind, detail, block: Line, blocks, i: int, used: int, state: dict) -> int:
        previous_field, state["field"] = state["field"], None
        if kind == "goal":
            level, number, title = detail
            again = next(
                (g for g in self.goals if g.level.key == level.key and g.data["number"] == number), None
            )
            if again is not None and number:
                # The heading once more: a table's caption or a running head, not another goal.
                state["goal"], state["special"], state["mode"] = again, False, "text"
                state["field"] = previous_field
                return i + used
            self._goal_start(level, number, title, block, state)
            return i + used
        if kind == "level":
            level = detail
            goal = state["goal"]
            above = self.vocabulary.level_above(level)
            if self._heads_a_group(blocks, i + used) or above is None:
                # The level's name heads its goals ("Nämndspecifika mål", then each goal).
                state["goal"], state["special"] = None, False
                self.group = (level.key, len(self.goals))
            elif goal is not None and goal.level.key == above.key and not goal.data.get("children"):
                state["field"] = "children"  # the list of the goal's subgoals ("Resultatmål")
            else:
                # A list of subgoals with no goal heading above it (the heading may be an image).
                self._placeholder(above, block, state)
                state["field"] = "children"
            return i + used
        if kind == "activities":
            return self._text_table(blocks, i + used if used else i, state)
        if kind == "comment":
            state["field"] = "comment"
            state["comment_period"] = detail
            return i + used
        if kind == "special":
            state["goal"], state["special"] = None, True
            return i + used
        if kind == "assignments":
            state["goal"], state["special"] = None, False
            state["mode"] = "assignments"
            state["assignment_width"] = 0
            self._section(
                norm(" ".join(b.text for b in blocks[i : i + max(used, 1)] if isinstance(b, Line))),
                "assignments_note",
                block,
            )
            return i + max(used, 1)
        if kind == "field":
            if state["goal"] is None:
                self._section(norm(block.text), "other", block)
                return i + used
            state["field"] = detail
            state["goal"].fields.setdefault(detail, [])
            return i + used
        # another heading: a section of its own
        state["goal"], state["special"], state["mode"] = None, False, "text"
        self._section(detail, "other", block)
        return i + used

    def _heads_a_group(self, blocks, start: int) -> bool:
        """Whether a level's plural name heads goals of that level that follow (rather than a list)."""
        for block in blocks[start : start + 6]:
            if isinstance(block, Line) and norm(block.text):
                kind, _detail, _used = self.classify(block.text)
                return kind == "goal"
        return False

    def _goal_start(self, level: Level, number: str, title: str, block: Line, state: dict) -> _Goal:
        parent = None
        group_level, group_start = self.group
        outline = _outline(block)
        for goal in reversed(self.goals[group_start:] if group_level == level.key else self.goals):
            # Headings of the same rank (2.1 and 3.1, or two Heading 2) are not one under the other.
            ranked = outline and goal.outline and goal.outline >= outline
            if goal.level.depth < level.depth and not ranked:
                parent = goal
                break
            if goal.level.depth == level.depth:
                # A sibling: its parent, if any, is this goal's too.
                parent = goal.parent
                break
        data = {"key": self._goal_key(level, number), "level": level.key, "number": number, "title": title}
        goal = _Goal(data, level, block.page, block.line, outline=outline)
        goal.parent = parent
        if parent is not None:
            parent.data.setdefault("children", []).append(data)
        else:
            self.top.append(goal)
        self.goals.append(goal)
        state["goal"], state["special"], state["mode"] = goal, False, "text"
        return goal

    def _placeholder(self, level: Level, block: Line, state: dict) -> _Goal:
        number = str(sum(1 for goal in self.goals if goal.level.key == level.key) + 1)
        # A stand-in title, so that the proposal is a whole plan; the note asks for the real one.
        goal = self._goal_start(level, number, f"{level.name} {number}", block, state)
        goal.confidence = 0.5
        goal.notes.append(
            _(
                "Rubriken för %(level)s %(number)s saknas i dokumentets text (kanske en bild); ange dess "
                "rubrik."
            )
            % {"level": level.name.lower(), "number": number}
        )
        return goal

    def _goal_key(self, level: Level, number: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "_", f"{level.key}_{number or len(self.goals) + 1}".lower()).strip("_")
        keys = {goal.data["key"] for goal in self.goals}
        key, n = base, 2
        while key in keys:
            key, n = f"{base}_{n}", n + 1
        return key

    def _section(self, heading: str, key: str, block: Line | None) -> None:
        if key == "intro" and self.sections:
            key = "other"
        self.sections.append({"key": key, "heading": heading if block is not None else "", "body": []})

    # Paragraphs -------------------------------------------------------------------------------

    def _paragraph(self, lines: list[Line], state: dict) -> None:
        text = self._joined(lines)
        if not text:
            return
        first = lines[0]
        goal: _Goal | None = state["goal"]
        if self._chart_text(text, goal):
            self.unplaced.append(
                Unplaced(text, first.page, first.line, _("Text i ett diagram; läses inte in."))
            )
            return
        if state["mode"] == "assignments":
            self._assignment_paragraph(lines, state)
            return
        if goal is not None:
            name = state["field"]
            if name == "children":
                if first.bullet:
                    self._child(goal, text, first)
                    return
                name = None
            if name == "indicators":
                if first.bullet or not goal.fields.get("indicators_items"):
                    self._indicator(goal, text, first)
                    return
                name = None
            if name == "comment":
                goal.fields.setdefault("comment", []).append(text)
                return
            if name:
                goal.fields.setdefault(name, []).append(text)
                return
            if not any(goal.fields.get(f) for f in ("baseline", "motivation", "way_forward", "followup")):
                goal.intro.append(text)
                return
            self.unplaced.append(
                Unplaced(text, first.page, first.line, _("Stycket hör inte till någon del av målet."))
            )
            return
        if state.get("special") and state["field"] == "comment":
            self._period_comment("special_initiatives", text, state)
            return
        self.sections[-1]["body"].append(text)

    def _chart_text(self, text: str, goal: _Goal | None) -> bool:
        """An axis label, a legend or the caption of an indicator's chart."""
        if re.fullmatch(r"[\d\s%,.:\-–−]+", text):
            return True
        if goal is None:
            return False
        legends = {word_key(self.vocabulary.municipality_name), "riket", "länet", "kommunen", "kommungruppen"}
        if word_key(text) in legends:
            return True
        for indicator in goal.fields.get("indicators_items", []):
            name = norm(indicator["name"]).rstrip(".")
            if (
                name
                and text.startswith(name)
                and re.search(r"\.\.?\s", text[len(name) : len(name) + 3] + " ")
            ):
                return bool(
                    re.search(r":\s*(?:\d{4}|saknas)", text) or re.search(r"\d{4}", text[len(name) :])
                )
        return False

    def _child(self, parent: _Goal, text: str, first: Line) -> None:
        level = self.vocabulary.level_below(parent.level)
        if level is None:
            self.unplaced.append(Unplaced(text, first.page, first.line, _("Målet har ingen nivå under sig.")))
            return
        number = f"{parent.data['number']}.{len(parent.data.get('children', [])) + 1}"
        data = {"key": self._goal_key(level, number), "level": level.key, "number": number, "text": text}
        note = _("Numret %(number)s är satt efter ordningen i listan.") % {"number": number}
        review(data, page=first.page, line=first.line, confidence=0.9, note=note)
        parent.data.setdefault("children", []).append(data)
        child = _Goal(data, level, first.page, first.line)
        child.reviewed = True
        self.goals.append(child)

    def _indicator(self, goal: _Goal, text: str, first: Line) -> None:
        data: dict[str, Any] = {"name": text}
        source = re.search(r"\s*Källa:\s*(.+)$", text)
        if source:
            data["name"] = text[: source.start()].strip()
            named = source.group(1).strip()
            # A source that is a name ("intern statistik.") is kept without the sentence's period.
            data["source"] = named.rstrip(".") if len(named.split()) <= 3 else named
        review(data, page=first.page, line=first.line, confidence=0.9)
        goal.fields.setdefault("indicators_items", []).append(data)

    def _period_comment(self, topic: str, text: str, state: dict) -> None:
        period = state.get("comment_period") or self.period or ""
        for comment in self.period_comments:
            if comment["topic"] == topic and comment["period"] == period:
                comment["comment"] += "\n\n" + text
                return
        self.period_comments.append({"period": period, "topic": topic, "comment": text})

    # Assignments --------------------------------------------------------------------------------

    def _assignment_paragraph(self, lines: list[Line], state: dict) -> None:
        lines = [line for line in lines if norm(line.text)]
        widest = max(len(norm(line.text)) for line in lines)
        if state["assignment_width"] >= 30 and widest > 1.4 * state["assignment_width"]:
            state["mode"] = "text"  # wider than the column: the note under the assignments
            self.sections[-1]["body"].append(self._joined(lines))
            return
        single = norm(lines[0].text)
        if len(lines) == 1 and len(single) < 50 and not single.endswith((".", ":", ",")) and self.assignments:
            state["mode"] = "text"
            self._section(norm(lines[0].text), "other", lines[0])
            return
        split = next((n for n, line in enumerate(lines[1:], start=1) if norm(line.text)[:1].isupper()), None)
        state["assignment_width"] = max(state["assignment_width"], widest)
        if split is None:
            if self.assignments:
                self.assignments[-1]["description"] += "\n\n" + self._joined(lines)
            else:
                self.sections[-1]["body"].append(self._joined(lines))
            return
        title, description = self._joined(lines[:split]), self._joined(lines[split:])
        data = {"key": f"uppdrag_{len(self.assignments) + 1}", "title": title, "description": description}
        note = _(
            "Rubriken togs som raderna före den första raden med stor bokstav; kontrollera var den slutar."
        )
        review(data, page=lines[0].page, line=lines[0].line, confidence=0.85, note=note)
        self.assignments.append(data)

    # Tables -----------------------------------------------------------------------------------

    def _table(self, table: Table, state: dict) -> None:
        rows = [[norm(cell or "") for cell in row] for row in table.rows]
        if not any(cell for row in rows for cell in row):
            return  # a table of nothing (a chart's frame)
        header = [cell.lower() for cell in rows[0]] if rows else []
        title_col = _column(header, ("aktivitet", "åtgärd", "insats"))
        if title_col is not None and (_column(header, ("ansvarig",)) is not None):
            self._activity_table(table, state)
            return
        if _column(header, ("uppdrag",)) is not None and len(header) >= 2:
            for row, raw in zip(rows[1:], table.rows[1:], strict=False):
                if not row or not row[0]:
                    continue
                description = "\n\n".join(_paragraphs(raw[1])) if len(raw) > 1 and raw[1] else ""
                data = {
                    "key": f"uppdrag_{len(self.assignments) + 1}",
                    "title": row[0],
                    "description": description,
                }
                review(data, page=table.page, line=table.line, confidence=0.95)
                self.assignments.append(data)
            state["mode"] = "text"  # what follows the table is the section's note
            return
        if state.get("last_activity_table") and rows and len(rows[0]) == state["last_activity_table"][0]:
            self._activity_rows(rows, table, state["last_activity_table"][1], state)
            return
        text = "\n".join(" | ".join(row) for row in rows)
        self.unplaced.append(
            Unplaced(
                text, table.page, table.line, _("Tabellen kunde inte tolkas som aktiviteter eller uppdrag.")
            )
        )

    def _activity_table(self, table: Table, state: dict) -> None:
        rows = [[norm(cell or "") for cell in row] for row in table.rows]
        header = [cell.lower() for cell in rows[0]]
        columns = {
            "title": _column(header, ("aktivitet", "åtgärd", "insats")),
            "kind": _column(header, ("typ",)),
            "status": _column(header, ("nuläge", "status")),
            "responsible": _column(header, ("ansvarig",)),
            "collaborators": _column(header, ("samverkan", "samarbet", "samverkanspart")),
        }
        period = (
            re.search(r"\b(T[123])\b", rows[0][columns["status"]]) if columns["status"] is not None else None
        )
        if period and not self.period:
            self.period = period.group(1)
        state["last_activity_table"] = (len(rows[0]), columns)
        self._activity_rows(rows[1:], table, columns, state)

    def _activity_rows(self, rows, table: Table, columns: dict, state: dict) -> None:
        for row in rows:
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
            self._activity_place(data, table.page, table.line, confidence, notes, state)

    def _activity_place(
        self, data: dict, page, line, confidence: float, notes: list[str], state: dict
    ) -> None:
        if not data["title"]:
            notes.append(_("Aktiviteten saknar titel; raden kan höra ihop med raden före."))
            confidence = min(confidence, 0.3)
        review(data, page=page, line=line, confidence=confidence, note=" ".join(notes))
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

    def _plan(self) -> dict:
        for goal in self.goals:
            if goal.reviewed:
                continue
            self._goal_fields(goal)
        plan: dict[str, Any] = {
            "board": "", "year": _year(self.document), "title": "",
            "sections": [
                {"key": s["key"], "heading": s["heading"], "body": "\n\n".join(s["body"])}
                for s in self.sections if s["body"] or s["heading"]
            ],
            "goals": [goal.data for goal in self.top],
        }  # fmt: skip
        plan["budget_period"] = _budget_period(self.document, plan["year"])
        if self.period:
            plan["periods"] = [period_of(self.period, plan["year"])]
        if self.special:
            plan["special_initiatives"] = self.special
        if self.period_comments:
            plan["period_comments"] = self.period_comments
        if self.assignments:
            plan["assignments"] = self.assignments
        return plan

    def _goal_fields(self, goal: _Goal) -> None:
        data = goal.data
        intro = goal.intro
        if intro:
            if goal.fields.get("measurable") is not None:
                data["text"] = "\n\n".join(intro)
            else:
                first, rest = _first_sentence(" ".join(intro))
                data["text"] = first
                if rest:
                    data["measurable"] = rest
                    if len(re.findall(r"[.!?](?:\s|$)", rest)) > 1:
                        goal.notes.append(
                            _("Målet och den mätbara formuleringen delades vid första meningen; kontrollera.")
                        )
                        goal.confidence = min(goal.confidence, 0.7)
        for name in ("measurable", "baseline", "motivation", "way_forward", "followup"):
            parts = goal.fields.get(name)
            if parts:
                data[name] = "\n\n".join(parts)
        if goal.fields.get("indicators_items"):
            data["indicators"] = goal.fields["indicators_items"]
        if goal.fields.get("comment"):
            if self.period:
                data["reports"] = [{"period": self.period, "comment": "\n\n".join(goal.fields["comment"])}]
            else:
                reason = _("Kommentaren hör inte till någon uppföljningsperiod.")
                self.unplaced.append(
                    Unplaced("\n\n".join(goal.fields["comment"]), goal.page, goal.line, reason)
                )
        if not data.get("text") and not data.get("title"):
            goal.notes.append(_("Målet har ingen text i dokumentet."))
            goal.confidence = min(goal.confidence, 0.5)
        review(data, page=goal.page, line=goal.line, confidence=goal.confidence, note=" ".join(goal.notes))


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


def _outline(block: Line) -> int:
    numbered = NUMBERED.match(norm(block.text))
    if numbered:
        return len([part for part in numbered.group(1).split(".") if part])
    return block.heading


def _column(header: list[str], words: tuple[str, ...]) -> int | None:
    for index, cell in enumerate(header):
        if any(cell.startswith(word) for word in words):
            return index
    for index, cell in enumerate(header):
        if any(f" {word}" in f" {cell}" for word in words):
            return index
    return None


def _paragraphs(text: str) -> list[str]:
    return [norm(part) for part in re.split(r"\n\s*\n", text or "") if norm(part)]


def _first_sentence(text: str) -> tuple[str, str]:
    text = norm(text)
    found = re.search(r"(?<!inkl)(?<!bl\.a)(?<!t\.ex)[.!?](?=\s+[A-ZÅÄÖ0-9])", text)
    if not found:
        return text, ""
    return text[: found.end()].strip(), text[found.end() :].strip()


def _year(document: ReadDocument) -> int | None:
    years: dict[str, int] = {}
    for line in document.lines()[:200]:
        for year in re.findall(r"\b(20[2-4]\d)\b", line.text):
            years[year] = years.get(year, 0) + 1
    return int(max(years, key=years.get)) if years else None


def _budget_period(document: ReadDocument, year: int | None) -> list[int] | None:
    """The Mål och budget period the plan serves, as the document names it ("Mål och budget
    2024-2026", "för perioden 2023–2025"); else the plan's year and the two after it."""
    text = " ".join(line.text for line in document.lines()[:400])
    found = re.search(r"(?:budget|perioden)\s+(20\d\d)\s*[-–]\s*(20\d\d)", text, re.IGNORECASE)
    if found:
        return [int(found.group(1)), int(found.group(2))]
    return [year, year + 2] if year else None


def period_of(code: str, year: int | None) -> dict:
    """A follow-up period with the day it ends: the tertials end with April, August and December."""
    period: dict[str, Any] = {"code": code, "name": code}
    if year:
        month = {"T1": 4, "T2": 8, "T3": 12}.get(code) or int(code[1:])
        ends = datetime.date(year, month, calendar.monthrange(year, month)[1])
        period["ends_on"] = ends.isoformat()
    return period


def plan_proposed(
    document: ReadDocument, vocabulary: Vocabulary, period: str | None
) -> tuple[dict, list[Unplaced], str | None]:
    reader = PlanReader(document, vocabulary, period)
    plan = reader.read()
    return plan, reader.unplaced, reader.period


__all__ = ["PlanReader", "period_of", "plan_proposed"]
