"""Text helpers shared by the readers: cell whitespace, and lines numbered alike everywhere."""

from __future__ import annotations

import re

# markdown-it splits lines the same way; every reader numbers lines alike.
_NEWLINE = re.compile(r"\r\n?|\n")


def collapse(text: str) -> str:
    """Join wrapped lines and runs of whitespace (any Unicode whitespace) with one space."""
    return " ".join(text.split())


def split_lines(text: str) -> list[str]:
    """Lines of a document; index i is line i + 1."""
    return _NEWLINE.split(text)
