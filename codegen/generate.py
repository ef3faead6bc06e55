"""`python -m codegen generate`: manifest -> keys -> (rows -> catalogue -> rendered files) -> disk.

1. Every file the manifest produces gets a key from its inputs (codegen/fingerprint.py). A file
   whose key matches is up to date; when all are (and nothing stale lies around) the run stops
   there, without reading a document or importing the renderer. `--check` stops there in any
   case: a file whose key differs is a file the run would change.
2. Otherwise each service is done whole by one worker (run_service): its documents read, its
   classes built, its change report made, its stale files (module, stub, reference page)
   rendered and staged as temp files. The run keeps only a small summary per service (its
   codes, its line in the pages' index): memory stays flat in the number of services.
3. Every problem of every document is reported together; a bad document stops the run before
   anything is replaced (the staged files and the folders made for them are removed: the
   package is byte-identical; the CLI prints the DocumentErrors and exits 2).
4. The vendor packages, the index and the pages' index are rendered from the summaries, then
   every file replaced in dependency order, the pages last.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from codegen import docs, fingerprint, layout, write
from codegen.catalogue import (
    OVERRIDES,
    VENDOR_TITLES,
    Catalogue,
    Document,
    Note,
    ServiceCodes,
    ServiceOverride,
    Source,
    Vendor,
    build,
    index_codes,
    index_host_labels,
    index_prefixes,
    load_overrides,
)
from codegen.console import for_terminal
from codegen.layout import Target
from codegen.manifest import SDK_FORMAT, DocumentSpec, load_manifest, shown_path
from codegen.parallel import Workers, default_jobs
from codegen.progress import Progress
from codegen.readers import decode, read_text
from codegen.readers.columns import named_columns
from codegen.render import IndexView, ServiceRef, render_file, warm_up
from codegen.report import (
    known_names,
    notes_summary,
    read_previous,
    service_report,
    summary_notes,
    write_naming_report,
)
from codegen.rows import DocumentError, raise_all, require_rows


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
    if format_name != SDK_FORMAT:  # an SDK module may list no code; a page's table must
        require_rows(rows, spec.shown)
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


# A run whose documents are smaller than this in all works in this process unless told how many
# processes to use (--jobs): starting workers (and importing the readers and the renderer in
# each) would cost more than it saves.
SMALL_RUN_BYTES = 256 * 1024


@dataclass(frozen=True)
class ServiceJob:
    """One service's whole share of a run, done by one worker: read its documents, build its
    classes, render and stage its stale files. Picklable."""

    service: str
    documents: tuple[tuple[int, DocumentSpec], ...]  # (manifest number, entry)
    override: ServiceOverride
    out: Path
    render: tuple[tuple[str, str], ...]  # (path under out, inputs digest) of its stale files
    page: tuple[str, str] | None  # (path in the pages folder, inputs digest), if stale
    pages: Path | None  # the pages folder
    all_notes: bool  # every note kept (for --report), not only those the summary shows

    @property
    def size(self) -> int:
        """Bytes of its documents: the biggest services are started first (even finish)."""
        return sum(_size_of(spec.path) for _, spec in self.documents)


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


@dataclass
class ServiceResult:
    """What a run keeps of one service once its worker is done: small (a run's memory stays
    flat in the number of services); the classes and texts stay in the worker."""

    service: str
    read: list[tuple[int, str]] = field(default_factory=list)  # (number, the "read" line)
    sources: list[Source] = field(default_factory=list)
    errors: list[tuple[int, DocumentError]] = field(default_factory=list)  # read errors
    build_errors: list[DocumentError] = field(default_factory=list)
    codes: ServiceCodes | None = None
    report: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    page: docs.ServicePage | None = None  # its line in the pages' index (no rows)
    staged: list[tuple[str, str]] = field(default_factory=list)  # (path under out, temp file)
    staged_page: tuple[str, str] | None = None  # (path in the pages folder, temp file)


def run_service(job: ServiceJob) -> ServiceResult:
    """A service read, built, reported on, and its stale files rendered and staged."""
    result = ServiceResult(job.service)
    documents: list[Document] = []
    for number, spec in job.documents:
        try:
            document = read(spec)
        except DocumentError as exc:
            result.errors.append((number, exc))
            continue
        documents.append(document)
        result.sources.append(Source(spec.source, document.sha256))
        shown = f"read {spec.shown}: {len(document.rows)} rows ({document.format})"
        result.read.append((number, shown))
    if not documents:
        return result
    spec = documents[-1].spec
    path = job.out / spec.vendor / f"{spec.module}.py"
    previous = read_previous(path)
    known = {code: (documented.name, documented.aliases) for code, documented in previous.items()}
    try:
        catalogue = build(documents, {job.service: job.override}, {job.service: known})
    except DocumentError as exc:
        result.build_errors.append(exc)
        return result
    del documents  # the classes hold what is left to do
    (service,) = catalogue.services
    result.codes = ServiceCodes(service.id, service.vendor, [cls.code for cls in service.classes])
    result.report = service_report(service, path, previous)
    result.notes, result.counts = summary_notes(catalogue.notes)
    if job.all_notes:
        result.notes = catalogue.notes
    page = docs.service_page(catalogue, service)
    result.page = replace(page, rows=[])
    if result.errors:
        return result  # the run stops: nothing of it is written
    for relative, inputs in job.render:
        text = fingerprint.stamp(render_file(service, relative), inputs)
        result.staged.append((relative, write.stage(job.out, relative, text.encode("utf-8"))))
    if job.page is not None and job.pages is not None:
        relative, inputs = job.page
        temporary = docs.stage(job.pages, relative, docs.render_service_page(page), inputs)
        result.staged_page = (relative, temporary)
    return result


def _vendors(specs: Sequence[DocumentSpec], results: Sequence[ServiceResult]) -> list[Vendor]:
    sources: dict[str, set[Source]] = {}
    modules: dict[str, set[str]] = {}
    for result in results:
        vendor, _, module = result.service.partition(".")
        modules.setdefault(vendor, set()).add(module)
        sources.setdefault(vendor, set()).update(result.sources)
    return [
        Vendor(
            id=vendor,
            title=VENDOR_TITLES.get(vendor, vendor),
            services=sorted(modules[vendor]),
            sources=sorted(sources[vendor], key=lambda source: source.path),
        )
        for vendor in sorted(modules)
    ]


def _index(specs: Sequence[DocumentSpec], results: Sequence[ServiceResult]) -> IndexView:
    services = [result.codes for result in results if result.codes is not None]
    labels: dict[str, str] = {}
    for spec in specs:
        if spec.host_label:
            labels.setdefault(spec.service, spec.host_label)
    sources = {source for result in results for source in result.sources}
    return IndexView(
        sources=sorted(sources, key=lambda source: source.path),
        services=[ServiceRef(service.id, service.vendor) for service in services],
        codes=index_codes(services),
        prefixes=index_prefixes(services),
        host_labels=index_host_labels(
            (service.id, service.vendor, labels.get(service.id, "")) for service in services
        ),
    )


def _raise_errors(results: Sequence[ServiceResult]) -> None:
    """Every document's problem, in manifest order, then the catalogue's, by service."""
    read_errors = sorted(
        (pair for result in results for pair in result.errors), key=lambda pair: pair[0]
    )
    errors = [error for _, error in read_errors]
    errors.extend(error for result in results for error in result.build_errors)
    raise_all(errors)


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
        curated = load_overrides(Path(overrides))
        to_render = {t.relative for t in stale_targets} if not check else set()
        pages_to_render = set(reference.stale_targets) if not check else set()
        by_service: dict[str, list[tuple[int, DocumentSpec]]] = {}
        for number, spec in enumerate(specs):
            by_service.setdefault(spec.service, []).append((number, spec))
        service_jobs = []
        for target in targets:
            if target.order != layout.SERVICE or target.relative.endswith(".pyi"):
                continue
            page = docs.page_of_id(target.name)
            service_jobs.append(
                ServiceJob(
                    service=target.name,
                    documents=tuple(by_service[target.name]),
                    override=curated.get(target.name, ServiceOverride()),
                    out=out_path,
                    render=tuple(
                        (relative, inputs[relative])
                        for relative in (target.relative, target.relative + "i")
                        if relative in to_render
                    ),
                    page=(page, reference.inputs[page]) if page in pages_to_render else None,
                    pages=reference.folder,
                    all_notes=naming_report is not None,
                )
            )
        service_jobs.sort(key=lambda job: -job.size)  # biggest first: the workers finish evenly
        # Folders a failed run removes again (staging makes them): it leaves nothing behind.
        created = reference.missing_folders() + write.missing_folders(out_path, specs)
        if not check:
            write.prepare_out(out_path)
        results: list[ServiceResult] = []
        if jobs is None:
            small = sum(job.size for job in service_jobs) < SMALL_RUN_BYTES
            jobs = 1 if small else default_jobs()
        workers = Workers(jobs)

        def abandon() -> None:
            """Leave the package as it was: this run's temp files and new folders removed."""
            # Workers still busy have finished by now (the pool waits for them); under the
            # lock every temp file at a layout position is this run's or an older leftover.
            workers.close()
            write.discard([str(out_path / path) for path in write.temp_files(out_path)])
            reference.discard_temp_files()
            write.remove_empty(created)

        try:
            if workers.jobs > 1 and to_render | pages_to_render:
                warm_up()  # the workers start with the renderer imported
            for result in workers.unordered(run_service, service_jobs):
                results.append(result)
                progress.step(f"reading and rendering services {len(results)}/{len(service_jobs)}")
            progress.done()
            workers.close()
            results.sort(key=lambda result: result.service)
            _raise_errors(results)
        except BaseException:
            abandon()
            raise
        # These lines quote the pages (codes, names): printed escaped (codegen/console.py).
        for _, line in sorted(line for result in results for line in result.read):
            print(for_terminal(line))
        for result in results:
            for line in result.report:
                print(for_terminal(line))
        notes = [note for result in results for note in result.notes]
        counts = {k: v for result in results for k, v in result.counts.items()}
        for line in notes_summary(notes, naming_report, counts):
            print(for_terminal(line))
        if naming_report is not None:
            try:
                write_naming_report(Path(naming_report), notes)
            except BaseException:  # a report that cannot be written stops the run: nothing moves
                abandon()
                raise
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

        staged = dict(pair for result in results for pair in result.staged)
        try:
            vendors = {f"{vendor.id}/__init__.py": vendor for vendor in _vendors(specs, results)}
            view = _index(specs, results)
            for relative in sorted(to_render - set(staged)):
                subject: IndexView | Vendor = vendors.get(relative) or view
                text = fingerprint.stamp(render_file(subject, relative), inputs[relative])
                staged[relative] = write.stage(out_path, relative, text.encode("utf-8"))
            staged_pages = [pair for result in results if (pair := result.staged_page)]
            if docs.INDEX in pages_to_render:
                listed = [result.page for result in results if result.page is not None]
                text = docs.render_index(listed)
                staged_pages.append((docs.INDEX, reference.stage(docs.INDEX, text)))
        except BaseException:
            write.discard(list(staged.values()))
            reference.discard_temp_files()
            raise
        order = [t.relative for t in stale_targets]  # layout.targets is in dependency order
        write.commit(out_path, [(relative, staged[relative]) for relative in order])
        write.remove(out_path, stale + leftovers)
        # The pages after the package: they describe what the package now holds.
        page_order = {relative: number for number, relative in enumerate(reference.stale_targets)}
        staged_pages.sort(key=lambda pair: page_order[pair[0]])
        pages_changed = reference.commit(staged_pages)
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
