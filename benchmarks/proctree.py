"""Watching a build's process tree from /proc (Linux): memory (PSS and RSS)
and CPU of every descendant, each given a role from its command line.  See
harness.py for what the figures mean."""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_SECONDS = 0.2
CORES = os.cpu_count() or 1
_PAGE = os.sysconf("SC_PAGE_SIZE")
_TICK = os.sysconf("SC_CLK_TCK")


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(name))
    return kids


def tree(root: int) -> list[int]:
    kids = _children_map()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def _pss_rss_cpu(pid: int) -> tuple[int, int, float, int] | None:
    """(PSS bytes, RSS bytes, CPU seconds, start time in ticks) of one process, None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        # utime + stime, plus cutime + cstime: the CPU of children it has
        # reaped (short-lived ffmpeg encoders), counted in full once they exit
        cpu = (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / _TICK
        started = int(fields[19])
        rss = int(fields[21]) * _PAGE
        pss = rss
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        pss = int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
        return pss, rss, cpu, started
    except (OSError, IndexError, ValueError):
        return None


ROLES = ("main", "synthesis_workers", "encoders", "final_mux", "other")
_KCMP, _KCMP_VM = 312, 1  # x86-64 syscall number; "same address space?"
_libc = None


def shares_address_space(pid: int, other: int) -> bool:
    """Do two processes run in one address space (a vfork child not yet exec'd)?
    False where kcmp is not available (then such a child is counted twice)."""
    global _libc
    if _libc is None:
        import ctypes
        import platform

        _libc = ctypes.CDLL(None, use_errno=True) if platform.machine() == "x86_64" else False
    if not _libc:
        return False
    return _libc.syscall(_KCMP, pid, other, _KCMP_VM, 0, 0) == 0


def _argv(pid: int) -> list[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return [a.decode("utf-8", "replace") for a in f.read().split(b"\0") if a]
    except OSError:
        return []  # gone, or a zombie


def role_of(argv: list[str]) -> str:
    """What a descendant of a build does, from its command line: an engine
    worker, an ffmpeg encoding PCM from a pipe, an ffmpeg copying encoded
    audio into the final file (the final mux), or something else (ffprobe...)."""
    program = os.path.basename(argv[0]) if argv else ""
    if program.startswith("ffmpeg"):
        if "pipe:0" in argv:
            return "encoders"
        return "final_mux" if "copy" in argv else "other"
    if program.startswith("python") and "audiobook.engines.workers" in argv:
        return "synthesis_workers"
    return "other"


@dataclass
class Sample:
    t: float  # seconds since the start
    pss: int  # bytes, whole tree
    rss: int
    cpu: float  # CPU seconds used by the tree so far (processes that exited included)
    processes: int
    cached: int | None = None  # cache entries on disk, when a cache folder is watched
    pss_by_role: dict = field(default_factory=dict)  # role -> PSS bytes at this moment
    count_by_role: dict = field(default_factory=dict)  # role -> processes alive at this moment


class TreeMonitor:
    """Samples a process tree's memory and CPU in a thread until ``stop``."""

    def __init__(self, pid: int, cache_dir: Path | None = None, interval: float = SAMPLE_SECONDS):
        self.pid, self.cache_dir, self.interval = pid, cache_dir, interval
        self.samples: list[Sample] = []
        self._roles: dict[tuple[int, int], str] = {}  # (pid, start time): a pid may be reused
        self._stop = threading.Event()
        self._started = time.perf_counter()
        self._last_count = 0.0
        self._count: int | None = None
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def _sample(self) -> None:
        pss = rss = procs = 0
        cpu = 0.0
        by_role: dict[str, int] = {}
        counts: dict[str, int] = {}
        for pid in tree(self.pid):
            # A vfork child not yet exec'd has the build's own pages.  Asked before
            # reading: one that execs meanwhile would show the build's PSS under
            # its new command line (the "encoders" spikes of earlier runs).
            if pid != self.pid and shares_address_space(pid, self.pid):
                continue
            got = _pss_rss_cpu(pid)
            if got is None:
                continue
            role = self._role(pid, got[3])
            by_role[role] = by_role.get(role, 0) + got[0]
            counts[role] = counts.get(role, 0) + 1
            pss += got[0]
            rss += got[1]
            procs += 1
            cpu += got[2]
        now = time.perf_counter() - self._started
        if self.cache_dir is not None and now - self._last_count >= 1.0:  # a scan costs more
            self._count, self._last_count = count_entries(self.cache_dir), now
        # Live processes only: an exited one's CPU is in its parent's reaped-children time.
        self.samples.append(Sample(now, pss, rss, cpu, procs, self._count, by_role, counts))

    def _role(self, pid: int, started: int) -> str:
        """The process's role, decided once its command line is final: a
        process forked a moment ago still shows its parent's until it execs."""
        if pid == self.pid:
            return "main"
        key = (pid, started)
        if key not in self._roles:
            argv = _argv(pid)
            if not argv or argv == _argv(self.pid):
                return "other"  # not exec'd yet, or already gone: ask again next time
            self._roles[key] = role_of(argv)
        return self._roles[key]

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_pss(self) -> int:
        return max((s.pss for s in self.samples), default=0)

    @property
    def peak_rss(self) -> int:
        return max((s.rss for s in self.samples), default=0)

    def synthesis_window(self) -> tuple[float, float] | None:
        """(start, end) seconds while new cache entries kept appearing."""
        counted = [s for s in self.samples if s.cached is not None]
        if not counted or counted[-1].cached == counted[0].cached:
            return None
        final = counted[-1].cached
        end = next(s.t for s in counted if s.cached == final)
        return 0.0, end

    def cpu_utilisation(self, window: tuple[float, float] | None = None) -> float | None:
        """Tree CPU seconds / wall seconds / cores over ``window`` (default: all)."""
        samples = self.samples if window is None else [s for s in self.samples if window[0] <= s.t <= window[1]]
        if len(samples) < 2 or samples[-1].t <= samples[0].t:
            return None
        return (samples[-1].cpu - samples[0].cpu) / (samples[-1].t - samples[0].t) / CORES


def count_entries(cache_dir: Path) -> int:
    """Segment audio files in an audiobook cache folder (any format version)."""
    count = 0
    root = Path(cache_dir)
    if not root.is_dir():
        return 0
    for version in os.scandir(root):
        if not version.is_dir():
            continue
        for shard in os.scandir(version.path):
            if shard.is_dir():
                count += sum(1 for e in os.scandir(shard.path) if e.name.endswith(".pcm"))
    return count
