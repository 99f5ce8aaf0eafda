"""The values that flow between pipeline stages.

Every stage takes and returns these frozen dataclasses; none of them touches the
filesystem layout of a built show (that is `build.py`'s job).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping


# --------------------------------------------------------------------- sources

#: The paragraph said where a code block stands, with a show's `code_blocks =
#: "marker"` (issue 25). It is no word of the essay's: word counts (the "only N
#: words" warning, packing and splitting) leave it out, so the marker changes no plan.
CODE_MARKER = "The written essay shows a code example here."


def prose_words(paragraph: str) -> int:
    """The words of a paragraph as the plan counts them: none for `CODE_MARKER`."""
    return 0 if paragraph == CODE_MARKER else len(paragraph.split())


@dataclass(frozen=True)
class Link:
    """A hyperlink found in an essay; its text is read aloud, its URL is not."""

    text: str
    url: str


@dataclass(frozen=True)
class Section:
    """A run of paragraphs under one heading (the first section may be untitled)."""

    title: str | None
    """Heading text, or None for the part of an essay before its first heading."""

    paragraphs: tuple[str, ...]
    """Paragraph texts with markup removed, as a reader would see them."""


@dataclass(frozen=True)
class Essay:
    """One essay found in a source collection."""

    title: str
    sections: tuple[Section, ...]
    source_path: Path
    """The file the essay came from."""

    source_line: int
    """1-based line of the essay's title (or first line) in its file."""

    date: dt.date | None = None
    """Publication date from front matter, if any."""

    description: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    source_id: str | None = None
    """The essay's own identity on its platform ("wordpress:https://blog.example/?p=12",
    a feed entry's guid...), which renaming or editing the post never changes; None
    for an essay read from a file of its own (the file name is its identity)."""

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(prose_words(p) for p in self.paragraphs)

    @property
    def text(self) -> str:
        """The essay as plain text (title, headings and paragraphs)."""
        parts = [self.title]
        for section in self.sections:
            if section.title:
                parts.append(section.title)
            parts.extend(section.paragraphs)
        return "\n\n".join(parts)


# ------------------------------------------------------------------------ plan


@dataclass(frozen=True)
class Chapter:
    """A chapter inside an episode: a section of an essay, or a whole essay."""

    title: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Episode:
    """One planned episode: what it says and the identity it keeps forever."""

    number: int
    """Episode number, 1-based; stable across rebuilds."""

    title: str
    """Display title, without the episode number ("Title (Part 1 of 2)" for parts)."""

    slug: str
    """ASCII file stem without the number, e.g. "recognize-small-victories"."""

    guid: str
    """RSS item GUID; never changes once published."""

    pub_date: dt.datetime
    """Timezone-aware publication date; stable across rebuilds."""

    chapters: tuple[Chapter, ...]
    """The content, in reading order."""

    essays: tuple[Essay, ...]
    """The essays (or the one essay) this episode narrates."""

    season: int | None = None
    part: int | None = None
    """1-based part number when an essay is split, else None."""

    part_count: int | None = None
    description: str = ""
    estimated_seconds: float = 0.0
    author: str | None = None
    links: tuple[Link, ...] = ()

    @property
    def stem(self) -> str:
        """File stem of the episode's files: "NNN-slug"."""
        return f"{self.number:03d}-{self.slug}"

    @property
    def word_count(self) -> int:
        return sum(prose_words(p) for c in self.chapters for s in c.sections
                   for p in s.paragraphs)

    @property
    def text(self) -> str:
        """Plain text of the episode as written (used for lyrics and show notes)."""
        parts = [self.title]
        for chapter in self.chapters:
            for section in chapter.sections:
                if section.title:
                    parts.append(section.title)
                parts.extend(section.paragraphs)
        return "\n\n".join(parts)


# ---------------------------------------------------------------------- speech


class Pause(enum.Enum):
    """The kind of silence that follows an utterance; `master` turns it into ms."""

    NONE = "none"
    CLAUSE = "clause"
    """Inside a sentence: an em dash or a parenthetical."""
    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    SECTION = "section"
    TITLE = "title"
    """After the episode's title or a section heading."""


@dataclass(frozen=True)
class Utterance:
    """A sentence (or clause) to be spoken, with what the transcript shows."""

    written: str
    """The text as the reader wrote it: shown in transcripts."""

    spoken: str
    """The text made speakable: what the voice is given."""

    pause_after: Pause
    chapter_index: int
    """Index into `Script.chapter_titles`."""


@dataclass(frozen=True)
class Script:
    """Everything a voice will say for one episode, in order."""

    episode: Episode
    utterances: tuple[Utterance, ...]
    chapter_titles: tuple[str, ...]
    """Chapter titles: "Intro", each section or essay, "Outro"."""


# --------------------------------------------------------------------- narrate


@dataclass(frozen=True)
class SpokenAudio:
    """The voice's audio for one utterance, stored in the sentence cache."""

    utterance: Utterance
    cache_path: Path
    """Where the PCM lives (see `cache.py` for the format)."""

    sample_rate_hz: int
    duration_ms: int


@dataclass(frozen=True)
class Narration:
    """A script and the audio the voice made for each of its utterances."""

    script: Script
    spoken: tuple[SpokenAudio, ...]
    voice_description: str
    """Human-readable voice name for credits, e.g. "Piper en_US-joe-medium"."""


# ---------------------------------------------------------------- master / tag


@dataclass(frozen=True)
class TimedUtterance:
    """Where an utterance sits in the mastered episode."""

    written: str
    start_ms: int
    end_ms: int
    chapter_index: int


@dataclass(frozen=True)
class TimedChapter:
    title: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class MasterSettings:
    pauses_ms: Mapping[str, int]
    """Milliseconds of silence by pause kind (see models.Pause)."""

    bitrate_kbps: int = 96
    music_bed: Path | None = None
    """Intro music (WAV, MP3 or FLAC), faded and ducked under the voice."""


@dataclass(frozen=True)
class MasteredEpisode:
    """An encoded, loudness-normalized episode and its timeline."""

    episode: Episode
    mp3_path: Path
    duration_ms: int
    timeline: tuple[TimedUtterance, ...]
    chapters: tuple[TimedChapter, ...]
    integrated_lufs: float
    true_peak_dbtp: float


@dataclass(frozen=True)
class PublishedEpisode:
    """What a built show remembers about one episode (its manifest entry).

    Enough to keep the identity stable and to write the feed item again without
    touching the audio.
    """

    number: int
    guid: str
    slug: str
    title: str
    pub_date: dt.datetime
    identity: str
    """Fingerprint that matches an essay to its published episode (see plan.py)."""

    season: int | None = None
    description: str = ""
    duration_ms: int = 0
    size_bytes: int = 0
    content_hash: str = ""
    """Hash of every input to the episode's files; equal hash means nothing to do."""

    chapters: tuple[TimedChapter, ...] = ()
    part: int | None = None
    part_count: int | None = None
    links: tuple[Link, ...] = ()
    author: str | None = None

    @property
    def stem(self) -> str:
        return f"{self.number:03d}-{self.slug}"


@dataclass(frozen=True)
class Notice:
    """Something suspicious worth telling the writer, with where it was found."""

    message: str
    path: Path | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: " if self.path and self.line else \
            (f"{self.path}: " if self.path else "")
        return f"{where}{self.message}"


def plural(count: int, noun: str) -> str:
    """"1 episode", "3 episodes": for log lines and messages."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def with_zone(when: dt.datetime) -> dt.datetime:
    """A time with a zone: one without (or "-0000", zone unknown) is read as UTC."""
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)
