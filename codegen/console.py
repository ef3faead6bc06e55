"""What the generator prints is made safe for a terminal: the pages' own text (a header, a
code, a status cell) reaches error lines and run summaries, and a page must not be able to send
escape sequences to the terminal or the CI log that shows them, nor break an error's one line.
Every unprintable character is shown as its Python escape, as the runtime shows a server's
text (`clouderrors._text`)."""

from __future__ import annotations

from clouderrors._text import escaped


def for_terminal(text: str) -> str:
    """`text` with every unprintable character (ESC, BEL, NUL, line breaks, bidi overrides,
    lone surrogates...) escaped: `\\x1b`, `\\n`, `\\u202e`; nothing is cut."""
    if text.isprintable():  # almost every line: no per-character work
        return text
    return "".join(char if char.isprintable() else escaped(char) for char in text)
