"""Where generated files live under the output folder, which documents each is made from, and
the order they are written in.

The layout: `_index.py` and `_codes.py`, and per vendor `<vendor>/__init__.py` and
`<vendor>/<service>.py`
(with `<vendor>/<service>.pyi` beside a table module: a service read from the Tencent SDK).
Only these positions (`_index.py`, `<folder>/__init__.py`, `<folder>/<module>.py`) are ever
written or removed; a generated file anywhere else means the output folder is not a package
this generator made (`--out src` for `--out src/clouderrors`), and the run refuses it.

Write order is dependency order: service modules, then the vendor packages that list them, then
the index that points at them. A run stopped between two steps leaves an index that names only
modules already on disk.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from codegen.manifest import SDK_FORMAT, DocumentSpec

INDEX = "_index.py"
CODES = "_codes.py"  # the index's big part: every code, imported only when needed
ROOT_FILES = (INDEX, CODES)
SERVICE, VENDOR, ROOT_INDEX = 0, 1, 2  # write order


@dataclass(frozen=True)
class Target:
    """One file the manifest produces."""

    relative: str  # posix path under the output folder
    order: int  # SERVICE, VENDOR or ROOT_INDEX
    name: str  # service id, vendor id, or "" for the index
    documents: tuple[int, ...]  # indexes of the manifest documents it is made from


def targets(specs: Sequence[DocumentSpec]) -> list[Target]:
    """Every file the manifest produces, in write order (then by path)."""
    services: dict[str, list[int]] = {}
    vendors: dict[str, list[int]] = {}
    tables: set[str] = set()  # services generated as a table module and its stub
    for number, spec in enumerate(specs):
        services.setdefault(spec.service, []).append(number)
        vendors.setdefault(spec.vendor, []).append(number)
        if spec.format == SDK_FORMAT:
            tables.add(spec.service)
    found = [Target(name, ROOT_INDEX, "", tuple(range(len(specs)))) for name in ROOT_FILES]
    for vendor, numbers in vendors.items():
        found.append(Target(f"{vendor}/__init__.py", VENDOR, vendor, tuple(numbers)))
    for service, numbers in services.items():
        vendor, _, module = service.partition(".")
        found.append(Target(f"{vendor}/{module}.py", SERVICE, service, tuple(numbers)))
        if service in tables:
            found.append(Target(f"{vendor}/{module}.pyi", SERVICE, service, tuple(numbers)))
    return sorted(found, key=lambda target: (target.order, target.relative))


def is_layout_path(relative: str) -> bool:
    """Whether a posix path under the output folder is a position the layout can produce."""
    parts = relative.split("/")
    if len(parts) == 1:
        return parts[0] in ROOT_FILES
    return (
        len(parts) == 2
        and parts[0].isidentifier()
        and parts[1].endswith((".py", ".pyi"))
        and parts[1].rpartition(".")[0].isidentifier()
    )


def python_files(out: Path) -> Iterator[str]:
    """Posix paths of the .py files under `out`, hidden folders and caches left out."""
    for folder, subfolders, files in os.walk(out):
        subfolders[:] = sorted(
            name for name in subfolders if not name.startswith(".") and name != "__pycache__"
        )
        base = Path(folder).relative_to(out)
        for name in sorted(files):
            if name.endswith(".py"):
                yield (base / name).as_posix()


def layout_files(out: Path) -> Iterator[str]:
    """Posix paths of the .py files at layout positions under `out` (no deeper walk)."""
    if not out.is_dir():
        return
    for entry in sorted(os.scandir(out), key=lambda entry: entry.name):
        if entry.is_file() and entry.name in ROOT_FILES:
            yield entry.name
        elif entry.is_dir() and entry.name.isidentifier():
            for inner in sorted(os.scandir(entry.path), key=lambda inner: inner.name):
                relative = f"{entry.name}/{inner.name}"
                if inner.is_file() and is_layout_path(relative):
                    yield relative
