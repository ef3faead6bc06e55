"""The hand-written exception hierarchy that every generated class builds on.

Axes a user catches on: the root `CloudAPIError`; the vendor (`HuaweiCloudError`,
`TencentCloudError`); the service (generated, e.g. `clouderrors.huaweicloud.lts.LTSError`); a
dotted code prefix (generated, e.g. `clouderrors.tencentcloud.cls.AuthFailure`); and a small set of
cross-vendor categories mixed into each code class (`NotFoundError`, `QuotaExceededError`, ...).
"""

from __future__ import annotations

import copy
import sys
import threading
from collections.abc import Callable
from typing import Any, ClassVar

import requests

# Filled by __init_subclass__ as generated modules are imported:
# (service id, code) -> the class of that code (or of that dotted code prefix) ...
_REGISTRY: dict[tuple[str, str], type[CloudAPIError]] = {}
# ... and service id -> the service's base class (e.g. "huaweicloud.lts" -> LTSError).
_SERVICE_ERRORS: dict[str, type[CloudAPIError]] = {}

# Errors built from a response (see new_error) keep one tuple, `_p`: (response, HTTP status,
# message, parsed JSON body, the dict in it holding the error, dialect). Their instance attributes
# are computed from it on first access, which keeps the raise path short. name -> function of the
# error; the response parser adds the dialect-aware ones (request_id, module_code).
_LAZY: dict[str, Callable[[CloudAPIError], Any]] = {}
# What each lazily computed attribute is when there is nothing to compute it from.
_LAZY_DEFAULTS: dict[str, Any] = {
    "response": None,
    "status_code": None,
    "message": None,
    "request_id": None,
    "module_code": None,
    "body": None,
    "request": None,
}
# The attributes a copy or a pickle carries (the response and request stay behind on pickling).
_STATE = ("code", "message", "status_code", "request_id", "module_code", "body")
# str() and repr() show at most this much of a message, so a huge body stays one readable line.
_SHOWN_MESSAGE = 1000


def _shown(text: str) -> str:
    """`text` on one line and bounded."""
    line = " ".join(text.split())
    if len(line) > _SHOWN_MESSAGE:
        line = line[: _SHOWN_MESSAGE - 3] + "..."
    return line


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
    service: ClassVar[str | None] = None
    vendor: ClassVar[str | None] = None
    documented_message: ClassVar[str] = ""
    description: ClassVar[str] = ""
    solution: ClassVar[str] = ""
    retryable: ClassVar[bool] = False
    deprecated: ClassVar[bool] = False

    # What the server said (instance attributes).
    status_code: int | None
    message: str | None
    request_id: str | None
    module_code: str | None
    body: Any
    response: Any
    request: Any
    _p: tuple[Any, int | None, str | None, Any, Any, int]  # see new_error

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Register only what a class states itself, not what it inherits.
        own = cls.__dict__
        if own.get("code") is not None and cls.service is not None:
            _REGISTRY[(cls.service, own["code"])] = cls
        elif own.get("service") is not None:
            _SERVICE_ERRORS[own["service"]] = cls

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        status_code: int | None = None,
        request_id: str | None = None,
        module_code: str | None = None,
        body: Any = None,
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
        self.body = body
        self.response = response
        self.request = request

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes not set yet: the lazy ones of an error built from a
        # response. Computed once, then stored like any other attribute.
        if name not in _LAZY_DEFAULTS:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        compute = _LAZY.get(name)
        value = _LAZY_DEFAULTS[name]
        if compute is not None:
            try:
                value = compute(self)
            except Exception:  # a lazy attribute must never break str(), logging or pickling
                value = _LAZY_DEFAULTS[name]
        self.__dict__[name] = value
        return value

    def __str__(self) -> str:
        code = self.code
        head = _shown(code) if isinstance(code, str) and code else type(self).__name__
        status = self.status_code
        text = head if status is None else f"{head} (HTTP {status})"
        message = self.message
        if message is None:
            message = type(self).documented_message
        if not isinstance(message, str):
            message = repr(message)
        if message:
            text = f"{text}: {_shown(message)}"
        request_id = self.request_id
        if request_id is not None:
            text = f"{text} [request_id={_shown(str(request_id))}]"
        return text

    def __repr__(self) -> str:
        message = self.message
        if isinstance(message, str):
            message = _shown(message)
        return (
            f"{type(self).__qualname__}(code={self.code!r}, status_code={self.status_code!r}, "
            f"message={message!r}, request_id={self.request_id!r})"
        )

    # Copies and pickles carry the class and the attributes. Classes made at run time for an
    # undocumented code (see combined_class) are rebuilt from their two bases, so they unpickle in
    # any process.

    def _state(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _STATE}

    def __reduce__(self) -> tuple[Any, ...]:
        cls = type(self)
        target: Any = cls.__dict__.get("_combined_from", cls)
        return (_restore, (target, self.args, self._state()))

    def __copy__(self) -> CloudAPIError:
        clone = _restore(type(self), self.args, self._state())
        clone.response = self.response
        clone.request = self.request
        return clone

    def __deepcopy__(self, memo: dict[int, Any]) -> CloudAPIError:
        # The response is an open I/O object: shared, not copied.
        clone = _restore(
            type(self), copy.deepcopy(self.args, memo), copy.deepcopy(self._state(), memo)
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


def _restore(target: Any, args: tuple[Any, ...], state: dict[str, Any]) -> CloudAPIError:
    cls = combined_class(*target) if isinstance(target, tuple) else target
    error: CloudAPIError = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    error.response = None
    error.request = None
    return error


def new_error(
    cls: type[CloudAPIError],
    code: str | None,
    parsed: tuple[Any, int | None, str | None, Any, Any, int],
) -> CloudAPIError:
    """An error built from a response without __init__: it keeps `parsed` (see `_p` above) and
    computes its attributes from it on first access; `code` is stored only where the class's
    documented code is not it."""
    error = cls.__new__(cls)
    if code != cls.code:
        error.code = code
    error._p = parsed
    return error


def _from_parsed(index: int) -> Callable[[CloudAPIError], Any]:
    def compute(error: CloudAPIError) -> Any:
        parsed = error.__dict__.get("_p")
        return None if parsed is None else parsed[index]

    return compute


_LAZY.update(
    response=_from_parsed(0),
    status_code=_from_parsed(1),
    message=_from_parsed(2),
    body=_from_parsed(3),
    request=lambda error: _request_of(error.response),
)


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
    module = sys.modules.get(base.__module__)
    stem = base.__name__.removesuffix("Error")
    name = stem + category.__name__
    # A generated class may already use the name: then fall back to an unmistakable one.
    if module is not None and hasattr(module, name):
        name = f"{base.__name__}_{category.__name__}"
    namespace = {
        "__module__": base.__module__,
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
