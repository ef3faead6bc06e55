"""The cost of generating and shipping every Tencent Cloud API 3.0 code (issue 13).

Measures, each in fresh processes: `python -m codegen generate` on an empty output tree (fresh),
again with nothing to do (no change), and `--check`; `import clouderrors`; the first error of one
service (an API 3.0 body at HTTP 200 from its host, the biggest services included); and the
size of the built wheel. Prints each figure for three runs. A report, not a test: exits 0.

Run: .venv/bin/python benchmarks/sdk_scale.py [--runs 3] (`make bench` runs it)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "clouderrors"
# The services whose first error is timed: the biggest tables and the seed service.
FIRST_ERROR_SERVICES = ("vpc", "teo", "cvm", "cls")
PIP_WHEEL = (sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q")

FIRST_ERROR = """
import json, sys, time
import requests
service, code = sys.argv[1], sys.argv[2]
response = requests.Response()
response.status_code = 200
response._content = json.dumps(
    {"Response": {"Error": {"Code": code, "Message": "m"}, "RequestId": "r"}}
).encode()
response.url = f"https://{service}.tencentcloudapi.com/"
start = time.perf_counter()
import clouderrors
imported = time.perf_counter()
try:
    clouderrors.raise_for_error(response)
except clouderrors.CloudAPIError as error:
    assert error.code == code and type(error).__module__.endswith(service), type(error)
done = time.perf_counter()
print(json.dumps({"import_ms": (imported - start) * 1000, "first_ms": (done - imported) * 1000}))
"""


def timed(*command: str, cwd: Path = ROOT) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return seconds, done.stdout


def generation(folder: Path) -> tuple[float, float, float, int]:
    """(fresh s, no-change s, --check s, files) for the repository's manifest."""
    out = folder / "clouderrors"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(
        PACKAGE,
        out,
        ignore=lambda _, names: [n for n in names if n == "__pycache__" or n.endswith(".pyi")],
    )
    # An empty tree of generated files: the hand-written runtime only.
    for path in list(out.rglob("*.py")):
        if path.read_text(encoding="utf-8").startswith("# This file is generated"):
            path.unlink()
    command = (sys.executable, "-m", "codegen", "generate", "--out", str(out))
    fresh, _ = timed(*command)
    again, _ = timed(*command)
    check, printed = timed(*command, "--check")
    if "up to date" not in printed:
        raise SystemExit(f"--check after generate found drift:\n{printed[-2000:]}")
    files = sum(1 for p in out.rglob("*.py*") if "__pycache__" not in p.parts)
    return fresh, again, check, files


def code_of(service: str) -> str:
    """A code of `service` from its committed table: its last code."""
    text = (PACKAGE / "tencentcloud" / f"{service}.py").read_text(encoding="utf-8")
    codes = [line.split('"')[1] for line in text.splitlines() if line.startswith('    "')]
    return codes[-1]


def first_errors() -> dict[str, tuple[float, float]]:
    """service -> (import clouderrors ms, first error ms), in a fresh interpreter each, with the
    package byte-compiled as an installed wheel is (PYTHONDONTWRITEBYTECODE would otherwise
    make every run compile the modules it imports)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(PACKAGE)], check=True)
    found: dict[str, tuple[float, float]] = {}
    for service in FIRST_ERROR_SERVICES:
        if not (PACKAGE / "tencentcloud" / f"{service}.py").exists():
            continue
        done = subprocess.run(
            [sys.executable, "-c", FIRST_ERROR, service, code_of(service)],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(done.stdout)
        found[service] = (figures["import_ms"], figures["first_ms"])
    return found


def wheel_size(folder: Path) -> int:
    subprocess.run(
        [*PIP_WHEEL, "-w", str(folder), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = folder.glob("clouderrors-*.whl")
    return wheel.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tables = len(list((PACKAGE / "tencentcloud").glob("*.pyi")))
    load = os.getloadavg()[0]
    print(f"{tables} table modules committed; load average {load:.2f}")
    firsts: dict[str, list[float]] = {}
    imports: list[float] = []
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory() as name:
            fresh, again, check, files = generation(Path(name))
        print(
            f"run {run}: generate fresh {fresh:.1f} s ({files} files), "
            f"no change {again:.1f} s, --check {check:.1f} s"
        )
        for service, (imported, first) in first_errors().items():
            firsts.setdefault(service, []).append(first)
            imports.append(imported)
            print(f"run {run}: {service}: import {imported:.2f} ms, first error {first:.2f} ms")
    for service, values in firsts.items():
        median = statistics.median(values)
        print(f"first error of {service} (median of {len(values)}): {median:.2f} ms")
    print(f"import clouderrors (median of {len(imports)}): {statistics.median(imports):.2f} ms")
    with tempfile.TemporaryDirectory() as name:
        size = wheel_size(Path(name))
    print(f"wheel: {size / 1e6:.2f} MB ({size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
