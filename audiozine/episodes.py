"""One narrated episode made into its files: mastered, encoded, tagged, with its
transcripts and chapters, in the build's staging folder.

`make_episode` is what a build runs for each episode: in this process, in the
mastering pool's worker processes (`EpisodeMaker`), or on a cluster's worker
(remote_master.py). It lives apart from build.py so that those workers import
only what mastering needs (the voice, the feed, the page and the server stay out
of them: about 0.45 s of CPU less for every worker started).
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .errors import BuildError
from .files import write_atomic
from .layout import TRANSCRIPT_SUFFIX, ShowLayout
from .models import MasteredEpisode, MasterSettings, Narration, PublishedEpisode
from .processes import end_with_parent, workers_ignore_ctrl_c
from .tag import EpisodeTags, write_tags
from .transcripts import render_chapters_json, render_json_transcript, render_srt, render_vtt


def inside(folder: Path, name: str) -> Path:
    """`folder/name`, refusing any name that would escape the folder."""
    target = (folder / name).resolve()
    if folder.resolve() not in target.parents:
        raise BuildError(f"refusing to write outside the show folder: {name!r}",
                         path=folder)
    return target


@dataclass(frozen=True)
class EpisodeJob:
    """What a worker process needs to master, tag and write one narrated episode."""

    narration: Narration
    settings: MasterSettings
    staging: ShowLayout
    show_title: str
    tags: EpisodeTags
    content_hash: str
    identity: str
    """The episode's identity (plan.episode_identity), computed by the build."""


@dataclass(frozen=True)
class MadeEpisode:
    """An episode written to the staging folder."""

    record: PublishedEpisode
    mastered: MasteredEpisode

    @property
    def transcript(self) -> str:
        """Its plain transcript, as the page shows it: the JSON transcript's bodies."""
        return " ".join(" ".join(item.written.split()) for item in self.mastered.timeline)


class EpisodeMaker:
    """Masters, tags and writes episodes as they are submitted, over the cores."""

    def __init__(self, count: int, workers: int) -> None:
        self._jobs: list[EpisodeJob] = []
        self._futures: list[concurrent.futures.Future] = []
        self._pool = None
        if workers > 1 and count > 1:
            self._pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=min(workers, count), mp_context=multiprocessing.get_context("spawn"),
                initializer=end_with_parent, initargs=(os.getpid(),))

    def submit(self, job: EpisodeJob) -> None:
        if self._pool is None:
            self._jobs.append(job)  # one worker: made in this process, after the voice
            return
        self.raise_if_failed()
        with workers_ignore_ctrl_c():
            self._futures.append(self._pool.submit(make_episode, job))

    def raise_if_failed(self) -> None:
        """An episode's error, as soon as it happened, so the build stops now."""
        for future in self._futures:
            if future.done():
                future.result()

    def results(self) -> Iterator[MadeEpisode]:
        if self._pool is None:
            for job in self._jobs:
                yield make_episode(job)
            return
        for future in concurrent.futures.as_completed(self._futures):
            yield future.result()

    def __enter__(self) -> "EpisodeMaker":
        return self

    def __exit__(self, kind, _value, _traceback) -> None:
        # On an error (or Ctrl-C) the episodes not started are dropped.
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=kind is not None)


def make_episode(job: EpisodeJob) -> MadeEpisode:
    from .master import master_episode  # numpy/scipy/pedalboard: only when there is work

    narration, tags, staging = job.narration, job.tags, job.staging
    episode = narration.script.episode
    mp3 = inside(staging.episodes, f"{episode.stem}.mp3")
    mastered = master_episode(narration, job.settings, mp3)
    write_tags(mp3, dataclasses.replace(tags, chapters=mastered.chapters))
    timeline = mastered.timeline
    speaker = narration.voice_description
    write_atomic(staging.episode(episode.stem, ".vtt"), render_vtt(timeline))
    write_atomic(staging.episode(episode.stem, ".srt"), render_srt(timeline))
    write_atomic(staging.episode(episode.stem, TRANSCRIPT_SUFFIX),
                 render_json_transcript(timeline, speaker))
    write_atomic(staging.episode(episode.stem, ".chapters.json"),
                 render_chapters_json(mastered.chapters, title=episode.title,
                                      show=job.show_title, author=tags.author))
    record = PublishedEpisode(
        number=episode.number, guid=episode.guid, slug=episode.slug, title=episode.title,
        pub_date=episode.pub_date, identity=job.identity, season=episode.season,
        description=episode.description, duration_ms=decoded_duration_ms(mp3),
        size_bytes=mp3.stat().st_size,  # after the last write: tags change the size
        content_hash=job.content_hash, chapters=mastered.chapters, part=episode.part,
        part_count=episode.part_count, links=episode.links, author=tags.author)
    return MadeEpisode(record=record, mastered=mastered)


def decoded_duration_ms(mp3: Path) -> int:
    """The duration players will show (itunes:duration must match it, not the plan)."""
    from mutagen.mp3 import MP3  # with the audio libraries: only when there is work

    return round(MP3(str(mp3)).info.length * 1000)
