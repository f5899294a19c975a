"""What the municipality calls its parts: its goal levels, units and partners, from the database,
and how a piece of a document is matched to one of them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from styrkedja.plan_import.words import word_key


@dataclass
class Level:
    key: str
    name: str
    name_plural: str
    numbered_name: str
    depth: int

    def heading_pattern(self) -> re.Pattern:
        number = r"(?P<number>\d+(?:\.\d+)*)"
        if self.numbered_name and "{nummer}" in self.numbered_name:
            before, after = self.numbered_name.split("{nummer}", 1)
            body = (
                re.escape(before.strip())
                + r"\s*"
                + number
                + (r"\s*" + re.escape(after.strip()) if after.strip() else "")
            )
        else:
            body = re.escape(self.name) + r"\s+" + number
        return re.compile(
            r"^" + body.replace(r"\ ", r"\s+") + r"(?:\s*[:–-]\s*(?P<title>.+))?$", re.IGNORECASE
        )


@dataclass
class Match:
    kind: str  # unit | partner | text
    value: str  # the unit's or partner's name, or the text
    confidence: float = 1.0
    note: str = ""


@dataclass
class Vocabulary:
    levels: list[Level]
    units: list[tuple[str, str]]  # (name, short_name)
    partners: list[str]
    municipality_name: str = ""

    @classmethod
    def of(cls, municipality) -> Vocabulary:
        from styrkedja.goals.models import GoalLevel
        from styrkedja.tenancy.models import OrgUnit, Partner

        levels = [
            Level(level.key, level.name, level.name_plural, level.numbered_name, level.depth)
            for level in GoalLevel.objects.filter(municipality=municipality).order_by("depth")
        ]
        units = list(OrgUnit.objects.filter(municipality=municipality).values_list("name", "short_name"))
        partners = list(Partner.objects.filter(municipality=municipality).values_list("name", flat=True))
        return cls(levels, units, partners, municipality.name)

    def level_below(self, level: Level) -> Level | None:
        deeper = [other for other in self.levels if other.depth > level.depth]
        return deeper[0] if deeper else None

    def level_above(self, level: Level) -> Level | None:
        higher = [other for other in self.levels if other.depth < level.depth]
        return higher[-1] if higher else None

    def unit_at_start(self, text: str) -> tuple[str, str] | None:
        """The unit whose name (or short name) begins ``text``: (its name, the rest of the text)."""
        lowered = text.lower()
        found = None
        for name, short in self.units:
            for candidate in {name, name.rstrip("."), short} - {""}:
                spelled = candidate.lower()
                whole_word = (
                    len(lowered) == len(spelled) or not lowered[len(spelled) : len(spelled) + 1].isalnum()
                )
                if lowered.startswith(spelled) and whole_word and (found is None or len(spelled) > found[1]):
                    found = (name, len(spelled))
        if found is None:
            return None
        rest = text[found[1] :]
        if rest.startswith(".") and found[0].endswith("."):
            rest = rest[1:]
        return found[0], rest.strip()

    def match(self, piece: str) -> Match | None:
        """A unit or partner that ``piece`` names: exactly, or (less sure) by a shorter or misspelt form."""
        spelled = word_key(piece)
        if not spelled:
            return None
        for name, short in self.units:
            if spelled in {word_key(name), word_key(short) if short else None}:
                return Match("unit", name)
        for name in self.partners:
            if spelled == word_key(name):
                return Match("partner", name)
        names = [("unit", name) for name, _short in self.units] + [
            ("partner", name) for name in self.partners
        ]
        prefixed = [
            (kind, name)
            for kind, name in names
            if len(spelled) >= 4
            and word_key(name).startswith(spelled)
            and len(spelled) >= 0.6 * len(word_key(name))
        ]
        if len(prefixed) == 1:
            kind, name = prefixed[0]
            return Match(
                kind, name, 0.75, _("”%(text)s” tolkades som %(name)s.") % {"text": piece, "name": name}
            )
        # A definite form of a name's first word: "Regionen" for "Region Östergötland".
        for suffix in ("en", "et", "n", "t"):
            if spelled.endswith(suffix) and len(spelled) > len(suffix) + 3:
                stem = spelled[: -len(suffix)]
                first = [(kind, name) for kind, name in names if word_key(name).split()[0] == stem]
                if len(first) == 1:
                    kind, name = first[0]
                    return Match(
                        kind,
                        name,
                        0.65,
                        _("”%(text)s” tolkades som %(name)s.") % {"text": piece, "name": name},
                    )
        close = difflib.get_close_matches(
            spelled, [word_key(name) for _kind, name in names], n=2, cutoff=0.85
        )
        if len(close) == 1:
            kind, name = next((kind, name) for kind, name in names if word_key(name) == close[0])
            return Match(
                kind,
                name,
                0.6,
                _("”%(text)s” tolkades som %(name)s (stavning).") % {"text": piece, "name": name},
            )
        return None
