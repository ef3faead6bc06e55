"""`python -m codegen generate`: manifest -> rows -> catalogue -> rendered files -> disk.

Everything is read, validated and rendered before anything is written, so a bad document leaves
the package byte-identical (the CLI prints the DocumentError and exits 2).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from codegen import write
from codegen.catalogue import Catalogue, Document, build
from codegen.manifest import DocumentSpec, load_manifest, shown_path
from codegen.readers import decode, read_text
from codegen.render import render
from codegen.report import report
from codegen.rows import DocumentError


def read(spec: DocumentSpec) -> Document:
    """One document's rows, with the format it was read as and the sha256 of its bytes."""
    try:
        data = spec.path.read_bytes()
    except OSError as exc:
        raise DocumentError(spec.shown, 1, f"cannot read document: {exc.strerror}") from None
    text = decode(data, spec.shown)
    format_name = spec.format
    if format_name == "auto":
        from codegen.readers.detect import detect_format  # loads every reader's cues

        format_name = detect_format(text, spec.shown)
    rows = read_text(text, spec.shown, format_name)
    return Document(spec, rows, hashlib.sha256(data).hexdigest(), format_name)


def load(manifest: str | Path) -> tuple[list[Document], Catalogue]:
    documents = [read(spec) for spec in load_manifest(manifest)]
    return documents, build(documents)


def run(manifest: str, out: str, check: bool) -> int:
    """Regenerate `out` from `manifest`; with `check`, write nothing and return 1 on drift."""
    documents, catalogue = load(manifest)
    for document in documents:
        print(f"read {document.spec.shown}: {len(document.rows)} rows ({document.format})")
    files = render(catalogue)
    out_path = Path(out)
    planned = write.plan(out_path, files)

    for line in report(catalogue, out_path):
        print(line)
    for path in planned.remove:
        print(f"  stale generated file: {shown_path(out_path / path)}")
    for path in planned.leftovers:
        print(f"  temp file of an interrupted run: {shown_path(out_path / path)}")
    for warning in catalogue.warnings:
        print(f"warning: {warning}")

    if check:
        for path in planned.changes:
            print(f"would change: {shown_path(out_path / path)}")
        if planned.changes:
            print(f"{len(planned.changes)} generated files out of date; run `make generate`")
            return 1
        print(f"all {len(planned.unchanged)} generated files up to date")
        return 0

    write.apply(out_path, files, planned)
    for path in planned.write:
        print(f"wrote {shown_path(out_path / path)}")
    for path in planned.remove + planned.leftovers:
        print(f"removed {shown_path(out_path / path)}")
    print(
        f"{len(planned.write)} written, {len(planned.unchanged)} unchanged, "
        f"{len(planned.remove)} removed"
    )
    return 0
