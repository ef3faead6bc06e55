"""clouderrors: one exception class per documented cloud API error code.

`raise_for_error(response)` is to error bodies what `response.raise_for_status()` is to status
lines. Importing this package loads only the core; the generated vendor packages
(`clouderrors.huaweicloud`, `clouderrors.tencentcloud`) and their service modules load on first use.
"""

from __future__ import annotations

import importlib
from types import ModuleType

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
from clouderrors._lookup import lookup
from clouderrors._response import error_from_response, raise_for_error, response_hook
from clouderrors._vendors import VENDORS

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
    "error_from_response",
    "lookup",
    "raise_for_error",
    "response_hook",
]

_VENDORS = tuple(vendor.id for vendor in VENDORS)


def __getattr__(name: str) -> ModuleType:
    # The vendor packages load on first use: `clouderrors.huaweicloud.lts` without an import.
    if name in _VENDORS:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_VENDORS})
