"""ADTS AAC (the raw stream our encoder writes per chapter block): frame headers
read in blocks, without decoding.  ADTS frames are self-framing, so block files
play back to back; each frame carries 1024 samples."""
from __future__ import annotations

import struct
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

SAMPLES_PER_FRAME = 1024
ENCODER_PRIMING = 1024  # samples of delay ffmpeg's AAC encoder puts before the audio
ADTS_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350)
READ_BLOCK = 1 << 20


class AdtsError(ValueError):
    """The input is not ADTS AAC this writer can carry."""


@dataclass(frozen=True)
class AacFormat:
    profile: int  # ADTS profile: the MPEG-4 audio object type minus one (1 = AAC LC)
    rate_index: int
    channels: int

    @property
    def sample_rate(self) -> int:
        return ADTS_RATES[self.rate_index]

    def audio_specific_config(self) -> bytes:
        """ISO 14496-3 AudioSpecificConfig: object type, rate index, channels, 1024-sample frames."""
        return struct.pack(">H", ((self.profile + 1) << 11) | (self.rate_index << 7) | (self.channels << 3))


@dataclass
class AacTrack:
    format: AacFormat
    sizes: array  # array('I'): the payload bytes of each frame, one MP4 sample per frame

    @property
    def samples(self) -> int:
        return len(self.sizes) * SAMPLES_PER_FRAME


def adts_frames(path: Path) -> Iterator[tuple[tuple[int, int, int], memoryview]]:
    """``((profile, rate index, channels), payload)`` for each frame of an ADTS file,
    read in blocks; the payload is only valid until the next frame is asked for."""
    with open(path, "rb") as source:
        data, pos, consumed = b"", 0, 0
        while True:
            if len(data) - pos < 9:
                data, consumed, pos = data[pos:] + source.read(READ_BLOCK), consumed + pos, 0
                if not data:
                    return
                if len(data) < 7:
                    raise AdtsError(f"{path}: truncated ADTS frame at byte {consumed}")
            b1, b2, b3, b4, b5, b6 = data[pos + 1:pos + 7]
            if data[pos] != 0xFF or b1 & 0xF6 != 0xF0:
                raise AdtsError(f"{path}: not an ADTS frame at byte {consumed + pos}")
            header = 7 if b1 & 1 else 9  # protection_absent = 0: a 16-bit CRC follows
            length = ((b3 & 0x03) << 11) | (b4 << 3) | (b5 >> 5)
            if b6 & 0x03:
                raise AdtsError(f"{path}: ADTS frame at byte {consumed + pos} holds {(b6 & 3) + 1} raw data "
                                "blocks; only one block per frame is supported (what ffmpeg's encoder writes)")
            if length < header:
                raise AdtsError(f"{path}: bad ADTS frame length {length} at byte {consumed + pos}")
            if len(data) - pos < length:
                data, consumed, pos = data[pos:] + source.read(max(READ_BLOCK, length)), consumed + pos, 0
                if len(data) < length:
                    raise AdtsError(f"{path}: truncated ADTS frame at byte {consumed}")
            yield (b2 >> 6, (b2 >> 2) & 0x0F, ((b2 & 1) << 2) | (b3 >> 6)), \
                memoryview(data)[pos + header:pos + length]
            pos += length


def scan_adts(pieces: Sequence[Path]) -> AacTrack:
    """First pass: the stream format (the same in every piece) and each frame's payload size."""
    sizes, key = array("I"), None
    for path in pieces:
        for frame_key, payload in adts_frames(path):
            if frame_key != key:
                if key is not None:
                    raise AdtsError(f"{path}: AAC format {AacFormat(*frame_key)} differs from the first "
                                    f"piece's {AacFormat(*key)}")
                _check_format(path, AacFormat(*frame_key))
                key = frame_key
            sizes.append(len(payload))
    if key is None:
        raise AdtsError("no AAC frames to write")
    return AacTrack(AacFormat(*key), sizes)


def _check_format(path: Path, fmt: AacFormat) -> None:
    if fmt.rate_index >= len(ADTS_RATES):
        raise AdtsError(f"{path}: reserved ADTS sample rate index {fmt.rate_index}")
    if fmt.channels == 0:
        raise AdtsError(f"{path}: ADTS channel configuration 0 (an in-band channel layout) is not supported")


def duration_us(path: Path) -> int:
    """Microseconds of audio in an ADTS file (rounded to nearest)."""
    track = scan_adts([path])
    rate = track.format.sample_rate
    return (track.samples * 1_000_000 + rate // 2) // rate
