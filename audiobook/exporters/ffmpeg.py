"""Running ffmpeg: finding it, streaming PCM into one process, turning its
failures into errors a user can act on, and temporary files beside the
destination (so the final ``os.replace`` is atomic)."""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Sequence

from mutagen import MutagenError

from ..atomic import remove_orphaned_temps
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


def failure(what: str, dest: Path | None, stderr: str, returncode: int | None = None) -> UserError:
    """The UserError for a failed ffmpeg run: disk full gets its own message,
    anything else quotes ffmpeg's last stderr lines."""
    where = f" {dest}" if dest else ""
    if "No space left on device" in stderr:
        return disk_full(dest)
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    tail = " | ".join(lines[-STDERR_TAIL_LINES:]) or f"exit status {returncode}"
    return UserError(f"ffmpeg failed while {what}{where}: {tail}")


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
    try:
        done = subprocess.run(list(args), stdin=subprocess.DEVNULL, capture_output=True)
    except FileNotFoundError:
        raise DependencyError(f"{args[0]} was not found: {INSTALL_HINT}") from None
    if done.returncode != 0:
        raise failure(what, dest, done.stderr.decode("utf-8", "replace"), done.returncode)
    return done


class PcmEncoder:
    """One ffmpeg process reading PCM on stdin; ``write`` chunks, then ``close``.

    stderr goes to a temporary file (a pipe could fill up and deadlock us).
    """

    def __init__(self, args: Sequence[str], what: str, dest: Path):
        self.what, self.dest = what, dest
        self._stderr = tempfile.TemporaryFile()
        try:
            self._proc = subprocess.Popen(list(args), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                          stderr=self._stderr)
        except FileNotFoundError:
            self._stderr.close()
            raise DependencyError(f"{args[0]} was not found: {INSTALL_HINT}") from None

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
        except BrokenPipeError:
            pass
        code = self._proc.wait()
        try:
            if code != 0:
                raise self._failure()
        finally:
            self._stderr.close()

    def abort(self) -> None:
        """Stop ffmpeg after a failure elsewhere (the partial output is the caller's to remove)."""
        if self._proc.poll() is None:
            self._proc.kill()
        try:
            self._proc.stdin.close()
        except OSError:
            pass
        self._proc.wait()
        self._stderr.close()

    def _failure(self) -> UserError:
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


def remove_stale_temps(dest: Path) -> int:
    """Remove temporary files beside ``dest`` left by builds that were killed
    (their owning process is gone); returns how many were removed."""
    prefix = f".{dest.name}."
    try:
        candidates = [p for p in dest.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return 0
    return remove_orphaned_temps(candidates, prefix)


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
