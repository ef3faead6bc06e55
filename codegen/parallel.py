"""Run one function over many items on all cores (`--jobs N`), results as they finish.

With one job (or one item) everything runs in this process: no pool, same results. Workers are
forked where the platform allows it, so they start with the generator already imported.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def default_jobs() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _context() -> multiprocessing.context.BaseContext:
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


class Workers:
    """A pool of `jobs` processes, started on first use; `with Workers(jobs) as workers: ...`."""

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers: queued work is dropped, running work is waited for."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def unordered(
        self, function: Callable[[Item], Result], items: Sequence[Item]
    ) -> Iterator[Result]:
        """function(item) for each item, yielded as each finishes. Items are started in the
        order given (put the longest first). The first exception is raised as soon as seen."""
        if self.jobs == 1 or len(items) <= 1:
            for item in items:
                yield function(item)
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=_context(),
                initializer=_exit_with_parent,
                initargs=(os.getpid(),),
            )
        pending: set[Future[Result]] = {self._pool.submit(function, item) for item in items}
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
        finally:
            for future in pending:
                future.cancel()

    def ordered(self, function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
        """[function(item) for item in items], computed on the pool."""
        numbered = list(enumerate(items))
        results: dict[int, Result] = {}
        numbered_function: _Numbered[Item, Result] = _Numbered(function)
        for number, result in self.unordered(numbered_function, numbered):
            results[number] = result
        return [results[number] for number in range(len(items))]


def _exit_with_parent(parent: int) -> None:
    """In a worker: end when the run that started it is gone (killed), instead of waiting for
    work forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class _Numbered(Generic[Item, Result]):
    """function(item) with the item's number kept beside the result (picklable)."""

    def __init__(self, function: Callable[[Item], Result]) -> None:
        self.function = function

    def __call__(self, numbered: tuple[int, Item]) -> tuple[int, Result]:
        number, item = numbered
        return number, self.function(item)
