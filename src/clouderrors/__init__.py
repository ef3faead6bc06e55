"""clouderrors: one exception class per documented cloud API error code.

`raise_for_error(response)` is to error bodies what `response.raise_for_status()` is to status
lines. Importing this package loads only the core; the generated vendor packages
(`clouderrors.huaweicloud`, `clouderrors.tencentcloud`) and their service modules load on first use.
"""

# No `from __future__ import annotations` and only private helper names here: every name this
# module holds is either public (in __all__) or starts with an underscore.
import importlib as _importlib
import typing as _typing
from typing import Any as _Any

from clouderrors._errors import (
    AlreadyExistsError,
    AuthenticationError,
    CloudAPIError,
    ConflictError,
    HuaweiCloudError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    QuotaExceededError,
    ServerError,
    TencentCloudError,
    ThrottledError,
)
from clouderrors._vendors import VENDORS as _VENDOR_RECORDS

# The one place the version is written: pyproject.toml reads it from here.
__version__ = "0.1.0"

__all__ = [
    "AlreadyExistsError",
    "AuthenticationError",
    "CloudAPIError",
    "ConflictError",
    "HuaweiCloudError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "QuotaExceededError",
    "ServerError",
    "TencentCloudError",
    "ThrottledError",
    "aerror_from_response",
    "araise_for_error",
    "async_httpx_hook",
    "error_classes",
    "error_from_response",
    "httpx_hook",
    "is_retryable",
    "limits",
    "lookup",
    "raise_for_error",
    "response_hook",
    "services",
    "wait_retry_after",
]

# The vendor subpackages (clouderrors.<id>) as the vendor records name them, loaded on first use.
_VENDORS = tuple(vendor.id for vendor in _VENDOR_RECORDS)
# Everything else loads on first use, so that `import clouderrors` costs little: the raise path
# (with the lookup) when a program first reads a response, the httpx and retry helpers when it
# first uses them. (The vendor records load here: the subpackage names above need them, and
# the first error then costs less.)
_ON_FIRST_USE = {
    "error_from_response": "_response",
    "raise_for_error": "_response",
    "response_hook": "_response",
    "error_classes": "_lookup",
    "lookup": "_lookup",
    "services": "_lookup",
    "aerror_from_response": "_httpx",
    "araise_for_error": "_httpx",
    "async_httpx_hook": "_httpx",
    "httpx_hook": "_httpx",
    "is_retryable": "_retry",
    "wait_retry_after": "_retry",
}
if _typing.TYPE_CHECKING:
    # The vendor packages, as the __getattr__ below serves them (re-exported, not in __all__).
    from clouderrors import huaweicloud as huaweicloud
    from clouderrors import limits
    from clouderrors import tencentcloud as tencentcloud
    from clouderrors._httpx import (
        aerror_from_response,
        araise_for_error,
        async_httpx_hook,
        httpx_hook,
    )
    from clouderrors._lookup import error_classes, lookup, services
    from clouderrors._response import error_from_response, raise_for_error, response_hook
    from clouderrors._retry import is_retryable, wait_retry_after


# Hidden from type checkers: a module __getattr__ would make every misspelt name
# (`clouderrors.raise_for_eror`) type-check as Any; they see the imports above instead.
if not _typing.TYPE_CHECKING:

    def __getattr__(name: str) -> _Any:
        if name == "limits":  # a public submodule (programs set its bounds), loaded on first use
            return _importlib.import_module(f"{__name__}.limits")
        module = _ON_FIRST_USE.get(name)
        if module is not None:
            value = getattr(_importlib.import_module(f"{__name__}.{module}"), name)
            globals()[name] = value
            return value
        # The vendor packages load on first use: `clouderrors.huaweicloud.lts` without an import.
        if name in _VENDORS:
            return _importlib.import_module(f"{__name__}.{name}")
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    # The public names, the vendor packages and the module's dunders (__version__, __doc__...);
    # not the private modules (_errors, ...) that importing the package binds here.
    dunders = (name for name in globals() if name.startswith("__") and name.endswith("__"))
    return sorted({*__all__, *_VENDORS, *dunders})
