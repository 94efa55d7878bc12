"""Work shared among forked processes comes back whole and in order, and
attribution decides the same with one process or several."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from audiobook.attribution import prepare, rank
from audiobook.attribution_model.forked import forked_map
from audiobook.attribution_model.ranker import load_weights
from audiobook.characters import build_roster
from audiobook.chapters import find_chapters
from audiobook.quotes import split_chapter

ALICE = Path(__file__).resolve().parents[1] / "examples" / "alice" / "alice.txt"


def test_forked_map_returns_every_result_in_order():
    assert forked_map(lambda i: i * i, 101, 3) == [i * i for i in range(101)]
    assert forked_map(lambda i: -i, 3, 4) == [0, -1, -2]  # too little work to fork: done here


def test_a_child_that_dies_costs_time_not_results():
    parent = os.getpid()

    def task(i):
        if os.getpid() != parent:
            os._exit(1)  # as the OOM killer would end it
        return i + 1

    assert forked_map(task, 40, 2) == list(range(1, 41))


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has finished; whoever adopted it reaps it


def test_a_killed_parent_leaves_no_child_behind(tmp_path):
    # a supervisor's timeout kills the parent alone: its child must not wait on forever
    pids = tmp_path / "pids"
    script = (f"import os, sys, time\nsys.path.insert(0, {str(ALICE.parents[2])!r})\n"
              "from audiobook.attribution_model.forked import forked_map\n"
              "parent = os.getpid()\n"
              "def task(i):\n"
              "    if os.getpid() != parent and i < 2:\n"
              f"        open({str(pids)!r}, 'a').write(f'{{os.getpid()}}\\n')\n"
              "    time.sleep(0.05)\n"
              "    return i\n"
              "forked_map(task, 40, 2)\n")
    proc = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 10
    while not (pids.exists() and pids.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    child = int(pids.read_text().split()[0])
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(child)


def test_parallel_attribution_decides_as_the_serial_one():
    text = ALICE.read_text(encoding="utf-8")
    segments = [s for ch in find_chapters(text) for s in split_chapter(text, ch)]
    units, ctx = prepare(text, segments, build_roster(text))
    weights = load_weights()
    serial = rank(units, ctx, weights, workers=1)
    assert len(units) > 20 and rank(units, ctx, weights, workers=2) == serial
