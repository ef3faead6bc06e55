"""Format detection on hostile pages: time per byte at 50 KB and at 10x that (500 KB).

`make bench` runs this. Each shape is a page built to make a backtracking regular expression
or a scan-to-the-end-per-start loop quadratic (long blank runs, runs of unclosed tags, many
header-like lines). Each figure is the best of five runs; the ratio is (time per byte at 500 KB)
/ (time per byte at 50 KB): about 1 for linear work, about 10 for quadratic. Goal: <= 3
(linear work on one 500 KB line still costs more per byte than on a 50 KB one: it no longer
fits the CPU caches).

Prints one line per shape with PASS/FAIL; exits 0 (a report).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from codegen.readers.detect import detect_format
from codegen.rows import DocumentError

SIZES = (50_000, 500_000)
ROUNDS = 5
GOAL = 3.0
SHAPES: dict[str, Callable[[int], str]] = {
    "one line of spaces": lambda n: " " * n + "\n",
    "spaces before a pipe": lambda n: "| a | b |\n" + " " * n + "|\n",
    "pipe then spaces": lambda n: "|" + " " * n + "\n| x |\n",
    "unclosed <td runs": lambda n: "<table><tr>" + "<td " * (n // 4),
    "closed <td> cells": lambda n: "<table><tr>" + "<td>x" * (n // 5),
    "unclosed <table runs": lambda n: "<table " * (n // 7),
    "unclosed <a in a cell": lambda n: "<table><tr><th>Code</th><th>" + "<a " * (n // 3),
    "long delimiter row": lambda n: "| Error Code | Message |\n|" + " -" * (n // 2) + "|\n",
    "grid border then text": lambda n: "+" + "-" * n + "+\n| a\n",
    "header-like lines": lambda n: "Error Code Status Message\n" * (n // 26),
    "grid border lines": lambda n: "+--+\n" * (n // 5),
}


def best_time(text: str) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        try:
            detect_format(text, "page")
        except DocumentError:
            pass
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    print(f"format detection, time per byte at {SIZES[0]} and {SIZES[1]} bytes (best of {ROUNDS})")
    for name, make in SHAPES.items():
        per_byte = []
        for size in SIZES:
            text = make(size)
            per_byte.append(best_time(text) / len(text))
        ratio = per_byte[1] / per_byte[0]
        verdict = "PASS" if ratio <= GOAL else "FAIL"
        print(
            f"{verdict} {name:>24}: {per_byte[0] * 1e9:7.1f} ns/B -> {per_byte[1] * 1e9:7.1f} "
            f"ns/B, ratio {ratio:4.2f} (goal <= {GOAL:g})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
