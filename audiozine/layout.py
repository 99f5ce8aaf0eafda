"""The layout of a built show: the one place its file and folder names are spelled.

    DIR/feed.xml, cover.jpg, index.html
    DIR/episodes/NNN-slug.mp3 (.vtt .srt .json .chapters.json)
    DIR/.audiozine/   manifest.json, lock, staging/, publish.json and the records
                      of the last build (state; never served)

Names are given twice: as paths relative to the show folder (the strings a
publish journal lists and URLs are made of), and as paths under a `ShowLayout`'s
root. The build's staging folder has the same layout as the show it publishes
into, so `ShowLayout(staging)` names the files staged there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FEED = "feed.xml"
PAGE = "index.html"
ARCHIVE = "archive.html"
"""The page of every episode, when the show's page lists only the latest."""
COVER = "cover.jpg"
EPISODES_DIR = "episodes"
STATE_DIR = ".audiozine"
"""Build state: never served, never read as a source."""

EPISODE_SUFFIXES = (".mp3", ".vtt", ".srt", ".json", ".chapters.json")
"""Every file an episode has, by the ending after its stem (NNN-slug)."""

TRANSCRIPT_SUFFIX = ".json"
"""The episode file holding its timed transcript segments."""

MANIFEST = f"{STATE_DIR}/manifest.json"
LOCK = f"{STATE_DIR}/lock"
JOURNAL = f"{STATE_DIR}/publish.json"
STAGING = f"{STATE_DIR}/staging"
BASE_URL_RECORD = f"{STATE_DIR}/base_url.json"
PODCAST_GUID_RECORD = f"{STATE_DIR}/podcast_guid.txt"
FEED_URLS_RECORD = f"{STATE_DIR}/feed_urls.txt"
SHOW_FILE_RECORD = f"{STATE_DIR}/show_file.txt"
SOURCE_SHOW_RECORD = f"{STATE_DIR}/source_show.json"


def episode_name(stem: str, suffix: str = ".mp3") -> str:
    """One of an episode's files, relative to the show folder (and to its base URL)."""
    return f"{EPISODES_DIR}/{stem}{suffix}"


def episode_names(stem: str) -> tuple[str, ...]:
    """Every file of one episode, relative to the show folder."""
    return tuple(episode_name(stem, suffix) for suffix in EPISODE_SUFFIXES)


@dataclass(frozen=True)
class ShowLayout:
    """The paths of the show built in `root` (or staged in it)."""

    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))

    def __truediv__(self, name: str) -> Path:
        """The file at a relative name of this layout, e.g. `layout / FEED`."""
        return self.root / name

    @property
    def feed(self) -> Path:
        return self.root / FEED

    @property
    def page(self) -> Path:
        return self.root / PAGE

    @property
    def archive(self) -> Path:
        return self.root / ARCHIVE

    @property
    def cover(self) -> Path:
        return self.root / COVER

    @property
    def episodes(self) -> Path:
        return self.root / EPISODES_DIR

    @property
    def state(self) -> Path:
        return self.root / STATE_DIR

    @property
    def manifest(self) -> Path:
        return self.root / MANIFEST

    @property
    def lock(self) -> Path:
        return self.root / LOCK

    @property
    def journal(self) -> Path:
        return self.root / JOURNAL

    @property
    def staging(self) -> ShowLayout:
        """Where a build stages its files, laid out as the show is."""
        return ShowLayout(self.root / STAGING)

    def episode(self, stem: str, suffix: str = ".mp3") -> Path:
        return self.root / episode_name(stem, suffix)

    def episode_files(self, stem: str) -> tuple[Path, ...]:
        return tuple(self.root / name for name in episode_names(stem))

    def episode_mp3s(self) -> list[Path]:
        """The show's episode MP3s, in file-name (episode-number) order."""
        return sorted(self.episodes.glob("*.mp3"))
