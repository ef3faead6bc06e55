"""The one identifier rule: any text (a code, a message) becomes a safe, unique Python name.

A name is ASCII CamelCase built from the text's letters and digits, never a keyword or builtin,
never one of the names a generated module reserves, and never longer than MAX_NAME characters
(so a generated line stays short). Clashes get one deterministic suffix: the code's digits, else
a counter.
"""

from __future__ import annotations

import builtins
import hashlib
import keyword
import re
import unicodedata
from collections.abc import Collection

MAX_NAME = 40
_WORD = re.compile(r"[A-Za-z0-9]+")
# Names no generated public name may take: Python's own, whatever the interpreter version.
PYTHON_NAMES = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))


def words(text: str) -> list[str]:
    """ASCII letter/digit runs of `text` after compatibility folding (full-width digits etc.)."""
    folded = unicodedata.normalize("NFKC", text)
    return _WORD.findall(folded)


def camel(text: str, exact: bool = True) -> str:
    """CamelCase of the words of `text`; each word keeps its own inner capitals (MFAFailure).

    Words are taken while the name fits MAX_NAME. An `exact` name (from a code) that had to be
    shortened ends in a digest of the whole text, so two long codes stay apart.
    """
    name = ""
    shortened = False
    for part in words(text):
        piece = part[0].upper() + part[1:]
        if len(name) + len(piece) > MAX_NAME:
            name = name or piece[:MAX_NAME]
            shortened = True
            break
        name += piece
    if not name:
        name = "Code"
    if name[0].isdigit():
        name = "Code" + name
    if exact and (shortened or len(name) > MAX_NAME):
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        name = name[: MAX_NAME - 9] + "_" + digest
    return name[: MAX_NAME + 4]


def is_free(name: str, taken: Collection[str]) -> bool:
    return name.isidentifier() and name not in PYTHON_NAMES and name not in taken


def unique(candidate: str, code: str, taken: Collection[str]) -> str:
    """`candidate` if free, else the one deterministic fallback: code digits, then a counter."""
    if is_free(candidate, taken):
        return candidate
    digits = "".join(ch for ch in code if ch.isascii() and ch.isdigit())[:12]
    if digits and is_free(candidate + digits, taken):
        return candidate + digits
    counter = 2
    while not is_free(f"{candidate}{counter}", taken):
        counter += 1
    return f"{candidate}{counter}"


def service_module(name: str) -> bool:
    """Whether `name` may be a service module name: a lowercase identifier, not a keyword."""
    return (
        name.isidentifier()
        and name.isascii()
        and name == name.lower()
        and not keyword.iskeyword(name)
        and not keyword.issoftkeyword(name)
        and not name.startswith("_")
    )
