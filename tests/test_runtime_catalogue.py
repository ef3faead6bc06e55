"""Every documented code of the generated package (read from its index, not copied here), sent
as its vendor's wire body, raises its own class with the right attributes."""

from __future__ import annotations

import importlib
import importlib.util

import pytest

import clouderrors
from clouderrors import error_from_response
from tests.runtime_support import FakeResponse

if importlib.util.find_spec("clouderrors._index") is None:
    pytest.fail(
        "src/clouderrors/_index.py is missing: run `make generate` before the runtime tests",
        pytrace=False,
    )

_index = importlib.import_module("clouderrors._index")
ROWS = sorted((code, service) for code, services in _index.CODES.items() for service in services)


def wire_bodies(cls: type[clouderrors.CloudAPIError], code: str, service: str):
    """(label, status, body, url) the way the class's vendor and service answer an error."""
    vendor, module = service.split(".", 1)
    message = cls.documented_message or f"{code} happened"
    if service == "tencentcloud.common":
        yield "api2", 200, {"code": int(code), "message": f"(100004) {message}"}, None
        return
    if vendor == "huaweicloud":
        url = f"https://{module}.cn-north-4.myhuaweicloud.com/v1/project/resource"
        body = {"error_code": code, "error_msg": message, "request_id": "rid-1"}
        yield "flat", cls.http_status or 400, body, url
        nested = {"error": {"code": code, "message": message, "request_id": "rid-1"}}
        yield "nested", cls.http_status or 400, nested, url
        return
    url = f"https://{module}.tencentcloudapi.com/"
    envelope = {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": "rid-1"}}
    yield "api3", 200, envelope, url
    legacy = {"errorcode": code, "errormessage": message}
    yield "legacy", cls.http_status or 400, legacy, url


@pytest.mark.parametrize("code, service", ROWS, ids=[f"{s}:{c}" for c, s in ROWS])
def test_documented_code_raises_its_own_class(code, service):
    cls = clouderrors.lookup(code, service=service)
    assert cls.code == code and cls.service == service
    for label, status, body, url in wire_bodies(cls, code, service):
        response = FakeResponse(status, body, headers={"X-Request-Id": "rid-1"}, url=url)
        error = error_from_response(response)
        assert type(error) is cls, label
        assert error.code == code
        assert error.status_code == status
        assert error.request_id == "rid-1"
        assert error.body == body
        if service == "tencentcloud.common":
            assert error.module_code == "100004"
        else:
            assert error.message == (cls.documented_message or f"{code} happened")
        assert code in str(error)


def test_the_index_lists_the_five_seed_services():
    assert set(_index.SERVICES) >= {
        "huaweicloud.lts",
        "huaweicloud.cts",
        "tencentcloud.cls",
        "tencentcloud.common",
    }
    assert len(ROWS) > 100
