"""The cost of generating and shipping every Tencent Cloud API 3.0 code (issue 13).

Measures, each in fresh processes: `python -m codegen generate` of the package and its reference
pages into an empty output tree and pages folder (fresh), again with nothing to do (no change),
and `--check`, each with its wall and CPU time (the run's and its workers'; the machine may be
shared); `import clouderrors`; the first error of one service (an API 3.0 body at HTTP 200 from
its host, the biggest services included); and the size of the built wheel. Prints each figure
for three runs, then a PASS/FAIL line per goal of issue 13 (medians). A report: exits 0.

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
from dataclasses import dataclass
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


# Goals of issue 13 for the whole SDK, wall seconds (medians).
GOALS = {"fresh": 60.0, "no change": 10.0, "--check": 10.0}


@dataclass
class Timed:
    wall: float
    cpu: float  # user + system of the process and the workers it waited for
    stdout: str


def timed(*command: str, cwd: Path = ROOT) -> Timed:
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    return Timed(seconds, usage.ru_utime + usage.ru_stime, stdout)


def generation(folder: Path) -> tuple[Timed, Timed, Timed, int]:
    """(fresh, no change, --check, files written) for the repository's manifest, the package
    and its reference pages."""
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
    pages = folder / "reference"
    command = (
        sys.executable,
        "-m",
        "codegen",
        "generate",
        "--out",
        str(out),
        "--pages",
        str(pages),
    )
    fresh = timed(*command)
    again = timed(*command)
    check = timed(*command, "--check")
    if "up to date" not in check.stdout:
        raise SystemExit(f"--check after generate found drift:\n{check.stdout[-2000:]}")
    written = [path for path in (*out.rglob("*.py*"), *pages.rglob("*.md"))]
    files = sum(1 for path in written if "__pycache__" not in path.parts)
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
    generations: dict[str, list[Timed]] = {kind: [] for kind in GOALS}
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory() as name:
            fresh, again, check, files = generation(Path(name))
        for kind, measured in zip(GOALS, (fresh, again, check), strict=True):
            generations[kind].append(measured)
        print(
            f"run {run}: generate fresh {fresh.wall:.1f} s (CPU {fresh.cpu:.1f} s, {files} files),"
            f" no change {again.wall:.1f} s (CPU {again.cpu:.1f} s),"
            f" --check {check.wall:.1f} s (CPU {check.cpu:.1f} s); load {os.getloadavg()[0]:.2f}"
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
    for kind, limit in GOALS.items():
        wall = statistics.median(measured.wall for measured in generations[kind])
        cpu = statistics.median(measured.cpu for measured in generations[kind])
        verdict = "PASS" if wall <= limit else "FAIL"
        print(
            f"{verdict} whole SDK generate {kind}: median {wall:.1f} s, CPU {cpu:.1f} s "
            f"(goal <= {limit:g} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
