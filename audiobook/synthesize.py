"""Turn speech jobs into PCM, in order, synthesizing ahead in worker processes.

Pipeline audio: mono, signed 16-bit little-endian PCM at ``SAMPLE_RATE``.
Every engine's output is resampled to it, so voices of different engines mix
in one book.

``render`` yields each job's audio in job order.  Cached jobs are read from the
cache; the others go to a pool of engine processes that run ahead of the
consumer by a bounded window (memory stays bounded whatever the book's size).
Workers store each result in the cache before returning it, so a killed build
loses nothing already done and a rerun synthesizes only what is missing.
"""
from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass
from typing import Callable, Iterator

from .cache import Cache
from .engines.registry import voice_dirs
from .engines.workers import WorkerPool
from .errors import EngineError, UserError
from .model import VoiceProfile

SAMPLE_RATE = 22050
SAMPLE_WIDTH = 2  # bytes: s16le
CHANNELS = 1
ATTEMPTS = 3  # per job: a crash, an empty or truncated result is retried this many times in all


@dataclass(frozen=True)
class Job:
    text: str  # speech text, already normalized by the caller
    profile: VoiceProfile
    label: str  # where the text comes from, for error messages (e.g. 'chapter 3: "Call me Ishmael…"')


def job_timeout(text: str) -> float:
    """Seconds a worker may spend on ``text`` before it is deemed hung."""
    return 120.0 + 0.5 * len(text)


class Render:
    """Iterator over the jobs' PCM (b"" for blank text), in order.

    Counters, valid at any time: ``synthesized`` (jobs the engines produced),
    ``from_cache`` (jobs read from the cache; ``repeated`` of them, lines said
    again that this render itself synthesized), ``skipped`` (blank jobs),
    ``retries`` (failed attempts that were retried).
    """

    def __init__(self, jobs: list[Job], cache: Cache, workers: int | None = None,
                 progress: Callable[[int, int], None] | None = None, lookahead: int | None = None,
                 timeout: Callable[[str], float] = job_timeout, keys: list[str | None] | None = None):
        self.jobs = list(jobs)
        self.cache = cache
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.progress = progress
        self.timeout = timeout
        self.lookahead = max(1, lookahead or 4 * self.workers + 4)
        self.synthesized = self.from_cache = self.skipped = self.retries = 0
        self.repeated = 0  # of from_cache: a line said again in this very render, synthesized once
        self._made: set[str] = set()  # keys synthesized by this render
        try:
            self.cache.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot create the audio cache folder {self.cache.root}: {exc.strerror or exc}; "
                            "choose another folder with --cache-dir or AUDIOBOOK_CACHE_DIR") from exc
        # The caller's keys when it has them (one list for the whole book, not two).
        self._keys = self._cache_keys() if keys is None else keys
        # Engine processes start only when a job needs synthesizing.
        self._pool = WorkerPool(self.workers, SAMPLE_RATE, self.cache.root, voice_dirs())
        self._done: dict[int, bytes] = {}  # synthesized ahead, not yet yielded: at most the window
        self._iterator = self._run()

    def _cache_keys(self) -> list[str | None]:
        """One key per job (None for blank text), computed up front so that an
        unknown engine/voice or a missing dependency fails before any work."""
        from .chapter_cache import segment_keys

        return segment_keys(self.jobs, SAMPLE_RATE)

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        return next(self._iterator)

    def close(self) -> None:
        """Stop the workers (also done when the iteration ends or fails)."""
        self._iterator.close()

    def _run(self) -> Iterator[bytes]:
        total = len(self.jobs)
        pool, done = self._pool, self._done
        queue: deque[int] = deque()  # jobs waiting for a worker, in order
        attempts: dict[int, int] = {}
        scanned = 0  # jobs [0, scanned) have been looked at for look-ahead
        self._report(0, total)
        try:
            for i in range(total):
                # Look ahead: queue the uncached jobs of the window.  A job
                # whose twin (same key: same text and voice) is already on its
                # way is not queued: the twin's audio is in the cache by the
                # time this one is due.
                while scanned < min(total, i + self.lookahead):
                    key = self._keys[scanned]
                    if key is not None and key not in self.cache and key not in self._coming(queue):
                        queue.append(scanned)
                    scanned += 1
                # Keep every worker busy, even while the consumer catches up.
                self._pump(pool, queue, done, attempts, timeout=0)
                pcm = self._take(i, queue, done)
                while pcm is None:
                    self._pump(pool, queue, done, attempts, timeout=1.0)
                    pcm = self._take(i, queue, done)
                yield pcm
                self._report(i + 1, total)
        finally:
            pool.close()

    def _coming(self, queue: deque[int]) -> set[str]:
        """Keys of the jobs queued, being synthesized, or synthesized but not yet yielded."""
        return {self._keys[j] for j in (*queue, *self._pool.in_flight(), *self._done)}

    def _take(self, i: int, queue: deque[int], done: dict[int, bytes]) -> bytes | None:
        """Job ``i``'s audio if available now; None while it is being synthesized."""
        if i in done:
            self.synthesized += 1
            self._made.add(self._keys[i])
            return done.pop(i)
        key = self._keys[i]
        if key is None:
            self.skipped += 1
            return b""
        if i in queue or i in self._pool.in_flight():
            return None
        pcm = self.cache.get(key)
        if pcm is not None:
            self.from_cache += 1
            self.repeated += key in self._made
            return pcm
        queue.appendleft(i)  # the entry vanished or was damaged: synthesize it first
        return None

    def _pump(self, pool: WorkerPool, queue: deque[int], done: dict[int, bytes],
              attempts: dict[int, int], timeout: float) -> None:
        """Collect finished work (waiting up to ``timeout`` for some), and hand
        queued jobs to idle workers."""
        self._dispatch(pool, queue)
        for event in pool.wait(timeout=timeout):
            j = event.job_id
            if event.pcm is not None:
                done[j] = event.pcm
                continue
            job = self.jobs[j]
            attempts[j] = attempts.get(j, 0) + 1
            if event.fatal:
                raise UserError(f"{job.label}: {event.error}")
            if attempts[j] >= ATTEMPTS:
                raise EngineError(f"could not synthesize {job.label} with {job.profile.engine} voice "
                                  f"'{job.profile.voice}' after {ATTEMPTS} attempts: {event.error}")
            self.retries += 1
            queue.appendleft(j)
        self._dispatch(pool, queue)

    def _dispatch(self, pool: WorkerPool, queue: deque[int]) -> None:
        while queue and pool.idle() > 0:
            j = queue.popleft()
            job = self.jobs[j]
            pool.submit(j, self._keys[j], job.text, job.profile, self.timeout(job.text))

    def _report(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(done, total)


def render(jobs: list[Job], cache: Cache, workers: int | None = None,
           progress: Callable[[int, int], None] | None = None, keys: list[str | None] | None = None) -> Render:
    """Each job's PCM in order (an iterator with counters, see ``Render``); ``keys``:
    their cache keys if already computed (``chapter_cache.segment_keys``)."""
    return Render(jobs, cache, workers=workers, progress=progress, keys=keys)
