"""`audiozine say` reads a text as the build reads an essay, and writes its audio
by an atomic rename (read back with ffprobe and Python's wave module)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import wave
from pathlib import Path

import pytest

from audiozine.config import find_voice
from audiozine.lexicon import load_lexicon
from audiozine.models import Essay, Pause, Section
from audiozine.plan import episode_script, plan_episodes
from audiozine.preview import preview_script, spoken_text, write_preview

from .fixtures import fake_show_definition

TEXT = ("We met on 5th Ave. at 11:35 \u2014 briefly \u2014 and paid $42 (cash).\n\n"
        "Then we left.")


@pytest.fixture(scope="module")
def system_voice():
    profile = find_voice("system")
    return profile, load_lexicon(profile.lexicon_files, {}, engine=profile.engine)


def test_the_preview_says_what_the_build_says(system_voice):
    """The same paragraphs in an essay: the build's script for its body is the preview's."""
    profile, lexicon = system_voice
    paragraphs = tuple(TEXT.split("\n\n"))
    essay = Essay(title="A title", sections=(Section(None, paragraphs),),
                  source_path=Path("essay.md"), source_line=1, date=dt.date(2024, 1, 1))
    show = fake_show_definition()
    episode = plan_episodes([essay], show, words_per_minute=160).episodes[0]
    built = episode_script(episode, show, lexicon=lexicon, voice="a voice")
    body = [u for u in built.utterances
            if built.chapter_titles[u.chapter_index] not in ("Intro", "Outro")]
    preview = preview_script(TEXT, lexicon).utterances
    assert [(u.written, u.spoken) for u in preview] == [(u.written, u.spoken) for u in body]
    # Clause pauses at the dashes, a paragraph pause, nothing after the last.
    assert Pause.CLAUSE in {u.pause_after for u in preview}
    assert [u.pause_after for u in preview][-2:] == [Pause.PARAGRAPH, Pause.NONE]
    assert "fifth Avenue" in spoken_text(preview_script(TEXT, lexicon))


def test_nothing_to_say_is_an_empty_script(system_voice):
    _profile, lexicon = system_voice
    assert preview_script("\U0001F642 \n\n ", lexicon).utterances == ()


def test_the_wav_is_written_whole_with_the_pauses(system_voice, tmp_path):
    profile, lexicon = system_voice
    out = tmp_path / "say.wav"
    script = preview_script("One. Two.", lexicon)
    assert write_preview(script, profile, out) == out
    assert [p.name for p in tmp_path.iterdir()] == ["say.wav"]  # no temporary left
    with wave.open(str(out)) as handle:
        assert (handle.getnchannels(), handle.getframerate()) == (1, 44100)
        seconds = handle.getnframes() / handle.getframerate()
    probe = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", str(out)],
        capture_output=True, text=True, check=True).stdout)
    assert abs(float(probe["format"]["duration"]) - seconds) < 0.01
    # Two words and the sentence pause between them (450 ms in the profile).
    assert profile.pauses_ms["sentence"] / 1000 < seconds < 5
