"""The `master` stage: narration -> one encoded, loudness-normalized MP3.

Assembly arithmetic (where each utterance and chapter starts) is the pure
function `layout`; the rest turns samples into a mastered file: sentence edges
trimmed, pauses inserted, optional music bed under the intro, loudness set to
-16 LUFS (measured by libebur128), true peak held under -1 dBTP by pedalboard's
true-peak brick-wall limiter, and MP3 encoded in-process with LAME (through
pedalboard's writer, which adds the Info tag).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy as np
from pedalboard import BrickwallLimiter, Compressor
from pedalboard.io import AudioFile
from pyebur128 import (MeasurementMode, R128State, get_loudness_global,
                       get_true_peak)
from scipy.signal import resample_poly

from .cache import read_entry
from .errors import ConfigError, SynthesisError
from .files import write_atomic
from .models import MasteredEpisode, MasterSettings, Narration, TimedChapter, TimedUtterance

SAMPLE_RATE_HZ = 44_100
TARGET_LUFS = -16.0
MAX_TRUE_PEAK_DBTP = -1.0
CEILING_DBTP = -2.0
"""Limiter ceiling: a dB of margin for MP3 overshoot under the -1 dBTP rule."""

LEAD_IN_MS = 400
TAIL_MS = 1200
ENCODER_LOUDNESS_LOSS_DB = 0.5
"""How much quieter the decoded MP3 measures than the PCM it was made from
(measured on the seeds: 0.45-0.6 dB); aimed for up front to save a second pass."""

MAX_PAUSE_MS = 3000
"""Longest silence kept inside an episode."""

MUSIC_SOLO_MS = 3000
MUSIC_DUCK_DB = -18.0
MUSIC_FADE_OUT_MS = 2500
_TRIM_THRESHOLD = 10 ** (-48 / 20)
_TRIM_MARGIN_MS = 25


@dataclass(frozen=True)
class Layout:
    timeline: tuple[TimedUtterance, ...]
    chapters: tuple[TimedChapter, ...]
    duration_ms: int


def layout(durations_ms: Sequence[int], pauses_after_ms: Sequence[int],
           chapter_indices: Sequence[int], chapter_titles: Sequence[str],
           written: Sequence[str], *, lead_in_ms: int = LEAD_IN_MS,
           tail_ms: int = TAIL_MS) -> Layout:
    """Where every utterance and chapter sits, in milliseconds. Pure arithmetic.

    The last utterance's pause is replaced by the tail; a chapter starts with its
    first utterance (the first chapter at 0) and ends where the next begins.
    """
    timeline = []
    position = lead_in_ms
    for index, (duration, pause) in enumerate(zip(durations_ms, pauses_after_ms)):
        timeline.append(TimedUtterance(written=written[index], start_ms=position,
                                       end_ms=position + duration,
                                       chapter_index=chapter_indices[index]))
        position += duration
        if index < len(durations_ms) - 1:
            position += min(pause, MAX_PAUSE_MS)
    total = position + tail_ms
    starts: dict[int, int] = {}
    for item in timeline:
        starts.setdefault(item.chapter_index, item.start_ms)
    ordered = sorted(starts.items())
    chapters = []
    for position_in_list, (chapter_index, start) in enumerate(ordered):
        start = 0 if position_in_list == 0 else start
        end = ordered[position_in_list + 1][1] if position_in_list + 1 < len(ordered) else total
        chapters.append(TimedChapter(title=chapter_titles[chapter_index], start_ms=start,
                                     end_ms=end))
    return Layout(tuple(timeline), tuple(chapters), total)


def trim_silence(samples: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """Cut the quiet the voice leaves before and after an utterance (keeping a margin)."""
    loud = np.flatnonzero(np.abs(samples) > _TRIM_THRESHOLD)
    if loud.size == 0:
        return samples[:0]
    margin = sample_rate_hz * _TRIM_MARGIN_MS // 1000
    return samples[max(0, loud[0] - margin):min(len(samples), loud[-1] + margin + 1)]


def cap_silences(samples: np.ndarray, sample_rate_hz: int,
                 max_ms: int = MAX_PAUSE_MS) -> np.ndarray:
    """Shorten any silence inside an utterance to `max_ms` (10 ms frames)."""
    frame = sample_rate_hz // 100
    count = len(samples) // frame
    if count == 0:
        return samples
    quiet = np.max(np.abs(samples[:count * frame].reshape(count, frame)), axis=1) \
        <= _TRIM_THRESHOLD
    keep = np.ones(len(samples), dtype=bool)
    limit = max_ms // 10
    run_start = None
    for index, is_quiet in enumerate(np.append(quiet, False)):
        if is_quiet and run_start is None:
            run_start = index
        elif not is_quiet and run_start is not None:
            if index - run_start > limit:
                keep[(run_start + limit) * frame:index * frame] = False
            run_start = None
    return samples if keep.all() else samples[keep]


def to_rate(samples: np.ndarray, from_hz: int, to_hz: int = SAMPLE_RATE_HZ) -> np.ndarray:
    if from_hz == to_hz:
        return samples.astype(np.float32)
    ratio = Fraction(to_hz, from_hz)
    return resample_poly(samples, ratio.numerator, ratio.denominator).astype(np.float32)


def working_rate(narration: Narration, settings: MasterSettings) -> int:
    """The rate to master at: the voice's own when it has one and there is no music.

    Mastering at a 22.05 kHz voice's rate does half the work of 44.1 kHz and
    loses nothing (the voice has no content above 11 kHz); `encode_mp3`
    resamples to the output rate.
    """
    rates = {spoken.sample_rate_hz for spoken in narration.spoken}
    if settings.music_bed is None and len(rates) == 1:
        return rates.pop()
    return SAMPLE_RATE_HZ


def _utterance_audio(spoken, rate_hz: int) -> np.ndarray:
    """One utterance's samples as mastered: float32 at `rate_hz`, edges trimmed,
    long silences inside capped."""
    entry = read_entry(spoken.cache_path)
    if entry is None:
        raise SynthesisError(f"cached audio for {spoken.utterance.written[:60]!r} is "
                             f"corrupt ({spoken.cache_path}); rebuild to re-synthesize it")
    samples = entry.samples.astype(np.float32) / 32768.0
    samples = trim_silence(to_rate(samples, entry.sample_rate_hz, rate_hz), rate_hz)
    return cap_silences(samples, rate_hz)


def load_music(path: Path) -> np.ndarray:
    """A music bed as mono float32 at the output rate."""
    try:
        with AudioFile(str(path)) as handle:
            data = handle.read(handle.frames)
            rate = handle.samplerate
    except (OSError, ValueError, RuntimeError) as exc:
        raise ConfigError(f"cannot read the music bed: {exc}", path=path,
                          field="music_bed") from None
    mono = data.mean(axis=0) if data.ndim == 2 else data
    return to_rate(mono, int(rate))


def _ms_to_samples(ms: int, rate_hz: int = SAMPLE_RATE_HZ) -> int:
    return ms * rate_hz // 1000


def assemble(narration: Narration, settings: MasterSettings, rate_hz: int = SAMPLE_RATE_HZ
             ) -> tuple[np.ndarray, Layout]:
    """The episode's samples (float32 at `rate_hz`) and where everything sits.

    The cache is read twice (the lengths first, then each utterance into its
    place), so only one utterance is held beside the episode's signal: holding
    them all doubled the memory of a long episode.
    """
    music = load_music(settings.music_bed) if settings.music_bed else None
    durations = [round(len(_utterance_audio(s, rate_hz)) * 1000 / rate_hz)
                 for s in narration.spoken]
    pauses = [settings.pauses_ms.get(s.utterance.pause_after.value, 0)
              for s in narration.spoken]
    plan = layout(durations, pauses, [s.utterance.chapter_index for s in narration.spoken],
                  narration.script.chapter_titles,
                  [s.utterance.written for s in narration.spoken],
                  lead_in_ms=MUSIC_SOLO_MS if music is not None else LEAD_IN_MS)
    signal = np.zeros(_ms_to_samples(plan.duration_ms, rate_hz) + rate_hz, dtype=np.float32)
    for timed, spoken in zip(plan.timeline, narration.spoken):
        samples = _utterance_audio(spoken, rate_hz)
        start = _ms_to_samples(timed.start_ms, rate_hz)
        signal[start:start + len(samples)] += samples
    signal = signal[:_ms_to_samples(plan.duration_ms, rate_hz)]
    if music is not None:
        intro_end = plan.chapters[1].start_ms if len(plan.chapters) > 1 else plan.duration_ms
        _mix_music_bed(signal, music, voice_start_ms=plan.timeline[0].start_ms,
                       intro_end_ms=intro_end)
    return signal, plan


def _mix_music_bed(signal: np.ndarray, music: np.ndarray, *, voice_start_ms: int,
                   intro_end_ms: int) -> None:
    """Music alone before the voice, ducked under it, faded out as the essay starts."""
    length = min(len(signal), _ms_to_samples(intro_end_ms + MUSIC_FADE_OUT_MS), len(music))
    if length <= 0:
        return
    voice_start = _ms_to_samples(voice_start_ms)
    envelope = np.ones(length, dtype=np.float32)
    duck = 10 ** (MUSIC_DUCK_DB / 20)
    ramp = _ms_to_samples(500)
    envelope[voice_start:] = duck
    ramp_end = min(length, voice_start + ramp)
    if voice_start < length:
        envelope[max(0, voice_start - ramp):ramp_end] = np.linspace(
            1.0, duck, ramp_end - max(0, voice_start - ramp), dtype=np.float32)
    fade_start = min(length, _ms_to_samples(intro_end_ms))
    envelope[fade_start:] *= np.linspace(1.0, 0.0, length - fade_start, dtype=np.float32)
    envelope[:_ms_to_samples(300)] *= np.linspace(0.0, 1.0, min(length, _ms_to_samples(300)),
                                                  dtype=np.float32)
    peak = float(np.max(np.abs(music[:length]))) or 1.0
    signal[:length] += music[:length] / peak * 0.5 * envelope


_METER_BLOCK = 1 << 18
"""Samples handed to the loudness meter at a time: memory stays flat however long the episode."""


def loudness(blocks: Iterable[np.ndarray], rate_hz: int, *,
             true_peak: bool = False) -> tuple[float, float]:
    """(integrated loudness in LUFS, true peak in dBTP or -inf if not asked) of a
    mono signal given in blocks, measured by libebur128 (EBU R 128 / BS.1770-4,
    true peak 4x oversampled at 44.1 kHz)."""
    mode = MeasurementMode.MODE_I | (MeasurementMode.MODE_TRUE_PEAK if true_peak else 0)
    state = R128State(1, rate_hz, mode)
    for block in blocks:
        block = np.ascontiguousarray(block, dtype=np.float32)
        if block.size:
            state.add_frames(block, block.size)
    peak = get_true_peak(state, 0) if true_peak else 0.0
    return get_loudness_global(state), 20 * math.log10(peak) if peak > 0 else -math.inf


def _blocks(signal: np.ndarray) -> Iterator[np.ndarray]:
    for start in range(0, len(signal), _METER_BLOCK):
        yield signal[start:start + _METER_BLOCK]


_KEEP_LIMITED_BYTES = 96 << 20
"""A limited signal up to this size (about 18 min at 22.05 kHz) is kept for the
encoder; a longer one is limited again while it is encoded (the same samples:
the limiter is deterministic), so a long episode holds one copy of its signal."""


def _compressor() -> Compressor:
    return Compressor(threshold_db=-24.0, ratio=3.0, attack_ms=5.0, release_ms=120.0)


def compress(signal: np.ndarray, rate_hz: int = SAMPLE_RATE_HZ) -> np.ndarray:
    """The gentle compressor that narrows the voice's crest factor, applied in place,
    a block at a time (the same samples as in one call: the compressor keeps its
    state across blocks and has no latency)."""
    compressor = _compressor()
    for start in range(0, len(signal), _METER_BLOCK):
        block = signal[start:start + _METER_BLOCK]
        block[:] = compressor.process(block, rate_hz, reset=False)
    return signal


def _limited_blocks(compressed: np.ndarray, gain_db: float, ceiling_db: float,
                    rate_hz: int) -> Iterator[np.ndarray]:
    """`compressed` times the gain through the true-peak limiter, a block at a time.

    The streaming limiter holds back its look-ahead; zeros after the end bring it
    out. The blocks are the samples one call on the whole signal gives.
    """
    limiter = BrickwallLimiter(ceiling_db=ceiling_db, true_peak=True)
    gain = np.float32(10 ** (gain_db / 20))
    wanted, given = len(compressed), 0

    def take(block: np.ndarray) -> np.ndarray:
        nonlocal given
        block = block[:wanted - given]
        given += len(block)
        return block

    for start in range(0, wanted, _METER_BLOCK):
        block = take(limiter.process(compressed[start:start + _METER_BLOCK] * gain, rate_hz,
                                     reset=False))
        if block.size:
            yield block
    while given < wanted:
        block = take(limiter.process(np.zeros(_METER_BLOCK, np.float32), rate_hz,
                                     reset=False))
        if block.size == 0 and given < wanted:
            raise SynthesisError("the limiter gave back less audio than it was given")
        yield block


@dataclass(frozen=True)
class Loudness:
    """How to bring a compressed signal to the target: a gain, then the limiter."""

    gain_db: float
    ceiling_db: float
    kept: np.ndarray | None = None
    """The limited signal, when it was small enough to keep."""


def find_gain(compressed: np.ndarray, target_lufs: float = TARGET_LUFS,
              ceiling_db: float = CEILING_DBTP, rate_hz: int = SAMPLE_RATE_HZ) -> Loudness:
    """The gain that brings the compressed signal to `target_lufs` after the limiter.

    The limiter takes back part of any gain (about half, on speech at these
    levels), so the gain is found by the secant method: two passes, rarely three.
    """
    keep = compressed.nbytes <= _KEEP_LIMITED_BYTES

    def limited(gain_db: float) -> tuple[np.ndarray | None, float]:
        blocks = _limited_blocks(compressed, gain_db, ceiling_db, rate_hz)
        if keep:
            result = np.concatenate(list(blocks)) if len(compressed) else compressed.copy()
            return result, loudness(_blocks(result), rate_hz)[0]
        return None, loudness(blocks, rate_hz)[0]

    gain_db = target_lufs - loudness(_blocks(compressed), rate_hz)[0]
    result, lufs = limited(gain_db)
    last_gain = gain_db
    previous_gain, previous_lufs = gain_db, lufs
    gain_db += 2 * (target_lufs - lufs)
    for _ in range(3):
        if abs(target_lufs - lufs) < 0.2:
            break
        result, lufs = limited(gain_db)
        last_gain = gain_db
        slope = (lufs - previous_lufs) / (gain_db - previous_gain) \
            if gain_db != previous_gain else 0.5
        previous_gain, previous_lufs = gain_db, lufs
        gain_db += (target_lufs - lufs) / min(1.0, max(0.2, slope))
    return Loudness(last_gain, ceiling_db, result)


def normalized_blocks(compressed: np.ndarray, how: Loudness,
                      rate_hz: int = SAMPLE_RATE_HZ) -> Iterator[np.ndarray]:
    """The limited signal `find_gain` settled on, a block at a time."""
    if how.kept is not None:
        yield from _blocks(how.kept)
    else:
        yield from _limited_blocks(compressed, how.gain_db, how.ceiling_db, rate_hz)


def normalize_loudness(signal: np.ndarray, target_lufs: float = TARGET_LUFS,
                       ceiling_db: float = CEILING_DBTP,
                       rate_hz: int = SAMPLE_RATE_HZ) -> np.ndarray:
    """-16 LUFS integrated, true peak held under the ceiling by the limiter (a new array).

    A gentle compressor first narrows the voice's crest factor, so the limiter
    only catches the odd peak instead of eating the loudness the gain adds.
    """
    compressed = compress(np.array(signal, dtype=np.float32), rate_hz)
    how = find_gain(compressed, target_lufs, ceiling_db, rate_hz)
    blocks = list(normalized_blocks(compressed, how, rate_hz))
    return np.concatenate(blocks).astype(np.float32) if blocks else compressed


_RESAMPLE_MARGIN = 1024
"""Input samples either side of a block that the resampler's filter reaches (it has
41 taps at 2:1): a block resampled with them gives the samples of one whole call."""


def _resampled_blocks(blocks: Iterable[np.ndarray], from_hz: int,
                      to_hz: int = SAMPLE_RATE_HZ) -> Iterator[np.ndarray]:
    """`to_rate` of the concatenated blocks, a block at a time (the same samples)."""
    if from_hz == to_hz:
        for block in blocks:
            yield block.astype(np.float32)
        return
    ratio = Fraction(to_hz, from_hz)
    if ratio.denominator != 1:  # not an integer ratio: one call on the whole signal
        whole = [np.asarray(b, dtype=np.float32) for b in blocks]
        if whole:
            yield to_rate(np.concatenate(whole), from_hz, to_hz)
        return
    up = ratio.numerator
    margin = _RESAMPLE_MARGIN
    history = np.zeros(0, np.float32)  # the input just before the block being made

    def make(before: np.ndarray, block: np.ndarray, after: np.ndarray) -> np.ndarray:
        window = np.concatenate([before, block, after])
        out = resample_poly(window, up, 1).astype(np.float32)
        return out[up * len(before):up * (len(before) + len(block))]

    buffered = np.zeros(0, np.float32)
    for block in blocks:
        buffered = np.concatenate([buffered, np.asarray(block, dtype=np.float32)])
        while len(buffered) >= _METER_BLOCK + margin:
            piece, after = buffered[:_METER_BLOCK], buffered[_METER_BLOCK:_METER_BLOCK + margin]
            yield make(history, piece, after)
            history = piece[-margin:]
            buffered = buffered[_METER_BLOCK:]
    if len(buffered):
        yield make(history, buffered, np.zeros(0, np.float32))


def encode_mp3_blocks(blocks: Iterable[np.ndarray], bitrate_kbps: int,
                      rate_hz: int = SAMPLE_RATE_HZ) -> bytes:
    """Constant-bitrate mono MP3 at 44.1 kHz, with a LAME "Info" tag, from blocks.

    The tag (pedalboard's LAME writer adds it; lameenc's frames have none) holds
    the frame count and the encoder delay and padding, so players and ffprobe
    read the exact duration instead of estimating it from the bitrate, and
    gapless decoders start on the first sample rather than 25 ms of encoder delay.
    Resampled and encoded a block at a time: the bytes of one call on the whole
    signal, without a 44.1 kHz copy of it.
    """
    buffer = io.BytesIO()
    with AudioFile(buffer, "w", SAMPLE_RATE_HZ, 1, format="mp3",
                   quality=f"{bitrate_kbps} kbps") as handle:
        for block in _resampled_blocks(blocks, rate_hz):
            handle.write(np.clip(block, -1.0, 32767 / 32768))
    return buffer.getvalue()


def encode_mp3(signal: np.ndarray, bitrate_kbps: int, rate_hz: int = SAMPLE_RATE_HZ) -> bytes:
    """Constant-bitrate mono MP3 at 44.1 kHz (see `encode_mp3_blocks`)."""
    return encode_mp3_blocks(_blocks(signal), bitrate_kbps, rate_hz)


def _mono(data: np.ndarray) -> np.ndarray:
    return data.mean(axis=0) if data.ndim == 2 and len(data) > 1 else data.reshape(-1)


def decode_mp3(path: Path) -> np.ndarray:
    with AudioFile(str(path)) as handle:
        return _mono(handle.read(handle.frames))


def measure(path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) of an encoded file, decoded a block at a time."""
    with AudioFile(str(path)) as handle:
        return loudness(_decoded_blocks(handle), int(handle.samplerate), true_peak=True)


def _decoded_blocks(handle: AudioFile) -> Iterator[np.ndarray]:
    while handle.tell() < handle.frames:
        yield _mono(handle.read(_METER_BLOCK))


def master_episode(narration: Narration, settings: MasterSettings,
                   out_path: Path) -> MasteredEpisode:
    """Assemble, master and encode one episode to `out_path`.

    One copy of the episode's signal is held (compressed in place); the limiter,
    the loudness meter, the resampler and the encoder work on blocks of it.
    """
    rate = working_rate(narration, settings)
    signal, plan = assemble(narration, settings, rate)
    compressed = compress(signal, rate)
    target, ceiling = TARGET_LUFS + ENCODER_LOUDNESS_LOSS_DB, CEILING_DBTP
    for _ in range(3):
        how = find_gain(compressed, target, ceiling, rate)
        write_atomic(out_path, encode_mp3_blocks(normalized_blocks(compressed, how, rate),
                                                 settings.bitrate_kbps, rate))
        del how  # a kept limited signal goes before the next try makes another
        # Measured on the encoded file: encoding changes both figures a little.
        lufs, peak = measure(out_path)
        if abs(lufs - TARGET_LUFS) <= 0.5 and peak <= MAX_TRUE_PEAK_DBTP - 0.1:
            break
        target += TARGET_LUFS - lufs
        ceiling -= max(0.0, peak - (MAX_TRUE_PEAK_DBTP - 0.3))
    return MasteredEpisode(episode=narration.script.episode, mp3_path=out_path,
                           duration_ms=plan.duration_ms, timeline=plan.timeline,
                           chapters=plan.chapters, integrated_lufs=round(lufs, 2),
                           true_peak_dbtp=round(peak, 2))
