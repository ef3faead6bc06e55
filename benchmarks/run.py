"""Speed of clouderrors' response handling, as ratios to peers measured in the same process.

`make bench` runs this. Each comparison runs in a fresh process of its own: the two sides take
turns in short rounds, and the figure is the median of the per-round ratios (time per call, as
a user's code calls it), so a goal does not flip with the machine's load. Every comparison
runs twice, with orjson on and off (`--no-orjson`). The peers are the vendor SDKs' real code
paths, installed by the `bench` dependency group (pyproject.toml), not by the test environment.

Prints one line per goal with PASS/FAIL; always exits 0 (it is a report, not a test).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
HUAWEI_URL = "https://lts.cn-north-4.myhuaweicloud.com/v2/0123456789abcdef/groups"
TENCENT3_URL = "https://cls.tencentcloudapi.com/"
TENCENT2_URL = "https://cvm.api.qcloud.com/v2/index.php"
HUAWEI_BODY = {
    "error_code": "LTS.0101",
    "error_msg": "Failed to create log group, the group name has been existed",
}
TENCENT3_BODY = {
    "Response": {
        "Error": {
            "Code": "AuthFailure.SecretIdNotFound",
            "Message": "The SecretId is not found, please ensure that your SecretId is correct.",
        },
        "RequestId": "6ee7d3fa-8b7e-4d2f-9a1b-2c3d4e5f6a7b",
    }
}
TENCENT2_BODY = {
    "code": 4000,
    "message": "(100004) incorrect projectId",
    "codeDesc": "InvalidParameter",
}
# botocore's JSON protocol error, shaped like the Huawei body.
AWS_JSON_BODY = {"__type": "ResourceAlreadyExistsException", "message": HUAWEI_BODY["error_msg"]}
SMALL_OK_BODY = {
    "log_group_id": "d1a7f0c2-5a3e-4c8b-9a64-0c3f1b2e7d55",
    "log_group_name": "app-logs",
}
# A Tencent success body: keys ending in Code must not make the screen parse it.
REGION_OK_BODY = {
    "Response": {
        "RegionSet": [{"Region": "ap-guangzhou", "RegionCode": "gz", "RegionState": "AVAILABLE"}],
        "RequestId": "6ee7d3fa-8b7e-4d2f-9a1b-2c3d4e5f6a7b",
    }
}
LARGE_OK_SIZE = 20 * 1024 * 1024

ROUNDS = 31
ROUND_SECONDS = 0.01  # per side and round


def make_response(status: int, body: bytes | dict[str, Any], url: str) -> requests.Response:
    """A requests.Response as requests returns it after reading the body."""
    response = requests.Response()
    response.status_code = status
    response._content = body if isinstance(body, bytes) else json.dumps(body).encode()
    response.headers["Content-Type"] = "application/json"
    response.headers["X-Request-Id"] = "7f1c2a9e0b3d4e5f"
    response.url = url
    response.reason = "Bad Request" if status >= 400 else "OK"
    response.encoding = "utf-8"
    response.request = requests.Request("POST", url).prepare()
    return response


# The floor: the least a hand-written check can do. The decoder's method bound once, the code and
# message read with .get, one dict lookup of the class, raise; the class stores nothing itself.


class FloorError(Exception):
    @property
    def code(self) -> Any:
        return self.args[0]

    @property
    def message(self) -> Any:
        return self.args[1]


_FLOOR_CLASSES: dict[Any, type[FloorError]] = {
    "LTS.0101": type("LogGroupAlreadyExists", (FloorError,), {}),
    "AuthFailure.SecretIdNotFound": type("SecretIdNotFound", (FloorError,), {}),
    "4000": type("InvalidParameter", (FloorError,), {}),
}
_floor_decode = json.JSONDecoder().decode


def floor_huawei(response: Any) -> None:
    if response.status_code >= 400:
        doc = _floor_decode(response._content.decode())
        code = doc.get("error_code")
        raise _FLOOR_CLASSES.get(code, FloorError)(code, doc.get("error_msg"), 400)


def floor_tencent3(response: Any) -> None:
    error = _floor_decode(response._content.decode())["Response"].get("Error")
    if error is not None:
        code = error.get("Code")
        raise _FLOOR_CLASSES.get(code, FloorError)(code, error.get("Message"), 200)


def floor_tencent2(response: Any) -> None:
    doc = _floor_decode(response._content.decode())
    code = doc.get("code")
    if code:
        code = str(code)
        raise _FLOOR_CLASSES.get(code, FloorError)(code, doc.get("message"), 200)


# The peers, on their real code paths.


def huaweicloudsdkcore_hook() -> Callable[[requests.Response], None]:
    from huaweicloudsdkcore.exceptions.exception_handler import DefaultExceptionHandler
    from huaweicloudsdkcore.http.http_client import HttpClient
    from huaweicloudsdkcore.http.http_config import HttpConfig

    logger = logging.getLogger("bench.huaweicloudsdkcore")
    client = HttpClient(HttpConfig.get_default_config(), None, DefaultExceptionHandler(), logger)
    hook: Callable[[requests.Response], None] = client.response_error_hook_factory()
    return hook


def tencent_sdk_check() -> Callable[[requests.Response], None]:
    from tencentcloud.common.abstract_client import AbstractClient
    from tencentcloud.common.credential import Credential

    class ClsClient(AbstractClient):  # type: ignore[misc]
        # As each generated service client of the SDK sets them.
        _apiVersion = "2020-10-16"
        _endpoint = "cls.tencentcloudapi.com"
        _service = "cls"

    client = ClsClient(Credential("AKIDexample", "secret"), "ap-guangzhou")

    def check(response: requests.Response) -> None:
        client._check_status(response)
        client._check_error(response)

    return check


def botocore_json() -> Callable[[requests.Response], None]:
    from botocore.exceptions import ClientError
    from botocore.parsers import create_parser

    parser = create_parser("json")

    def check(response: requests.Response) -> None:
        parsed = parser.parse(
            {
                "status_code": response.status_code,
                "headers": response.headers,
                "body": response.content,
            },
            None,
        )
        if "Error" in parsed:
            raise ClientError(parsed, "CreateLogGroup")

    return check


def google_from_http_response() -> Callable[[requests.Response], None]:
    from google.api_core import exceptions

    def check(response: requests.Response) -> None:
        raise exceptions.from_http_response(response)  # type: ignore[no-untyped-call,unused-ignore]

    return check


def raise_for_status(response: requests.Response) -> None:
    response.raise_for_status()


# Timing.


def runner(check: Callable[[requests.Response], None], response: requests.Response) -> Any:
    def run(calls: int) -> float:
        start = time.perf_counter()
        for _ in repeat(None, calls):
            try:
                check(response)
            except Exception:
                pass
        return time.perf_counter() - start

    return run


@dataclass
class Side:
    check: Callable[[requests.Response], None]
    response: requests.Response


def paired(ours: Side, theirs: Side) -> dict[str, float]:
    """Median over rounds of ours / theirs (time per call, as a user's code calls it), and the
    median times."""
    runs = [runner(side.check, side.response) for side in (ours, theirs)]
    for run in runs:  # warm caches and specialise the bytecode outside the timing
        run(200)
    calls = 10
    while max(run(calls) for run in runs) < ROUND_SECONDS:
        calls *= 2
    ratios: list[float] = []
    ours_times: list[float] = []
    theirs_times: list[float] = []
    for number in range(ROUNDS):
        order = (0, 1) if number % 2 == 0 else (1, 0)  # alternate who goes first
        times = [0.0, 0.0]
        for index in order:
            times[index] = runs[index](calls)
        ratios.append(times[0] / times[1])
        ours_times.append(times[0] / calls)
        theirs_times.append(times[1] / calls)
    return {
        "ratio": statistics.median(ratios),
        "ours_us": statistics.median(ours_times) * 1e6,
        "theirs_us": statistics.median(theirs_times) * 1e6,
    }


def comparison_sides(name: str) -> tuple[Side, Side]:
    import clouderrors

    ours_check = clouderrors.raise_for_error
    huawei = make_response(400, HUAWEI_BODY, HUAWEI_URL)
    tencent3 = make_response(200, TENCENT3_BODY, TENCENT3_URL)
    tencent2 = make_response(200, TENCENT2_BODY, TENCENT2_URL)
    small_ok = make_response(200, SMALL_OK_BODY, HUAWEI_URL)
    region_ok = make_response(200, REGION_OK_BODY, TENCENT3_URL)
    if name == "huawei/floor":
        return Side(ours_check, huawei), Side(floor_huawei, huawei)
    if name == "huawei/huaweicloudsdkcore":
        return Side(ours_check, huawei), Side(huaweicloudsdkcore_hook(), huawei)
    if name == "huawei/google":
        return Side(ours_check, huawei), Side(google_from_http_response(), huawei)
    if name == "huawei/botocore":
        aws = make_response(400, AWS_JSON_BODY, HUAWEI_URL)
        return Side(ours_check, huawei), Side(botocore_json(), aws)
    if name == "tencent3/tencent-sdk":
        return Side(ours_check, tencent3), Side(tencent_sdk_check(), tencent3)
    if name == "tencent3/floor":
        return Side(ours_check, tencent3), Side(floor_tencent3, tencent3)
    if name == "tencent2/floor":
        return Side(ours_check, tencent2), Side(floor_tencent2, tencent2)
    if name == "region-ok/raise_for_status":
        return Side(ours_check, region_ok), Side(raise_for_status, region_ok)
    if name == "small-ok/raise_for_status":
        return Side(ours_check, small_ok), Side(raise_for_status, small_ok)
    if name == "large-ok/small-ok":
        large = b'{"items": [' + b"0," * (LARGE_OK_SIZE // 2) + b"0]}"
        return Side(ours_check, make_response(200, large, HUAWEI_URL)), Side(ours_check, small_ok)
    raise SystemExit(f"unknown comparison {name!r}")


@dataclass(frozen=True)
class Goal:
    name: str  # the comparison, ours / theirs
    title: str
    stdlib: float | None  # goal without orjson (None: reported, no goal)
    orjson: float | None  # goal with orjson


GOALS = (
    Goal("huawei/floor", "Huawei 4xx / fastest plain-Python floor", 1.1, 0.9),
    Goal("tencent3/tencent-sdk", "Tencent 3.0 at 200 / tencentcloud-sdk check", 0.7, 0.55),
    Goal("tencent2/floor", "Tencent 2.0 / fastest plain-Python floor", 1.4, 1.4),
    Goal("huawei/huaweicloudsdkcore", "Huawei 4xx / huaweicloudsdkcore hook", 0.35, 0.35),
    Goal("region-ok/raise_for_status", 'small 2xx with "RegionCode" / raise_for_status', 2, 2),
    Goal("small-ok/raise_for_status", "small plain 2xx / raise_for_status", 1.8, 1.8),
    Goal("large-ok/small-ok", "20 MB 2xx / small 2xx", 1.5, 1.5),
    Goal("huawei/google", "Huawei 4xx / google-api-core from_http_response", None, None),
    Goal("huawei/botocore", "Huawei 4xx / botocore JSON parser + ClientError", None, None),
    Goal("tencent3/floor", "Tencent 3.0 at 200 / fastest plain-Python floor", None, None),
)


def child_env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    # Run as installed code runs: from cached bytecode (kept out of the tree).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "clouderrors-bench-pycache")
    return env


def in_fresh_process(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        capture_output=True,
        text=True,
        env=child_env(),
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark child {' '.join(args)} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def verdict(value: float, goal: float | None) -> str:
    if goal is None:
        return "(reference)"
    return f"(goal <= {goal:g})  {'PASS' if value <= goal else 'FAIL'}"


FIRST_ERROR_SCRIPT = """
import json, time, requests, clouderrors
response = requests.Response()
response.status_code = 400
response._content = json.dumps({"error_code": "LTS.0101", "error_msg": "m"}).encode()
response.url = "https://lts.cn-north-4.myhuaweicloud.com/v2/p/groups"
start = time.perf_counter()
try:
    clouderrors.raise_for_error(response)
except clouderrors.CloudAPIError:
    pass
print(json.dumps({"ms": (time.perf_counter() - start) * 1000}))
"""


def import_and_first_error(runs: int = 11) -> tuple[float, float, float]:
    """Medians over fresh interpreters of: ms `import clouderrors` adds beyond `import requests`
    (importtime, cumulative), requests' own, and ms of the first error of a service."""
    extra: list[float] = []
    base: list[float] = []
    first: list[float] = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import requests; import clouderrors"],
            capture_output=True,
            text=True,
            env=child_env(),
            check=True,
        )
        cumulative: dict[str, int] = {}
        for line in done.stderr.splitlines():
            parts = line.split("|")
            if len(parts) == 3 and parts[1].strip().isdigit():
                cumulative[parts[2].strip()] = int(parts[1])
        extra.append(cumulative["clouderrors"] / 1000)
        base.append(cumulative["requests"] / 1000)
        done = subprocess.run(
            [sys.executable, "-c", FIRST_ERROR_SCRIPT],
            capture_output=True,
            text=True,
            env=child_env(),
            check=True,
        )
        first.append(json.loads(done.stdout)["ms"])
    return statistics.median(extra), statistics.median(base), statistics.median(first)


def memory_after_unknown_codes(count: int) -> dict[str, Any]:
    """Resident memory after count/10 and after `count` errors with distinct unknown codes, and
    the sizes of the runtime's caches."""
    import clouderrors
    from clouderrors import _errors, _lookup

    def resident_kib() -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024

    response = make_response(400, b"", HUAWEI_URL)
    marks: list[int] = []
    for number in range(count):
        response._content = b'{"error_code": "LTS.X%d", "error_msg": "m"}' % number
        try:
            clouderrors.raise_for_error(response)
        except clouderrors.CloudAPIError:
            pass
        if number + 1 in (count // 10, count):
            marks.append(resident_kib())
    caches = {
        "classes": _lookup.cached_classes(),
        "urls": len(_lookup.URL_ORIGINS),
        "hosts": len(_lookup._hosts),
        "combined": len(_errors._COMBINED),
    }
    return {"rss_kib": marks, "caches": caches, "bound": _lookup.CACHE_SIZE}


# Linear cost: every step from body to exception (parse, class, str, repr, request id...) takes
# time proportional to the body's size. Each shape is timed at these sizes; the figure is the
# time per byte at the largest size over the time per byte at the smallest (1 = linear; a
# quadratic step would make it ~100).
LINEAR_SIZES = (10_000, 100_000, 1_000_000)


def linear_shapes(size: int) -> dict[str, tuple[int, bytes, str]]:
    dots = "a." * (size // 2 - 40)
    return {
        "Huawei code of many dots": (
            404,
            json.dumps({"error_code": "LTS." + dots, "error_msg": "m"}).encode(),
            HUAWEI_URL,
        ),
        "Tencent 3.0 code of many dots": (
            400,
            json.dumps({"Response": {"Error": {"Code": "AuthFailure." + dots}}}).encode(),
            TENCENT3_URL,
        ),
        "code of many dots, unknown host": (
            409,
            json.dumps({"code": dots, "message": "m"}).encode(),
            "http://127.0.0.1/",
        ),
        "XML code of many dots": (
            404,
            ("<Error><Code>" + dots + "</Code></Error>").encode(),
            "https://b.obs.cn-north-4.myhuaweicloud.com/",
        ),
        "message of control characters": (
            400,
            json.dumps(
                {"error_code": "LTS.0101", "error_msg": "\x1b[31m\u202e" * (size // 20)}
            ).encode(),
            HUAWEI_URL,
        ),
        "many keys": (
            400,
            json.dumps({f"k{n}": n for n in range(size // 16)} | {"code": "X"}).encode(),
            HUAWEI_URL,
        ),
    }


def decode_alone(body: bytes) -> object:
    """What a user's own code would call to read the body: json.loads, or ElementTree for XML."""
    if body.startswith(b"<"):
        from xml.etree import ElementTree

        return ElementTree.fromstring(body)
    return json.loads(body)


def linear_cost() -> dict[str, dict[str, list[float]]]:
    """Shape -> seconds per byte at each of LINEAR_SIZES (median of 5 timings each), for the
    whole error path ("ours") and for decoding the same body alone ("json": decode_alone): decoding
    a large body is itself not quite linear (allocation, caches), and the reader should see
    how much of a ratio that explains."""
    import clouderrors

    def handle(response: requests.Response) -> None:
        error = clouderrors.error_from_response(response)
        assert error is not None
        str(error), repr(error), error.request_id, error.module_code, error.body

    def per_byte(call: Callable[[Any], object], argument: Any, size: int) -> float:
        call(argument)  # warm: class made, modules imported
        times = []
        for _ in range(5):
            start = time.perf_counter()
            call(argument)
            times.append(time.perf_counter() - start)
        return statistics.median(times) / size

    result: dict[str, dict[str, list[float]]] = {}
    for size in LINEAR_SIZES:
        for name, (status, body, url) in linear_shapes(size).items():
            response = make_response(status, body, url)
            shape = result.setdefault(name, {"ours": [], "json": []})
            shape["ours"].append(per_byte(handle, response, len(body)))
            shape["json"].append(per_byte(decode_alone, body, len(body)))
    return result


def child(args: argparse.Namespace) -> None:
    from clouderrors import _response

    _response.use_orjson(not args.no_orjson)
    if args.comparison:
        print(json.dumps(paired(*comparison_sides(args.comparison))))
    elif args.memory:
        print(json.dumps(memory_after_unknown_codes(args.memory)))
    elif args.linear:
        print(json.dumps(linear_cost()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comparison", help=argparse.SUPPRESS)
    parser.add_argument("--memory", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--no-orjson", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--linear", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.comparison or args.memory or args.linear:
        child(args)
        return 0

    from clouderrors import _response

    has_orjson = _response.use_orjson(True)
    print(
        f"python {sys.version.split()[0]}, requests {requests.__version__}, "
        f"orjson {'installed' if has_orjson else 'NOT installed'}; load average "
        f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; medians of {ROUNDS} paired rounds"
    )
    modes = [("stdlib", ["--no-orjson"])] + ([("orjson", [])] if has_orjson else [])
    for goal in GOALS:
        for mode, flags in modes:
            result = in_fresh_process("--comparison", goal.name, *flags)
            target = goal.stdlib if mode == "stdlib" else goal.orjson
            ratio = result["ratio"]
            print(
                f"{goal.title:<52} {mode:<6} {ratio:5.2f}  {verdict(ratio, target)}"
                f"   {result['ours_us']:.2f} us vs {result['theirs_us']:.2f} us"
            )
    if not has_orjson:
        print("orjson goals: FAIL (orjson is not installed; `make bench` installs it)")

    extra, base, first = import_and_first_error()
    print(
        f"{'import clouderrors beyond import requests (ms)':<59} {extra:5.2f}  {verdict(extra, 2)}"
        f"   requests itself {base:.1f} ms (importtime, median of 11)"
    )
    print(
        f"{'first error of a service in a fresh process (ms)':<59} {first:5.2f}  "
        f"{verdict(first, 3)}   index + service module import included, median of 11"
    )
    memory = in_fresh_process("--memory", "1000000")
    early, late = memory["rss_kib"]
    caches = ", ".join(f"{name} {size}" for name, size in memory["caches"].items())
    grown = late - early
    print(
        f"{'memory growth, 100k -> 1M errors of distinct unknown codes (KiB)':<59} {grown:5d}  "
        f"{'PASS' if grown < 1024 else 'FAIL'} (bounded: each cache <= {memory['bound']} "
        f"entries; now {caches}; RSS {late} KiB)"
    )
    sizes = " / ".join(f"{size // 1000}k" for size in LINEAR_SIZES)
    for name, shape in in_fresh_process("--linear").items():
        ours, alone = shape["ours"], shape["json"]
        ratio = ours[-1] / ours[0]
        figures = " / ".join(f"{seconds * 1e9:.2f}" for seconds in ours)
        print(
            f"{'linear cost, ' + name + ' (ns/byte ratio)':<59} {ratio:5.2f}  "
            f"{verdict(ratio, 2)}   ns per byte at {sizes}: {figures}; "
            f"decoding alone {alone[-1] / alone[0]:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
