"""Memory and CPU in book length, and --split-hours.

1. Books of about 1 h, 6 h and 24 h of audio, each of DISTINCT text (the
   corpus novels' chapters one novel after another, renumbered: see
   ``books.distinct_book``), are each built from their own EMPTY cache, so
   every size runs the whole pipeline: synthesis, chapter encoding, join and
   final mux.  Reported per size: peak PSS of the whole process tree, a
   breakdown by role (main process, synthesis workers, ffmpeg encoders, final
   mux) and by phase (synthesis, encoding, final join), and the mean number
   of cores busy during synthesis and over the whole build.
2. The first book longer than the split limit is built again with
   --split-hours from its cache (only the join runs): every part must stay
   under the limit (unless one chapter alone is longer), every chapter must
   sit whole in exactly one part, in order.

    python benchmarks/scale.py [--hours 1 6 24] [--split-hours 2] [--workdir DIR]
"""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

import books
import harness
from harness import mb


def build_size(workdir: Path, hours: float, workers: int = 2) -> tuple[dict, Path, Path, dict]:
    """Build a book of about ``hours`` from an empty cache; (figures, book, cache, probe of the output)."""
    folder = workdir / f"{hours:g}h"
    folder.mkdir(parents=True, exist_ok=True)
    book, dest, cache = folder / "book.txt", folder / "book.m4b", folder / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    book.write_text(books.distinct_book(hours), encoding="utf-8")
    run = harness.run_build(book, dest, cache, workers=workers).check()
    info = harness.probe(dest)
    row = {
        "target_hours": hours,
        "book_hours": round(info["duration"] / 3600, 2),
        "book_words": len(book.read_text(encoding="utf-8").split()),
        "chapters": len(info["chapters"]),
        "seconds": round(run.seconds, 1),
        "synthesized": run.synthesized,
        "from_cache": run.from_cache,
        "peak_pss_mb": mb(run.peak_pss),
        "peak_rss_sum_mb": mb(run.peak_rss),
        **run.memory_breakdown(),
        "synthesis_seconds": round(run.synthesis_seconds, 1) if run.synthesis_seconds else None,
        "mean_cores_busy_synthesis": run.mean_cores_busy(synthesis_only=True),
        "mean_cores_busy_whole_build": run.mean_cores_busy(),
        "machine_busy": round(run.machine_busy, 3) if run.machine_busy is not None else None,
        "output_mb": mb(dest.stat().st_size),
    }
    return row, book, cache, info


def flatness(rows: list[dict]) -> dict:
    """Growth of the peaks from the shortest to the longest book, in MB per audio hour."""
    first, last = rows[0], rows[-1]
    span = last["book_hours"] - first["book_hours"]
    if len(rows) < 2 or span <= 0:
        return {}

    def slope(a: float, b: float) -> float:
        return round((b - a) / span, 2)
    out = {"tree_mb_per_hour": slope(first["peak_pss_mb"], last["peak_pss_mb"])}
    for role in harness.ROLES:
        out[f"{role}_mb_per_hour"] = slope(first["peak_pss_by_role_mb"][role], last["peak_pss_by_role_mb"][role])
    return out


def measure_scale(workdir: Path, sizes=(1.0, 6.0, 24.0), split_hours: float = 2.0, workers: int = 2) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    out: dict = {"sizes": [], "growth": {}, "split": None}
    for hours in sizes:
        row, book, cache, info = build_size(workdir, hours, workers)
        out["sizes"].append(row)
        if out["split"] is None and row["book_hours"] > split_hours * 1.5:
            out["split"] = check_split(book, cache, split_hours, info)
        shutil.rmtree(book.parent, ignore_errors=True)  # caches of a 24 h book are large
    out["growth"] = flatness(out["sizes"])
    return out


def check_split(book: Path, cache: Path, limit_hours: float, whole_info: dict) -> dict:
    """Build ``book`` in parts of at most ``limit_hours``; check chapters stay whole."""
    dest = book.with_name(book.stem + "-split.m4b")
    run = harness.run_build(book, dest, cache, split_hours=limit_hours, watch=True).check()
    parts = sorted(dest.parent.glob(dest.stem + "*" + dest.suffix))
    parts = [p for p in parts if p != dest] or [dest]
    infos = [harness.probe(p) for p in parts]
    titles = [t for info in infos for t, _, _ in info["chapters"]]
    want = [t for t, _, _ in whole_info["chapters"]]
    longest_chapter = max(end - start for _, start, end in whole_info["chapters"])
    over = [round(i["duration"] / 3600, 3) for i in infos
            if i["duration"] > limit_hours * 3600 + 1 and len(i["chapters"]) > 1]
    result = {
        "limit_hours": limit_hours,
        "parts": [p.name for p in parts],
        "part_hours": [round(i["duration"] / 3600, 3) for i in infos],
        "chapters_whole_and_in_order": titles == want,
        "parts_over_limit_with_several_chapters": over,
        "longest_chapter_hours": round(longest_chapter / 3600, 3),
        "each_part_starts_at_zero": all(i["chapters"] and i["chapters"][0][1] == 0.0 for i in infos),
        "peak_pss_mb": mb(run.peak_pss),
        "seconds": round(run.seconds, 1),
        "ok": titles == want and not over and len(parts) > 1,
    }
    for p in parts:
        p.unlink()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=float, nargs="+", default=[1.0, 6.0, 24.0], help="book lengths")
    parser.add_argument("--split-hours", type=float, default=2.0, help="for the first book over 1.5x this")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="audiobook-scale-") as tmp:
        print(json.dumps(measure_scale(args.workdir or Path(tmp), tuple(args.hours), args.split_hours,
                                       args.workers), indent=2))


if __name__ == "__main__":
    main()
