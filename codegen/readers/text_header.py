"""Header lines of the plain-text table formats ("text-rows", "text-numeric").

In these pages a header is one line whose column names are separated by single spaces, while
the names hold spaces themselves: "HTTP Status Code Error Code Error Message". The line is cut
into consecutive phrases that `columns.column_meaning` recognises, choosing among the possible
cuts by these rules:

- every phrase has a meaning (a line with an unknown word is not a header);
- English names are head-final ("Error Code", "Error Message"): a word that means nothing on its
  own ("Error", "Type") starts a name, it never follows a meaningful word in the same phrase,
  so "Code Error" is not a phrase;
- the cut naming the most distinct fields wins, then the one with fewest phrases, then the one
  whose phrases contain fewest words meaning another field ("Description Handling").

Chinese names are not space-separated inside ("HTTP状态码 错误码 错误信息"), so each word is a
phrase of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from codegen.readers.columns import column_meaning, is_error_table_header

# Headers are short; longer lines are prose, and the cut search stays small.
_MAX_HEADER_WORDS = 16
# A header word is letters (any script) and digits, maybe with a hyphen, slash or brackets.
_HEADER_WORD = re.compile(r"[\w/()（）-]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# markdown-it splits lines the same way; every reader numbers lines alike.
_NEWLINE = re.compile(r"\r\n?|\n")


def split_lines(text: str) -> list[str]:
    """Lines of a document; index i is line i + 1."""
    return _NEWLINE.split(text)


@dataclass(frozen=True)
class Column:
    """One column of a plain-text header: its name as written and the Row field it fills."""

    name: str
    meaning: str


def _phrase_meaning(words: list[str]) -> str | None:
    if len(words) > 1 and any(_CJK.search(word) for word in words):
        return None  # Chinese names hold no spaces: each Chinese word is a name
    seen_meaningful = False
    for word in words:
        if column_meaning(word) is not None:
            seen_meaningful = True
        elif seen_meaningful:
            return None  # "Code Error": a name never continues after its head word
    return column_meaning(" ".join(words))


def _cuts(words: list[str], start: int) -> Iterator[list[Column]]:
    if start == len(words):
        yield []
        return
    for end in range(start + 1, len(words) + 1):
        meaning = _phrase_meaning(words[start:end])
        if meaning is None:
            continue
        head = Column(" ".join(words[start:end]), meaning)
        for rest in _cuts(words, end):
            yield [head, *rest]


def _score(columns: list[Column]) -> tuple[int, int, int]:
    distinct = len({column.meaning for column in columns})
    foreign = sum(
        1
        for column in columns
        for word in column.name.split()
        if column_meaning(word) not in (None, column.meaning)
    )
    return (distinct, -len(columns), -foreign)


def header_columns(line: str) -> list[Column] | None:
    """The columns of a plain-text error-table header line, in order; None if it is not one."""
    words = line.split()
    if not words or len(words) > _MAX_HEADER_WORDS:
        return None
    if not all(_HEADER_WORD.fullmatch(word) for word in words):
        return None
    best: list[Column] | None = None
    for columns in _cuts(words, 0):
        if best is None or _score(columns) > _score(best):
            best = columns
    if best is None or not is_error_table_header([column.name for column in best]):
        return None
    return best
