"""What the package knows of each code as plain data (`clouderrors explain`, `clouderrors list`).

A class made from a table costs tens of microseconds; listing every code that way made all
~17,000 of them. The facts of a table service's code are read from its row instead, with the
same defaults the class would get (`clouderrors._lazy.ServiceTable.row`); the services written
as class statements already hold their classes once imported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from clouderrors import _errors
from clouderrors._errors import CATEGORIES, CloudAPIError
from clouderrors._lazy import DEPRECATED, RETRYABLE, TABLES, Row, ServiceTable
from clouderrors._lookup import chosen_codes, load_service, registered


def describe(cls: type[CloudAPIError]) -> dict[str, Any]:
    """What the package knows of a code class, as plain data."""
    return {
        "class": f"{cls.__module__}.{cls.__qualname__}",
        "code": cls.code,
        "http_status": cls.http_status,
        "service": cls.service,
        "vendor": cls.vendor,
        "categories": [category.__name__ for category in CATEGORIES if issubclass(cls, category)],
        "retryable": cls.retryable,
        "deprecated": cls.deprecated,
        "documented_message": cls.documented_message,
        "description": cls.description,
        "solution": cls.solution,
    }


def described(*, service: str | None = None, vendor: str | None = None) -> Iterator[dict[str, Any]]:
    """describe() of every class `error_classes(service=, vendor=)` returns, in its order,
    without making the classes of table services. An unknown service or vendor is a ValueError
    naming it (checked before the first item)."""
    return _described(chosen_codes(service, vendor, caller=""))


def _described(chosen: dict[str, list[str]]) -> Iterator[dict[str, Any]]:
    for name, codes in chosen.items():
        if not load_service(name):
            continue
        table = TABLES.get(name)
        if table is not None:
            yield from _from_table(table, codes)
            continue
        for code in codes:  # class statements: the module made its classes when imported
            cls = registered(name, code)
            if cls is not None:
                yield describe(cls)


def _from_table(table: ServiceTable, codes: list[str]) -> Iterator[dict[str, Any]]:
    """describe() of the classes `table` would make for `codes`, from its rows."""
    module = table.module["__name__"]
    # code -> the categories its class is a subclass of: its row's and its parents' ("": the
    # service's base).
    held: dict[str, frozenset[type[CloudAPIError]]] = {"": _categories(table.base)}

    def categories(code: str, row: Row) -> frozenset[type[CloudAPIError]]:
        parent = held.get(row.parent_code)
        if parent is None:
            parent_row = table.row(row.parent_code)
            assert parent_row is not None, f"{table.service} {code}: parent not in the table"
            parent = categories(row.parent_code, parent_row)
        known = parent | _categories(getattr(_errors, row.category)) if row.category else parent
        held[code] = known
        return known

    for code in codes:
        row = table.row(code)
        if row is None:  # an index older than its modules: what the modules define
            continue
        of_code = categories(code, row)
        yield {
            "class": f"{module}.{row.name}",
            "code": code,
            "http_status": row.http_status,
            "service": table.service,
            "vendor": table.vendor,
            "categories": [category.__name__ for category in CATEGORIES if category in of_code],
            "retryable": bool(row.flags & RETRYABLE),
            "deprecated": bool(row.flags & DEPRECATED),
            "documented_message": row.message,
            "description": row.description,
            "solution": row.solution,
        }


_CATEGORIES_OF: dict[type[CloudAPIError], frozenset[type[CloudAPIError]]] = {}


def _categories(cls: type[CloudAPIError]) -> frozenset[type[CloudAPIError]]:
    """The categories `cls` is a subclass of."""
    found = _CATEGORIES_OF.get(cls)
    if found is None:
        found = frozenset(category for category in CATEGORIES if issubclass(cls, category))
        _CATEGORIES_OF[cls] = found
    return found
