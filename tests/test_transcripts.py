"""Transcript and chapter files, from a timeline: pure, no audio."""

from __future__ import annotations

import html
import json

from audiozine.models import TimedChapter, TimedUtterance
from audiozine.transcripts import (
    cues, render_chapters_json, render_json_transcript, render_srt, render_vtt,
)

LONG = ("This sentence is deliberately long so that it cannot fit on one card of a "
        "subtitle file and has to be split across several cards, each with its own time, "
        "which must never overlap the next one.")
TIMELINE = (
    TimedUtterance("Short one.", 400, 1400, 0),
    TimedUtterance(LONG, 1800, 12_000, 1),
    TimedUtterance("Tom & Jerry <3 --> me.", 12_500, 14_000, 1),
)


def test_vtt_lines_fit_and_cues_are_ordered() -> None:
    text = render_vtt(TIMELINE)
    assert text.startswith("WEBVTT\n\n")
    blocks = text.strip().split("\n\n")[1:]
    for block in blocks:
        timing, *lines = block.split("\n")
        assert timing.count("-->") == 1 and 1 <= len(lines) <= 2
        assert all(len(line) <= 65 for line in lines)
    # Cue text is markup: escaped, so a player shows exactly what was written.
    assert "Tom &amp; Jerry &lt;3 --&gt; me." in text
    assert html.unescape(blocks[-1].split("\n", 1)[1]) == "Tom & Jerry <3 --> me."


def test_srt_cards_have_at_most_two_lines() -> None:
    blocks = render_srt(TIMELINE).strip().split("\n\n")
    assert [b.split("\n")[0] for b in blocks] == [str(n) for n in range(1, len(blocks) + 1)]
    assert all(len(b.split("\n")) <= 4 for b in blocks)
    assert "00:00:00,400 --> 00:00:01,400" in blocks[0]


def test_cues_cover_the_narration_without_overlap() -> None:
    result = cues(TIMELINE, line_chars=42)
    assert len(result) > 3
    for before, after in zip(result, result[1:]):
        assert before.start_ms < before.end_ms <= after.start_ms
    assert result[0].start_ms == 400 and result[-1].end_ms == 14_000
    # the long sentence's cards tile its span exactly
    spans = [c for c in result if 1800 <= c.start_ms < 12_000]
    assert spans[0].start_ms == 1800 and spans[-1].end_ms == 12_000
    assert " ".join(c.text for c in spans) == LONG


def test_json_transcript_segments() -> None:
    data = json.loads(render_json_transcript(TIMELINE, "Joe"))
    assert data["version"] == "1.0.0"
    assert data["segments"][0] == {"speaker": "Joe", "startTime": 0.4, "endTime": 1.4,
                                   "body": "Short one."}


def test_chapters_json_is_version_1_2_0() -> None:
    chapters = (TimedChapter("Intro", 0, 1800), TimedChapter("Body", 1800, 14_000))
    data = json.loads(render_chapters_json(chapters, title="T", show="S", author="A"))
    assert data["version"] == "1.2.0"
    assert [(c["startTime"], c["title"]) for c in data["chapters"]] == [(0.0, "Intro"),
                                                                       (1.8, "Body")]


def test_no_card_holds_a_lone_last_word() -> None:
    """Plain wrapping at 42 characters leaves "truly new." alone on a second card."""
    text = ("I don't think it was the best idea I have ever had in my whole life, but it was "
            "truly new.")
    timeline = [TimedUtterance(text, 0, 6000, 0)]
    cards = cues(timeline, line_chars=42)
    assert len(cards) == 2 and all(len(card.text.split()) >= 3 for card in cards), cards
    assert " ".join(card.text for card in cards) == text
