"""Share independent work among forked processes.

Attribution scores each turn of a pass, and decodes each conversation run,
independently of the others; on a multi-core machine the turns are split
among processes forked for the occasion.  A forked child inherits the
book's data as it stands (nothing is pickled on the way in), works out its
share, sends it back down a pipe and exits: it never waits on anything, so
a parent that is killed leaves no child behind for longer than its share
takes.  Where fork is not the safe default (not Linux) or the work is
small, everything runs here, in order.
"""
from __future__ import annotations

import os
import pickle
import sys
from typing import Callable

MAX_WORKERS = 4


def cpu_count() -> int:
    """CPUs this process may use (1 where fork is not the safe default)."""
    if not sys.platform.startswith("linux"):
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), MAX_WORKERS))


def forked_map(task: Callable[[int], object], n: int, workers: int, min_share: int = 2) -> list:
    """[task(0), ..., task(n - 1)].  With workers > 1, forked children take
    the interleaved slices 1, 2, ... (neighbouring items cost alike, so the
    shares are even) while this process takes slice 0.  A child that cannot
    be forked or dies before it answers has its share done here.  Fewer than
    `min_share` items a worker are all done here (a fork would not pay)."""
    if workers <= 1 or n < min_share * workers:
        return [task(i) for i in range(n)]
    children: dict[int, tuple[int, int]] = {}  # slice -> (pid, read end)
    for i in range(1, workers):
        try:
            r, w = os.pipe()
        except OSError:  # out of file descriptors: this slice is done here
            continue
        try:
            pid = os.fork()
        except OSError:  # out of processes or memory: the same
            os.close(r)
            os.close(w)
            continue
        if pid == 0:
            _answer(task, i, n, workers, r, w)
        os.close(w)
        children[i] = (pid, r)
    slices = [[task(j) for j in range(0, n, workers)]]
    for i in range(1, workers):
        part = _collect(*children[i]) if i in children else None
        slices.append(part if part is not None else [task(j) for j in range(i, n, workers)])
    out: list = [None] * n
    for i, part in enumerate(slices):
        out[i::workers] = part
    return out


def _answer(task, i: int, n: int, workers: int, r: int, w: int) -> None:
    """In the child: slice i, pickled down the pipe; then exit at once (no
    cleanup of the parent's state, no flushing of its buffered output)."""
    code = 1
    try:
        os.close(r)
        data = pickle.dumps([task(j) for j in range(i, n, workers)], pickle.HIGHEST_PROTOCOL)
        with os.fdopen(w, "wb") as f:
            f.write(data)
        code = 0
    finally:
        os._exit(code)


def _collect(pid: int, r: int):
    """The child's slice, or None when it died without a whole answer."""
    with os.fdopen(r, "rb") as f:
        data = f.read()
    _, status = os.waitpid(pid, 0)
    if status != 0:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # a truncated answer
        return None
