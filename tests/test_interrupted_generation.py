"""A generation killed (SIGKILL) while writing: every module is the old or the new version, whole,
and the next run repairs the tree (`--check` is clean after it).

The run rewrites every generated file of a copy of the committed package (the seed pages with
one more trailing newline: every header's sha256 changes). codegen/write.py announces each step
of writing on stderr and waits there for a line on stdin when CODEGEN_TEST_PAUSE_WRITES is
"stdin", so a test can kill the run at a chosen step; other runs pause 10 ms a step and are killed
at a random moment.
"""

from __future__ import annotations

import ast
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from codegen.cli import main
from codegen.write import PAUSE_VARIABLE, generated_files, temp_files
from tests.conftest import ROOT, SOURCES
from tests.test_generate import MANIFEST, PACKAGE

PYTHON = sys.executable
STEPS_PER_FILE = 3  # temp file created, temp file filled, file replaced


def copy_of_package(folder: Path) -> Path:
    out = folder / "pkg" / "clouderrors"
    shutil.copytree(PACKAGE, out, ignore=shutil.ignore_patterns("__pycache__"))
    return out


def contents(out: Path) -> dict[str, bytes]:
    return {relative: (out / relative).read_bytes() for relative in generated_files(out)}


@pytest.fixture(scope="module")
def versions(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """(changed manifest, old generated files, new generated files)."""
    folder = tmp_path_factory.mktemp("changed")
    text = MANIFEST.read_text(encoding="utf-8")
    for page in sorted(SOURCES.iterdir()):
        (folder / page.name).write_bytes(page.read_bytes() + b"\n")
        text = text.replace(f'"sources/{page.name}"', f'"{(folder / page.name).as_posix()}"')
    manifest = folder / "changed.toml"
    manifest.write_text(text, encoding="utf-8")
    new_tree = copy_of_package(folder / "reference")
    assert main(["generate", "--manifest", str(manifest), "--out", str(new_tree)]) == 0
    old, new = contents(PACKAGE), contents(new_tree)
    assert sorted(old) == sorted(new) and len(old) == 7
    assert all(old[relative] != new[relative] for relative in old), "every file must change"
    return manifest, old, new


def start(manifest: Path, out: Path, pause: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
        PAUSE_VARIABLE: pause,
    }
    return subprocess.Popen(
        [PYTHON, "-m", "codegen", "generate", "--manifest", str(manifest), "--out", str(out)],
        cwd=out.parent,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.stderr is not None and process.stdin is not None
    process.stderr.close()
    process.stdin.close()


def assert_whole_files(out: Path, old: dict[str, bytes], new: dict[str, bytes]) -> list[str]:
    """Every module parses and is the old or the new version; returns those already new."""
    now = contents(out)
    assert sorted(now) == sorted(old)
    renewed = []
    for relative, data in now.items():
        ast.parse(data, filename=relative)
        assert data in (old[relative], new[relative]), f"{relative} is neither old nor new"
        if data == new[relative]:
            renewed.append(relative)
    return renewed


def assert_repaired(manifest: Path, out: Path, new: dict[str, bytes]) -> None:
    assert main(["generate", "--manifest", str(manifest), "--out", str(out)]) == 0
    assert main(["generate", "--manifest", str(manifest), "--out", str(out), "--check"]) == 0
    assert contents(out) == new
    assert temp_files(out) == []


# Steps to kill at (0-based, 3 per file): before the first byte, with the first temp file full,
# after the first replace, in the middle, with the last temp file full.
@pytest.mark.parametrize("step", [0, 1, 2, 10, 19])
def test_killed_at_a_step_of_writing(
    tmp_path: Path, versions: tuple[Path, dict[str, bytes], dict[str, bytes]], step: int
) -> None:
    manifest, old, new = versions
    out = copy_of_package(tmp_path)
    process = start(manifest, out, pause="stdin")
    assert process.stderr is not None and process.stdin is not None
    announced: list[str] = []
    while True:
        line = process.stderr.readline()
        assert line, f"the run ended before step {step}: {announced}"
        if not line.startswith("paused: "):
            continue
        announced.append(line.removeprefix("paused: ").rstrip("\n"))
        if len(announced) > step:
            break
        process.stdin.write("go\n")  # on to the next step
        process.stdin.flush()
    kill(process)

    renewed = assert_whole_files(out, old, new)
    replaced = [step for step in announced if step.startswith("replaced ")]
    assert len(renewed) == len(replaced)
    # Killed before its replace, a temp file is left behind: the next run removes it.
    left = [(out / relative) for relative in temp_files(out)]
    if announced[-1].startswith("replaced "):
        assert left == []
    else:
        assert [str(path) for path in left] == [announced[-1].split(" ", 1)[1]]
    assert_repaired(manifest, out, new)


@pytest.mark.parametrize("seed", [1, 2])
def test_killed_at_a_random_moment(
    tmp_path: Path, versions: tuple[Path, dict[str, bytes], dict[str, bytes]], seed: int
) -> None:
    manifest, old, new = versions
    out = copy_of_package(tmp_path)
    process = start(manifest, out, pause="0.01")  # writing then lasts about 0.2 s
    assert process.stderr is not None
    assert process.stderr.readline().startswith("paused: ")  # writing has begun
    time.sleep(random.Random(seed).uniform(0, 0.25))
    kill(process)
    assert_whole_files(out, old, new)
    assert_repaired(manifest, out, new)
