"""What a run tells: the changes per service, compared with the generated modules now on disk,
and its notes (summarized on screen, in full in the naming report).

The previous modules are read with `ast` (never imported): each class that states a `code`, and
the module-level aliases of each class.
"""

from __future__ import annotations

import ast
import json
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from clouderrors import _lazy
from codegen.catalogue import (
    ACTION_KINDS,
    DERIVED,
    FROM_CODE,
    LISTED_AGAIN,
    NORMALIZED,
    RENAMED,
    SEVERAL_STATUSES,
    STATUS_CHANGED,
    Catalogue,
    KnownNames,
    Note,
    Service,
)
from codegen.manifest import shown_path
from codegen.rows import DocumentError


@dataclass(frozen=True)
class Documented:
    """What a generated class says about its code."""

    name: str
    http_status: object
    message: object
    deprecated: object
    aliases: tuple[str, ...] = ()  # module-level `Alias = Name` statements naming the class


# A generated module larger than this is damaged (the largest real one is well under 1 MiB).
_LARGEST_MODULE = 64 * 1024 * 1024


def read_previous(path: Path) -> dict[str, Documented]:
    """code -> what the generated module at `path` documents; empty if it is missing/unreadable.

    A damaged file (cut short, garbage, nesting too deep for the parser, a huge file) is
    unreadable, whatever it holds: nothing but the empty answer comes out of it."""
    try:
        if path.stat().st_size > _LARGEST_MODULE:
            return {}
        tree = ast.parse(path.read_bytes())
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    found: dict[str, Documented] = {}
    aliases: dict[str, list[str]] = {}  # class name -> its aliases, in module order
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            found.update(_table(node))
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Name)
        ):
            aliases.setdefault(node.value.id, []).append(node.targets[0].id)
        if not isinstance(node, ast.ClassDef):
            continue
        values: dict[str, object] = {}
        for statement in node.body:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target, value = statement.targets[0], statement.value
            elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
                target, value = statement.target, statement.value
            else:
                continue
            if isinstance(target, ast.Name):
                try:
                    values[target.id] = ast.literal_eval(value)
                except (ValueError, TypeError, RecursionError, MemoryError):
                    continue  # not a literal, or one no value can be made of ({[1]})
        code = values.get("code")
        if isinstance(code, str):
            found[code] = Documented(
                node.name,
                values.get("http_status"),
                values.get("documented_message"),
                values.get("deprecated"),
            )
    return {
        code: replace(
            documented,
            aliases=documented.aliases or tuple(aliases.get(documented.name, ())),
        )
        for code, documented in found.items()
    }


def known_names(out: Path, catalogue_services: list[tuple[str, str, str]]) -> dict[str, KnownNames]:
    """Per service id, the names the generated modules under `out` give (see read_previous).

    `catalogue_services` lists (service id, vendor, module) of the manifest's services.
    """
    known: dict[str, KnownNames] = {}
    for service_id, vendor, module in catalogue_services:
        previous = read_previous(out / vendor / f"{module}.py")
        known[service_id] = {
            code: (documented.name, documented.aliases) for code, documented in previous.items()
        }
    return known


def _table(node: ast.AnnAssign | ast.Assign) -> dict[str, Documented]:
    """code -> what a table module's `CODES = {...}` row documents (see clouderrors._lazy)."""
    target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
    if not (isinstance(target, ast.Name) and target.id == "CODES" and node.value is not None):
        return {}
    try:
        table = ast.literal_eval(node.value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return {}  # a damaged table: the module is unreadable, like one that does not parse
    found: dict[str, Documented] = {}
    for code, row in table.items() if isinstance(table, dict) else ():
        if not (isinstance(code, str) and isinstance(row, tuple)):
            continue
        full = row + _lazy.DEFAULTS[len(row) :]
        name = _lazy.default_name(code) if full[3] is None else full[3]
        flags = full[1] if isinstance(full[1], int) else 0  # a table of another layout
        aliases = full[10] if isinstance(full[10], tuple) else ()
        found[code] = Documented(
            str(name), full[7], full[6], bool(flags & _lazy.DEPRECATED), tuple(map(str, aliases))
        )
    return found


def _codes(codes: list[str], limit: int = 20) -> str:
    shown = ", ".join(codes[:limit])
    return shown + (f", ... ({len(codes) - limit} more)" if len(codes) > limit else "")


def service_lines(service: Service, previous: dict[str, Documented]) -> list[str]:
    """The change report of one service: counts, then added/deprecated/removed/changed codes."""
    now = {cls.code: cls for cls in service.classes}
    documented = [cls for cls in service.classes if cls.documented]
    deprecated = [cls for cls in documented if cls.deprecated]
    lines = [
        f"{service.id}: {len(service.classes)} classes ({len(documented)} documented codes, "
        f"{len(deprecated)} deprecated, {len(service.classes) - len(documented)} prefixes)"
    ]
    added = sorted(set(now) - set(previous))
    removed = sorted(set(previous) - set(now))
    newly_deprecated = sorted(
        code
        for code, cls in now.items()
        if cls.deprecated and code in previous and previous[code].deprecated is not True
    )
    changed: list[str] = []
    for code in sorted(set(now) & set(previous)):
        old, new = previous[code], now[code]
        if old.http_status != new.http_status:
            changed.append(f"{code} status {old.http_status} -> {new.http_status}")
        if old.message != new.documented_message:
            changed.append(f"{code} message changed")
        if old.name != new.name:
            kept = " (the old name stays as an alias)" if old.name in new.aliases else ""
            changed.append(f"{code} name {old.name} -> {new.name}{kept}")
    added_codes = [code for code in added if now[code].documented]
    added_prefixes = [code for code in added if not now[code].documented]
    if added_codes:
        lines.append(f"  added {len(added_codes)}: {_codes(added_codes)}")
    if added_prefixes:
        lines.append(f"  added prefix classes: {_codes(added_prefixes)}")
    if newly_deprecated:
        lines.append(f"  deprecated {len(newly_deprecated)}: {_codes(newly_deprecated)}")
    new_and_deprecated = sorted(code for code in added if now[code].deprecated)
    if new_and_deprecated:
        lines.append(f"  added as deprecated: {_codes(new_and_deprecated)}")
    if removed:
        lines.append(f"  removed {len(removed)}: {_codes(removed)}")
    for change in changed:
        lines.append(f"  changed: {change}")
    return lines


def report(catalogue: Catalogue, out: Path) -> list[str]:
    lines: list[str] = []
    for service in catalogue.services:
        path = out / service.vendor / f"{service.module}.py"
        lines.extend(service_report(service, path, read_previous(path)))
    return lines


def service_report(service: Service, path: Path, previous: dict[str, Documented]) -> list[str]:
    """The change report of one service against `previous`, read from its module at `path`."""
    lines = service_lines(service, previous)
    if not previous and path.exists():
        lines.append(f"  previous module {shown_path(path)} unreadable: compared with nothing")
    return lines


# How each kind of note is counted in a service's summary line.
_COUNTED = {
    DERIVED: "named from messages",
    FROM_CODE: "named from codes",
    SEVERAL_STATUSES: "with several statuses",
    LISTED_AGAIN: "listed again",
    STATUS_CHANGED: "status changed across pages",
    RENAMED: "renamed (old name kept as an alias)",
    NORMALIZED: "codes written with stray whitespace or full-width characters",
}


def summary_notes(notes: list[Note]) -> tuple[list[Note], dict[str, Counter[str]]]:
    """What notes_summary needs of some notes: the notes it shows (several statuses, those
    asking for action), and per service the count of each kind it counts."""
    shown = [note for note in notes if note.kind == SEVERAL_STATUSES or note.kind in ACTION_KINDS]
    counts: dict[str, Counter[str]] = {}
    for note in notes:
        if note.kind in _COUNTED:
            counts.setdefault(note.service, Counter())[note.kind] += 1
    return shown, counts


def notes_summary(
    notes: list[Note], report_path: str | None, counts: dict[str, Counter[str]] | None = None
) -> list[str]:
    """What a person reads of a run's notes: a line per page listing codes with several
    statuses, a line per service with counts, and each note that asks for action in full.
    `counts` (see summary_notes) stands for the counted notes when `notes` are only those
    shown."""
    lines: list[str] = []
    several: dict[str, list[str]] = {}
    for note in notes:
        if note.kind == SEVERAL_STATUSES:
            several.setdefault(note.path, []).append(note.code)
    for path, codes in several.items():
        lines.append(
            f"{path}: {len(codes)} codes listed with several statuses, all kept "
            f"(http_statuses; the first is http_status): {_codes(codes, 5)}"
        )
    if counts is None:
        counts = summary_notes(notes)[1]
    for service, counted in sorted(counts.items()):
        parts = [f"{counted[kind]} {label}" for kind, label in _COUNTED.items() if counted[kind]]
        lines.append(f"notes: {service}: {', '.join(parts)}")
    if counts:
        where = report_path or "a file given as --report FILE"
        lines.append(f"notes: every note, name by name, is in {where}")
    lines.extend(f"warning: {note.text}" for note in notes if note.kind in ACTION_KINDS)
    return lines


_REPORT_FIELDS = ("service", "code", "kind", "name", "path", "line", "text")


def write_naming_report(path: Path, notes: Catalogue | list[Note]) -> None:
    """Every note of the run, for curation: JSON (a list of objects), or TSV when `path` ends
    in .tsv (a header line, then one note per line; tabs and newlines in text become spaces)."""
    records = [
        {name: getattr(note, name) for name in _REPORT_FIELDS}
        | {"action": note.kind in ACTION_KINDS}
        for note in (notes.notes if isinstance(notes, Catalogue) else notes)
    ]
    if path.suffix.lower() == ".tsv":
        header = [*_REPORT_FIELDS, "action"]
        rows = ["\t".join(header)]
        for record in records:
            rows.append("\t".join(" ".join(str(record[key]).split()) for key in header))
        text = "\n".join(rows) + "\n"
    else:
        text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DocumentError(shown_path(path), 1, f"cannot write report: {exc.strerror}") from None
