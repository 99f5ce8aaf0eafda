"""The `tag` stage: ID3v2.3 tags, chapters and cover art on a mastered MP3.

Frames are declared as a table (field -> frame) per standards A3-A5; chapters
are CHAP frames under one top-level, ordered CTOC.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from mutagen.id3 import (
    APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TLAN, TPE1, TRCK, USLT, WOAS,
    CTOCFlags, PictureType,
)

from .models import TimedChapter


@dataclass(frozen=True)
class EpisodeTags:
    """Everything written into an episode's ID3 tag."""

    title: str
    author: str
    show: str
    track: int
    date: str
    """ISO date, e.g. "2024-01-08"."""

    description: str
    text: str
    """The essay text, as unsynchronized lyrics."""

    language: str
    """ISO 639-2 code for COMM/USLT, e.g. "eng"."""

    chapters: tuple[TimedChapter, ...]
    cover_jpeg: bytes | None = None
    url: str | None = None


# tag field -> frame factory. TDRC becomes TYER (+TDAT) in update_to_v23().
FRAMES: tuple[tuple[str, Callable[[EpisodeTags], object]], ...] = (
    ("title", lambda t: TIT2(encoding=1, text=t.title)),
    ("author", lambda t: TPE1(encoding=1, text=t.author)),
    ("show", lambda t: TALB(encoding=1, text=t.show)),
    ("track", lambda t: TRCK(encoding=1, text=str(t.track))),
    ("date", lambda t: TDRC(encoding=1, text=t.date)),
    ("genre", lambda t: TCON(encoding=1, text="Podcast")),
    ("language", lambda t: TLAN(encoding=1, text=t.language)),
    ("description", lambda t: COMM(encoding=1, lang=t.language, desc="", text=t.description)),
    ("text", lambda t: USLT(encoding=1, lang=t.language, desc="", text=t.text)),
)

_LANGUAGES = {"en": "eng", "de": "deu", "fr": "fra", "es": "spa", "it": "ita", "nl": "nld",
              "pt": "por", "sv": "swe", "da": "dan", "fi": "fin", "no": "nor", "pl": "pol"}


def id3_language(code: str) -> str:
    """"en-us" -> "eng" (ISO 639-2), "xxx" when unknown."""
    return _LANGUAGES.get(code.split("-")[0].lower(), "xxx")


def chapter_frames(chapters: Sequence[TimedChapter]) -> list:
    # mutagen stores frames of one kind by size, then by key, and players that list
    # CHAP frames in stored order (ffmpeg's reader, so VLC and mpv) showed a short
    # "Outro" before a long essay title. Element ids (never shown) padded to one frame
    # size leave the key to decide: the stored order is the time order.
    widest = max((_title_size(c.title) for c in chapters), default=0)
    ids = [f"chp{index:03d}" + "_" * (widest - _title_size(chapter.title))
           for index, chapter in enumerate(chapters)]
    frames: list = [CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                         child_element_ids=ids, sub_frames=[TIT2(encoding=1,
                                                                 text="Chapters")])]
    for element_id, chapter in zip(ids, chapters):
        frames.append(CHAP(element_id=element_id, start_time=chapter.start_ms,
                           end_time=chapter.end_ms, start_offset=0xFFFFFFFF,
                           end_offset=0xFFFFFFFF,
                           sub_frames=[TIT2(encoding=1, text=chapter.title)]))
    return frames


def _title_size(title: str) -> int:
    return len(title.encode("utf-16-le"))  # the chapters' TIT2 frames are UTF-16 (encoding 1)


def write_tags(mp3_path: Path, tags: EpisodeTags) -> None:
    """Replace the file's tag with an ID3v2.3 tag (no ID3v1)."""
    id3 = ID3()
    for _field, make in FRAMES:
        id3.add(make(tags))
    if tags.url:
        id3.add(WOAS(url=tags.url))
    if tags.cover_jpeg:
        id3.add(APIC(encoding=0, mime="image/jpeg", type=PictureType.COVER_FRONT,
                     desc="Cover", data=tags.cover_jpeg))
    for frame in chapter_frames(tags.chapters):
        id3.add(frame)
    id3.update_to_v23()
    id3.save(str(mp3_path), v2_version=3, v1=0)
