"""All policy between rows and classes: merging page versions, names, bases, categories, retry.

Input: the documents of the manifest with their rows. Output: plain dataclasses holding ready-made
view data for the templates (names already safe identifiers, bases already chosen, sorted), and
the warnings a run prints. Nothing here formats source text.
"""

from __future__ import annotations

import keyword
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from clouderrors import _errors, _lazy, _vendors
from codegen import naming
from codegen.manifest import SDK_FORMAT, DocumentSpec, shown_path, vendor_bases
from codegen.rows import DocumentError, Row, raise_all

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
# The one table of code kinds (the first dotted part: LimitExceeded.LogSize -> LimitExceeded)
# and their categories, for vendors that answer errors with HTTP 200 and document no status.
# It is the vendor record's, which the runtime also uses for codes no document lists.
CODE_KINDS = {vendor.id: dict(vendor.code_kinds) for vendor in _vendors.VENDORS}

# A code that already is a name, possibly dotted (AuthFailure.SecretIdNotFound): used as is.
# Underscores occur inside SDK codes (InvalidParameter.INVALID_PARAM).
_NAME_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*\Z")
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
# The longest class name made from a code in a table module: the stub's `class Name(` line
# (with a "Code" prefix, the limit plus 4 characters) stays within black's 100 columns, which
# ruff holds every line to. The pinned SDK's longest name is 88; a longer code is cut, with a
# digest of the whole code (naming.camel).
SDK_NAME_LIMIT = 89
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
    # Every status the newest page lists the code with, in its order (http_status is the first).
    http_statuses: tuple[int, ...] = ()
    documented_code: str = ""  # the code as the page spells it (`DCS. 4855` for DCS.4855)
    alias: str | None = None  # a second module name, derived from the code (LTS0101)
    # Names the class had in earlier runs (a curated rename keeps the old one importable).
    former_names: list[str] = field(default_factory=list)
    owner: str | None = None  # the prefix class it is also an attribute of
    attribute: str | None = None
    members: list[Member] = field(default_factory=list)
    parent_code: str = ""  # the code of the prefix class it nests under ("" = the service base)
    deprecated_since: str = ""  # the document that no longer lists it

    # View data: lists of zero or one entries, so templates only loop.
    @property
    def status_annotation(self) -> str:
        """A None status is annotated, else type checkers narrow it to None for subclasses."""
        return ": ClassVar[int | None]" if self.http_status is None else ""

    @property
    def statuses_annotation(self) -> str:
        """An empty tuple is annotated, else type checkers take it as tuple[()] for subclasses."""
        return "" if self.http_statuses else ": ClassVar[tuple[int, ...]]"

    @property
    def aliases(self) -> list[str]:
        """Other module names of the class: former names first, then the code-derived one."""
        return self.former_names + ([self.alias] if self.alias else [])

    @property
    def attachments(self) -> list[Member]:
        """`owner.attribute = name` statements to write after the class."""
        if self.owner is None or self.attribute is None:
            return []
        return [Member(self.attribute, self.owner)]

    def table_row(self, vendor: str) -> list[object]:
        """Its row in a table module (see clouderrors._lazy): what differs from the defaults,
        None where the value is the one derived from the code, trailing defaults left out."""
        flags = (
            (_lazy.RETRYABLE if self.retryable else 0)
            | (_lazy.DEPRECATED if self.deprecated else 0)
            | (0 if self.documented else _lazy.PREFIX)
        )

        def unless_derived(value: str, derived: str) -> str | None:
            return None if value == derived else value

        row: list[object] = [
            self.description,
            flags,
            unless_derived(self.category or "", _lazy.default_category(vendor, self.code)),
            unless_derived(self.name, _lazy.default_name(self.code)),
            unless_derived(self.parent_code, _lazy.default_parent(self.code)),
            (
                unless_derived(self.attribute or "", _lazy.default_attribute(self.code))
                if self.parent_code
                else None
            ),
            self.documented_message,
            self.http_status,
            self.solution,
            self.deprecated_since,
            tuple(self.aliases),
            (
                None
                if self.http_statuses == _lazy.default_statuses(self.http_status)
                else self.http_statuses
            ),
            unless_derived(self.documented_code, _lazy.default_documented_code(self.code, flags)),
        ]
        while row and row[-1] == _lazy.DEFAULTS[len(row) - 1]:
            row.pop()
        return row


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
    # Generated as one table whose classes are made on first use (clouderrors._lazy) rather than
    # as class statements: services read from the SDK, of up to hundreds of codes each.
    compact: bool = False
    host_label: str = ""  # see DocumentSpec.host_label

    @property
    def table(self) -> list[tuple[str, list[object]]]:
        """(code, row) of a table module, in class order."""
        return [(cls.code, cls.table_row(self.vendor)) for cls in self.classes]

    @property
    def stub_members(self) -> list[str]:
        """The module, named once if any class of the stub has members (they name their
        classes through it), else nothing: no unused import."""
        return [self.module] if any(cls.members for cls in self.classes) else []

    @property
    def stub_typing(self) -> list[str]:
        return ["Any", "ClassVar"] if self.stub_members else ["Any"]

    @property
    def stub_imports(self) -> list[str]:
        """What the .pyi stub of a compact module imports from clouderrors._errors."""
        return self.imports

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
        needed = any(
            cls.members or cls.status_annotation or cls.statuses_annotation for cls in self.classes
        )
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


# Kinds of notes a run makes. Those in ACTION_KINDS ask the user to act; the others are counted
# per service on screen and listed in the naming report (--report).
DERIVED, FROM_CODE, NAME_TAKEN, RENAMED = "derived-name", "named-from-code", "name-taken", "renamed"
SEVERAL_STATUSES, LISTED_AGAIN, STATUS_CHANGED = (
    "several-statuses",
    "listed-again",
    "status-changed",
)
NOT_DOCUMENTED = "curated-not-documented"
NORMALIZED = "code-normalized"
ACTION_KINDS = frozenset({NAME_TAKEN, NOT_DOCUMENTED})


@dataclass(frozen=True)
class Note:
    """One thing a run tells about a code, with the line it prints in full."""

    service: str
    code: str
    kind: str
    text: str
    name: str = ""  # the class name, where the note is about naming
    path: str = ""  # the document the note is about, where there is one
    line: int = 0


# code -> (the class name an earlier run gave it, the aliases that module had for it)
KnownNames = Mapping[str, tuple[str, tuple[str, ...]]]


@dataclass
class Catalogue:
    services: list[Service]
    vendors: list[Vendor]
    sources: list[Source]
    notes: list[Note]

    @property
    def warnings(self) -> list[str]:
        return [note.text for note in self.notes]

    def index_codes(self) -> list[tuple[str, list[str]]]:
        return index_codes(self._service_codes())

    def index_host_labels(self) -> list[tuple[str, str]]:
        return index_host_labels((s.id, s.vendor, s.host_label) for s in self.services)

    def index_prefixes(self) -> list[tuple[str, str]]:
        return index_prefixes(self._service_codes())

    def _service_codes(self) -> list[ServiceCodes]:
        return [
            ServiceCodes(s.id, s.vendor, [cls.code for cls in s.classes]) for s in self.services
        ]


@dataclass(frozen=True)
class ServiceCodes:
    """A service's codes (and generated prefixes), all the index needs of it."""

    id: str
    vendor: str
    codes: list[str]


def index_codes(services: Iterable[ServiceCodes]) -> list[tuple[str, list[str]]]:
    """Each code (and generated prefix) -> the sorted service ids defining it, by code."""
    codes: dict[str, set[str]] = {}
    for service in services:
        for code in service.codes:
            codes.setdefault(code, set()).add(service.id)
    return [(code, sorted(ids)) for code, ids in sorted(codes.items())]


def index_host_labels(services: Iterable[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """`vendor.label` -> service id, where a host label names a service of another id; from
    (service id, vendor, host label) of each service."""
    return sorted((f"{vendor}.{label}", id_) for id_, vendor, label in services if label)


def index_prefixes(services: Iterable[ServiceCodes]) -> list[tuple[str, str]]:
    """Code prefix -> service, for vendors whose codes carry the service, when unambiguous."""
    owners: dict[str, set[str]] = {}
    for service in services:
        if service.vendor not in SERVICE_PREFIXED_VENDORS:
            continue
        for code in service.codes:
            prefix, dot, _ = code.rpartition(".")
            if dot and prefix:
                owners.setdefault(prefix, set()).add(service.id)
    return sorted((prefix, ids.pop()) for prefix, ids in owners.items() if len(ids) == 1)


# --- overrides -------------------------------------------------------------------------------


def curated_name_problem(name: object) -> str | None:
    """What is wrong with a curated class name as the generated module will see it, or None.

    Python reads identifiers NFKC-normalized (a full-width "ＬＴＳ" is "LTS"), so a name must be
    written as Python reads it; it may not be a keyword or builtin, nor a name every generated
    module already binds (the categories and vendor classes it imports and inherits from,
    ClassVar, SERVICES): a class of that name would shadow the base its siblings inherit.
    """
    if not isinstance(name, str) or not name.isidentifier():
        return "is not an identifier"
    read_as = unicodedata.normalize("NFKC", name)
    if read_as != name:
        return f"is read by Python as {read_as!r} (NFKC); write it that way"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return "is a Python keyword"
    if name in naming.PYTHON_NAMES:
        return "shadows a Python builtin"
    if name in _reserved("", ""):
        return "is a class every generated module imports (a category or vendor base)"
    return None


def load_overrides(path: Path = OVERRIDES) -> dict[str, ServiceOverride]:
    """The curated file; a malformed entry is a DocumentError naming the file."""
    shown = shown_path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise DocumentError(shown, 1, f"cannot read overrides: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise DocumentError(shown, 1, "overrides file is not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DocumentError(shown, 1, f"not TOML: {exc}") from None

    def fail(key: str, problem: str) -> DocumentError:
        line = next((n for n, t in enumerate(text.splitlines(), 1) if key in t), 1)
        return DocumentError(shown, line, problem)

    result: dict[str, ServiceOverride] = {}
    services = data.get("services", {})
    if not isinstance(services, dict):
        raise fail("services", "services must be a table")
    for service_id, table in sorted(services.items()):
        if not isinstance(table, dict) or not isinstance(table.get("codes", {}), dict):
            raise fail(service_id, f"{service_id}: must be a table (with a [codes] table)")
        codes: dict[str, CodeOverride] = {}
        for code, entry in sorted(table.get("codes", {}).items()):
            if not isinstance(entry, dict):
                raise fail(code, f"{service_id} {code}: must be a table")
            name = entry.get("name")
            category = entry.get("category")
            retryable = entry.get("retryable")
            problem = None if name is None else curated_name_problem(name)
            if problem is not None:
                raise fail(code, f"{service_id} {code}: name {name!r} {problem}")
            if category is not None and category not in (*CATEGORY_NAMES, NO_CATEGORY):
                raise fail(code, f"{service_id} {code}: unknown category {category!r}")
            if retryable is not None and not isinstance(retryable, bool):
                raise fail(code, f"{service_id} {code}: retryable must be true or false")
            unknown = set(entry) - {"name", "category", "retryable"}
            if unknown:
                raise fail(code, f"{service_id} {code}: unknown keys {sorted(unknown)}")
            codes[code] = CodeOverride(name, category, retryable)
        base = table.get("base")
        problem = None if base is None else curated_name_problem(base)
        if problem is not None:
            raise fail(service_id, f"{service_id}: base {base!r} {problem}")
        result[service_id] = ServiceOverride(table.get("title"), base, codes)
    return result


# --- merging page versions -------------------------------------------------------------------


@dataclass
class _Listed:
    """What one page says about one code: its first row and every status it lists it with."""

    row: Row
    statuses: list[int]


@dataclass
class _Entry:
    """What the pages of one service say about one code, merged."""

    row: Row  # from the newest page listing it
    http_statuses: tuple[int, ...]  # every status the newest page listing it gives
    last_page: int  # index (within the service's pages) of the newest page listing it
    statuses: list[tuple[int | None, str]]  # (status, page) per page listing it
    deprecated_since: str | None = None  # the first page of its API no longer listing it
    api: str = ""  # the API (see DocumentSpec.api) that documents it first


def _rows_of_page(
    document: Document, notes: list[Note], errors: list[DocumentError]
) -> dict[str, _Listed]:
    """A page's rows by normalized code. A code listed again keeps its first row; its other
    statuses are kept too, dropped ("first") or an error ("error"), as the manifest says."""
    spec = document.spec
    kept: dict[str, _Listed] = {}
    several: list[str] = []
    for row in document.rows:
        code = naming.normal_code(row.code)
        listed = kept.get(code)
        if listed is None:
            kept[code] = _Listed(row, [] if row.http_status is None else [row.http_status])
            if code != row.code:
                notes.append(
                    Note(
                        spec.service,
                        code,
                        NORMALIZED,
                        f"{row.path}:{row.line}: code {row.code!r} generated as {code} "
                        "(the page's spelling kept as documented_code)",
                        path=row.path,
                        line=row.line,
                    )
                )
            continue
        first = listed.row
        if first.http_status == row.http_status or spec.duplicates == "first":
            notes.append(
                Note(
                    spec.service,
                    code,
                    LISTED_AGAIN,
                    f"{row.path}:{row.line}: code {code} listed again (status "
                    f"{row.http_status}); kept line {first.line}",
                    path=row.path,
                    line=row.line,
                )
            )
        elif spec.duplicates == "error":
            errors.append(
                DocumentError(
                    row.path,
                    row.line,
                    f"code {code} listed again with status {row.http_status} "
                    f"(line {first.line} says {first.http_status}); the manifest says "
                    f'duplicates = "error" for this document ("all" keeps every status, '
                    f'"first" the first row)',
                )
            )
        elif row.http_status is not None and row.http_status not in listed.statuses:
            if len(listed.statuses) == 1:
                several.append(code)
            listed.statuses.append(row.http_status)
    for code in several:
        listed = kept[code]
        notes.append(
            Note(
                spec.service,
                code,
                SEVERAL_STATUSES,
                f"{listed.row.path}:{listed.row.line}: code {code} listed with statuses "
                f"{', '.join(map(str, listed.statuses))}; all kept (http_statuses)",
                path=listed.row.path,
                line=listed.row.line,
            )
        )
    return kept


def _merge(
    pages: Sequence[Document], notes: list[Note], errors: list[DocumentError]
) -> dict[str, _Entry]:
    """Oldest page first: the newest page listing a code wins on status and texts."""
    merged: dict[str, _Entry] = {}
    for index, page in enumerate(pages):
        for code, listed in _rows_of_page(page, notes, errors).items():
            row, statuses = listed.row, tuple(listed.statuses)
            entry = merged.get(code)
            if entry is None:
                merged[code] = _Entry(row, statuses, index, [(row.http_status, page.spec.source)])
            else:
                entry.row, entry.http_statuses, entry.last_page = row, statuses, index
                entry.statuses.append((row.http_status, page.spec.source))
    for entry in merged.values():
        if entry.last_page < len(pages) - 1:
            entry.deprecated_since = pages[entry.last_page + 1].spec.source
        entry.api = pages[0].spec.api
    service = pages[0].spec.service
    for code, entry in sorted(merged.items()):
        if len({status for status, _ in entry.statuses}) > 1:
            said = ", ".join(f"{status} in {page}" for status, page in entry.statuses)
            notes.append(
                Note(
                    service,
                    code,
                    STATUS_CHANGED,
                    f"{service} {code}: status changed across pages ({said}); the newest wins",
                )
            )
    return merged


def _merge_apis(
    pages: Sequence[Document], notes: list[Note], errors: list[DocumentError]
) -> dict[str, _Entry]:
    """Each API's documents merged on their own (a code its newest document dropped is
    deprecated), then the APIs united: pages first, so a code that pages and the SDK both list
    keeps the page's status and texts, with the SDK's description where the page has none;
    it is deprecated only when every API listing it dropped it."""
    apis: dict[str, list[Document]] = {}
    for page in sorted(pages, key=lambda page: page.spec.api != ""):
        apis.setdefault(page.spec.api, []).append(page)
    merged: dict[str, _Entry] = {}
    for group in apis.values():
        for code, entry in _merge(group, notes, errors).items():
            first = merged.get(code)
            if first is None:
                merged[code] = entry
                continue
            if not first.row.description and entry.row.description:
                first.row = replace(first.row, description=entry.row.description)
            if entry.deprecated_since is None:
                first.deprecated_since = None
    return merged


# --- policy per code -------------------------------------------------------------------------


def _keyword_category(row: Row) -> str | None:
    text = f"{row.message} {row.description}"
    if row.http_status == 429 or _THROTTLED.search(text):
        return "ThrottledError"
    if _ALREADY_EXISTS.search(text):
        return "AlreadyExistsError"
    if _QUOTA.search(text):
        return "QuotaExceededError"
    return None


def category_of(row: Row, curated: CodeOverride | None, vendor: str | None = None) -> str | None:
    """The category mix-in: curated; else, for a code without a documented status, its kind
    (CODE_KINDS: LimitExceeded.* -> QuotaExceededError), narrowed by message keywords to a
    subclass (ResourceInUse.* saying "already exists" -> AlreadyExistsError); else message
    keywords, else the documented status."""
    if curated is not None and curated.category is not None:
        return None if curated.category == NO_CATEGORY else curated.category
    keyword = _keyword_category(row)
    kind = None
    if row.http_status is None and vendor is not None:
        kind = CODE_KINDS.get(vendor, {}).get(row.code.partition(".")[0])
    if kind is not None:
        if keyword is not None and issubclass(getattr(_errors, keyword), getattr(_errors, kind)):
            return keyword
        return kind
    if keyword is not None:
        return keyword
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
    # The runtime builds the same text for classes of table modules.
    return _lazy.documented_doc(
        code, row.http_status, row.message, row.description, row.solution, deprecated_since or ""
    )


# --- the catalogue ---------------------------------------------------------------------------


def build(
    documents: Sequence[Document],
    overrides: dict[str, ServiceOverride] | None = None,
    known: Mapping[str, KnownNames] | None = None,
) -> Catalogue:
    """The catalogue of every service in the manifest. `known` holds, per service id, the names
    an earlier run gave (read from the generated modules): a code keeps its name. Every bad
    duplicate of every page is raised together (DocumentErrors)."""
    if overrides is None:
        overrides = load_overrides()
    notes: list[Note] = []
    errors: list[DocumentError] = []
    by_service: dict[str, list[Document]] = {}
    for document in documents:
        by_service.setdefault(document.spec.service, []).append(document)

    services = [
        _service(
            pages,
            overrides.get(service_id, ServiceOverride()),
            (known or {}).get(service_id, {}),
            notes,
            errors,
        )
        for service_id, pages in sorted(by_service.items())
    ]
    raise_all(errors)
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
    return Catalogue(services, vendors, _sources(documents), notes)


def _sources(documents: Iterable[Document]) -> list[Source]:
    return sorted({Source(d.spec.source, d.sha256) for d in documents}, key=lambda s: s.path)


def _service(
    pages: Sequence[Document],
    curated: ServiceOverride,
    known: KnownNames,
    notes: list[Note],
    errors: list[DocumentError],
) -> Service:
    spec = pages[-1].spec
    service_id, vendor, module = spec.service, spec.vendor, spec.module
    vendor_base = vendor_bases()[vendor]
    title = curated.title or f"{VENDOR_TITLES.get(vendor, vendor)} {module.upper()}"
    base = curated.base or naming.camel(module.upper()) + "Error"

    merged = _merge_apis(pages, notes, errors)
    compact = any(page.spec.format == SDK_FORMAT for page in pages)
    # Prefix classes a page may not list by itself (AuthFailure for AuthFailure.MFAFailure),
    # each with the codes under it, found in one pass.
    nested = {code: _nested(code, vendor) for code in merged}
    children: dict[str, list[Row]] = {}
    for code, prefixes in nested.items():
        for prefix in prefixes:
            children.setdefault(prefix, []).append(merged[code].row)
    codes = sorted(set(merged) | set(children))

    names, former = _names(
        service_id, codes, merged, curated, known, base, vendor_base, notes, compact
    )
    taken = set(names.values()) | {alias for aliases in former.values() for alias in aliases}
    taken.update(_reserved(base, vendor_base))
    # Module-level aliases derived from the code, where the code is not the name already.
    aliases: dict[str, str] = {}
    for code in codes:
        alias = naming.camel(code)
        if (
            alias != names[code]
            and alias not in former.get(code, ())
            and naming.is_free(alias, taken)
        ):
            aliases[code] = alias
            taken.add(alias)

    classes: dict[str, CodeClass] = {}
    reserved_attributes = frozenset(dir(_errors.CloudAPIError))
    attributes: dict[str, set[str]] = {}  # owner code -> its members' attribute names
    counters: dict[str, naming.Counters] = {}
    for code in codes:
        parents = nested.get(code) or _nested(code, vendor)
        owner = classes[parents[-1]] if parents else None
        entry = merged.get(code)
        if entry is None:
            cls = _prefix_class(code, names[code], owner, base, children[code], curated, vendor)
        else:
            deprecated_since = entry.deprecated_since
            row = entry.row
            override = curated.codes.get(code)
            category = category_of(row, override, vendor)
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
                http_statuses=entry.http_statuses,
                documented_code=row.code,
                deprecated_since=deprecated_since or "",
            )
        cls.alias = aliases.get(code)
        cls.former_names = former.get(code, [])
        if owner is not None:
            siblings = attributes.get(owner.code)
            if siblings is None:
                siblings = attributes[owner.code] = set(reserved_attributes)
            last = code.rsplit(".", 1)[1]
            counter = counters.setdefault(owner.code, naming.Counters())
            attribute = counter.unique(naming.camel(last), code, siblings)
            siblings.add(attribute)
            cls.owner, cls.attribute = owner.name, attribute
            cls.parent_code = owner.code
            owner.members.append(Member(attribute, cls.name))
        classes[code] = cls

    for code in sorted(set(curated.codes) - set(merged)):
        notes.append(
            Note(
                service_id,
                code,
                NOT_DOCUMENTED,
                f"{service_id} {code}: curated in codegen/overrides.toml but not documented",
            )
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
        compact=compact,
        host_label=next((page.spec.host_label for page in pages if page.spec.host_label), ""),
    )


def _reserved(base: str, vendor_base: str) -> set[str]:
    """Module-level names no class may take."""
    taken = {base, vendor_base, "ClassVar", "SERVICES", "CloudAPIError"}
    taken.update(CATEGORY_NAMES)
    taken.update(vendor_bases().values())
    return taken


def _names(
    service_id: str,
    codes: list[str],
    merged: dict[str, _Entry],
    curated: ServiceOverride,
    known: KnownNames,
    base: str,
    vendor_base: str,
    notes: list[Note],
    compact: bool = False,
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """code -> class name, and code -> the former names it keeps as aliases.

    In this order: curated names; the names an earlier run gave (a name never moves to another
    code); names of codes that are names; names from messages; names from codes. An earlier
    run's names and aliases stay reserved, so a new code never takes one.
    """
    taken = _reserved(base, vendor_base)
    for name, aliases in known.values():
        taken.add(name)
        taken.update(aliases)
    names: dict[str, str] = {}
    former: dict[str, list[str]] = {}
    counters = naming.Counters()

    def note(code: str, kind: str, text: str) -> None:
        notes.append(Note(service_id, code, kind, f"{service_id} {code}: {text}", names[code]))

    def claim(code: str, candidate: str) -> str:
        name = counters.unique(candidate, code, taken)
        names[code] = name
        taken.add(name)
        return name

    for code in codes:
        override = curated.codes.get(code)
        if override is None or override.name is None:
            continue
        earlier = known.get(code)
        if earlier is not None and override.name in (earlier[0], *earlier[1]):
            names[code] = override.name  # reserved above for this very code
        elif claim(code, override.name) != override.name:
            note(
                code,
                NAME_TAKEN,
                f"curated name {override.name} is taken or shadows a Python name; "
                f"using {names[code]}",
            )
        if earlier is not None:
            kept = [alias for alias in (earlier[0], *earlier[1]) if alias != names[code]]
            former[code] = [alias for alias in kept if alias != naming.camel(code)]
            if earlier[0] != names[code]:
                note(
                    code,
                    RENAMED,
                    f"renamed {earlier[0]} -> {names[code]} (curated); "
                    f"{earlier[0]} stays as an alias",
                )
    for code in codes:
        earlier = known.get(code)
        if code in names or earlier is None:
            continue
        names[code] = earlier[0]  # reserved above for this code
        former[code] = [alias for alias in earlier[1] if alias != naming.camel(code)]

    # The pages' codes before a newly added API's (SDK) codes, so these never take a name the
    # pages' codes would; then a code that is an identifier already keeps it
    # (InvalidParameterConflict before InvalidParameter.Conflict). A table module writes no
    # name into a line, so its names are the whole code (SDK codes run to 80 characters).
    def claim_order(code: str) -> tuple[bool, bool]:
        return code in merged and merged[code].api != "", naming.camel(code) != code

    limit = SDK_NAME_LIMIT if compact else naming.MAX_NAME
    for code in sorted(codes, key=claim_order) if compact else codes:
        if code not in names and _NAME_CODE.match(code):
            wanted = naming.camel(code, limit=limit)
            if claim(code, wanted) != wanted:
                note(
                    code,
                    NAME_TAKEN,
                    f"name {wanted} is taken or shadows a Python "
                    f"name; using {names[code]}; curate one in codegen/overrides.toml",
                )
    for code in codes:
        if code in names:
            continue
        row = merged[code].row
        derived = [
            (derived_name, source)
            for text, source in ((row.message, "message"), (row.description, "description"))
            for derived_name in naming.names_from_message(text)
        ]
        free = next(((n, source) for n, source in derived if naming.is_free(n, taken)), None)
        if free is not None:
            claim(code, free[0])
            note(code, DERIVED, f"named {names[code]} from its {free[1]}")
        else:
            claim(code, naming.camel(code))
            why = "its name is taken" if derived else "no good name in its message"
            note(code, FROM_CODE, f"named {names[code]} from its code ({why})")
    return names, former


def _prefix_class(
    code: str,
    name: str,
    owner: CodeClass | None,
    base: str,
    children: list[Row],
    curated: ServiceOverride,
    vendor: str | None = None,
) -> CodeClass:
    """A dotted prefix no page lists: the category all its codes share, else the one of the
    status they all document, else none."""
    categories = {
        category_of(row, curated.codes.get(naming.normal_code(row.code)), vendor)
        for row in children
    }
    statuses = {row.http_status for row in children}
    override = curated.codes.get(code)
    if override is not None and override.category is not None:
        category = None if override.category == NO_CATEGORY else override.category
    elif len(categories) == 1:
        category = categories.pop()
    elif len(statuses) == 1:
        category = category_of(replace(children[0], message="", description=""), None, vendor)
    else:
        category = None
    parent = owner.name if owner is not None else base
    return CodeClass(
        code=code,
        name=name,
        bases=[parent] + ([category] if category else []),
        doc=_lazy.prefix_doc(code),
        http_status=None,
        documented_message="",
        description="",
        solution="",
        retryable=category in _RETRYABLE_CATEGORIES,
        deprecated=False,
        category=category,
        documented=False,
        documented_code=code,
    )
