"""Worker processes that run the speech engines.

eSpeak NG is not thread-safe and Piper is CPU-bound, so every engine runs in
its own process: a fresh interpreter (``python -m audiobook.engines.workers``),
so nothing of the parent's engine state or threads is inherited, and the
caller's ``__main__`` is never re-imported (as multiprocessing's spawn would).
Each worker talks to the parent over a socket: it receives
``(job_id, key, text, profile)``, writes the finished audio to the cache and
sends it back.  A worker that dies closes its end of the socket, which the
parent sees at once; one that hangs overruns its deadline and is killed.
Either way it is replaced and the job's attempt counts as failed: never a hang.

Workers run in a session of their own: the terminal's Ctrl-C (SIGINT to the
foreground process group) reaches only the parent, which stops them
(``WorkerPool.close``); SIGTERM ends a worker cleanly (a half-written cache
entry is removed), and a worker whose parent is gone sees its socket close.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

from ..atomic import interrupts_held
from ..errors import EngineError, UserError
from ..model import VoiceProfile
from .pcm import resample

_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])  # so the worker imports this very package
MMAP_THRESHOLD = 128 * 1024  # bytes: glibc's default start, made fixed (see WorkerPool._start)


def min_samples(text: str, sample_rate: int) -> int:
    """Less audio than this for ``text`` means truncated output: 40 ms per
    word is far below any engine's fastest speech (133 ms per word at 450 wpm)."""
    return int(0.04 * len(re.findall(r"\w+", text)) * sample_rate)


def _inject_fault(text: str) -> None:
    """Test hook: AUDIOBOOK_FAULT_INJECTION="segfault|hang:MARKER[:ONCE_FILE]"
    makes the worker really crash (or hang) on texts containing MARKER; with
    ONCE_FILE only the first time (the file records that it happened)."""
    spec = os.environ.get("AUDIOBOOK_FAULT_INJECTION")
    if not spec:
        return
    kind, marker, *once = spec.split(":", 2)
    if marker not in text:
        return
    if once:
        try:
            open(once[0], "x").close()
        except FileExistsError:
            return
    if kind == "segfault":
        import ctypes

        ctypes.string_at(0)  # reads address 0: SIGSEGV, like a crash inside an engine
    elif kind == "hang":
        time.sleep(3600)


def speak(text: str, profile: VoiceProfile, sample_rate: int) -> bytes:
    """Finished PCM for one job at ``sample_rate``: synthesized, resampled,
    checked (the volume is applied at assembly, see assemble.prepare).  Runs inside a worker."""
    from .registry import get_engine

    _inject_fault(text)
    # NUL ends C strings early and lone surrogates are not UTF-8: no engine takes them.
    text = text.replace("\0", " ").encode("utf-8", "replace").decode("utf-8")
    engine = get_engine(profile.engine)
    pcm = resample(engine.synthesize(text, profile), engine.sample_rate, sample_rate)
    if len(pcm) // 2 < min_samples(text, sample_rate) or (not pcm and any(c.isalnum() for c in text)):
        raise EngineError(f"{engine.name} returned {len(pcm) // 2} samples, too little audio for the text")
    return pcm  # the profile's volume is applied when the voices are levelled (assemble.prepare)


_writing = False  # a worker is storing a result in the cache


def _terminated(signum, frame) -> None:
    """SIGTERM (the parent stopping a busy worker): at once and silently, as
    by default, unless a result is being stored: then unwind, so that
    Cache.put removes its temporary file.  (Never raise elsewhere: inside
    eSpeak NG's ctypes callback an exception is printed, not raised.)"""
    if _writing:
        raise SystemExit(128 + signum)
    os._exit(128 + signum)


def _worker_main(conn: Connection) -> None:
    global _writing
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent stops us cleanly
    signal.signal(signal.SIGTERM, _terminated)
    from ..cache import Cache
    from . import registry

    try:
        sample_rate, cache_root, voice_dirs = conn.recv()
    except (EOFError, OSError):
        return
    if voice_dirs is not None:
        registry.set_voice_dirs(voice_dirs)
    cache = Cache(Path(cache_root)) if cache_root else None
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # parent gone (even kill -9): stop
            return
        if message is None:
            return
        job_id, key, text, profile = message
        try:
            pcm = speak(text, profile, sample_rate)
            if cache is not None and key is not None:
                try:
                    _writing = True
                    cache.put(key, pcm)  # before replying: a killed build keeps this
                except OSError as exc:
                    raise UserError(f"cannot write the audio cache in {cache.root}: {exc.strerror or exc}; "
                                    "free some space or choose another folder with --cache-dir") from exc
                finally:
                    _writing = False
            reply = ("ok", job_id, len(pcm))
        except EngineError as exc:
            reply = ("error", job_id, str(exc), False)
        except UserError as exc:  # missing dependency, unknown voice: retrying can't help
            reply = ("error", job_id, str(exc), True)
        except Exception as exc:  # an engine bug: retried like a crash
            reply = ("error", job_id, f"{type(exc).__name__}: {exc}", False)
        try:
            conn.send(reply)
            if reply[0] == "ok":
                conn.send_bytes(pcm)  # raw, not pickled: no second copy of the audio at either end
        except (BrokenPipeError, OSError):
            return
        pcm = None


@dataclass
class _Worker:
    process: subprocess.Popen
    conn: Connection
    job: tuple | None = None  # (job_id, started, deadline)


@dataclass
class Event:
    """What happened to a job: ``pcm`` on success, else ``error`` (and whether it is ``fatal``)."""

    job_id: int
    pcm: bytes | None = None
    error: str | None = None
    fatal: bool = False


@dataclass
class WorkerPool:
    size: int
    sample_rate: int
    cache_root: Path | None = None
    voice_dirs: list[Path] | None = None
    workers: list[_Worker] = field(default_factory=list)
    started: int = 0  # processes started, including replacements

    def _start(self) -> _Worker:
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_PARENT, env.get("PYTHONPATH")) if p)
        # Engines with their own thread pools (Piper/onnxruntime) share the cores.
        env.setdefault("AUDIOBOOK_ENGINE_THREADS", str(max(1, (os.cpu_count() or 1) // self.size)))
        # glibc: a segment's audio buffers always from mmap, so freeing them gives
        # the memory back (by default the heap keeps the largest size seen).
        env.setdefault("MALLOC_MMAP_THRESHOLD_", str(MMAP_THRESHOLD))
        with ours, theirs:
            process = subprocess.Popen(
                [sys.executable, "-m", "audiobook.engines.workers", str(theirs.fileno())],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, env=env,
                start_new_session=True)  # out of reach of the terminal's Ctrl-C: we stop it
            conn = Connection(os.dup(ours.fileno()))
        self.started += 1
        worker = _Worker(process, conn)
        self.workers.append(worker)
        try:
            conn.send((self.sample_rate, str(self.cache_root) if self.cache_root else None, self.voice_dirs))
        except (BrokenPipeError, OSError):
            pass  # died at once: reported by wait() as the failure of its first job
        return worker

    def idle(self) -> int:
        """How many more jobs can be handed out right now."""
        return self.size - sum(1 for w in self.workers if w.job is not None)

    def in_flight(self) -> set[int]:
        """Ids of the jobs the workers are on."""
        return {w.job[0] for w in self.workers if w.job is not None}

    def submit(self, job_id: int, key: str | None, text: str, profile: VoiceProfile, timeout: float) -> None:
        worker = next((w for w in self.workers if w.job is None), None)
        if worker is None:
            if len(self.workers) >= self.size:
                raise RuntimeError("no idle worker")
            worker = self._start()
        try:
            worker.conn.send((job_id, key, text, profile))
        except (BrokenPipeError, OSError):
            pass  # died while idle: wait() reports it as this job's failure
        now = time.monotonic()
        worker.job = (job_id, now, now + timeout)

    def wait(self, timeout: float = 1.0) -> list[Event]:
        """Block until at least one busy worker answers, dies or overruns its
        deadline (or ``timeout`` passes); return what happened."""
        busy = [w for w in self.workers if w.job is not None]
        if not busy:
            return []
        ready = set(wait([w.conn for w in busy], timeout))
        events = []
        now = time.monotonic()
        for w in busy:
            job_id = w.job[0]
            if w.conn in ready:
                try:
                    reply = w.conn.recv()
                    pcm = w.conn.recv_bytes() if reply[0] == "ok" else None
                except (EOFError, OSError):  # the process died: its end of the socket closed
                    reply = None
                if reply is not None:
                    w.job = None
                    if reply[0] == "ok":
                        events.append(Event(job_id, pcm=pcm))
                    else:
                        events.append(Event(job_id, error=reply[2], fatal=reply[3]))
                    continue
                try:
                    code = w.process.wait(5)
                except subprocess.TimeoutExpired:
                    code = None
                if code is not None and code < 0:
                    problem = f"the engine process crashed (signal {-code})"
                else:
                    problem = f"the engine process stopped (exit code {code})"
                events.append(Event(job_id, error=problem))
                self._drop(w)
            elif now > w.job[2]:
                events.append(Event(job_id, error=f"the engine took more than {w.job[2] - w.job[1]:.0f} s"))
                self._drop(w)
        return events

    def _drop(self, worker: _Worker) -> None:
        self.workers.remove(worker)
        _stop(worker, graceful=False)

    def close(self) -> None:
        """Stop every worker: idle ones are asked to, busy ones are terminated
        (even if Ctrl-C comes meanwhile: see atomic.interrupts_held)."""
        with interrupts_held():
            for w in self.workers:
                try:
                    w.conn.send(None)
                except (BrokenPipeError, OSError):
                    pass
            while self.workers:
                w = self.workers.pop()
                _stop(w, graceful=w.job is None)


def _stop(worker: _Worker, graceful: bool) -> None:
    process = worker.process
    for step in (("wait",) if graceful else ()) + ("terminate", "kill"):
        if step != "wait":
            getattr(process, step)()
        try:
            process.wait(2)
            break
        except subprocess.TimeoutExpired:
            continue
    worker.conn.close()


if __name__ == "__main__":  # a worker: ``python -m audiobook.engines.workers FD``
    _worker_main(Connection(int(sys.argv[1])))
