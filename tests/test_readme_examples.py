"""Every Python example of the README runs, as written, against a real 127.0.0.1 server: `url`
answers as a Huawei LTS endpoint whose log group exists (HTTP 400, LTS.0101), `throttled_url`
throttles once (HTTP 429, Retry-After: 0), then answers."""

from __future__ import annotations

import contextlib
import io
import json
import re
from typing import Any

import pytest
from werkzeug import Request, Response

from tests.conftest import ROOT

README = ROOT / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
EXAMPLES = BLOCK.findall(README.read_text(encoding="utf-8"))
EXISTS = {"error_code": "LTS.0101", "error_msg": "the group name has been existed"}


class Endpoints:
    def __init__(self) -> None:
        self.throttled = 0

    def exists(self, request: Request) -> Response:
        return Response(
            json.dumps(EXISTS),
            400,
            {"X-Request-Id": "r-readme"},
            content_type="application/json",
        )

    def throttle_once(self, request: Request) -> Response:
        self.throttled += 1
        if self.throttled == 1:
            body = {"error_code": "APIGW.0308", "error_msg": "The request is throttled."}
            return Response(json.dumps(body), 429, {"Retry-After": "0"}, "application/json")
        return Response(json.dumps({"groups": []}), 200, content_type="application/json")


def test_the_readme_has_examples():
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize("number", range(len(EXAMPLES)))
def test_example_runs(httpserver, number):
    endpoints = Endpoints()
    httpserver.expect_request("/v2/groups").respond_with_handler(endpoints.exists)
    httpserver.expect_request("/throttled").respond_with_handler(endpoints.throttle_once)
    namespace: dict[str, Any] = {
        "__name__": "readme_example",
        "url": httpserver.url_for("/v2/groups"),
        "throttled_url": httpserver.url_for("/throttled"),
    }
    source = EXAMPLES[number]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(source, f"README.md example {number + 1}", "exec"), namespace)
    out = printed.getvalue()
    if "print(" in source:
        assert out, "the example printed nothing"
    if "throttled_url" in source:
        assert endpoints.throttled == 2 and "{'groups': []}" in out
    if "raise_for_error(response)" in source and "lts.LogGroupAlreadyExists" in source:
        assert out == "exists: the group name has been existed r-readme\n"
    if "clouderrors.AlreadyExistsError" in source:
        assert "LTS.0101" in out and "no error" not in out
