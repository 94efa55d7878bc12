"""kill -9 at random moments of a build, then build again.

For every kill it checks that the destination holds either nothing (first
build) or the previous complete file, byte for byte; that the next build
synthesizes no segment the killed one had cached (exact, from the build's
cache keys); and that the final file is byte-identical to an uninterrupted
build from the same cached segments.  A build from an empty cache is also
compared (chapters, tags, duration): eSpeak NG's output depends slightly on
what its process synthesized before, so two cold builds differ in the last
bits (see README).

Kills: (1) in a build from an empty cache once a random number of segments
are cached (synthesis and encoding overlap there); (2) at a random moment of a
rebuild from a full segment cache with the encoded chapters removed (assembly
and encoding of every chapter); (3) the moment the exporter starts its final remux
(chapters + tags).

    python benchmarks/resume.py [--hours 0.5] [--seed N] [--workdir DIR]
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from pathlib import Path

import books
import harness
from audiobook.chapter_cache import ChapterCache


def _hidden_temps(dest: Path) -> list[str]:
    return sorted(p.name for p in dest.parent.iterdir() if p.name.startswith(f".{dest.name}."))


class _Temps:
    """Watches for the exporter's temporary files of *this* build beside ``dest``
    (written since ``since``; stale ones from earlier kills are ignored)."""

    def __init__(self, dest: Path, suffix: str):
        self.dest, self.suffix = dest, suffix
        self.since = time.time()
        self.seen_at: float | None = None

    def present(self) -> bool:
        for p in self.dest.parent.iterdir():
            if p.name.startswith(f".{self.dest.name}.") and p.suffix == self.suffix:
                try:
                    st = p.stat()
                except FileNotFoundError:
                    continue
                if st.st_mtime >= self.since - 0.01 and st.st_size > 0:
                    if self.seen_at is None:
                        self.seen_at = time.perf_counter()
                    return True
        return False

    def after(self, delay: float):
        """A kill_when: true ``delay`` seconds after the temp file appeared."""
        return lambda: self.present() and time.perf_counter() - self.seen_at >= delay


def measure_resume(workdir: Path, hours: float = 0.5, seed: int | None = None) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    seed = random.SystemRandom().randrange(1 << 30) if seed is None else seed
    rng = random.Random(seed)
    book = workdir / "book.txt"
    book.write_text(books.excerpt(hours), encoding="utf-8")
    cast = workdir / "book.toml"
    books.cli("cast", str(book), "--output", str(cast), cwd=workdir)
    keys = books.job_keys(book, cast)

    # References: a cold build (its own cache) and, later, a warm one.
    (workdir / "ref").mkdir(exist_ok=True)
    cold = harness.run_build(book, workdir / "ref" / "book.m4b", workdir / "ref-cache", cast=cast).check()

    out_dir = workdir / "out"
    out_dir.mkdir(exist_ok=True)
    dest, cache = out_dir / "book.m4b", workdir / "cache"
    trials = []

    def trial(name: str, **kill) -> dict:
        previous = harness.file_digest(dest) if dest.exists() else None
        killed = harness.run_build(book, dest, cache, cast=cast, watch=False, **kill)
        after = harness.file_digest(dest) if dest.exists() else None
        before_keys = books.cached_keys(cache)
        hits_expected = sum(k in before_keys for k in keys)
        rerun = harness.run_build(book, dest, cache, cast=cast, watch=False).check()
        row = {
            "kill": name,
            "killed_after_s": round(killed.seconds, 2),
            "was_killed": killed.returncode == -9,
            "destination_after_kill": ("absent" if after is None else
                                       "previous complete file" if after == previous else "CHANGED"),
            "cached_at_kill": len(before_keys),
            "rerun_synthesized": rerun.synthesized,
            "rerun_from_cache": rerun.from_cache,
            "segments": len(keys),
            "segments_cached_at_kill": hits_expected,
        }
        row["no_cached_segment_resynthesized"] = (rerun.from_cache is not None and rerun.from_cache >= hits_expected
                                                  and rerun.synthesized <= len(keys) - hits_expected)
        row["destination_ok"] = row["destination_after_kill"] in ("absent", "previous complete file")
        trials.append(row)
        return row

    target = rng.randint(1, max(1, len(set(keys)) - 1))
    trial(f"empty cache, after {target} of {len(set(keys))} segments cached",
          kill_when=lambda: harness.count_entries(cache) >= target, poll=0.02)
    first_final = harness.file_digest(dest)
    # A rebuild from a full segment cache but no encoded chapters assembles and
    # encodes the whole book: kill it at a random moment of that.
    chapters = ChapterCache(cache).dir
    shutil.rmtree(chapters, ignore_errors=True)
    warm_ref = out_dir / "uninterrupted.m4b"
    warm = harness.run_build(book, warm_ref, cache, cast=cast, watch=False).check()
    reference = harness.file_digest(warm_ref)
    delay = rng.uniform(0.05, 0.9) * warm.seconds
    shutil.rmtree(chapters, ignore_errors=True)
    trial(f"full segment cache, no encoded chapters, {delay:.1f} s into the rebuild", kill_after=delay)
    trial("start of the final remux", kill_when=_Temps(dest, ".m4b").present)
    final = harness.file_digest(dest)

    ref_info, final_info = harness.probe(workdir / "ref" / "book.m4b"), harness.probe(dest)
    leftovers = _hidden_temps(dest)
    result = {
        "seed": seed,
        "book_hours": round(final_info["duration"] / 3600, 3),
        "segments": len(keys),
        "distinct_segments": len(set(keys)),
        "cold_build_seconds": round(cold.seconds, 1),
        "rebuild_without_encoded_chapters_seconds": round(warm.seconds, 1),
        "trials": trials,
        "final_identical_to_uninterrupted_build_same_cache": final == reference and first_final == reference,
        "vs_cold_build_from_empty_cache": {
            "byte_identical": harness.file_digest(workdir / "ref" / "book.m4b") == final,
            "same_chapter_titles": [c[0] for c in ref_info["chapters"]] == [c[0] for c in final_info["chapters"]],
            "same_tags": ref_info["tags"] == final_info["tags"],
            "duration_difference_s": round(abs(ref_info["duration"] - final_info["duration"]), 3),
            "decoded_audio_identical": harness.decoded_digest(workdir / "ref" / "book.m4b")
            == harness.decoded_digest(dest),
        },
        "temp_files_left_beside_destination": leftovers,
    }
    result["ok"] = (all(t["was_killed"] and t["destination_ok"] and t["no_cached_segment_resynthesized"]
                        for t in trials) and result["final_identical_to_uninterrupted_build_same_cache"])
    shutil.rmtree(workdir / "ref-cache", ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=float, default=0.5)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="audiobook-resume-") as tmp:
        print(json.dumps(measure_resume(args.workdir or Path(tmp), args.hours, args.seed), indent=2))


if __name__ == "__main__":
    main()
