"""Every step from body to exception costs time linear in the body's size, whatever the body
holds. The figures (time per byte across sizes) are in `make bench`; here each hostile shape of
about a megabyte must be handled, text and attributes included, well within a generous limit
that the old quadratic dotted-prefix search (minutes for such a code) could not meet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each case: (status, body expression, url, service) evaluated in the child; SIZE ~ 1 MiB.
SCRIPT = """
import sys, time
import clouderrors
from tests.runtime_support import FakeResponse

SIZE = 1 << 20
dots = "a." * (SIZE // 2 - 64)
cases = {
    "huawei-code-with-dots": (404, {"error_code": "LTS." + dots, "error_msg": "m"},
        "https://lts.cn-north-4.myhuaweicloud.com/v2", None),
    "tencent-code-with-dots": (400, {"Response": {"Error": {"Code": "AuthFailure." + dots}}},
        "https://cls.tencentcloudapi.com/", None),
    "service-argument": (400, {"errorcode": "AuthFailure." + dots, "errormessage": "m"},
        "http://127.0.0.1/", "tencentcloud.cls"),
    "unknown-host": (409, {"code": dots, "message": "m"}, "http://127.0.0.1/", None),
    "dots-only": (400, {"error_code": "." * (SIZE - 64)}, "http://127.0.0.1/", None),
    "xml-code-with-dots": (404, ("<Error><Code>" + dots + "</Code></Error>").encode(),
        "https://b.obs.cn-north-4.myhuaweicloud.com/", None),
    "api2-with-dots": (400, {"code": 4000, "message": "(1)" + dots},
        "https://cvm.api.qcloud.com/v2/index.php", None),
}
name = sys.argv[1]
status, body, url, service = cases[name]
start = time.perf_counter()
error = clouderrors.error_from_response(FakeResponse(status, body, url=url), service=service)
assert isinstance(error, clouderrors.CloudAPIError), error
for text in (str(error), repr(error), error.request_id, error.module_code, error.code):
    pass
print(f"{time.perf_counter() - start:.3f}")
"""

CASES = [
    "huawei-code-with-dots",
    "tencent-code-with-dots",
    "service-argument",
    "unknown-host",
    "dots-only",
    "xml-code-with-dots",
    "api2-with-dots",
]


@pytest.mark.parametrize("case", CASES)
def test_a_megabyte_body_of_any_shape_is_handled_in_linear_time(case):
    # Linear work on a megabyte takes milliseconds; 60 s is a limit only a super-linear step
    # (the old prefix search: ~250 GB of copying for this code) reaches, even on a loaded machine.
    try:
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, case],
            cwd=ROOT,
            # this checkout's package, not whichever one is installed
            env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case}: a 1 MiB body took over 60 s: some step is super-linear")
    assert done.returncode == 0, done.stderr


def test_dotted_prefixes_are_bounded_by_the_longest_documented_code():
    from clouderrors import _codes, _index, _lookup

    longest = max(map(len, _codes.CODES))
    assert longest == _index.LONGEST_CODE
    code = "AuthFailure." + "x." * 100_000
    prefixes = list(_lookup.dotted_prefixes(code))
    assert prefixes == [p for p in prefixes if len(p) <= longest]
    assert len(prefixes) <= longest
    assert "AuthFailure" in prefixes
    # Every prefix of a short code, longest first, as the old search walked them.
    assert list(_lookup.dotted_prefixes("A.B.C")) == ["A.B", "A"]
    assert list(_lookup.dotted_prefixes(".A")) == []
    assert list(_lookup.dotted_prefixes("NoDots")) == []
