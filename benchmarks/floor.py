"""The floor a build is compared with: the speech engine alone synthesizing
the same segment texts with the same voices on N processes, plus ffmpeg alone
encoding audio of the same length to AAC (``-aac_coder fast``, 64 kb/s, the
M4B exporter's codec settings, no filters).  The two are timed one after the
other; their sum is the floor.

    python benchmarks/floor.py BOOK [--workers 2]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import tempfile
import time
from pathlib import Path

import books
from harness import CORES, machine_busy, machine_cpu, mb

_engine_out = None  # per worker process: its PCM file


def segment_jobs(book: Path, cast_path: Path | None = None) -> list[tuple[str, object]]:
    """(speech text, VoiceProfile) for every spoken segment, exactly as the
    build makes them (``books.speech_jobs``)."""
    return [(job.text, job.profile) for job in books.speech_jobs(book, cast_path) if job.text.strip()]


def _start_worker(folder: str, engine: str) -> None:
    global _engine_out
    from audiobook.engines import get_engine

    get_engine(engine)  # loaded before the clock starts
    _engine_out = open(os.path.join(folder, f"{os.getpid()}.pcm"), "wb")


def _ready(_) -> tuple[int, float]:
    time.sleep(0.2)  # keeps this worker busy so that every worker gets one
    return os.getpid(), time.process_time()


def _synthesize(job) -> tuple[int, int, float]:
    """Synthesize one job into this worker's file: (bytes, pid, CPU seconds of this worker so far)."""
    from audiobook.engines import get_engine

    text, profile = job
    pcm = get_engine(profile.engine).synthesize(text, profile)
    _engine_out.write(pcm)
    _engine_out.flush()
    return len(pcm), os.getpid(), time.process_time()


def engine_sample_rate(profile) -> int:
    from audiobook.engines import get_engine

    return get_engine(profile.engine).sample_rate


def measure_floor(book: Path, workers: int = 2, bitrate: str = "64k", cast: Path | None = None) -> dict:
    jobs = segment_jobs(book, cast)
    rate = engine_sample_rate(jobs[0][1])
    with tempfile.TemporaryDirectory(prefix="audiobook-floor-") as folder:
        ctx = multiprocessing.get_context("forkserver")
        total, cpu_by_worker = 0, {}
        machine_before = machine_cpu()
        with ctx.Pool(workers, initializer=_start_worker, initargs=(folder, jobs[0][1].engine)) as pool:
            startup_cpu = dict(pool.map(_ready, range(workers), chunksize=1))  # every worker up, engine loaded
            started = time.perf_counter()
            for size, pid, cpu in pool.imap_unordered(_synthesize, jobs, chunksize=4):
                total += size
                cpu_by_worker[pid] = max(cpu, cpu_by_worker.get(pid, 0.0))
                synth_seconds = time.perf_counter() - started
        machine_synth = machine_busy(machine_before, machine_cpu())
        # The workers are the forkserver's children, not ours: they report their own CPU time.
        synth_cpu = sum(cpu - startup_cpu.get(pid, 0.0) for pid, cpu in cpu_by_worker.items())
        pieces = sorted(str(p) for p in Path(folder).glob("*.pcm"))
        audio_seconds = total / 2 / rate
        out = Path(folder) / "floor.m4a"
        started = time.perf_counter()
        subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-loglevel", "error", "-y",
                        "-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", "concat:" + "|".join(pieces),
                        "-c:a", "aac", "-aac_coder", "fast", "-b:a", bitrate, "-f", "mp4", str(out)], check=True)
        encode_seconds = time.perf_counter() - started
        machine_all = machine_busy(machine_before, machine_cpu())
    return {
        "segments": len(jobs),
        "audio_hours": round(audio_seconds / 3600, 3),
        "workers": workers,
        "synthesis_seconds": round(synth_seconds, 2),
        "synthesis_cpu_utilisation": round(synth_cpu / synth_seconds / CORES, 3),
        "engine_realtime_factor_per_process": round(audio_seconds / synth_cpu, 1) if synth_cpu else None,
        "encode_seconds": round(encode_seconds, 2),
        "encode_realtime_factor": round(audio_seconds / encode_seconds, 1),
        "floor_seconds": round(synth_seconds + encode_seconds, 2),
        "pcm_mb": mb(total),
        "machine_busy_during_synthesis": round(machine_synth, 3),
        "machine_busy": round(machine_all, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("book", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cast", type=Path, help="casting file (default: the automatic cast)")
    args = parser.parse_args()
    print(json.dumps(measure_floor(args.book, args.workers, cast=args.cast), indent=2))


if __name__ == "__main__":
    main()
