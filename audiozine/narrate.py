"""The `narrate` stage: scripts -> narrations, through the sentence cache.

Only utterances missing from the cache are synthesized, in small batches
spread over worker processes (one voice model per worker), so every core stays
busy to the end; the batches shrink toward the end, so the workers finish
together. They are taken script by script, longest script first, so
that episodes are finished one by one and a caller can master the first while
the voice works on the others, and the episode mastered after the voice's last
sentence is the shortest. The voice model is never loaded when everything is
cached, unless the caller started a `VoicePool` early (a first build, see
`early_pool`).
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Sequence

from .cache import SentenceCache, cache_key
from .definitions import VoiceProfile
from .engines import Engine, create_engine, engine_class
from .errors import SynthesisError
from .models import Narration, Script, SpokenAudio
from .processes import end_with_parent, workers_ignore_ctrl_c

if TYPE_CHECKING:
    from .cluster import ClusterConnection

_BATCH_CHARS = 600
"""Most characters per work unit: small enough to balance the cores at the end."""

_MIN_BATCH_CHARS = 80

_TAPER = 2
"""A batch holds at most 1/(workers x _TAPER) of the text not yet given out: the last
batches are small, so no worker is left with a long one while the others idle."""

_SMALL_JOB_CHARS = 1500
"""Below this much text (about 15 s of synthesis) one in-process voice is faster."""


@dataclass(frozen=True)
class NarrationProgress:
    sentences_done: int
    sentences_total: int
    audio_seconds_done: float
    elapsed_seconds: float
    dashboard_url: str | None = None
    """The Dask dashboard of a cluster build, when it has one."""


ProgressCallback = Callable[[NarrationProgress], None]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
        (os.cpu_count() or 1)


NarratedCallback = Callable[[int, Narration], None]
"""Called with a script's index and its narration as soon as all its audio exists."""


def narrate_scripts(scripts: Sequence[Script], profile: VoiceProfile, *,
                    cache: SentenceCache, jobs: int | None = None,
                    on_progress: ProgressCallback | None = None,
                    on_narrated: NarratedCallback | None = None,
                    cluster: str | ClusterConnection | None = None,
                    pool: VoicePool | None = None) -> tuple[Narration, ...]:
    """Narrate every script, synthesizing only what the cache lacks.

    Scripts are synthesized one after another, longest first, so that with
    `on_narrated` the caller can start on finished episodes (mastering them)
    while the voice works on the rest. With `cluster` (a Dask scheduler address,
    local:N, or a `ClusterConnection` already open) the missing sentences are
    synthesized there (see cluster.py).
    With `pool` (started early by the caller, for the same profile and cache) the
    missing sentences go to its workers, however few; narrate_scripts is its last
    user and lets its workers go (`VoicePool.release`) when the voice is done.
    """
    try:
        return _narrate(scripts, profile, cache=cache, jobs=jobs or default_jobs(),
                        on_progress=on_progress, on_narrated=on_narrated, cluster=cluster,
                        pool=pool)
    finally:
        if pool is not None:
            pool.release()


def _narrate(scripts: Sequence[Script], profile: VoiceProfile, *, cache: SentenceCache,
             jobs: int, on_progress: ProgressCallback | None,
             on_narrated: NarratedCallback | None, cluster: str | ClusterConnection | None,
             pool: VoicePool | None) -> tuple[Narration, ...]:
    # Used for small jobs, in this process: then it may have every core.
    engine = create_engine(profile, threads=jobs, cache_dir=cache.engine_dir)
    try:
        identity = engine.identity()
        settings = profile.settings()
        keys = [[cache_key(identity, settings, u.spoken) for u in s.utterances] for s in scripts]
        missing: dict[str, str] = {}
        waiting: list[set[str]] = []  # per script, the keys it still waits for
        for script, script_keys in zip(scripts, keys):
            wanted = set()
            for utterance, key in zip(script.utterances, script_keys):
                # Full check (length and CRC): a corrupt entry is made again.
                if key in missing or (key not in wanted and cache.load(key) is None):
                    missing[key] = utterance.spoken
                    wanted.add(key)
            waiting.append(wanted)
        description = engine.describe()
        narrations: list[Narration | None] = [None] * len(scripts)

        def finish(index: int) -> None:
            narrations[index] = _narration(scripts[index], keys[index], cache, description)
            if on_narrated:
                on_narrated(index, narrations[index])

        def made(done_keys: Sequence[str]) -> None:
            for index, wanted in enumerate(waiting):
                if wanted:
                    wanted.difference_update(done_keys)
                    if not wanted:
                        finish(index)

        for index, wanted in enumerate(waiting):
            if not wanted:
                finish(index)
        if missing:
            order = sorted(range(len(scripts)),
                           key=lambda i: -sum(len(missing[k]) for k in waiting[i]))
            ordered = _by_script(missing, [waiting[i] for i in order])
            if cluster:
                _synthesize_on_cluster(ordered, cluster, profile, identity, cache,
                                       on_progress, made)
            else:
                _synthesize_missing(ordered, engine, profile, cache, jobs, on_progress, made,
                                    pool)
    finally:
        engine.close()
    assert all(n is not None for n in narrations), "a script's audio was never handed on"
    return tuple(narrations)  # type: ignore[arg-type]


def _by_script(missing: dict[str, str], waiting: Sequence[set[str]]) -> dict[str, str]:
    """`missing` reordered script by script (as `waiting` lists them), longest first within."""
    ordered: dict[str, str] = {}
    for wanted in waiting:
        for key in sorted(wanted - ordered.keys(), key=lambda k: (-len(missing[k]), k)):
            ordered[key] = missing[key]
    return ordered


def _narration(script: Script, keys: Sequence[str], cache: SentenceCache,
               description: str) -> Narration:
    spoken = []
    for utterance, key in zip(script.utterances, keys):
        header = cache.header(key)
        if header is None:
            raise SynthesisError(f"audio for {utterance.written[:60]!r} vanished from "
                                 f"the cache at {cache.path_for(key)}")
        rate, count = header
        spoken.append(SpokenAudio(utterance=utterance, cache_path=cache.path_for(key),
                                  sample_rate_hz=rate,
                                  duration_ms=round(count * 1000 / rate)))
    return Narration(script=script, spoken=tuple(spoken), voice_description=description)


def _batches(missing: dict[str, str], jobs: int) -> list[list[tuple[str, str]]]:
    """Work units in the order given, small enough for every worker to get several,
    and smaller toward the end (see `_TAPER`) so that the workers finish together."""
    remaining = sum(len(text) for text in missing.values())
    most = max(_MIN_BATCH_CHARS, min(_BATCH_CHARS, remaining // (jobs * 4)))
    batches: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    size = limit = 0
    for key, text in missing.items():
        if not current:
            limit = max(_MIN_BATCH_CHARS, min(most, remaining // (jobs * _TAPER)))
        current.append((key, text))
        size += len(text)
        remaining -= len(text)
        if size >= limit:
            batches.append(current)
            current, size = [], 0
    if current:
        batches.append(current)
    return batches


def _synthesize_missing(missing: dict[str, str], engine: Engine, profile: VoiceProfile,
                        cache: SentenceCache, jobs: int,
                        on_progress: ProgressCallback | None,
                        on_made: Callable[[list[str]], None],
                        pool: VoicePool | None = None) -> None:
    started = time.monotonic()
    cache.remove_stale_temporaries()
    total = len(missing)
    done = 0
    audio_seconds = 0.0

    def report(results: list[tuple[str, int, int]]) -> None:
        nonlocal done, audio_seconds
        done += len(results)
        audio_seconds += sum(count / rate for _key, rate, count in results)
        if on_progress:
            on_progress(NarrationProgress(done, total, audio_seconds,
                                          time.monotonic() - started))
        on_made([key for key, _rate, _count in results])

    if pool is not None:  # started early: its workers are up, or their models loading
        _run_on_pool(pool, _batches(missing, pool.workers), report)
        return
    batches = _batches(missing, jobs)
    workers = max(1, min(jobs, len(batches)))
    if sum(len(text) for text in missing.values()) < _SMALL_JOB_CHARS:
        workers = 1  # a few sentences: starting workers and their models costs more
    if workers == 1:
        for batch in batches:
            report(_synthesize_batch(engine, cache, batch))
        return
    with VoicePool(profile, cache, workers) as own:
        _run_on_pool(own, batches, report)


def _run_on_pool(pool: VoicePool, batches: list[list[tuple[str, str]]],
                 report: Callable[[list[tuple[str, int, int]]], None]) -> None:
    futures = [pool.submit(batch) for batch in batches]
    try:
        for future in concurrent.futures.as_completed(futures):
            report(future.result())
    except BaseException:
        for future in futures:
            future.cancel()
        raise


def early_pool(profile: VoiceProfile, cache: SentenceCache, *, jobs: int | None,
               text_chars: int) -> VoicePool | None:
    """A started `VoicePool` for a build that will surely synthesize, else None.

    The caller (a first build into a folder, when it has read its essays,
    `text_chars` characters of them) knows no more than that; starting the workers
    then lets their start and model load overlap planning, which would otherwise
    come first (measured in BENCHMARKS.md, "Start-up"). Not for a text too small to
    be worth worker processes (see `_SMALL_JOB_CHARS`), nor for one worker, nor when
    the engine cannot run here (the build then says why, as without a pool).
    """
    workers = jobs or default_jobs()
    if workers < 2 or text_chars < _SMALL_JOB_CHARS:
        return None
    if not engine_class(profile.engine).availability(profile).ok:
        return None
    return VoicePool(profile, cache, workers).start()


class VoicePool:
    """Worker processes of the voice, each loading the model once.

    `start` launches them and has each load its model at once (instead of on its
    first batch); `release` lets them go as soon as no more work is coming, while
    the build masters and publishes; leaving the `with` block waits for them
    (after an error or Ctrl-C, with the work not started dropped). Workers ignore
    Ctrl-C (the build stops them) and end if the build process dies.
    """

    def __init__(self, profile: VoiceProfile, cache: SentenceCache, workers: int) -> None:
        self.workers = workers
        self._executor = concurrent.futures.ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_init, initargs=(profile, str(cache.root), os.getpid()))
        self._started: list[multiprocessing.process.BaseProcess] = []

    def start(self) -> VoicePool:
        # One task per worker: the executor starts a process for each (none is idle yet),
        # in `submit` itself, so the children that appear meanwhile are its workers.
        before = set(multiprocessing.active_children())
        with workers_ignore_ctrl_c():
            for _ in range(self.workers):
                self._executor.submit(_worker_load)
        self._started = [p for p in multiprocessing.active_children() if p not in before]
        return self

    def submit(self, batch: list[tuple[str, str]]) -> concurrent.futures.Future:
        with workers_ignore_ctrl_c():  # a worker not started yet starts at submit
            return self._executor.submit(_worker_batch, batch)

    def release(self) -> None:
        """No more work: the workers end when they finish what they have (without waiting)."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Wait until every worker has ended (after `release` too)."""
        self._executor.shutdown(wait=True, cancel_futures=True)
        for process in self._started:
            process.join()

    def __enter__(self) -> VoicePool:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def _synthesize_on_cluster(missing: dict[str, str], address: str | ClusterConnection,
                           profile: VoiceProfile, identity: str, cache: SentenceCache,
                           on_progress: ProgressCallback | None,
                           on_made: Callable[[list[str]], None]) -> None:
    """Synthesize on a Dask cluster; each batch's audio is stored here as it arrives."""
    from .cluster import cluster_session  # Dask is imported for cluster builds only

    started = time.monotonic()
    cache.remove_stale_temporaries()
    done, audio_seconds = 0, 0.0
    with cluster_session(address, profile, identity, engine_dir=cache.engine_dir) as session:
        dashboard = session.dashboard_url
        for result in session.run(_batches(missing, session.threads)):
            for key, rate, samples in result.items:
                cache.store(key, samples, rate)
                audio_seconds += len(samples) / rate
            done += len(result.items)
            if on_progress:
                on_progress(NarrationProgress(done, len(missing), audio_seconds,
                                              time.monotonic() - started, dashboard))
            on_made([key for key, _rate, _samples in result.items])


def _synthesize_batch(engine: Engine, cache: SentenceCache,
                      batch: list[tuple[str, str]]) -> list[tuple[str, int, int]]:
    results = []
    for key, text in batch:
        samples, rate = engine.synthesize(text)
        cache.store(key, samples, rate)
        results.append((key, rate, len(samples)))
    return results


# Worker process state: one engine (one loaded model) per process.
_worker_engine: Engine | None = None
_worker_cache: SentenceCache | None = None


def _worker_init(profile: VoiceProfile, cache_root: str, parent_pid: int) -> None:
    global _worker_engine, _worker_cache
    end_with_parent(parent_pid)
    _worker_cache = SentenceCache(cache_root)
    _worker_engine = create_engine(profile, cache_dir=_worker_cache.engine_dir)


def _worker_load() -> None:
    """Load the voice model now. Were it to fail, the first batch fails the same way
    (the engine loads it then), so the build reports it as without this step."""
    assert _worker_engine is not None
    _worker_engine.load()


def _worker_batch(batch: list[tuple[str, str]]) -> list[tuple[str, int, int]]:
    assert _worker_engine is not None and _worker_cache is not None
    return _synthesize_batch(_worker_engine, _worker_cache, batch)
