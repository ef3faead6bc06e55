"""The hand-written exception hierarchy that every generated class builds on.

Axes a user catches on: the root `CloudAPIError`; the vendor (`HuaweiCloudError`,
`TencentCloudError`); the service (generated, e.g. `clouderrors.huaweicloud.lts.LTSError`); a
dotted code prefix (generated, e.g. `clouderrors.tencentcloud.cls.AuthFailure`); and a small set of
cross-vendor categories mixed into each code class (`NotFoundError`, `QuotaExceededError`, ...).
"""

from __future__ import annotations

from typing import Any, ClassVar

import requests

# Filled by __init_subclass__ as generated modules are imported:
# (service id, code) -> the class of that code (or of that dotted code prefix) ...
_REGISTRY: dict[tuple[str, str], type[CloudAPIError]] = {}
# ... and service id -> the service's base class (e.g. "huaweicloud.lts" -> LTSError).
_SERVICE_ERRORS: dict[str, type[CloudAPIError]] = {}


class CloudAPIError(requests.HTTPError):
    """An error answered by a cloud API.

    Class attributes document the code (from the vendor's page); instance attributes hold what the
    server actually said.
    """

    # Documentation of the code, set by the generated classes.
    code: str | None = None
    http_status: ClassVar[int | None] = None
    service: ClassVar[str | None] = None
    vendor: ClassVar[str | None] = None
    documented_message: ClassVar[str] = ""
    description: ClassVar[str] = ""
    solution: ClassVar[str] = ""
    retryable: ClassVar[bool] = False
    deprecated: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Register only what a class states itself, not what it inherits.
        own = cls.__dict__
        if own.get("code") is not None and cls.service is not None:
            _REGISTRY[(cls.service, own["code"])] = cls
        elif own.get("service") is not None:
            _SERVICE_ERRORS[own["service"]] = cls


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
