"""Put rendered files on disk: plan first, then write only what changed, each file atomically.

Only files whose first line is the generated marker are ever replaced or removed; a hand-written
file in the way is an error, reported before anything is written. A run that was killed can
leave a temp file behind (never a half-written module); the next run removes it.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from codegen.manifest import shown_path
from codegen.render import MARKER
from codegen.rows import DocumentError

_MARKER_BYTES = MARKER.encode("utf-8")
# write_atomically's temp files: ".lts.py." + tempfile's 8 random characters + ".tmp".
_TEMP_FILE = re.compile(r"\..+\.py\.[a-z0-9_]{8}\.tmp\Z")
# tests/test_interrupted_generation.py sets this so it can kill a run at a step of writing: each
# step is announced on stderr, then waits for a line on stdin ("stdin") or sleeps that many
# seconds. Unset, nothing happens.
PAUSE_VARIABLE = "CODEGEN_TEST_PAUSE_WRITES"


@dataclass
class Plan:
    """What a run would do to the output tree, as paths relative to it (sorted)."""

    write: list[str] = field(default_factory=list)  # new or changed
    unchanged: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)  # generated files no service produces now
    leftovers: list[str] = field(default_factory=list)  # temp files of a run that was killed

    @property
    def changes(self) -> list[str]:
        return sorted(self.write + self.remove + self.leftovers)


def is_generated(path: Path) -> bool:
    """Whether the file starts with the generated marker line."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(len(_MARKER_BYTES) + 2)
    except OSError:
        return False
    return first.rstrip(b"\r\n") == _MARKER_BYTES


def generated_files(out: Path) -> list[str]:
    """Relative paths of the generated files now under `out`."""
    if not out.is_dir():
        return []
    found = []
    for path in out.rglob("*.py"):
        if "__pycache__" not in path.parts and is_generated(path):
            found.append(path.relative_to(out).as_posix())
    return sorted(found)


def plan(out: Path, files: dict[str, str]) -> Plan:
    result = Plan()
    for relative, text in sorted(files.items()):
        target = out / relative
        if target.exists():
            if not is_generated(target):
                raise DocumentError(
                    shown_path(target),
                    1,
                    "exists and is not generated (no marker line); not replacing it",
                )
            if target.read_bytes() == text.encode("utf-8"):
                result.unchanged.append(relative)
                continue
        result.write.append(relative)
    result.remove = [path for path in generated_files(out) if path not in files]
    result.leftovers = temp_files(out)
    return result


def temp_files(out: Path) -> list[str]:
    """Relative paths of the temp files that killed runs left under `out`."""
    if not out.is_dir():
        return []
    return sorted(
        path.relative_to(out).as_posix()
        for path in out.rglob(".*.tmp")
        if "__pycache__" not in path.parts and _TEMP_FILE.match(path.name) and path.is_file()
    )


def _pause(step: str) -> None:
    pause = os.environ.get(PAUSE_VARIABLE)
    if pause:
        print(f"paused: {step}", file=sys.stderr, flush=True)
        if pause == "stdin":
            sys.stdin.readline()
        else:
            time.sleep(float(pause))


def write_atomically(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, then os.replace: readers see old or new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        _pause(f"created {temporary}")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        _pause(f"filled {temporary}")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)
    _pause(f"replaced {path}")


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


def apply(out: Path, files: dict[str, str], planned: Plan) -> None:
    for relative in planned.write:
        write_atomically(out / relative, files[relative].encode("utf-8"))
    for relative in planned.remove + planned.leftovers:
        (out / relative).unlink(missing_ok=True)
    # A vendor package whose generated files are all gone goes too (its caches with it).
    for relative in planned.remove:
        folder = (out / relative).parent
        while folder != out and folder.is_dir():
            if any(entry.name != "__pycache__" for entry in folder.iterdir()):
                break
            shutil.rmtree(folder)
            folder = folder.parent
