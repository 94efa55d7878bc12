"""Running ffmpeg: finding it, streaming PCM into one process, turning its
failures into errors a user can act on, and temporary files beside the
destination (so the final ``os.replace`` is atomic).

Every ffmpeg/ffprobe runs in a session of its own (``start_new_session``):
the terminal's Ctrl-C sends SIGINT to the whole foreground process group,
and ffmpeg catches SIGINT even when it was started with SIGINT ignored, then
exits with status 255 — which would be reported as an encoding failure
before our own KeyboardInterrupt.  So only this process hears the terminal,
and it stops its children itself (``PcmEncoder.abort``, ``run`` kills on any
exception, and any child still running when the interpreter exits is killed).
"""
from __future__ import annotations

import atexit
import errno
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Sequence

from mutagen import MutagenError

from ..atomic import process_alive, remove_files
from ..errors import DependencyError, UserError

INSTALL_HINT = "install it with `apt-get install -y ffmpeg` (Debian/Ubuntu) or `brew install ffmpeg` (macOS)"
STDERR_TAIL_LINES = 6


def require(program: str = "ffmpeg") -> str:
    """Full path of ``program`` (ffmpeg or ffprobe), or DependencyError saying how to install it."""
    found = shutil.which(program)
    if not found:
        raise DependencyError(f"{program} was not found on PATH: {INSTALL_HINT}")
    return found


def pcm_input_args(sample_rate: int, sample_format: str = "s16le") -> list[str]:
    """ffmpeg arguments reading mono PCM from stdin."""
    return ["-f", sample_format, "-ar", str(sample_rate), "-ac", "1", "-i", "pipe:0"]


_children: set[subprocess.Popen] = set()
_children_lock = threading.Lock()


def spawn(args: Sequence[str], **kwargs) -> subprocess.Popen:
    """Start ffmpeg/ffprobe in its own session (out of reach of the terminal's
    Ctrl-C, see the module's doc); it is killed if still running at exit."""
    try:
        proc = subprocess.Popen(list(args), start_new_session=True, **kwargs)
    except FileNotFoundError:
        raise DependencyError(f"{args[0]} was not found: {INSTALL_HINT}") from None
    with _children_lock:
        _children.add(proc)
    return proc


def forget(proc: subprocess.Popen) -> None:
    """``proc`` has been waited for."""
    with _children_lock:
        _children.discard(proc)


def stop(proc: subprocess.Popen) -> None:
    """Kill ``proc`` if it still runs, and reap it."""
    try:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    finally:
        forget(proc)


@atexit.register
def _stop_children() -> None:
    """Nothing we started outlives us (a path that forgot one, or an exit
    while a thread still fed one)."""
    with _children_lock:
        left = list(_children)
    for proc in left:
        try:
            stop(proc)
        except (OSError, subprocess.SubprocessError):
            pass


def failure(what: str, dest: Path | None, stderr: str, returncode: int | None = None) -> UserError:
    """The UserError for a failed ffmpeg run: disk full gets its own message,
    anything else quotes ffmpeg's last stderr lines."""
    where = f" {dest}" if dest else ""
    if "No space left on device" in stderr:
        return disk_full(dest)
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    stopped = _stopped_by(returncode, stderr)
    if stopped:  # somebody else's signal, straight at ffmpeg (ours never reach it)
        return UserError(f"ffmpeg was stopped by {stopped} while {what}{where}; run the same command again "
                         "to resume (finished segments are cached)")
    tail = " | ".join(lines[-STDERR_TAIL_LINES:]) or f"exit status {returncode}"
    return UserError(f"ffmpeg failed while {what}{where}: {tail}")


def _stopped_by(returncode: int | None, stderr: str) -> str | None:
    """The signal that stopped ffmpeg, if one did: a fatal one (negative
    status), or one it caught and exited 255 for (its log says so)."""
    if returncode is not None and returncode < 0:
        try:
            return signal.Signals(-returncode).name
        except ValueError:
            return f"signal {-returncode}"
    if returncode == 255 and ("received signal" in stderr or not stderr.strip()):
        return "a signal (exit status 255)"
    return None


def disk_full(dest: Path | None) -> UserError:
    folder = dest.parent if dest else Path(".")
    return UserError(f"disk full while writing {dest or folder}: free some space in {folder} "
                     "(or choose another output folder) and run again")


@contextmanager
def write_errors(dest: Path):
    """Turn an OSError or a failed tag write met while writing ``dest`` into a
    UserError (mutagen wraps the OSError of a full disk)."""
    try:
        yield
    except OSError as exc:
        raise os_error(exc, dest) from None
    except MutagenError as exc:
        cause = exc.__cause__ or exc.__context__ or (exc.args[0] if exc.args else None)
        if isinstance(cause, OSError):
            raise os_error(cause, dest) from None
        raise UserError(f"could not write tags to {dest}: {exc}") from None


def os_error(exc: OSError, dest: Path | None) -> UserError:
    """A UserError for an OSError met while writing ``dest``."""
    if exc.errno == errno.ENOSPC:
        return disk_full(dest)
    return UserError(f"cannot write {dest}: {exc.strerror or exc}")


def run(args: Sequence[str], what: str, dest: Path | None = None) -> subprocess.CompletedProcess:
    """Run a (non-streaming) ffmpeg/ffprobe command given as an argument list."""
    proc = spawn(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        stdout, stderr = proc.communicate()
    finally:
        stop(proc)  # at once on Ctrl-C, which leaves it running (it does not hear the terminal)
    done = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    if done.returncode != 0:
        raise failure(what, dest, done.stderr.decode("utf-8", "replace"), done.returncode)
    return done


class PcmEncoder:
    """One ffmpeg process reading PCM on stdin; ``write`` chunks, then ``close``.

    stderr goes to a temporary file (a pipe could fill up and deadlock us).
    ``abort`` may come from another thread than the one writing (which then
    fails at once, saying the encoding was stopped).
    """

    def __init__(self, args: Sequence[str], what: str, dest: Path):
        self.what, self.dest = what, dest
        self._lock = threading.Lock()
        self._aborted = False
        self._stderr = tempfile.TemporaryFile()
        try:
            self._proc = spawn(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._stderr)
        except BaseException:
            self._stderr.close()
            raise

    def write(self, chunk: bytes) -> None:
        try:
            self._proc.stdin.write(chunk)
        except (BrokenPipeError, ValueError):
            # ffmpeg exited early: its stderr says why.
            self._proc.wait()
            raise self._failure() from None

    def close(self) -> None:
        try:
            self._proc.stdin.close()
        except (BrokenPipeError, ValueError):
            pass
        code = self._proc.wait()
        forget(self._proc)
        try:
            if code != 0:
                raise self._failure()
        finally:
            self._close_stderr()

    def abort(self) -> None:
        """Stop ffmpeg after a failure or an interrupt elsewhere (the partial
        output is the caller's to remove).  Safe to call more than once, and
        from another thread than the one feeding it."""
        with self._lock:
            self._aborted = True
        try:
            if self._proc.poll() is None:
                self._proc.kill()  # first: a writer blocked on the pipe gets EPIPE
            try:
                self._proc.stdin.close()
            except (OSError, ValueError):
                pass
        finally:
            stop(self._proc)
            self._close_stderr()

    def _close_stderr(self) -> None:
        with self._lock:
            self._stderr.close()  # a second close does nothing; never two at once

    def _failure(self) -> UserError:
        with self._lock:
            if self._aborted or self._stderr.closed:
                return UserError(f"{self.what} {self.dest}: stopped")
            self._stderr.seek(0)
            text = self._stderr.read().decode("utf-8", "replace")
        return failure(self.what, self.dest, text, self._proc.returncode)


def temp_beside(dest: Path, suffix: str) -> Path:
    """A new empty temporary file in ``dest``'s folder (hidden, named after it
    and the process that owns it, so a later run can clear what a killed one left)."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{dest.name}.{os.getpid()}-", suffix=suffix, dir=dest.parent)
    except OSError as exc:
        raise os_error(exc, dest) from None
    os.close(fd)
    os.chmod(name, 0o666 & ~_umask())  # mkstemp makes 0600; the finished file gets normal permissions
    return Path(name)


def _temps_beside(dest: Path) -> list[tuple[Path, int]]:
    """Temporary files (``temp_beside``) of ``dest`` and of its parts
    (``Book - Part 2.m4b``) in its folder, each with the process id in its name."""
    name = re.compile(rf"\.{re.escape(dest.stem)}(?: - Part \d+)?{re.escape(dest.suffix)}\.(\d+)-")
    try:
        found = [(p, name.match(p.name)) for p in dest.parent.iterdir()]
    except OSError:
        return []
    return [(p, int(m[1])) for p, m in found if m]


def remove_own_temps(dest: Path) -> int:
    """Remove every temporary file this process made beside ``dest`` (after
    an interrupt or an error, once nothing writes them); returns how many."""
    return remove_files(path for path, pid in _temps_beside(dest) if pid == os.getpid())


def remove_stale_temps(dest: Path) -> int:
    """Remove temporary files beside ``dest`` left by builds that were killed
    (their owning process is gone); returns how many were removed."""
    return remove_files(path for path, pid in _temps_beside(dest) if not process_alive(pid))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_quietly(path: Path | None) -> None:
    if path is not None:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def ms_from_samples(samples: int, sample_rate: int) -> int:
    """Milliseconds, rounded to nearest, from a sample count (never from summed ms: no drift)."""
    return (samples * 1000 + sample_rate // 2) // sample_rate
