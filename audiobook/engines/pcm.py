"""Small operations on mono signed 16-bit little-endian PCM (bytes in, bytes out)."""
from __future__ import annotations

import numpy as np

SAMPLE_WIDTH = 2  # bytes per sample: s16le
_BLOCK = 1 << 16  # samples per step of the element-wise operations on long audio


def _samples(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, dtype="<i2")


def _to_pcm(samples: np.ndarray) -> bytes:
    return np.clip(np.rint(samples), -32768, 32767).astype("<i2").tobytes()


def duration(pcm: bytes, sample_rate: int) -> float:
    """Seconds of audio in ``pcm``."""
    return len(pcm) / SAMPLE_WIDTH / sample_rate


def silence(seconds: float, sample_rate: int) -> bytes:
    return bytes(SAMPLE_WIDTH * round(seconds * sample_rate))


def gain(pcm: bytes, factor: float) -> bytes:
    """Scale every sample by ``factor`` (clipped to the 16-bit range)."""
    if factor == 1.0 or not pcm:
        return pcm
    samples = _samples(pcm)
    # In blocks: in float64 a long segment would take several times its size at once.
    return b"".join(_to_pcm(samples[i:i + _BLOCK].astype(np.float64) * factor)
                    for i in range(0, len(samples), _BLOCK))


def resample(pcm: bytes, src_rate: int, dst_rate: int) -> bytes:
    """Band-limited resampling (FFT method).

    Segments start and end near silence, so the FFT's implied periodicity
    adds no audible edge artefacts; down-sampling drops the bins above the new
    Nyquist frequency, so there is no aliasing.
    """
    if src_rate == dst_rate or not pcm:
        return pcm
    x = _samples(pcm).astype(np.float64)
    n = len(x)
    m = max(1, round(n * dst_rate / src_rate))
    spectrum = np.fft.rfft(x)
    bins = m // 2 + 1
    if bins <= len(spectrum):
        spectrum = spectrum[:bins]
    else:
        spectrum = np.concatenate([spectrum, np.zeros(bins - len(spectrum), dtype=spectrum.dtype)])
    return _to_pcm(np.fft.irfft(spectrum, m) * (m / n))


def strip_trailing_zeros(pcm: bytes, step: int = 1 << 12) -> bytes:
    """``pcm`` without its run of exactly-zero samples at the end.  Searched
    from the end a block at a time: an index of every sample would take four
    times the audio's size in memory (a long segment's worker peak)."""
    samples = _samples(pcm)
    end = len(samples)
    while end > 0:
        start = max(0, end - step)
        nonzero = np.flatnonzero(samples[start:end])
        if len(nonzero):
            return pcm[:2 * (start + int(nonzero[-1]) + 1)]
        end = start
    return b""


def peak(pcm: bytes) -> int:
    """Largest absolute sample value (0 for silence or no audio)."""
    if not pcm:
        return 0
    return int(np.abs(_samples(pcm).astype(np.int32)).max())


def fundamental_hz(pcm: bytes, sample_rate: int) -> float:
    """Median pitch of the voiced frames (autocorrelation), 0.0 if none.

    Only used to verify that pitch settings are real (tests, benchmarks).
    """
    x = _samples(pcm).astype(np.float64)
    frame, hop = int(0.04 * sample_rate), int(0.01 * sample_rate)
    lo, hi = int(sample_rate / 400), int(sample_rate / 60)  # 60..400 Hz
    threshold = 0.1 * (np.abs(x).max() if len(x) else 0)
    found = []
    for start in range(0, len(x) - frame, hop):
        f = x[start:start + frame]
        if np.abs(f).max() < threshold or threshold == 0:
            continue
        f = f - f.mean()
        ac = np.correlate(f, f, "full")[frame - 1:]
        if ac[0] <= 0:
            continue
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] / ac[0] > 0.5:  # clearly periodic: a voiced frame
            found.append(sample_rate / lag)
    return float(np.median(found)) if found else 0.0
