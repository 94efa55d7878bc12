"""Real-time factor of every installed speech engine, with 1 and 2 processes.

RTF = seconds of audio produced / wall-clock seconds (higher is faster);
"RTF/cpu" = audio seconds / CPU seconds used by the build and its engine
processes, which stays meaningful when other work shares the machine (the
load average is printed for that reason).  Each row renders the same paragraphs through ``audiobook.synthesize.render``
into an empty cache, so it includes the worker processes' start-up and model
loading, as a real build does.  Run:  python benchmarks/engines.py [--repeat N]
"""
from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from audiobook.cache import Cache
from audiobook.engines import get_engine, installed_engines
from audiobook.engines.pcm import duration
from audiobook.model import VoiceProfile
from audiobook.synthesize import SAMPLE_RATE, Job, render

PARAGRAPHS = [
    "The village lay at the foot of a long green hill, and every morning the mist came down "
    "from the woods above it and filled the lanes until noon. Nobody minded. The baker lit his "
    "ovens in the dark, the miller listened for the wheel, and the children walked to school "
    "with their hands stretched out in front of them, laughing at the shapes in the fog.",
    "“You are late again,” said the schoolmistress, though she was smiling. “Was it the mist, "
    "or was it the blackberries?” Tom looked at his purple fingers and decided that honesty, "
    "on the whole, was the wiser course. “A little of both, Miss Harper,” he said.",
    "By evening the wind had turned. It came from the sea now, cold and salt, rattling the "
    "shutters and sending the last leaves spinning over the square. In the inn the fire was "
    "built high, and the travellers drew their chairs closer, and somebody began a story that "
    "nobody would remember the ending of.",
    "At twenty past eleven on the fourth of November, the clock in the tower stopped. It had "
    "run for one hundred and twelve years without a pause, and the silence it left behind was "
    "so strange that half the town woke up and went to the window to listen to it.",
]
VOICES = {"espeak": "en-us", "piper": "joe"}
REPEATS = {"espeak": 50, "piper": 3}  # jobs = paragraphs x repeats: a few seconds of work each


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the engine workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measure(engine: str, workers: int, repeat: int) -> tuple[float, float]:
    """(audio seconds, wall seconds) for rendering the paragraphs ``repeat`` times."""
    audio, wall, _ = measure_with_cpu(engine, workers, repeat)
    return audio, wall


def measure_with_cpu(engine: str, workers: int, repeat: int) -> tuple[float, float, float]:
    """(audio seconds, wall seconds, CPU seconds) for rendering the paragraphs ``repeat`` times."""
    profile = VoiceProfile(engine=engine, voice=VOICES[engine])
    # A distinct text per job (the copy number) so nothing is deduplicated.
    jobs = [Job(f"{p} Copy {n}.", profile, f"paragraph {i + 1}, copy {n}")
            for n in range(repeat) for i, p in enumerate(PARAGRAPHS)]
    with tempfile.TemporaryDirectory() as tmp:
        start, cpu = time.perf_counter(), _cpu_seconds()
        audio = sum(duration(pcm, SAMPLE_RATE) for pcm in render(jobs, Cache(Path(tmp)), workers=workers))
        return audio, time.perf_counter() - start, _cpu_seconds() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, help="copies of the paragraphs per engine")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}; load average before: {os.getloadavg()[0]:.1f}")
    print(f"{'engine':8} {'version':45} {'procs':>5} {'jobs':>5} {'audio s':>9} {'wall s':>8} {'RTF':>8} "
          f"{'cpu s':>8} {'RTF/cpu':>8}")
    for name in installed_engines():
        version = get_engine(name).version()
        repeat = args.repeat or REPEATS.get(name, 3)
        for workers in (1, 2):
            audio, wall, cpu = measure_with_cpu(name, workers, repeat)
            print(f"{name:8} {version[:45]:45} {workers:>5} {repeat * len(PARAGRAPHS):>5} "
                  f"{audio:>9.1f} {wall:>8.2f} {audio / wall:>8.1f} {cpu:>8.2f} {audio / cpu:>8.1f}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
