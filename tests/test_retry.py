"""Retrying with tenacity: is_retryable picks what sending again can cure, wait_retry_after waits
what the server asked for in Retry-After (else the fallback), against a real 127.0.0.1 server
that throttles, then answers."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from email.utils import formatdate
from typing import Any

import httpx
import pytest
import requests
import tenacity
from werkzeug import Response

import clouderrors
from clouderrors import is_retryable, raise_for_error, wait_retry_after
from tests.conftest import ROOT
from tests.runtime_support import FakeResponse, through_local_server, vendor_url

THROTTLED_TENCENT = {
    "Response": {
        "Error": {"Code": "RequestLimitExceeded", "Message": "too many requests"},
        "RequestId": "r-throttled",
    }
}
DONE_TENCENT = {"Response": {"RequestId": "r-ok", "TopicId": "t-1"}}
THROTTLED_HUAWEI = {"error_code": "APIGW.0308", "error_msg": "The request is throttled."}
DONE_HUAWEI = {"log_group_id": "g-1"}


class Throttling:
    """Answers `times` throttled answers, then the success body; counts the requests."""

    def __init__(self, times: int, throttled: tuple[int, dict[str, Any], Any], done: Any) -> None:
        self.times, self.throttled, self.done = times, throttled, done
        self.requests = 0

    def handler(self, request: Any) -> Response:
        self.requests += 1
        if self.requests <= self.times:
            status, headers, body = self.throttled
            return Response(json.dumps(body), status, headers, content_type="application/json")
        return Response(json.dumps(self.done), 200, content_type="application/json")


def retrying(fallback: Any, sleeps: list[float], attempts: int = 5) -> tenacity.Retrying:
    return tenacity.Retrying(
        retry=tenacity.retry_if_exception(is_retryable),
        wait=wait_retry_after(fallback),
        stop=tenacity.stop_after_attempt(attempts),
        sleep=sleeps.append,  # the waits tenacity would sleep, recorded instead
        reraise=True,
    )


@pytest.mark.parametrize("client", ["requests", "httpx"])
def test_a_throttled_tencent_200_answer_is_retried_until_it_succeeds(httpserver, client):
    server = Throttling(2, (200, {}, THROTTLED_TENCENT), DONE_TENCENT)
    httpserver.expect_request("/").respond_with_handler(server.handler)
    url = vendor_url("tencentcloud", "cls", THROTTLED_TENCENT)
    sleeps: list[float] = []

    def call() -> Any:
        response = through_local_server(httpserver, url, client=client)
        raise_for_error(response)
        return response.json()

    assert retrying(tenacity.wait_fixed(0.25), sleeps)(call) == DONE_TENCENT
    assert server.requests == 3
    assert sleeps == [0.25, 0.25]  # no Retry-After: the fallback's wait


def test_a_huawei_429_with_retry_after_0_is_retried_at_once(httpserver):
    server = Throttling(2, (429, {"Retry-After": "0"}, THROTTLED_HUAWEI), DONE_HUAWEI)
    httpserver.expect_request("/v1/0123456789abcdef/resource").respond_with_handler(server.handler)
    url = vendor_url("huaweicloud", "lts", THROTTLED_HUAWEI)
    sleeps: list[float] = []
    session = requests.Session()
    session.trust_env = False
    session.hooks["response"].append(clouderrors.response_hook)
    proxies = {"http": httpserver.url_for("/").rstrip("/")}

    @tenacity.retry(
        retry=tenacity.retry_if_exception(is_retryable),
        wait=wait_retry_after(tenacity.wait_fixed(30)),
        stop=tenacity.stop_after_attempt(5),
        sleep=sleeps.append,
        reraise=True,
    )
    def create_group() -> Any:
        return session.get(url, proxies=proxies, timeout=10).json()

    assert create_group() == DONE_HUAWEI
    assert server.requests == 3
    assert sleeps == [0.0, 0.0]  # the server's Retry-After, not the fallback's 30 s


def test_retry_after_as_a_date_and_the_cap(httpserver):
    later = formatdate(time.time() + 120, usegmt=True)
    server = Throttling(1, (429, {"Retry-After": later}, THROTTLED_HUAWEI), DONE_HUAWEI)
    httpserver.expect_request("/slow").respond_with_handler(server.handler)
    sleeps: list[float] = []
    retry = tenacity.Retrying(
        retry=tenacity.retry_if_exception(is_retryable),
        wait=wait_retry_after(tenacity.wait_fixed(1), max_wait=5),
        sleep=sleeps.append,
        reraise=True,
    )

    def call() -> Any:
        response = httpx.get(httpserver.url_for("/slow"), timeout=10)
        raise_for_error(response)
        return response.json()

    assert retry(call) == DONE_HUAWEI
    assert sleeps == [5.0]


@pytest.mark.parametrize("retry_after", ["1" + "0" * 20, "9" * 40])
def test_a_retry_after_longer_than_any_sleep_never_overflows(httpserver, retry_after):
    server = Throttling(1, (503, {"Retry-After": retry_after}, THROTTLED_HUAWEI), DONE_HUAWEI)
    httpserver.expect_request("/huge").respond_with_handler(server.handler)
    sleeps: list[float] = []

    def call() -> Any:
        response = requests.get(httpserver.url_for("/huge"), timeout=10)
        raise_for_error(response)
        return response.json()

    assert retrying(tenacity.wait_fixed(1), sleeps)(call) == DONE_HUAWEI
    # The server's wait, as far as time.sleep accepts on every platform (a 32-bit time_t ends
    # at 2**31 s; beyond about 2**33 s, 292 years, it raises OverflowError everywhere).
    assert len(sleeps) == 1 and 3e8 < sleeps[0] < 2**31


def test_what_is_not_retryable_is_raised_at_once(httpserver):
    server = Throttling(5, (400, {}, {"error_code": "LTS.0101", "error_msg": "exists"}), {})
    httpserver.expect_request("/x").respond_with_handler(server.handler)
    sleeps: list[float] = []

    def call() -> None:
        raise_for_error(requests.get(httpserver.url_for("/x"), timeout=10))

    with pytest.raises(clouderrors.huaweicloud.lts.LogGroupAlreadyExists):
        retrying(tenacity.wait_fixed(1), sleeps)(call)
    assert server.requests == 1 and sleeps == []


def test_async_retry_with_the_async_hook(httpserver):
    import asyncio

    server = Throttling(2, (503, {"Retry-After": "0"}, THROTTLED_HUAWEI), DONE_HUAWEI)
    httpserver.expect_request("/a").respond_with_handler(server.handler)
    sleeps: list[float] = []

    async def record(seconds: float) -> None:
        sleeps.append(seconds)

    async def run() -> Any:
        async with httpx.AsyncClient(
            timeout=10, event_hooks={"response": [clouderrors.async_httpx_hook]}
        ) as client:
            async for attempt in tenacity.AsyncRetrying(
                retry=tenacity.retry_if_exception(is_retryable),
                wait=wait_retry_after(tenacity.wait_fixed(9)),
                stop=tenacity.stop_after_attempt(4),
                sleep=record,
                reraise=True,
            ):
                with attempt:
                    return (await client.get(httpserver.url_for("/a"))).json()
        return None

    assert asyncio.run(run()) == DONE_HUAWEI
    assert server.requests == 3 and sleeps == [0.0, 0.0]


@pytest.mark.parametrize(
    "exc, expected",
    [
        (clouderrors.ThrottledError("slow"), True),
        (clouderrors.ServerError("boom"), True),
        (clouderrors.NotFoundError("gone"), False),
        (clouderrors.CloudAPIError("?"), False),
        (ValueError("not ours"), False),
        (requests.HTTPError("not ours either"), False),
    ],
)
def test_is_retryable(exc, expected):
    assert is_retryable(exc) is expected


def test_the_wait_reads_only_the_outcome():
    # What tenacity hands a wait: a retry state with an outcome; anything else defers.
    class State:
        def __init__(self, outcome: Any) -> None:
            self.outcome = outcome

    error = clouderrors.error_from_response(
        FakeResponse(429, THROTTLED_HUAWEI, headers={"Retry-After": "garbage"})
    )
    assert error is not None and error.retry_after is None
    failed = tenacity.Future(1)
    failed.set_exception(error)
    wait = wait_retry_after(lambda state: 3.0)
    assert wait(State(failed)) == 3.0  # unreadable Retry-After: the fallback
    worked = tenacity.Future(1)
    worked.set_result("fine")
    assert wait(State(worked)) == 3.0 and wait(State(None)) == 3.0
    assert "wait_retry_after" in repr(wait)
    with pytest.raises(TypeError, match="fallback"):
        wait_retry_after(5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_wait"):
        wait_retry_after(lambda state: 1.0, max_wait=-1)


def test_clouderrors_does_not_import_tenacity():
    code = (
        "import sys, clouderrors\n"
        "clouderrors.wait_retry_after(lambda state: 1.0)\n"
        "clouderrors.is_retryable(ValueError())\n"
        "assert 'tenacity' not in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
