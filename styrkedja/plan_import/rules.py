"""Rules that read a plan out of a document's lines and tables: no network, no model.

The rules know what the municipality calls its goal levels, its units and its partners (from the
database), the words plan documents use for their parts ("Nuläge", "Motivering", "Vägen till
målet" …), the kind marks (A)/(P)/(F) of activities and the words for an activity's status. What
they find becomes a plan mapping of the plan data format (docs/data-format.md) with a ``_review``
on every goal, indicator, activity and assignment; what they cannot place is kept in ``unplaced``.

The words are in ``words.py``, the municipality's names in ``vocabulary.py``, the activity tables
(as tables or as text) in ``activity_tables.py``, and the pieces of one activity's row (title and
kind, status, responsible, collaborators) in ``pieces.py``.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from styrkedja.plan_import.activity_tables import ActivityTables, column_of
from styrkedja.plan_import.proposal import Unplaced, review
from styrkedja.plan_import.reading import Line, ReadDocument, Table
from styrkedja.plan_import.vocabulary import Level, Vocabulary
from styrkedja.plan_import.words import (
    CONJUNCTIONS,
    FIELD_WORDS,
    FOOTNOTE,
    NUMBERED,
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


class PlanReader(ActivityTables):
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
        title_col = column_of(header, ("aktivitet", "åtgärd", "insats"))
        if title_col is not None and (column_of(header, ("ansvarig",)) is not None):
            self._activity_table(table, state)
            return
        if column_of(header, ("uppdrag",)) is not None and len(header) >= 2:
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


def _outline(block: Line) -> int:
    numbered = NUMBERED.match(norm(block.text))
    if numbered:
        return len([part for part in numbered.group(1).split(".") if part])
    return block.heading


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
