"""Service modules generated as one table: each class is made the first time it is needed.

A service of thousands of codes would take tens of milliseconds to import as class statements;
as a table (code -> what differs from the defaults) it loads in well under a millisecond, and
the first error of the service makes only its own class and the prefix classes above it. The
classes are ordinary generated classes: registered by code, picklable by name (the module's
`__getattr__` makes them), typed by the module's `.pyi` stub.

A row of a table holds what differs from the defaults, trailing defaults left out:
    (description, flags, category, name, parent code, attribute on the parent, documented
     message, documented HTTP status, solution, deprecated since (the document that dropped
     it), aliases (other module names), every documented status, the code as documented)
where None stands for the value derived from the code: the category of its kind (the vendor
record's code_kinds: LimitExceeded.* -> QuotaExceededError; "" for none), the code without its
dots as name, its dotted prefix as parent ("" for the service's base), its last dotted part as
attribute, the documented status alone as every status, the code itself as documented (none
for a prefix class). `codegen/catalogue.py` writes the rows by the same rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from clouderrors import _errors
from clouderrors._errors import _REGISTRY, CloudAPIError
from clouderrors._vendors import BY_ID

RETRYABLE = 1
DEPRECATED = 2
PREFIX = 4  # a dotted code prefix no document lists by itself
DEFAULTS: tuple[Any, ...] = ("", 0, None, None, None, None, "", None, "", "", (), None, None)


def default_category(vendor: str | None, code: str) -> str:
    """The category (a class name in _errors, or "") of a code's kind, for rows that say None."""
    record = BY_ID.get(vendor) if vendor is not None else None
    return record.code_kinds.get(code.partition(".")[0], "") if record is not None else ""


def default_name(code: str) -> str:
    return code.replace(".", "")


def default_parent(code: str) -> str:
    return code.rpartition(".")[0]


def default_attribute(code: str) -> str:
    return code.rpartition(".")[2]


def default_statuses(http_status: int | None) -> tuple[int, ...]:
    return () if http_status is None else (http_status,)


def default_documented_code(code: str, flags: int) -> str:
    return "" if flags & PREFIX else code


class Row(NamedTuple):
    """A row of a table with every default filled in."""

    description: str
    flags: int
    category: str  # a class name in _errors, or "" for none
    name: str
    parent_code: str  # "" for the service's base
    attribute: str  # its name on the parent class
    message: str
    http_status: int | None
    solution: str
    deprecated_since: str
    aliases: tuple[str, ...]
    http_statuses: tuple[int, ...]
    documented_code: str


# service id -> its table, filled as the table modules are imported
TABLES: dict[str, ServiceTable] = {}


def documented_doc(
    code: str,
    http_status: int | None,
    message: str,
    description: str,
    solution: str,
    deprecated_since: str,
) -> str:
    """The docstring of a documented code's class (the catalogue writes the same text into
    class statements)."""
    summary = description or message or "(no description documented)"
    parts = [f"{code}: {summary}"]
    if message and message != summary:
        parts.append(f"Documented message: {message}")
    status = "none documented" if http_status is None else str(http_status)
    parts.append(f"Documented HTTP status: {status}.")
    if solution:
        parts.append(f"Handling measure: {solution}")
    if deprecated_since:
        parts.append(
            f"Deprecated: no longer listed since {deprecated_since}; kept so that existing "
            "except clauses keep working."
        )
    return "\n\n".join(parts)


def prefix_doc(code: str) -> str:
    """The docstring of a generated dotted-prefix class."""
    return f"Any {code}.* error; the page lists no {code} code by itself."


class _Member:
    """`Prefix.Attribute` of a code class not made yet: makes it on first access."""

    __slots__ = ("code", "table")

    def __init__(self, table: ServiceTable, code: str) -> None:
        self.table = table
        self.code = code

    def __get__(self, instance: object, owner: type | None = None) -> type[CloudAPIError]:
        cls = self.table.make(self.code)
        assert cls is not None
        return cls


class ServiceTable:
    """The classes of one generated service module, made on demand from its table."""

    __slots__ = ("_children", "base", "codes", "module", "names", "service", "vendor")

    def __init__(
        self,
        module: dict[str, Any],
        service: str,
        vendor_base: str,
        base: str,
        base_doc: str,
        codes: dict[str, tuple[Any, ...]],
    ) -> None:
        self.module = module
        self.service = service
        self.codes = codes
        self.names: dict[str, str] | None = None  # class name or alias -> code, on first need
        self._children: dict[str, list[tuple[str, str]]] | None = None
        vendor_error: type[CloudAPIError] = getattr(_errors, vendor_base)
        self.vendor = vendor_error.vendor
        self.base: type[CloudAPIError] = type(
            base,
            (vendor_error,),
            {
                "__doc__": base_doc,
                "__module__": module["__name__"],
                "__qualname__": base,
                "service": service,
            },
        )
        module[base] = self.base
        TABLES[service] = self

    def make(self, code: str) -> type[CloudAPIError] | None:
        """The class of `code` (made now if not yet), or None when the table has no such code."""
        cls = _REGISTRY.get((self.service, code))
        if cls is not None:
            return cls
        row = self.row(code)
        if row is None:
            return None
        parent = self.make(row.parent_code) if row.parent_code else self.base
        assert parent is not None, f"{self.service} {code}: parent {row.parent_code} not in table"
        bases = (parent, getattr(_errors, row.category)) if row.category else (parent,)
        doc = (
            prefix_doc(code)
            if row.flags & PREFIX
            else documented_doc(
                code,
                row.http_status,
                row.message,
                row.description,
                row.solution,
                row.deprecated_since,
            )
        )
        namespace: dict[str, Any] = {
            "__doc__": doc,
            "__module__": self.module["__name__"],
            "__qualname__": row.name,
            "code": code,
            "http_status": row.http_status,
            "documented_message": row.message,
            "description": row.description,
            "solution": row.solution,
            "http_statuses": row.http_statuses,
            "documented_code": row.documented_code,
            "retryable": bool(row.flags & RETRYABLE),
            "deprecated": bool(row.flags & DEPRECATED),
        }
        for member, child in self._members(code):
            namespace[member] = _Member(self, child)
        cls = type(row.name, bases, namespace)
        self.module[row.name] = cls
        for alias in row.aliases:
            self.module[alias] = cls
        if row.parent_code:
            setattr(parent, row.attribute, cls)
        return cls

    def row(self, code: str) -> Row | None:
        """The row of `code` with its defaults filled in (no class made), or None when the
        table has no such code."""
        row = self.codes.get(code)
        if row is None:
            return None
        (
            description,
            flags,
            category,
            name,
            parent_code,
            attribute,
            message,
            http_status,
            solution,
            deprecated_since,
            aliases,
            http_statuses,
            documented_code,
        ) = (
            row + DEFAULTS[len(row) :]
        )
        return Row(
            description,
            flags,
            default_category(self.vendor, code) if category is None else category,
            default_name(code) if name is None else name,
            default_parent(code) if parent_code is None else parent_code,
            default_attribute(code) if attribute is None else attribute,
            message,
            http_status,
            solution,
            deprecated_since,
            aliases,
            default_statuses(http_status) if http_statuses is None else http_statuses,
            default_documented_code(code, flags) if documented_code is None else documented_code,
        )

    def _members(self, code: str) -> list[tuple[str, str]]:
        """(attribute, code) of the codes nested right under `code`."""
        children = self._children
        if children is None:
            children = {}
            for child, row in self.codes.items():
                full = row + DEFAULTS[len(row) :]
                parent = default_parent(child) if full[4] is None else full[4]
                if parent:
                    attribute = default_attribute(child) if full[5] is None else full[5]
                    children.setdefault(parent, []).append((attribute, child))
            self._children = children
        return children.get(code, [])

    def attribute(self, name: str) -> type[CloudAPIError]:
        """The module attribute `name` (a class name or alias): the module's `__getattr__`."""
        code = self.attribute_names().get(name)
        if code is None:
            raise AttributeError(f"module {self.module['__name__']!r} has no attribute {name!r}")
        cls = self.make(code)
        assert cls is not None
        return cls

    def attribute_names(self) -> dict[str, str]:
        """Class name or alias -> code, built on first need."""
        names = self.names
        if names is None:
            names = {}
            for code, row in self.codes.items():
                name = row[3] if len(row) > 3 and row[3] is not None else default_name(code)
                names[name] = code
                for alias in row[10] if len(row) > 10 else ():
                    names[alias] = code
            self.names = names
        return names

    def names_listed(self) -> list[str]:
        """The module's `__dir__`: what it holds now and every class it can make."""
        self.attribute_names()
        assert self.names is not None
        return sorted({*self.module, *self.names})


def module_hooks(
    table: ServiceTable,
) -> tuple[Callable[[str], type[CloudAPIError]], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for a table module."""
    return table.attribute, table.names_listed


def registered(service: str, code: str) -> type[CloudAPIError] | None:
    """The class of (service, code): registered already, or made now from a loaded table."""
    cls = _REGISTRY.get((service, code))
    if cls is None:
        table = TABLES.get(service)
        if table is not None:
            cls = table.make(code)
    return cls
