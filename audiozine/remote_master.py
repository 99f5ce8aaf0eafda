"""Mastering on a Dask cluster: each episode mastered, encoded, tagged and given
its transcripts and chapters by a worker, in a cluster build.

Why, and when (BENCHMARKS.md, bench:cluster): the client masters and encodes
about 58 s of audio per CPU second, so a 2-core client keeps up with about 8
narrating workers and is the bottleneck of any larger cluster. With mastering on
the cluster the client only stores the sentences that come home and sends each
finished episode's audio back out: measured, 0.0010 CPU s per second of audio
against 0.0135 mastering here, so a 2-core client keeps up with about 185 workers
instead of 14 (BENCHMARKS.md, "Mastering on the client or on the cluster"). The
default is therefore the cluster for a scheduler elsewhere (`tcp://`, `tls://`
...) and this machine's own mastering pool for `local:N`, whose workers share
this machine's cores anyway (mastering there too would only add the copying).
`--master-on cluster|client` (or `master_on` in the show file) chooses.

No filesystem is shared. The task is given everything as values: the episode's
job (narration, settings, tags with the cover thumbnail) and the bytes of its
sentences' cache entries, which it writes into a worker-local temporary folder
laid out as the cache is. It runs the very code a local build runs
(`episodes.make_episode`) into a temporary staging folder and returns the files'
bytes and the episode's record; the client writes them into its staging folder
(each to a temporary name, then renamed) as they finish. Tasks are pure (keyed
by the episode's content hash), so a dead worker's episode is mastered again
elsewhere. A worker must have the same mastering code and libraries as the
client (`MasteringIdentity`), checked before any work is sent and by every
task, so its files are byte-identical to a local build's.

This module imports no Dask until a cluster is used (config and the CLI check
`master_on` through it).
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import importlib.metadata
import importlib.util
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from . import __version__
from .errors import AudiozineError, BuildError, ConfigError

if TYPE_CHECKING:
    from .cluster import ClusterConnection
    from .episodes import EpisodeJob, MadeEpisode

MASTER_ON = ("cluster", "client")
"""Where a cluster build masters its episodes (`--master-on`, show key `master_on`)."""

_CODE = ("cache", "episodes", "files", "layout", "master", "models", "remote_master", "tag",
         "transcripts")
"""The modules a mastering task runs: a worker with other code would make other bytes."""

_LIBRARIES = ("numpy", "scipy", "pedalboard", "pyebur128", "mutagen")
"""The libraries the bytes depend on: resampling, compression, limiting, the LAME
encoder (inside pedalboard), the loudness meter and the ID3 writer."""


def check_master_on(value: object, *, path: Path | None = None,
                    line: int | None = None) -> str:
    """`value` if it is one of MASTER_ON, else a ConfigError naming where."""
    if not isinstance(value, str) or value.strip() not in MASTER_ON:
        raise ConfigError(f"expected 'cluster' or 'client', not {value!r}", path=path,
                          line=line, field="master_on")
    return value.strip()


def masters_on_cluster(address: str, master_on: str | None) -> bool:
    """Whether a cluster build at `address` masters on the cluster: as chosen, else on the
    cluster for a scheduler elsewhere and here for local:N (see the module's docstring)."""
    from .cluster import LOCAL_PREFIX

    if master_on is not None:
        return master_on == "cluster"
    return not address.startswith(LOCAL_PREFIX)


@dataclass(frozen=True)
class MasteringIdentity:
    """What decides a mastered episode's bytes besides its inputs: it must equal the
    client's on every worker that masters."""

    parts: tuple[tuple[str, str], ...]
    """(name, version) of audiozine, the hash of its mastering code, and each library."""

    def differences(self, expected: "MasteringIdentity") -> str:
        theirs, ours = dict(self.parts), dict(expected.parts)
        return ", ".join(f"{name} {theirs.get(name, 'none')} (this build: {version})"
                         for name, version in ours.items() if theirs.get(name) != version)


def mastering_identity() -> MasteringIdentity:
    """This process's mastering identity (on the client, or on a worker)."""
    digest = hashlib.sha256()
    for name in _CODE:
        digest.update(Path(importlib.util.find_spec(f"audiozine.{name}").origin).read_bytes())
    parts = [("audiozine", __version__), ("audiozine code", digest.hexdigest()[:12])]
    for name in _LIBRARIES:
        try:
            parts.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            parts.append((name, "none"))
    return MasteringIdentity(tuple(parts))


def _refusal(worker: str, found: MasteringIdentity | str, expected: MasteringIdentity,
             more: str = "") -> BuildError:
    has = found if isinstance(found, str) else found.differences(expected)
    return BuildError(f"worker {worker}{more} does not master as this build does: it has "
                      f"{has}. Install the same audiozine and {', '.join(_LIBRARIES)} on "
                      f"every worker, or build with --master-on client", field="master_on")


@dataclass(frozen=True)
class RemoteEpisode:
    """What a mastering task sends home."""

    made: "MadeEpisode"
    files: tuple[tuple[str, bytes], ...]
    """(name relative to the show folder, bytes) of each of the episode's files."""


def master_episode_task(expected: MasteringIdentity, job: "EpisodeJob",
                        entries: dict[str, bytes]) -> RemoteEpisode:
    """On a worker: master `job` with `episodes.make_episode`, as a local build does, from `entries` (cache file name -> the entry's bytes, as the client's cache
    holds them) and return its files. Pure."""
    from distributed import get_worker

    from .episodes import make_episode
    from .layout import ShowLayout, episode_names

    found = mastering_identity()
    if found != expected:
        raise _refusal(get_worker().address, found, expected)
    with tempfile.TemporaryDirectory(prefix="audiozine-master-") as folder:
        cache = Path(folder) / "cache"
        moved: dict[Path, Path] = {}  # worker path -> the client's, for messages
        spoken = []
        for each in job.narration.spoken:
            here = cache / each.cache_path.parent.name / each.cache_path.name
            if here not in moved:
                here.parent.mkdir(parents=True, exist_ok=True)
                here.write_bytes(entries[each.cache_path.name])
                moved[here] = each.cache_path
            spoken.append(dataclasses.replace(each, cache_path=here))
        staging = ShowLayout(Path(folder) / "staging")
        staging.episodes.mkdir(parents=True)
        here_job = dataclasses.replace(
            job, staging=staging,
            narration=dataclasses.replace(job.narration, spoken=tuple(spoken)))
        moved[staging.root] = job.staging.root
        try:
            made = make_episode(here_job)
        except AudiozineError as error:
            raise _as_on_client(error, moved) from None
        stem = job.narration.script.episode.stem
        files = tuple((name, (staging / name).read_bytes()) for name in episode_names(stem))
    mastered = dataclasses.replace(made.mastered, mp3_path=job.staging.episode(stem))
    return RemoteEpisode(dataclasses.replace(made, mastered=mastered), files)


def _as_on_client(error: AudiozineError, moved: dict[Path, Path]) -> AudiozineError:
    """The error a local build would raise: the worker's temporary paths made the client's."""
    message, path = error.message, error.path
    for here, there in moved.items():
        message = message.replace(str(here), str(there))
        if path is not None:
            path = str(path).replace(str(here), str(there))
    return type(error)(message, path=path, line=error.line, field=error.field)


class ClusterEpisodeMaker:
    """`episodes.EpisodeMaker`'s counterpart: episodes submitted as their audio is home are
    mastered on the cluster; their files are written into the staging folder here as
    they come back.

    At most `in_flight` episodes are out at once (twice the cluster's threads): each
    carries its audio, so a build whose audio is all cached (thousands of episodes
    ready at once) holds a few episodes' audio in memory, not the archive's.
    """

    def __init__(self, connection: "ClusterConnection") -> None:
        self.connection = connection
        self._identity = mastering_identity()
        self._waiting: collections.deque["EpisodeJob"] = collections.deque()
        self._futures: list = []
        self._staging: dict[str, Path] = {}  # a task's key -> the staging folder it writes to
        self._home: list["MadeEpisode"] = []
        self._check_workers()
        self.in_flight = 2 * max(1, sum(connection.client.nthreads().values()))

    def _check_workers(self) -> None:
        from .cluster import WORKER_WAIT_S, describe_error, first_difference

        client = self.connection.client
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT_S)
            found = client.run(mastering_identity, on_error="return")
        except (OSError, TimeoutError) as exc:
            raise BuildError(f"the Dask cluster at {self.connection.address} has no usable "
                             f"workers: {describe_error(exc)}", field="cluster") from None
        difference = first_difference(found, self._identity)
        if difference is not None:
            worker, identity, more = difference
            raise _refusal(worker, identity, self._identity, more)

    def submit(self, job: "EpisodeJob") -> None:
        self._waiting.append(job)
        self.raise_if_failed()

    def _send_more(self) -> None:
        while self._waiting and len(self._futures) < self.in_flight:
            self._send(self._waiting.popleft())

    def _send(self, job: "EpisodeJob") -> None:
        entries: dict[str, bytes] = {}
        for spoken in job.narration.spoken:
            try:
                entries[spoken.cache_path.name] = spoken.cache_path.read_bytes()
            except OSError:
                # The worker finds it unreadable, with the message a local build gives.
                entries[spoken.cache_path.name] = b""
        with warnings.catch_warnings():
            # An episode's audio is tens of MB: it goes with the task on purpose, so the
            # scheduler can run it again elsewhere if the worker dies.
            warnings.filterwarnings("ignore", message="Sending large graph")
            future = self.connection.client.submit(
                master_episode_task, self._identity, job, entries,
                key=f"audiozine-master-{job.content_hash}", pure=True)
        self._futures.append(future)
        self._staging[future.key] = job.staging.root

    def raise_if_failed(self) -> None:
        """Bring home the episodes finished so far (an error, as soon as it happened),
        and send out more."""
        for future in [f for f in self._futures if f.done()]:
            self._bring_home(future)
        self._send_more()

    def _bring_home(self, future) -> None:
        from .files import write_atomic

        self._futures.remove(future)
        staging = self._staging.pop(future.key)
        result: RemoteEpisode = self._result(future)
        for name, data in result.files:
            write_atomic(staging / name, data)
        self._home.append(result.made)

    def _result(self, future) -> RemoteEpisode:
        try:
            return future.result()
        except AudiozineError:
            raise
        except Exception as exc:  # noqa: BLE001 - a lost scheduler, a worker killed 3 times
            raise self._failed(exc) from None
        finally:
            future.release()

    def _failed(self, exc: BaseException) -> BuildError:
        from .cluster import cluster_failed

        return cluster_failed(self.connection.address, exc)

    def results(self) -> Iterator["MadeEpisode"]:
        from distributed import wait

        while True:
            while self._home:
                yield self._home.pop(0)
            if not self._futures:
                return
            try:
                wait(self._futures, return_when="FIRST_COMPLETED")
            except Exception as exc:  # noqa: BLE001 - a lost scheduler...
                raise self._failed(exc) from None
            self.raise_if_failed()

    def __enter__(self) -> "ClusterEpisodeMaker":
        return self

    def __exit__(self, _kind, _value, _traceback) -> None:
        for future in self._futures:  # on an error: the episodes not home are dropped
            future.cancel()
