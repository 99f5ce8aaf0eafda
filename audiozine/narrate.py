"""The `narrate` stage: scripts -> narrations, through the sentence cache.

Only utterances missing from the cache are synthesized, in small batches
spread over worker processes (one voice model per worker), so every core stays
busy to the end. They are taken script by script, longest script first, so
that episodes are finished one by one and a caller can master the first while
the voice works on the others. The voice model is never loaded when everything
is cached.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import time
from dataclasses import dataclass
from typing import Callable, Sequence

from .cache import SentenceCache, cache_key
from .definitions import VoiceProfile
from .engines import Engine, create_engine
from .errors import SynthesisError
from .models import Narration, Script, SpokenAudio
from .processes import end_with_parent, workers_ignore_ctrl_c

_BATCH_CHARS = 600
"""Most characters per work unit: small enough to balance the cores at the end."""

_MIN_BATCH_CHARS = 80

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
                    cluster: str | None = None) -> tuple[Narration, ...]:
    """Narrate every script, synthesizing only what the cache lacks.

    Scripts are synthesized one after another, longest first, so that with
    `on_narrated` the caller can start on finished episodes (mastering them)
    while the voice works on the rest. With `cluster` (a Dask scheduler address
    or local:N) the missing sentences are synthesized there (see cluster.py).
    """
    jobs = jobs or default_jobs()
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
                _synthesize_missing(ordered, engine, profile, cache, jobs, on_progress, made)
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
    """Work units in the order given, small enough for every worker to get several."""
    total = sum(len(text) for text in missing.values())
    limit = max(_MIN_BATCH_CHARS, min(_BATCH_CHARS, total // (jobs * 4)))
    batches: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    size = 0
    for key, text in missing.items():
        current.append((key, text))
        size += len(text)
        if size >= limit:
            batches.append(current)
            current, size = [], 0
    if current:
        batches.append(current)
    return batches


def _synthesize_missing(missing: dict[str, str], engine: Engine, profile: VoiceProfile,
                        cache: SentenceCache, jobs: int,
                        on_progress: ProgressCallback | None,
                        on_made: Callable[[list[str]], None]) -> None:
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

    batches = _batches(missing, jobs)
    workers = max(1, min(jobs, len(batches)))
    if sum(len(text) for text in missing.values()) < _SMALL_JOB_CHARS:
        workers = 1  # a few sentences: starting workers and their models costs more
    if workers == 1:
        for batch in batches:
            report(_synthesize_batch(engine, cache, batch))
        return
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_worker_init,
            initargs=(profile, str(cache.root), os.getpid())) as pool:
        with workers_ignore_ctrl_c():
            futures = [pool.submit(_worker_batch, batch) for batch in batches]
        try:
            for future in concurrent.futures.as_completed(futures):
                report(future.result())
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _synthesize_on_cluster(missing: dict[str, str], address: str, profile: VoiceProfile,
                           identity: str, cache: SentenceCache,
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


def _worker_batch(batch: list[tuple[str, str]]) -> list[tuple[str, int, int]]:
    assert _worker_engine is not None and _worker_cache is not None
    return _synthesize_batch(_worker_engine, _worker_cache, batch)
