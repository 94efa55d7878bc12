"""The renderer with the real engine: order, cache reuse, failures, progress."""
from __future__ import annotations

import pytest

from audiobook.cache import Cache
from audiobook.engines import get_engine
from audiobook.engines.pcm import duration
from audiobook.errors import EngineError
from audiobook.model import VoiceProfile
from audiobook.synthesize import SAMPLE_RATE, Job, Render, render

pytestmark = pytest.mark.e2e

NARRATOR = VoiceProfile(voice="en-us")
ALICE = VoiceProfile(voice="en-gb+f3", pitch=60)


def book_jobs(n: int = 12) -> list[Job]:
    # Job i has i + 2 words, so every job's audio has a distinct length.
    return [Job(f"Line {' '.join(['more'] * (i + 1))}.", ALICE if i % 2 else NARRATOR, f"chapter 1: line {i}")
            for i in range(n)]


def direct(job: Job) -> bytes:
    """The same job synthesized in this process, without the renderer."""
    return get_engine(job.profile.engine).synthesize(job.text, job.profile)


def test_audio_comes_back_in_job_order(tmp_path):
    jobs = book_jobs()
    got = list(render(jobs, Cache(tmp_path), workers=2))
    assert len(got) == len(jobs)
    expected = [len(direct(job)) for job in jobs]
    # eSpeak NG's output length varies a little with what the process spoke
    # before (up to ~50 ms of voice tail), so match by length: each output must
    # be nearest to its own job's audio (jobs differ by a word, ~300 ms).
    for i, pcm in enumerate(got):
        nearest = min(range(len(jobs)), key=lambda j: abs(expected[j] - len(pcm)))
        assert nearest == i
        assert abs(len(pcm) - expected[i]) <= 2 * 0.06 * SAMPLE_RATE


def test_second_run_is_served_entirely_from_cache(tmp_path):
    jobs = book_jobs()
    first = render(jobs, Cache(tmp_path), workers=2)
    first_audio = list(first)
    assert (first.synthesized, first.from_cache) == (len(jobs), 0)
    second = render(jobs, Cache(tmp_path), workers=2)
    assert list(second) == first_audio
    assert (second.synthesized, second.from_cache) == (0, len(jobs))
    assert second._pool.started == 0  # no engine process was even started


def test_changing_one_profile_resynthesizes_only_its_jobs(tmp_path):
    jobs = book_jobs()
    list(render(jobs, Cache(tmp_path), workers=2))
    higher_alice = VoiceProfile(voice="en-gb+f3", pitch=75)
    changed = [Job(j.text, higher_alice if j.profile == ALICE else j.profile, j.label) for j in jobs]
    again = render(changed, Cache(tmp_path), workers=2)
    audio = list(again)
    alice_jobs = sum(1 for j in jobs if j.profile == ALICE)
    assert again.synthesized == alice_jobs and again.from_cache == len(jobs) - alice_jobs
    # a volume is applied when the voices are levelled: changing it synthesizes nothing again
    quieter = [Job(j.text, VoiceProfile(voice="en-gb+f3", pitch=75, volume=0.5) if j.profile == higher_alice
                   else j.profile, j.label) for j in changed]
    third = render(quieter, Cache(tmp_path), workers=2)
    assert list(third) == audio and third.synthesized == 0


def test_blank_jobs_yield_empty_audio_and_are_not_synthesized(tmp_path):
    jobs = [Job("Hello there.", NARRATOR, "a"), Job("  \n ", NARRATOR, "b"), Job("", NARRATOR, "c")]
    r = render(jobs, Cache(tmp_path), workers=1)
    audio = list(r)
    assert audio[1:] == [b"", b""] and audio[0]
    assert (r.synthesized, r.skipped) == (1, 2)


def test_progress_is_reported_for_every_job(tmp_path):
    calls = []
    list(render(book_jobs(5), Cache(tmp_path), workers=2, progress=lambda d, t: calls.append((d, t))))
    assert calls == [(i, 5) for i in range(6)]


def test_output_is_at_the_pipeline_rate(tmp_path):
    job = Job("One two three four five six seven eight.", VoiceProfile(rate=175), "x")
    [pcm] = render([job], Cache(tmp_path), workers=1)
    assert SAMPLE_RATE == 22050
    assert 2.0 < duration(pcm, SAMPLE_RATE) < 5.0  # 8 words at 175 wpm ~ 2.7 s


def test_a_crashing_job_is_retried(tmp_path, monkeypatch):
    # The worker really segfaults on the first attempt of this text.
    monkeypatch.setenv("AUDIOBOOK_FAULT_INJECTION", f"segfault:Kaboom:{tmp_path / 'crashed'}")
    jobs = book_jobs(4) + [Job("Kaboom, said the line.", NARRATOR, "chapter 2: “Kaboom…”")]
    r = render(jobs, Cache(tmp_path / "cache"), workers=2)
    audio = list(r)
    assert len(audio) == 5 and all(audio)
    assert (tmp_path / "crashed").exists()
    assert r.retries == 1 and r.synthesized == 5


def test_a_job_that_always_crashes_is_an_engine_error_naming_it(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDIOBOOK_FAULT_INJECTION", "segfault:Kaboom")
    jobs = book_jobs(3) + [Job("Kaboom, said the line.", NARRATOR, "chapter 2: “Kaboom…”")] + book_jobs(3)
    r = render(jobs, Cache(tmp_path), workers=2)
    with pytest.raises(EngineError, match="chapter 2: “Kaboom…”.*crashed"):
        list(r)
    assert r._pool.workers == []  # all engine processes were stopped
    # what was done before the failure is kept
    assert Cache(tmp_path).size()[0] >= 3


def test_a_hung_job_is_stopped_and_retried(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDIOBOOK_FAULT_INJECTION", f"hang:Stuck:{tmp_path / 'hung'}")
    jobs = [Job("Stuck for a while.", NARRATOR, "x"), Job("Fine.", NARRATOR, "y")]
    r = Render(jobs, Cache(tmp_path / "cache"), workers=1, timeout=lambda text: 2.0)
    assert all(list(r))
    assert r.retries == 1


def test_unknown_voice_fails_before_any_work(tmp_path):
    with pytest.raises(Exception, match="no-such-voice"):
        render([Job("Hi.", VoiceProfile(voice="no-such-voice"), "x")], Cache(tmp_path))
    assert Cache(tmp_path).size() == (0, 0)


def test_memory_stays_bounded_by_the_look_ahead_window(tmp_path):
    jobs = book_jobs(40)
    r = Render(jobs, Cache(tmp_path), workers=2, lookahead=4)
    held = []
    for _ in r:
        held.append(len(r._done))
    assert max(held) <= 4


@pytest.mark.skipif("piper" not in __import__("audiobook.engines", fromlist=["x"]).installed_engines(),
                    reason="pip install 'audiobook[piper]'")
def test_engines_mix_in_one_book_and_user_voice_folders_reach_the_workers(tmp_path):
    from audiobook.engines import registry
    from audiobook.engines.piper import bundled_model

    folder = tmp_path / "voices"
    folder.mkdir()
    (folder / "guest.onnx").symlink_to(bundled_model())
    (folder / "guest.onnx.json").symlink_to(f"{bundled_model()}.json")
    registry.set_voice_dirs([folder])
    try:
        jobs = [Job("Narration in eSpeak.", NARRATOR, "a"),
                Job("A line for the guest voice.", VoiceProfile(engine="piper", voice="guest"), "b"),
                Job("Joe speaks too.", VoiceProfile(engine="piper", voice="joe", pitch=70), "c")]
        r = render(jobs, Cache(tmp_path / "cache"), workers=2)
        audio = list(r)
    finally:
        registry.set_voice_dirs(None)
    assert r.synthesized == 3
    assert all(1.0 < duration(pcm, SAMPLE_RATE) < 4.0 for pcm in audio)


def test_unusable_cache_folder_is_a_clear_user_error(tmp_path):
    from audiobook.errors import UserError

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(UserError, match="cache"):
        render([Job("Hi.", NARRATOR, "x")], Cache(blocker / "cache"))


def test_hostile_characters_are_spoken_not_fatal(tmp_path):
    jobs = [Job("Nul\0inside, and a lone \ud800 surrogate.", NARRATOR, "x"),
            Job("Emoji 😀 and <tags> & [[h@'loU]] phonemes.", NARRATOR, "y")]
    assert all(list(render(jobs, Cache(tmp_path), workers=1)))


BUILD = """
import sys
from audiobook.cache import Cache
from audiobook.model import VoiceProfile
from audiobook.synthesize import Job, render

if __name__ == "__main__":
    jobs = [Job(f"Sentence {i} of the killed build, with a few more words.", VoiceProfile(), f"line {i}")
            for i in range(int(sys.argv[2]))]
    r = render(jobs, Cache(sys.argv[1]), workers=2)
    for i, pcm in enumerate(r):
        print(i, *[w.process.pid for w in r._pool.workers], flush=True)
        if i >= 5:
            input()  # wait here to be killed
"""


def test_kill_9_loses_nothing_already_done_and_leaves_no_worker(tmp_path):
    import os
    import subprocess
    import sys
    import time

    build = subprocess.Popen([sys.executable, "-c", BUILD, str(tmp_path), "40"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    lines = [build.stdout.readline().split() for _ in range(6)]
    build.kill()
    build.wait()
    workers = {int(pid) for line in lines for pid in line[1:]}
    assert workers
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{pid}") for pid in workers):
        time.sleep(0.1)
    # workers notice the closed socket and exit (zombies are reaped by init)
    alive = [pid for pid in workers if os.path.exists(f"/proc/{pid}")
             and "Z" not in open(f"/proc/{pid}/stat").read().split()[2]]
    assert alive == []
    jobs = [Job(f"Sentence {i} of the killed build, with a few more words.", VoiceProfile(), f"line {i}")
            for i in range(40)]
    rerun = render(jobs, Cache(tmp_path), workers=2)
    list(rerun)
    assert rerun.from_cache >= 6  # everything yielded before the kill, and what ran ahead
    assert rerun.from_cache + rerun.synthesized == 40


def test_repeated_lines_are_synthesized_once(tmp_path):
    yes = Job("Yes.", ALICE, "alice says yes")
    jobs = [yes, Job("Really?", NARRATOR, "n"), yes, yes, Job("Yes.", NARRATOR, "narrator says yes")]
    r = render(jobs, Cache(tmp_path), workers=2)
    audio = list(r)
    assert (r.synthesized, r.from_cache) == (3, 2)  # the twins come from the cache
    assert audio[0] == audio[2] == audio[3] and audio[4] != audio[0]


def test_a_line_said_twice_is_synthesized_once_and_counted_as_a_repeat(tmp_path):
    jobs = [Job("Yes.", NARRATOR, "a"), Job("No, not at all.", NARRATOR, "b"), Job("Yes.", NARRATOR, "c")]
    r = render(jobs, Cache(tmp_path), workers=1)
    audio = list(r)
    assert audio[0] == audio[2] and (r.synthesized, r.from_cache, r.repeated) == (2, 1, 1)
    again = render(jobs, Cache(tmp_path), workers=1)
    list(again)
    assert (again.synthesized, again.from_cache, again.repeated) == (0, 3, 0)  # all from earlier work
