"""Reader for format "text-numeric": plain-text table of numeric codes, type and description.

    Error Code Error Type Description
    4500 Replay attack The Nonce and Timestamp parameters can ensure ...

The header line names the columns (found by meaning, see `text_header`); it names an error-code
column and no status column (these pages document no HTTP status: `http_status` is None). The
code is the first word of a row and must be a number. A table is the header line and the
non-blank lines after it, up to a blank line or the end of the file; every line in it must be a
row. A line counts as a header only when the line after it starts with a numeric code.

The error type (Row.message) and the description run together with no delimiter. Where one
ends and the other starts follows from how the page's language writes them:

English (a row whose text holds no Chinese characters). The error type is a short phrase in
sentence case with no punctuation ("Replay attack", "API is temporarily unavailable"); the
description is a sentence starting with a capitalised word ("The Nonce and ...").
1. The type's first word is always the type's ("API is temporarily unavailable ..." does not
   split before "API").
2. The type holds no sentence punctuation (`. , ; : ! ?`), so the description starts at or
   before the first word carrying one; only words up to that one are candidates.
3. The description starts at the first candidate in title case, a capital followed by
   lowercase letters ("The", "Resource", "A"). Acronyms (API, CAM, ID, IDs) and CamelCase names
   (SecretId) do not count: they occur inside types ("Invalid API key", "Invalid resource ID").
4. Only when no candidate is in title case may an acronym start the description, and only
   where a type can end and a sentence go on: after a lowercase word, or repeating the word
   before it, and followed by a lowercase word or a number ("Request timed out API call timed
   out." -> "Request timed out" | "API call timed out.";  "Invalid API key API key is
   invalid." -> "Invalid API key" | "API key is invalid.").
5. With no start found, the whole text is the type and the description is empty.
Known limits: a proper noun in title case inside a type ("Invalid Nonce") is taken for the
description's start; of two adjacent different acronyms, the first is read as part of the type.

Chinese (the text holds Chinese characters). Words are not separated by spaces, so the first
space between two non-Latin characters ends the type ("请求参数非法 缺少必需参数，..."); spaces
beside Latin words ("API 暂时不可用") are usually spacing inside a text, not the delimiter.
With no such space, the first space after a Chinese character ends the type (a type ends in a
Chinese word, the description may start with a Latin one: "API 暂时不可用 API 正在维护。");
with none of those the first space does; with no space at all the text is the type.
"""

from __future__ import annotations

import re

from codegen.readers.columns import CODE, STATUS, make_row
from codegen.readers.fences import blank_fenced_code
from codegen.readers.text import collapse, split_lines
from codegen.readers.text_header import (
    Column,
    cells_by_meaning,
    find_tables,
    table_rows,
)
from codegen.rows import DocumentError, Row

_NUMBER = re.compile(r"-?\d+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SENTENCE_PUNCTUATION = re.compile(r"[.,;:!?。，；：！？、]")
_QUOTES_AND_BRACKETS = "\"'“”‘’()[]（）「」"
_TITLE_CASE = re.compile(r"[A-Z][a-z]*(?:['’-][a-z]+)*")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]+s?")
# A space with a Latin letter or digit on either side is spacing around a Latin word.
_LATIN = re.compile(r"[A-Za-z0-9]")


def _core(word: str) -> str:
    """The word without the quotes, brackets and punctuation around it."""
    return word.strip(_QUOTES_AND_BRACKETS).rstrip(".,;:!?。，；：！？、")


def _starts_lowercase_or_digit(word: str) -> bool:
    core = _core(word)
    return bool(core) and (core[0].islower() or core[0].isdigit())


def _english_start(words: list[str]) -> int | None:
    """Index of the description's first word, or None when the text is all type."""
    last = len(words) - 1
    for index in range(1, len(words)):
        if _SENTENCE_PUNCTUATION.search(words[index]):
            last = index
            break
    candidates = range(1, last + 1)
    for index in candidates:
        if _TITLE_CASE.fullmatch(_core(words[index])):
            return index
    for index in candidates:
        if not _ACRONYM.fullmatch(_core(words[index])):
            continue
        after_type_end = _starts_lowercase_or_digit(words[index - 1]) or (
            _core(words[index - 1]) == _core(words[index])
        )
        sentence_goes_on = index < len(words) - 1 and _starts_lowercase_or_digit(words[index + 1])
        if after_type_end and sentence_goes_on:
            return index
    return None


def _chinese_split(text: str) -> tuple[str, str]:
    spaces = [match.start() for match in re.finditer(" ", text)]
    if not spaces:
        return text, ""
    between_chinese = [
        space
        for space in spaces
        if not _LATIN.match(text[space - 1]) and not _LATIN.match(text[space + 1])
    ]
    after_chinese = [space for space in spaces if _CJK.match(text[space - 1])]
    space = (between_chinese or after_chinese or spaces)[0]
    return text[:space], text[space + 1 :]


def split_type_and_description(text: str) -> tuple[str, str]:
    """Split "Replay attack The Nonce and ..." into ("Replay attack", "The Nonce and ...")."""
    text = collapse(text)
    if _CJK.search(text):
        return _chinese_split(text)
    words = text.split(" ")
    start = _english_start(words)
    if start is None:
        return text, ""
    return " ".join(words[:start]), " ".join(words[start:])


def _cells(line: str, columns: list[Column]) -> list[str] | None:
    """One word for each column but the last two, which share the rest of the line."""
    single = max(len(columns) - 2, 1)
    words = line.split(maxsplit=single)
    if len(words) < single + 1:
        return None
    if len(columns) == 1 + single:
        return words
    return [*words[:single], *split_type_and_description(words[single])]


def _accepts(columns: list[Column], next_line: str) -> bool:
    """A header with a code column and no status column, over a row with a numeric code."""
    meanings = [column.meaning for column in columns]
    if STATUS in meanings or CODE not in meanings:
        return False
    first_row = _cells(next_line, columns)
    return first_row is not None and bool(_NUMBER.fullmatch(first_row[meanings.index(CODE)]))


def table_headers(lines: list[str]) -> list[tuple[int, list[Column]]]:
    """(index, columns) of every text-numeric table header among `lines`, in order."""
    return find_tables(lines, _accepts)


def _row(line: str, number: int, columns: list[Column], path: str) -> Row:
    cells = _cells(line, columns)
    if cells is None:
        names = " | ".join(column.name for column in columns)
        raise DocumentError(path, number, f"row has too few columns ({names}): {line.strip()!r}")
    values = cells_by_meaning(columns, cells)
    code = values[CODE]
    if not _NUMBER.fullmatch(code):
        raise DocumentError(path, number, f"error code {code!r} is not a number")
    return make_row(values, path, number)


def read(text: str, path: str) -> list[Row]:
    # Tables quoted in fenced code are examples; detection skips them too.
    lines = blank_fenced_code(split_lines(text))
    headers = table_headers(lines)
    if not headers:
        raise DocumentError(
            path,
            1,
            "no error-code table found (looked for a plain-text header line naming an "
            "error-code column and no status column, followed by rows with numeric codes)",
        )
    return table_rows(lines, headers, _row, path)
