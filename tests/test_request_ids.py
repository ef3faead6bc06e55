"""Which request id an error reports: the body's, else the vendor's header; an id of spaces
or an empty one (`"RequestId": ""`) is none, so the header's is reported, and an id comes
without surrounding spaces (as a code does). Real requests and httpx calls against a 127.0.0.1
server acting as the vendor's host."""

from __future__ import annotations

import json

import pytest
from werkzeug import Response

import clouderrors
from tests.runtime_support import through_local_server

CLS_URL = "http://cls.tencentcloudapi.com/"
LTS_URL = "http://lts.cn-north-4.myhuaweicloud.com/v2/0123456789abcdef/groups"


def tencent(request_id: object) -> dict[str, object]:
    error = {"Code": "ResourceNotFound.TopicNotExist", "Message": "topic"}
    return {"Response": {"Error": error, "RequestId": request_id}}


def huawei(request_id: object) -> dict[str, object]:
    return {"error_code": "LTS.0101", "error_msg": "exists", "request_id": request_id}


CASES = {
    # (url, status, body, headers) -> the request id reported
    "tencent-empty-id-header": (CLS_URL, 200, tencent(""), {"X-TC-RequestId": "hdr-1"}, "hdr-1"),
    "tencent-spaces-id-header": (CLS_URL, 200, tencent("  "), {"X-TC-RequestId": "hdr-1"}, "hdr-1"),
    "tencent-spaced-id": (CLS_URL, 200, tencent(" rid-1\t"), {}, "rid-1"),
    "huawei-empty-id-header": (LTS_URL, 400, huawei(""), {"X-Request-Id": "hdr-2"}, "hdr-2"),
    "huawei-spaced-header": (LTS_URL, 400, huawei(None), {"X-Request-Id": " hdr-3 "}, "hdr-3"),
    "huawei-empty-header-then-other": (
        LTS_URL,
        400,
        huawei(""),
        {"X-Request-Id": " ", "X-TC-RequestId": "hdr-4"},
        "hdr-4",
    ),
    "huawei-all-empty": (LTS_URL, 400, huawei(""), {"X-Request-Id": ""}, None),
}


@pytest.mark.parametrize("client", ["requests", "httpx"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_request_id_reported(httpserver, client, case):
    url, status, body, headers, expected = CASES[case]
    path = "/" + url.split("/", 3)[3]
    httpserver.expect_request(path).respond_with_response(
        Response(json.dumps(body), status, headers=headers, content_type="application/json")
    )
    response = through_local_server(httpserver, url, client)
    error = clouderrors.error_from_response(response)
    assert error is not None and error.code == (
        body.get("error_code") or "ResourceNotFound.TopicNotExist"
    )
    assert error.request_id == expected
    assert ("request_id=" in str(error)) is (expected is not None)
