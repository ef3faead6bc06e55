"""Names: any text (a code, a message) becomes a safe Python name, and messages become the names
a person would write.

A name is ASCII CamelCase built from the text's letters and digits, never a keyword or builtin,
never one of the names a generated module reserves, and never longer than MAX_NAME characters
(so a generated line stays short).

Names for codes that are not names (`LTS.0101`, `4000`) come from the code's message, by rules
drawn from the vendors' pages:

- only English text gives a name: a message holding Chinese gives none (its ASCII words are
  scraps: `KMS`, `POST`), and the description is tried next;
- the first clause says what happened ("Invalid DCS instance name. The name must be 4 to 64
  characters" -> InvalidDCSInstanceName); placeholders (`%s`, `{0}`, `[input attribute]`,
  `xxx`) and parentheticals are dropped, with a preposition that only introduced one;
- articles and forms of "be" say nothing in a name and go ("The instance is not found" ->
  InstanceNotFound), as do leading fillers ("Sorry,", "Error:", "Please");
- a name longer than MAX_NAME is cut before a connecting word (in, for, because, with, ...) so
  that it ends on a whole phrase, never on "The", "Or", "Not", "To", "Of", ...;
- a name of one short or generic word (Tag, ID, Error) says nothing;
- when another code holds that name, the words before the first connecting word plus the
  phrase saying what the error is about make the next one ("No permissions to perform
  operations on this API" -> NoPermissionsOnAPI).

Where no such name exists the caller names the class from its code (`DCS4010`), which is also
what a clash falls back to: a derived name is never given a code-digit suffix.
"""

from __future__ import annotations

import builtins
import hashlib
import keyword
import re
import unicodedata
from collections.abc import Collection, Iterator

from clouderrors._wire import wire_form

MAX_NAME = 40
_WORD = re.compile(r"[A-Za-z0-9]+")
# Names no generated public name may take: Python's own, whatever the interpreter version.
PYTHON_NAMES = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))


def normal_code(code: str) -> str:
    """The code as the wire sends it: a page's stray whitespace removed (`DCS. 4855`), its
    full-width letters, digits and punctuation (`ＬＴＳ．０１０１`, typed in a Chinese input
    mode) made the ASCII they stand for, as NFKC folds them, and the invisible format
    characters a page can carry (zero-width space, joiners, BOM, bidi marks) dropped."""
    return wire_form(code) or code  # the runtime's rule: lookup() finds what this gives


def words(text: str) -> list[str]:
    """ASCII letter/digit runs of `text` after compatibility folding (full-width digits etc.)."""
    folded = unicodedata.normalize("NFKC", text)
    return _WORD.findall(folded)


def camel(text: str, exact: bool = True, limit: int = MAX_NAME) -> str:
    """CamelCase of the words of `text`; each word keeps its own inner capitals (MFAFailure).

    Words are taken while the name fits `limit`. An `exact` name (from a code) that had to be
    shortened ends in a digest of the whole text, so two long codes stay apart.
    """
    name = ""
    shortened = False
    for part in words(text):
        piece = part[0].upper() + part[1:]
        if len(name) + len(piece) > limit:
            name = name or piece[:limit]
            shortened = True
            break
        name += piece
    if not name:
        name = "Code"
    if name[0].isdigit():
        name = "Code" + name
    if exact and (shortened or len(name) > limit):
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        name = name[: limit - 9] + "_" + digest
    return name[: limit + 4]


def is_free(name: str, taken: Collection[str]) -> bool:
    return name.isidentifier() and name not in PYTHON_NAMES and name not in taken


class Counters:
    """The next counter to try per candidate, so that n clashes on one name cost n tries in
    all, not n squared."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def unique(self, candidate: str, code: str, taken: Collection[str]) -> str:
        """`candidate` if free, else the one deterministic fallback: code digits, then a
        counter."""
        if is_free(candidate, taken):
            return candidate
        digits = "".join(ch for ch in code if ch.isascii() and ch.isdigit())[:12]
        if digits and is_free(candidate + digits, taken):
            return candidate + digits
        counter = self._next.get(candidate, 2)
        while not is_free(f"{candidate}{counter}", taken):
            counter += 1
        self._next[candidate] = counter + 1
        return f"{candidate}{counter}"


def unique(candidate: str, code: str, taken: Collection[str]) -> str:
    """`candidate` if free, else code digits, then a counter (one-off; see Counters)."""
    return Counters().unique(candidate, code, taken)


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


# --- names from messages ----------------------------------------------------------------------

# Chinese, Japanese and Korean script: such a message names nothing in ASCII.
_CJK = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
# Stand-ins for values, in the spellings the pages use: %s, %(key)s, {0}, {}, ${x}, <name>,
# [input attribute], xxx / XXX.
_PLACEHOLDER = re.compile(
    r"%\(\w*\)[sdif]|%[sdif]|\$?\{[^{}]*\}|<[^<>]*>|\[[^\[\]]*\]|\b[xX]{2,}\b"
)
_PARENTHETICAL = re.compile(r"\([^()]*\)|（[^（）]*）")
_QUOTED_EMPTY = re.compile(r"""(['"`‘“])\s*(['"`’”])""")
_CANNOT = re.compile(r"\bcan['’]t\b", re.I)
_WONT = re.compile(r"\bwon['’]t\b", re.I)
_NOT = re.compile(r"(?<=\w)n['’]t\b", re.I)
_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")
# The first clause: a sentence end, semicolon, colon or line break ends it. A dot between
# letters/digits (v1.0, file.txt) does not.
_CLAUSE_END = re.compile(r"[.!?](?=\s|$)|[;:\n。；：！？]|\\n")
# Phrasings a name says shorter, as people write them: "X does not exist" -> XNotFound,
# "The number of X exceeds the maximum allowed limit" -> TooManyX, "has been deleted" -> Deleted.
_REPHRASINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(?:does|do|did) not exist\b|\b(?:could|can|cannot)(?: not)? be found\b"
            r"|\b(?:is|are|was|were) not found\b",
            re.I,
        ),
        "not found",
    ),
    (re.compile(r"\b(?:has|have) (already )?been\b", re.I), r"\1"),
    (
        re.compile(
            r"^\W*(?:the )?(?:total )?number of (.+?) (?:has |have )?"
            r"(?:exceeds?|exceeded|reach(?:es|ed)?|is (?:greater|more) than)\b.*",
            re.I | re.S,
        ),
        r"too many \1",
    ),
)
_TOKEN = re.compile(r"[A-Za-z0-9]+|\x00")  # \x00 marks where a placeholder stood
_PLACEHOLDER_MARK = "\x00"

# Words a name drops wherever they stand: they carry no meaning in CamelCase.
_DROPPED = frozenset({"the", "a", "an", "is", "are", "was", "were"})
# Words that open a message without saying anything about the error.
_LEADING_FILLER = frozenset(
    {"sorry", "error", "err", "note", "please", "warning", "oops", "exception", "failure", "only"}
)
# Words that join phrases: a long name is cut before one of them.
_CONNECTORS = frozenset(
    {
        "about",
        "after",
        "as",
        "at",
        "because",
        "before",
        "by",
        "due",
        "during",
        "for",
        "from",
        "if",
        "in",
        "into",
        "on",
        "since",
        "so",
        "than",
        "that",
        "to",
        "under",
        "unless",
        "until",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "with",
        "within",
        "without",
    }
)
# Words a name never ends on: it would stop mid-phrase ("...IsNot", "...MustBe", "...Of").
# ("and", "or", "but" join two things a name needs both of: no cut is made before them.)
_BAD_ENDINGS = (
    _CONNECTORS
    | _DROPPED
    | {
        "and",
        "but",
        "or",
        "be",
        "been",
        "being",
        "can",
        "cannot",
        "could",
        "do",
        "does",
        "has",
        "have",
        "its",
        "may",
        "must",
        "no",
        "not",
        "of",
        "only",
        "should",
        "their",
        "this",
        "these",
        "those",
        "too",
        "very",
        "will",
        "would",
        "you",
        "your",
    }
)
# One-word names that say nothing about the error.
_GENERIC = frozenset(
    {"error", "errors", "failed", "failure", "fail", "exception", "invalid", "unknown", "other"}
)
_MIN_SINGLE_WORD = 8


def _clean(text: str) -> str:
    """The first clause of `text` with placeholders marked and parentheticals dropped."""
    text = unicodedata.normalize("NFKC", text)
    text = _PLACEHOLDER.sub(f" {_PLACEHOLDER_MARK} ", text)
    text = _PARENTHETICAL.sub(" ", text)
    text = _QUOTED_EMPTY.sub(f" {_PLACEHOLDER_MARK} ", text)
    text = _NOT.sub(" not", _WONT.sub("will not", _CANNOT.sub("cannot", text)))
    text = _APOSTROPHE.sub("", text)
    for match in _CLAUSE_END.finditer(text):
        if _TOKEN.search(text, 0, match.start()):
            text = text[: match.start()]
            break
    for pattern, replacement in _REPHRASINGS:
        text = pattern.sub(replacement, text)
    return text


def _tokens(text: str) -> list[str]:
    """The words of a clause, placeholders and the preposition that introduced one left out."""
    raw = _TOKEN.findall(text)
    kept: list[str] = []
    for token in raw:
        if token == _PLACEHOLDER_MARK:
            if all(word.casefold() in _DROPPED | _LEADING_FILLER for word in kept):
                return []  # "The %s is required": the subject is a placeholder
            if kept and kept[-1].casefold() in _CONNECTORS | {"of"}:
                kept.pop()  # "Delete flow log by xxx" -> "Delete flow log"
            continue
        kept.append(token)
    while kept and (kept[0].casefold() in _LEADING_FILLER or kept[0].casefold() in _DROPPED):
        kept.pop(0)
    return [token for token in kept if token.casefold() not in _DROPPED]


def _piece(word: str, shouting: bool) -> str:
    if shouting and len(word) > 4:
        word = word.lower()
    return word[0].upper() + word[1:]


def _cuts(tokens: list[str]) -> Iterator[int]:
    """Word counts at which a name may end, longest first: the whole clause, then before each
    connecting word."""
    yield len(tokens)
    for index in range(len(tokens) - 1, 0, -1):
        if tokens[index].casefold() in _CONNECTORS:
            yield index


# The run of capitals a name ends in, as a reader takes it for one word ("B/Y" -> "BY").
_TRAILING_CAPITALS = re.compile(r"(?<![A-Z])[A-Z]+$")


def _acceptable(tokens: list[str], name: str) -> bool:
    if not name or len(name) > MAX_NAME or name[0].isdigit():
        return False
    if tokens[-1].casefold() in _BAD_ENDINGS:
        return False
    # Capital tokens run together: "B" "Y" end the name on the word "BY".
    trailing = _TRAILING_CAPITALS.search(name)
    if trailing is not None and trailing.group(0).casefold() in _BAD_ENDINGS:
        return False
    if len(tokens) == 1:
        word = tokens[0].casefold()
        return len(word) >= _MIN_SINGLE_WORD and word not in _GENERIC
    return not all(token.isdigit() for token in tokens[1:])


# Prepositions that open the phrase saying what an error is about ("... on this API"): a name
# may keep that phrase alone when the words before it are shared by other codes.
_ABOUT = frozenset({"on", "for", "in", "of", "with", "from", "at", "by", "under", "within"})
_DETERMINERS = frozenset({"this", "these", "that", "those"})


def from_message(text: str) -> str | None:
    """The name a person would write for an error whose message is `text`, or None when the
    message gives no good one (Chinese text, nothing but placeholders, only a generic word)."""
    names = names_from_message(text)
    return names[0] if names else None


def names_from_message(text: str) -> list[str]:
    """Good names for an error whose message is `text`, best first: the one from_message gives,
    then shorter ones keeping what the message is about, for when other codes share the first
    ("No permissions to perform operations on this API" -> NoPermissionsOnAPI)."""
    if not text or _CJK.search(text):
        return []
    tokens = _tokens(_clean(text))
    if not tokens:
        return []
    letters = [char for token in tokens for char in token if char.isalpha()]
    shouting = len(letters) > 8 and all(char.isupper() for char in letters)

    def name_of(kept: list[str]) -> str | None:
        name = "".join(_piece(token, shouting) for token in kept)
        return name if kept and _acceptable(kept, name) else None

    names: list[str] = []
    first = next((n for end in _cuts(tokens) if (n := name_of(tokens[:end])) is not None), None)
    if first is None:
        return names
    names.append(first)
    head_end = next(
        (index for index, token in enumerate(tokens) if token.casefold() in _CONNECTORS), None
    )
    if head_end is None or head_end < 2:
        return names
    for start in range(len(tokens) - 1, head_end, -1):
        if tokens[start].casefold() not in _ABOUT:
            continue
        about = [token for token in tokens[start:] if token.casefold() not in _DETERMINERS]
        variant = name_of(tokens[:head_end] + about)
        if variant is not None and variant not in names:
            names.append(variant)
    return names
