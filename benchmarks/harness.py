"""Shared measuring tools for the scale benchmarks: a real `audiobook build`
run in a subprocess while its whole process tree is watched, and probes of
the files it writes (the books themselves come from ``books.py``).

Memory and CPU are read from /proc (Linux), so no extra dependency is needed:
every ``SAMPLE_SECONDS`` the monitor finds every descendant of the build
(workers, ffmpeg) and sums their memory.  Two sums are kept:

* PSS (proportional set size, /proc/PID/smaps_rollup): a page shared by N
  processes counts 1/N in each, so the sum is what the tree really occupies.
  This is the figure we report.
* RSS: every process's resident pages counted in full.  Forked workers share
  the interpreter and libraries with their parent, so this sum double-counts;
  it is an upper bound, shown for comparison.

A child between vfork and exec (how Python's subprocess starts ffmpeg and the
engine workers) runs in its parent's address space: /proc shows it the
parent's whole PSS again, so such a process is not counted (kcmp KCMP_VM,
asked before reading its memory: if it execs between the two reads, the
build's PSS would show under the new command line, e.g. as an encoder).

Each process is also given a role from its command line (the build itself,
engine workers, ffmpeg encoders, the final ffmpeg join/mux), so that a peak
can be traced to the process that makes it.

``ru_maxrss`` would not do: for children it is the peak of the single largest
descendant, not of the tree at any one moment.
"""
from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from proctree import CORES, ROLES, Sample, TreeMonitor, count_entries, role_of, tree  # noqa: F401 (re-exported)

REPO = Path(__file__).resolve().parent.parent
# The checkout these benchmarks belong to is the code measured, here and in every
# `audiobook` subprocess, whatever other copy of the package is installed.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ["PYTHONPATH"] = os.pathsep.join([str(REPO)] + [p for p in os.environ.get("PYTHONPATH", "").split(
    os.pathsep) if p and p != str(REPO)])
_TICK = os.sysconf("SC_CLK_TCK")
SUMMARY = re.compile(r"(\d+) segments synthesized, (\d+) from cache")


# -- running a build ---------------------------------------------------------------

def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    total = sum(values[:8])  # guest time is already inside user
    return (total - idle) / _TICK, total / _TICK


def machine_busy(before: tuple[float, float], after: tuple[float, float]) -> float:
    """Fraction of all cores busy (with anything, ours or not) between two readings."""
    total = after[1] - before[1]
    return (after[0] - before[0]) / total if total > 0 else 0.0


@dataclass
class BuildRun:
    returncode: int
    seconds: float  # wall time of the whole command
    cpu_seconds: float  # CPU of the command and every descendant it waited for
    synthesized: int | None
    from_cache: int | None
    stderr: str
    peak_pss: int = 0
    peak_rss: int = 0
    cpu_utilisation: float | None = None
    synthesis_seconds: float | None = None
    synthesis_cpu_utilisation: float | None = None
    machine_busy: float | None = None  # all cores, all processes: how contended the machine was
    samples: list[Sample] = field(default_factory=list, repr=False)

    def memory_breakdown(self) -> dict:
        """Where the peak memory is: each role's own peak PSS (MB), and the
        tree's and the main process's peaks in each phase: synthesis (new cache
        entries appearing), encoding (up to the last sample with an encoder
        alive) and the final join/mux (after it)."""
        roles = {r: mb(max((s.pss_by_role.get(r, 0) for s in self.samples), default=0)) for r in ROLES}
        counts = {r: max((s.count_by_role.get(r, 0) for s in self.samples), default=0) for r in ROLES}
        synthesis_end = self.synthesis_seconds or 0.0
        encoding_end = max((s.t for s in self.samples if s.pss_by_role.get("encoders")), default=synthesis_end)
        phases = {"synthesis": [s for s in self.samples if s.t <= synthesis_end],
                  "encoding": [s for s in self.samples if synthesis_end < s.t <= encoding_end],
                  "final_join": [s for s in self.samples if s.t > encoding_end]}
        by_phase = {name: {"seconds": round(got[-1].t - got[0].t, 1) if got else 0.0,
                           "tree_peak_pss_mb": mb(max((s.pss for s in got), default=0)),
                           "main_peak_pss_mb": mb(max((s.pss_by_role.get("main", 0) for s in got), default=0)),
                           "final_mux_peak_pss_mb": mb(max((s.pss_by_role.get("final_mux", 0) for s in got),
                                                           default=0))}
                    for name, got in phases.items()}
        return {"peak_pss_by_role_mb": roles, "most_processes_by_role": counts, "by_phase": by_phase}

    def mean_cores_busy(self, synthesis_only: bool = False) -> float | None:
        """Tree CPU seconds / wall seconds: how many cores the build kept busy on average."""
        share = self.synthesis_cpu_utilisation if synthesis_only else self.cpu_utilisation
        return None if share is None else round(share * CORES, 2)

    def check(self) -> "BuildRun":
        if self.returncode != 0:
            tail = "\n".join(self.stderr.strip().splitlines()[-15:])
            raise RuntimeError(f"audiobook build failed (exit {self.returncode}):\n{tail}")
        return self


def build_command(book: Path, output: Path, cache_dir: Path, *, cast: Path | None = None, workers: int = 2,
                  split_hours: float | None = None, extra: list[str] | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "audiobook", "build", str(book), "--output", str(output),
           "--cache-dir", str(cache_dir), "--workers", str(workers)]
    if cast is not None:
        cmd += ["--cast", str(cast)]
    if split_hours is not None:
        cmd += ["--split-hours", str(split_hours)]
    return cmd + list(extra or [])


def run_build(book: Path, output: Path, cache_dir: Path, *, cast: Path | None = None, workers: int = 2,
              split_hours: float | None = None, extra: list[str] | None = None, watch: bool = True,
              kill_after: float | None = None, kill_when=None, poll: float = 0.005,
              cwd: Path | None = None) -> BuildRun:
    """Run `audiobook build` to completion, watching its process tree; or
    SIGKILL its whole process group (the build, its workers, ffmpeg: a power
    cut) after ``kill_after`` seconds or as soon as ``kill_when()`` is true."""
    cmd = build_command(book, output, cache_dir, cast=cast, workers=workers, split_hours=split_hours, extra=extra)
    env = dict(os.environ, PYTHONUNBUFFERED="1", COLUMNS="200")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    machine_before = machine_cpu()
    started = time.perf_counter()
    err_path = Path(output).with_name(f".{Path(output).name}.bench-stderr")
    with open(err_path, "w+b") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=cwd or output.parent, env=env,
                                start_new_session=True)
        monitor = TreeMonitor(proc.pid, cache_dir) if watch else None
        deadline = None if kill_after is None else started + kill_after
        while proc.poll() is None:
            if (deadline is not None and time.perf_counter() >= deadline) or (kill_when and kill_when()):
                os.killpg(proc.pid, signal.SIGKILL)
                break
            time.sleep(poll if kill_when else 0.05)
        proc.wait()
        seconds = time.perf_counter() - started
        if monitor:
            monitor.stop()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    err_path.unlink()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    found = SUMMARY.search(stderr)
    run = BuildRun(proc.returncode, seconds, cpu, int(found[1]) if found else None,
                   int(found[2]) if found else None, stderr)
    run.machine_busy = machine_busy(machine_before, machine_cpu())
    if monitor:
        run.samples = monitor.samples
        run.peak_pss, run.peak_rss = monitor.peak_pss, monitor.peak_rss
        # Waited-for descendants only count in RUSAGE_CHILDREN; the sampled tree sees them all.
        sampled = monitor.cpu_utilisation() or 0.0
        run.cpu_utilisation = max(sampled, cpu / seconds / CORES if proc.returncode == 0 else 0.0)
        window = monitor.synthesis_window()
        if window:
            run.synthesis_seconds = window[1] - window[0]
            run.synthesis_cpu_utilisation = monitor.cpu_utilisation(window)
    return run


# -- probing outputs ---------------------------------------------------------------

def probe(path: Path) -> dict:
    """Duration (s), chapters [(title, start, end)] and tags of an audio file, via ffprobe."""
    import json

    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_chapters",
                          str(path)], capture_output=True, check=True).stdout
    info = json.loads(out)
    chapters = [(c.get("tags", {}).get("title", ""), float(c["start_time"]), float(c["end_time"]))
                for c in info.get("chapters", [])]
    fmt = info.get("format", {})
    return {"duration": float(fmt.get("duration", 0.0)), "chapters": chapters, "tags": fmt.get("tags", {})}


def decoded_digest(path: Path) -> str:
    """SHA-256 of the decoded audio samples (independent of container details)."""
    import hashlib

    proc = subprocess.Popen(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a:0", "-f", "s16le", "pipe:1"],
                            stdout=subprocess.PIPE)
    digest = hashlib.sha256()
    while block := proc.stdout.read(1 << 20):
        digest.update(block)
    if proc.wait() != 0:
        raise RuntimeError(f"ffmpeg could not decode {path}")
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def mb(n: int) -> float:
    return round(n / 1e6, 1)
