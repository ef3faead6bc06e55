"""The output folder (issue 10 items 10 and 13): only paths the layout produces are ever written
or removed; a folder that holds generated files elsewhere, an out path that is a file or under
one, a file-size limit, a temp file deleted under the run: one line, exit 2, and the package
left as it was (or, past the first replace, every module old or new and importable); two runs
into one folder wait for each other."""

from __future__ import annotations

import fcntl
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from codegen.cli import main
from codegen.write import generated_files, temp_files
from tests.conftest import ROOT, SOURCES
from tests.test_generate import MANIFEST, PACKAGE, sample_package, tree_digest
from tests.test_interrupted_generation import codes_of, raise_every_code

PYTHON = sys.executable
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")])}


def copy_of_package(folder: Path) -> Path:
    out = folder / "clouderrors"
    shutil.copytree(sample_package(), out, ignore=shutil.ignore_patterns("__pycache__"))
    return out


@pytest.fixture(scope="module")
def changed_manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed manifest over copies of its pages, each one newline longer: every file changes."""
    folder = tmp_path_factory.mktemp("changed")
    text = MANIFEST.read_text(encoding="utf-8")
    for page in sorted(SOURCES.iterdir()):
        (folder / page.name).write_bytes(page.read_bytes() + b"\n")
        text = text.replace(f'"sources/{page.name}"', f'"{(folder / page.name).as_posix()}"')
    manifest = folder / "changed.toml"
    manifest.write_text(text, encoding="utf-8")
    return manifest


def codegen_command(manifest: Path, out: Path) -> list[str]:
    return [PYTHON, "-m", "codegen", "generate", "--manifest", str(manifest), "--out", str(out)]


def generate_out(out: Path, *extra: str) -> int:
    return main(["generate", "--manifest", str(MANIFEST), "--out", str(out), *extra])


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


# --- item 10: --out removes only what the layout produces --------------------------------------


def test_out_one_folder_too_high_is_refused_and_nothing_is_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    copy_of_package(src)
    before = tree_digest(src)
    capsys.readouterr()
    assert generate_out(src) == 2  # `--out src`, a typo for `--out src/clouderrors`
    error = one_line(capsys.readouterr().err)
    assert "outside the package layout" in error and "clouderrors/huaweicloud/" in error
    assert tree_digest(src) == before


@pytest.mark.parametrize(
    "elsewhere", ["projects/tool/lib/generated.py", "notes.py", "a/b/lts.py", "a/b/__init__.py"]
)
def test_generated_files_outside_the_layout_refuse_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], elsewhere: str
) -> None:
    home = tmp_path / "home"
    marked = home / elsewhere
    marked.parent.mkdir(parents=True, exist_ok=True)
    marked.write_bytes((PACKAGE / "huaweicloud" / "lts.py").read_bytes())
    (home / "mine.txt").write_text("mine\n", encoding="utf-8")
    before = tree_digest(home)
    capsys.readouterr()
    assert generate_out(home) == 2
    assert elsewhere in one_line(capsys.readouterr().err)
    assert tree_digest(home) == before


def test_stale_files_are_removed_only_at_layout_positions(tmp_path: Path) -> None:
    out = copy_of_package(tmp_path)
    marked = (PACKAGE / "huaweicloud" / "lts.py").read_bytes()
    (out / "huaweicloud" / "gone.py").write_bytes(marked)  # a service no longer listed
    (out / "huaweicloud" / "notes.txt").write_bytes(marked)  # not a module: never touched
    (out / "huaweicloud" / "mine.py").write_text("# mine\n", encoding="utf-8")
    assert generate_out(out) == 0
    assert not (out / "huaweicloud" / "gone.py").exists()
    assert (out / "huaweicloud" / "notes.txt").read_bytes() == marked
    assert (out / "huaweicloud" / "mine.py").read_text(encoding="utf-8") == "# mine\n"


# --- item 13: write errors ----------------------------------------------------------------------


def test_out_path_that_is_a_file_or_under_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x\n", encoding="utf-8")
    for out, problem in ((afile, "it is a file"), (afile / "pkg", "it is under a file")):
        capsys.readouterr()
        assert generate_out(out) == 2
        assert problem in one_line(capsys.readouterr().err)
        assert afile.read_text(encoding="utf-8") == "x\n"


def _file_size_limit() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_file_too_large_leaves_the_package_as_it_was(
    tmp_path: Path, changed_manifest: Path
) -> None:
    out = copy_of_package(tmp_path)
    before = tree_digest(out)
    run = subprocess.run(
        codegen_command(changed_manifest, out),
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=_file_size_limit,
    )
    assert run.returncode == 2, run.stderr
    assert "(EFBIG)" in one_line(run.stderr)
    assert tree_digest(out) == before  # no module replaced, no temp file left


DELETE_OTHER_TEMP_FILES = textwrap.dedent("""
    import glob, os, sys

    def hook(event, args):
        # At the first replace, another run deletes every other temp file of this one.
        if event == "os.rename" and not getattr(hook, "done", False):
            hook.done = True
            folder = os.path.dirname(os.path.dirname(str(args[1])))
            for path in glob.glob(os.path.join(folder, "**", ".*.tmp"), recursive=True):
                if path != str(args[0]):
                    os.unlink(path)

    sys.addaudithook(hook)
    from codegen.cli import main
    sys.exit(main(sys.argv[1:]))
    """)


def test_temp_files_deleted_under_the_run(tmp_path: Path, changed_manifest: Path) -> None:
    out = copy_of_package(tmp_path)
    old = {relative: (out / relative).read_bytes() for relative in generated_files(out)}
    arguments = ["generate", "--manifest", str(changed_manifest), "--out", str(out)]
    run = subprocess.run(
        [PYTHON, "-c", DELETE_OTHER_TEMP_FILES, *arguments],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2, run.stderr
    assert "cannot replace" in one_line(run.stderr)
    now = {relative: (out / relative).read_bytes() for relative in generated_files(out)}
    assert sorted(now) == sorted(old)
    assert sum(now[relative] != old[relative] for relative in now) == 1  # the first replace only
    assert temp_files(out) == []
    codes = codes_of(out)
    assert sorted(raise_every_code(out, codes)) == [code for code, _ in codes]
    assert main(arguments) == 0 and main([*arguments, "--check"]) == 0


def test_two_runs_into_one_folder_wait_for_each_other(
    tmp_path: Path, changed_manifest: Path
) -> None:
    out = copy_of_package(tmp_path)
    before = tree_digest(out)
    descriptor = os.open(out, os.O_RDONLY)
    fcntl.flock(descriptor, fcntl.LOCK_EX)  # another run is writing
    try:
        process = subprocess.Popen(
            codegen_command(changed_manifest, out),
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        assert process.stdout.readline().startswith("waiting for another run")
        assert tree_digest(out) == before
    finally:
        os.close(descriptor)
    output, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors
    # Every file made from a page: the index and its codes, two vendor packages, lts, cts,
    # common, and CLS's table module and stub (the services read from the SDK alone are not).
    assert "9 written" in output
