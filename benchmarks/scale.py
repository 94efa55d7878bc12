"""Memory in book length, and --split-hours.

1. A book of about ``base_hours`` cut from the novel is built from an empty
   cache (real synthesis): peak memory of the whole process tree, also during
   the synthesis phase alone, and CPU utilisation.
2. Books of ``base x 6`` and ``base x 24`` hours repeat the base book's
   chapters (renumbered), built with the same casting file and cache: their
   segments are cache hits, so these builds measure assembly + encoding +
   export at 6 h and 24 h without synthesizing 24 h of speech.
3. The 6x book is built again with --split-hours: every part must stay under
   the limit (unless one chapter alone is longer), every chapter must sit
   whole in exactly one part, in order.

    python benchmarks/scale.py [--base-hours 1] [--workdir DIR]
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import harness
from harness import mb


def _run_summary(run: harness.BuildRun, hours: float) -> dict:
    return {
        "book_hours": round(hours, 2),
        "seconds": round(run.seconds, 1),
        "synthesized": run.synthesized,
        "from_cache": run.from_cache,
        "peak_pss_mb": mb(run.peak_pss),
        "peak_rss_sum_mb": mb(run.peak_rss),
        "cpu_utilisation": round(run.cpu_utilisation, 3) if run.cpu_utilisation is not None else None,
    }


def _synthesis_phase_peak(run: harness.BuildRun) -> int:
    end = run.synthesis_seconds
    if end is None:
        return 0
    return max((s.pss for s in run.samples if s.t <= end), default=0)


def measure_scale(workdir: Path, base_hours: float = 1.0, multipliers=(6, 24), split_hours: float = 2.0) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    cache = workdir / "cache"
    base_text = harness.excerpt(base_hours)
    base = workdir / "base.txt"
    base.write_text(base_text, encoding="utf-8")
    cast = workdir / "base.toml"
    harness.cli("cast", str(base), "--output", str(cast), cwd=workdir)

    out: dict = {"base": None, "grown": [], "split": None}
    run = harness.run_build(base, workdir / "base.m4b", cache, cast=cast).check()
    hours = harness.probe(workdir / "base.m4b")["duration"] / 3600
    out["base"] = _run_summary(run, hours)
    out["base"]["synthesis_seconds"] = round(run.synthesis_seconds, 1) if run.synthesis_seconds else None
    out["base"]["synthesis_peak_pss_mb"] = mb(_synthesis_phase_peak(run))
    out["base"]["synthesis_cpu_utilisation"] = (round(run.synthesis_cpu_utilisation, 3)
                                                if run.synthesis_cpu_utilisation is not None else None)
    base_seconds = hours * 3600

    for times in multipliers:
        book = workdir / f"grown{times}.txt"
        book.write_text(harness.repeated(base_text, times), encoding="utf-8")
        dest = workdir / f"grown{times}.m4b"
        run = harness.run_build(book, dest, cache, cast=cast).check()
        info = harness.probe(dest)
        row = _run_summary(run, info["duration"] / 3600)
        row["chapters"] = len(info["chapters"])
        out["grown"].append(row)
        if times != multipliers[0]:
            dest.unlink()  # the 24x file is large; only the 6x one is needed below
        if times == multipliers[0]:
            out["split"] = check_split(book, dest, cache, cast, split_hours, info)
    return out


def check_split(book: Path, whole: Path, cache: Path, cast: Path, limit_hours: float, whole_info: dict) -> dict:
    """Build ``book`` in parts of at most ``limit_hours``; check chapters stay whole."""
    dest = book.with_name(book.stem + "-split.m4b")
    run = harness.run_build(book, dest, cache, cast=cast, split_hours=limit_hours, watch=True).check()
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
    parser.add_argument("--base-hours", type=float, default=1.0)
    parser.add_argument("--times", type=int, nargs="+", default=[6, 24], help="book lengths, in base books")
    parser.add_argument("--split-hours", type=float, default=2.0, help="for the first grown book (>= 0.5)")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="audiobook-scale-") as tmp:
        print(json.dumps(measure_scale(args.workdir or Path(tmp), args.base_hours, tuple(args.times),
                                       args.split_hours), indent=2))


if __name__ == "__main__":
    main()
