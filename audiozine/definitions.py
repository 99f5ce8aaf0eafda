"""Show definitions and voice profiles as values: what `config` reads from
`feeds/*.toml` and `voices/*.toml`, and what every stage is given.

A leaf module: it imports nothing of the project but the show layout, so the
engines, the stages and `config` (which reads these from files) can all import it.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .layout import FEED

PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

DEFAULT_INTRO = "{show}. {title}. Written by {author}."
DEFAULT_OUTRO = (
    "That was {title}, by {author}. You have been listening to {show}. "
    "This narration was made with a synthetic voice, {voice}. "
    "Find every episode at {link}."
)
# For `audiozine build FILE` without --author: nothing read aloud about an author.
ANONYMOUS_INTRO = "{show}. {title}."
ANONYMOUS_OUTRO = (
    "That was {title}. You have been listening to {show}. "
    "This narration was made with a synthetic voice, {voice}. "
    "Find every episode at {link}."
)

#: Pause lengths in milliseconds after each kind of utterance (see models.Pause).
DEFAULT_PAUSES_MS: dict[str, int] = {
    "none": 0,
    "clause": 250,
    "sentence": 450,
    "paragraph": 900,
    "section": 1500,
    "title": 1200,
}


@dataclass(frozen=True)
class Show:
    """A show definition: what the feed says and how episodes are planned."""

    name: str
    """Short name: the show file's stem; the built show goes to `feeds/<name>/`."""

    title: str
    author: str
    description: str
    sources: tuple[Path, ...]
    """Essay files or folders, resolved against the show file's folder."""

    language: str = "en-us"
    category: str = "Society & Culture"
    subcategory: str | None = None
    explicit: bool = False
    base_url: str | None = None
    """Public URL the show is published under (https); None for local use only."""

    link: str | None = None
    """The show's website; defaults to the base URL."""

    voice: str = "joe"
    """Voice profile name from `voices/`."""

    start_date: dt.date | None = None
    """Publication date of episode 1 when an essay has no date of its own; None: an
    undated essay's episode is dated when it is first built."""

    cadence_days: int = 7
    """Days between consecutive episodes' publication dates."""

    season: int | None = None
    show_type: str = "episodic"
    max_minutes: float = 45.0
    """An essay longer than this is split into parts."""

    target_minutes: float | None = None
    """If set, consecutive essays are packed into issues of about this length."""

    owner_email: str | None = None
    image: Path | None = None
    license: str | None = None
    locked: bool = True
    bitrate_kbps: int = 96
    music_bed: Path | None = None
    intro: str = DEFAULT_INTRO
    outro: str = DEFAULT_OUTRO
    pauses_ms: Mapping[str, int] = field(default_factory=dict)
    """Overrides of the voice profile's pauses, by pause kind."""

    lexicon: Mapping[str, Any] = field(default_factory=dict)
    """Show-specific pronunciations: written word -> how it is said, in a lexicon
    file's forms (a respelling, "[[ phonemes ]]", or a table of say and phonemes)."""

    path: Path | None = None
    """The show file this came from (None for a show made from the command line)."""

    kept_podcast_guid: str | None = None
    """The GUID the show was first published with; kept when the feed moves (P1)."""

    pages: bool = False
    """Read a WordPress or Ghost export's pages as well as its posts."""

    fetch_articles: bool = False
    """Fetch the page of each feed entry that carries only a summary."""

    code_blocks: str = "skip"
    """What is said where a code block stands: "skip" (nothing) or "marker" (a short
    spoken note that the written essay shows code there)."""

    publish: str | None = None
    """Where `audiozine publish` uploads the built show: s3://bucket/prefix,
    sftp://user@host/path, or a folder (resolved against the show file's folder)."""

    cluster: str | None = None
    """Dask scheduler address (or local:N) to narrate on; `--cluster` overrides it."""

    master_on: str | None = None
    """Where a cluster build masters its episodes: "cluster" or "client" (None: the
    cluster for a scheduler elsewhere, this machine for local:N; see remote_master.py)."""

    feed_episodes: int | None = None
    """How many of the latest episodes the feed and the page list (None: all)."""

    @property
    def podcast_guid(self) -> str:
        """Podcasting 2.0 GUID: uuid5 of the feed URL without scheme (standards P1)."""
        if self.kept_podcast_guid:
            return self.kept_podcast_guid
        base = self.base_url or f"audiozine.local/{self.name}"
        feed_url = base.rstrip("/") + "/" + FEED
        without_scheme = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url).rstrip("/")
        return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, without_scheme))


@dataclass(frozen=True)
class VoiceProfile:
    """A voice: which engine, which voice, and how it speaks."""

    name: str
    engine: str
    description: str = ""
    model: Path | None = None
    """Piper: path to an .onnx voice; None means the bundled en_US-joe-medium."""

    voice_id: str | None = None
    """pyttsx3: the system voice id or a language such as "en-us"."""

    length_scale: float = 1.0
    """Piper: phoneme length multiplier (>1 is slower)."""

    noise_scale: float = 0.667
    noise_w_scale: float = 0.8
    noise_seed: int = 0
    """Piper: which draw of the seeded noise; another number gives every sentence
    another rendition (a new take), the same one in every build."""

    rate_wpm: int = 165
    """pyttsx3: speaking rate in words per minute."""

    volume: float = 1.0
    words_per_minute: float = 160.0
    """Measured pace, used to estimate episode durations before narrating."""

    pauses_ms: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_PAUSES_MS))
    lexicon_files: tuple[Path, ...] = ()
    path: Path | None = None

    def settings(self) -> dict[str, Any]:
        """Every setting that changes the sound (used in cache keys)."""
        return {
            "engine": self.engine,
            "model": str(self.model) if self.model else None,
            "voice_id": self.voice_id,
            "length_scale": self.length_scale,
            "noise_scale": self.noise_scale,
            "noise_w_scale": self.noise_w_scale,
            # Only when set, so that sentences cached before the setting existed stay valid.
            **({"noise_seed": self.noise_seed} if self.noise_seed else {}),
            "rate_wpm": self.rate_wpm,
            "volume": self.volume,
        }
