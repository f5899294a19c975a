"""The pieces of an activity's row: its title and kind mark, its status, its responsible unit and
its collaborators."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from styrkedja.plan_import.vocabulary import Vocabulary
from styrkedja.plan_import.words import (
    GENERIC_COLLABORATORS,
    KIND_MARKS,
    KIND_RE,
    NONE_WORDS,
    STATUS_WORDS,
    UNSURE_STATUSES,
    norm,
    word_key,
)


def collaborators_read(text: str, vocabulary: Vocabulary) -> tuple[list[dict], float, list[str]]:
    """The "Samverkan med" of a row: units, partners and free texts in the document's order."""
    found: list[dict] = []
    confidence, notes = 1.0, []
    text = norm(text)
    if text in NONE_WORDS:
        return [], 1.0, []
    for raw in re.split(r",\s*", text):
        piece = raw.strip()
        if piece in NONE_WORDS:
            continue
        parts = _split_piece(piece, vocabulary)
        for part in parts:
            match = vocabulary.match(part)
            if match:
                found.append({match.kind: match.value})
                confidence = min(confidence, match.confidence)
                if match.note:
                    notes.append(match.note)
                continue
            text_part = (
                part.rstrip(".")
                if part.endswith(".") and not part.lower().startswith("m.fl") and part != "mfl."
                else part
            )
            found.append({"text": text_part})
            if word_key(part) not in GENERIC_COLLABORATORS:
                confidence = min(confidence, 0.7)
                notes.append(
                    _("”%(text)s” är ingen känd enhet eller samverkanspart; lagd som fri text.")
                    % {"text": part}
                )
    return found, confidence, notes


def _exact(piece: str, vocabulary: Vocabulary) -> bool:
    match = vocabulary.match(piece)
    return bool(match and match.confidence == 1.0) or word_key(piece) in GENERIC_COLLABORATORS


def _split_piece(piece: str, vocabulary: Vocabulary) -> list[str]:
    if _exact(piece, vocabulary):
        return [piece]
    halves = re.split(r"\s+(?:och|samt|&)\s+", piece)
    if len(halves) > 1 and any(
        vocabulary.match(half) or word_key(half) in GENERIC_COLLABORATORS for half in halves
    ):
        return [part for half in halves for part in _split_piece(half, vocabulary)]
    # "Arbetsförmedlingen mfl.": a known name and a word after it
    words = piece.split()
    for cut in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if (_exact(head, vocabulary) and not _exact(tail, vocabulary)) or (
            _exact(head, vocabulary) and len(words) > 2
        ):
            return [head, *_split_piece(tail, vocabulary)]
    return [piece]


def title_and_kind(text: str) -> tuple[str, str, str, bool]:
    """(title, kind, note, found): the activity's title without its kind mark "(A)"; words after the
    mark that begin with a capital are a note printed with the activity."""
    text = norm(text)
    marks = list(KIND_RE.finditer(text))
    if not marks:
        return text, "", "", False
    mark = marks[-1]
    before, after = text[: mark.start()].strip(), text[mark.end() :].strip()
    kind = KIND_MARKS[mark.group(1)]
    if not after:
        return before, kind, "", True
    if after[0].isupper() or after[0].isdigit():
        return before, kind, after, True
    return f"{before} {after}", kind, "", True


def status_read(word: str) -> tuple[str, float, str]:
    key = word_key(word)
    status = STATUS_WORDS.get(key, "")
    if key in UNSURE_STATUSES:
        return (
            status,
            0.5,
            _("Statusen ”%(word)s” finns inte; föreslås som %(status)s.") % {"word": word, "status": status},
        )
    return status, 1.0, ""


def responsible_read(text: str, vocabulary: Vocabulary) -> tuple[str, list[str], str]:
    """(responsible, co-responsible, the rest of the text: the collaborators)."""
    text = norm(text)
    first = vocabulary.unit_at_start(text)
    if not first:
        return "", [], text
    responsible, rest = first
    co = []
    while True:
        connector = re.match(r"^(?:,\s*och|,|och|/|&)\s+", rest)
        if not connector:
            break
        following = vocabulary.unit_at_start(rest[connector.end() :])
        if not following:
            break
        co.append(following[0])
        rest = following[1]
    return responsible, co, rest.lstrip(", ")
