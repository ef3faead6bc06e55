"""Helpers of the runtime tests: a stand-in response with only what the runtime reads."""

from __future__ import annotations

import json
from typing import Any


class FakeResponse:
    """The duck-typed response: status_code, headers, content, url (what httpx/requests have)."""

    def __init__(
        self,
        status_code: int,
        body: Any = b"",
        headers: dict[str, str] | None = None,
        url: str = "http://127.0.0.1/api",
    ) -> None:
        self.status_code = status_code
        if isinstance(body, bytes):
            self.content = body
        elif isinstance(body, str):
            self.content = body.encode("utf-8", "surrogatepass")
        else:
            self.content = json.dumps(body).encode()
        self.headers = headers if headers is not None else {}
        self.url = url


def vendor_url(vendor: str, service: str, body: Any) -> str:
    """Where a real call to `service` of `vendor` goes, for an answer shaped like `body`:
    Huawei Cloud regional endpoints, Tencent Cloud API 3.0 (`{"Response": ...}`) at
    <service>.tencentcloudapi.com, API 2.0 at <module>.api.qcloud.com. Plain http: the tests
    reach them through a local proxy (see through_local_server)."""
    if vendor == "huaweicloud":
        return f"http://{service}.cn-north-4.myhuaweicloud.com/v1/0123456789abcdef/resource"
    if isinstance(body, dict) and "Response" in body:
        return f"http://{service}.tencentcloudapi.com/"
    return f"http://{service}.api.qcloud.com/v2/index.php"


def through_local_server(httpserver: Any, url: str, client: str = "requests", **kwargs: Any) -> Any:
    """GET `url` (a vendor's host) with requests or httpx as a user's code would, answered by
    the test's server on 127.0.0.1 acting as the client's HTTP proxy: the request, its Host
    header and `response.url` name the vendor's host, and nothing leaves the machine."""
    proxy = httpserver.url_for("/").rstrip("/")
    if client == "httpx":
        import httpx

        with httpx.Client(proxy=proxy, trust_env=False, timeout=10) as session:
            return session.get(url, **kwargs)
    import requests

    with requests.Session() as session:
        session.trust_env = False  # no proxy or no_proxy from the environment
        return session.get(url, proxies={"http": proxy}, timeout=10, **kwargs)
