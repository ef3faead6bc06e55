"""How the catalogue's cost grows with a page's size: time of codegen.catalogue.build at n and
10 n codes, for the shapes that used to be quadratic.

- many prefixes: n dotted prefixes, each with its own codes (`Kind17.Detail`, `Kind17.Other`);
- one prefix, many codes: n codes under one prefix (the prefix class's n attributes);
- one name, many codes: n numeric codes with one message (all derive the same name).

A linear (or n log n) build takes about 10x (up to ~13x) longer at 10 n; a quadratic one ~100x.
Usage: python benchmarks/catalogue_scale.py [n]   (default n = 800: 8,000 codes at 10 n)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from codegen.catalogue import Document, build
from codegen.manifest import DocumentSpec
from codegen.rows import Row


def page(codes: list[tuple[str, str]], service: str) -> Document:
    spec = DocumentSpec(
        path=Path("bench.md"),
        shown="bench.md",
        source="bench.md",
        vendor=service.split(".")[0],
        service=service,
        format="md-pipe",
        duplicates="all",
        line=1,
    )
    rows = [
        Row(code, 400, message, "", "", "bench.md", line)
        for line, (code, message) in enumerate(codes, 1)
    ]
    return Document(spec, rows, "0" * 64, "md-pipe")


def many_prefixes(n: int) -> Document:
    codes = [(f"Kind{i}.{leaf}", "Bad request") for i in range(n) for leaf in ("Detail", "Other")]
    return page(codes[:n], "tencentcloud.bench")


def one_prefix(n: int) -> Document:
    return page([(f"Kind.Detail{i}", "Bad request") for i in range(n)], "tencentcloud.bench")


def one_name(n: int) -> Document:
    return page([(f"BENCH.{i:06d}", "Internal service error.") for i in range(n)], "huaweicloud.b")


def seconds(make: Callable[[int], Document], n: int) -> float:
    document = make(n)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        build([document], {})
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 800
    print(f"catalogue build, {n} vs {10 * n} codes (best of 3)")
    for name, make in (
        ("many prefixes", many_prefixes),
        ("one prefix, many codes", one_prefix),
        ("one name, many codes", one_name),
    ):
        small, large = seconds(make, n), seconds(make, 10 * n)
        print(
            f"  {name:24} {small * 1000:8.1f} ms {large * 1000:9.1f} ms  ratio {large / small:5.1f}"
        )


if __name__ == "__main__":
    main()
