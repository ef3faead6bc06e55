"""codegen/sources.toml: which documents the package is generated from, each checked up front.

Every problem is a DocumentError at the manifest line of the offending entry (tomllib gives no
line numbers, so the entries' lines are found in the raw text).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from clouderrors import _errors
from codegen import naming
from codegen.readers import FORMATS
from codegen.readers.columns import FIELDS
from codegen.rows import DocumentError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# A code listed more than once in a document: "all" keeps every status it is listed with (the
# first row's texts), "first" keeps the first row alone, "error" refuses statuses that differ.
DUPLICATE_POLICIES = ("all", "first", "error")
_REQUIRED = ("path", "vendor", "service")
_KNOWN_KEYS = frozenset((*_REQUIRED, "format", "duplicates", "columns"))
_ENTRY = re.compile(r"^\s*\[\[\s*document\s*\]\]")
_TABLE = re.compile(r"^\s*\[")


def vendor_bases() -> dict[str, str]:
    """Vendor id -> its hand-written base class name, read from the runtime (one source)."""
    bases: dict[str, str] = {}
    for cls in _errors.CloudAPIError.__subclasses__():
        vendor = cls.__dict__.get("vendor")
        if isinstance(vendor, str):
            bases[vendor] = cls.__name__
    return bases


@dataclass(frozen=True)
class DocumentSpec:
    """One [[document]] entry, validated."""

    path: Path  # where to read it
    shown: str  # how messages name it (relative to the current directory)
    source: str  # how generated headers name it (relative to the repository), posix
    vendor: str
    service: str
    format: str
    duplicates: str  # what to do with a code listed twice in this document
    line: int  # manifest line of the entry
    # (field, header text) for columns no header keyword names: `columns = {code = "Returned
    # Value"}`
    columns: tuple[tuple[str, str], ...] = ()

    @property
    def module(self) -> str:
        return self.service.split(".", 1)[1]


def shown_path(path: Path | str) -> str:
    """A path as messages print it: relative to the current directory where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _repository_root(start: Path) -> Path:
    """The nearest ancestor holding pyproject.toml or .git; the manifest's folder otherwise."""
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").exists() or (folder / ".git").exists():
            return folder
    return start


def _entry_lines(text: str) -> list[tuple[int, int]]:
    """(first line, end line exclusive) of each [[document]] entry in the raw text."""
    lines = text.splitlines()
    starts = [number for number, line in enumerate(lines, 1) if _ENTRY.match(line)]
    spans = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines) + 1
        for number in range(start + 1, end):
            if _TABLE.match(lines[number - 1]):
                end = number
                break
        spans.append((start, end))
    return spans


def _key_line(text: str, span: tuple[int, int], key: str) -> int:
    lines = text.splitlines()
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for number in range(span[0], span[1]):
        if pattern.match(lines[number - 1]):
            return number
    return span[0]


def _syntax_error_line(message: str) -> int:
    found = re.search(r"at line (\d+)", message)
    return int(found.group(1)) if found else 1


def load_manifest(manifest: str | Path) -> list[DocumentSpec]:
    """The manifest's documents in order; any problem is a DocumentError at its line."""
    manifest_path = Path(manifest)
    shown = shown_path(manifest_path)
    try:
        text = manifest_path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise DocumentError(shown, 1, f"cannot read manifest: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise DocumentError(shown, 1, "manifest is not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DocumentError(shown, _syntax_error_line(str(exc)), f"not TOML: {exc}") from None

    entries = data.get("document")
    if not isinstance(entries, list) or not entries:
        raise DocumentError(shown, 1, "no [[document]] entries")
    spans = _entry_lines(text)
    if len(spans) != len(entries):  # e.g. written as an inline array; lines are then unknown
        spans = [(1, len(text.splitlines()) + 1)] * len(entries)

    folder = manifest_path.resolve().parent
    root = _repository_root(folder)
    vendors = vendor_bases()
    specs: list[DocumentSpec] = []
    for entry, span in zip(entries, spans, strict=True):
        specs.append(_spec(entry, span, text, shown, folder, root, vendors))

    seen: dict[Path, int] = {}
    for spec in specs:
        if spec.path in seen:
            raise DocumentError(
                shown, spec.line, f"document {spec.source} listed twice (line {seen[spec.path]})"
            )
        seen[spec.path] = spec.line
    return specs


def _spec(
    entry: object,
    span: tuple[int, int],
    text: str,
    shown: str,
    folder: Path,
    root: Path,
    vendors: dict[str, str],
) -> DocumentSpec:
    line = span[0]
    if not isinstance(entry, dict):
        raise DocumentError(shown, line, "a [[document]] entry must be a table")
    for key in sorted(entry):
        if key not in _KNOWN_KEYS:
            known = ", ".join(sorted(_KNOWN_KEYS))
            raise DocumentError(
                shown, _key_line(text, span, key), f"unknown key {key!r} (known: {known})"
            )
    for key in _REQUIRED:
        if key not in entry:
            raise DocumentError(shown, line, f"document entry has no {key!r}")
    for key in sorted(entry):
        if key != "columns" and not isinstance(entry[key], str):
            raise DocumentError(shown, _key_line(text, span, key), f"{key!r} must be a string")

    vendor: str = entry["vendor"]
    if vendor not in vendors:
        raise DocumentError(
            shown,
            _key_line(text, span, "vendor"),
            f"unknown vendor {vendor!r} (known: {', '.join(sorted(vendors))})",
        )
    service: str = entry["service"]
    prefix, _, name = service.partition(".")
    if prefix != vendor or not naming.service_module(name):
        raise DocumentError(
            shown,
            _key_line(text, span, "service"),
            f"bad service id {service!r}: must be {vendor!r} + '.' + a lowercase identifier"
            " that is not a keyword",
        )
    from codegen.render import vendor_package_names  # render imports this module

    if name in vendor_package_names():
        raise DocumentError(
            shown,
            _key_line(text, span, "service"),
            f"bad service id {service!r}: the module would shadow {name!r}, which the "
            f"generated package clouderrors.{vendor} uses",
        )
    format_name: str = entry.get("format", "auto")
    if format_name != "auto" and format_name not in FORMATS:
        raise DocumentError(
            shown,
            _key_line(text, span, "format"),
            f"unknown format {format_name!r} (known: auto, {', '.join(sorted(FORMATS))})",
        )
    columns = _columns(entry.get("columns", {}), shown, _key_line(text, span, "columns"))
    duplicates: str = entry.get("duplicates", "all")
    if duplicates not in DUPLICATE_POLICIES:
        raise DocumentError(
            shown,
            _key_line(text, span, "duplicates"),
            f"duplicates must be one of {', '.join(DUPLICATE_POLICIES)}, not {duplicates!r}",
        )
    path = (folder / entry["path"]).resolve()
    if not path.is_file():
        raise DocumentError(
            shown, _key_line(text, span, "path"), f"document not found: {entry['path']}"
        )
    try:
        source = path.relative_to(root).as_posix()
    except ValueError:  # outside the manifest's repository: name it within its own
        source = path.relative_to(_repository_root(path.parent)).as_posix()
    return DocumentSpec(
        path=path,
        shown=shown_path(path),
        source=source,
        vendor=vendor,
        service=service,
        format=format_name,
        duplicates=duplicates,
        line=line,
        columns=columns,
    )


def _columns(value: object, shown: str, line: int) -> tuple[tuple[str, str], ...]:
    """The `columns` table: field -> the header text of its column, each a non-empty string."""
    if not isinstance(value, dict):
        raise DocumentError(shown, line, "'columns' must be a table such as {code = \"Value\"}")
    for field, header in sorted(value.items()):
        if field not in FIELDS:
            known = ", ".join(sorted(FIELDS))
            raise DocumentError(shown, line, f"columns: unknown field {field!r} (known: {known})")
        if not isinstance(header, str) or not header.strip():
            raise DocumentError(shown, line, f"columns: {field} must name a header (a string)")
    return tuple(sorted(value.items()))
