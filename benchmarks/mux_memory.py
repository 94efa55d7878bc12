"""Peak memory and wall time of the M4B's final step (AAC blocks -> tagged M4B
with chapters) at several book lengths: ffmpeg's remux (what the exporter did
before mp4_writer.py) against the streaming writer.

One minute of AAC (22.05 kHz mono, 64 kb/s, pink noise so the bit rate is what
speech gets) is encoded once with ffmpeg, then used as every minute of the book:
one chapter per ``--chapter-minutes``.  Each case runs in a fresh Python process
(``--case``); its peak RSS and its children's (ffmpeg), and the CPU time of
both, come from getrusage (wall time on a busy machine is mostly disk waits).

    python benchmarks/mux_memory.py [--hours 1 6 24] [--workdir DIR]

old = concatenate the blocks into one .aac + ffmpeg -c copy remux with an
      FFMETADATA chapter file + mutagen tags
new = mp4_writer.write_m4b straight from the blocks + mutagen tags
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RATE = 22050


def encode_minute(path: Path) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "anoisesrc=c=pink:a=0.2:d=60:r=22050",
                    "-c:a", "aac", "-aac_coder", "fast", "-b:a", "64k", "-ar", str(RATE), "-ac", "1", "-f", "adts",
                    str(path)], check=True)


def book_layout(minute: Path, hours: float, chapter_minutes: int):
    from audiobook.exporters.adts import duration_us
    from audiobook.model import ChapterMark

    minutes = round(hours * 60)
    pieces = [minute] * minutes
    block_us = duration_us(minute)
    marks = []
    for first in range(0, minutes, chapter_minutes):
        count = min(chapter_minutes, minutes - first)
        start, end = first * block_us, (first + count) * block_us
        marks.append(ChapterMark(f"Chapter {len(marks) + 1}", (start + 500) // 1000, (end + 500) // 1000))
    return pieces, marks


def run_case(case: str, minute: Path, hours: float, chapter_minutes: int, out: Path) -> dict:
    sys.path.insert(0, str(REPO))
    from audiobook.exporters.m4b import tag_room, write_tags
    from audiobook.model import Metadata

    pieces, marks = book_layout(minute, hours, chapter_minutes)
    metadata = Metadata(title="Benchmark", author="Nobody", narrator="eSpeak NG")
    started = time.perf_counter()
    if case == "old":
        joined, meta = out.with_suffix(".aac"), out.with_suffix(".ffmeta")
        with open(joined, "wb") as target:
            for piece in pieces:
                with open(piece, "rb") as source:
                    shutil.copyfileobj(source, target, 1 << 20)
        meta.write_text(";FFMETADATA1\n" + "".join(
            f"[CHAPTER]\nTIMEBASE=1/1000\nSTART={m.start_ms}\nEND={m.end_ms}\ntitle={m.title}\n" for m in marks))
        subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-loglevel", "error", "-y", "-i", str(joined),
                        "-f", "ffmetadata", "-i", str(meta), "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1",
                        "-c", "copy", "-f", "mp4", "-brand", "M4B ", "-movflags", "+faststart", str(out)], check=True)
        joined.unlink()
        meta.unlink()
    else:
        from audiobook.exporters.mp4_writer import write_m4b
        write_m4b(pieces, out, marks, tag_room=tag_room(metadata))
    write_tags(out, metadata)
    seconds = time.perf_counter() - started
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return {"case": case, "hours": hours, "chapters": len(marks), "seconds": round(seconds, 2),
            "cpu_seconds": round(sum(u.ru_utime + u.ru_stime for u in usage), 2),
            "python_peak_mb": round(usage[0].ru_maxrss / 1024, 1),
            "ffmpeg_peak_mb": round(usage[1].ru_maxrss / 1024, 1),
            "bytes": out.stat().st_size}


def check_output(path: Path) -> dict:
    probe = json.loads(subprocess.run(["ffprobe", "-v", "error", "-of", "json", "-show_format", "-show_chapters",
                                       str(path)], check=True, capture_output=True).stdout)
    return {"duration": float(probe["format"]["duration"]), "chapters": len(probe["chapters"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=float, nargs="+", default=[1, 6, 24])
    parser.add_argument("--chapter-minutes", type=int, default=20)
    parser.add_argument("--cases", nargs="+", default=["old", "new"], choices=["old", "new"])
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the M4B files (with --workdir)")
    parser.add_argument("--case", choices=["old", "new"], help=argparse.SUPPRESS)
    parser.add_argument("--minute", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:  # a child: one measured case
        print(json.dumps(run_case(args.case, args.minute, args.hours[0], args.chapter_minutes, args.out)))
        return
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="mux-memory-"))
    workdir.mkdir(parents=True, exist_ok=True)
    minute = workdir / "minute.aac"
    encode_minute(minute)
    rows = []
    try:
        for hours in args.hours:
            for case in args.cases:
                out = workdir / f"{case}-{hours:g}h.m4b"
                done = subprocess.run([sys.executable, __file__, "--case", case, "--minute", str(minute),
                                       "--hours", str(hours), "--chapter-minutes", str(args.chapter_minutes),
                                       "--out", str(out)], check=True, capture_output=True, text=True)
                row = json.loads(done.stdout.strip().splitlines()[-1]) | check_output(out)
                rows.append(row)
                print(f"{case:>3} {hours:>5g} h  {row['seconds']:7.2f} s wall  {row['cpu_seconds']:6.2f} s CPU  "
                      f"python {row['python_peak_mb']:6.1f} MB  "
                      f"ffmpeg {row['ffmpeg_peak_mb']:6.1f} MB  {row['bytes'] / 1e6:7.1f} MB file  "
                      f"{row['duration'] / 3600:.3f} h, {row['chapters']} chapters", flush=True)
                if not args.keep:
                    out.unlink()
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
