"""The build orchestrator: a show's files made and published into its folder
(laid out as `layout` says).

A build is a transaction: everything new is written under `.audiozine/staging`,
then published by atomic renames listed in a journal, the feed last. A build
interrupted before publishing leaves the published show untouched; one
interrupted while publishing is rolled forward by the next build. Unchanged
episodes are recognised by a hash of all their inputs and are not touched.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.util
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

from . import __version__
from .cache import SentenceCache, cache_key
from .config import load_show
from .cover import cover_thumbnail, make_cover
from .definitions import Show, VoiceProfile
from .engines import create_engine
from .episodes import EpisodeJob, EpisodeMaker, MadeEpisode
from .errors import BuildError
from .feed import episode_url, feed_url, render_feed
from .files import write_atomic
from .layout import (
    ARCHIVE, BASE_URL_RECORD, COVER, EPISODE_SUFFIXES, FEED, FEED_URLS_RECORD, MANIFEST, PAGE,
    PODCAST_GUID_RECORD, SHOW_FILE_RECORD, TRANSCRIPT_SUFFIX, ShowLayout, episode_names,
)
from .manifest import check_owner, feed_urls_with, render_manifest, show_file_record
from .models import (
    Episode, MasterSettings, Narration, Notice, PublishedEpisode, Script,
    plural,
)
from .narrate import (
    NarrationProgress, ProgressCallback, VoicePool, default_jobs, early_pool, narrate_scripts,
)
from .plan import episode_script
from .prepare import (Inputs, Prepared, episode_identities, keep_identities, prepare,
                      read_inputs)
from .reuse import TextCache, digest_of, script_key
from .serve import LOCAL_BASE_URL, read_base_url_record, write_base_url_record
from .showlock import show_lock as _show_lock
from .site import needs_archive, page_episodes, render_archive, render_index
from .speech import without_code_marks
from .tag import EpisodeTags, id3_language

__all__ = ["BuildOptions", "BuildReport", "EpisodeLoudness", "EPISODE_SUFFIXES", "build_all",
           "build_show", "show_base_url", "show_lock"]


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

    strict: bool = False
    """Refuse to build when a source file cannot be read (default: skip it, and say so)."""

    cluster: str | None = None
    """Dask scheduler address (or local:N) to narrate on, overriding the show's `cluster`."""

    master_on: str | None = None
    """"cluster" or "client": where a cluster build masters, overriding the show's."""


@dataclass(frozen=True)
class EpisodeLoudness:
    """An episode's loudness as the master stage measured it on the encoded file."""

    stem: str
    integrated_lufs: float
    true_peak_dbtp: float


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
    loudness: tuple[EpisodeLoudness, ...]
    """Of each episode made, in the order they were finished."""

    seconds: float
    skipped: tuple[Notice, ...] = ()
    """Source files that could not be read and were left out (among `notices` too)."""


Log = Callable[[str], None]


def _no_log(_message: str) -> None:
    pass


# ----------------------------------------------------------------- identity


def show_base_url(show: Show) -> str:
    return show.base_url or LOCAL_BASE_URL


def _episode_frame(tags: EpisodeTags, settings: MasterSettings, *,
                   voice_identity: str) -> dict:
    """What an episode's files are made from besides its script and its sentences' keys."""
    return {
        "audiozine": __version__,
        "code": _episode_code_fingerprint(),
        "tags": {k: v for k, v in dataclasses.asdict(tags).items()
                 if k not in ("chapters", "cover_jpeg")},
        "cover": _bytes_hash(tags.cover_jpeg or b""),
        "pauses": dict(settings.pauses_ms),
        "bitrate": settings.bitrate_kbps,
        "music": _file_hash(settings.music_bed) if settings.music_bed else None,
        "voice": voice_identity,
    }


def _episode_hash(script: Script, keys: Sequence[str], frame: dict) -> str:
    """Hash of everything an episode's files are made from (`frame`: `_episode_frame`)."""
    material = {
        **frame,
        "keys": list(keys),
        "utterances": [(u.written, u.pause_after.value, u.chapter_index)
                       for u in script.utterances],
        "chapters": list(script.chapter_titles),
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=str)
                          .encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=4)
def _bytes_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()  # the show's one cover, hashed once a build


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


def show_lock(show_dir: Path):
    """Hold the show's lock for a build (see showlock.py)."""
    return _show_lock(show_dir, doing="build", error=BuildError)


def _journal_path(show_dir: Path) -> Path:
    return ShowLayout(show_dir).journal


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
    for folder in (path, ShowLayout(path).episodes):
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


# -------------------------------------------------------------------- build


@dataclass(frozen=True)
class _EpisodeWork:
    """One planned episode, with everything its files are made from."""

    episode: Episode
    script_or_loader: Script | Callable[[], Script]
    """The script, or what loads it from the text cache (an episode found unchanged
    by its content hash never needs it)."""

    tags: EpisodeTags
    content_hash: str
    """Hash of every input to the episode's files (see `_episode_hash`)."""

    @property
    def script(self) -> Script:
        found = self.script_or_loader
        return found if isinstance(found, Script) else found()


@dataclass(frozen=True)
class _Voice:
    """The engine's names for the voice, read without loading a model."""

    identity: str
    """Part of every cache key and episode hash."""

    name: str
    """As the outro names it ("Piper voice NAME")."""


def build_show(show: Show, show_dir: Path, options: BuildOptions = BuildOptions(), *,
               log: Log = _no_log,
               on_progress: ProgressCallback | None = None) -> BuildReport:
    """Build (or update) a show in `show_dir`; the published show changes only at the end."""
    started = time.monotonic()
    show_dir = Path(show_dir)
    # Bad input is reported before anything is created in the output folder.
    text_cache = TextCache(show_dir)  # reading and scripts of the last build, by content hash
    inputs = read_inputs(show, voice=options.voice, strict=options.strict,
                         text_cache=text_cache)
    with _first_build_voice(inputs, show_dir, options) as voice_pool:
        return _build_in(inputs, show_dir, options, log, on_progress, started, text_cache,
                         voice_pool)


def _first_build_voice(inputs: Inputs, show_dir: Path, options: BuildOptions):
    """The voice's workers, started now (loading their models while the build plans)
    when this is the first build into the folder and its text is worth them (see
    `early_pool`); else nothing. A rebuild starts them only once it knows what to say,
    so a build with nothing new to narrate never pays for them."""
    if options.cluster or inputs.show.cluster or ShowLayout(show_dir).manifest.exists():
        return contextlib.nullcontext()
    chars = sum(len(p) for essay in inputs.sources.essays for p in essay.paragraphs)
    return early_pool(inputs.profile, options.cache, jobs=options.jobs,
                      text_chars=chars) or contextlib.nullcontext()


def _build_in(inputs: Inputs, show_dir: Path, options: BuildOptions, log: Log,
              on_progress: ProgressCallback | None, started: float, text_cache: TextCache,
              voice_pool: VoicePool | None) -> BuildReport:
    show = inputs.show
    _check_writable(show_dir)
    with show_lock(show_dir):
        _roll_forward(show_dir)
        check_owner(show, show_dir)
        try:
            prepared = prepare(inputs, show_dir, prune=options.prune)
            report = _build_locked(prepared, ShowLayout(show_dir), options, log, on_progress,
                                   started, text_cache, voice_pool)
            if not prepared.published:
                keep_identities(inputs)  # the next build and `plan` match by them
            text_cache.save()
            return report
        except OSError as exc:  # a full disk, a vanished folder...
            layout = ShowLayout(show_dir)
            publishing = layout.journal.exists()
            if not publishing:
                shutil.rmtree(layout.staging.root, ignore_errors=True)
            where = f" ({exc.filename})" if exc.filename else ""
            outcome = "the next build finishes publishing it" if publishing \
                else "the published show is unchanged"
            raise BuildError(f"the build stopped: {exc.strerror or exc}{where}; {outcome}",
                             path=show_dir) from None


def _build_locked(prepared: Prepared, layout: ShowLayout, options: BuildOptions, log: Log,
                  on_progress: ProgressCallback | None, started: float,
                  text_cache: TextCache, voice_pool: VoicePool | None = None) -> BuildReport:
    show, profile, episodes = prepared.show, prepared.profile, prepared.episodes
    log(f"{show.title}: {plural(len(episodes), 'episode')} planned from "
        f"{plural(len(prepared.sources.essays), 'essay')}")
    engine = create_engine(profile)  # checks the engine can run; loads no model
    voice = _Voice(identity=engine.identity(), name=engine.describe())
    engine.close()
    cover = make_cover(show)
    settings = MasterSettings(pauses_ms={**profile.pauses_ms, **show.pauses_ms},
                              bitrate_kbps=show.bitrate_kbps, music_bed=show.music_bed)
    thumbnail = cover_thumbnail(cover)
    # What besides the episode a script depends on, hashed once for every episode's key;
    # the podcast GUID as it is, whether kept from the first build or derived (the second
    # build of a show would otherwise make every script again).
    scope = (digest_of(dataclasses.replace(show, kept_podcast_guid=show.podcast_guid)),
             digest_of(prepared.lexicon),
             f"{voice.name}\0{digest_of((voice.identity, profile.settings()))}")
    work = [_episode_work(episode, prepared, voice, settings, thumbnail, text_cache, scope)
            for episode in episodes]

    staging = layout.staging
    shutil.rmtree(staging.root, ignore_errors=True)
    staging.episodes.mkdir(parents=True)
    previous = {p.guid: p for p in prepared.published}
    records: dict[str, PublishedEpisode] = {}
    todo: list[_EpisodeWork] = []
    for each in work:
        old = _up_to_date(each, previous.get(each.episode.guid), layout, options.force)
        if old is not None:
            records[each.episode.guid] = old
        else:
            todo.append(each)
    log(f"{len(todo)} to make, {len(records)} unchanged")
    # The manifest identities of the episodes made: the essays' identities the plan
    # matched by (or, a first build, computed once here and kept), not sketched again.
    identity = episode_identities(prepared.sources.essays, text_cache) if todo else None
    made = _make_episodes(todo, settings, staging, show, profile, options, log, on_progress,
                          identity, voice_pool)
    records.update((m.record.guid, m.record) for m in made)

    # Published episodes whose essays are gone: kept unless pruning.
    planned_guids = {e.guid for e in episodes}
    gone = [p for p in prepared.published if p.guid not in planned_guids]
    kept = [] if options.prune else gone
    pruned = gone if options.prune else []
    final = sorted(list(records.values()) + kept, key=lambda p: p.number)
    made_stems = sorted(m.record.stem for m in made)
    # The page's transcripts: those just made as values, the others as published;
    # only of the episodes the page shows in full (an archive's page lists the latest).
    shown = page_episodes(show, final)
    transcripts = {m.record.stem: m.transcript for m in made}
    transcripts.update((p.stem, _published_transcript(layout.episode(p.stem,
                                                                     TRANSCRIPT_SUFFIX)))
                       for p in shown if p.stem not in transcripts)
    names = _stage_show(prepared, layout, final, cover, transcripts,
                        retired=(*prepared.retired, *pruned))
    names = [name for stem in made_stems for name in episode_names(stem)] + names
    names = [n for n in names if _changed(staging / n, layout / n)]
    remove = [name for p in pruned for name in episode_names(p.stem)]
    if not needs_archive(show, final) and layout.archive.exists():
        remove.append(ARCHIVE)
    # An episode whose file name changed leaves its old files behind: remove them.
    old_stems = {p.stem for p in prepared.published} - {p.stem for p in final}
    remove += [name for stem in old_stems for name in episode_names(stem)
               if name not in remove]
    _publish(layout.root, staging.root, names, remove)
    return BuildReport(show_dir=layout.root, episodes=tuple(final), made=tuple(made_stems),
                       unchanged=tuple(p.stem for p in final if p.stem not in made_stems
                                       and p not in kept),
                       kept=tuple(p.stem for p in kept), pruned=tuple(p.stem for p in pruned),
                       notices=prepared.notices,
                       loudness=tuple(EpisodeLoudness(m.record.stem,
                                                      m.mastered.integrated_lufs,
                                                      m.mastered.true_peak_dbtp) for m in made),
                       seconds=time.monotonic() - started,
                       skipped=prepared.sources.skipped)


def _episode_work(episode: Episode, prepared: Prepared, voice: _Voice,
                  settings: MasterSettings, thumbnail: bytes, text_cache: TextCache,
                  scope: tuple[str, str, str]) -> _EpisodeWork:
    show, profile = prepared.show, prepared.profile

    def script_and_keys() -> tuple[Script, list[str]]:
        script = episode_script(episode, show, lexicon=prepared.lexicon, voice=voice.name)
        return script, [cache_key(voice.identity, profile.settings(), u.spoken)
                        for u in script.utterances]

    # The script and its sentences' cache keys, as the last build made them.
    key = script_key(episode, show_digest=scope[0], lexicon_digest=scope[1], voice=scope[2])
    tags = EpisodeTags(title=episode.title, author=episode.author or show.author,
                       show=show.title, track=episode.number,
                       date=episode.pub_date.date().isoformat(),
                       description=episode.description,
                       text=without_code_marks(episode.text),
                       language=id3_language(show.language), chapters=(),
                       cover_jpeg=thumbnail,
                       url=episode_url(show_base_url(show), episode.stem))
    frame = _episode_frame(tags, settings, voice_identity=voice.identity)
    made: list[Script] = []

    def content_hash() -> str:
        script, keys = text_cache.get(key, script_and_keys)
        made.append(script)
        return _episode_hash(script, keys, frame)

    # The content hash too, by the script's key and the rest of what it hashes: a build
    # with nothing to make loads no script.
    hash_key = digest_of((key, json.dumps(frame, sort_keys=True, default=str)))
    found = text_cache.get(hash_key, content_hash)
    text_cache.keep(key)
    return _EpisodeWork(episode=episode, tags=tags, content_hash=found,
                        script_or_loader=made[0] if made else
                        (lambda: text_cache.get(key, script_and_keys)[0]))


def _up_to_date(work: _EpisodeWork, old: PublishedEpisode | None, layout: ShowLayout,
                force: bool) -> PublishedEpisode | None:
    """The published record of an episode whose files need no remaking, else None."""
    if force or old is None or old.content_hash != work.content_hash \
            or old.stem != work.episode.stem:
        return None
    mp3 = layout.episode(old.stem)
    if not mp3.is_file() or mp3.stat().st_size != old.size_bytes:
        return None
    if not all(path.is_file() for path in layout.episode_files(old.stem)):
        return None
    return old


def _make_episodes(todo: Sequence[_EpisodeWork], settings: MasterSettings,
                   staging: ShowLayout, show: Show, profile: VoiceProfile,
                   options: BuildOptions, log: Log,
                   on_progress: ProgressCallback | None,
                   identity: Callable[[Episode], str] | None,
                   voice_pool: VoicePool | None = None) -> list[MadeEpisode]:
    """Narrate and make the episodes of `todo` into the staging folder (with the voice's
    workers of `voice_pool` when the build started them)."""
    if not todo:
        return []
    made: list[MadeEpisode] = []

    def master(index: int, narration: Narration) -> None:
        work = todo[index]
        maker.submit(EpisodeJob(narration=narration, settings=settings, staging=staging,
                                show_title=show.title, tags=work.tags,
                                content_hash=work.content_hash,
                                identity=identity(work.episode)))

    def progress(report: NarrationProgress) -> None:
        maker.raise_if_failed()  # after every batch: a failed episode stops the voice
        if on_progress:
            on_progress(report)

    with contextlib.ExitStack() as stack:
        maker, cluster = _episode_maker(stack, len(todo), show, options, log)
        # Episodes are mastered as their audio is ready, beside the voice's work.
        narrate_scripts([work.script for work in todo], profile,
                        cache=options.cache, jobs=options.jobs,
                        on_progress=progress, on_narrated=master, cluster=cluster,
                        pool=voice_pool)
        for result in maker.results():
            made.append(result)
            mastered = result.mastered
            log(f"[{len(made)}/{len(todo)} episodes] made {result.record.stem}.mp3 "
                f"({mastered.duration_ms / 60000:.1f} min, "
                f"{mastered.integrated_lufs:.1f} LUFS, {mastered.true_peak_dbtp:.1f} dBTP)")
    return made


def _episode_maker(stack: contextlib.ExitStack, count: int, show: Show,
                   options: BuildOptions, log: Log):
    """The episode maker of this build, and the cluster to narrate on (an address, or
    the connection mastering uses too): on a cluster, episodes are mastered there
    or here as remote_master.py decides."""
    cluster = options.cluster or show.cluster
    if cluster:
        from .remote_master import masters_on_cluster  # imports no Dask

        if masters_on_cluster(cluster, options.master_on or show.master_on):
            from .cluster import cluster_connection
            from .remote_master import ClusterEpisodeMaker

            connection = stack.enter_context(cluster_connection(cluster))
            log(f"episodes are mastered on the cluster at {connection.address}")
            maker = ClusterEpisodeMaker(connection)
            return stack.enter_context(maker), connection
    return stack.enter_context(EpisodeMaker(count, options.jobs or default_jobs())), cluster


def _stage_show(prepared: Prepared, layout: ShowLayout, final: Sequence[PublishedEpisode],
                cover: bytes, transcripts: Mapping[str, str],
                retired: Sequence[PublishedEpisode]) -> list[str]:
    """Write the show's files other than episodes to the staging folder; their names,
    in publishing order (the feed last)."""
    show, staging = prepared.show, layout.staging
    base_url = show_base_url(show)
    names: list[str] = []
    write_atomic(staging.cover, cover)
    write_base_url_record(staging.root, base_url, public=show.base_url is not None)
    write_atomic(staging / PODCAST_GUID_RECORD, show.podcast_guid + "\n")
    # The URL built for last time first: shows built before this record existed.
    last = read_base_url_record(layout.root)
    feed_urls = feed_urls_with(layout.root, feed_url(last[0]) if last and last[1] else None,
                               feed_url(base_url) if show.base_url else None)
    if feed_urls is not None:
        write_atomic(staging / FEED_URLS_RECORD, feed_urls)
        names.append(FEED_URLS_RECORD)
    owner = show_file_record(show, layout.root)
    if owner:
        write_atomic(staging / SHOW_FILE_RECORD, f"{owner}\n")
        names.append(SHOW_FILE_RECORD)
    write_atomic(staging.page, render_index(show, final, feed_url=feed_url(base_url),
                                            transcripts=transcripts))
    if needs_archive(show, final):
        write_atomic(staging / ARCHIVE, render_archive(show, final))
        names.append(ARCHIVE)
    write_atomic(staging.manifest, render_manifest(final, retired=retired))
    write_atomic(staging.feed, render_feed(show, final, base_url=base_url,
                                           cover_url=base_url + COVER))
    return names + [COVER, BASE_URL_RECORD, PODCAST_GUID_RECORD, PAGE, MANIFEST, FEED]


def _published_transcript(path: Path) -> str:
    """The plain text of a published JSON transcript ("" when there is none)."""
    # Not in transcripts.py: its source is part of every episode's hash.
    try:
        segments = json.loads(path.read_text("utf-8")).get("segments", [])
    except FileNotFoundError:
        return ""
    return " ".join(s["body"] for s in segments)


def _changed(staged: Path, published: Path) -> bool:
    """Whether a staged file differs from the published one (unchanged files keep mtime)."""
    try:
        return staged.read_bytes() != published.read_bytes()
    except OSError:
        return True


def build_all(feeds_dir: Path, options: BuildOptions = BuildOptions(), *, log: Log = _no_log,
              on_progress: ProgressCallback | None = None) -> list[BuildReport]:
    """Build every show defined in `feeds_dir/*.toml` into `feeds_dir/<name>/`."""
    files = sorted(Path(feeds_dir).glob("*.toml"))
    if not files:
        raise BuildError("no show files (*.toml) found", path=feeds_dir)
    shows = [load_show(path) for path in files]  # validate all before building any
    return [build_show(show, Path(feeds_dir) / show.name, options, log=log,
                       on_progress=on_progress) for show in shows]

