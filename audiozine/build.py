"""The build orchestrator: the only code that knows a built show's layout.

    DIR/feed.xml, cover.jpg, index.html (archive.html: a show of more episodes than the page shows)
    DIR/episodes/NNN-slug.mp3 (.vtt .srt .json .chapters.json)
    DIR/.audiozine/   manifest.json, lock, staging/, publish.json (state; never served)

A build is a transaction: everything new is written under `.audiozine/staging`,
then published by atomic renames listed in a journal, the feed last. A build
interrupted before publishing leaves the published show untouched; one
interrupted while publishing is rolled forward by the next build. Unchanged
episodes are recognised by a hash of all their inputs and are not touched.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import fcntl
import functools
import hashlib
import importlib.util
import multiprocessing
import json
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from . import __version__
from .cache import SentenceCache, cache_key
from .config import Show, VoiceProfile, find_voice
from .cover import cover_thumbnail, make_cover
from .engines import create_engine
from .errors import BuildError
from .feed import feed_url, render_feed
from .files import write_atomic
from .lexicon import load_lexicon
from .manifest import (
    FEED_URLS_NAME, MANIFEST_NAME, PODCAST_GUID_NAME, SHOW_FILE_NAME, STATE_DIR, check_owner,
    feed_urls_with, load_build_record,
    render_manifest, show_file_record, with_kept_identity,
)
from .models import (
    Episode, MasteredEpisode, MasterSettings, Narration, Notice, PublishedEpisode, Script,
    plural,
)
from .narrate import (
    NarrationProgress, ProgressCallback, default_jobs, end_with_parent, narrate_scripts,
    workers_ignore_ctrl_c,
)
from .plan import episode_identity, episode_script, plan_episodes
from .reuse import TextCache, digest_of, script_key, sources_key
from .serve import BASE_URL_RECORD, LOCAL_BASE_URL, read_base_url_record, write_base_url_record
from .site import ARCHIVE_NAME, needs_archive, page_episodes, render_archive, render_index
from .sources import SourceResult, read_sources
from .tag import EpisodeTags, id3_language, write_tags
from .transcripts import (
    render_chapters_json, render_json_transcript, render_srt, render_vtt,
)

EPISODE_SUFFIXES = (".mp3", ".vtt", ".srt", ".json", ".chapters.json")


@dataclass(frozen=True)
class BuildOptions:
    jobs: int | None = None
    force: bool = False
    """Re-master every episode even if nothing changed (the sentence cache still applies)."""

    prune: bool = False
    """Drop published episodes whose essays are gone (default: keep them in the feed)."""

    cache: SentenceCache = field(default_factory=SentenceCache)
    voice: str | None = None
    """Voice profile name overriding the show's."""

    cluster: str | None = None
    """Dask scheduler address (or local:N) to narrate on, overriding the show's `cluster`."""


@dataclass(frozen=True)
class BuildReport:
    show_dir: Path
    episodes: tuple[PublishedEpisode, ...]
    made: tuple[str, ...]
    """Stems of the episodes (re)made by this build."""

    unchanged: tuple[str, ...]
    kept: tuple[str, ...]
    """Published episodes whose essays are gone, kept in the feed."""

    pruned: tuple[str, ...]
    notices: tuple[Notice, ...]
    loudness: tuple[tuple[str, float, float], ...]
    """(stem, integrated LUFS, true peak dBTP) of each episode made."""

    seconds: float


Log = Callable[[str], None]


def _no_log(_message: str) -> None:
    pass


# ----------------------------------------------------------------- identity


def show_base_url(show: Show) -> str:
    return show.base_url or LOCAL_BASE_URL


def _episode_hash(script: Script, keys: Sequence[str], tags: EpisodeTags,
                  settings: MasterSettings, extra: dict) -> str:
    material = {
        "audiozine": __version__,
        "code": _episode_code_fingerprint(),
        "keys": list(keys),
        "utterances": [(u.written, u.pause_after.value, u.chapter_index)
                       for u in script.utterances],
        "chapters": list(script.chapter_titles),
        "tags": {k: v for k, v in dataclasses.asdict(tags).items()
                 if k not in ("chapters", "cover_jpeg")},
        "cover": hashlib.sha256(tags.cover_jpeg or b"").hexdigest(),
        "pauses": dict(settings.pauses_ms),
        "bitrate": settings.bitrate_kbps,
        "music": _file_hash(settings.music_bed) if settings.music_bed else None,
        **extra,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=str)
                          .encode("utf-8")).hexdigest()


@functools.cache
def _episode_code_fingerprint() -> str:
    """Hash of the code that turns narration into episode files: a change remakes them."""
    digest = hashlib.sha256()
    for name in ("master", "tag", "transcripts"):
        # find_spec, not import: a build with nothing to make needs no audio libraries.
        digest.update(Path(importlib.util.find_spec(f"audiozine.{name}").origin).read_bytes())
    return digest.hexdigest()


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -------------------------------------------------------------- transaction


@contextmanager
def show_lock(show_dir: Path) -> Iterator[None]:
    """Hold the show's build lock; a second build refuses with a clear message."""
    state = show_dir / STATE_DIR
    try:
        state.mkdir(parents=True, exist_ok=True)
        handle = open(state / "lock", "a+")
    except OSError as exc:
        raise BuildError(f"cannot write to the output folder: {exc.strerror}",
                         path=show_dir) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            raise BuildError(f"another build of this show is running"
                             f"{f' (process {holder})' if holder else ''}; wait for it to "
                             "finish", path=show_dir) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


def _journal_path(show_dir: Path) -> Path:
    return show_dir / STATE_DIR / "publish.json"


def _publish(show_dir: Path, staging: Path, names: Sequence[str],
             remove: Sequence[str]) -> None:
    """Move staged files into place (in order, feed last), then remove old files."""
    write_atomic(_journal_path(show_dir), json.dumps({"staging": str(staging),
                                                      "names": list(names),
                                                      "remove": list(remove)}))
    _roll_forward(show_dir)


def _roll_forward(show_dir: Path) -> None:
    """Finish a publication the journal describes (after a crash, too)."""
    journal = _journal_path(show_dir)
    if not journal.exists():
        return
    data = json.loads(journal.read_text("utf-8"))
    staging = Path(data["staging"])
    for name in data["names"]:
        staged = staging / name
        if staged.exists():
            target = show_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
    _fsync_dir(show_dir)
    for name in data["remove"]:
        (show_dir / name).unlink(missing_ok=True)
    journal.unlink()
    shutil.rmtree(staging, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    for folder in (path, path / "episodes"):
        if folder.is_dir():
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _check_writable(show_dir: Path) -> None:
    if show_dir.exists() and not show_dir.is_dir():
        raise BuildError("the output folder is a file; give --out a folder", path=show_dir)
    try:
        show_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"cannot create the output folder: {exc.strerror}",
                         path=show_dir) from None
    if not os.access(show_dir, os.W_OK | os.X_OK):
        raise BuildError("the output folder is not writable", path=show_dir)


def _inside(folder: Path, name: str) -> Path:
    """`folder/name`, refusing any name that would escape the folder."""
    target = (folder / name).resolve()
    if folder.resolve() not in target.parents:
        raise BuildError(f"refusing to write outside the show folder: {name!r}",
                         path=folder)
    return target


# -------------------------------------------------------------------- build


def build_show(show: Show, show_dir: Path, options: BuildOptions = BuildOptions(), *,
               log: Log = _no_log,
               on_progress: ProgressCallback | None = None) -> BuildReport:
    """Build (or update) a show in `show_dir`; the published show changes only at the end."""
    started = time.monotonic()
    show_dir = Path(show_dir)
    # Bad input is reported before anything is created in the output folder.
    profile = find_voice(options.voice or show.voice)
    text_cache = TextCache(show_dir)  # reading and scripts of the last build, by content hash
    sources = text_cache.get(sources_key(show.sources), lambda: read_sources(show.sources))
    _check_writable(show_dir)
    with show_lock(show_dir):
        _roll_forward(show_dir)
        check_owner(show, show_dir)
        try:
            report = _build_locked(show, show_dir, profile, sources, options, log,
                                   on_progress, started, text_cache)
            text_cache.save()
            return report
        except OSError as exc:  # a full disk, a vanished folder...
            publishing = _journal_path(show_dir).exists()
            if not publishing:
                shutil.rmtree(show_dir / STATE_DIR / "staging", ignore_errors=True)
            where = f" ({exc.filename})" if exc.filename else ""
            outcome = "the next build finishes publishing it" if publishing \
                else "the published show is unchanged"
            raise BuildError(f"the build stopped: {exc.strerror or exc}{where}; {outcome}",
                             path=show_dir) from None


def _build_locked(show: Show, show_dir: Path, profile: VoiceProfile, sources: SourceResult,
                  options: BuildOptions, log: Log, on_progress: ProgressCallback | None,
                  started: float, text_cache: TextCache) -> BuildReport:
    published, retired = load_build_record(show_dir)
    show = with_kept_identity(show, show_dir)
    lexicon = load_lexicon(profile.lexicon_files, show.lexicon, engine=profile.engine,
                           extra_path=show.path)
    planned = plan_episodes(sources.essays, show, words_per_minute=profile.words_per_minute,
                            published=published, retired=retired, prune=options.prune,
                            voice=profile.description)
    notices = tuple(sources.notices) + tuple(planned.notices)
    episodes = planned.episodes
    log(f"{show.title}: {plural(len(episodes), 'episode')} planned from "
        f"{plural(len(sources.essays), 'essay')}")

    engine = create_engine(profile)  # checks the engine can run; loads no model
    identity, voice_name = engine.identity(), engine.describe()
    engine.close()
    base_url = show_base_url(show)
    cover = make_cover(show)
    thumbnail = cover_thumbnail(cover)
    settings = MasterSettings(pauses_ms={**profile.pauses_ms, **show.pauses_ms},
                              bitrate_kbps=show.bitrate_kbps, music_bed=show.music_bed)

    scripts, hashes, tags_by_stem = [], [], {}
    previous = {p.guid: p for p in published}
    show_digest, lexicon_digest = digest_of(show), digest_of(lexicon)
    voice_digest = digest_of((identity, profile.settings()))

    def script_and_keys(episode: Episode) -> tuple[Script, list[str]]:
        script = episode_script(episode, show, lexicon=lexicon, voice=voice_name)
        return script, [cache_key(identity, profile.settings(), u.spoken)
                        for u in script.utterances]

    for episode in episodes:
        # The script and its sentences' cache keys, as the last build made them.
        script, keys = text_cache.get(
            script_key(episode, show_digest=show_digest, lexicon_digest=lexicon_digest,
                       voice=f"{voice_name}\0{voice_digest}"),
            functools.partial(script_and_keys, episode))
        tags = EpisodeTags(title=episode.title, author=episode.author or show.author,
                           show=show.title, track=episode.number,
                           date=episode.pub_date.date().isoformat(),
                           description=episode.description, text=episode.text,
                           language=id3_language(show.language), chapters=(),
                           cover_jpeg=thumbnail,
                           url=f"{base_url}episodes/{episode.stem}.mp3")
        scripts.append(script)
        hashes.append(_episode_hash(script, keys, tags, settings, {"voice": identity}))
        tags_by_stem[episode.stem] = tags

    def up_to_date(episode: Episode, content_hash: str) -> PublishedEpisode | None:
        old = previous.get(episode.guid)
        if options.force or old is None or old.content_hash != content_hash \
                or old.stem != episode.stem:
            return None
        mp3 = show_dir / "episodes" / f"{old.stem}.mp3"
        if not mp3.is_file() or mp3.stat().st_size != old.size_bytes:
            return None
        if not all((show_dir / "episodes" / f"{old.stem}{s}").is_file()
                   for s in EPISODE_SUFFIXES):
            return None
        return old

    staging = show_dir / STATE_DIR / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "episodes").mkdir(parents=True)

    records: dict[str, PublishedEpisode] = {}
    todo = []
    for episode, script, content_hash in zip(episodes, scripts, hashes):
        old = up_to_date(episode, content_hash)
        if old is not None:
            records[episode.guid] = old
        else:
            todo.append((episode, script, content_hash))
    log(f"{len(todo)} to make, {len(records)} unchanged")

    made, loudness = [], []
    if todo:
        def master(index: int, narration: Narration) -> None:
            episode, _script, content_hash = todo[index]
            maker.submit((narration, settings, staging, show, tags_by_stem[episode.stem],
                          content_hash))

        def progress(report: NarrationProgress) -> None:
            maker.raise_if_failed()  # after every batch: a failed episode stops the voice
            if on_progress:
                on_progress(report)

        with _EpisodeMaker(len(todo), options.jobs or default_jobs()) as maker:
            # Episodes are mastered as their audio is ready, beside the voice's work.
            narrate_scripts([script for _e, script, _h in todo], profile,
                            cache=options.cache, jobs=options.jobs,
                            on_progress=progress, on_narrated=master,
                            cluster=options.cluster or show.cluster)
            for record, mastered in maker.results():
                records[record.guid] = record
                made.append(record.stem)
                loudness.append((record.stem, mastered.integrated_lufs,
                                 mastered.true_peak_dbtp))
                log(f"[{len(made)}/{len(todo)} episodes] made {record.stem}.mp3 "
                    f"({mastered.duration_ms / 60000:.1f} min, "
                    f"{mastered.integrated_lufs:.1f} LUFS, {mastered.true_peak_dbtp:.1f} dBTP)")
        made.sort()

    # Published episodes whose essays are gone: kept unless pruning.
    planned_guids = {e.guid for e in episodes}
    gone = [p for p in published if p.guid not in planned_guids]
    kept = [] if options.prune else gone
    pruned = gone if options.prune else []
    final = sorted(list(records.values()) + kept, key=lambda p: p.number)
    # The plan has said which published episodes match no essay any more.

    names = [f"episodes/{stem}{suffix}" for stem in made for suffix in EPISODE_SUFFIXES]
    write_atomic(staging / "cover.jpg", cover)
    write_base_url_record(staging, base_url, public=show.base_url is not None)
    write_atomic(staging / STATE_DIR / PODCAST_GUID_NAME, show.podcast_guid + "\n")
    # The URL built for last time first: shows built before this record existed.
    last = read_base_url_record(show_dir)
    feed_urls = feed_urls_with(show_dir, feed_url(last[0]) if last and last[1] else None,
                               feed_url(base_url) if show.base_url else None)
    if feed_urls is not None:
        write_atomic(staging / STATE_DIR / FEED_URLS_NAME, feed_urls)
        names.append(f"{STATE_DIR}/{FEED_URLS_NAME}")
    owner = show_file_record(show, show_dir)
    if owner:
        write_atomic(staging / STATE_DIR / SHOW_FILE_NAME, f"{owner}\n")
        names.append(f"{STATE_DIR}/{SHOW_FILE_NAME}")
    # Only the episodes the page shows in full: an archive's page lists the latest.
    transcripts = {p.stem: _read_plain_transcript(staging, show_dir, p.stem)
                   for p in page_episodes(show, final)}
    write_atomic(staging / "index.html",
                 render_index(show, final, feed_url=feed_url(base_url),
                              transcripts=transcripts))
    if needs_archive(show, final):
        write_atomic(staging / ARCHIVE_NAME, render_archive(show, final))
        names.append(ARCHIVE_NAME)
    write_atomic(staging / STATE_DIR / MANIFEST_NAME,
                 render_manifest(final, retired=(*retired, *pruned)))
    write_atomic(staging / "feed.xml", render_feed(show, final, base_url=base_url,
                                                   cover_url=f"{base_url}cover.jpg"))
    names += ["cover.jpg", str(BASE_URL_RECORD), f"{STATE_DIR}/{PODCAST_GUID_NAME}",
              "index.html",
              f"{STATE_DIR}/{MANIFEST_NAME}", "feed.xml"]
    names = [n for n in names if _changed(staging / n, show_dir / n)]
    remove = [f"episodes/{p.stem}{s}" for p in pruned for s in EPISODE_SUFFIXES]
    if not needs_archive(show, final) and (show_dir / ARCHIVE_NAME).exists():
        remove.append(ARCHIVE_NAME)
    # An episode whose file name changed leaves its old files behind: remove them.
    old_stems = {p.stem for p in published} - {p.stem for p in final}
    remove += [f"episodes/{stem}{s}" for stem in old_stems for s in EPISODE_SUFFIXES
               if f"episodes/{stem}{s}" not in remove]
    _publish(show_dir, staging, names, remove)
    return BuildReport(show_dir=show_dir, episodes=tuple(final), made=tuple(made),
                       unchanged=tuple(p.stem for p in final if p.stem not in made
                                       and p not in kept),
                       kept=tuple(p.stem for p in kept), pruned=tuple(p.stem for p in pruned),
                       notices=notices, loudness=tuple(loudness),
                       seconds=time.monotonic() - started)


def _changed(staged: Path, published: Path) -> bool:
    """Whether a staged file differs from the published one (unchanged files keep mtime)."""
    try:
        return staged.read_bytes() != published.read_bytes()
    except OSError:
        return True


def _read_plain_transcript(staging: Path, show_dir: Path, stem: str) -> str:
    for folder in (staging, show_dir):
        path = folder / "episodes" / f"{stem}.json"
        if path.exists():
            segments = json.loads(path.read_text("utf-8")).get("segments", [])
            return " ".join(s["body"] for s in segments)
    return ""


class _EpisodeMaker:
    """Masters, tags and writes episodes as they are submitted, over the cores."""

    def __init__(self, count: int, workers: int) -> None:
        self._jobs: list[tuple] = []
        self._futures: list[concurrent.futures.Future] = []
        self._pool = None
        if workers > 1 and count > 1:
            self._pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=min(workers, count), mp_context=multiprocessing.get_context("spawn"),
                initializer=end_with_parent, initargs=(os.getpid(),))

    def submit(self, job: tuple) -> None:
        if self._pool is None:
            self._jobs.append(job)  # one worker: made in this process, after the voice
            return
        self.raise_if_failed()
        with workers_ignore_ctrl_c():
            self._futures.append(self._pool.submit(_make_episode, *job))

    def raise_if_failed(self) -> None:
        """An episode's error, as soon as it happened, so the build stops now."""
        for future in self._futures:
            if future.done():
                future.result()

    def results(self) -> Iterator[tuple[PublishedEpisode, MasteredEpisode]]:
        if self._pool is None:
            for job in self._jobs:
                yield _make_episode(*job)
            return
        for future in concurrent.futures.as_completed(self._futures):
            yield future.result()

    def __enter__(self) -> "_EpisodeMaker":
        return self

    def __exit__(self, kind, _value, _traceback) -> None:
        # On an error (or Ctrl-C) the episodes not started are dropped.
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=kind is not None)


def _make_episode(narration: Narration, settings: MasterSettings, staging: Path, show: Show,
                  tags: EpisodeTags,
                  content_hash: str) -> tuple[PublishedEpisode, MasteredEpisode]:
    from .master import master_episode  # numpy/scipy/pedalboard: only when there is work

    episode = narration.script.episode
    folder = staging / "episodes"
    mp3 = _inside(folder, f"{episode.stem}.mp3")
    mastered = master_episode(narration, settings, mp3)
    write_tags(mp3, dataclasses.replace(tags, chapters=mastered.chapters))
    timeline = mastered.timeline
    speaker = narration.voice_description
    write_atomic(folder / f"{episode.stem}.vtt", render_vtt(timeline))
    write_atomic(folder / f"{episode.stem}.srt", render_srt(timeline))
    write_atomic(folder / f"{episode.stem}.json", render_json_transcript(timeline, speaker))
    write_atomic(folder / f"{episode.stem}.chapters.json",
                 render_chapters_json(mastered.chapters, title=episode.title, show=show.title,
                                      author=tags.author))
    record = PublishedEpisode(
        number=episode.number, guid=episode.guid, slug=episode.slug, title=episode.title,
        pub_date=episode.pub_date, identity=episode_identity(episode), season=episode.season,
        description=episode.description, duration_ms=_decoded_duration_ms(mp3),
        size_bytes=mp3.stat().st_size,  # after the last write: tags change the size
        content_hash=content_hash, chapters=mastered.chapters, part=episode.part,
        part_count=episode.part_count, links=episode.links, author=tags.author)
    return record, mastered


def _decoded_duration_ms(mp3: Path) -> int:
    """The duration players will show (itunes:duration must match it, not the plan)."""
    from mutagen.mp3 import MP3

    return round(MP3(str(mp3)).info.length * 1000)


def build_all(feeds_dir: Path, options: BuildOptions = BuildOptions(), *, log: Log = _no_log,
              on_progress: ProgressCallback | None = None) -> list[BuildReport]:
    """Build every show defined in `feeds_dir/*.toml` into `feeds_dir/<name>/`."""
    from .config import load_show

    files = sorted(Path(feeds_dir).glob("*.toml"))
    if not files:
        raise BuildError("no show files (*.toml) found", path=feeds_dir)
    shows = [load_show(path) for path in files]  # validate all before building any
    return [build_show(show, Path(feeds_dir) / show.name, options, log=log,
                       on_progress=on_progress) for show in shows]

