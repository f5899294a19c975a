"""Styrkedja's own password rules, next to Django's (length, similarity, common list, numeric).

The rules, as the help text explains them to the person choosing a password:

1. ``PasswordCharactersValidator``: not only spaces, at least five different characters, at
   most 256 characters.
2. ``GuessableWordsValidator``: at least six of the password's letters must be its own, that is
   not part of a guessable word: a word of the shipped Swedish list (seasons, months, "kommun",
   "lösenord", common names …), a word of the user's municipality (its name, short name, its
   units' names) or of the user (user name, names, e-mail). Digits and other characters never
   count, and the common substitutions (0 for o, 3 for e, @ for a …) and å, ä, ö written as
   a, a, o do not hide a word. A passphrase of a few ordinary words passes even when one of them
   is a guessable word; "Sommar2024!" and "Mjolby-kommun-1" do not.
   It also refuses a password that is one of Django's 20 000 most common passwords (from breach
   corpora) once the digits and punctuation at its ends are taken away and the substitutions
   undone ("P@ssw0rd2024!" is "password").
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WORDS_FILE = Path(__file__).resolve().parent / "data" / "guessable-words.yaml"
SHORTEST_WORD = 3  # shorter words would match by chance in any password
SHORTEST_UNIT_WORD = 4  # unit names hold words like "och" and "för"
SHORTEST_SEQUENCE = 4  # "abcd", "qwer", "asdf"
KEYBOARD_ROWS = ("abcdefghijklmnopqrstuvwxyzåäö", "qwertyuiopå", "asdfghjklöä", "zxcvbnm")
# What a guessable part is, for the message: a word, a run along the alphabet or along a keyboard row.
WORD, ALPHABET, KEYBOARD = "word", "alphabet", "keyboard"

# Both the password and the words are folded before they are compared: lower case, å/ä/ö as a/a/o,
# and the usual substitutions undone. "l" and "1" both become "i", so that "L1sa" is "lisa".
_FOLD = str.maketrans(
    {
        "å": "a",
        "ä": "a",
        "à": "a",
        "á": "a",
        "â": "a",
        "4": "a",
        "@": "a",
        "é": "e",
        "è": "e",
        "ê": "e",
        "ë": "e",
        "3": "e",
        "í": "i",
        "ì": "i",
        "ï": "i",
        "1": "i",
        "!": "i",
        "l": "i",
        "ö": "o",
        "ø": "o",
        "ó": "o",
        "ò": "o",
        "ô": "o",
        "0": "o",
        "ü": "u",
        "ú": "u",
        "5": "s",
        "$": "s",
        "7": "t",
    }
)
# Undoing substitutions only, for the look-up in Django's list, which spells words plainly.
_UNSUBSTITUTE = [
    str.maketrans({"4": "a", "@": "a", "3": "e", "1": one, "!": "i", "0": "o", "5": "s", "$": "s", "7": "t"})
    for one in ("i", "l")
]
_ENDS = string.digits + string.punctuation + string.whitespace + "§½¤£€"


def fold(text: str) -> str:
    """``text`` folded character by character, so that positions in it are positions in ``text``."""
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text).translate(_FOLD)


def _words_of(text: str, shortest: int) -> list[str]:
    """The words of a name or address ("Sektor Barn, utbildning" → sektor, barn, utbildning), and the
    whole of it without spaces and punctuation ("sektorbarnutbildning")."""
    parts = "".join(char if char.isalnum() else " " for char in text).split()
    found = [part for part in parts if len(part) >= shortest]
    whole = "".join(parts)
    if len(parts) > 1 and len(whole) >= shortest:
        found.append(whole)
    return found


@cache
def _listed_words() -> dict[str, tuple[str, str]]:
    """The shipped list: folded word → the word as messages show it, and WORD."""
    groups = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    words = {}
    for group in groups.values():
        for word in group:
            word = str(word)
            if len(word) >= SHORTEST_WORD:
                words.setdefault(fold(word), (word, WORD))
    return words


@cache
def _sequences() -> dict[str, tuple[str, str]]:
    """Runs along the alphabet and the rows of a Swedish keyboard, both ways: "abcd", "ölkj" …"""
    runs = {}
    for row in KEYBOARD_ROWS:
        kind = ALPHABET if row == KEYBOARD_ROWS[0] else KEYBOARD
        for line in (row, row[::-1]):
            for start in range(len(line)):
                for end in range(start + SHORTEST_SEQUENCE, len(line) + 1):
                    runs.setdefault(fold(line[start:end]), (line[start:end], kind))
    return runs


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(CommonPasswordValidator().passwords)


def _municipality_of(user):
    try:
        return user.membership.municipality
    except (ObjectDoesNotExist, AttributeError, ValueError):
        return None


def context_words(user) -> dict[str, tuple[str, str]]:
    """The words of ``user`` and of their municipality, if they have one yet: folded → as shown, WORD."""
    words: dict[str, tuple[str, str]] = {}
    if user is None:
        return words

    def add(texts: Iterable[str], shortest: int) -> None:
        for text in texts:
            for word in _words_of(text or "", shortest):
                words.setdefault(fold(word), (word.lower(), WORD))

    email = getattr(user, "email", "") or ""
    add([getattr(user, "username", ""), getattr(user, "first_name", ""), getattr(user, "last_name", "")], 3)
    add([email.split("@")[0]], SHORTEST_WORD)
    municipality = _municipality_of(user)
    if municipality is not None:
        add([municipality.name, municipality.slug], SHORTEST_WORD)
        # Only saved municipalities have units to ask for.
        if municipality.pk is not None:
            for name, short_name, slug in municipality.units.values_list("name", "short_name", "slug"):
                add([name], SHORTEST_UNIT_WORD)
                add([short_name, slug], SHORTEST_WORD)
    return words


def guessable_parts(password: str, words: dict[str, tuple[str, str]]) -> tuple[int, list[tuple[str, str]]]:
    """How many of ``password``'s letters are its own, and the guessable words found in it."""
    folded = fold(password)
    lengths = sorted({len(word) for word in words}, reverse=True)
    covered = [False] * len(password)
    found: list[tuple[str, str]] = []
    reach = 0  # where the words found so far end: a word inside one of them adds nothing
    for start in range(len(folded)):
        for length in lengths:
            end = start + length
            if end <= reach:
                break
            word = words.get(folded[start:end]) if end <= len(folded) else None
            if word is not None:
                covered[start:end] = [True] * length
                reach = end
                if word not in found:
                    found.append(word)
                break  # the longest word from here; shorter ones lie inside it
    own = sum(1 for char, hidden in zip(password, covered, strict=True) if char.isalpha() and not hidden)
    return own, found


def _common_skeleton(password: str) -> str | None:
    """The entry of Django's common list that ``password`` is, once its ends and substitutions are undone."""
    core = password.lower().strip(_ENDS)
    if len(core) < 4:
        return None
    common = _common_passwords()
    for candidate in (core, *(core.translate(table) for table in _UNSUBSTITUTE)):
        if candidate in common:
            return candidate
    return None


def _named(parts: list[tuple[str, str]]) -> str:
    shown = {
        WORD: "”%s”",
        ALPHABET: _("”%s” (bokstäver i följd)"),
        KEYBOARD: _("”%s” (tangenter i rad)"),
    }
    return ", ".join(shown[kind] % text for text, kind in parts)


class PasswordCharactersValidator:
    """Not only spaces, not nearly one character repeated, and not so long that checking it is a burden."""

    def __init__(self, minimum_distinct: int = 5, maximum_length: int = 256):
        self.minimum_distinct = minimum_distinct
        self.maximum_length = maximum_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.maximum_length:
            raise ValidationError(
                _("Lösenordet är för långt: det får vara högst %(maximum)d tecken.")
                % {"maximum": self.maximum_length},
                code="password_too_long",
            )
        if password and not password.strip():
            raise ValidationError(
                _("Lösenordet består bara av blanksteg. Använd bokstäver, gärna flera ord."),
                code="password_only_whitespace",
            )
        distinct = len(set(password.lower()))
        if distinct < self.minimum_distinct:
            raise ValidationError(
                ngettext(
                    "Lösenordet består av %(count)d tecken som upprepas. Det måste ha minst "
                    "%(minimum)d olika tecken.",
                    "Lösenordet består av bara %(count)d olika tecken. Det måste ha minst "
                    "%(minimum)d olika tecken.",
                    distinct,
                )
                % {"count": distinct, "minimum": self.minimum_distinct},
                code="password_too_few_characters",
            )

    def get_help_text(self) -> str:
        return _("Lösenordet måste ha minst %(minimum)d olika tecken och får inte bara vara blanksteg.") % {
            "minimum": self.minimum_distinct
        }


class GuessableWordsValidator:
    """At least ``minimum_own_letters`` letters outside guessable words; not a common password in disguise."""

    def __init__(self, minimum_own_letters: int = 6, maximum_length: int = 256):
        self.minimum_own_letters = minimum_own_letters
        self.maximum_length = maximum_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.maximum_length or not password.strip():
            return  # PasswordCharactersValidator says so; a hostile input is not analysed
        skeleton = _common_skeleton(password)
        if skeleton is not None:
            raise ValidationError(
                _(
                    "Lösenordet är ett av de vanligaste lösenorden (”%(common)s”) med siffror eller "
                    "tecken tillagda eller bokstäver utbytta. Välj något eget, gärna flera ord."
                )
                % {"common": skeleton},
                code="password_common_in_disguise",
            )
        words = {**_sequences(), **_listed_words(), **context_words(user)}
        own, found = guessable_parts(password, words)
        if own < self.minimum_own_letters:
            if found:
                message = _(
                    "Lösenordet är lätt att gissa: det bygger på %(words)s. Minst %(minimum)d av "
                    "bokstäverna måste vara andra än vanliga ord och namn, kommunens och enheternas "
                    "namn och ditt eget namn; siffror och tecken räknas inte. Nu är det %(own)d. "
                    "Lägg till ett par egna ord."
                ) % {"words": _named(found), "minimum": self.minimum_own_letters, "own": own}
            else:
                message = _(
                    "Lösenordet har för få bokstäver: minst %(minimum)d måste vara bokstäver som inte "
                    "ingår i vanliga ord och namn; siffror och tecken räknas inte. Nu är det %(own)d."
                ) % {"minimum": self.minimum_own_letters, "own": own}
            raise ValidationError(message, code="password_guessable")

    def get_help_text(self) -> str:
        return _(
            "Minst %(minimum)d av bokstäverna måste vara andra än vanliga ord och namn (årstider, "
            "månader, ”kommun”, ”lösenord” …), kommunens och enheternas namn och ditt eget namn. "
            "Flera egna ord, gärna en hel mening, ger ett bra lösenord."
        ) % {"minimum": self.minimum_own_letters}
