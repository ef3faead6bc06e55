"""e.retry_after: seconds from a Retry-After header (delta-seconds or HTTP-date) on every error,
None when absent or unreadable, never an exception."""

from __future__ import annotations

import copy
import pickle
import time
from email.utils import formatdate

import pytest
import requests

import clouderrors
from clouderrors import CloudAPIError, error_from_response, raise_for_error
from tests.runtime_support import FakeResponse

HUAWEI = {"error_code": "LTS.0101", "error_msg": "m"}
TENCENT3 = {"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "m"}}}


def retry_after(value: str | None, status: int = 429, body=HUAWEI) -> float | None:
    headers = {} if value is None else {"Retry-After": value}
    error = error_from_response(FakeResponse(status, body, headers=headers))
    assert error is not None
    return error.retry_after


@pytest.mark.parametrize(
    "value, seconds",
    [("0", 0.0), ("120", 120.0), (" 7 ", 7.0), ("007", 7.0), ("86400", 86400.0)],
)
def test_delta_seconds(value, seconds):
    assert retry_after(value) == seconds


def test_http_date_in_the_future_and_in_the_past():
    later = retry_after(formatdate(time.time() + 60, usegmt=True))
    assert later is not None and 55 <= later <= 61
    assert retry_after(formatdate(time.time() - 3600, usegmt=True)) == 0.0
    assert retry_after("Sun, 06 Nov 1994 08:49:37 GMT") == 0.0
    assert retry_after("Sunday, 06-Nov-94 08:49:37 GMT") in (0.0, None)  # RFC 850: may not parse


@pytest.mark.parametrize(
    "value",
    [
        "",
        "soon",
        "-5",
        "1.5",
        "1e3",
        "９",  # a fullwidth digit is no delta-seconds
        "9" * 400,
        "Mon, 99 Foo 2026 99:99:99 GMT",
        "\x00\udcff",
        "Fri, 31 Dec 99999 23:59:59 GMT",
    ],
)
def test_garbage_gives_none(value):
    assert retry_after(value) is None


def test_absent_gives_none_and_every_error_has_it():
    assert retry_after(None) is None
    assert retry_after("3", status=200, body=TENCENT3) == 3.0
    assert retry_after("3", status=502, body=b"<html>bad gateway</html>") == 3.0
    assert clouderrors.ThrottledError("slow down").retry_after is None
    assert clouderrors.ThrottledError("slow down", retry_after=2.5).retry_after == 2.5


def test_header_name_is_case_insensitive_in_a_plain_dict():
    error = error_from_response(FakeResponse(429, HUAWEI, headers={"retry-after": "4"}))
    assert error.retry_after == 4.0


def test_retry_after_travels_with_pickle_and_copy():
    error = error_from_response(FakeResponse(429, HUAWEI, headers={"Retry-After": "9"}))
    for clone in (pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error)):
        assert clone.retry_after == 9.0


def test_from_a_real_server(httpserver):
    httpserver.expect_request("/slow").respond_with_json(
        {"error_code": "LTS.0101", "error_msg": "busy"}, status=429, headers={"Retry-After": "1"}
    )
    response = requests.get(httpserver.url_for("/slow"), timeout=10)
    with pytest.raises(CloudAPIError) as caught:
        raise_for_error(response)
    assert caught.value.retry_after == 1.0
