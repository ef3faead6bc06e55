"""Shared fixtures: where the seed documents and the shared real-world corpus live."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests are judged by their examples, not their pace: on a shared 2-core machine one
# example can take longer than hypothesis's default 200 ms deadline without anything being wrong.
settings.register_profile("clouderrors", deadline=None)
settings.load_profile("clouderrors")

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "codegen" / "sources"
# The corpus is not ours to commit: tests read it from ../shared beside the checkout.
CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_path(*parts: str) -> Path:
    """Path inside ../shared/corpus; a missing corpus fails under CI and skips elsewhere."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        message = f"real-world corpus not found at {path}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def run_codegen(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m codegen ARGS` in a subprocess from the repository root, output as text."""
    return subprocess.run(
        [sys.executable, "-m", "codegen", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@pytest.fixture
def seed() -> dict[str, Path]:
    """The five seed pages by short name, as copied into codegen/sources/."""
    return {
        "lts": SOURCES / "huaweicloud-lts-error-codes.md",
        "cts": SOURCES / "huaweicloud-cts-error-codes.rst",
        "cls-2019": SOURCES / "tencentcloud-cls-error-codes-2019-05-15.txt",
        "cls": SOURCES / "tencentcloud-cls-error-codes.md",
        "common": SOURCES / "tencentcloud-api2-common-error-codes-2018-06-14.txt",
    }
