"""Put generated files on disk: each staged as a temp file beside its target, then every target
replaced in dependency order (codegen/layout.py), then stale files removed.

Only files whose first line is the generated marker, at layout positions, are ever replaced or
removed; a hand-written file in the way is an error reported before anything is written. While
staging, nothing of the package has changed yet: a failure there (disk full, file too large)
removes the temp files and leaves the package as it was. A run that was killed can leave temp
files behind (never a half-written module); the next run removes them. One run at a time holds
the output folder's lock; a second run waits for it.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from codegen.layout import is_layout_path, layout_files, python_files
from codegen.manifest import DocumentSpec, shown_path
from codegen.render import MARKER

_MARKER_BYTES = MARKER.encode("utf-8")
# Temp files of stage(): ".lts.py." (".lts.pyi.") + tempfile's 8 random characters + ".tmp".
_TEMP_FILE = re.compile(r"\..+\.pyi?\.[a-z0-9_]{8}\.tmp\Z")


class WriteError(Exception):
    """The output folder cannot be written as asked; str() is one line naming the path."""


def is_generated(path: Path) -> bool:
    """Whether the file starts with the generated marker line."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(len(_MARKER_BYTES) + 2)
    except OSError:
        return False
    return first.rstrip(b"\r\n") == _MARKER_BYTES


def generated_files(out: Path) -> list[str]:
    """Relative paths of the generated files at layout positions under `out`."""
    return [relative for relative in layout_files(out) if is_generated(out / relative)]


def foreign_generated_file(out: Path) -> str | None:
    """A generated file under `out` at no layout position (the first found), else None."""
    for relative in python_files(out):
        if not is_layout_path(relative) and is_generated(out / relative):
            return relative
    return None


def temp_files(out: Path) -> list[str]:
    """Relative paths of the temp files that killed runs left at layout positions under `out`."""
    if not out.is_dir():
        return []
    folders = [out, *(path for path in sorted(out.iterdir()) if _is_vendor_folder(path))]
    found = []
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if _TEMP_FILE.match(path.name) and path.is_file():
                found.append(path.relative_to(out).as_posix())
    return found


def _is_vendor_folder(path: Path) -> bool:
    return path.name.isidentifier() and path.is_dir() and not path.is_symlink()


def check_out(out: Path) -> None:
    """Refuse an output path that cannot hold the package, or that holds generated files this
    layout does not produce (a folder above the package, given by mistake)."""
    for folder in (out, *out.parents):
        if folder.exists() and not folder.is_dir():
            what = "is a file" if folder == out else f"is under a file ({shown_path(folder)})"
            raise WriteError(f"{shown_path(out)}: cannot generate into it: it {what}")
        if folder.exists():
            break
    if not out.is_dir():
        return
    foreign = foreign_generated_file(out)
    if foreign is not None:
        raise WriteError(
            f"{shown_path(out)}: refusing to generate here: it holds a generated file outside "
            f"the package layout ({foreign}); is --out the package folder?"
        )


@contextmanager
def locked(out: Path, exclusive: bool) -> Iterator[None]:
    """Hold the output folder's lock (flock on the folder itself, so no lock file is left).
    A writing run takes it exclusively and waits for any other run; --check shares it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no flock (Windows): runs are not serialized
        yield
        return
    # A folder not made yet is locked through the nearest one that exists: two runs into one
    # new folder still wait for each other, and a run stopped by a bad document creates nothing.
    folder = next(folder for folder in (out, *out.parents) if folder.is_dir())
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(descriptor, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another run generating into {shown_path(out)}", flush=True)
            fcntl.flock(descriptor, mode)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def prepare_out(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{shown_path(out)}: cannot create folder: {_reason(exc)}") from None


def _reason(exc: OSError) -> str:
    if exc.errno == errno.EFBIG:
        return "file too large for this file system or process limit (EFBIG)"
    if exc.errno == errno.ENOSPC:
        return "no space left on device (ENOSPC)"
    return exc.strerror or str(exc)


def stage(out: Path, relative: str, data: bytes) -> str:
    """Write `data` to a new temp file beside out/relative (fsynced, with the target's mode);
    returns the temp file's path. Nothing of the package changes."""
    target = out / relative
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as exc:
        raise WriteError(f"{shown_path(target)}: cannot write: {_reason(exc)}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise WriteError(f"{shown_path(target)}: cannot write: {_reason(exc)}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def missing_folders(out: Path, specs: Sequence[DocumentSpec]) -> list[Path]:
    """The output folder, its parents and its vendor folders that do not exist yet."""
    vendors = sorted({spec.vendor for spec in specs})
    folders = [*reversed(out.parents), out, *(out / vendor for vendor in vendors)]
    return [folder for folder in folders if not folder.exists()]


def remove_empty(folders: Sequence[Path]) -> None:
    """Remove those of `folders` that are empty (deepest first): a failed run's own folders."""
    for folder in sorted(folders, key=lambda folder: len(folder.parts), reverse=True):
        try:
            folder.rmdir()
        except OSError:
            pass  # not empty, or gone


def discard(temporaries: Sequence[str]) -> None:
    for temporary in temporaries:
        Path(temporary).unlink(missing_ok=True)


def commit(out: Path, staged: Sequence[tuple[str, str]]) -> None:
    """Replace each target with its staged temp file, in the order given (dependency order).

    Each replace is atomic: a reader sees the old or the new file. A failure here (a temp file
    deleted by someone else) stops at that file; the files before it are new, the rest old,
    which the dependency order keeps importable. The remaining temp files are removed."""
    folders = set()
    for number, (relative, temporary) in enumerate(staged):
        target = out / relative
        try:
            os.replace(temporary, target)
        except OSError as exc:
            discard([temp for _, temp in staged[number:]])
            raise WriteError(f"{shown_path(target)}: cannot replace: {_reason(exc)}") from None
        folders.add(target.parent)
    for folder in sorted(folders):
        _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # folders cannot be opened on some platforms
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def remove(out: Path, relatives: Sequence[str]) -> None:
    """Remove stale generated files and temp files (layout positions only); a vendor folder
    left with nothing but caches goes too."""
    for relative in relatives:
        (out / relative).unlink(missing_ok=True)
    for relative in relatives:
        folder = (out / relative).parent
        if folder != out and folder.is_dir():
            if not any(entry.name != "__pycache__" for entry in folder.iterdir()):
                shutil.rmtree(folder)
