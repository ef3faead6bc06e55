"""raise_for_error / error_from_response / the Session hook against a real HTTP server on
127.0.0.1, with requests and httpx, in every dialect."""

from __future__ import annotations

import json

import httpx
import pytest
import requests

import clouderrors
from clouderrors import (
    AuthenticationError,
    CloudAPIError,
    InvalidRequestError,
    NotFoundError,
    ServerError,
    TencentCloudError,
    error_from_response,
    raise_for_error,
)
from tests.runtime_support import FakeResponse, through_local_server


def serve(httpserver, status, body, headers=None, content_type="application/json", path="/api"):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    httpserver.expect_request(path).respond_with_data(
        data, status=status, headers=headers or {}, content_type=content_type
    )
    return httpserver.url_for(path)


def raised_by_requests(url, via=None, **kwargs):
    """The error raised for requests' answer from `url`, or, with `via` (the test's server),
    for its answer to a request for `url` (a vendor's host) through it."""
    if via is None:
        response = requests.get(url, timeout=10, **kwargs)
    else:
        response = through_local_server(via, url, **kwargs)
    with pytest.raises(CloudAPIError) as caught:
        raise_for_error(response)
    return caught.value


def raised_by_httpx(url, via=None):
    if via is None:
        response = httpx.get(url, timeout=10)
    else:
        response = through_local_server(via, url, client="httpx")
    with pytest.raises(CloudAPIError) as caught:
        raise_for_error(response)
    return caught.value


CLIENTS = [raised_by_requests, raised_by_httpx]

# Dialects served as the answer of a vendor's host (the others come from 127.0.0.1 and are known
# by their body alone): below 400, an API 2.0 body without codeDesc needs Tencent in view.
VENDOR_URLS = {
    "tencent-2.0-string-code": "http://live.api.qcloud.com/v2/index.php",
    # Every API 3.0 service documents the AuthFailure codes: the host tells which answered.
    "tencent-cls": "http://ap-guangzhou.cls.tencentyun.com/v2/index.php",
    "tencent-3.0": "http://cls.tencentcloudapi.com/v2/index.php",
}
# The service a dialect's code is looked up in, where several document it.
LOOKUP_SERVICES = {"tencent-cls": "tencentcloud.cls", "tencent-3.0": "tencentcloud.cls"}
# (status, headers, body, code, message, request id, module code)
DIALECTS = {
    "huawei-flat": (
        400,
        {},
        {"error_code": "LTS.0101", "error_msg": "group exists", "request_id": "r-flat"},
        "LTS.0101",
        "group exists",
        "r-flat",
        None,
    ),
    "huawei-flat-encoded-auth": (
        403,
        {"X-Request-Id": "r-hdr"},
        {"error_code": "LTS.0201", "error_msg": "no", "encoded_authorization_message": "Eg"},
        "LTS.0201",
        "no",
        "r-hdr",
        None,
    ),
    "huawei-nested": (
        404,
        {},
        {"error": {"code": "LTS.0201", "message": "missing", "request_id": "r-nest"}},
        "LTS.0201",
        "missing",
        "r-nest",
        None,
    ),
    "huawei-camel-errorMsg": (
        400,
        {},
        {"errorCode": "LTS.0101", "errorMsg": "camel"},
        "LTS.0101",
        "camel",
        None,
        None,
    ),
    "huawei-camel-errorMessage": (
        400,
        {"x-request-id": "lower"},
        {"errorCode": "LTS.0101", "errorMessage": "camel"},
        "LTS.0101",
        "camel",
        "lower",
        None,
    ),
    "tencent-cls": (
        401,
        {"X-Cls-Requestid": "r-cls"},
        {"errorcode": "AuthFailure.SecretIdNotFound", "errormessage": "no key"},
        "AuthFailure.SecretIdNotFound",
        "no key",
        "r-cls",
        None,
    ),
    "tencent-3.0": (
        200,
        {},
        {
            "Response": {
                "Error": {"Code": "AuthFailure.SecretIdNotFound", "Message": "no key"},
                "RequestId": "r-30",
            }
        },
        "AuthFailure.SecretIdNotFound",
        "no key",
        "r-30",
        None,
    ),
    "tencent-2.0": (
        200,
        {"X-TC-RequestId": "r-20"},
        {"code": 4000, "message": "(100004) incorrect projectId", "codeDesc": "InvalidParameter"},
        "4000",
        "(100004) incorrect projectId",
        "r-20",
        "100004",
    ),
    "tencent-2.0-string-code": (
        200,
        {},
        {"code": "5100", "message": "20108:Channel is not in an editable status"},
        "5100",
        "20108:Channel is not in an editable status",
        None,
        "20108",
    ),
}


@pytest.mark.parametrize("client", CLIENTS, ids=["requests", "httpx"])
@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_each_dialect_raises_the_documented_class(httpserver, client, dialect):
    status, headers, body, code, message, request_id, module_code = DIALECTS[dialect]
    local = serve(httpserver, status, body, headers)
    if dialect in VENDOR_URLS:
        httpserver.clear()
        serve(httpserver, status, body, headers, path="/v2/index.php")
        error = client(VENDOR_URLS[dialect], via=httpserver)
    else:
        error = client(local)
    assert type(error) is clouderrors.lookup(code, service=LOOKUP_SERVICES.get(dialect))
    assert error.code == code
    assert error.status_code == status
    assert error.message == message
    assert error.request_id == request_id
    assert error.module_code == module_code
    assert error.body == body
    assert error.response is not None and error.response.status_code == status
    assert code in str(error)


def test_documented_class_is_caught_by_service_vendor_and_category(httpserver):
    url = serve(httpserver, 400, {"error_code": "LTS.0101", "error_msg": "exists"})
    lts = clouderrors.huaweicloud.lts
    for catch in (
        lts.LogGroupAlreadyExists,
        lts.LTSError,
        clouderrors.HuaweiCloudError,
        clouderrors.AlreadyExistsError,
        requests.HTTPError,
    ):
        with pytest.raises(catch):
            raise_for_error(requests.get(url, timeout=10))


def test_unknown_code_of_known_service_is_service_and_status_category(httpserver):
    url = serve(httpserver, 404, {"error_code": "LTS.9999", "error_msg": "?"})
    error = raised_by_requests(url)
    assert isinstance(error, clouderrors.huaweicloud.lts.LTSError)
    assert isinstance(error, NotFoundError)
    assert error.code == "LTS.9999"


def test_unknown_dotted_code_falls_back_to_its_prefix_class(httpserver):
    body = {
        "Response": {"Error": {"Code": "AuthFailure.Brandnew", "Message": "m"}, "RequestId": "r"}
    }
    error = raised_by_requests(serve(httpserver, 200, body))
    # Every API 3.0 service documents AuthFailure: from an unknown host, the vendor's class of
    # the code's kind (a known host finds the service's prefix class: test_tencentcloud_sdk).
    assert isinstance(error, TencentCloudError) and isinstance(error, AuthenticationError)
    assert error.code == "AuthFailure.Brandnew"


def test_unknown_code_and_service_is_the_status_category(httpserver):
    error = raised_by_requests(serve(httpserver, 404, {"code": "what", "message": "m"}))
    assert type(error) is NotFoundError and error.code == "what"


@pytest.mark.parametrize("client", CLIENTS, ids=["requests", "httpx"])
def test_html_proxy_page_is_a_server_error_with_the_start_of_the_page(httpserver, client):
    page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>" * 50
    error = client(serve(httpserver, 502, page, content_type="text/html"))
    assert type(error) is ServerError
    assert error.code is None and error.body is None
    assert error.message.startswith("<html><head><title>502 Bad Gateway")
    assert len(error.message) <= 300


@pytest.mark.parametrize("status, category", [(500, ServerError), (400, InvalidRequestError)])
def test_empty_body_is_the_status_category_with_the_reason(httpserver, status, category):
    error = raised_by_requests(serve(httpserver, status, b""))
    assert type(error) is category
    assert error.message == requests.get(httpserver.url_for("/api"), timeout=10).reason


def test_json_that_is_no_error_object_still_raises_for_4xx(httpserver):
    error = raised_by_requests(serve(httpserver, 422, {"unrelated": True}))
    assert type(error) is InvalidRequestError and error.code is None


@pytest.mark.parametrize(
    "body",
    [
        {"Response": {"RequestId": "r", "Data": [1, 2]}},
        {"Response": {"Error": {"Code": "", "Message": ""}, "RequestId": "r"}},
        {"code": 0, "message": "ok"},
        {"code": "0", "message": ""},
        {"error_code": "SYS.0202", "error_msg": "dry run passed"},
        {"items": [], "message": "fine", "Error": None},
    ],
)
def test_success_bodies_do_not_raise(httpserver, body):
    url = serve(httpserver, 200, body)
    assert error_from_response(requests.get(url, timeout=10)) is None
    assert error_from_response(httpx.get(url, timeout=10)) is None


def test_large_success_body_with_an_envelope_far_inside_is_not_parsed(httpserver):
    body = json.dumps({"Response": {"Data": "x" * 200_000, "Error": {"Code": "InternalError"}}})
    url = serve(httpserver, 200, body)
    assert error_from_response(requests.get(url, timeout=10)) is None


def test_streamed_success_body_is_never_read(httpserver):
    url = serve(httpserver, 200, {"Response": {"Error": {"Code": "InternalError", "Message": "m"}}})
    response = requests.get(url, timeout=10, stream=True)
    assert error_from_response(response) is None
    assert response._content is False  # still unread
    assert response.json()["Response"]["Error"]["Code"] == "InternalError"


def test_streamed_error_body_is_read(httpserver):
    url = serve(httpserver, 404, {"error_code": "LTS.0201", "error_msg": "missing"})
    error = raised_by_requests(url, stream=True)
    assert error.code == "LTS.0201"
    with httpx.stream("GET", url, timeout=10) as response:
        error = error_from_response(response)
    assert error is not None and error.code == "LTS.0201"


def test_session_hook_raises_for_4xx_and_200_envelopes(httpserver):
    session = requests.Session()
    session.hooks["response"].append(clouderrors.response_hook)
    httpserver.expect_request("/missing").respond_with_json(
        {"error_code": "LTS.0201", "error_msg": "missing"}, status=404
    )
    httpserver.expect_request("/tencent").respond_with_json(
        {"Response": {"Error": {"Code": "InternalError", "Message": "m"}, "RequestId": "r"}}
    )
    httpserver.expect_request("/fine").respond_with_json({"Response": {"RequestId": "r"}})
    with pytest.raises(clouderrors.huaweicloud.lts.LogGroupNotFound):
        session.get(httpserver.url_for("/missing"), timeout=10)
    with pytest.raises(ServerError) as caught:
        session.get(httpserver.url_for("/tencent"), timeout=10)
    assert caught.value.request_id == "r"
    assert session.get(httpserver.url_for("/fine"), timeout=10).json() == {
        "Response": {"RequestId": "r"}
    }


def test_session_hook_with_a_service(httpserver):
    import functools

    session = requests.Session()
    session.hooks["response"].append(
        functools.partial(clouderrors.response_hook, service="tencentcloud.cls")
    )
    httpserver.expect_request("/x").respond_with_json(
        {"errorcode": "AuthFailure", "errormessage": "m"}, status=401
    )
    with pytest.raises(clouderrors.tencentcloud.cls.AuthFailure):
        session.get(httpserver.url_for("/x"), timeout=10)


def test_service_argument_wins_over_the_code():
    body = {"errorcode": "InternalError", "errormessage": "m"}
    error = error_from_response(FakeResponse(500, body), service="tencentcloud.cls")
    assert type(error) is clouderrors.lookup("InternalError", "tencentcloud.cls")


@pytest.mark.parametrize(
    "url, service",
    [
        ("https://cls.tencentcloudapi.com/", "tencentcloud.cls"),
        ("https://ap-guangzhou.cls.tencentcs.com/topic", "tencentcloud.cls"),
        ("https://lts.cn-north-4.myhuaweicloud.com/v2/p/groups", "huaweicloud.lts"),
    ],
)
def test_host_names_the_service_of_an_unknown_code(url, service):
    error = error_from_response(FakeResponse(404, {"code": "Brand.New", "message": "m"}, url=url))
    assert error.service == service
    assert isinstance(error, NotFoundError)


def test_vendor_host_of_an_unknown_service_gives_the_vendor():
    body = {"Response": {"Error": {"Code": "ResourceNotFound.Disk", "Message": "m"}}}
    error = error_from_response(FakeResponse(200, body, url="https://cbs.tencentcloudapi.com/"))
    assert isinstance(error, TencentCloudError) and isinstance(error, NotFoundError)


def test_request_id_headers_are_case_insensitive_even_in_a_plain_dict():
    body = {"error_code": "LTS.0101", "error_msg": "m"}
    for name in ("x-request-id", "X-TC-REQUESTID", "x-cls-requestid"):
        error = error_from_response(FakeResponse(400, body, headers={name: "rid"}))
        assert error.request_id == "rid"


def test_request_id_in_the_body_wins_over_the_header():
    body = {"error_code": "LTS.0101", "error_msg": "m", "request_id": "body"}
    error = error_from_response(FakeResponse(400, body, headers={"X-Request-Id": "header"}))
    assert error.request_id == "body"


def test_json_list_body_uses_its_first_error():
    body = [{"errorCode": "SVCSTG.SWR.4001048", "errorMessage": "no token", "detail": ""}]
    error = error_from_response(FakeResponse(401, body))
    assert error.code == "SVCSTG.SWR.4001048" and isinstance(error, AuthenticationError)
