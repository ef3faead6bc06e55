"""Reference pages: one Markdown page per service (`<vendor>/<module>.md`: a table of its codes)
and an index (`README.md`), so users read the codes on GitHub without opening Python.

Written by `python -m codegen generate` beside the package (docs/reference for the default
--out) from the same catalogue, through the same write path (codegen/write.py: staged, then
replaced) and with the same generation keys (codegen/fingerprint.py), so `--check` covers them
and a run with nothing to do knows it without reading a document. Every text from a document
reaches a page through `cell` (Markdown table cell escaping); templates only loop and substitute.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from clouderrors import _errors
from codegen import layout, write
from codegen.catalogue import Catalogue, CodeClass, Service
from codegen.layout import Target
from codegen.manifest import DocumentSpec, shown_path
from codegen.render import MARKER, TEMPLATES

if TYPE_CHECKING:  # imported where used: a run with nothing to do renders no page
    import jinja2

# The folder of the pages when the package is generated in place (the default --out).
DEFAULT_FOLDER = "docs/reference"
INDEX = "README.md"
# First line of every page (an HTML comment: invisible on GitHub), then the page's key.
PAGE_MARKER = "<!-- " + MARKER.removeprefix("# ") + " -->"
_KEY_PREFIX = "<!-- generation key sha256 "
_KEY_SUFFIX = " -->"
# Temp files of write.stage(): ".lts.md." + 8 random characters + ".tmp".
_TEMP_FILE = re.compile(r"\..+\.md\.[a-z0-9_]{8}\.tmp\Z")
# Characters with a meaning in a Markdown table cell: escaped with a backslash (CommonMark
# lets any ASCII punctuation be escaped), so a cell shows exactly its text.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!#])")


def cell(value: object) -> str:
    """Text as one Markdown table cell: on one line, every character shown as itself."""
    text = "" if value is None else " ".join(str(value).split())
    return _SPECIAL.sub(r"\\\1", text) if text else "-"


def categories(
    service: Service, cls: CodeClass, by_name: dict[str, CodeClass] | None = None
) -> list[str]:
    """The category classes a code class is caught by, through its own category and its
    prefix classes' (AuthFailure.UnauthorizedOperation: AuthenticationError and
    PermissionDeniedError), in the order of clouderrors' CATEGORIES. `by_name`: the service's
    classes by name, when the caller has them (made once per page, not once per class)."""
    if by_name is None:
        by_name = {other.name: other for other in service.classes}
    found: set[type[_errors.CloudAPIError]] = set()
    todo = [cls]
    while todo:
        current = todo.pop()
        if current.category is not None:
            found.update(getattr(_errors, current.category).__mro__)
        todo.extend(by_name[base] for base in current.bases if base in by_name)
    return [category.__name__ for category in _errors.CATEGORIES if category in found]


@dataclass(frozen=True)
class Row:
    """One line of a service's table, ready for the template (cells escaped)."""

    code: str
    path: str
    status: str
    categories: str
    retryable: str
    message: str


@dataclass(frozen=True)
class ServicePage:
    """A service's page, ready for the template."""

    id: str
    title: str
    vendor_title: str
    module: str
    base: str
    rows: list[Row]
    documented: int
    deprecated: int
    link: str  # the page's path relative to the index


def _row(service: Service, cls: CodeClass, by_name: dict[str, CodeClass]) -> Row:
    path = f"`clouderrors.{service.id}.{cls.name}`"
    if cls.deprecated:
        path += " (deprecated)"
    elif not cls.documented:
        path += " (prefix)"
    return Row(
        code=cell(cls.code),
        path=path,
        status=cell(cls.http_status),
        categories=cell(", ".join(categories(service, cls, by_name))),
        retryable="yes" if cls.retryable else "no",
        message=cell(cls.documented_message),
    )


def service_page(catalogue: Catalogue, service: Service) -> ServicePage:
    titles = {vendor.id: vendor.title for vendor in catalogue.vendors}
    documented = [cls for cls in service.classes if cls.documented]
    by_name = {cls.name: cls for cls in service.classes}
    return ServicePage(
        id=service.id,
        title=cell(service.title),
        vendor_title=cell(titles.get(service.vendor, service.vendor)),
        module=f"clouderrors.{service.id}",
        base=service.base,
        rows=[_row(service, cls, by_name) for cls in service.classes],
        documented=len(documented),
        deprecated=sum(cls.deprecated for cls in documented),
        link=page_of(service),
    )


def page_of(service: Service) -> str:
    return page_of_id(service.id)


def page_of_id(service_id: str) -> str:
    """The page of a service id (`vendor.module`), relative to the pages folder."""
    vendor, _, module = service_id.partition(".")
    return f"{vendor}/{module}.md"


def stage(folder: Path, relative: str, text: str, inputs: str) -> str:
    """Stamp a rendered page with its key and stage it in `folder`; returns the temp file."""
    return write.stage(folder, relative, stamp(text, inputs).encode("utf-8"))


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        keep_trailing_newline=True,
    )


def warm_up() -> None:
    """Compile the pages' templates (see render.warm_up)."""
    for name in ("reference_service.md.j2", "reference_index.md.j2"):
        _environment().get_template(name)


def render_service_page(page: ServicePage) -> str:
    """A service's page (marker first, no key yet)."""
    template = _environment().get_template("reference_service.md.j2")
    return template.render(marker=PAGE_MARKER, page=page)


def render_index(pages: Sequence[ServicePage]) -> str:
    """The index page of the services' pages (their rows are not needed)."""
    template = _environment().get_template("reference_index.md.j2")
    return template.render(marker=PAGE_MARKER, pages=pages)


def targets(specs: Sequence[DocumentSpec]) -> list[Target]:
    """Every page the manifest produces: a service's page from its documents, the index from
    all (it counts every service's codes)."""
    services: dict[str, list[int]] = {}
    for number, spec in enumerate(specs):
        services.setdefault(spec.service, []).append(number)
    found = [Target(INDEX, layout.ROOT_INDEX, "", tuple(range(len(specs))))]
    for service, numbers in services.items():
        vendor, _, module = service.partition(".")
        found.append(Target(f"{vendor}/{module}.md", layout.SERVICE, service, tuple(numbers)))
    return sorted(found, key=lambda target: (target.order, target.relative))


def _key(inputs: str, body: bytes) -> str:
    return hashlib.sha256(inputs.encode("ascii") + b"\n" + body).hexdigest()


def stamp(text: str, inputs: str) -> str:
    """A rendered page with its key as the second line (as fingerprint.stamp for modules)."""
    first, _, body = text.partition("\n")
    key = _key(inputs, body.encode("utf-8"))
    return f"{first}\n{_KEY_PREFIX}{key}{_KEY_SUFFIX}\n{body}"


def is_current(data: bytes, inputs: str) -> bool:
    first_end = data.find(b"\n")
    second_end = data.find(b"\n", first_end + 1)
    if first_end < 0 or second_end < 0:
        return False
    recorded = data[first_end + 1 : second_end].decode("utf-8", "replace")
    key = _key(inputs, data[second_end + 1 :])
    return recorded == f"{_KEY_PREFIX}{key}{_KEY_SUFFIX}"


def _is_page(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            first = handle.readline(len(PAGE_MARKER) + 2)
    except OSError:
        return False
    return first.rstrip(b"\r\n") == PAGE_MARKER.encode("utf-8")


def generated_pages(folder: Path) -> list[str]:
    """Relative paths of the generated pages in `folder` (the index and <vendor>/<page>.md)."""
    if not folder.is_dir():
        return []
    found = [INDEX] if _is_page(folder / INDEX) else []
    for vendor in sorted(path for path in folder.iterdir() if path.is_dir()):
        for page in sorted(vendor.glob("*.md")):
            if _is_page(page):
                found.append(page.relative_to(folder).as_posix())
    return found


def temp_files(folder: Path) -> list[str]:
    """Temp files that a killed run left in `folder`."""
    if not folder.is_dir():
        return []
    places = [folder, *sorted(path for path in folder.iterdir() if path.is_dir())]
    return [
        path.relative_to(folder).as_posix()
        for place in places
        for path in sorted(place.iterdir())
        if _TEMP_FILE.match(path.name) and path.is_file()
    ]


class Plan:
    """What a run would change in the pages' folder (None: no pages for this --out)."""

    def __init__(
        self,
        folder: Path | None,
        specs: Sequence[DocumentSpec],
        digests: Callable[[Sequence[DocumentSpec], Sequence[Target]], dict[str, str]],
    ) -> None:
        self.folder = folder
        self.inputs: dict[str, str] = {}
        self.stale_targets: list[str] = []
        self.stale: list[str] = []
        self.leftovers: list[str] = []
        if folder is None:
            return
        if folder.exists() and not folder.is_dir():
            raise write.WriteError(f"{shown_path(folder)}: cannot write pages into it: a file")
        self.inputs = digests(specs, targets(specs))
        for relative, inputs in self.inputs.items():
            path = folder / relative
            if path.exists() and not _is_page(path):
                raise write.WriteError(
                    f"{shown_path(path)}: exists and is not generated (no marker line);"
                    " not replacing it"
                )
            try:
                current = is_current(path.read_bytes(), inputs)
            except OSError:
                current = False
            if not current:
                self.stale_targets.append(relative)
        self.stale = [page for page in generated_pages(folder) if page not in self.inputs]
        self.leftovers = temp_files(folder)

    @property
    def changes(self) -> list[str]:
        """Paths (as messages show them) of the pages the run would write or remove."""
        if self.folder is None:
            return []
        folder = self.folder
        relatives = sorted(self.stale_targets + self.stale + self.leftovers)
        return [shown_path(folder / relative) for relative in relatives]

    def stage(self, relative: str, text: str) -> str:
        """Stamp page `relative` with its key and stage it; returns the temp file's path."""
        assert self.folder is not None
        return stage(self.folder, relative, text, self.inputs[relative])

    def missing_folders(self) -> list[Path]:
        """The pages folder and its vendor folders that do not exist yet."""
        if self.folder is None:
            return []
        vendors = sorted({relative.split("/")[0] for relative in self.inputs if "/" in relative})
        folders = [self.folder, *(self.folder / vendor for vendor in vendors)]
        return [folder for folder in folders if not folder.exists()]

    def discard_temp_files(self) -> None:
        """Remove the temp files in the pages folder (this run's, or a killed run's)."""
        if self.folder is not None:
            folder = self.folder
            write.discard([str(folder / relative) for relative in temp_files(folder)])

    def commit(self, staged: Sequence[tuple[str, str]]) -> list[str]:
        """Replace the pages with their staged temp files (every stale page, staged), remove the
        stale ones; returns what changed, as messages show it."""
        if self.folder is None or not self.changes:
            return []
        folder = self.folder
        changed = self.changes
        write.commit(folder, staged)
        for relative in self.stale + self.leftovers:
            (folder / relative).unlink(missing_ok=True)
        for vendor in sorted(path for path in folder.iterdir() if path.is_dir()):
            if not any(vendor.iterdir()):
                vendor.rmdir()
        return changed
