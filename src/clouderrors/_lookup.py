"""Which class an error code raises: the generated index, service modules loaded on demand,
and the fallbacks for codes no page documents (never a KeyError on the raise path)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from types import ModuleType

from clouderrors import _errors
from clouderrors._errors import (
    _REGISTRY,
    _SERVICE_ERRORS,
    CloudAPIError,
    category_for_status,
    combined_class,
)
from clouderrors._vendors import BY_ID, DOMAINS, VENDORS
from clouderrors._wire import wire_form

# vendor id -> its base class (HuaweiCloudError, ...), as the vendor records name them.
VENDOR_ERRORS: dict[str, type[CloudAPIError]] = {
    vendor.id: getattr(_errors, vendor.base_class) for vendor in VENDORS
}
# vendor id -> {first dotted part of a code -> category}, for vendors answering errors with 200.
_CODE_KINDS: dict[str, dict[str, type[CloudAPIError]]] = {
    vendor.id: {kind: getattr(_errors, name) for kind, name in vendor.code_kinds.items()}
    for vendor in VENDORS
}

_EMPTY_INDEX = ModuleType("clouderrors._index")
_EMPTY_INDEX.SERVICES = {}  # type: ignore[attr-defined]
_EMPTY_INDEX.LONGEST_CODE = 0  # type: ignore[attr-defined]
_EMPTY_CODES = ModuleType("clouderrors._codes")
_EMPTY_CODES.CODES = {}  # type: ignore[attr-defined]
_codes_module: ModuleType | None = None
_EMPTY_INDEX.CODE_PREFIXES = {}  # type: ignore[attr-defined]
_EMPTY_INDEX.HOST_LABELS = {}  # type: ignore[attr-defined]

_index_module: ModuleType | None = None
# The length of the index's longest code: no longer dotted prefix can name a class.
_longest_code = 0
_loaded: set[str] = set()
_unloadable: set[str] = set()  # services whose module failed to import (tried once)
# Where an answer came from: (service id or None, vendor id or None).
Origin = tuple[str | None, str | None]
NOWHERE: Origin = (None, None)
# Caches of the raise path. Each is bounded: when full it is emptied and fills again, so a stream
# of distinct hosts, URLs or unknown codes costs at most these many entries each.
CACHE_SIZE = 1024
_hosts: dict[str, Origin] = {}  # host -> origin
URL_ORIGINS: dict[object, Origin] = {}  # URL (str, or httpx.URL) -> origin
_services: dict[str, Origin] = {}  # service= argument -> origin
# origin -> where (see class_of) -> status -> code -> class: nested dicts, as a key of five parts
# would cost the raise path more to hash than the four lookups. At most CACHE_SIZE classes in all.
Where = int | tuple[str, int]
CLASSES: dict[Origin, dict[Where, dict[int | None, dict[str | None, type[CloudAPIError]]]]] = {}
_cached_classes = 0  # how many classes CLASSES holds
# Codes longer than this are classified each time, not remembered: a cache of CACHE_SIZE codes
# of up to a megabyte each would hold a gigabyte.
CACHED_CODE_LENGTH = 256


def registered(service: str, code: str) -> type[CloudAPIError] | None:
    """The class of (service, code): registered already, or made now from its service's table.
    The tables live in clouderrors._lazy, which every table module imports: while it is not
    loaded there is no table, and a program whose services are all class statements never
    loads it."""
    cls = _REGISTRY.get((service, code))
    if cls is None:
        lazy = sys.modules.get("clouderrors._lazy")
        if lazy is not None:
            made: type[CloudAPIError] | None = lazy.registered(service, code)
            return made
    return cls


def index() -> ModuleType:
    """The generated index, imported on first need (an empty one if the package has none)."""
    global _index_module, _longest_code
    if _index_module is None:
        try:
            module = importlib.import_module("clouderrors._index")
        except Exception:  # missing or broken: no service is known
            module = _EMPTY_INDEX
        _longest_code = module.LONGEST_CODE
        _index_module = module
    return _index_module


def codes() -> dict[str, tuple[str, ...]]:
    """Documented code -> the ids of the services defining it: the generated clouderrors._codes,
    imported on first need (it is big: most errors name their service by URL or service=)."""
    global _codes_module
    if _codes_module is None:
        try:
            module = importlib.import_module("clouderrors._codes")
        except Exception:  # missing or broken: no code is known
            module = _EMPTY_CODES
        _codes_module = module
    found: dict[str, tuple[str, ...]] = _codes_module.CODES
    return found


def dotted_prefixes(code: str) -> Iterator[str]:
    """The dotted prefixes of `code` that the index could know, longest first: "A.B.C" gives
    "A.B", "A". Only prefixes no longer than the index's longest code are made, so a code of
    any length and any number of dots costs time linear in its length."""
    index()
    end = code.rfind(".", 0, _longest_code + 1)
    while end > 0:
        yield code[:end]
        end = code.rfind(".", 0, end)


def load_service(service: str) -> bool:
    """Import the generated module of `service`; False when the index does not know it or the
    module cannot be imported (missing, or broken by an interrupted generation): the service is
    then unknown and errors fall back to its vendor and category, never an ImportError."""
    if service in _loaded:
        return True
    if service not in index().SERVICES or service in _unloadable:
        return False
    try:
        importlib.import_module("clouderrors." + service)
    except Exception:  # any failure of a generated module: ImportError, SyntaxError, ...
        _unloadable.add(service)
        return False
    _loaded.add(service)
    return True


def vendor_of_service(service: str) -> str | None:
    vendor: str | None = index().SERVICES.get(service)
    if vendor is None:
        head = service.partition(".")[0]
        vendor = head if head in BY_ID else None
    return vendor


# Numeric codes are short (Tencent API 2.0: four digits): an int wider than this is no code.
_LONGEST_INT_CODE_BITS = 128


def lookup(code: str | int, service: str | None = None) -> type[CloudAPIError]:
    """The class of a documented `code` (str, or int for numeric codes).

    Raises KeyError naming the code when no page documents it, or listing the services when
    several do and `service` does not say which.
    """
    if isinstance(code, bool) or not isinstance(code, (str, int)):
        raise TypeError(f"lookup(): code must be a str or an int, not {type(code).__name__}")
    if service is not None and not isinstance(service, str):
        raise TypeError(f"lookup(): service must be a str or None, not {type(service).__name__}")
    if isinstance(code, str):
        text = wire_form(code)
    elif code.bit_length() > _LONGEST_INT_CODE_BITS:  # str() of it could exceed the digit limit
        raise KeyError(f"no documented error code: an int of {code.bit_length()} bits")
    else:
        text = str(code)
    if service is None:
        candidates: tuple[str, ...] = codes().get(text, ())
        if not candidates:
            raise KeyError(f"no documented error code {text!r}")
        if len(candidates) > 1:
            raise KeyError(
                f"error code {text!r} is documented by several services "
                f"({', '.join(candidates)}); pass service= to choose one"
            )
        service = candidates[0]
    if not load_service(service):
        known = ", ".join(sorted(index().SERVICES))
        raise KeyError(f"unknown service {service!r} (known: {known})")
    cls = registered(service, text)
    if cls is None:
        raise KeyError(f"no documented error code {text!r} in service {service!r}")
    return cls


def services() -> list[str]:
    """The ids of the generated services ("huaweicloud.lts", ...), sorted."""
    return sorted(index().SERVICES)


def error_classes(
    *, service: str | None = None, vendor: str | None = None
) -> list[type[CloudAPIError]]:
    """The code classes of the generated services: every class `lookup()` can return (the
    documented codes, and the dotted prefixes such as `cls.AuthFailure` that the modules define
    for them), ordered by service id, then code.

    `service` (an id from `services()`) and `vendor` ("huaweicloud", "tencentcloud") narrow the
    list; given both, a service of another vendor gives an empty list. An id the package does not
    know is a ValueError naming the argument.
    """
    codes_of = chosen_codes(service, vendor, caller="error_classes(): ")
    classes: list[type[CloudAPIError]] = []
    for name, codes_of_service in codes_of.items():
        if not load_service(name):
            continue
        for code in codes_of_service:
            cls = registered(name, code)
            if cls is not None:  # an index older than its modules: what the modules define
                classes.append(cls)
    return classes


def chosen_codes(service: str | None, vendor: str | None, caller: str) -> dict[str, list[str]]:
    """Service id -> its documented codes, of the services `service` and `vendor` choose (both
    None: all), ordered by service id, then code: what error_classes() lists. An unknown
    service or vendor is a ValueError naming it, its message starting with `caller`."""
    if service is not None and not isinstance(service, str):
        raise TypeError(f"{caller}service must be a str or None, not {type(service).__name__}")
    if vendor is not None and not isinstance(vendor, str):
        raise TypeError(f"{caller}vendor must be a str or None, not {type(vendor).__name__}")
    index_module = index()
    known: dict[str, str] = index_module.SERVICES
    if service is not None and service not in known:
        raise ValueError(f"{caller}unknown service {service!r} (known: {', '.join(sorted(known))})")
    if vendor is not None and vendor not in BY_ID:
        raise ValueError(f"{caller}unknown vendor {vendor!r} (known: {', '.join(sorted(BY_ID))})")
    codes_of: dict[str, list[str]] = {
        name: []
        for name, owner in known.items()
        if (service is None or name == service) and (vendor is None or owner == vendor)
    }
    for code, owners in codes().items():
        for name in owners:
            if name in codes_of:
                codes_of[name].append(code)
    return {name: sorted(codes_of[name]) for name in sorted(codes_of)}


def host_of(url: object) -> str:
    """The lower-case host of a URL (str, or any object whose str() is the URL), or ""."""
    text = str(url)
    start = text.find("://")
    if start >= 0:
        text = text[start + 3 :]
    for stop in "/?#":
        text = text.partition(stop)[0]
    text = text.rpartition("@")[2]
    if text.startswith("["):  # an IPv6 literal names no service
        return ""
    return text.partition(":")[0].rstrip(".").lower()


def service_of_host(host: str) -> Origin:
    """(service id, vendor) that a host names: `cls.tencentcloudapi.com`,
    `ap-guangzhou.cls.tencentcs.com`, `lts.cn-north-4.myhuaweicloud.com`."""
    known = _hosts.get(host)
    if known is not None:
        return known
    labels = host.split(".")
    vendor = None
    domain_labels = 0
    for count in (3, 2):
        record = DOMAINS.get(".".join(labels[-count:]))
        if record is not None:
            vendor = record.id
            domain_labels = count
            break
    service = None
    if vendor is not None:
        services = index().SERVICES
        host_labels = index().HOST_LABELS
        for label in labels[:-domain_labels]:
            candidate = f"{vendor}.{label}"
            candidate = host_labels.get(candidate, candidate)
            if candidate in services:
                service = candidate
                break
    found = (service, vendor)
    if len(_hosts) >= CACHE_SIZE:
        _hosts.clear()
    _hosts[host] = found
    return found


def origin_of(response: object) -> Origin:
    """(service id, vendor) that a response's URL names, or NOWHERE; cached by URL."""
    try:
        url = getattr(response, "url", None)
        if url is None:
            return NOWHERE
        known = URL_ORIGINS.get(url)
        if known is not None:
            return known
        found = service_of_host(host_of(url))
    except Exception:  # an odd URL object (unhashable, a str() that raises) names nothing
        return NOWHERE
    if len(URL_ORIGINS) >= CACHE_SIZE:
        URL_ORIGINS.clear()
    URL_ORIGINS[url] = found
    return found


def origin_of_service(service: str) -> Origin:
    """(service id, vendor) of a `service=` argument; cached."""
    try:
        known = _services.get(service)
    except TypeError:  # unhashable
        known = None
    if known is None:
        if not isinstance(service, str):
            raise TypeError(
                "service must be a service id such as 'huaweicloud.lts' (a str) or None, "
                f"not {type(service).__name__}"
            )
        known = (service, vendor_of_service(service))
        if len(_services) >= CACHE_SIZE:
            _services.clear()
        _services[service] = known
    return known


def _only_service_of(index_module: ModuleType, code: str, vendor: str | None) -> str | None:
    """The one service that documents `code`, or else its longest dotted prefix (of `vendor`)."""
    for prefix in (code, *dotted_prefixes(code)):
        candidates = codes().get(prefix, ())
        if vendor is not None:
            candidates = tuple(c for c in candidates if index_module.SERVICES.get(c) == vendor)
        if len(candidates) == 1:
            return str(candidates[0])
        if candidates:
            return None
    return None


def category_of(status: int | None, code: str | None, vendor: str | None) -> type[CloudAPIError]:
    category = category_for_status(status)
    if category is CloudAPIError and code and vendor is not None:
        kinds = _CODE_KINDS.get(vendor)
        if kinds:
            category = kinds.get(code.partition(".")[0], CloudAPIError)
    return category


def class_of(
    origin: Origin,
    where: Where,
    status: int | None,
    code: str | None,
    service: str | None,
    vendor: str | None,
) -> type[CloudAPIError]:
    """class_for(service, origin, code, status, vendor), remembered under origin, `where`, status
    and code, so that the raise path is four dict lookups after the first time
    (`CLASSES[origin][where][status][code]`). `where` stands for what else the class depends
    on: the number of the dialect the body was read in (its vendor and default service), with
    the `service=` argument when one was given."""
    global _cached_classes
    cls = class_for(service, origin, code, status, vendor)
    if code is None or len(code) <= CACHED_CODE_LENGTH:
        if _cached_classes >= CACHE_SIZE:
            CLASSES.clear()
            _cached_classes = 0
        CLASSES.setdefault(origin, {}).setdefault(where, {}).setdefault(status, {})[code] = cls
        _cached_classes += 1
    return cls


def cached_classes() -> int:
    """How many classes the raise path's cache holds (at most CACHE_SIZE)."""
    return sum(
        len(codes)
        for places in CLASSES.values()
        for by_status in places.values()
        for codes in by_status.values()
    )


def class_for(
    service: str | None,
    origin: Origin,
    code: str | None,
    status: int | None,
    vendor: str | None,
) -> type[CloudAPIError]:
    """The most specific class for an error: the documented code's class, else its dotted
    prefix's, else service (or vendor) combined with the category of the status. `origin` is
    what the response's URL names (see origin_of)."""
    index_module = index()
    if code is not None:
        code = wire_form(code)
    if service is None and code is not None:
        prefix, dot, _ = code.rpartition(".")
        if dot:
            service = index_module.CODE_PREFIXES.get(prefix)
            if service is not None and load_service(service):
                cls = registered(service, code)
                if cls is not None:
                    return cls
    if service is None:
        service, host_vendor = origin
        vendor = host_vendor or vendor
    if service is None and code is not None:
        service = _only_service_of(index_module, code, vendor)
    if service is not None:
        if load_service(service):
            if code is not None:
                cls = registered(service, code)
                if cls is not None:
                    return cls
                # An unknown dotted code falls back to the class of its longest known prefix.
                for prefix in dotted_prefixes(code):
                    cls = registered(service, prefix)
                    if cls is not None:
                        return cls
            vendor = index_module.SERVICES.get(service, vendor)
            base = _SERVICE_ERRORS.get(service)
            if base is not None:
                return combined_class(base, category_of(status, code, vendor))
        else:
            vendor = vendor_of_service(service) or vendor
    category = category_of(status, code, vendor)
    vendor_error = VENDOR_ERRORS.get(vendor) if vendor is not None else None
    if vendor_error is not None:
        return combined_class(vendor_error, category)
    return category
