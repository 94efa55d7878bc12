"""Atomic file writes: a temporary file in the destination folder, then rename.

A crash or kill at any moment leaves either the old file or the new one at the
destination, never a partial one.
"""
from __future__ import annotations

import os
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def atomic_path(dest: Path, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; on success it replaces ``dest``."""
    dest = Path(dest)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=suffix or dest.suffix + ".part", dir=dest.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, dest)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def ensure_output_folder(dest: Path, create: bool = False) -> None:
    """The folder ``dest`` will be written into must exist and be writable
    (``create``: make it, for default locations such as output/ and voices/)."""
    from .errors import UserError

    if Path(dest).is_dir():
        raise UserError(f"{dest} is a folder; give a file name inside it as the output")
    parent = Path(dest).parent
    if parent.exists():
        if not parent.is_dir():
            raise UserError(f"{parent} is not a folder; choose another output path")
        if not os.access(parent, os.W_OK):
            raise UserError(f"folder {parent} is not writable; choose another --output")
        return
    if create:
        parent.mkdir(parents=True, exist_ok=True)
        return
    raise UserError(f"folder {parent} does not exist; create it or choose another --output")


def write_bytes_atomic(dest: Path, data: bytes) -> None:
    with atomic_path(dest) as tmp:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())


def write_text_atomic(dest: Path, text: str) -> None:
    write_bytes_atomic(dest, text.encode("utf-8"))


def remove_files(paths) -> int:
    """Remove each of these files that can be removed; returns how many were."""
    removed = 0
    for path in paths:
        try:
            path.unlink()
            removed += 1
        except OSError:
            continue
    return removed


def remove_orphaned_temps(candidates, prefix: str) -> int:
    """Remove temporary files named ``<prefix><pid>-…`` whose process is gone
    (left by a killed build); a live build's files stay.  Returns how many."""
    def orphaned(path) -> bool:
        pid = path.name[len(prefix):].split("-", 1)[0]
        return pid.isdigit() and not process_alive(int(pid))

    return remove_files(p for p in candidates if orphaned(p))


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_INSIST = 3  # the third Ctrl-C (or SIGTERM) during a clean-up is not held: the user insists
_holding = False  # a clean-up is holding signals (an inner one just runs)


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Run a clean-up (stopping child processes and threads, removing
    temporary files) to its end even if Ctrl-C or SIGTERM comes meanwhile:
    the signal's handler is called on leaving instead (raising
    KeyboardInterrupt there), so an impatient second Ctrl-C cannot cut the
    clean-up short and leave files or processes behind; a third is not held.
    Only the main thread can hold signals; elsewhere this does nothing.
    Signals ignored or left to the system (SIG_IGN, SIG_DFL) are not touched."""
    global _holding
    if _holding or threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous: dict = {}

    def hold(signum, frame):
        held.append(signum)
        if len(held) >= _INSIST:
            handler = previous.get(signum)
            _restore(previous)
            previous.clear()
            if callable(handler):
                handler(signum, frame)

    try:
        for signum in HELD_SIGNALS:
            handler = signal.getsignal(signum)
            if callable(handler):
                previous[signum] = handler
                signal.signal(signum, hold)
    except (ValueError, OSError):  # not the main interpreter: nothing held
        _restore(previous)
        previous.clear()
    _holding = True
    try:
        yield
    finally:
        _holding = False
        handlers = dict(previous)
        _restore(previous)
        if held and handlers.get(held[0]):
            handlers[held[0]](held[0], None)  # KeyboardInterrupt, as Ctrl-C would have raised


def _restore(previous: dict) -> None:
    for signum, handler in previous.items():
        try:
            signal.signal(signum, handler)
        except (ValueError, OSError):
            pass
