"""Run one call in a forked child process and take back its result.

For work whose memory peaks far above what it returns (the whole-book script
analysis): Python keeps most of a peak after the objects are freed (its
arenas and the C heap fragment), and a child's memory goes when it exits, so
the long-lived build process stays as small as what it keeps.  The result
(or the exception) comes back pickled through a pipe.  Where fork is not
available, or threads are running (forking those is unsafe), the call runs
in this process.  The call must not change its arguments: the caller would
not see it.
"""
from __future__ import annotations

import os
import pickle
import threading
import traceback
from typing import Callable, TypeVar

T = TypeVar("T")


def call_in_child(function: Callable[..., T], *args) -> T:
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return function(*args)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _answer(write_end, function, args)
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            ok, value = pickle.load(pipe)
    except EOFError:
        ok, value = False, RuntimeError("the child process died before answering")
    finally:
        os.waitpid(pid, 0)
    if ok:
        return value
    raise value


def _answer(write_end: int, function, args) -> None:
    try:
        try:
            answer = (True, function(*args))
        except BaseException as exc:  # handed to the parent, which raises it
            exc.add_note("".join(traceback.format_exception(exc)).rstrip())  # the child's stack, for --debug
            answer = (False, exc)
        try:
            blob = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            blob = pickle.dumps((False, RuntimeError(f"the result could not be passed back: {exc}")))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(blob)
    finally:
        os._exit(0)  # no atexit handlers, no buffered output flushed twice
