"""All policy between rows and classes: merging page versions, names, bases, categories, retry.

Input: the documents of the manifest with their rows. Output: plain dataclasses holding ready-made
view data for the templates (names already safe identifiers, bases already chosen, sorted), and
the warnings a run prints. Nothing here formats source text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from clouderrors import _errors, _vendors
from codegen import naming
from codegen.manifest import DocumentSpec, shown_path, vendor_bases
from codegen.rows import DocumentError, Row

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

OVERRIDES = Path(__file__).with_name("overrides.toml")

CATEGORY_NAMES: tuple[str, ...] = tuple(cls.__name__ for cls in _errors.CATEGORIES)
NO_CATEGORY = "none"
# Vendor facts come from the runtime's vendor records (clouderrors._vendors), the one source.
# Vendors whose codes start with the service (LTS.0101): the prefix finds the service.
SERVICE_PREFIXED_VENDORS = frozenset(v.id for v in _vendors.VENDORS if v.service_prefixed_codes)
VENDOR_TITLES = {vendor.id: vendor.title for vendor in _vendors.VENDORS}

# A code that already is a name, possibly dotted (AuthFailure.SecretIdNotFound): used as is.
_NAME_CODE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*\Z")
# General category rules on the documented message and description, checked in this order;
# English and Chinese, the languages of the vendors' pages.
_THROTTLED = re.compile(
    r"too frequent|rate limit|request limit|too many requests|频繁|流控|限流", re.I
)
_ALREADY_EXISTS = re.compile(
    r"already exist|has been existed|is existed already|(?:same|duplicate) name exists"
    r"|已存在|已经存在|重名",
    re.I,
)
_QUOTA = re.compile(
    r"exceed(?:s|ed)? (?:the )?(?:\w+ )*?(?:quota|limit|maximum)"
    r"|maximum number of \w+(?: \w+)? has been reached|reached the (?:upper )?limit"
    r"|配额|超过上限|超出上限|达到上限|超过限制|超出限制",
    re.I,
)
_TRY_AGAIN = re.compile(r"try again later|retry later|稍后重试|稍后再试", re.I)
_RETRYABLE_CATEGORIES = frozenset({"ThrottledError", "ServerError"})


@dataclass(frozen=True)
class Document:
    """One document of the manifest, read."""

    spec: DocumentSpec
    rows: list[Row]
    sha256: str
    format: str


@dataclass(frozen=True)
class Source:
    """A document as a generated header names it."""

    path: str
    sha256: str


@dataclass(frozen=True)
class CodeOverride:
    name: str | None = None
    category: str | None = None
    retryable: bool | None = None


@dataclass(frozen=True)
class ServiceOverride:
    title: str | None = None
    base: str | None = None
    codes: dict[str, CodeOverride] = field(default_factory=dict)


@dataclass
class Member:
    """`Owner.attribute` names a nested code class (AuthFailure.SecretIdNotFound)."""

    attribute: str
    target: str


@dataclass
class CodeClass:
    """One generated class: a documented code, or a dotted prefix no page lists by itself."""

    code: str
    name: str
    bases: list[str]
    doc: str
    http_status: int | None
    documented_message: str
    description: str
    solution: str
    retryable: bool
    deprecated: bool
    category: str | None
    documented: bool  # False for a generated prefix class
    alias: str | None = None  # a second module name, derived from the code (LTS0101)
    owner: str | None = None  # the prefix class it is also an attribute of
    attribute: str | None = None
    members: list[Member] = field(default_factory=list)

    # View data: lists of zero or one entries, so templates only loop.
    @property
    def status_annotation(self) -> str:
        """A None status is annotated, else type checkers narrow it to None for subclasses."""
        return ": ClassVar[int | None]" if self.http_status is None else ""

    @property
    def aliases(self) -> list[str]:
        return [self.alias] if self.alias else []

    @property
    def attachments(self) -> list[Member]:
        """`owner.attribute = name` statements to write after the class."""
        if self.owner is None or self.attribute is None:
            return []
        return [Member(self.attribute, self.owner)]


@dataclass
class Service:
    id: str
    vendor: str
    module: str
    title: str
    base: str
    vendor_base: str
    sources: list[Source]
    classes: list[CodeClass]  # sorted by code; a prefix always precedes its codes

    @property
    def imports(self) -> list[str]:
        """Names the module imports from clouderrors._errors, sorted."""
        names = {self.vendor_base}
        for cls in self.classes:
            if cls.category is not None:
                names.add(cls.category)
        return sorted(names)

    @property
    def typing_imports(self) -> list[str]:
        needed = any(cls.members or cls.status_annotation for cls in self.classes)
        return ["ClassVar"] if needed else []

    @property
    def doc(self) -> str:
        return (
            f"Exception classes of the error codes that {self.title} documents.\n\n"
            f"Catch {self.base} for any error of this service ({self.id}), a code class for one "
            "documented code, or a category from clouderrors (NotFoundError, ...) across services."
        )

    @property
    def base_doc(self) -> str:
        return f"Any error of {self.title} ({self.id})."


@dataclass
class Vendor:
    id: str
    title: str
    services: list[str]  # module names, sorted
    sources: list[Source]

    @property
    def doc(self) -> str:
        return (
            f"{self.title} errors, one module per service, each imported on first use "
            f"(clouderrors.{self.id}.<service>)."
        )


@dataclass
class Catalogue:
    services: list[Service]
    vendors: list[Vendor]
    sources: list[Source]
    warnings: list[str]

    def index_codes(self) -> list[tuple[str, list[str]]]:
        """Each code (and generated prefix) -> the sorted service ids defining it, by code."""
        codes: dict[str, set[str]] = {}
        for service in self.services:
            for cls in service.classes:
                codes.setdefault(cls.code, set()).add(service.id)
        return [(code, sorted(ids)) for code, ids in sorted(codes.items())]

    def index_prefixes(self) -> list[tuple[str, str]]:
        """Code prefix -> service, for vendors whose codes carry the service, when unambiguous."""
        owners: dict[str, set[str]] = {}
        for service in self.services:
            if service.vendor not in SERVICE_PREFIXED_VENDORS:
                continue
            for cls in service.classes:
                prefix, dot, _ = cls.code.rpartition(".")
                if dot and prefix:
                    owners.setdefault(prefix, set()).add(service.id)
        return sorted((prefix, ids.pop()) for prefix, ids in owners.items() if len(ids) == 1)


# --- overrides -------------------------------------------------------------------------------


def load_overrides(path: Path = OVERRIDES) -> dict[str, ServiceOverride]:
    """The curated file; a malformed entry is a DocumentError naming the file."""
    shown = shown_path(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DocumentError(shown, 1, f"not TOML: {exc}") from None

    def fail(key: str, problem: str) -> DocumentError:
        line = next((n for n, t in enumerate(text.splitlines(), 1) if key in t), 1)
        return DocumentError(shown, line, problem)

    result: dict[str, ServiceOverride] = {}
    for service_id, table in sorted(data.get("services", {}).items()):
        codes: dict[str, CodeOverride] = {}
        for code, entry in sorted(table.get("codes", {}).items()):
            name = entry.get("name")
            category = entry.get("category")
            retryable = entry.get("retryable")
            if name is not None and not (isinstance(name, str) and name.isidentifier()):
                raise fail(code, f"{service_id} {code}: name {name!r} is not an identifier")
            if category is not None and category not in (*CATEGORY_NAMES, NO_CATEGORY):
                raise fail(code, f"{service_id} {code}: unknown category {category!r}")
            if retryable is not None and not isinstance(retryable, bool):
                raise fail(code, f"{service_id} {code}: retryable must be true or false")
            unknown = set(entry) - {"name", "category", "retryable"}
            if unknown:
                raise fail(code, f"{service_id} {code}: unknown keys {sorted(unknown)}")
            codes[code] = CodeOverride(name, category, retryable)
        base = table.get("base")
        if base is not None and not (isinstance(base, str) and base.isidentifier()):
            raise fail(service_id, f"{service_id}: base {base!r} is not an identifier")
        result[service_id] = ServiceOverride(table.get("title"), base, codes)
    return result


# --- merging page versions -------------------------------------------------------------------


@dataclass
class _Entry:
    """What the pages of one service say about one code, merged."""

    row: Row  # from the newest page listing it
    last_page: int  # index (within the service's pages) of the newest page listing it
    statuses: list[tuple[int | None, str]]  # (status, page) per page listing it


def _rows_of_page(document: Document, warnings: list[str]) -> dict[str, Row]:
    """A page's rows by code; a code listed twice is kept once or is an error (the policy)."""
    kept: dict[str, Row] = {}
    for row in document.rows:
        first = kept.get(row.code)
        if first is None:
            kept[row.code] = row
            continue
        if first.http_status != row.http_status and document.spec.duplicates != "first":
            raise DocumentError(
                row.path,
                row.line,
                f"code {row.code} listed again with status {row.http_status} "
                f"(line {first.line} says {first.http_status}); to keep the first row, set "
                f'duplicates = "first" for this document in the manifest',
            )
        warnings.append(
            f"{row.path}:{row.line}: code {row.code} listed again (status {row.http_status}); "
            f"kept line {first.line}"
        )
    return kept


def _merge(pages: Sequence[Document], warnings: list[str]) -> dict[str, _Entry]:
    """Oldest page first: the newest page listing a code wins on status and texts."""
    merged: dict[str, _Entry] = {}
    for index, page in enumerate(pages):
        for code, row in _rows_of_page(page, warnings).items():
            entry = merged.get(code)
            if entry is None:
                merged[code] = _Entry(row, index, [(row.http_status, page.spec.source)])
            else:
                entry.row = row
                entry.last_page = index
                entry.statuses.append((row.http_status, page.spec.source))
    for code, entry in sorted(merged.items()):
        if len({status for status, _ in entry.statuses}) > 1:
            said = ", ".join(f"{status} in {page}" for status, page in entry.statuses)
            warnings.append(
                f"{pages[0].spec.service} {code}: status changed across pages ({said}); "
                "the newest wins"
            )
    return merged


# --- policy per code -------------------------------------------------------------------------


def category_of(row: Row, curated: CodeOverride | None) -> str | None:
    """The category mix-in: curated, else message keywords, else the documented status."""
    if curated is not None and curated.category is not None:
        return None if curated.category == NO_CATEGORY else curated.category
    text = f"{row.message} {row.description}"
    if row.http_status == 429 or _THROTTLED.search(text):
        return "ThrottledError"
    if _ALREADY_EXISTS.search(text):
        return "AlreadyExistsError"
    if _QUOTA.search(text):
        return "QuotaExceededError"
    category = _errors.category_for_status(row.http_status)
    return category.__name__ if category.__name__ in CATEGORY_NAMES else None


def retryable_of(row: Row, category: str | None, curated: CodeOverride | None) -> bool:
    """Worth retrying: curated, else throttling, server-side failures and "try again later"."""
    if curated is not None and curated.retryable is not None:
        return curated.retryable
    if category in _RETRYABLE_CATEGORIES:
        return True
    if row.http_status is not None and 500 <= row.http_status < 600:
        return True
    return bool(_TRY_AGAIN.search(f"{row.message} {row.description} {row.solution}"))


def _nested(code: str, vendor: str) -> list[str]:
    """The dotted prefixes a code nests under (A, A.B for A.B.C); none for LTS.0101-like codes."""
    if vendor in SERVICE_PREFIXED_VENDORS or not _NAME_CODE.match(code):
        return []
    parts = code.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]


def _doc(code: str, row: Row, deprecated_since: str | None) -> str:
    summary = row.description or row.message or "(no description documented)"
    parts = [f"{code}: {summary}"]
    if row.message and row.message != summary:
        parts.append(f"Documented message: {row.message}")
    status = "none documented" if row.http_status is None else str(row.http_status)
    parts.append(f"Documented HTTP status: {status}.")
    if row.solution:
        parts.append(f"Handling measure: {row.solution}")
    if deprecated_since is not None:
        parts.append(
            f"Deprecated: no longer listed since {deprecated_since}; kept so that existing "
            "except clauses keep working."
        )
    return "\n\n".join(parts)


# --- the catalogue ---------------------------------------------------------------------------


def build(
    documents: Sequence[Document], overrides: dict[str, ServiceOverride] | None = None
) -> Catalogue:
    """The catalogue of every service in the manifest; raises DocumentError on bad duplicates."""
    if overrides is None:
        overrides = load_overrides()
    warnings: list[str] = []
    by_service: dict[str, list[Document]] = {}
    for document in documents:
        by_service.setdefault(document.spec.service, []).append(document)

    services = [
        _service(pages, overrides.get(service_id, ServiceOverride()), warnings)
        for service_id, pages in sorted(by_service.items())
    ]
    vendors: list[Vendor] = []
    for vendor_id in sorted({service.vendor for service in services}):
        own = [service for service in services if service.vendor == vendor_id]
        vendors.append(
            Vendor(
                id=vendor_id,
                title=VENDOR_TITLES.get(vendor_id, vendor_id),
                services=sorted(service.module for service in own),
                sources=_sources(
                    document for document in documents if document.spec.vendor == vendor_id
                ),
            )
        )
    return Catalogue(services, vendors, _sources(documents), warnings)


def _sources(documents: Iterable[Document]) -> list[Source]:
    return sorted({Source(d.spec.source, d.sha256) for d in documents}, key=lambda s: s.path)


def _service(pages: Sequence[Document], curated: ServiceOverride, warnings: list[str]) -> Service:
    spec = pages[-1].spec
    service_id, vendor, module = spec.service, spec.vendor, spec.module
    vendor_base = vendor_bases()[vendor]
    title = curated.title or f"{VENDOR_TITLES.get(vendor, vendor)} {module.upper()}"
    base = curated.base or naming.camel(module.upper()) + "Error"

    merged = _merge(pages, warnings)
    newest = len(pages) - 1
    # Prefix classes a page may not list by itself (AuthFailure for AuthFailure.MFAFailure).
    prefixes = {prefix for code in merged for prefix in _nested(code, vendor)}
    codes = sorted(set(merged) | prefixes)

    # Names: module-level names no class may take, then curated, code-shaped, derived ones.
    taken: set[str] = {base, vendor_base, "ClassVar", "SERVICES", "CloudAPIError"}
    taken.update(CATEGORY_NAMES)
    taken.update(vendor_bases().values())
    names: dict[str, str] = {}

    def claim(code: str, candidate: str, why: str) -> None:
        name = naming.unique(candidate, code, taken)
        if name != candidate:
            warnings.append(f"{service_id} {code}: name {candidate} {why}; using {name}")
        names[code] = name
        taken.add(name)

    for code in codes:
        override = curated.codes.get(code)
        if override is not None and override.name is not None:
            claim(code, override.name, "(curated) is taken or shadows a Python name")
    for code in codes:
        if code not in names and _NAME_CODE.match(code):
            claim(code, naming.camel(code), "is taken or shadows a Python name; curate one")
    for code in codes:
        if code not in names:
            row = merged[code].row
            text = row.message or row.description
            derived = naming.camel(text, exact=False) if naming.words(text) else naming.camel(code)
            claim(code, derived, "is taken or shadows a Python name")
            warnings.append(
                f"{service_id} {code}: no curated name in codegen/overrides.toml; named it "
                f"{names[code]} from its {'message' if row.message else 'description'}"
            )
    # Module-level aliases derived from the code, where the code is not the name already.
    aliases: dict[str, str] = {}
    for code in codes:
        alias = naming.camel(code)
        if alias != names[code] and naming.is_free(alias, taken):
            aliases[code] = alias
            taken.add(alias)

    classes: dict[str, CodeClass] = {}
    reserved_attributes = set(dir(_errors.CloudAPIError))
    for code in codes:
        parents = _nested(code, vendor)
        owner = classes[parents[-1]] if parents else None
        entry = merged.get(code)
        if entry is None:
            cls = _prefix_class(code, names[code], owner, base, merged, curated, vendor)
        else:
            deprecated_since = None
            if entry.last_page < newest:
                deprecated_since = pages[entry.last_page + 1].spec.source
            row = entry.row
            override = curated.codes.get(code)
            category = category_of(row, override)
            parent = owner.name if owner is not None else base
            cls = CodeClass(
                code=code,
                name=names[code],
                bases=[parent] + ([category] if category else []),
                doc=_doc(code, row, deprecated_since),
                http_status=row.http_status,
                documented_message=row.message,
                description=row.description,
                solution=row.solution,
                retryable=retryable_of(row, category, override),
                deprecated=deprecated_since is not None,
                category=category,
                documented=True,
            )
        cls.alias = aliases.get(code)
        if owner is not None:
            siblings = reserved_attributes | {member.attribute for member in owner.members}
            last = code.rsplit(".", 1)[1]
            attribute = naming.unique(naming.camel(last), code, siblings)
            cls.owner, cls.attribute = owner.name, attribute
            owner.members.append(Member(attribute, cls.name))
        classes[code] = cls

    for code in sorted(set(curated.codes) - set(merged)):
        warnings.append(
            f"{service_id} {code}: curated in codegen/overrides.toml but not documented"
        )

    return Service(
        id=service_id,
        vendor=vendor,
        module=module,
        title=title,
        base=base,
        vendor_base=vendor_base,
        sources=_sources(pages),
        classes=[classes[code] for code in codes],
    )


def _prefix_class(
    code: str,
    name: str,
    owner: CodeClass | None,
    base: str,
    merged: dict[str, _Entry],
    curated: ServiceOverride,
    vendor: str,
) -> CodeClass:
    """A dotted prefix no page lists: the category all its codes share, else the one of the
    status they all document, else none."""
    children = [
        (child, entry.row) for child, entry in merged.items() if code in _nested(child, vendor)
    ]
    categories = {category_of(row, curated.codes.get(child)) for child, row in children}
    statuses = {row.http_status for _, row in children}
    override = curated.codes.get(code)
    if override is not None and override.category is not None:
        category = None if override.category == NO_CATEGORY else override.category
    elif len(categories) == 1:
        category = categories.pop()
    elif len(statuses) == 1:
        category = category_of(replace(children[0][1], message="", description=""), None)
    else:
        category = None
    parent = owner.name if owner is not None else base
    return CodeClass(
        code=code,
        name=name,
        bases=[parent] + ([category] if category else []),
        doc=f"Any {code}.* error; the page lists no {code} code by itself.",
        http_status=None,
        documented_message="",
        description="",
        solution="",
        retryable=category in _RETRYABLE_CATEGORIES,
        deprecated=False,
        category=category,
        documented=False,
    )
