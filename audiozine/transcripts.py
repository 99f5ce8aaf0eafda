"""Transcripts (WebVTT, SRT, Podcasting 2.0 JSON) and JSON chapters from a
mastered episode's timeline. Pure functions: timeline in, text out."""

from __future__ import annotations

import html
import json
import textwrap
from dataclasses import dataclass
from typing import Sequence

from .models import TimedChapter, TimedUtterance

VTT_LINE_CHARS = 65
SRT_LINE_CHARS = 42
CUE_LINES = 2


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def cues(timeline: Sequence[TimedUtterance], *, line_chars: int,
         max_lines: int = CUE_LINES) -> tuple[Cue, ...]:
    """One or more cues per utterance, each at most `max_lines` of `line_chars`.

    A long sentence is split into cards whose times share out the sentence's
    time in proportion to their length; cards never overlap.
    """
    result: list[Cue] = []
    for item in timeline:
        lines = _balanced_lines(" ".join(item.written.split()), line_chars) or [""]
        cards = [tuple(lines[i:i + max_lines]) for i in range(0, len(lines), max_lines)]
        weights = [max(1, sum(len(line) for line in card)) for card in cards]
        total = sum(weights)
        span = item.end_ms - item.start_ms
        start = item.start_ms
        for index, (card, weight) in enumerate(zip(cards, weights)):
            end = item.end_ms if index == len(cards) - 1 else start + span * weight // total
            result.append(Cue(start, max(end, start + 1), card))
            start = end
    return tuple(result)


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=False)


def _balanced_lines(text: str, width: int) -> list[str]:
    """`text` in as few lines of at most `width` as plain wrapping needs, but of even
    length: the narrowest width that needs no more lines. Plain wrapping left a
    sentence's last word alone on a card for a third of a second."""
    lines = _wrap(text, width)
    if len(lines) < 2:
        return lines
    low, high = max(len(word) for word in text.split()), width
    while low < high:
        middle = (low + high) // 2
        if len(_wrap(text, middle)) <= len(lines):
            high = middle
        else:
            low = middle + 1
    return _wrap(text, low)


def _clock(ms: int, separator: str) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def render_vtt(timeline: Sequence[TimedUtterance]) -> str:
    blocks = ["WEBVTT"]
    for cue in cues(timeline, line_chars=VTT_LINE_CHARS):
        # Cue text is markup: a bare "<" starts a tag and "&" an entity, so
        # "Tom & Jerry <3" would lose its end in every player.
        text = html.escape("\n".join(cue.lines), quote=False)
        blocks.append(f"{_clock(cue.start_ms, '.')} --> {_clock(cue.end_ms, '.')}\n{text}")
    return "\n\n".join(blocks) + "\n"


def render_srt(timeline: Sequence[TimedUtterance]) -> str:
    blocks = []
    for number, cue in enumerate(cues(timeline, line_chars=SRT_LINE_CHARS), 1):
        text = "\n".join(cue.lines)
        blocks.append(f"{number}\n{_clock(cue.start_ms, ',')} --> {_clock(cue.end_ms, ',')}\n"
                      f"{text}")
    return "\n\n".join(blocks) + "\n"


def render_json_transcript(timeline: Sequence[TimedUtterance], speaker: str | None) -> str:
    segments = []
    for item in timeline:
        segment: dict = {"startTime": item.start_ms / 1000, "endTime": item.end_ms / 1000,
                         "body": " ".join(item.written.split())}
        if speaker:
            segment = {"speaker": speaker, **segment}
        segments.append(segment)
    return json.dumps({"version": "1.0.0", "segments": segments}, ensure_ascii=False,
                      indent=1) + "\n"


def render_chapters_json(chapters: Sequence[TimedChapter], *, title: str, show: str,
                         author: str) -> str:
    """JSON chapters 1.2.0, equal to the ID3 CHAP frames."""
    items = [{"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000, "title": c.title}
             for c in chapters]
    return json.dumps({"version": "1.2.0", "title": title, "podcastName": show,
                       "author": author, "chapters": items}, ensure_ascii=False,
                      indent=1) + "\n"

