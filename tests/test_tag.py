"""ID3v2.3 tags and chapters, read back by mutagen, eyeD3 and ffprobe."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import eyed3
import lameenc
import numpy as np
import pytest
from mutagen.id3 import ID3, CTOCFlags
from PIL import Image

from audiozine.models import TimedChapter
from audiozine.tag import EpisodeTags, write_tags

CHAPTERS = (TimedChapter("Intro", 0, 1500), TimedChapter("Body – part one", 1500, 3200),
            TimedChapter("Outro", 3200, 4000))


def cover_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1400, 1400), (200, 40, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def tagged(tmp_path: Path) -> Path:
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(96)
    encoder.set_in_sample_rate(44100)
    encoder.set_channels(1)
    tone = (np.sin(np.arange(4 * 44100) * 2 * np.pi * 220 / 44100) * 8000).astype("<i2")
    path = tmp_path / "001-test.mp3"
    path.write_bytes(bytes(encoder.encode(tone.tobytes()) + encoder.flush()))
    write_tags(path, EpisodeTags(title="A “quoted” title", author="Ann Author", show="The Show",
                                 track=7, date="2024-03-04", description="What it is about.",
                                 text="The essay text.\n\nSecond paragraph.", language="eng",
                                 chapters=CHAPTERS, cover_jpeg=cover_jpeg(),
                                 url="https://example.org/episodes/001-test.mp3"))
    return path


def test_mutagen_reads_a_v23_tag_with_every_frame(tagged: Path) -> None:
    tags = ID3(tagged, translate=False)  # the frames as stored, not upgraded to v2.4
    assert tags.version == (2, 3, 0)
    assert tagged.read_bytes()[-128:-125] != b"TAG", "no ID3v1 tag"
    assert str(tags["TIT2"]) == "A “quoted” title"
    assert str(tags["TPE1"]) == "Ann Author"
    assert str(tags["TALB"]) == "The Show"
    assert str(tags["TRCK"]) == "7"
    assert str(tags["TCON"]) == "Podcast"
    assert str(tags["TYER"]) == "2024" and "TDRC" not in tags
    assert tags.getall("COMM")[0].text == ["What it is about."]
    assert tags.getall("USLT")[0].text.startswith("The essay text.")
    assert tags.getall("APIC")[0].mime == "image/jpeg"


def test_chapters_are_chap_frames_under_one_ordered_top_level_ctoc(tagged: Path) -> None:
    tags = ID3(tagged)
    tocs = tags.getall("CTOC")
    assert len(tocs) == 1
    assert tocs[0].flags == CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED
    chaps = {c.element_id: c for c in tags.getall("CHAP")}
    ordered = [chaps[i] for i in tocs[0].child_element_ids]
    assert [(c.sub_frames["TIT2"].text[0], c.start_time, c.end_time) for c in ordered] == \
        [(c.title, c.start_ms, c.end_ms) for c in CHAPTERS]


def test_eyed3_and_ffprobe_agree(tagged: Path) -> None:
    audio = eyed3.load(str(tagged))
    assert audio.tag.version == (2, 3, 0)
    assert audio.tag.title == "A “quoted” title"
    assert audio.tag.artist == "Ann Author"
    assert audio.tag.album == "The Show"
    assert audio.tag.track_num[0] == 7
    eyed3_chapters = sorted((c.title, c.times.start, c.times.end) for c in audio.tag.chapters)
    probe = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json",
         str(tagged)], capture_output=True, text=True, check=True).stdout)
    ffprobe_chapters = [(c["tags"]["title"], c["start"], c["end"]) for c in probe["chapters"]]
    # ffmpeg lists chapters in the order they are stored; they must come in time order.
    assert ffprobe_chapters == [(c.title, c.start_ms, c.end_ms) for c in CHAPTERS]
    assert eyed3_chapters == sorted(ffprobe_chapters)
    assert probe["format"]["tags"]["title"] == "A “quoted” title"
    assert probe["format"]["tags"]["genre"] == "Podcast"


def test_many_chapters_of_any_title_are_stored_in_time_order(tagged: Path) -> None:
    titles = ["Intro", "Ünïcode “part” one 🎧", "2", "A much longer chapter title than the rest",
              *[f"Part {n}" for n in range(3, 13)], "Outro"]
    chapters = [TimedChapter(title, n * 250, (n + 1) * 250) for n, title in enumerate(titles)]
    write_tags(tagged, EpisodeTags(title="t", author="a", show="s", track=1, date="2024-03-04",
                                   description="d", text="x", language="eng",
                                   chapters=tuple(chapters), cover_jpeg=None, url=None))
    probe = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(tagged)],
        capture_output=True, text=True, check=True).stdout)
    assert [(c["tags"]["title"], c["start"]) for c in probe["chapters"]] == \
        [(c.title, c.start_ms) for c in chapters]
