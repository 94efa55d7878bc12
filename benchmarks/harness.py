"""Shared measuring tools for the scale benchmarks: books cut from (or grown
from) Pride and Prejudice, a real `audiobook build` run in a subprocess while
its whole process tree is watched, and probes of the files it writes.

Memory and CPU are read from /proc (Linux), so no extra dependency is needed:
every ``SAMPLE_SECONDS`` the monitor finds every descendant of the build
(workers, ffmpeg) and sums their memory.  Two sums are kept:

* PSS (proportional set size, /proc/PID/smaps_rollup): a page shared by N
  processes counts 1/N in each, so the sum is what the tree really occupies.
  This is the figure we report.
* RSS: every process's resident pages counted in full.  Forked workers share
  the interpreter and libraries with their parent, so this sum double-counts;
  it is an upper bound, shown for comparison.

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
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PRIDE_AND_PREJUDICE = Path(os.environ.get(
    "AUDIOBOOK_BENCH_BOOK", "/work/shared/pdnc-dev/PrideAndPrejudice/novel_text.txt"))
SAMPLE_SECONDS = 0.2
CORES = os.cpu_count() or 1
_PAGE = os.sysconf("SC_PAGE_SIZE")
_TICK = os.sysconf("SC_CLK_TCK")
SUMMARY = re.compile(r"(\d+) segments synthesized, (\d+) from cache")
# Words per hour of finished audio: eSpeak NG at the default rates plus our pauses (measured on P&P).
WORDS_PER_HOUR = 10_800


# -- books ---------------------------------------------------------------------

_CHAPTER_HEADING = re.compile(r"^CHAPTER [IVXLC]+\.?\s*$", re.M)


def source_text() -> str:
    if not PRIDE_AND_PREJUDICE.is_file():
        sys.exit(f"the benchmark book {PRIDE_AND_PREJUDICE} is missing: "
                 "set AUDIOBOOK_BENCH_BOOK to a plain-text novel with 'CHAPTER I.' headings")
    return PRIDE_AND_PREJUDICE.read_text(encoding="utf-8")


def chapters_of(text: str) -> list[str]:
    """The chapter bodies (heading line removed), in order."""
    starts = [m.start() for m in _CHAPTER_HEADING.finditer(text)]
    if not starts:
        return [text]
    bodies = []
    for a, b in zip(starts, starts[1:] + [len(text)]):
        chunk = text[a:b]
        bodies.append(chunk.split("\n", 1)[1] if "\n" in chunk else "")
    return bodies


def roman(n: int) -> str:
    out = []
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def join_chapters(bodies: list[str]) -> str:
    return "".join(f"CHAPTER {roman(i + 1)}.\n{body.rstrip()}\n\n\n" for i, body in enumerate(bodies))


def excerpt(hours: float | None) -> str:
    """The first chapters of the novel totalling about ``hours`` of speech
    (whole chapters, at least one); None gives the whole novel."""
    bodies = chapters_of(source_text())
    if hours is None:
        return join_chapters(bodies)
    want = hours * WORDS_PER_HOUR
    taken, words = [], 0
    for body in bodies:
        if taken and words >= want:
            break
        taken.append(body)
        words += len(body.split())
    return join_chapters(taken)


def repeated(text: str, times: float) -> str:
    """``text``'s chapters repeated ``times`` over (renumbered), so a long book
    has only paragraphs whose audio is already cached."""
    bodies = chapters_of(text)
    count = max(1, round(len(bodies) * times))
    return join_chapters([bodies[i % len(bodies)] for i in range(count)])


# -- watching a process tree -------------------------------------------------------

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


def _pss_rss_cpu(pid: int) -> tuple[int, int, float] | None:
    """(PSS bytes, RSS bytes, CPU seconds) of one process, None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / _TICK  # utime + stime
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
        return pss, rss, cpu
    except (OSError, IndexError, ValueError):
        return None


@dataclass
class Sample:
    t: float  # seconds since the start
    pss: int  # bytes, whole tree
    rss: int
    cpu: float  # CPU seconds used by the tree so far (processes that exited included)
    processes: int
    cached: int | None = None  # cache entries on disk, when a cache folder is watched


class TreeMonitor:
    """Samples a process tree's memory and CPU in a thread until ``stop``."""

    def __init__(self, pid: int, cache_dir: Path | None = None, interval: float = SAMPLE_SECONDS):
        self.pid, self.cache_dir, self.interval = pid, cache_dir, interval
        self.samples: list[Sample] = []
        self._cpu_by_pid: dict[int, float] = {}
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
        for pid in tree(self.pid):
            got = _pss_rss_cpu(pid)
            if got is None:
                continue
            pss += got[0]
            rss += got[1]
            procs += 1
            self._cpu_by_pid[pid] = max(got[2], self._cpu_by_pid.get(pid, 0.0))
        now = time.perf_counter() - self._started
        if self.cache_dir is not None and now - self._last_count >= 1.0:  # a scan costs more
            self._count, self._last_count = count_entries(self.cache_dir), now
        self.samples.append(Sample(now, pss, rss, sum(self._cpu_by_pid.values()), procs, self._count))

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


# -- the build's own view of a book ---------------------------------------------------

def cli(*args: str, cwd: Path | None = None) -> str:
    """Run an `audiobook` command; its standard output."""
    done = subprocess.run([sys.executable, "-m", "audiobook", *args], capture_output=True, text=True, cwd=cwd)
    if done.returncode != 0:
        raise RuntimeError(f"audiobook {' '.join(args)} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout


def script_rows(book: Path, cast: Path | None = None) -> list[dict]:
    import json

    args = ["script", str(book), "--format", "jsonl"] + (["--cast", str(cast)] if cast else [])
    return [json.loads(line) for line in cli(*args, cwd=book.parent).splitlines() if line.strip()]


def job_keys(book: Path, cast: Path | None = None) -> list[str]:
    """The cache key of every spoken segment, as the build computes them
    (script, casting file, lexicon, speech text; blank segments left out)."""
    from audiobook.book import load_book
    from audiobook.cache import Cache
    from audiobook.cast import complete_cast, load_cast
    from audiobook.engines import all_voices, check_voice
    from audiobook.normalize import speech_text
    from audiobook.pipeline import speech_lexicon
    from audiobook.script import make_script
    from audiobook.synthesize import Job, render

    given = load_cast(cast, check_voice) if cast else None
    b = load_book(book)
    script = make_script(b, given)
    full = complete_cast(script, given, all_voices())
    lexicon = speech_lexicon(full)
    jobs = []
    for seg in script.segments:
        text = speech_text(seg.text, lexicon) if seg.text.strip() else ""
        who = seg.speaker if seg.kind == "dialogue" else None
        jobs.append(Job(text=text, profile=full.profile_for(who), label=""))
    renderer = render(jobs, Cache(Path("/nonexistent-benchmark-cache")), workers=1)
    keys = [k for k in renderer._keys if k is not None]  # computed up front; no worker started yet
    return keys


def cached_keys(cache_dir: Path) -> set[str]:
    return {p.stem for p in Path(cache_dir).rglob("*.pcm") if not p.name.startswith(".")}
