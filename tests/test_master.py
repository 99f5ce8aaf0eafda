"""Mastering: pure layout arithmetic, then a real short episode measured by ffmpeg."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from mutagen.mp3 import MP3, BitrateMode

from audiozine.cache import SentenceCache
from audiozine.config import DEFAULT_PAUSES_MS, VoiceProfile
from audiozine.master import LEAD_IN_MS, MAX_PAUSE_MS, TAIL_MS, MasterSettings, decode_mp3, \
    layout, loudness, master_episode
from audiozine.models import Episode, Pause, Script, Utterance
from audiozine.narrate import narrate_scripts
from audiozine.transcripts import cues


def test_layout_places_utterances_pauses_and_chapters() -> None:
    plan = layout([1000, 2000, 500], [300, 900, 450], [0, 1, 2], ("Intro", "Body", "Outro"),
                  ["a", "b", "c"], lead_in_ms=100, tail_ms=400)
    assert [(t.start_ms, t.end_ms) for t in plan.timeline] == [(100, 1100), (1400, 3400),
                                                               (4300, 4800)]
    assert plan.duration_ms == 5200
    assert [(c.title, c.start_ms, c.end_ms) for c in plan.chapters] == [
        ("Intro", 0, 1400), ("Body", 1400, 4300), ("Outro", 4300, 5200)]


def test_layout_caps_long_pauses() -> None:
    plan = layout([100, 100], [60_000, 0], [0, 0], ("Only",), ["a", "b"])
    assert plan.timeline[1].start_ms - plan.timeline[0].end_ms == MAX_PAUSE_MS
    assert plan.duration_ms == LEAD_IN_MS + 200 + MAX_PAUSE_MS + TAIL_MS


def test_chapters_tile_the_episode() -> None:
    plan = layout([10] * 6, [5] * 6, [0, 0, 1, 1, 1, 2], ("I", "B", "O"), ["x"] * 6)
    assert plan.chapters[0].start_ms == 0
    assert plan.chapters[-1].end_ms == plan.duration_ms
    for before, after in zip(plan.chapters, plan.chapters[1:]):
        assert before.end_ms == after.start_ms


def short_script() -> Script:
    episode = Episode(number=1, title="Test", slug="test", guid="g",
                      pub_date=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc),
                      chapters=(), essays=())
    rows = [
        ("A show. A short test episode.", Pause.TITLE, 0),
        ("The first sentence of the body is here.", Pause.SENTENCE, 1),
        ("Then comes a second sentence, which is a little longer than the first.",
         Pause.PARAGRAPH, 1),
        ("A new paragraph starts now.", Pause.SECTION, 1),
        ("Thanks for listening.", Pause.SENTENCE, 2),
    ]
    return Script(episode, tuple(Utterance(w, w, p, c) for w, p, c in rows),
                  ("Intro", "Test", "Outro"))


@pytest.fixture(scope="module")
def mastered(tmp_path_factory, steady_joe: VoiceProfile):
    folder = tmp_path_factory.mktemp("master")
    narration = narrate_scripts([short_script()], steady_joe,
                                cache=SentenceCache(folder / "cache"), jobs=1)[0]
    return master_episode(narration, MasterSettings(DEFAULT_PAUSES_MS), folder / "ep.mp3")


def ebur128(path: Path) -> tuple[float, float]:
    output = subprocess.run(["ffmpeg", "-nostats", "-hide_banner", "-i", str(path), "-map",
                             "0:a", "-af", "ebur128=peak=true", "-f", "null", "-"],
                            capture_output=True, text=True, check=True).stderr
    summary = output[output.rindex("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))
    return integrated, peak


@pytest.mark.slow
def test_loudness_and_true_peak_measured_by_ffmpeg(mastered) -> None:
    integrated, peak = ebur128(mastered.mp3_path)
    assert -17.0 <= integrated <= -15.0
    assert peak <= -1.0
    # What the build reports (libebur128) is what ffmpeg measures.
    assert mastered.integrated_lufs == pytest.approx(integrated, abs=0.15)
    assert mastered.true_peak_dbtp == pytest.approx(peak, abs=0.3)


def test_meter_reads_the_reference_tone_and_inter_sample_peaks() -> None:
    rate = 48_000
    t = np.arange(rate * 10) / rate
    # BS.1770: a 997 Hz sine at -20 dBFS peak, mono, reads -23.0 LUFS (-20 - 3.01).
    tone = (10 ** (-20 / 20) * np.sin(2 * np.pi * 997 * t)).astype(np.float32)
    blocks = [tone[i:i + 12_345] for i in range(0, len(tone), 12_345)]
    assert loudness(blocks, rate)[0] == pytest.approx(-23.01, abs=0.05)
    # A quarter-rate sine of amplitude 0.9 sampled 45 degrees off its crests: every
    # sample is at 0.9 x 0.707 = 0.64 (-3.9 dBFS), the waveform between them reaches
    # 0.9 (-0.9 dBTP).
    rate = 44_100
    t = np.arange(rate * 2) / rate
    tricky = (0.9 * np.sin(2 * np.pi * rate / 4 * t + np.pi / 4)).astype(np.float32)
    assert float(np.max(np.abs(tricky))) < 0.65
    assert loudness([tricky], rate, true_peak=True)[1] == pytest.approx(-0.92, abs=0.3)


@pytest.mark.slow
def test_encoding_is_44k_mono_cbr_96(mastered) -> None:
    probe = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(mastered.mp3_path)],
        capture_output=True, text=True, check=True).stdout)["streams"][0]
    assert (probe["codec_name"], probe["sample_rate"], probe["channels"]) == ("mp3", "44100", 1)
    assert probe["bit_rate"] == "96000"


@pytest.mark.slow
def test_encoding_carries_a_lame_info_tag(mastered) -> None:
    """Players read the exact length from the tag instead of estimating it."""
    info = MP3(mastered.mp3_path).info
    assert info.encoder_info.startswith("LAME") and info.bitrate_mode == BitrateMode.CBR
    # The tag's frame count less encoder delay and padding is the signal's length.
    assert abs(info.length * 1000 - mastered.duration_ms) <= 1
    probe = subprocess.run(
        ["ffprobe", "-v", "warning", "-show_entries", "stream=start_time,duration",
         "-of", "json", str(mastered.mp3_path)], capture_output=True, text=True, check=True)
    assert "Estimating duration" not in probe.stderr
    stream = json.loads(probe.stdout)["streams"][0]
    # ffmpeg counts from the tag too, less exactly (it keeps some of the delay).
    assert abs(float(stream["duration"]) * 1000 - mastered.duration_ms) <= 60
    # It skips LAME's encoder delay (about 25 ms) using the tag.
    assert 0.02 < float(stream["start_time"]) < 0.03


@pytest.mark.slow
def test_silence_at_the_ends_is_short(mastered) -> None:
    samples = decode_mp3(mastered.mp3_path)
    loud = np.flatnonzero(np.abs(samples) > 10 ** (-50 / 20))
    assert loud[0] / 44100 <= 2.0
    assert (len(samples) - loud[-1]) / 44100 <= 2.0


def onsets_ms(samples: np.ndarray, rate: int = 44100, gap_ms: int = 300) -> list[int]:
    """Starts of sound after at least `gap_ms` of quiet (10 ms frames)."""
    frame = rate // 100
    frames = samples[: len(samples) // frame * frame].reshape(-1, frame)
    loud = 20 * np.log10(np.sqrt(np.mean(frames ** 2, axis=1)) + 1e-9) > -45
    result, quiet = [], gap_ms // 10
    for index, is_loud in enumerate(loud):
        if is_loud and quiet >= gap_ms // 10:
            result.append(index * 10)
        quiet = 0 if is_loud else quiet + 1
    return result


@pytest.mark.slow
def test_transcript_cues_start_when_the_words_are_heard(mastered) -> None:
    heard = onsets_ms(decode_mp3(mastered.mp3_path))
    starts = [cue.start_ms for cue in cues(mastered.timeline, line_chars=65)]
    assert len(starts) == 5
    for start in starts:
        nearest = min(heard, key=lambda onset: abs(onset - start))
        assert abs(nearest - start) <= 500, (start, heard)


@pytest.mark.slow
def test_chapters_follow_the_timeline(mastered) -> None:
    titles = [c.title for c in mastered.chapters]
    assert titles == ["Intro", "Test", "Outro"]
    assert mastered.chapters[1].start_ms == mastered.timeline[1].start_ms
    assert mastered.chapters[-1].end_ms == mastered.duration_ms


@pytest.mark.slow
def test_music_bed_plays_under_the_intro_and_fades(tmp_path: Path, steady_joe) -> None:
    import wave

    rate = 44100
    tone = (np.sin(np.arange(20 * rate) * 2 * np.pi * 330 / rate) * 12000).astype("<i2")
    bed = tmp_path / "bed.wav"
    with wave.open(str(bed), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(tone.tobytes())
    narration = narrate_scripts([short_script()], steady_joe,
                                cache=SentenceCache(tmp_path / "cache"), jobs=1)[0]
    result = master_episode(narration, MasterSettings(DEFAULT_PAUSES_MS, music_bed=bed),
                            tmp_path / "music.mp3")
    from audiozine.master import MUSIC_FADE_OUT_MS, MUSIC_SOLO_MS

    assert result.timeline[0].start_ms == MUSIC_SOLO_MS
    samples = decode_mp3(result.mp3_path)
    level = lambda a, b: 20 * np.log10(np.sqrt(np.mean(samples[a:b] ** 2)) + 1e-9)  # noqa: E731
    assert level(rate // 2, 2 * rate) > -40, "music plays before the voice"
    # after the intro the bed has faded out: the pauses in the essay are silent again
    body_gap_start = result.timeline[2].end_ms + 100
    body_gap_end = result.timeline[3].start_ms - 100
    assert result.timeline[2].end_ms > result.chapters[1].start_ms + MUSIC_FADE_OUT_MS
    assert level(body_gap_start * rate // 1000, body_gap_end * rate // 1000) < -50
    integrated, peak = ebur128(result.mp3_path)
    assert -17.0 <= integrated <= -15.0 and peak <= -1.0


def test_long_silences_inside_an_utterance_are_capped() -> None:
    from audiozine.master import cap_silences

    rate = 22050
    tone = np.sin(np.arange(rate) / 3).astype(np.float32) * 0.5
    gap = np.zeros(rate * 10, dtype=np.float32)
    capped = cap_silences(np.concatenate([tone, gap, tone]), rate, max_ms=2000)
    assert abs(len(capped) - (2 * rate + 2 * rate)) <= rate // 100
    short_gap = np.concatenate([tone, np.zeros(rate, dtype=np.float32), tone])
    assert len(cap_silences(short_gap, rate, max_ms=2000)) == len(short_gap)
