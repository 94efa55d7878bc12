"""Ctrl-C and SIGTERM stop a build cleanly: the one-line "interrupted" message
and exit code 130 (143 for SIGTERM), no temporary file left beside the output
or in the cache, no ffmpeg or engine process left running, and the next run
resumes from the cache.

Ctrl-C is what a terminal does: SIGINT to the whole foreground process group,
so the build's children get it too unless they run in a session of their own
(ffmpeg catches SIGINT even when started with it ignored, and exits 255: that
was reported as "ffmpeg failed while encoding").  The subprocess tests run the
real CLI in a new session and signal its process group, as the terminal would.

To interrupt "while encoding" (or joining) at a moment that is sure to come
and to last, those runs find on their PATH an ``ffmpeg`` that is the real one
reading its input at the audio's own pace (``-readrate 1``); the run that
resumes uses the real ffmpeg as it is.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psutil
import pytest

from audiobook.atomic import interrupts_held
from audiobook.exporters import ffmpeg
from audiobook.exporters.join import ChapterEncoder
from audiobook.exporters.m4b import M4bExporter

MESSAGE = "interrupted; run the same command again to resume (finished segments are cached)"
SUMMARY = re.compile(r"(\d+) segments? synthesized, (\d+) from cache")
POLL = 0.01
TIMEOUT = 120  # seconds for a moment to come (a loaded 2-core machine is slow, never this slow)


@pytest.fixture(autouse=True)
def ctrl_c_raises():
    """Ctrl-C raises KeyboardInterrupt here, and the CLI started from here gets
    the default action, even when the test run itself was started with SIGINT
    ignored (a background job of a script, as some CI runners start it)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


# --- the pieces, in this process ------------------------------------------------------------

def test_a_signal_during_a_clean_up_is_delivered_after_it():
    done = []
    with pytest.raises(KeyboardInterrupt):
        with interrupts_held():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # the handler runs here: held, not raised
            done.append("cleaned up")
    assert done == ["cleaned up"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_third_signal_during_a_clean_up_is_not_held():
    with pytest.raises(KeyboardInterrupt):
        with interrupts_held():
            for _ in range(3):
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.02)
            pytest.fail("the third Ctrl-C should have stopped the clean-up")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_ffmpeg_runs_in_a_session_of_its_own_out_of_reach_of_the_terminal():
    proc = ffmpeg.spawn(["sleep", "30"], stdin=subprocess.DEVNULL)
    try:
        assert os.getsid(proc.pid) == proc.pid != os.getsid(0)
    finally:
        ffmpeg.stop(proc)
    assert proc.returncode == -signal.SIGKILL


def test_ffmpeg_run_kills_its_child_when_interrupted():
    def interrupt(signum, frame):
        raise KeyboardInterrupt
    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    try:
        with pytest.raises(KeyboardInterrupt):
            ffmpeg.run(["sleep", "30"], "sleeping")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert not [p for p in psutil.Process().children() if p.status() != psutil.STATUS_ZOMBIE]


def test_ffmpeg_stopped_by_a_signal_is_not_reported_as_a_failed_encoding():
    message = str(ffmpeg.failure("encoding M4B", Path("out/b.m4b"), "", 255))
    assert "stopped by a signal" in message and "run the same command again" in message
    assert "stopped by SIGTERM" in str(ffmpeg.failure("encoding M4B", Path("b.m4b"), "", -signal.SIGTERM))
    assert "failed" in str(ffmpeg.failure("encoding M4B", Path("b.m4b"), "Invalid argument", 1))


def test_the_chapter_encoder_stopped_midway_removes_every_spool_and_output(tmp_path):
    """Blocks queued behind the running encoder are dropped and their spools
    removed; the running ffmpeg is killed; no thread writes a file afterwards."""
    rate = 22050
    dest = tmp_path / "b.m4b"
    spools = [ffmpeg.temp_beside(dest, ".pcm") for _ in range(4)]
    for spool in spools:
        spool.write_bytes(os.urandom(rate * 2 * 60))  # a minute each: encoding takes a while
    encoder = ChapterEncoder(M4bExporter(), rate, dest, jobs=1)  # two blocks pending at most

    def interrupt():  # once the third block is handed over: it waits for the first to be done
        deadline = time.monotonic() + TIMEOUT
        while len(encoder._files) < 3 and time.monotonic() < deadline:
            time.sleep(0.001)
        os.kill(os.getpid(), signal.SIGINT)
    timer = threading.Thread(target=interrupt)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            for i, spool in enumerate(spools):
                encoder.submit(spool, 0.0, tmp_path / f".tmp-{os.getpid()}-{i}.aac", lambda us: None)
            encoder.wait()
            time.sleep(TIMEOUT)  # (a machine fast enough to finish first still gets the interrupt)
    finally:
        timer.join()
        encoder.abort()
    left = {p.name for p in tmp_path.iterdir()}
    assert left <= {spools[3].name}, "every spool and unfinished output handed over is removed"
    assert not [p for p in psutil.Process().children() if p.status() != psutil.STATUS_ZOMBIE]


# --- the real CLI, interrupted --------------------------------------------------------------

CHAPTERS = 5  # of the test book: one block each, more than two encoders run at once (on 2 cores)


def write_book(path: Path, chapters: int = CHAPTERS, paragraphs: int = 3) -> Path:
    """Narration and two speakers; every segment's text unique (one cache entry each)."""
    out, n = [], 0
    for c in range(1, chapters + 1):
        out.append(f"Chapter {c}\n")
        for p in range(paragraphs):
            n += 1
            if p % 3 == 0:
                out.append(f"On morning number {n} the tide turned early, and the gulls wheeled over the "
                           f"harbour wall while the boats knocked together at their moorings.")
            elif p % 3 == 1:
                out.append(f"\u201cHave you mended net number {n}?\u201d asked Mara, looking up from the ropes.")
            else:
                out.append(f"\u201cIt hangs by shed {n},\u201d said Tobias. "
                           f"\u201cGo and look before rain number {n} comes.\u201d")
        out.append("")
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """A book and a cache holding its segments and encoded chapters (one build)."""
    folder = tmp_path_factory.mktemp("warm")
    book = write_book(folder / "harbour.txt")
    cache = folder / "cache"
    done = run_to_end(book, folder / "first.m4b", cache)
    assert SUMMARY.search(done.stderr)[2] == "0"
    return book, cache


@pytest.fixture
def slow_ffmpeg(tmp_path):
    """A PATH folder whose ``ffmpeg`` is the real one reading its input at
    ``speed`` times the audio's pace (1: in real time)."""
    real = shutil.which("ffmpeg")
    if real is None:
        pytest.skip("ffmpeg is not installed")

    def make(speed: float = 1) -> Path:
        folder = tmp_path / f"slow-bin-{speed:g}"
        folder.mkdir(exist_ok=True)
        wrapper = folder / "ffmpeg"
        wrapper.write_text(f'#!/bin/sh\nexec "{real}" -readrate {speed:g} "$@"\n')
        wrapper.chmod(0o755)
        return folder
    return make


def copy_cache(warm_cache: Path, dest: Path, chapters: bool) -> Path:
    shutil.copytree(warm_cache, dest, ignore=None if chapters else shutil.ignore_patterns("chapters"))
    return dest


def build_cmd(book: Path, dest: Path, cache: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "audiobook", "build", str(book), "--output", str(dest),
            "--cache-dir", str(cache), "--workers", "2", *extra]


def run_to_end(book: Path, dest: Path, cache: Path, *extra: str) -> subprocess.CompletedProcess:
    done = subprocess.run(build_cmd(book, dest, cache, *extra), capture_output=True, text=True,
                          cwd=book.parent, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert dest.is_file() and dest.stat().st_size > 0
    return done


class Build:
    """A build started as a terminal would start it (its own session and
    process group, SIGINT not ignored), with a mark in its environment that
    every process it starts inherits."""

    def __init__(self, book: Path, dest: Path, cache: Path, *extra: str, path: Path | None = None,
                 ignore_sigint: bool = False):
        self.mark = uuid.uuid4().hex
        env = {**os.environ, "AUDIOBOOK_INTERRUPT_TEST": self.mark}
        if path is not None:
            env["PATH"] = f"{path}{os.pathsep}{env['PATH']}"
        sigint = signal.SIG_IGN if ignore_sigint else signal.SIG_DFL
        self.proc = subprocess.Popen(build_cmd(book, dest, cache, *extra), cwd=book.parent, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                                     preexec_fn=lambda: signal.signal(signal.SIGINT, sigint))
        self.stderr = ""

    def children(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def wait_for(self, what: str, ready) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not ready():
            if self.proc.poll() is not None:
                pytest.fail(f"the build ended (exit {self.proc.returncode}) before {what}: "
                            f"{self.proc.stderr.read().decode()[-2000:]}")
            if time.monotonic() > deadline:
                self.proc.kill()
                pytest.fail(f"{what} never came")
            time.sleep(POLL)

    def encoders(self) -> list[psutil.Process]:
        return [p for p in self.children() if _cmdline(p).count("pipe:0")]

    def workers(self) -> list[psutil.Process]:
        return [p for p in self.children() if "audiobook.engines.workers" in _cmdline(p)]

    def interrupt(self, sig: int = signal.SIGINT, group: bool = True) -> int:
        if group:
            os.killpg(self.proc.pid, sig)  # what the terminal's Ctrl-C does
        else:
            self.proc.send_signal(sig)  # `kill PID`
        try:
            _, err = self.proc.communicate(timeout=TIMEOUT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
        self.stderr = err.decode("utf-8", "replace")
        return self.proc.returncode

    def survivors(self) -> list[str]:
        """Processes still running that this build started (they carry its mark)."""
        found = []
        for p in psutil.process_iter(["pid", "name"]):
            try:
                if p.pid != os.getpid() and p.environ().get("AUDIOBOOK_INTERRUPT_TEST") == self.mark \
                        and p.status() != psutil.STATUS_ZOMBIE:
                    found.append(f"{p.pid} {_cmdline(p)[:120]}")
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        return found


def catches(p: psutil.Process, sig: int) -> bool:
    """Whether process ``p`` has a handler of its own for ``sig``."""
    try:
        with open(f"/proc/{p.pid}/status") as status:
            caught = next(int(line.split()[1], 16) for line in status if line.startswith("SigCgt:"))
    except (OSError, StopIteration):
        return False
    return bool(caught >> (sig - 1) & 1)


def _cmdline(p: psutil.Process) -> str:
    try:
        return " ".join(p.cmdline())
    except psutil.Error:
        return ""


def assert_stopped_cleanly(build: Build, code: int, dest: Path, cache: Path, expected: int = 130) -> None:
    assert code == expected, build.stderr[-3000:]
    assert build.stderr.rstrip().splitlines()[-1] == MESSAGE, build.stderr[-3000:]
    assert "Traceback" not in build.stderr and "error:" not in build.stderr, build.stderr[-3000:]
    left = [p.name for p in dest.parent.iterdir() if p.name != dest.name]
    assert not left, f"temporary files left beside the output: {left}"
    temps = [str(p.relative_to(cache)) for p in cache.rglob(".tmp-*")]
    assert not temps, f"temporary files left in the cache: {temps}"
    assert not build.survivors(), f"processes left running: {build.survivors()}"


@pytest.mark.e2e
@pytest.mark.parametrize("sig, group", [(signal.SIGINT, True), (signal.SIGTERM, False)],
                         ids=["ctrl-c", "sigterm"])
def test_interrupted_while_encoding(tmp_path, warm, slow_ffmpeg, sig, group):
    book, warm_cache = warm
    cache = copy_cache(warm_cache, tmp_path / "cache", chapters=False)  # segments cached: assembly and encoding
    dest = tmp_path / "out" / "harbour.m4b"
    dest.parent.mkdir()
    build = Build(book, dest, cache, path=slow_ffmpeg())
    # every chapter spooled that can be: some encoding, some waiting for an encoder (and on a
    # machine with few cores, one more waiting to be handed over), nothing finished yet
    spooled = min(CHAPTERS, 2 * (os.cpu_count() or 1) + 1)
    build.wait_for("encoding", lambda: build.encoders()
                   and sum(p.suffix == ".pcm" for p in dest.parent.iterdir()) >= spooled)
    encoders = build.encoders()
    assert all(os.getsid(p.pid) != os.getsid(build.proc.pid) for p in encoders), \
        "ffmpeg must not be in the terminal's reach (its own session)"
    code = build.interrupt(sig, group=group)
    assert_stopped_cleanly(build, code, dest, cache, expected=128 + sig if sig == signal.SIGTERM else 130)
    assert not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in encoders)

    done = run_to_end(book, dest, cache)  # resumes: nothing synthesized again
    synthesized, from_cache = SUMMARY.search(done.stderr).groups()
    assert synthesized == "0" and int(from_cache) > 0
    assert not [p.name for p in dest.parent.iterdir() if p.name != dest.name]


@pytest.mark.e2e
def test_interrupted_while_synthesizing(tmp_path):
    book = write_book(tmp_path / "quay.txt", chapters=1, paragraphs=9)
    cache = tmp_path / "cache"
    dest = tmp_path / "out" / "quay.m4b"
    dest.parent.mkdir()
    build = Build(book, dest, cache)
    entries = lambda: [p for p in (cache / "v1").rglob("*.pcm") if not p.name.startswith(".")]  # noqa: E731
    build.wait_for("synthesis", lambda: build.workers() and entries())
    assert all(os.getsid(p.pid) != os.getsid(build.proc.pid) for p in build.workers())
    code = build.interrupt()
    assert_stopped_cleanly(build, code, dest, cache)
    kept = len(entries())

    done = run_to_end(book, dest, cache)
    synthesized, from_cache = map(int, SUMMARY.search(done.stderr).groups())
    assert from_cache >= kept >= 1


@pytest.mark.e2e
def test_interrupted_while_joining_leaves_no_partial_file(tmp_path, warm, slow_ffmpeg):
    """Everything encoded already: the run only joins the chapters (MP3: one
    ffmpeg copying them into the file), and is stopped meanwhile."""
    book, warm_cache = warm
    cache = tmp_path / "cache"
    dest = tmp_path / "out" / "harbour.mp3"
    dest.parent.mkdir()
    run_to_end(book, tmp_path / "warm.mp3", copy_cache(warm_cache, cache, chapters=True))
    build = Build(book, dest, cache, path=slow_ffmpeg())
    build.wait_for("the join", lambda: any("concat" in _cmdline(p) for p in build.children()))
    code = build.interrupt()
    assert_stopped_cleanly(build, code, dest, cache)
    assert not dest.exists(), "never a half file under the final name"

    done = run_to_end(book, dest, cache)
    assert SUMMARY.search(done.stderr)[1] == "0"


@pytest.mark.e2e
def test_sigint_ignored_by_the_build_does_not_break_its_encoders(tmp_path, warm, slow_ffmpeg):
    """Started with SIGINT ignored (a background job of a non-interactive shell),
    the build ignores a SIGINT to its group, and so do its ffmpegs: it used to
    fail with "ffmpeg failed while encoding M4B ...: exit status 255"."""
    book, warm_cache = warm
    cache = copy_cache(warm_cache, tmp_path / "cache", chapters=False)
    dest = tmp_path / "out" / "harbour.m4b"
    dest.parent.mkdir()
    build = Build(book, dest, cache, path=slow_ffmpeg(20), ignore_sigint=True)
    # once an encoder has set up its own SIGINT handler (which it does even when started with SIGINT ignored)
    build.wait_for("encoding", lambda: any(catches(p, signal.SIGINT) for p in build.encoders()))
    os.killpg(build.proc.pid, signal.SIGINT)
    _, err = build.proc.communicate(timeout=TIMEOUT)
    assert build.proc.returncode == 0, err.decode()[-3000:]
    assert dest.is_file() and not [p.name for p in dest.parent.iterdir() if p.name != dest.name]
