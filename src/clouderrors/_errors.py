"""The hand-written exception hierarchy that every generated class builds on.

Axes a user catches on: the root `CloudAPIError`; the vendor (`HuaweiCloudError`,
`TencentCloudError`); the service (generated, e.g. `clouderrors.huaweicloud.lts.LTSError`); a
dotted code prefix (generated, e.g. `clouderrors.tencentcloud.cls.AuthFailure`); and a small set of
cross-vendor categories mixed into each code class (`NotFoundError`, `QuotaExceededError`, ...).
"""

from __future__ import annotations

import copy
import math
import sys
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import requests

if TYPE_CHECKING:
    # Loaded with the raise path (which reads the vendor records), not by `import clouderrors`.
    from clouderrors._vendors import Dialect

# Filled by __init_subclass__ as generated modules are imported:
# (service id, code) -> the class of that code (or of that dotted code prefix) ...
_REGISTRY: dict[tuple[str, str], type[CloudAPIError]] = {}
# ... and service id -> the service's base class (e.g. "huaweicloud.lts" -> LTSError).
_SERVICE_ERRORS: dict[str, type[CloudAPIError]] = {}
# A service's classes are generated into the module named by its id under the package.
_GENERATED_MODULE = "clouderrors."


class Parsed(tuple):  # type: ignore[type-arg]
    """What an error built from a response keeps (see new_error): its instance attributes are
    computed from this on first access, which keeps the raise path short. A tuple with named
    fields (a NamedTuple's Python-level __new__ would cost time on every error, and making its
    class would cost time at import). The raise path stores only the fields, as a plain tuple
    in this order (even `tuple.__new__(Parsed, ...)` costs more than the rest of new_error):
    `_parsed` views them as a Parsed on the first attribute asked for."""

    __slots__ = ()

    @property
    def response(self) -> Any:
        return self[0]

    @property
    def status(self) -> int | None:
        status: int | None = self[1]
        return status

    @property
    def message(self) -> str | None:
        message: str | None = self[2]
        return message

    @property
    def content(self) -> bytes | None:
        """The body as received (None when it is no error document): kept as bytes and decoded
        on first need, so a kept error costs no more than its body, and a deeply nested body
        pickles and copies as the bytes it is."""
        content: bytes | None = self[3]
        return content

    @property
    def dialect(self) -> Dialect:
        dialect: Dialect = self[4]
        return dialect


_new_parsed = tuple.__new__

if TYPE_CHECKING:

    class HTTPResponse(Protocol):
        """What clouderrors reads of a response: `requests.Response` and `httpx.Response`."""

        @property
        def status_code(self) -> int: ...
        @property
        def headers(self) -> Mapping[str, str]: ...
        @property
        def content(self) -> bytes: ...


# The attributes a copy or a pickle carries (the response and request stay behind on pickling).
_STATE = ("code", "message", "status_code", "request_id", "module_code", "retry_after", "body")


def _shown_value(value: object) -> object:
    """What repr() shows of an attribute: text on one line and bounded (repr() itself escapes
    what is not printable), anything else as it is."""
    from clouderrors._text import one_line  # loaded on the first str() or repr() of an error

    return one_line(value) if isinstance(value, str) else value


class CloudAPIError(requests.HTTPError):
    """An error answered by a cloud API.

    Class attributes document the code (from the vendor's page); instance attributes hold what the
    server actually said: `code`, `status_code`, `message`, `request_id`, `module_code` (the module
    error number of a Tencent API 2.0 message), `body` (the parsed JSON error), `response`.
    Build one yourself in tests: `LogGroupAlreadyExists("msg", request_id="r-1")`.
    """

    # Documentation of the code, set by the generated classes. `code` is also an instance
    # attribute: the code the server sent.
    code: str | None = None
    http_status: ClassVar[int | None] = None
    # Every status the page lists the code with (http_status is the first), and the code as the
    # page spells it (`DCS. 4855`; `code` is the wire form, DCS.4855).
    http_statuses: ClassVar[tuple[int, ...]] = ()
    documented_code: ClassVar[str | None] = None
    service: ClassVar[str | None] = None
    vendor: ClassVar[str | None] = None
    documented_message: ClassVar[str] = ""
    description: ClassVar[str] = ""
    solution: ClassVar[str] = ""
    retryable: ClassVar[bool] = False
    deprecated: ClassVar[bool] = False

    # What the server said (instance attributes). An error built from a response computes them
    # on first access (see _LAZY): declared here with their types, so a misspelt name is a type
    # error, while no work is done on the raise path.
    status_code: int | None
    message: str | None
    request_id: str | None
    module_code: str | None  # the module error number of a Tencent API 2.0 message
    retry_after: float | None  # seconds, from a Retry-After header
    body: dict[str, Any] | list[Any] | None  # the decoded JSON error body
    response: HTTPResponse | None  # httpx's as well as requests'
    request: Any
    # The Parsed record of an error built from a response (see new_error). A slot, so that the
    # raise path does not make the instance's __dict__; unset on errors made by hand. `_d` is
    # the body decoded from it, once asked for: while `body` is that object, copies and pickles
    # carry the bytes instead (see _travelling).
    __slots__ = ("_d", "_p")
    _p: Parsed | tuple[Any, ...]  # a plain tuple until viewed as a Parsed (see _parsed)
    _d: Any

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Only the generated classes register, each in the module of its own service
        # (clouderrors.<vendor>.<service>), and only with what the class states itself: a
        # user's subclass restating a documented code (a test double) takes nothing over.
        service = cls.service
        if service is None or cls.__module__ != _GENERATED_MODULE + service:
            return
        own = cls.__dict__
        if own.get("code") is not None:
            _REGISTRY[(service, own["code"])] = cls
        elif own.get("service") is not None:
            _SERVICE_ERRORS[service] = cls

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        status_code: int | None = None,
        request_id: str | None = None,
        module_code: str | None = None,
        retry_after: float | None = None,
        body: dict[str, Any] | list[Any] | None = None,
        response: Any = None,
        request: Any = None,
    ) -> None:
        # Unset values default to the class's documentation (or to the response), so a test can
        # raise `LogGroupAlreadyExists()` and see the documented code, status and message.
        cls = type(self)
        if response is not None and status_code is None:
            status_code = getattr(response, "status_code", None)
        if request is None and response is not None:
            request = _request_of(response)
        self.args = () if message is None else (message,)
        self.code = cls.code if code is None else code
        self.status_code = cls.http_status if status_code is None else status_code
        self.message = (cls.documented_message or None) if message is None else message
        self.request_id = request_id
        self.module_code = module_code
        self.retry_after = retry_after
        self.body = body
        self.response = response
        self.request = request

    if not TYPE_CHECKING:  # type checkers see the declared attributes above, not Any

        def __getattr__(self, name: str) -> Any:
            # Only reached for attributes not set yet: the lazy ones of an error built from a
            # response. Computed once, then stored like any other attribute.
            compute = _LAZY.get(name)
            if compute is None:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            parsed = _parsed(self)  # None: made by hand, or copied: nothing to compute from
            try:
                value = compute(self, parsed)
            except Exception:  # a lazy attribute must never break str(), logging or pickling
                value = None
            self.__dict__[name] = value
            return value

    # str() (and so the traceback line) and repr() show what the server said on one bounded
    # line, with every unprintable character escaped: a body can carry terminal escape
    # sequences, bidi overrides or lone surrogates. The attributes keep the exact text.

    def __str__(self) -> str:
        from clouderrors._text import printable  # loaded on the first str() of an error

        code = self.code
        head = printable(code) if isinstance(code, str) and code else type(self).__name__
        status = self.status_code
        text = head if status is None else f"{head} (HTTP {printable(str(status))})"
        message = self.message
        if message is None:
            message = type(self).documented_message
        if not isinstance(message, str):
            message = repr(message)
        if message:
            text = f"{text}: {printable(message)}"
        request_id = self.request_id
        if request_id is not None:
            text = f"{text} [request_id={printable(str(request_id))}]"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}(code={_shown_value(self.code)!r}, "
            f"status_code={_shown_value(self.status_code)!r}, "
            f"message={_shown_value(self.message)!r}, "
            f"request_id={_shown_value(self.request_id)!r})"
        )

    # Copies and pickles carry the class, the attributes (a user's own and the notes of
    # add_note too) and the body as the bytes received. Classes made at run time for an
    # undocumented code (see combined_class) are rebuilt from their two bases, so they unpickle in
    # any process.

    def _travelling(self) -> tuple[dict[str, Any], Parsed | None]:
        """What a copy or a pickle carries: the attributes (the response and request stay
        behind), and a Parsed record holding the body's bytes while the body is the one they
        decode to (None: the body travels as an attribute)."""
        own = self.__dict__
        state = {name: value for name, value in own.items() if name not in _LEFT_BEHIND}
        for name in _STATE:
            if name != "body":
                state[name] = getattr(self, name)
        parsed = _parsed(self)
        if parsed is not None and parsed.content is not None:
            body = own.get("body", _UNSET)
            if body is _UNSET or body is _slot(self, "_d"):
                state.pop("body", None)
                parsed = _new_parsed(
                    Parsed, (None, state["status_code"], state["message"], *parsed[3:])
                )
                return state, parsed
        state["body"] = self.body
        return state, None

    def __reduce__(self) -> tuple[Any, ...]:
        cls = type(self)
        target: Any = cls.__dict__.get("_combined_from", cls)
        return (_restore, (target, self.args, *self._travelling()))

    def __copy__(self) -> CloudAPIError:
        clone = _restore(type(self), self.args, *self._travelling())
        clone.response = self.response
        clone.request = self.request
        return clone

    def __deepcopy__(self, memo: dict[int, Any]) -> CloudAPIError:
        # The response is an open I/O object: shared, not copied. The body's bytes are immutable:
        # the clone decodes a body of its own from them.
        state, parsed = self._travelling()
        clone = _restore(
            type(self), copy.deepcopy(self.args, memo), copy.deepcopy(state, memo), parsed
        )
        clone.response = self.response
        clone.request = self.request
        return clone


def _request_of(response: Any) -> Any:
    """The request a response answers, or None (httpx raises when it was never set)."""
    try:
        return getattr(response, "request", None)
    except Exception:
        return None


_UNSET: Any = object()
# Attributes that stay behind when an error is copied or pickled (set to None, or shared by copy).
_LEFT_BEHIND = frozenset({"response", "request"})


def _slot(error: CloudAPIError, name: str) -> Any:
    """A slot's value, or None when unset (without reaching __getattr__)."""
    try:
        return object.__getattribute__(error, name)
    except AttributeError:
        return None


def _parsed(error: CloudAPIError) -> Parsed | None:
    """The error's Parsed record (None when it has none: made by hand), viewed as a Parsed the
    first time: the raise path stores the fields as a plain tuple."""
    try:
        fields = object.__getattribute__(error, "_p")
    except AttributeError:
        return None
    if fields.__class__ is Parsed:
        parsed: Parsed = fields
        return parsed
    parsed = _new_parsed(Parsed, fields)
    error._p = parsed
    return parsed


def _restore(
    target: Any, args: tuple[Any, ...], state: dict[str, Any], parsed: Parsed | None = None
) -> CloudAPIError:
    cls = combined_class(*target) if isinstance(target, tuple) else target
    error: CloudAPIError = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    error.response = None
    error.request = None
    if parsed is not None:
        error._p = parsed  # the body is decoded from its bytes on first access
    return error


def new_error(cls: type[CloudAPIError], code: str | None, fields: tuple[Any, ...]) -> CloudAPIError:
    """An error built from a response without __init__: it keeps a Parsed record's `fields`
    (response, status, message, content, dialect) and computes its attributes from them on
    first access; `code` is stored only where the class's documented code is not it. `content`
    is the body the error was read from in `dialect` (None when the body is no error
    document)."""
    error = _new_instance(cls)
    if code != cls.code:
        error.code = code
    error._p = fields  # viewed as a Parsed on first need (see _parsed)
    return error


# The __new__ every error class inherits (OSError's, through requests.HTTPError), bound once.
_new_instance: Callable[[type[CloudAPIError]], CloudAPIError] = CloudAPIError.__new__


# Lazily computed attributes: name -> function of (the error, its Parsed record or None). Each
# gives None when there is nothing to compute from.

_REQUEST_ID_KEYS = ("request_id", "requestId", "RequestId", "requestid", "X-Request-Id")
# Bytes every one of those keys holds: a body without them (written plainly) names no request id
# and is not decoded again to look.
_REQUEST_ID_MARK = b"equest"


def header(response: Any, name: str) -> str | None:
    """A response header, case-insensitively even in a plain dict; None when absent."""
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    value = headers.get(name)
    if value is None and isinstance(headers, dict):  # a plain dict is case-sensitive
        wanted = name.lower()
        for key, item in headers.items():
            if str(key).lower() == wanted:
                value = item
                break
    return None if value is None else str(value)


def _body(error: CloudAPIError, parsed: Parsed | None) -> Any:
    if parsed is None or parsed.content is None:
        return None
    from clouderrors._response import decode_error_body  # loaded already: it made the record

    body = decode_error_body(parsed.content, parsed.dialect)
    error._d = body  # see _travelling: while `body` is this object, copies carry the bytes
    return body


def _request_id_in_body(error: CloudAPIError, content: bytes, dialect: Dialect) -> str | None:
    """The request id in the error's own dict, the envelope or the top level of its body."""
    from clouderrors._response import decode_error_body, holder_of, may_hold_text

    if not may_hold_text(content, _REQUEST_ID_MARK):
        return None
    body = error.__dict__.get("body", _UNSET)
    if body is _UNSET or body is not _slot(error, "_d"):
        # Decoded for this look only: a logged error (str() shows the request id) does not keep
        # its body decoded.
        body = decode_error_body(content, dialect)
    holder = holder_of(body, dialect)
    top = body[0] if body.__class__ is list and body else body
    envelope = top.get("Response") if top.__class__ is dict else None
    for place in (envelope, holder, top):
        if place.__class__ is dict:
            for key in _REQUEST_ID_KEYS:
                value = place.get(key)
                if value is None:
                    continue
                if value.__class__ is str:
                    value = value.strip()
                    if value:
                        return value
                    continue  # an empty id says nothing: look further
                if isinstance(value, int) and not isinstance(value, bool):
                    return str(value)
                break
    return None


def _request_id(error: CloudAPIError, parsed: Parsed | None) -> str | None:
    """From the body (the error's own dict, the envelope, the top level), else the headers of
    the error's vendor, else any vendor's; without surrounding spaces, and an empty one is
    none."""
    if parsed is not None and parsed.content is not None:
        found = _request_id_in_body(error, parsed.content, parsed.dialect)
        if found is not None:
            return found
    from clouderrors._vendors import BY_ID, REQUEST_ID_HEADERS  # loaded: the raise path reads them

    vendor = BY_ID.get(type(error).vendor or "")
    names = REQUEST_ID_HEADERS if vendor is None else vendor.request_id_headers + REQUEST_ID_HEADERS
    for name in names:
        value = header(error.response, name)
        if value is not None and value.strip():
            return value.strip()
    return None


def _module_code(error: CloudAPIError, parsed: Parsed | None) -> str | None:
    """The module error number of a Tencent API 2.0 message: "(100004) incorrect projectId" or
    "20108:Channel is not in an editable status"."""
    from clouderrors._vendors import Dialect  # loaded: the raise path reads it

    if parsed is None or parsed.dialect is not Dialect.TENCENT2:
        return None
    message = parsed.message
    if not isinstance(message, str):
        return None
    text = message.lstrip()
    if text.startswith("("):
        number, closed, _ = text[1:].partition(")")
    else:
        number, closed, _ = text.partition(":")
    number = number.strip()
    if closed and number.isascii() and number.lstrip("-").isdigit():
        return number
    return None


def parse_retry_after(value: object) -> float | None:
    """Seconds to wait from a Retry-After value: delta-seconds or an HTTP-date (seconds from now,
    0 when past); None for anything else."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        seconds = float(text)
        return seconds if math.isfinite(seconds) else None
    # Only a dated Retry-After needs these.
    from datetime import datetime, timezone
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # "-0000": UTC by RFC 5322
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _retry_after(error: CloudAPIError, parsed: Parsed | None) -> float | None:
    return parse_retry_after(header(error.response, "Retry-After"))


_LAZY: dict[str, Callable[[CloudAPIError, Parsed | None], Any]] = {
    "response": lambda error, parsed: None if parsed is None else parsed.response,
    "status_code": lambda error, parsed: None if parsed is None else parsed.status,
    "message": lambda error, parsed: None if parsed is None else parsed.message,
    "body": _body,
    "request": lambda error, parsed: _request_of(error.response),
    "request_id": _request_id,
    "module_code": _module_code,
    "retry_after": _retry_after,
}


class HuaweiCloudError(CloudAPIError):
    """Any error from a Huawei Cloud (or Open Telekom Cloud) API."""

    vendor = "huaweicloud"


class TencentCloudError(CloudAPIError):
    """Any error from a Tencent Cloud API."""

    vendor = "tencentcloud"


# Cross-vendor categories. Generated code classes mix in one of them.


class InvalidRequestError(CloudAPIError):
    """The request was malformed or its parameters invalid (HTTP 400 and other 4xx)."""


class AuthenticationError(CloudAPIError):
    """The caller's identity could not be established: bad key, token or signature (HTTP 401)."""


class PermissionDeniedError(CloudAPIError):
    """The caller is known but not allowed to do this (HTTP 403)."""


class NotFoundError(CloudAPIError):
    """The resource does not exist (HTTP 404)."""


class ConflictError(CloudAPIError):
    """The request conflicts with the resource's current state (HTTP 409)."""


class AlreadyExistsError(ConflictError):
    """A resource with that name or id already exists."""


class QuotaExceededError(CloudAPIError):
    """A quota or size limit was reached; retrying will not help until it is raised."""


class ThrottledError(CloudAPIError):
    """Too many requests; retry later (HTTP 429)."""

    retryable = True


class ServerError(CloudAPIError):
    """The service failed (HTTP 5xx); usually worth retrying."""

    retryable = True


CATEGORIES: tuple[type[CloudAPIError], ...] = (
    InvalidRequestError,
    AuthenticationError,
    PermissionDeniedError,
    NotFoundError,
    ConflictError,
    AlreadyExistsError,
    QuotaExceededError,
    ThrottledError,
    ServerError,
)

# The classes users catch report the package they import them from, so help(), tracebacks and
# pickles name `clouderrors.NotFoundError`, not this private module.
PUBLIC_MODULE = "clouderrors"
for _public in (CloudAPIError, HuaweiCloudError, TencentCloudError, *CATEGORIES):
    _public.__module__ = PUBLIC_MODULE
del _public

_STATUS_CATEGORIES: dict[int, type[CloudAPIError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: ThrottledError,
}


def category_for_status(status: int | None) -> type[CloudAPIError]:
    """The category an HTTP status falls in; the root for statuses that say nothing (None, 3xx)."""
    if status is None:
        return CloudAPIError
    category = _STATUS_CATEGORIES.get(status)
    if category is not None:
        return category
    if 400 <= status < 500:
        return InvalidRequestError
    if 500 <= status < 600:
        return ServerError
    return CloudAPIError


# Undocumented codes raise a class combining the most specific known base (the service, or the
# vendor) with the category of the HTTP status. Each pair is made once, named in its base's module
# so that it is importable and pickles by reference, and remembers its two bases.
_COMBINED: dict[tuple[type[CloudAPIError], type[CloudAPIError]], type[CloudAPIError]] = {}
_COMBINED_LOCK = threading.Lock()


def combined_class(base: type[CloudAPIError], category: type[CloudAPIError]) -> type[CloudAPIError]:
    """The class that is both a `base` and a `category`, e.g. LTSError + NotFoundError."""
    if issubclass(base, category):
        return base
    if issubclass(category, base):
        return category
    key = (base, category)
    cls = _COMBINED.get(key)
    if cls is not None:
        return cls
    with _COMBINED_LOCK:
        cls = _COMBINED.get(key)
        if cls is None:
            cls = _make_combined(base, category)
            _COMBINED[key] = cls
    return cls


def _make_combined(base: type[CloudAPIError], category: type[CloudAPIError]) -> type[CloudAPIError]:
    # Made beside a service base in its generated module; beside a public class (a vendor base)
    # in this module, which holds no public names to clash with.
    home = __name__ if base.__module__ == PUBLIC_MODULE else base.__module__
    module = sys.modules.get(home)
    stem = base.__name__.removesuffix("Error")
    name = stem + category.__name__
    # A generated class may already use the name: then fall back to an unmistakable one.
    if module is not None and hasattr(module, name):
        name = f"{base.__name__}_{category.__name__}"
    namespace = {
        "__module__": home,
        "__qualname__": name,
        "__doc__": (
            f"An error of {base.__name__} whose code is not documented, answered with a status"
            f" of the {category.__name__} category."
        ),
        "retryable": category.retryable,
        "_combined_from": (base, category),
    }
    cls = type(name, (base, category), namespace)
    if module is not None:
        setattr(module, name, cls)
    return cls
