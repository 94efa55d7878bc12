"""Every scale figure of issue 5 in one command: speed against the floor,
memory at 1 h / 6 h / 24 h (distinct text, each from an empty cache) with a
breakdown by process role, CPU use, re-render cost, resume after kill -9,
--split-hours, and the engine's real-time factor.

    python benchmarks/run.py            # the whole novel, ~1 h on 2 cores
    python benchmarks/run.py --quick    # a fraction of it, a few minutes: a smoke run

Prints a table and writes benchmarks/results.json (--quick:
benchmarks/results-quick.json).  See benchmarks/README.md for what each
figure means.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import books  # noqa: E402
import harness  # noqa: E402
from floor import measure_floor  # noqa: E402
from harness import mb  # noqa: E402
from rerender import measure_rerender  # noqa: E402
from resume import measure_resume  # noqa: E402
from scale import measure_scale  # noqa: E402

MEMORY_LIMIT_MB = 400
RERENDER_LIMIT_PERCENT = 10
FLAT_TOLERANCE = 1.25  # the longest book may use at most this much more memory than the shortest

FULL = {"speed_hours": None, "scale_hours": (1.0, 6.0, 24.0), "split_hours": 2.0, "resume_hours": 0.5}
QUICK = {"speed_hours": 0.25, "scale_hours": (0.15, 1.0), "split_hours": 0.5, "resume_hours": 0.05}


def machine() -> dict:
    ffmpeg = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout.split("\n")[0]
    return {"cores": harness.CORES, "python": platform.python_version(), "platform": platform.platform(),
            "ffmpeg": ffmpeg, "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def speed(work: Path, hours: float | None, workers: int) -> tuple[dict, dict]:
    """Floor and full build of the same book in the same run; also returns what re-render needs."""
    book = work / "novel.txt"
    book.write_text(books.excerpt(hours), encoding="utf-8")
    cast = work / "novel.toml"
    books.cli("cast", str(book), "--output", str(cast), cwd=work)
    floor = measure_floor(book, workers, cast=cast)
    dest, cache = work / "novel.m4b", work / "novel-cache"
    run = harness.run_build(book, dest, cache, cast=cast, workers=workers).check()
    info = harness.probe(dest)
    result = {
        "book_words": len(book.read_text(encoding="utf-8").split()),
        "audio_hours": round(info["duration"] / 3600, 2),
        "chapters": len(info["chapters"]),
        "floor": floor,
        "build": {
            "seconds": round(run.seconds, 1), "synthesized": run.synthesized, "from_cache": run.from_cache,
            "peak_pss_mb": mb(run.peak_pss), "peak_rss_sum_mb": mb(run.peak_rss),
            "cpu_utilisation": round(run.cpu_utilisation, 3),
            "mean_cores_busy_whole_build": run.mean_cores_busy(),
            "mean_cores_busy_synthesis": run.mean_cores_busy(synthesis_only=True),
            **run.memory_breakdown(),
            "synthesis_seconds": round(run.synthesis_seconds, 1) if run.synthesis_seconds else None,
            "synthesis_cpu_utilisation": (round(run.synthesis_cpu_utilisation, 3)
                                          if run.synthesis_cpu_utilisation is not None else None),
            "output_mb": mb(dest.stat().st_size),
            "machine_busy": round(run.machine_busy, 3) if run.machine_busy is not None else None,
        },
        "ratio_to_floor": round(run.seconds / floor["floor_seconds"], 3),
    }
    return result, {"book": book, "cast": cast, "dest": dest, "cache": cache, "seconds": run.seconds}


def engine_rtf(floor: dict) -> dict:
    """The engine's real-time factor: per CPU-second from the floor's synthesis,
    and per wall second with 1 and 2 processes from benchmarks/engines.py (the
    audio helper's; it renders through audiobook.synthesize, start-up included)."""
    out = {"espeak_realtime_factor_per_core": floor["engine_realtime_factor_per_process"],
           "source": "floor synthesis: audio seconds / CPU seconds of the engine processes"}
    try:
        import engines as engines_benchmark

        repeat = engines_benchmark.REPEATS.get("espeak", 50)
        for workers in (1, 2):
            audio, wall = engines_benchmark.measure("espeak", workers, repeat)
            out[f"espeak_realtime_factor_{workers}_process{'es' if workers > 1 else ''}"] = round(audio / wall, 1)
    except Exception as exc:  # its absence or failure must not sink the whole run
        out["engines_py"] = f"not usable: {type(exc).__name__}: {exc}"
    return out


def table(r: dict) -> str:
    s, sc, rr, rs = r["speed"], r["scale"], r["rerender"], r["resume"]
    sizes = sc["sizes"]
    peaks = [z["peak_pss_mb"] for z in sizes]
    hours = [z["book_hours"] for z in sizes]
    longest = sizes[-1]
    roles = longest["peak_pss_by_role_mb"]
    growth = sc.get("growth") or {}
    rows = [
        ("Speed: build / floor", f"{s['ratio_to_floor']:.2f}  ({s['build']['seconds']:.0f} s vs "
         f"{s['floor']['floor_seconds']:.0f} s = synth {s['floor']['synthesis_seconds']:.0f} s + encode "
         f"{s['floor']['encode_seconds']:.0f} s; {s['audio_hours']} h audio)", "<= 1.00",
         s["ratio_to_floor"] <= 1.0),
        ("Memory: peak PSS of the tree", "  ".join(f"{h:.1f} h: {p:.0f} MB" for h, p in zip(hours, peaks)),
         f"<= {MEMORY_LIMIT_MB} MB, flat", max(peaks) <= MEMORY_LIMIT_MB and max(peaks) <= FLAT_TOLERANCE * peaks[0]),
        (f"Memory by role ({longest['book_hours']:.1f} h)",
         ", ".join(f"{role} {roles[role]:.0f} MB" for role in harness.ROLES if roles.get(role))
         + (f"; growth {growth['tree_mb_per_hour']:+.1f} MB/h (main {growth['main_mb_per_hour']:+.1f}, final mux "
            f"{growth['final_mux_mb_per_hour']:+.1f})" if growth else ""), "", None),
        ("Memory: synthesis phase", "  ".join(f"{z['book_hours']:.1f} h: "
                                             f"{z['by_phase']['synthesis']['tree_peak_pss_mb']:.0f} MB" for z in sizes),
         f"<= {MEMORY_LIMIT_MB} MB", max(z["by_phase"]["synthesis"]["tree_peak_pss_mb"] for z in sizes)
         <= MEMORY_LIMIT_MB),
        ("CPU: mean cores busy", "  ".join(f"{z['book_hours']:.1f} h: synthesis {z['mean_cores_busy_synthesis']}, "
                                           f"whole {z['mean_cores_busy_whole_build']}" for z in sizes)
         + f" (of {harness.CORES}; speed build {s['build']['mean_cores_busy_whole_build']}, floor synthesis "
           f"{s['floor']['synthesis_cpu_utilisation'] * harness.CORES:.2f}; machine busy with anything "
           f"{100 * (s['build']['machine_busy'] or 0):.0f} %)", f"~{harness.CORES} in synthesis",
         min(z["mean_cores_busy_synthesis"] or 0 for z in sizes) >= 0.9 * harness.CORES),
        ("Re-render: one character's rate", f"{rr['rate_change']['percent_of_full_build']:.0f} % of full build, "
         f"{rr['rate_change']['synthesized']}/{rr['rate_change']['expected_new_segments']} synthesized/expected",
         f"<= {RERENDER_LIMIT_PERCENT} %, only theirs",
         rr["rate_change"]["percent_of_full_build"] <= RERENDER_LIMIT_PERCENT and rr["rate_change"]["only_their_segments"]),
        ("Re-render: one paragraph", f"{rr['paragraph_edit']['percent_of_full_build']:.0f} % of full build, "
         f"{rr['paragraph_edit']['synthesized']}/{rr['paragraph_edit']['expected_new_segments']} synthesized/expected",
         f"<= {RERENDER_LIMIT_PERCENT} %, only its",
         rr["paragraph_edit"]["percent_of_full_build"] <= RERENDER_LIMIT_PERCENT and rr["paragraph_edit"]["only_its_segments"]),
        ("Resume after kill -9", f"{len(rs['trials'])} kills: dest intact {all(t['destination_ok'] for t in rs['trials'])}, "
         f"no re-synthesis {all(t['no_cached_segment_resynthesized'] for t in rs['trials'])}, same file "
         f"{rs['final_identical_to_uninterrupted_build_same_cache']}; temps left {len(rs['temp_files_left_beside_destination'])}",
         "all true, nothing left", rs["ok"] and not rs["temp_files_left_beside_destination"]),
    ]
    split = sc.get("split")
    rows.append(("--split-hours", f"{len(split['parts'])} parts of {split['part_hours']} h (limit "
                 f"{split['limit_hours']} h), chapters whole {split['chapters_whole_and_in_order']}"
                 if split else "not measured: no book long enough", "chapters never split",
                 split["ok"] if split else None))
    e = r["engine"]
    if e.get("espeak_realtime_factor_per_core"):
        extra = "".join(f", {e[k]:.0f}x wall with {n} proc" for n, k in
                        ((1, "espeak_realtime_factor_1_process"), (2, "espeak_realtime_factor_2_processes")) if k in e)
        rows.append(("Engine real-time factor", f"{e['espeak_realtime_factor_per_core']:.0f}x per CPU-second"
                     f"{extra} (eSpeak NG)", "", None))
    rows.append(("Encoder real-time factor", f"{s['floor']['encode_realtime_factor']:.0f}x (AAC fast, 1 thread)", "",
                 None))
    width = max(len(r[0]) for r in rows)
    lines = [f"{'figure'.ljust(width)}  {'target'.ljust(24)}  met   measured"]
    for name, measured, target, ok in rows:
        mark = "" if ok is None else ("yes" if ok else "NO")
        lines.append(f"{name.ljust(width)}  {target.ljust(24)}  {mark.ljust(4)}  {measured}")
    return "\n".join(lines)


def _code_version() -> str:
    """The commit measured (and whether the working tree had uncommitted changes)."""
    here = Path(__file__).resolve().parent.parent
    if os.environ.get("AUDIOBOOK_BENCH_SNAPSHOT"):
        return os.environ["AUDIOBOOK_BENCH_SNAPSHOT"] + " (snapshot)"
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=here)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "audiobook"],
                           capture_output=True, text=True, cwd=here).stdout.strip()
    return (head.stdout.strip() or "unknown") + (" + uncommitted changes" if dirty else "")


def _rerun_from_snapshot(args) -> int:
    """Extract HEAD into a temporary folder and run this script from there."""
    repo = Path(__file__).resolve().parent.parent
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=repo,
                          check=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="audiobook-snapshot-") as snap:
        archive = subprocess.Popen(["git", "archive", "HEAD"], stdout=subprocess.PIPE, cwd=repo)
        subprocess.run(["tar", "-x", "-C", snap], stdin=archive.stdout, check=True)
        archive.wait()
        # Paths made absolute: the snapshot runs in its own folder, deleted afterwards.
        out = args.out.resolve() if args.out else repo / "benchmarks" / (
            "results-quick.json" if args.quick else "results.json")
        argv = ["--workers", str(args.workers), "--out", str(out)]
        argv += ["--quick"] if args.quick else []
        argv += ["--seed", str(args.seed)] if args.seed is not None else []
        argv += ["--workdir", str(args.workdir.resolve())] if args.workdir else []
        env = dict(os.environ, PYTHONPATH=snap + os.pathsep + os.environ.get("PYTHONPATH", ""),
                   AUDIOBOOK_BENCH_SNAPSHOT=head)
        return subprocess.run([sys.executable, str(Path(snap) / "benchmarks" / "run.py"), *argv], env=env,
                              cwd=snap).returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a fraction of the book: a smoke run of a few minutes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, help="for the resume benchmark's random kill moments")
    parser.add_argument("--workdir", type=Path, help="keep the books, caches and files here (default: a temp dir)")
    parser.add_argument("--snapshot", action="store_true",
                        help="run the code of the last commit (git archive HEAD), not the working tree that "
                             "others may be editing while this runs")
    parser.add_argument("--out", type=Path, help="results file (default benchmarks/results[-quick].json)")
    args = parser.parse_args()
    if args.snapshot:
        sys.exit(_rerun_from_snapshot(args))
    plan = QUICK if args.quick else FULL
    started = time.perf_counter()
    results: dict = {"quick": args.quick, "plan": {k: v for k, v in plan.items()}, "machine": machine(),
                     "date_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime())}
    out = args.out or Path(__file__).resolve().parent / ("results-quick.json" if args.quick else "results.json")
    results["code"] = _code_version()
    tmp = None
    work = args.workdir
    if work is None:
        tmp = tempfile.mkdtemp(prefix="audiobook-bench-")
        work = Path(tmp)
    try:
        def step(name: str, fn):
            t = time.perf_counter()
            print(f"[{time.strftime('%H:%M:%S')}] {name} ...", file=sys.stderr, flush=True)
            results[name] = fn()
            out.write_text(json.dumps({**results, "complete": False}, indent=2) + "\n", encoding="utf-8")
            print(f"[{time.strftime('%H:%M:%S')}] {name} done in {time.perf_counter() - t:.0f} s", file=sys.stderr,
                  flush=True)

        (work / "speed").mkdir(parents=True, exist_ok=True)
        built: dict = {}

        def run_speed():
            result, more = speed(work / "speed", plan["speed_hours"], args.workers)
            built.update(more)
            return result

        step("speed", run_speed)
        step("engine", lambda: engine_rtf(results["speed"]["floor"]))
        step("rerender", lambda: measure_rerender(built["book"], built["cast"], built["dest"], built["cache"],
                                                  built["seconds"]))
        shutil.rmtree(work / "speed", ignore_errors=True)
        step("scale", lambda: measure_scale(work / "scale", plan["scale_hours"], plan["split_hours"], args.workers))
        shutil.rmtree(work / "scale", ignore_errors=True)
        step("resume", lambda: measure_resume(work / "resume", plan["resume_hours"], args.seed))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    results["complete"] = True
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\n(written to {out}; {results['total_seconds']:.0f} s in all)")


if __name__ == "__main__":
    main()
