"""A generation killed (SIGKILL) at every step that changes the package: after each kill the
package still imports and raises (every module is the old or the new version, whole), and the
next run repairs the tree (`--check` is clean after it).

The kill comes from outside the generator: a wrapper process runs `python -m codegen generate`
with an audit hook (sys.addaudithook) that counts the os.replace / os.remove calls of the run
and kills the process at the Nth. The generator itself has no test switch.

The update played: a small manifest (LTS, CLS, common) becomes LTS (changed), CTS (new
service) and common (changed), so the run replaces modules, adds one, removes CLS's and
rewrites both vendor packages and the index.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from codegen.cli import main
from codegen.write import generated_files, temp_files
from tests.conftest import ROOT, SOURCES
from tests.test_generate import hand_written_core

PYTHON = sys.executable
ENTRY = '[[document]]\npath = "{}"\nvendor = "{}"\nservice = "{}"\n\n'
# Kills the run at the Nth call that changes the tree (argv[1]); the rest of argv is the CLI's.
WRAPPER = textwrap.dedent("""
    import os, signal, sys

    limit = int(sys.argv[1])
    seen = 0
    run = os.getpid()

    def hook(event, args):
        global seen
        if event in ("os.rename", "os.remove") and os.getpid() == run:
            seen += 1
            if seen == limit:
                os.kill(run, signal.SIGKILL)

    sys.addaudithook(hook)
    from codegen.cli import main
    sys.exit(main(sys.argv[2:]))
    """)
# Raises every code of both versions in the package beside it; prints the classes as JSON.
RAISE_EVERY_CODE = textwrap.dedent("""
    import json, sys
    import clouderrors

    found = {}
    for code, status in json.loads(sys.argv[1]):
        try:
            clouderrors.raise_for_error(
                type("R", (), {"status_code": status, "headers": {}, "url": "",
                               "content": json.dumps({"error_code": code, "error_msg": "m",
                                                      "code": code}).encode()})()
            )
        except clouderrors.CloudAPIError as error:
            found[code] = type(error).__module__
    print(json.dumps(found))
    """)


def manifest(folder: Path, name: str, pages: list[tuple[str, str, str]]) -> Path:
    path = folder / name
    text = "".join(
        ENTRY.format(page.as_posix(), vendor, service)
        for page, vendor, service in [
            (folder / file, vendor, service) for file, vendor, service in pages
        ]
    )
    path.write_text(text, encoding="utf-8")
    return path


def contents(out: Path) -> dict[str, bytes]:
    return {relative: (out / relative).read_bytes() for relative in generated_files(out)}


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(new manifest, the package generated from the old manifest, the one from the new)."""
    folder = tmp_path_factory.mktemp("story")
    for page in SOURCES.iterdir():
        shutil.copy(page, folder / page.name)
    for name in (
        "huaweicloud-lts-error-codes.md",
        "tencentcloud-api2-common-error-codes-2018-06-14.txt",
    ):
        changed = folder / f"new-{name}"
        changed.write_bytes((folder / name).read_bytes() + b"\n")
    old = manifest(
        folder,
        "old.toml",
        [
            ("huaweicloud-lts-error-codes.md", "huaweicloud", "huaweicloud.lts"),
            ("tencentcloud-cls-error-codes.md", "tencentcloud", "tencentcloud.cls"),
            (
                "tencentcloud-api2-common-error-codes-2018-06-14.txt",
                "tencentcloud",
                "tencentcloud.common",
            ),
        ],
    )
    new = manifest(
        folder,
        "new.toml",
        [
            ("new-huaweicloud-lts-error-codes.md", "huaweicloud", "huaweicloud.lts"),
            ("huaweicloud-cts-error-codes.rst", "huaweicloud", "huaweicloud.cts"),
            (
                "new-tencentcloud-api2-common-error-codes-2018-06-14.txt",
                "tencentcloud",
                "tencentcloud.common",
            ),
        ],
    )
    trees = []
    for name, chosen in (("old", old), ("new", new)):
        out = folder / name / "clouderrors"
        hand_written_core(out)
        assert main(["generate", "--manifest", str(chosen), "--out", str(out)]) == 0
        trees.append(out)
    return new, trees[0], trees[1]


def codes_of(out: Path) -> list[tuple[str, int]]:
    """Every documented code of a generated package with its status (404 where it has none)."""
    found = []
    for relative in generated_files(out):
        tree = ast.parse((out / relative).read_bytes())
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                values = {
                    statement.targets[0].id: statement.value
                    for statement in node.body
                    if isinstance(statement, ast.Assign)
                    and isinstance(statement.targets[0], ast.Name)
                }
                if "code" in values:
                    status = values.get("http_status")
                    number = status.value if isinstance(status, ast.Constant) else None
                    found.append((values["code"].value, number if isinstance(number, int) else 404))
    return sorted(set(found))


def raise_every_code(out: Path, codes: list[tuple[str, int]]) -> dict[str, str]:
    result = subprocess.run(
        [PYTHON, "-c", RAISE_EVERY_CODE, json.dumps(codes)],
        cwd=out.parent,
        env={**os.environ, "PYTHONPATH": str(out.parent)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr  # no ImportError (or anything) escaped
    found: dict[str, str] = json.loads(result.stdout)
    return found


# The run replaces 3 modules, 2 vendor packages, the index and its codes, then removes CLS's
# module: 8 steps. Step 9 is past the end: that run completes, which shows there is no 9th.
STEPS = 8


@pytest.mark.parametrize("step", range(1, STEPS + 2))
def test_killed_at_every_replace_and_removal(
    tmp_path: Path, story: tuple[Path, Path, Path], step: int
) -> None:
    new_manifest, old_tree, new_tree = story
    old, new = contents(old_tree), contents(new_tree)
    codes = sorted(set(codes_of(old_tree)) | set(codes_of(new_tree)))
    wrapper = tmp_path / "kill_at.py"
    wrapper.write_text(WRAPPER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")])}
    out = tmp_path / "clouderrors"
    shutil.copytree(old_tree, out)
    arguments = ["generate", "--manifest", str(new_manifest), "--out", str(out)]
    run = subprocess.run(
        [PYTHON, str(wrapper), str(step), *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if step > STEPS:
        assert run.returncode == 0, run.stderr
        assert contents(out) == new
        return
    assert run.returncode == -9, run.stderr
    for relative, data in contents(out).items():
        assert data in (old.get(relative), new.get(relative)), f"{relative} is neither version"
    found = raise_every_code(out, codes)
    assert sorted(found) == [code for code, _ in codes]

    assert main(arguments) == 0
    assert main([*arguments, "--check"]) == 0
    assert contents(out) == new
    assert temp_files(out) == []  # the staged files the killed run left are gone


@pytest.mark.parametrize("damage", ["missing", "syntax error", "raises on import"])
def test_a_service_module_that_cannot_be_imported_is_an_unknown_service(
    tmp_path: Path, story: tuple[Path, Path, Path], damage: str
) -> None:
    _, old_tree, _ = story
    out = tmp_path / "clouderrors"
    shutil.copytree(old_tree, out)
    module = out / "huaweicloud" / "lts.py"
    if damage == "missing":
        module.unlink()
    elif damage == "syntax error":
        module.write_bytes(module.read_bytes()[:-200])
    else:
        module.write_text("raise RuntimeError('half a package')\n", encoding="utf-8")
    found = raise_every_code(out, [("LTS.0101", 400), ("LTS.0201", 404)])
    # The category fallback of the vendor, not the documented class (its module is broken).
    assert found == {"LTS.0101": "clouderrors._errors", "LTS.0201": "clouderrors._errors"}
