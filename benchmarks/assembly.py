"""Benchmark: stream N hours of synthetic speech through assembly + export.

Reports wall time, peak memory of Python and of the biggest child (ffmpeg),
the output size and a loudness check of the first chapter.  Each length runs
in a fresh process so ``ru_maxrss`` (a lifetime peak) belongs to that run.

    python benchmarks/assembly.py                 # 1 h and 6 h, M4B
    python benchmarks/assembly.py --hours 24      # the 24-hour case
    python benchmarks/assembly.py --hours 1 --format mp3 --json
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RATE = 22050
SEGMENT_SECONDS = (1.5, 3.0, 4.5, 6.0)  # a mix of short dialogue and long narration
CHAPTER_MINUTES = 30


def synthetic_clip(seconds: float, pitch: float, seed: int) -> bytes:
    """Speech-like PCM with engine-style silence at both ends (assembly trims it)."""
    rng = random.Random(seed)
    n = int(seconds * RATE)
    pad = int(0.1 * RATE)
    samples = [0] * pad
    for i in range(n):
        t = i / RATE
        envelope = abs(math.sin(math.pi * 3.5 * t)) ** 1.5
        wave = sum(math.sin(2 * math.pi * pitch * k * t) / k for k in (1, 2, 3, 5))
        samples.append(int(7000 * envelope * (0.55 * wave + 0.1 * rng.uniform(-1, 1))))
    samples += [0] * pad
    return struct.pack(f"<{len(samples)}h", *samples)


def synthetic_book(hours: float):
    """Chapters, segments and a lazy PCM iterator for ``hours`` of audio (a few
    clips reused, so the generator itself holds almost nothing)."""
    from audiobook.model import DIALOGUE, NARRATION, Chapter, Segment

    clips = [synthetic_clip(s, 110 + 40 * i, i) for i, s in enumerate(SEGMENT_SECONDS)]
    per_chapter = int(CHAPTER_MINUTES * 60 / (sum(SEGMENT_SECONDS) / len(SEGMENT_SECONDS) + 0.6))
    total = int(hours * 3600 / (sum(SEGMENT_SECONDS) / len(SEGMENT_SECONDS) + 0.6))
    chapters, segments, order = [], [], []
    for i in range(total):
        number = i // per_chapter + 1
        if not chapters or chapters[-1].index != number:
            chapters.append(Chapter(number, f"Chapter {number}", 0, 0))
        kind = i % len(clips)
        speaker = None if kind % 2 == 0 else f"Speaker {kind}"
        text = "Some words. " + ("\n\n" if i % 5 == 4 else "")
        segments.append(Segment(number, DIALOGUE if speaker else NARRATION, 0, 0, text, speaker))
        order.append(kind)
    return chapters, segments, (clips[k] for k in order)


def run_one(hours: float, fmt: str, out_dir: Path, split_hours: float | None, check_loudness: bool) -> dict:
    from audiobook.assemble import Assembly
    from audiobook.exporters import get_exporter
    from audiobook.model import Metadata

    chapters, segments, pcm = synthetic_book(hours)
    started = time.perf_counter()
    assembly = Assembly(chapters, segments, pcm, RATE)
    parts = get_exporter(fmt).export(assembly.chapters(), RATE, Metadata(title=f"Benchmark {hours} h"),
                                     out_dir / f"bench-{hours}h.{fmt}", split_hours=split_hours)
    wall = time.perf_counter() - started
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        "hours": hours, "format": fmt, "segments": len(segments), "chapters": len(assembly.marks),
        "audio_hours": round(assembly.duration_ms / 3_600_000, 3), "wall_s": round(wall, 1),
        "realtime_x": round(assembly.duration_ms / 1000 / wall, 1),
        "python_peak_mb": round(me.ru_maxrss / 1024, 1), "ffmpeg_peak_mb": round(kids.ru_maxrss / 1024, 1),
        "tree_peak_mb_upper_bound": round((me.ru_maxrss + kids.ru_maxrss) / 1024, 1),
        "cpu_python_s": round(me.ru_utime + me.ru_stime, 1), "cpu_ffmpeg_s": round(kids.ru_utime + kids.ru_stime, 1),
        "parts": len(parts), "output_mb": round(sum(p.path.stat().st_size for p in parts) / 1e6, 1),
    }
    if check_loudness:
        from audiobook import loudness
        first = loudness.measure(parts[0].path, parts[0].chapters[:1])[0]
        result["first_chapter"] = {"rms_db": first.rms_db, "peak_db": first.peak_db, "lufs": first.lufs,
                                   "acx": "PASS" if first.passed else "FAIL"}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hours", type=float, nargs="+", default=[1, 6])
    parser.add_argument("--format", default="m4b", choices=["m4b", "mp3", "opus"])
    parser.add_argument("--split-hours", type=float, default=None)
    parser.add_argument("--out-dir", type=Path, default=None, help="keep outputs here (default: a temp dir, removed)")
    parser.add_argument("--no-loudness", action="store_true", help="skip measuring the first chapter")
    parser.add_argument("--json", action="store_true", help="print one JSON object per run")
    parser.add_argument("--run-one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()

    out_dir = args.out_dir or Path(tempfile.mkdtemp(prefix="audiobook-bench-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    if args.run_one is not None:
        print(json.dumps(run_one(args.run_one, args.format, out_dir, args.split_hours, not args.no_loudness)))
        return
    try:
        for hours in args.hours:
            command = [sys.executable, __file__, "--run-one", str(hours), "--format", args.format,
                       "--out-dir", str(out_dir)]
            if args.split_hours:
                command += ["--split-hours", str(args.split_hours)]
            if args.no_loudness:
                command.append("--no-loudness")
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                sys.exit(done.returncode)
            result = json.loads(done.stdout.strip().splitlines()[-1])
            if args.json:
                print(json.dumps(result))
            else:
                print(f"{hours:>5g} h {args.format}: {result['wall_s']:>7.1f} s wall "
                      f"({result['realtime_x']}x real time), Python peak {result['python_peak_mb']} MB, "
                      f"ffmpeg peak {result['ffmpeg_peak_mb']} MB, {result['output_mb']} MB in "
                      f"{result['parts']} file(s), {result['chapters']} chapters"
                      + (f", chapter 1: {result['first_chapter']}" if "first_chapter" in result else ""))
            sys.stdout.flush()
            if not args.out_dir:
                for leftover in out_dir.iterdir():
                    leftover.unlink()
    finally:
        if not args.out_dir:
            shutil.rmtree(out_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, os.fspath(Path(__file__).resolve().parent.parent))
    main()
