"""What the start of a JSON object says when the rest never came: the members read whole before
the cut. An error body cut short (see _stream) still gives its code, which comes first in every
vendor's shape ({"error_code": ..., {"Response": {"Error": {"Code": ...}}})."""

from __future__ import annotations

import json
import json.scanner
import re
from collections.abc import Callable
from typing import Any

_make_scanner: Any = json.scanner.make_scanner  # typeshed types it as a class, not a factory
_scan: Callable[[str, int], tuple[Any, int]] = _make_scanner(json.JSONDecoder())
_SPACE = re.compile(r"[ \t\n\r]*")
# Objects cut short are followed this deep (an API 3.0 code sits three levels down); below, a
# member cut short is dropped. Each level scans the rest of the text at most once, so the cost
# stays linear in the text's length.
_DEPTH = 4
# The code and message are among an error object's first members: no more are read per object,
# so a large object cut short costs no Python work per member beyond these.
_MEMBERS = 64


class _Cut(Exception):
    """The text ended (or stopped being JSON) inside a member."""


def object_prefix(content: bytes) -> dict[str, Any] | None:
    """The members of the JSON object `content` starts (UTF-8), read up to where it was cut;
    None when it does not start as a JSON object or has no whole member."""
    text = content.decode("utf-8", "replace")
    start = _SPACE.match(text, 0)
    if start is None or not text.startswith("{", start.end()):
        return None
    members: dict[str, Any] = {}
    try:
        _read_object(text, start.end(), members, _DEPTH)
    except (_Cut, RecursionError):
        pass
    return members or None


def _read_object(text: str, at: int, members: dict[str, Any], depth: int) -> int:
    """Read the object at `at` ("{") into `members`; the index after it. _Cut when the text ends
    inside it (`members` then holds what was read whole, nested objects cut short included)."""
    at += 1
    for _ in range(_MEMBERS):
        at = _space(text, at)
        if text.startswith("}", at):
            return at + 1
        if not text.startswith('"', at):
            raise _Cut
        try:
            key, at = _scan(text, at)  # a JSON string: the member's name
        except (StopIteration, ValueError):
            raise _Cut from None
        at = _space(text, at)
        if not text.startswith(":", at):
            raise _Cut
        at = _space(text, at + 1)
        if text.startswith("{", at) and depth > 1:
            inner: dict[str, Any] = {}
            try:
                at = _read_object(text, at, inner, depth - 1)
            except _Cut:
                if inner:  # an object cut short keeps the members it read whole
                    members[key] = inner
                raise
            members[key] = inner
        else:
            try:
                members[key], at = _scan(text, at)
            except (StopIteration, ValueError):
                raise _Cut from None
        at = _space(text, at)
        if text.startswith(",", at):
            at += 1
        elif not text.startswith("}", at):
            raise _Cut
    raise _Cut  # enough members read


def _space(text: str, at: int) -> int:
    found = _SPACE.match(text, at)
    return at if found is None else found.end()
