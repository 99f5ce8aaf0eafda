"""The audio the WER benchmark transcribes: each essay's clip out of a built episode
(title in the intro + the essay's chapters), its title and paragraphs as clips of
their own, raw Piper's paragraphs, and the one loudness every clip is brought to.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from audiozine.master import loudness

from .score import grouped, plain

SAMPLE_RATE = 16_000
"""The recognizer's sample rate: every clip is 16 kHz mono float32."""

CLIP_LUFS = -16.0
"""Loudness every clip is brought to before transcription. An episode is mastered as
a whole, so its essay's level (and so its MP3 encoding) depends on its intro and
outro too: between the runs of 2026-11-23 and 2026-11-24 the outro's wording changed
and working-life/09's essay text did not, and its errors over three draws went from
69 to 80, while on the raw-text side, whose outro did not change, 12 of the 13
episodes had the same error counts as before (working-life/09: 79 both times). At
one level, the same essay is nearer the same input to the recognizer."""


def decode(path: Path):
    """An audio file as 16 kHz mono float32, decoded the way the recognizer does."""
    # faster_whisper loads CTranslate2 and PyAV: imported where audio is decoded, so
    # scoring and the report need neither.
    from faster_whisper import decode_audio

    return decode_audio(str(path), sampling_rate=SAMPLE_RATE)


@dataclass(frozen=True)
class BuiltEpisode:
    """A built episode read once: its audio (16 kHz mono float32), where its essay
    chapters start and end, and its transcript's segments."""

    name: str
    audio: Any
    body_start: float
    body_end: float
    segments: list[dict]

    @classmethod
    def read(cls, mp3: Path) -> "BuiltEpisode":
        stem = mp3.with_suffix("")
        chapters = json.loads(Path(f"{stem}.chapters.json").read_text("utf-8"))["chapters"]
        segments = json.loads(Path(f"{stem}.json").read_text("utf-8"))["segments"]
        if len(chapters) < 3 or chapters[0]["title"] != "Intro" or \
                chapters[-1]["title"] != "Outro":
            raise RuntimeError(f"{mp3.name}: expected Intro, essay chapter(s), Outro")
        return cls(mp3.name, decode(mp3), chapters[1]["startTime"], chapters[-1]["startTime"],
                   segments)

    def cut(self, start: float, end: float):
        return cut(self.audio, start, end)

    def title_clip(self, title: str):
        """The intro's utterance of the essay's title, or None where it is not said."""
        segment = next((s for s in self.segments if s["startTime"] < self.body_start
                        and plain(s["body"]) == plain(title)), None)
        return None if segment is None else self.cut(segment["startTime"] - 0.15,
                                                     segment["endTime"] + 0.25)


def cut(audio, start: float, end: float):
    """The samples of `audio` from `start` to `end` seconds (clamped at the start)."""
    return audio[max(0, int(start * SAMPLE_RATE)):int(end * SAMPLE_RATE)]


def essay_clip(episode: BuiltEpisode, title: str):
    """The essay's audio (title + body) out of a built episode, 16 kHz mono float32,
    and whether the intro says the title."""
    title_clip = episode.title_clip(title)
    pieces = [] if title_clip is None else [title_clip,
                                            np.zeros(int(0.4 * SAMPLE_RATE), np.float32)]
    pieces.append(episode.cut(episode.body_start - 0.15, episode.body_end - 0.15))
    return np.concatenate(pieces), title_clip is not None


def essay_paragraph_clips(episode: BuiltEpisode, title: str, paragraphs: list[str]) -> list:
    """The essay's title and each paragraph as clips of their own (16 kHz mono float32),
    each from its first sentence to its last by the episode's .json transcript; an empty
    clip for a title the intro does not say."""
    title_clip = episode.title_clip(title)
    clips = [np.zeros(0, np.float32) if title_clip is None else title_clip]
    body = [s for s in episode.segments
            if episode.body_start - 0.2 <= s["startTime"] < episode.body_end]
    for members in grouped([s["body"] for s in body], paragraphs, episode.name):
        clips.append(episode.cut(body[members[0]]["startTime"] - 0.15,
                                 body[members[-1]]["endTime"] + 0.25))
    return clips


def raw_paragraph_clips(audio, wav: Path) -> list:
    """Raw Piper's title and paragraphs (`audio`, decoded from `wav`) as clips of their
    own, by the spans bench/raw_piper.py writes beside each WAV."""
    spans = json.loads(wav.with_suffix(".json").read_text("utf-8"))["paragraphs"]
    return [cut(audio, start - 0.15, end + 0.25) for start, end in spans]


def at_clip_loudness(audio):
    """`audio` (16 kHz float32) with a plain gain to CLIP_LUFS (EBU R 128)."""
    measured, _peak = loudness([audio], SAMPLE_RATE)
    if not math.isfinite(measured):
        return audio
    return (audio * 10 ** ((CLIP_LUFS - measured) / 20)).astype("float32")


def episode_for(show_dir: Path, title: str) -> Path:
    """The MP3 of the built show in `show_dir` that holds the essay titled `title`."""
    for chapters in sorted((show_dir / "episodes").glob("*.chapters.json")):
        data = json.loads(chapters.read_text("utf-8"))
        titles = [c["title"] for c in data["chapters"][1:-1]]
        if any(plain(t) == plain(title) for t in titles) or plain(data["title"]) == plain(title):
            return Path(str(chapters).removesuffix(".chapters.json") + ".mp3")
    raise RuntimeError(f"no episode of {show_dir} has the essay {title!r}")
