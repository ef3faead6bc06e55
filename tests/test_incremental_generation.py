"""Generation keys: a run with nothing to do proves it from the keys alone (no document read,
no black), a changed input re-renders exactly the files made from it, and the output does not
depend on how many processes made it."""

from __future__ import annotations

import shutil
from pathlib import Path

import black
import pytest

from codegen import fingerprint, generate
from codegen.cli import main
from codegen.write import generated_files
from tests.conftest import SOURCES
from tests.test_generate import COMPARED_MANIFEST, hand_written_core, sample_package

ENTRY = '[[document]]\npath = "{}"\nvendor = "{}"\nservice = "{}"\n\n'
PAGES = [
    ("huaweicloud-lts-error-codes.md", "huaweicloud", "huaweicloud.lts"),
    ("tencentcloud-cls-error-codes.md", "tencentcloud", "tencentcloud.cls"),
    ("tencentcloud-api2-common-error-codes-2018-06-14.txt", "tencentcloud", "tencentcloud.common"),
]


def contents(out: Path) -> dict[str, bytes]:
    return {relative: (out / relative).read_bytes() for relative in generated_files(out)}


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    """(manifest over copies of three seed pages, a package generated from it)."""
    entries = []
    for name, vendor, service in PAGES:
        shutil.copy(SOURCES / name, tmp_path / name)
        entries.append(ENTRY.format((tmp_path / name).as_posix(), vendor, service))
    manifest = tmp_path / "sources.toml"
    manifest.write_text("".join(entries), encoding="utf-8")
    out = tmp_path / "clouderrors"
    hand_written_core(out)
    assert main(["generate", "--manifest", str(manifest), "--out", str(out)]) == 0
    return manifest, out


def no_black(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("black ran")

    monkeypatch.setattr(black, "format_str", refuse)


def test_no_change_run_and_check_read_no_document_and_run_no_black(
    tree: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest, out = tree
    before = contents(out)
    no_black(monkeypatch)
    monkeypatch.setattr(generate, "read", lambda spec: pytest.fail("a document was read"))
    capsys.readouterr()
    for extra in ([], ["--check"]):
        assert main(["generate", "--manifest", str(manifest), "--out", str(out), *extra]) == 0
        assert "all 7 generated files up to date" in capsys.readouterr().out
    assert contents(out) == before


def test_check_finds_a_changed_document_from_the_keys_without_black(
    tree: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest, out = tree
    page = manifest.parent / PAGES[0][0]
    page.write_bytes(page.read_bytes() + b"\n")
    no_black(monkeypatch)
    capsys.readouterr()
    assert main(["generate", "--manifest", str(manifest), "--out", str(out), "--check"]) == 1
    printed = capsys.readouterr().out
    changed = sorted(line.rsplit("/", 2)[-2:] for line in printed.splitlines() if "would" in line)
    expected = [
        ["clouderrors", "_codes.py"],
        ["clouderrors", "_index.py"],
        ["huaweicloud", "__init__.py"],
        ["huaweicloud", "lts.py"],
    ]
    assert changed == expected


def test_a_changed_document_rerenders_only_the_files_made_from_it(
    tree: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    manifest, out = tree
    before = contents(out)
    page = manifest.parent / PAGES[1][0]
    page.write_bytes(page.read_bytes() + b"\n")
    capsys.readouterr()
    assert main(["generate", "--manifest", str(manifest), "--out", str(out)]) == 0
    after = contents(out)
    rewritten = sorted(relative for relative in after if after[relative] != before[relative])
    assert rewritten == [
        "_codes.py",
        "_index.py",
        "tencentcloud/__init__.py",
        "tencentcloud/cls.py",
    ]
    assert "4 written, 3 unchanged, 0 removed" in capsys.readouterr().out


def test_a_hand_edit_below_the_key_is_seen(
    tree: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    manifest, out = tree
    common = out / "tencentcloud" / "common.py"
    original = common.read_bytes()
    common.write_bytes(original.replace(b"retryable = False", b"retryable = True", 1))
    assert main(["generate", "--manifest", str(manifest), "--out", str(out), "--check"]) == 1
    assert main(["generate", "--manifest", str(manifest), "--out", str(out)]) == 0
    assert common.read_bytes() == original


def test_a_change_to_the_generator_changes_every_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = fingerprint.generator_digest()
    templates = tmp_path / "templates"
    shutil.copytree(fingerprint.TEMPLATES, templates)
    monkeypatch.setattr(fingerprint, "TEMPLATES", templates)
    assert fingerprint.generator_digest() == before
    service = templates / "service.py.j2"
    service.write_text(service.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert fingerprint.generator_digest() != before


def test_output_is_the_same_with_one_process_or_several(tmp_path: Path) -> None:
    """One process and two, from nothing, write the same bytes, and those of the sample package
    for every file of it that does not list the services (COMPARED_MANIFEST: every kind of
    generated file, and many more services than processes; an explicit --jobs is used even
    for a run this small)."""
    trees = []
    for jobs in ("1", "2"):
        out = tmp_path / jobs / "clouderrors"
        arguments = ["generate", "--manifest", str(COMPARED_MANIFEST), "--out", str(out)]
        assert main([*arguments, "--jobs", jobs]) == 0
        trees.append(contents(out))
    assert trees[0] == trees[1]
    sample = contents(sample_package())
    listing = {"_codes.py", "_index.py", "tencentcloud/__init__.py"}
    for relative in sorted(set(sample) - listing):
        assert trees[0][relative] == sample[relative], relative


def test_a_service_module_depends_only_on_its_own_documents(
    tree: tuple[Path, Path], tmp_path: Path
) -> None:
    """The keys assume it (a service module's key covers its own documents only)."""
    manifest, out = tree
    alone = tmp_path / "alone.toml"
    lines = manifest.read_text(encoding="utf-8").split("\n\n")
    alone.write_text(lines[1] + "\n", encoding="utf-8")  # CLS only
    other = tmp_path / "alone" / "clouderrors"
    assert main(["generate", "--manifest", str(alone), "--out", str(other)]) == 0
    cls = "tencentcloud/cls.py"
    assert (other / cls).read_bytes() == (out / cls).read_bytes()
