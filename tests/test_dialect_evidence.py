"""The dialect is decided with the vendor in view: below 400 the Tencent API 2.0 shape
(`{"code": N, "message": ...}`, which many APIs share for success) is an error only from a
Tencent host, with `service=` of a Tencent service, or with API 2.0's own `codeDesc` key; and its
codes are ASCII digits."""

from __future__ import annotations

import functools
import json

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

import clouderrors
from clouderrors import TencentCloudError, error_from_response, raise_for_error
from tests.runtime_support import FakeResponse, through_local_server

SHARED_SUCCESS_SHAPES = [
    {"code": 200, "message": "OK"},
    {"code": "200", "message": "success", "data": {"id": 7}},
    {"code": 1, "message": "created"},
    {"kind": "Status", "apiVersion": "v1", "status": "Success", "code": 201, "message": "ok"},
    {"code": -1, "message": "(-514) dup"},
]
NO_TENCENT_URLS = [
    "http://127.0.0.1/api",
    "https://api.example.com/v1/items",
    "https://cce.cn-north-4.myhuaweicloud.com/api/v1/namespaces/default/pods",
]
TENCENT_API2_URL = "https://cvm.api.qcloud.com/v2/index.php"


@pytest.mark.parametrize("url", NO_TENCENT_URLS)
@pytest.mark.parametrize("body", SHARED_SUCCESS_SHAPES, ids=range(len(SHARED_SUCCESS_SHAPES)))
def test_shared_shape_below_400_without_tencent_evidence_is_success(body, url):
    response = FakeResponse(200, body, url=url)
    assert error_from_response(response) is None
    assert raise_for_error(response) is None


@pytest.mark.parametrize("body", SHARED_SUCCESS_SHAPES, ids=range(len(SHARED_SUCCESS_SHAPES)))
def test_the_same_body_from_a_tencent_host_or_service_is_an_api2_error(body):
    error = error_from_response(FakeResponse(200, body, url=TENCENT_API2_URL))
    assert isinstance(error, TencentCloudError) and error.code == str(body["code"])
    error = error_from_response(FakeResponse(200, body), service="tencentcloud.common")
    assert isinstance(error, TencentCloudError) and error.code == str(body["code"])
    # A service of the vendor that the index does not know is evidence too.
    error = error_from_response(FakeResponse(200, body), service="tencentcloud.monitor")
    assert isinstance(error, TencentCloudError)
    # A Huawei service is not.
    assert error_from_response(FakeResponse(200, body), service="huaweicloud.lts") is None


def test_codedesc_is_api2s_own_evidence():
    body = {"code": 4000, "message": "(100004) incorrect projectId", "codeDesc": "InvalidParameter"}
    error = error_from_response(FakeResponse(200, body, url="http://127.0.0.1/"))
    assert isinstance(error, clouderrors.tencentcloud.common.API2Error)
    assert error.code == "4000" and error.module_code == "100004"


def test_session_hook_leaves_other_apis_alone(httpserver):
    # The fault as a user meets it: a Session with the hook calling a non-Tencent API whose
    # successes say {"code": 200, "message": "OK"}.
    httpserver.expect_request("/items").respond_with_json({"code": 200, "message": "OK"})
    session = requests.Session()
    session.hooks["response"].append(clouderrors.response_hook)
    assert session.get(httpserver.url_for("/items"), timeout=10).json()["code"] == 200


@pytest.mark.parametrize("client", ["requests", "httpx"])
def test_api2_error_from_its_real_host_raises(httpserver, client):
    body = {"code": 5100, "message": "20108:Channel is not in an editable status"}
    httpserver.expect_request("/v2/index.php").respond_with_json(body)
    response = through_local_server(
        httpserver, "http://live.api.qcloud.com/v2/index.php", client=client
    )
    with pytest.raises(TencentCloudError) as caught:
        raise_for_error(response)
    assert caught.value.code == "5100" and caught.value.module_code == "20108"


def test_session_hook_with_a_tencent_service_sees_api2_errors(httpserver):
    httpserver.expect_request("/v2/index.php").respond_with_json({"code": 4000, "message": "m"})
    session = requests.Session()
    session.hooks["response"].append(
        functools.partial(clouderrors.response_hook, service="tencentcloud.common")
    )
    with pytest.raises(clouderrors.tencentcloud.common.API2Error):
        session.get(httpserver.url_for("/v2/index.php"), timeout=10)


# Digits are ASCII digits: str.isdigit() alone also takes Arabic-Indic, Devanagari, fullwidth,
# superscript digits...
NON_ASCII_DIGITS = st.text(
    st.characters(categories=["Nd", "No"]).filter(lambda c: not c.isascii() and c.isdigit()),
    min_size=1,
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(NON_ASCII_DIGITS, st.booleans())
def test_non_ascii_digits_are_no_api2_code(digits, negative):
    code = ("-" if negative else "") + digits
    body = {"code": code, "message": f"({digits}) m", "codeDesc": "X"}
    # Below 400 it is no envelope at all, even from a Tencent host.
    assert error_from_response(FakeResponse(200, body, url=TENCENT_API2_URL)) is None
    # At 400 it is an error with that code, but not read as API 2.0 (no module code).
    error = error_from_response(FakeResponse(400, body, url=TENCENT_API2_URL))
    assert error.code == code and error.module_code is None


def test_non_ascii_digits_in_a_message_are_no_module_code():
    body = {"code": 4000, "message": "(١٠٠٠٠٤) incorrect projectId", "codeDesc": "X"}
    error = error_from_response(FakeResponse(200, body, url=TENCENT_API2_URL))
    assert error.code == "4000" and error.module_code is None


def test_every_shape_served_as_bytes_of_json_is_what_the_dict_gives():
    # The evidence rule reads the decoded body, not its spelling: escaped keys count.
    body = b'{"code": 4000, "message": "m", "c\\u006fdeDesc": "X"}'
    assert json.loads(body)["codeDesc"] == "X"
    error = error_from_response(FakeResponse(200, body))
    assert isinstance(error, TencentCloudError) and error.code == "4000"
