"""codegen/sources.toml: which documents the package is generated from, each checked up front.

Every problem is a DocumentError at the manifest line of the offending entry (tomllib gives no
line numbers, so the entries' lines are found in the raw text); the problems of all entries are
raised together (DocumentErrors).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from clouderrors import _errors
from codegen import naming, tencentcloud_sdk
from codegen.readers import FORMATS
from codegen.readers.columns import FIELDS
from codegen.rows import DocumentError, raise_all

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# A code listed more than once in a document: "all" keeps every status it is listed with (the
# first row's texts), "first" keeps the first row alone, "error" refuses statuses that differ.
DUPLICATE_POLICIES = ("all", "first", "error")
_REQUIRED = ("path", "vendor", "service")
_KNOWN_KEYS = frozenset((*_REQUIRED, "format", "duplicates", "columns"))
_SDK_KEYS = frozenset(("version", "services", "ids"))
SDK_FORMAT = "tencentcloud-sdk"
# The group of documents a [[tencentcloud-sdk]] entry adds: one API of its services (API 3.0),
# merged apart from the pages of the same service (which may document another API).
SDK_API = "tencentcloud-api3"
_ENTRY = re.compile(r"^\s*\[\[\s*document\s*\]\]")
_SDK_ENTRY = re.compile(r"^\s*\[\[\s*(?:\"tencentcloud-sdk\"|tencentcloud-sdk)\s*\]\]")
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
    # The API a document describes: pages "" (their own), SDK modules SDK_API. A service's
    # documents are merged per API (newest wins within one API), then the APIs united.
    api: str = ""
    # The host label that names the service (<label>.tencentcloudapi.com) when it is not the
    # module name (an SDK service given a curated id); "" otherwise.
    host_label: str = ""

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


def _entry_lines(text: str, entry: re.Pattern[str] = _ENTRY) -> list[tuple[int, int]]:
    """(first line, end line exclusive) of each [[document]] (or other `entry`) in the raw text."""
    lines = text.splitlines()
    starts = [number for number, line in enumerate(lines, 1) if entry.match(line)]
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

    entries = data.get("document", [])
    sdk_entries = data.get("tencentcloud-sdk", [])
    if not isinstance(entries, list) or not isinstance(sdk_entries, list):
        raise DocumentError(
            shown, 1, "[[document]] and [[tencentcloud-sdk]] must be arrays of tables"
        )
    if not entries and not sdk_entries:
        raise DocumentError(shown, 1, "no [[document]] or [[tencentcloud-sdk]] entries")
    spans = _entry_lines(text)
    if len(spans) != len(entries):  # e.g. written as an inline array; lines are then unknown
        spans = [(1, len(text.splitlines()) + 1)] * len(entries)

    folder = manifest_path.resolve().parent
    root = _repository_root(folder)
    vendors = vendor_bases()
    # Entries are independent: every bad one is reported in one run, each at its first problem.
    errors: list[DocumentError] = []
    specs: list[DocumentSpec] = []
    for entry, span in zip(entries, spans, strict=True):
        try:
            specs.append(_spec(entry, span, text, shown, folder, root, vendors))
        except DocumentError as exc:
            errors.append(exc)

    seen: dict[Path, int] = {}
    for spec in specs:
        if spec.path in seen:
            errors.append(
                DocumentError(
                    shown,
                    spec.line,
                    f"document {spec.source} listed twice (line {seen[spec.path]})",
                )
            )
        seen[spec.path] = spec.line

    sdk_spans = _entry_lines(text, _SDK_ENTRY)
    if len(sdk_spans) != len(sdk_entries):
        sdk_spans = [(1, len(text.splitlines()) + 1)] * len(sdk_entries)
    sdk_services: dict[str, int] = {}
    for entry, span in zip(sdk_entries, sdk_spans, strict=True):
        try:
            sdk_specs = _sdk_specs(entry, span, text, shown, root)
        except DocumentError as exc:
            errors.append(exc)
            continue
        for spec in sdk_specs:
            if spec.path in seen:
                errors.append(
                    DocumentError(
                        shown, span[0], f"{spec.source} listed twice (line {seen[spec.path]})"
                    )
                )
                break
            seen[spec.path] = span[0]
            first = sdk_services.setdefault(spec.service, span[0])
            if first != span[0]:
                errors.append(
                    DocumentError(
                        shown, span[0], f"service {spec.service} also comes from line {first}"
                    )
                )
                break
            specs.append(spec)
    raise_all(errors)
    return specs


def _sdk_specs(
    entry: object, span: tuple[int, int], text: str, shown: str, root: Path
) -> list[DocumentSpec]:
    """The documents of one [[tencentcloud-sdk]] entry: every error-code module of the listed
    services (all with services = "*") of the installed SDK, each service's versions oldest
    first."""
    line = span[0]
    if not isinstance(entry, dict):
        raise DocumentError(shown, line, "a [[tencentcloud-sdk]] entry must be a table")
    for key in sorted(entry):
        if key not in _SDK_KEYS:
            known = ", ".join(sorted(_SDK_KEYS))
            raise DocumentError(
                shown, _key_line(text, span, key), f"unknown key {key!r} (known: {known})"
            )
    pinned = entry.get("version")
    if not isinstance(pinned, str) or not pinned:
        raise DocumentError(
            shown,
            _key_line(text, span, "version"),
            "version must be the pinned SDK version as a string",
        )
    wanted = entry.get("services", "*")
    if not (
        wanted == "*"
        or (isinstance(wanted, list) and wanted and all(isinstance(w, str) for w in wanted))
    ):
        raise DocumentError(
            shown,
            _key_line(text, span, "services"),
            'services must be "*" or a non-empty list of SDK service names',
        )
    ids = entry.get("ids", {})
    if not isinstance(ids, dict) or not all(isinstance(v, str) for v in ids.values()):
        raise DocumentError(
            shown,
            _key_line(text, span, "ids"),
            "ids must be a table of SDK service name = module name",
        )
    try:
        sdk_root = tencentcloud_sdk.installed(pinned)
    except tencentcloud_sdk.SdkError as exc:
        raise DocumentError(shown, _key_line(text, span, "version"), str(exc)) from None
    available = tencentcloud_sdk.modules(sdk_root)
    names = list(available) if wanted == "*" else list(dict.fromkeys(wanted))
    for name in names:
        if name not in available:
            raise DocumentError(
                shown,
                _key_line(text, span, "services"),
                f"the SDK {pinned} has no service {name!r} (no {name}/*/errorcodes.py)",
            )
    for name in sorted(ids):
        if name not in available:
            raise DocumentError(
                shown, _key_line(text, span, "ids"), f"ids: the SDK has no service {name!r}"
            )
        if not naming.service_module(ids[name]):
            raise DocumentError(
                shown,
                _key_line(text, span, "ids"),
                f"ids: {ids[name]!r} for {name} must be a lowercase identifier, not a keyword",
            )
    specs: list[DocumentSpec] = []
    for name in names:
        module = ids.get(name)
        if module is None:
            problem = tencentcloud_sdk.needs_curated_id(name)
            if problem is not None:
                raise DocumentError(
                    shown,
                    _key_line(text, span, "services"),
                    f"SDK service {name!r} {problem}; give it a module name in "
                    f'ids = {{ {name} = "..." }}',
                )
            module = name
        for found in available[name]:
            specs.append(
                DocumentSpec(
                    path=found.path,
                    shown=shown_path(found.path),
                    source=f"{tencentcloud_sdk.DISTRIBUTION} {pinned} {found.relative}",
                    vendor=tencentcloud_sdk.VENDOR,
                    service=f"{tencentcloud_sdk.VENDOR}.{module}",
                    format=SDK_FORMAT,
                    duplicates="error",
                    line=line,
                    api=SDK_API,
                    host_label="" if module == name else name,
                )
            )
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
        problem = "is not a file" if path.exists() else "not found"
        raise DocumentError(
            shown, _key_line(text, span, "path"), f"document {problem}: {entry['path']}"
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
