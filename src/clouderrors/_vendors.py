"""Everything clouderrors knows about a vendor, in one record per vendor.

The runtime (`_errors`, `_response`), the lookup (`_lookup`) and the generator
(`codegen/catalogue.py`) read vendor facts from here and nowhere else;
`tests/test_runtime_vendors.py` fails when one of them does not know a vendor listed here.
Adding a vendor is one record here, its base class in `_errors.py`, its dialect parser(s) in
`_response.py`, and tests (see the README).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType


class Dialect(enum.Enum):
    """The shapes of error bodies. `_response.DIALECTS` holds one parser per dialect, in the
    order they are tried."""

    HUAWEI = "huawei"  # {"error_code": "LTS.0101", "error_msg": ...}
    HUAWEI_NESTED = "huawei-nested"  # {"error": {"code": ..., "message": ...}}
    HUAWEI_CAMEL = "huawei-camel"  # {"errorCode": ..., "errorMsg": ...}, {"errCode": ...}
    HUAWEI_MESSAGE = "huawei-message"  # {"message": {"code": ..., "details": ...}}
    TENCENT3 = "tencent-api3"  # {"Response": {"Error": {"Code", "Message"}, "RequestId"}}
    TENCENT2 = "tencent-api2"  # {"code": 4000, "message": "(100004) ...", "codeDesc": ...}
    TENCENT_CLS = "tencent-cls"  # {"errorcode": ..., "errormessage": ...}
    # Shapes no vendor owns (they say nothing of the vendor):
    GENERIC = "generic"  # a code key at the top: {"code": ..., "message": ...}
    WRAPPED = "wrapped"  # one key around the error: {"itemNotFound": {"code": 404, ...}}
    UNCODED = "uncoded"  # no code: {"error": "text"}, {"message": "text"}, or no JSON error at all
    # Object storage (Huawei OBS, Tencent COS: S3-compatible APIs) answers in XML:
    S3_XML = "s3-xml"  # <Error><Code>NoSuchBucket</Code><Message>...</Message><RequestId>...


class Vendor:
    """One cloud vendor, as every part of the package sees it. (A plain class: a dataclass or
    NamedTuple would add to the time `import clouderrors` takes.)"""

    __slots__ = (
        "base_class",
        "code_kinds",
        "dialects",
        "domains",
        "id",
        "request_id_headers",
        "service_prefixed_codes",
        "title",
    )

    def __init__(
        self,
        *,
        id: str,
        title: str,
        base_class: str,
        domains: tuple[str, ...],
        service_prefixed_codes: bool,
        request_id_headers: tuple[str, ...],
        dialects: tuple[Dialect, ...],
        code_kinds: Mapping[str, str] = MappingProxyType({}),
    ) -> None:
        # the subpackage (clouderrors.<id>) and the prefix of its service ids
        self.id = id
        # how documentation names it
        self.title = title
        # its hand-written base class in clouderrors._errors
        self.base_class = base_class
        # Registrable domains of its API endpoints (lower case): a host under one names the
        # vendor, and a label of the host left of the domain may name the service
        # (lts.cn-north-4.<domain>).
        self.domains = domains
        # True when its codes start with the service (LTS.0101): the prefix then finds the
        # service; False when codes nest by dotted kinds (AuthFailure.SecretIdNotFound).
        self.service_prefixed_codes = service_prefixed_codes
        # Response headers that carry the request id, in order of preference.
        self.request_id_headers = request_id_headers
        # The dialects its services answer in (each dialect belongs to one vendor at most).
        self.dialects = dialects
        # First dotted part of a code -> category class name (in _errors), for vendors whose
        # errors come with HTTP 200, where the status says nothing. The one table of code kinds:
        # the generator's categories of codes documented without a status come from it too.
        self.code_kinds = code_kinds

    def __repr__(self) -> str:
        return f"Vendor({self.id!r})"


HUAWEICLOUD = Vendor(
    id="huaweicloud",
    title="Huawei Cloud",
    base_class="HuaweiCloudError",
    domains=("myhuaweicloud.com", "huaweicloud.com", "myhuaweicloud.eu", "otc.t-systems.com"),
    service_prefixed_codes=True,
    request_id_headers=("X-Request-Id", "x-obs-request-id"),
    dialects=(
        Dialect.HUAWEI,
        Dialect.HUAWEI_NESTED,
        Dialect.HUAWEI_CAMEL,
        Dialect.HUAWEI_MESSAGE,
    ),
)

TENCENTCLOUD = Vendor(
    id="tencentcloud",
    title="Tencent Cloud",
    base_class="TencentCloudError",
    # tencentyun.com: CLS's log-upload API (<region>.cls.tencentyun.com), beside tencentcs.com
    domains=(
        "tencentcloudapi.com",
        "tencentcs.com",
        "tencentyun.com",
        "qcloud.com",
        "myqcloud.com",
        "tencentcos.cn",
    ),
    service_prefixed_codes=False,
    request_id_headers=("X-TC-RequestId", "X-Cls-Requestid", "x-cos-request-id"),
    dialects=(Dialect.TENCENT3, Dialect.TENCENT2, Dialect.TENCENT_CLS),
    code_kinds=MappingProxyType(
        {
            "AuthFailure": "AuthenticationError",
            "UnauthorizedOperation": "PermissionDeniedError",
            "OperationDenied": "PermissionDeniedError",
            "ResourceNotFound": "NotFoundError",
            "ResourceInUse": "ConflictError",
            "LimitExceeded": "QuotaExceededError",
            "RequestLimitExceeded": "ThrottledError",
            "InternalError": "ServerError",
            "InvalidParameter": "InvalidRequestError",
            "InvalidParameterValue": "InvalidRequestError",
            "MissingParameter": "InvalidRequestError",
            "UnknownParameter": "InvalidRequestError",
            "InvalidAction": "InvalidRequestError",
            "InvalidFilter": "InvalidRequestError",
            "InvalidParameterCombination": "InvalidRequestError",
            "InvalidParameterConflict": "InvalidRequestError",
            "UnsupportedOperation": "InvalidRequestError",
        }
    ),
)

VENDORS: tuple[Vendor, ...] = (HUAWEICLOUD, TENCENTCLOUD)
BY_ID: dict[str, Vendor] = {vendor.id: vendor for vendor in VENDORS}
# dialect -> the vendor that speaks it (the shapes no vendor owns are not here)
DIALECT_VENDORS: dict[Dialect, Vendor] = {
    dialect: vendor for vendor in VENDORS for dialect in vendor.dialects
}
# registrable domain -> vendor
DOMAINS: dict[str, Vendor] = {domain: vendor for vendor in VENDORS for domain in vendor.domains}
# Every vendor's request-id headers, for an error whose vendor is not known (a proxy's answer).
REQUEST_ID_HEADERS: tuple[str, ...] = tuple(
    dict.fromkeys(name for vendor in VENDORS for name in vendor.request_id_headers)
)
