"""clouderrors: one exception class per documented cloud API error code."""

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
]
