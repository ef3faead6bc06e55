"""`python -m codegen generate`: manifest -> keys -> (rows -> catalogue -> rendered files) -> disk.

1. Every file the manifest produces gets a key from its inputs (codegen/fingerprint.py). A file
   whose key matches is up to date; when all are (and nothing stale lies around) the run stops
   there, without reading a document or running black. `--check` stops there in any case: a
   file whose key differs is a file the run would change.
2. Otherwise every document is read and validated (in parallel) and the catalogue built, before
   anything is written: a bad document leaves the package byte-identical (the CLI prints the
   DocumentError and exits 2).
3. The files whose keys differ are rendered in parallel, each staged as a temp file as soon as
   it is done (memory stays flat in the number of services), then replaced in dependency order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from codegen import docs, fingerprint, layout, write
from codegen.catalogue import (
    OVERRIDES,
    Catalogue,
    Document,
    Service,
    Vendor,
    build,
    load_overrides,
)
from codegen.layout import Target
from codegen.manifest import DocumentSpec, load_manifest, shown_path
from codegen.parallel import Workers, default_jobs
from codegen.progress import Progress
from codegen.readers import decode, read_text
from codegen.readers.columns import named_columns
from codegen.render import IndexView, index_view, render_file
from codegen.report import known_names, notes_summary, report, write_naming_report
from codegen.rows import DocumentError, raise_all


def read(spec: DocumentSpec) -> Document:
    """One document's rows, with the format it was read as and the sha256 of its bytes."""
    data = _document_bytes(spec)
    text = decode(data, spec.shown)
    format_name = spec.format
    with named_columns(dict(spec.columns)):
        if format_name == "auto":
            from codegen.readers.detect import detect_format  # loads every reader's cues

            format_name = detect_format(text, spec.shown)
        rows = read_text(text, spec.shown, format_name)
    return Document(spec, rows, hashlib.sha256(data).hexdigest(), format_name)


def read_or_error(spec: DocumentSpec) -> Document | DocumentError:
    """read(), with a bad document's error returned: a run reports every document's problem."""
    try:
        return read(spec)
    except DocumentError as exc:
        return exc


def _document_bytes(spec: DocumentSpec) -> bytes:
    try:
        return spec.path.read_bytes()
    except OSError as exc:
        raise DocumentError(spec.shown, 1, f"cannot read document: {exc.strerror}") from None


def load(
    manifest: str | Path,
    workers: Workers | None = None,
    out: str | Path | None = None,
    overrides: str | Path = OVERRIDES,
) -> tuple[list[Document], Catalogue]:
    """Every document read and the catalogue built; see build_catalogue."""
    specs = load_manifest(manifest)
    if workers is None:
        results = [read_or_error(spec) for spec in specs]
    else:
        results = workers.ordered(read_or_error, specs)
    return build_catalogue(specs, results, out, overrides)


def build_catalogue(
    specs: Sequence[DocumentSpec],
    results: Sequence[Document | DocumentError],
    out: str | Path | None,
    overrides: str | Path = OVERRIDES,
) -> tuple[list[Document], Catalogue]:
    """The documents read and their catalogue. Every problem of every document (unreadable
    pages, bad duplicates) is raised together (DocumentErrors), after all were read. With `out`,
    codes keep the names the modules there give them."""
    errors = [result for result in results if isinstance(result, DocumentError)]
    documents = [result for result in results if isinstance(result, Document)]
    services = sorted({(spec.service, spec.vendor, spec.module) for spec in specs})
    known = known_names(Path(out), services) if out is not None else None
    catalogue: Catalogue | None = None
    try:
        catalogue = build(documents, load_overrides(Path(overrides)), known)
    except DocumentError as exc:
        errors.append(exc)
    raise_all(errors)
    assert catalogue is not None
    return documents, catalogue


def input_digests(
    specs: Sequence[DocumentSpec], targets: Sequence[Target], overrides_path: Path = OVERRIDES
) -> dict[str, str]:
    """Each target's inputs digest (relative path -> hex), from the documents' bytes only."""
    sha256s = [hashlib.sha256(_document_bytes(spec)).hexdigest() for spec in specs]
    generator = fingerprint.generator_digest()
    try:
        overrides = hashlib.sha256(overrides_path.read_bytes()).hexdigest()
    except OSError as exc:
        raise DocumentError(
            shown_path(overrides_path), 1, f"cannot read overrides: {exc.strerror or exc}"
        ) from None
    return {
        target.relative: fingerprint.inputs_digest(
            generator, overrides, [(specs[number], sha256s[number]) for number in target.documents]
        )
        for target in targets
    }


def _current(out: Path, relative: str, inputs: str) -> bool:
    try:
        data = (out / relative).read_bytes()
    except OSError:
        return False
    return fingerprint.is_current(data, inputs)


@dataclass(frozen=True)
class Job:
    """One file to render and stage: picklable, so a worker process can do it."""

    relative: str
    subject: IndexView | Vendor | Service
    inputs: str
    out: Path


def render_and_stage(job: Job) -> tuple[str, str]:
    """Render one file (black once), stamp its key, stage it; returns (relative, temp path)."""
    text = fingerprint.stamp(render_file(job.subject, job.relative), job.inputs)
    return job.relative, write.stage(job.out, job.relative, text.encode("utf-8"))


def _subjects(catalogue: Catalogue) -> dict[str, IndexView | Vendor | Service]:
    subjects: dict[str, IndexView | Vendor | Service] = {}
    for service in catalogue.services:
        subjects[f"{service.vendor}/{service.module}.py"] = service
        if service.compact:  # a table module and its stub
            subjects[f"{service.vendor}/{service.module}.pyi"] = service
    for vendor in catalogue.vendors:
        subjects[f"{vendor.id}/__init__.py"] = vendor
    subjects[layout.INDEX] = subjects[layout.CODES] = index_view(catalogue)
    return subjects


def _size(subject: IndexView | Vendor | Service) -> int:
    if isinstance(subject, IndexView):
        return len(subject.codes)
    if isinstance(subject, Vendor):
        return len(subject.services)
    return len(subject.classes)


def run(
    manifest: str,
    out: str,
    check: bool,
    jobs: int | None = None,
    naming_report: str | None = None,
    overrides: str | Path = OVERRIDES,
    pages: str | None = None,
) -> int:
    """Regenerate `out` (and the reference pages in `pages`, see codegen/docs.py) from
    `manifest`; with `check`, write nothing and return 1 on drift."""
    specs = load_manifest(manifest)
    out_path = Path(out)
    progress = Progress()
    write.check_out(out_path)
    with write.locked(out_path, exclusive=not check):
        targets = layout.targets(specs)
        inputs = input_digests(specs, targets, Path(overrides))
        stale_targets = [
            t for t in targets if not _current(out_path, t.relative, inputs[t.relative])
        ]
        stale = [path for path in write.generated_files(out_path) if path not in inputs]
        leftovers = write.temp_files(out_path)
        reference = docs.Plan(
            None if pages is None else Path(pages),
            specs,
            lambda documents, found: input_digests(documents, found, Path(overrides)),
        )
        if not stale_targets and not stale and not leftovers and not reference.changes:
            count = len(targets) + len(reference.inputs)
            print(f"all {count} generated files up to date (their keys match)")
            return 0
        for target in stale_targets:
            in_the_way = out_path / target.relative
            if in_the_way.exists() and not write.is_generated(in_the_way):
                raise DocumentError(
                    shown_path(in_the_way),
                    1,
                    "exists and is not generated (no marker line); not replacing it",
                )

        with Workers(jobs or default_jobs()) as workers:
            progress.step(f"reading {len(specs)} documents")
            results = workers.ordered(read_or_error, specs)
            progress.step("building the catalogue")
            documents, catalogue = build_catalogue(specs, results, out_path, overrides)
            progress.done()
            for document in documents:
                print(f"read {document.spec.shown}: {len(document.rows)} rows ({document.format})")
            # The catalogue holds all that is left to do: the rows go now, so a run's memory
            # grows with the classes of the services only (write as you go).
            del results, documents
            for line in report(catalogue, out_path):
                print(line)
            for line in notes_summary(catalogue.notes, naming_report):
                print(line)
            if naming_report is not None:
                write_naming_report(Path(naming_report), catalogue)
            for path in stale:
                print(f"  stale generated file: {shown_path(out_path / path)}")
            for path in leftovers:
                print(f"  temp file of an interrupted run: {shown_path(out_path / path)}")

            changes = sorted([t.relative for t in stale_targets] + stale + leftovers)
            if check:
                for path in changes:
                    print(f"would change: {shown_path(out_path / path)}")
                for shown in reference.changes:
                    print(f"would change: {shown}")
                count = len(changes) + len(reference.changes)
                print(f"{count} generated files out of date; run `make generate`")
                return 1

            write.prepare_out(out_path)
            subjects = _subjects(catalogue)
            todo = [
                Job(t.relative, subjects[t.relative], inputs[t.relative], out_path)
                for t in stale_targets
            ]
            todo.sort(key=lambda job: -_size(job.subject))  # longest first: even finish
            staged: dict[str, str] = {}
            try:
                for relative, temporary in workers.unordered(render_and_stage, todo):
                    staged[relative] = temporary
                    progress.step(f"rendering modules {len(staged)}/{len(todo)}")
            except BaseException:
                # Workers still busy have finished by now (the pool waits for them); under the
                # lock every temp file at a layout position is this run's or an older leftover.
                workers.close()
                write.discard([str(out_path / path) for path in write.temp_files(out_path)])
                raise
            progress.done()
        order = [t.relative for t in stale_targets]  # layout.targets is in dependency order
        write.commit(out_path, [(relative, staged[relative]) for relative in order])
        write.remove(out_path, stale + leftovers)
        # The pages after the package: they describe what the package now holds.
        pages_changed = reference.apply(catalogue)
    for relative in order:
        print(f"wrote {shown_path(out_path / relative)}")
    for path in stale + leftovers:
        print(f"removed {shown_path(out_path / path)}")
    for shown in pages_changed:
        print(f"wrote {shown}")
    unchanged = len(targets) - len(order)
    print(f"{len(order)} written, {unchanged} unchanged, {len(stale)} removed")
    if pages_changed:
        print(f"{len(pages_changed)} reference pages written or removed")
    return 0
