"""Retrying: a predicate and a wait for retry libraries (tenacity's `retry=` and `wait=`).

Nothing here imports a retry library: the wait reads only what tenacity hands every wait
(`retry_state.outcome`), so it works with any tenacity version and costs nothing without it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from clouderrors._errors import CloudAPIError


def is_retryable(exc: BaseException) -> bool:
    """True when `exc` is a clouderrors error that sending the same request again can cure
    (throttling, server errors and the codes documented as transient):
    `tenacity.retry_if_exception(clouderrors.is_retryable)`."""
    return isinstance(exc, CloudAPIError) and exc.retryable is True


class wait_retry_after:  # lower case, as tenacity names its waits
    """A tenacity `wait=`: the seconds the server asked for in `Retry-After` (the error's
    `retry_after`), else what `fallback` (another wait) says.

        tenacity.retry(
            retry=tenacity.retry_if_exception(clouderrors.is_retryable),
            wait=clouderrors.wait_retry_after(tenacity.wait_exponential(max=30)),
            stop=tenacity.stop_after_attempt(5),
        )

    `max_wait` bounds what a server may ask for (a `Retry-After` of a day waits `max_wait`): set
    it, as without it the server decides. Even then a wait is at most 2**30 seconds (34 years),
    which every platform's `time.sleep` accepts: a `Retry-After` of 20 digits never makes the
    retry library's sleep raise OverflowError.
    """

    __slots__ = ("fallback", "max_wait")
    fallback: Callable[[Any], float]
    max_wait: float | None

    def __init__(self, fallback: Callable[[Any], float], *, max_wait: float | None = None) -> None:
        if not callable(fallback):
            raise TypeError(
                "wait_retry_after(fallback): fallback must be a tenacity wait (a callable of"
                f" the retry state), not {type(fallback).__name__}"
            )
        if max_wait is not None and not (isinstance(max_wait, (int, float)) and max_wait >= 0):
            raise ValueError("wait_retry_after(max_wait=): a number of seconds >= 0, or None")
        self.fallback = fallback
        self.max_wait = max_wait

    def __call__(self, retry_state: Any) -> float:
        seconds = _asked_for(retry_state)
        if seconds is None:
            return float(self.fallback(retry_state))
        if self.max_wait is not None:
            seconds = min(seconds, float(self.max_wait))
        return min(seconds, _LONGEST_WAIT)

    def __repr__(self) -> str:
        return f"wait_retry_after({self.fallback!r}, max_wait={self.max_wait!r})"


# A wait every platform's time.sleep accepts (about 34 years): beyond about 292 years it raises
# OverflowError, near that OSError, and a 32-bit time_t ends at 2**31 seconds.
_LONGEST_WAIT = float(2**30)

# Shown as clouderrors.wait_retry_after in help() and reprs, where users find it.
wait_retry_after.__module__ = "clouderrors"


def _asked_for(retry_state: Any) -> float | None:
    """The retry_after of the exception the last attempt raised, if it is a clouderrors error
    with one."""
    outcome = getattr(retry_state, "outcome", None)
    if outcome is None or not getattr(outcome, "failed", False):
        return None
    error = outcome.exception()
    if not isinstance(error, CloudAPIError):
        return None
    seconds = error.retry_after
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return None
    return float(seconds)
