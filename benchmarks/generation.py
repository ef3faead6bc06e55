"""Speed of `python -m codegen generate`: fresh, no-change and --check runs, on real and
synthetic manifests.

`make bench` runs this. Each figure is a whole `python -m codegen generate` process (start-up
included), timed by the wall clock, with the CPU time and the peak memory of the main process
beside it (the machine is shared: CPU time says how much of the wall time was ours). Every
measurement runs three times; the goals are judged on the median.

Manifests:
- corpus: the five seed pages plus the eight real pages of ../shared/corpus/docs (13 pages;
  the manifest's Tencent SDK entry, every SDK service, is left out: benchmarks/sdk_scale.py
  measures that);
- synthetic: N services x M codes (Markdown pipe tables written here), 100 x 100 by default.

Memory: the peak resident memory of fresh synthetic runs at two service counts (50 and 200 by
default, --memory-services); generation writes as it goes, so the peak must stay roughly flat
(goal: the larger run's peak at most 1.3 x the smaller's).

Prints one line per measurement and one per goal with PASS/FAIL; exits 0 (a report).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "codegen" / "sources"
CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
ROUNDS = 3
WORDS = (
    "instance volume network subnet quota request parameter bucket policy token user group "
    "image snapshot backup key region project resource cluster node listener certificate"
).split()
PROBLEMS = (
    "does not exist|already exists|is invalid|exceeds the quota|is being deleted|is not "
    "supported|has expired|is in use|cannot be modified|was not found"
).split("|")


@dataclass
class Run:
    wall: float
    cpu: float  # user + system of the run and its workers
    peak_mb: float  # peak resident memory of the run or of one worker, the larger
    status: int


def timed(arguments: list[str]) -> Run:
    """One `python -m codegen ARGS` process, measured."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "codegen", *arguments],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    assert process.stderr is not None
    error = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"codegen failed ({process.returncode}): {error.strip()}")
    # wait4's usage counts the run and the workers it waited for (Linux): CPU is their sum,
    # the peak memory the largest of them.
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode)


def _pages_only(manifest: str) -> str:
    """The manifest without its [[tencentcloud-sdk]] tables (the seed pages stay)."""
    kept: list[str] = []
    in_sdk = False
    for line in manifest.splitlines(keepends=True):
        if line.startswith("[["):
            in_sdk = line.strip() == "[[tencentcloud-sdk]]"
        if not in_sdk:
            kept.append(line)
    return "".join(kept)


def corpus_manifest(folder: Path) -> Path | None:
    if not CORPUS.is_dir():
        return None
    text = _pages_only((SOURCES.parent / "sources.toml").read_text(encoding="utf-8"))
    text = text.replace('path = "sources/', f'path = "{SOURCES.as_posix()}/')
    for page in sorted(CORPUS.iterdir()):
        if page.suffix in (".rst", ".md") and page.stem != "README":
            module = "p" + page.stem.replace("-", "_")
            text += (
                f'\n[[document]]\npath = "{page.as_posix()}"\nvendor = "huaweicloud"\n'
                f'service = "huaweicloud.{module}"\nduplicates = "first"\n'
            )
    manifest = folder / "corpus.toml"
    manifest.write_text(text, encoding="utf-8")
    return manifest


def synthetic_manifest(folder: Path, services: int, codes: int) -> Path:
    """`services` Markdown pages of `codes` rows each, like a Huawei error-code page."""
    chooser = random.Random(20261203)
    entries = []
    for number in range(services):
        prefix = f"SVC{number:04d}"
        lines = [
            f"# {prefix} error codes",
            "",
            "| Status Code | Error Code | Error Message | Description | Solution |",
            "| --- | --- | --- | --- | --- |",
        ]
        for code in range(codes):
            subject = " ".join(chooser.sample(WORDS, 2))
            problem = chooser.choice(PROBLEMS)
            status = chooser.choice((400, 401, 403, 404, 409, 429, 500))
            lines.append(
                f"| {status} | {prefix}.{code:04d} | The {subject} {problem}. | "
                f"The {subject} {problem}; the request was refused. | Check the {subject}. |"
            )
        page = folder / f"svc{number:04d}.md"
        page.write_text("\n".join(lines) + "\n", encoding="utf-8")
        entries.append(
            f'[[document]]\npath = "{page.as_posix()}"\nvendor = "huaweicloud"\n'
            f'service = "huaweicloud.svc{number:04d}"\n'
        )
    manifest = folder / f"synthetic-{services}x{codes}.toml"
    manifest.write_text("\n".join(entries), encoding="utf-8")
    return manifest


def measure(name: str, manifest: Path, out: Path, jobs: int | None) -> dict[str, list[Run]]:
    """Three rounds of (fresh, no-change, --check) runs."""
    common = ["generate", "--manifest", str(manifest), "--out", str(out)]
    if jobs is not None:
        common += ["--jobs", str(jobs)]
    runs: dict[str, list[Run]] = {"fresh": [], "no-change": [], "check": []}
    for _ in range(ROUNDS):
        shutil.rmtree(out, ignore_errors=True)
        runs["fresh"].append(timed(common))
        runs["no-change"].append(timed(common))
        runs["check"].append(timed([*common, "--check"]))
    for kind, measured in runs.items():
        walls = " ".join(f"{run.wall:6.2f}" for run in measured)
        cpus = " ".join(f"{run.cpu:6.2f}" for run in measured)
        peak = max(run.peak_mb for run in measured)
        print(f"{name:>22} {kind:>9}: wall {walls} s | CPU {cpus} s | " f"peak {peak:5.0f} MB")
    return runs


def goal(label: str, runs: list[Run], limit: float) -> None:
    median = statistics.median(run.wall for run in runs)
    cpu = statistics.median(run.cpu for run in runs)
    verdict = "PASS" if median <= limit else "FAIL"
    print(f"{verdict} {label}: median {median:.2f} s, CPU {cpu:.2f} s (goal <= {limit:g} s)")


def memory(folder: Path, counts: list[int], codes: int, jobs: int | None) -> None:
    """Peak RSS of fresh runs at each service count (three rounds), and the growth between
    the smallest and the largest count, judged on the medians."""
    medians: dict[int, float] = {}
    for services in counts:
        pages = folder / f"memory-{services}"
        pages.mkdir()
        manifest = synthetic_manifest(pages, services, codes)
        out = pages / "out" / "clouderrors"
        arguments = ["generate", "--manifest", str(manifest), "--out", str(out)]
        if jobs is not None:
            arguments += ["--jobs", str(jobs)]
        peaks = []
        for _ in range(ROUNDS):
            shutil.rmtree(out, ignore_errors=True)
            peaks.append(timed(arguments).peak_mb)
        medians[services] = statistics.median(peaks)
        shown = " ".join(f"{peak:5.0f}" for peak in peaks)
        print(f"{f'memory {services}x{codes}':>22}     fresh: peak {shown} MB")
    low, high = min(counts), max(counts)
    ratio = medians[high] / medians[low]
    per_service = (medians[high] - medians[low]) / (high - low)
    verdict = "PASS" if ratio <= 1.3 else "FAIL"
    print(
        f"{verdict} memory {low} -> {high} services: peak {medians[low]:.0f} -> "
        f"{medians[high]:.0f} MB, x{ratio:.2f} ({per_service * 1024:.0f} KB per service; "
        "goal <= x1.3)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=100)
    parser.add_argument("--codes", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=None, help="passed to codegen (default: all)")
    parser.add_argument(
        "--memory-services",
        default="50,200",
        help="the service counts whose peak memory is compared (comma-separated; '' skips)",
    )
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="codegen-bench-") as temporary:
        folder = Path(temporary)
        corpus = corpus_manifest(folder)
        if corpus is None:
            print(f"corpus not found at {CORPUS}: corpus figures skipped")
        else:
            runs = measure(
                "seeds + corpus (13)", corpus, folder / "corpus" / "clouderrors", args.jobs
            )
            goal("13 pages fresh", runs["fresh"], 5)
            goal("13 pages no-change", runs["no-change"], 1)
            goal("13 pages --check", runs["check"], 1)
        name = f"synthetic {args.services}x{args.codes}"
        manifest = synthetic_manifest(folder, args.services, args.codes)
        runs = measure(name, manifest, folder / "synthetic" / "clouderrors", args.jobs)
        goal(f"{name} fresh", runs["fresh"], 30)
        goal(f"{name} no-change", runs["no-change"], 5)
        counts = [int(count) for count in args.memory_services.split(",") if count.strip()]
        if len(counts) >= 2:
            memory(folder, counts, args.codes, args.jobs)
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
