"""Generation keys: what lets a run prove a generated file is up to date without rendering it.

Each generated file's second line records a key: the sha256 of (the digest of everything that
shapes that file, then the file's own text below the key line). The inputs digest covers the
documents the file is made from (their sha256 and manifest entries), codegen/overrides.toml,
the generator itself (its code and templates, the runtime modules the catalogue reads) and the
pinned black version with its configuration. A file whose recorded key equals the key computed
from today's inputs and its own text is up to date: neither its inputs nor its text changed, so
rendering it again (and running black) would give the same bytes.

Only inputs that are the same on every machine enter a key (no absolute paths, no versions of
unpinned libraries), so the committed package checks clean on any checkout.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from codegen.manifest import DocumentSpec

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
CODEGEN = ROOT / "codegen"
TEMPLATES = ROOT / "templates"
# The runtime modules the generator reads its facts from (categories, vendor records, the wire
# form of codes).
RUNTIME = ROOT / "src" / "clouderrors"
RUNTIME_INPUTS = ("_errors.py", "_lazy.py", "_vendors.py", "_wire.py")
PYPROJECT = ROOT / "pyproject.toml"
KEY_PREFIX = "# generation key sha256 "
# Manifest fields that depend on where the checkout is: left out of keys (`source` stays).
_LOCAL_FIELDS = frozenset({"path", "shown", "line"})


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def generator_digest() -> str:
    """The digest of the generator: its code, templates, runtime facts and black (version and
    [tool.black]). Any change to them changes every key, so every file is rendered again."""
    digest = hashlib.sha256()
    groups = [
        ("codegen", CODEGEN, sorted(CODEGEN.rglob("*.py"))),
        ("templates", TEMPLATES, sorted(TEMPLATES.rglob("*.j2"))),
        ("runtime", RUNTIME, [RUNTIME / name for name in RUNTIME_INPUTS]),
    ]
    for group, folder, paths in groups:
        for path in paths:
            if "__pycache__" in path.parts:
                continue
            name = f"{group}/{path.relative_to(folder).as_posix()}"
            digest.update(name.encode("utf-8") + b"\0")
            # Line endings as git stores them, whatever a checkout turned them into.
            data = path.read_bytes().replace(b"\r\n", b"\n")
            digest.update(_sha256(data).encode("ascii"))
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8")).get("tool", {}).get("black", {})
    version = importlib.metadata.version("black")
    digest.update(f"black {version} {json.dumps(config, sort_keys=True)}".encode())
    return digest.hexdigest()


def spec_fields(spec: DocumentSpec) -> str:
    """A manifest entry as text that is the same on every machine (every field but local ones)."""
    fields = {
        field.name: getattr(spec, field.name)
        for field in dataclasses.fields(spec)
        if field.name not in _LOCAL_FIELDS
    }
    return json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)


def inputs_digest(
    generator: str, overrides: str, documents: Iterable[tuple[DocumentSpec, str]]
) -> str:
    """The digest of one file's inputs: the generator, the overrides and its documents (each a
    spec with its sha256), in manifest order."""
    digest = hashlib.sha256(f"{generator}\n{overrides}\n".encode("ascii"))
    for spec, sha256 in documents:
        digest.update(f"{spec_fields(spec)}\n{sha256}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _key(inputs: str, body: bytes) -> str:
    return _sha256(inputs.encode("ascii") + b"\n" + body)


def stamp(text: str, inputs: str) -> str:
    """`text` (a rendered file whose first line is the marker) with its key as the second line."""
    first, _, body = text.partition("\n")
    return f"{first}\n{KEY_PREFIX}{_key(inputs, body.encode('utf-8'))}\n{body}"


def is_current(data: bytes, inputs: str) -> bool:
    """Whether a file's bytes carry the key of `inputs` and of the text below its key line."""
    first_end = data.find(b"\n")
    second_end = data.find(b"\n", first_end + 1)
    if first_end < 0 or second_end < 0:
        return False
    recorded = data[first_end + 1 : second_end]
    prefix = KEY_PREFIX.encode("ascii")
    if not recorded.startswith(prefix):
        return False
    return recorded[len(prefix) :] == _key(inputs, data[second_end + 1 :]).encode("ascii")
