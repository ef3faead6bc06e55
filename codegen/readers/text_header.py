"""Header lines of the plain-text table formats ("text-rows", "text-numeric").

In these pages a header is one line whose column names are separated by single spaces, while
the names hold spaces themselves: "HTTP Status Code Error Code Error Message". The line is cut
into consecutive phrases that `columns.column_meaning` recognises, choosing among the possible
cuts by these rules:

- every phrase has a meaning, except at most two one-word columns we do not keep ("Module",
  "模块"): such a word is a capitalised English word or a Chinese word, and never the last
  column (the last column takes the rest of a row, which is always text we keep); any other
  unknown word means the line is not a header. Readers confirm a header by the row under it,
  which must have a cell for every column, unknown ones included;
- English names are head-final ("Error Code", "Error Message"): a word that means nothing on its
  own ("Error", "Type") starts a name, it never follows a meaningful word in the same phrase,
  so "Code Error" is not a phrase; and it is capitalised or a usual name start, so
  "and Description" is not one either;
- cuts are ranked: the one naming the most distinct fields first; then the one whose names
  start with fewest words that are neither meaningful nor a usual name start ("Error",
  "Response", "Possible", ...), so "Module Error Code" is read as the columns "Module" and
  "Error Code"; then fewest unknown columns; then fewest phrases; then fewest words meaning
  another field inside a phrase ("Description Handling"). A reader takes the best-ranked cut
  that the row under the line confirms.

Chinese names are not space-separated inside ("HTTP状态码 错误码 错误信息"), so a Chinese word
ends its phrase; Latin words may come before it in the phrase ("HTTP 状态码").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from codegen.readers.columns import (
    CODE,
    column_meaning,
    is_error_table_header,
    named_columns_key,
)
from codegen.readers.text import collapse
from codegen.rows import Row

# Headers are short; longer lines are prose, and the cut search stays small.
_MAX_HEADER_WORDS = 16
# A header word is letters (any script) and digits, maybe with a hyphen, slash or brackets.
_HEADER_WORD = re.compile(r"[\w/()（）-]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# A column we do not keep is one capitalised English word or one Chinese word.
_UNKNOWN_COLUMN = re.compile(r"[A-Z][a-z]+|[\u3400-\u9fff\uf900-\ufaff]+")
_MAX_UNKNOWN_COLUMNS = 2
# Words that mean nothing alone but usually start a column name ("Error Code", "Return Code").
_NAME_STARTS = frozenset(
    {
        "error",
        "errors",
        "return",
        "response",
        "result",
        "possible",
        "detailed",
        "exception",
        "fault",
    }
)


@dataclass(frozen=True)
class Column:
    """One column of a plain-text header: its name as written and the Row field it fills.

    `meaning` is None for a column the page has but no Row field takes ("Module").
    """

    name: str
    meaning: str | None


# Header words repeat on every line of a page; their meanings are worth keeping (per set of
# manifest column names in force).
@lru_cache(maxsize=4096)
def _cached_meaning(word: str, names: tuple[tuple[str, str], ...]) -> str | None:
    return column_meaning(word)


def _word_meaning(word: str) -> str | None:
    return _cached_meaning(word, named_columns_key())


def _phrase_meaning(words: list[str]) -> str | None:
    if any(_CJK.search(word) for word in words[:-1]):
        return None  # Chinese names hold no spaces: a Chinese word ends its name
    seen_meaningful = False
    for word in words:
        if _word_meaning(word) is not None:
            seen_meaningful = True
        elif seen_meaningful:
            return None  # "Code Error": a name never continues after its head word
        elif not word[:1].isupper() and word.casefold() not in _NAME_STARTS:
            return None  # "and Description": a lowercase word is prose, not part of a name
    return _word_meaning(" ".join(words))


def _columns_from(words: list[str]) -> list[list[tuple[int, Column]]]:
    """For each start word, the (end, column) of every column that can start there."""
    spans: list[list[tuple[int, Column]]] = []
    for start, word in enumerate(words):
        here: list[tuple[int, Column]] = []
        for end in range(start + 1, len(words) + 1):
            meaning = _phrase_meaning(words[start:end])
            if meaning is not None:
                here.append((end, Column(" ".join(words[start:end]), meaning)))
        if (
            start + 1 < len(words)
            and _word_meaning(word) is None
            and _UNKNOWN_COLUMN.fullmatch(word)
        ):
            here.append((start + 1, Column(word, None)))
        spans.append(here)
    return spans


def _cuts(
    spans: list[list[tuple[int, Column]]], start: int, previous: str | None, unknown: int
) -> Iterator[list[Column]]:
    if start == len(spans):
        yield []
        return
    for end, column in spans[start]:
        if column.meaning is None:
            if unknown == _MAX_UNKNOWN_COLUMNS:
                continue
        elif column.meaning == previous:
            continue  # two neighbours meaning one field are one name cut in two
        for rest in _cuts(spans, end, column.meaning, unknown + (column.meaning is None)):
            yield [column, *rest]


def _score(columns: list[Column]) -> tuple[int, int, int, int, int]:
    distinct = len({column.meaning for column in columns} - {None})
    unknown = sum(1 for column in columns if column.meaning is None)
    swallowed = sum(
        1
        for column in columns
        if column.meaning is not None
        for word in column.name.split()
        if _word_meaning(word) is None and word.casefold() not in _NAME_STARTS
    )
    foreign = sum(
        1
        for column in columns
        if column.meaning is not None
        for word in column.name.split()
        if _word_meaning(word) not in (None, column.meaning)
    )
    return (distinct, -swallowed, -unknown, -len(columns), -foreign)


def header_cuts(line: str) -> tuple[tuple[Column, ...], ...]:
    """The ways to read `line` as an error-table header, best first; () if it is not one.

    Cached: detection and both plain-text readers ask about the same lines.
    """
    return _header_cuts(line, named_columns_key())


@lru_cache(maxsize=1024)
def _header_cuts(line: str, names: tuple[tuple[str, str], ...]) -> tuple[tuple[Column, ...], ...]:
    words = line.split()
    if not words or len(words) > _MAX_HEADER_WORDS:
        return ()
    if not all(_HEADER_WORD.fullmatch(word) for word in words):
        return ()
    spans = _columns_from(words)
    meanings = {column.meaning for here in spans for _, column in here}
    if CODE not in meanings or len(meanings - {None}) < 2:
        return ()  # cheap answer for the many lines of prose
    cuts = [
        tuple(columns)
        for columns in _cuts(spans, 0, None, 0)
        if is_error_table_header([column.name for column in columns if column.meaning])
    ]
    # sorted() is stable: among equal scores the cut found first (longest phrases first) wins.
    return tuple(sorted(cuts, key=lambda cut: _score(list(cut)), reverse=True))


def find_tables(
    lines: list[str], accepts: Callable[[list[Column], str], bool]
) -> list[tuple[int, list[Column]]]:
    """(index, columns) of every table among `lines`: a header line, read as the first of its
    header_cuts that `accepts` together with the line under it, and the non-blank lines that follow.
    """
    found: list[tuple[int, list[Column]]] = []
    index = 0
    while index < len(lines):
        columns = _header_at(lines, index, accepts)
        if columns is None:
            index += 1
            continue
        found.append((index, columns))
        index += 1
        while index < len(lines) and lines[index].strip():
            index += 1
    return found


def _header_at(
    lines: list[str], index: int, accepts: Callable[[list[Column], str], bool]
) -> list[Column] | None:
    if index + 1 >= len(lines):
        return None
    for cut in header_cuts(lines[index]):
        columns = list(cut)
        if accepts(columns, lines[index + 1]):
            return columns
    return None


def table_rows(
    lines: list[str],
    headers: list[tuple[int, list[Column]]],
    read_row: Callable[[str, int, list[Column], str], Row],
    path: str,
) -> list[Row]:
    """The rows of every table found by find_tables: the non-blank lines under each header."""
    rows: list[Row] = []
    for header_index, columns in headers:
        index = header_index + 1
        while index < len(lines) and lines[index].strip():
            rows.append(read_row(lines[index], index + 1, columns, path))
            index += 1
    return rows


def cells_by_meaning(columns: list[Column], cells: list[str]) -> dict[str, str]:
    """A row's cell text by column meaning (the first column of a meaning wins), collapsed."""
    values: dict[str, str] = {}
    for column, cell in zip(columns, cells, strict=True):
        if column.meaning is not None:
            values.setdefault(column.meaning, collapse(cell))
    return values
