"""What a run changes per service, compared with the generated modules now on disk.

The previous modules are read with `ast` (never imported): each class that states a `code`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from codegen.catalogue import Catalogue, Service


@dataclass(frozen=True)
class Documented:
    """What a generated class says about its code."""

    name: str
    http_status: object
    message: object
    deprecated: object


def read_previous(path: Path) -> dict[str, Documented]:
    """code -> what the generated module at `path` documents; empty if it is missing/unreadable."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return {}
    found: dict[str, Documented] = {}
    for node in tree.body:
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
                except ValueError:
                    continue
        code = values.get("code")
        if isinstance(code, str):
            found[code] = Documented(
                node.name,
                values.get("http_status"),
                values.get("documented_message"),
                values.get("deprecated"),
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
            changed.append(f"{code} name {old.name} -> {new.name}")
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
        previous = read_previous(out / service.vendor / f"{service.module}.py")
        lines.extend(service_lines(service, previous))
    return lines
