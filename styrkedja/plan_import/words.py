"""The words plan documents use: for an activity's status and kind, for a goal's parts, and for
nothing at all; and how a piece of text is compared with them."""

from __future__ import annotations

import re

# Status words as documents write them, to the statuses the data format accepts.
STATUS_WORDS = {
    "ej inledd": "Ej inledd", "ej inlett": "Ej inledd", "ej påbörjad": "Ej inledd",
    "ej påbörjat": "Ej inledd", "ej startad": "Ej inledd", "ej startat": "Ej inledd",
    "inte påbörjad": "Ej inledd", "ej påbörjade": "Ej inledd",
    "pågår": "Pågår", "pågående": "Pågår", "påbörjad": "Pågår", "påbörjat": "Pågår",
    "klart": "Klart", "klar": "Klart", "genomförd": "Klart", "genomfört": "Klart", "avslutad": "Klart",
    "avslutat": "Klart",
    # Not among the three statuses: the closest, with a note for the reviewer.
    "senarelagd": "Ej inledd", "senarelagt": "Ej inledd", "avbruten": "Ej inledd", "avbrutet": "Ej inledd",
}  # fmt: skip


def _spelled(word: str) -> str:
    """A status word as a pattern: capitalised, any space between its words."""
    return re.escape(word.capitalize()).replace(r"\ ", r"\s+")


UNSURE_STATUSES = {"senarelagd", "senarelagt", "avbruten", "avbrutet"}
STATUS_RE = re.compile(
    r"(?<![\wåäöÅÄÖ])(?:(?P<priority>Angeläget)\s+)?(?P<status>"
    + "|".join(sorted((_spelled(word) for word in STATUS_WORDS), key=len, reverse=True))
    + r")(?![\wåäöÅÄÖ])"
)  # fmt: skip
KIND_MARKS = {"A": "A", "P": "P", "F": "F", "F/P": "FP", "FP": "FP", "P/F": "FP"}
KIND_RE = re.compile(r"\((A|P|F|F/P|FP|P/F)\)")
KIND_NAMES = {"aktivitet": "A", "projekt": "P", "förstudie": "F", "förstudie/projekt": "FP", "f/p": "FP"}
# Words that head a goal's parts, to the data format's field.
FIELD_WORDS = {
    "nuläge": "baseline", "motivering": "motivation", "vägen till målet": "way_forward",
    "uppföljning": "followup", "indikatorer och mått": "indicators", "indikatorer": "indicators",
    "mått": "indicators", "mätbart mål": "measurable", "mätbar formulering": "measurable",
}  # fmt: skip
CONJUNCTIONS = ("och", "eller", "samt", "till")
GENERIC_COLLABORATORS = {"alla förvaltningar", "samtliga förvaltningar", "alla sektorer", "samtliga sektorer"}
NONE_WORDS = {"-", "–", "—", ""}
NUMBERED = re.compile(r"^(\d+(?:\.\d+)+|\d+\.)\s+(\S.*)$")
FOOTNOTE = re.compile(r"^(\d{1,2}) ([A-ZÅÄÖ].{3,90})$")
PERIOD_RE = re.compile(r"\b(T[123]|M(?:0[1-9]|1[0-2]))\b")


def norm(text: str) -> str:
    # A line that ends in a slash wraps inside a word pair ("förändringsledning/ständiga").
    text = re.sub(r"/[ \t]*\n\s*", "/", text.replace("\u00ad", ""))
    return " ".join(text.split()).strip()


def word_key(text: str) -> str:
    return norm(text).lower().rstrip(".,;:").strip()
