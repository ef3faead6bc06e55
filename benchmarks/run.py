"""Speed of clouderrors' response handling, as ratios to baselines measured in the same run.

Each figure is the best of several timeit repeats; the ratios, not the absolute times, are what
carries between machines. Prints one line per ratio with its goal and PASS/MISS; always exits 0
(it is a report, not a test).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from google.api_core import exceptions as google_exceptions

import clouderrors

ROOT = Path(__file__).resolve().parent.parent
ERROR_BODY = json.dumps(
    {
        "error_code": "LTS.0101",
        "error_msg": "Failed to create log group, the group name has been existed",
    }
).encode()
SMALL_OK_BODY = json.dumps(
    {"log_group_id": "d1a7f0c2-5a3e-4c8b-9a64-0c3f1b2e7d55", "log_group_name": "app-logs"}
).encode()
LARGE_OK_SIZE = 20 * 1024 * 1024
URL = "https://lts.cn-north-4.myhuaweicloud.com/v2/0123456789abcdef/groups"


def make_response(status: int, body: bytes) -> requests.Response:
    """A requests.Response as requests returns it after reading the body."""
    response = requests.Response()
    response.status_code = status
    response._content = body
    response.headers["Content-Type"] = "application/json"
    response.headers["X-Request-Id"] = "7f1c2a9e0b3d4e5f"
    response.url = URL
    response.reason = "Bad Request" if status >= 400 else "OK"
    response.encoding = "utf-8"
    response.request = requests.Request("POST", URL).prepare()
    return response


class PlainError(Exception):
    pass


def floor(response: requests.Response) -> None:
    """The least a hand-written check can do: parse, one dict lookup, raise."""
    if response.status_code >= 400:
        raise PlainError(json.loads(response.content)["error_code"])


def floor_decoding_text(response: requests.Response) -> None:
    """The floor again, decoding UTF-8 itself before json (as clouderrors does): for reference."""
    if response.status_code >= 400:
        raise PlainError(json.loads(response.content.decode("utf-8"))["error_code"])


def google(response: requests.Response) -> None:
    """google-api-core's equivalent: an exception class by status, the message from the body."""
    raise google_exceptions.from_http_response(response)  # type: ignore[no-untyped-call]


def best(action: Callable[[], Any], catch: type[BaseException] | None = None) -> float:
    """Seconds per call, best of the repeats."""
    if catch is None:
        call = action
    else:

        def call() -> None:
            try:
                action()
            except catch:
                pass

    timer = timeit.Timer(call)
    number, _ = timer.autorange()
    number = max(number, 1)
    return min(timer.repeat(repeat=7, number=number)) / number


def own_import_cost(runs: int = 15) -> tuple[float, float]:
    """(microseconds `import clouderrors` adds beyond `import requests`, requests' own), from
    `python -X importtime -c "import requests; import clouderrors"` in fresh interpreters, best
    of `runs`: what requests already imported (typing, threading...) is not counted twice."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    # Measure imports as installed code runs them: from cached bytecode (kept out of the tree).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "clouderrors-bench-pycache")
    extra: list[float] = []
    base: list[float] = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import requests; import clouderrors"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        cumulative: dict[str, int] = {}
        for line in done.stderr.splitlines():
            parts = line.split("|")
            if len(parts) == 3 and parts[1].strip().isdigit():
                cumulative[parts[2].strip()] = int(parts[1])
        extra.append(cumulative["clouderrors"])
        base.append(cumulative["requests"])
    return min(extra), min(base)


def report(name: str, ratio: float, goal: float, detail: str) -> None:
    verdict = "PASS" if ratio <= goal else "MISS"
    print(f"{name:<52} {ratio:6.2f}  (goal <= {goal:g})  {verdict}   {detail}")


def main() -> int:
    error = make_response(400, ERROR_BODY)
    small_ok = make_response(200, SMALL_OK_BODY)
    large_ok = make_response(200, b'{"items": [' + b"0," * (LARGE_OK_SIZE // 2) + b"0]}")
    try:  # warm the caches (index, service module) outside the timing
        clouderrors.raise_for_error(error)
    except clouderrors.CloudAPIError:
        pass

    ours = best(lambda: clouderrors.raise_for_error(error), clouderrors.CloudAPIError)
    plain = best(lambda: floor(error), PlainError)
    plain_text = best(lambda: floor_decoding_text(error), PlainError)
    theirs = best(lambda: google(error), google_exceptions.GoogleAPICallError)
    ok_small = best(lambda: clouderrors.raise_for_error(small_ok))
    ok_status = best(lambda: small_ok.raise_for_status())
    ok_large = best(lambda: clouderrors.raise_for_error(large_ok))

    print(f"python {sys.version.split()[0]}, requests {requests.__version__}")
    report(
        "raise_for_error JSON 4xx / hand-written floor",
        ours / plain,
        1.2,
        f"{ours * 1e6:.2f} us vs {plain * 1e6:.2f} us",
    )
    report(
        "  same / floor decoding UTF-8 text itself (reference)",
        ours / plain_text,
        1.2,
        f"{ours * 1e6:.2f} us vs {plain_text * 1e6:.2f} us",
    )
    report(
        "raise_for_error JSON 4xx / google from_http_response",
        ours / theirs,
        0.5,
        f"{ours * 1e6:.2f} us vs {theirs * 1e6:.2f} us",
    )
    report(
        "raise_for_error small 2xx / raise_for_status()",
        ok_small / ok_status,
        2,
        f"{ok_small * 1e6:.2f} us vs {ok_status * 1e6:.2f} us",
    )
    report(
        "raise_for_error 20 MB 2xx / small 2xx",
        ok_large / ok_small,
        1.5,
        f"{ok_large * 1e6:.2f} us vs {ok_small * 1e6:.2f} us",
    )
    extra, base = own_import_cost()
    report(
        "import clouderrors beyond import requests (ms)",
        extra / 1000,
        10,
        f"requests itself {base / 1000:.1f} ms (importtime, best of 15)",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
