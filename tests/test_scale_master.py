"""Mastering in blocks gives the samples and bytes of mastering in one piece.

The one-piece reference is written out here with the same libraries (pedalboard's
compressor and limiter on the whole signal, scipy's resampler, pedalboard's LAME
writer), as master.py did before it worked on blocks.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from pedalboard import BrickwallLimiter, Compressor
from pedalboard.io import AudioFile
from scipy.signal import resample_poly

from audiozine.master import (
    Loudness, compress, encode_mp3, encode_mp3_blocks, find_gain, normalized_blocks,
)

RATE = 22_050


def speech_like(seconds: float, seed: int = 7) -> np.ndarray:
    """Bursts of band-limited noise with pauses: a crest factor like a voice's."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    noise = np.convolve(rng.standard_normal(n), np.ones(8) / 8, mode="same")
    envelope = (np.sin(np.arange(n) / RATE * 2 * np.pi * 1.3) > -0.2).astype(np.float64)
    return (noise * envelope * 0.3).astype(np.float32)


@pytest.mark.parametrize("seconds", [3.0, 31.7])  # under one block, and several blocks
def test_compressing_in_blocks_matches_one_call(seconds: float) -> None:
    signal = speech_like(seconds)
    whole = Compressor(threshold_db=-24.0, ratio=3.0, attack_ms=5.0,
                       release_ms=120.0)(signal, RATE)
    assert np.array_equal(compress(signal.copy(), RATE), whole)


def test_the_limited_signal_is_the_same_kept_or_made_again_in_blocks() -> None:
    compressed = compress(speech_like(40.0), RATE)
    how = find_gain(compressed, -15.5, -2.0, RATE)
    assert how.kept is not None  # 40 s is small enough to keep
    again = np.concatenate(list(normalized_blocks(
        compressed, Loudness(how.gain_db, how.ceiling_db, None), RATE)))
    one_call = BrickwallLimiter(ceiling_db=-2.0, true_peak=True)(
        compressed * np.float32(10 ** (how.gain_db / 20)), RATE)
    assert np.array_equal(again, how.kept)
    assert np.array_equal(again, one_call)


def test_encoding_in_blocks_gives_the_bytes_of_one_call() -> None:
    signal = speech_like(27.3)
    upsampled = resample_poly(signal, 2, 1).astype(np.float32)
    buffer = io.BytesIO()
    with AudioFile(buffer, "w", 44_100, 1, format="mp3", quality="96 kbps") as handle:
        handle.write(np.clip(upsampled, -1.0, 32767 / 32768))
    reference = buffer.getvalue()
    assert encode_mp3(signal, 96, RATE) == reference
    # Blocks of odd sizes, as the limiter hands them on.
    cuts = [0, 1000, 1001, 70_000, 300_000, 450_000, len(signal)]
    blocks = [signal[a:b] for a, b in zip(cuts, cuts[1:])]
    assert encode_mp3_blocks(iter(blocks), 96, RATE) == reference
