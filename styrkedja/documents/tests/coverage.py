"""How much of a source document's prose a generated document reproduces (the tests' own measure).

The source is split into sentences of at least 8 words; both texts are reduced to lower-case
letters and digits, so layout, hyphenation and page breaks do not matter but wording does. A
sentence is reproduced when at least 80 % of its 24-character pieces occur in the generated text.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

SEEDS = Path(__file__).parent / "seeds"
WORD = re.compile(r"\w+")


def _letters(text: str) -> str:
    return "".join(word.lower() for word in WORD.findall(text.replace("\u00ad", "")))


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+", re.sub(r"\s+", " ", text.replace("\u00a0", " ")))
    return [part for part in parts if len(WORD.findall(part)) >= 8]


def coverage(source: str, generated: str, *, share: float = 0.8, size: int = 24) -> tuple[float, list[str]]:
    """The share of the source's sentences found in ``generated``, and the sentences missing."""
    have = _letters(generated)
    missing = []
    wanted = _sentences(source)
    for sentence in wanted:
        letters = _letters(sentence)
        pieces = [letters[i : i + size] for i in range(0, max(1, len(letters) - size + 1), size)]
        if sum(piece in have for piece in pieces) / len(pieces) < share:
            missing.append(sentence)
    return (len(wanted) - len(missing)) / len(wanted), missing


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def pdf_text(content: bytes) -> str:
    """The PDF's text as pdftotext reads it, in reading order and in layout order."""
    runs = [
        subprocess.run(["pdftotext", *mode, "-", "-"], input=content, capture_output=True, check=True).stdout
        for mode in ([], ["-layout"])
    ]
    return "\n".join(run.decode("utf-8") for run in runs)


def docx_text(content: bytes) -> str:
    from docx import Document

    word = Document(io.BytesIO(content))
    texts = [paragraph.text for paragraph in word.paragraphs]
    for table in word.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)
