"""Share independent work among forked processes.

Attribution scores each turn of a pass, and decodes each conversation run,
independently of the others; on a multi-core machine the turns are split
among processes forked for the occasion.  A forked child inherits the
book's data as it stands (nothing is pickled on the way in); only the
results travel back.  Where fork is not the safe default (not Linux) or the
work is small, everything runs here, in order.
"""
from __future__ import annotations

import os
import sys
from typing import Callable

MAX_WORKERS = 4

_TASK: Callable[[int], object] | None = None  # what a forked child inherits


def cpu_count() -> int:
    """CPUs this process may use (1 where fork is not the safe default)."""
    if not sys.platform.startswith("linux"):
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), MAX_WORKERS))


def _slice(args: tuple[int, int, int]) -> list:
    start, n, step = args
    return [_TASK(i) for i in range(start, n, step)]


def forked_map(task: Callable[[int], object], n: int, workers: int) -> list:
    """[task(0), ..., task(n - 1)].  With workers > 1, forked children take
    the interleaved slices 1, 2, ... (neighbouring items cost alike, so the
    shares are even) while this process takes slice 0."""
    if workers <= 1 or n < 2 * workers:
        return [task(i) for i in range(n)]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _TASK
    _TASK = task
    try:
        # (an executor, not a Pool: a child killed by the system breaks it instead of hanging it)
        with ProcessPoolExecutor(workers - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            pending = [pool.submit(_slice, (i, n, workers)) for i in range(1, workers)]
            slices = [[task(i) for i in range(0, n, workers)]] + [f.result() for f in pending]
    except (OSError, BrokenProcessPool):  # no semaphores here (/dev/shm), or a child died: do it all here
        return [task(i) for i in range(n)]
    finally:
        _TASK = None
    out: list = [None] * n
    for i, part in enumerate(slices):
        out[i::workers] = part
    return out
