"""What a built show remembers between builds: `DIR/.audiozine/manifest.json`.

One PublishedEpisode per episode in the feed. It keeps identity (number, slug,
GUID, date) stable and lets a build rewrite the feed without touching audio.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Sequence

from . import layout
from .definitions import Show
from .errors import BuildError
from .files import write_atomic
from .models import Link, PublishedEpisode, TimedChapter

FORMAT_VERSION = 1

# Names relative to the state folder, for callers that spell a record's path
# themselves (the show layout names each record in full).
STATE_DIR = layout.STATE_DIR
PODCAST_GUID_NAME = Path(layout.PODCAST_GUID_RECORD).name
FEED_URLS_NAME = Path(layout.FEED_URLS_RECORD).name


def load_podcast_guid(show_dir: Path) -> str | None:
    """The podcast:guid the show was first built with, if it was built before."""
    try:
        value = (Path(show_dir) / layout.PODCAST_GUID_RECORD).read_text("utf-8").strip()
    except OSError:
        return None
    return value or None


# layout.FEED_URLS_RECORD:
"""Every public feed URL the show was built for, oldest first: the podcast:guid is
kept when the feed moves (P1), and `check` finds the URL it was derived from here."""


def load_feed_urls(show_dir: Path) -> tuple[str, ...]:
    try:
        text = (Path(show_dir) / layout.FEED_URLS_RECORD).read_text("utf-8")
    except OSError:
        return ()
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def feed_urls_with(show_dir: Path, *feed_urls: str | None) -> str | None:
    """The record's new text with `feed_urls` added, or None if it holds them already."""
    urls = list(load_feed_urls(show_dir))
    added = [url for url in dict.fromkeys(feed_urls) if url and url not in urls]
    return "".join(f"{url}\n" for url in urls + added) if added else None


# layout.SOURCE_SHOW_RECORD:
"""The --title and --author a build of source files (no show file) was given, so
the next build without them does not rename the show."""


def read_source_show(show_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((Path(show_dir) / layout.SOURCE_SHOW_RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: value for key in ("title", "author")
            if isinstance(value := data.get(key), str) and value.strip()}


def write_source_show(show_dir: Path, *, title: str | None, author: str | None) -> None:
    record = {key: value for key, value in (("title", title), ("author", author)) if value}
    write_atomic(Path(show_dir) / layout.SOURCE_SHOW_RECORD, json.dumps(record) + "\n")


# layout.SHOW_FILE_RECORD:
"""The show file a folder was last built from, relative to the folder, so a copied
tree of shows still matches (absent for a build from source files)."""


def show_file_record(show: Show, show_dir: Path) -> str | None:
    if show.path is None:
        return None
    # The path as given (a symlinked show file is its link, not its target).
    return os.path.relpath(os.path.abspath(show.path), os.path.abspath(show_dir))


def recorded_show_file(show_dir: Path) -> Path | None:
    """The show file `show_dir` was last built from (`show_file_record`), or None
    for a folder built from source files (the file may since have gone)."""
    try:
        recorded = (Path(show_dir) / layout.SHOW_FILE_RECORD).read_text("utf-8").strip()
    except OSError:
        return None
    if not recorded:
        return None
    return Path(os.path.normpath(os.path.join(os.path.abspath(show_dir), recorded)))


def check_owner(show: Show, show_dir: Path) -> None:
    """Refuse to build a show into a folder another show file publishes.

    One mistyped `--out` would otherwise give that show's feed a new title,
    author and episodes. A show file that was moved or deleted gives up its
    folder, so moving a show file stays possible."""
    owner = recorded_show_file(show_dir)
    if owner is None or not owner.is_file():
        return
    if show.path and os.path.samefile(show.path, owner):  # also a link, or another case
        return
    what = f"show file {show.path}" if show.path else "these source files"
    raise BuildError(f"this folder publishes the show of {owner}; building {what} into it "
                     f"would replace that show's feed. Build that show with --show {owner}, "
                     "or choose another --out", path=show_dir)


def refuse_unrelated(show: Show, show_dir: Path, published: Sequence[PublishedEpisode],
                     planned: Sequence) -> None:
    """Refuse to plan or build SOURCE files into a folder that holds a show built from
    an unrelated collection: one whose published episodes none of the planned episodes
    continues. The two would be folded into one feed. (A show file's folder is its
    own: `check_owner`.)"""
    if show.path is not None or not published:
        return
    if {p.guid for p in published} & {episode.guid for episode in planned}:
        return
    first = min(published, key=lambda p: (p.number, p.part or 0))
    raise BuildError(
        f"this folder holds a show of {len(published)} episode(s) built from other sources "
        f"(the first: '{first.title}'), and none of these essays is among them; building "
        "them here would fold two collections into one feed. Choose another folder with "
        "--out DIR (the default is ./show), or remove this one to start over", path=show_dir)


def with_kept_identity(show: Show, show_dir: Path) -> Show:
    """The show with the podcast GUID it was first published under, if any."""
    kept = load_podcast_guid(show_dir)
    if kept and show.base_url and kept == dataclasses.replace(show, base_url=None).podcast_guid:
        # First built for local listening only: no app subscribed under that GUID, so
        # the show takes the one of the URL it is now published at (P1).
        kept = None
    return dataclasses.replace(show, kept_podcast_guid=kept) if kept else show


def manifest_path(show_dir: Path) -> Path:
    return layout.ShowLayout(show_dir).manifest


def _encode(episode: PublishedEpisode) -> dict:
    data = asdict(episode)
    data["pub_date"] = episode.pub_date.isoformat()
    return data


def _decode(data: dict) -> PublishedEpisode:
    data = dict(data)
    data.pop("extra", None)  # written by builds before the field went (it was never set)
    data["pub_date"] = dt.datetime.fromisoformat(data["pub_date"])
    data["chapters"] = tuple(TimedChapter(**c) for c in data.get("chapters", ()))
    data["links"] = tuple(Link(**link) for link in data.get("links", ()))
    return PublishedEpisode(**data)


def load_build_record(show_dir: Path
                      ) -> tuple[tuple[PublishedEpisode, ...], tuple[PublishedEpisode, ...]]:
    """(published episodes, retired ones) from the build record, read once. Retired
    episodes were removed with --prune: their numbers, slugs and GUIDs are never given
    to another episode (an app would take it for the one it already played)."""
    path = manifest_path(show_dir)
    if not path.exists():
        return (), ()
    try:
        data = json.loads(path.read_text("utf-8"))
        return (tuple(_decode(item) for item in data["episodes"]),
                tuple(_decode(item) for item in data.get("retired", ())))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BuildError(f"the show's build record is damaged ({exc}); move it away to "
                         "rebuild from scratch (episode numbers and GUIDs are kept only "
                         "while it exists)", path=path) from None


def render_manifest(episodes: Sequence[PublishedEpisode],
                    retired: Sequence[PublishedEpisode] = ()) -> str:
    data: dict = {"format": FORMAT_VERSION, "episodes": [_encode(e) for e in episodes]}
    if retired:
        data["retired"] = [_encode(e) for e in retired]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

