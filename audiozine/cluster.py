"""Narration on a Dask distributed cluster: `build --cluster ADDRESS` or `local:N`.

The client (the build) keeps the sentence cache: it decides what is missing,
sends batches of (cache key, spoken text) to the workers as `narrate` makes
them, and stores the audio that comes back, batch by batch as it finishes, so
each episode is mastered as soon as its last sentence is home. No filesystem is
shared; a cluster build and a local build share the cache and give the same
bytes (the voice's noise is seeded by the sentence, see engines/piper.py).

Each worker loads the voice once, in a worker plugin. Before any work is sent,
every worker reports its engine identity (audiozine's version and the engine's
identity, which is part of every cache key: piper-tts's version and the voice
model); a worker that differs stops the build with a message naming it, and a
worker that joins later is checked by the task itself, so a different voice
never reaches the cache. Tasks are pure (the same batch gives the same audio
anywhere), so the scheduler may run a dead worker's batches again elsewhere.

Dask is imported only here and in remote_master.py (episodes mastered on the
cluster too, by default for a scheduler elsewhere), and only for a cluster build.
"""

from __future__ import annotations

import hashlib
import logging
import re
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

from . import __version__
from .definitions import VoiceProfile
from .processes import workers_ignore_ctrl_c
from .errors import (
    AudiozineError, BuildError, ConfigError, EngineMissingError, SynthesisError,
)

CLUSTER_ENV = "AUDIOZINE_CLUSTER"
LOCAL_PREFIX = "local:"
CONNECT_TIMEOUT_S = 20
"""How long to try to reach the scheduler before giving up."""

WORKER_WAIT_S = 60
"""How long a scheduler with no workers is waited on before the build gives up."""

_ADDRESS = re.compile(r"^(?:(tcp|tls|inproc|ws|wss|ucx)://)?[\w.\-\[\]:]+(?::\d+)?/?$")


def check_cluster_address(value: str, *, path: Path | None = None,
                          line: int | None = None) -> str:
    """`value` stripped, if it is `local:N` (N >= 1) or a scheduler address; else ConfigError."""
    value = value.strip()
    if value.startswith(LOCAL_PREFIX):
        count = value[len(LOCAL_PREFIX):]
        if not count.isdigit() or int(count) < 1:
            raise ConfigError(f"expected local:N with N worker processes (N >= 1), got "
                              f"{value!r}", path=path, line=line, field="cluster")
        return value
    if not value or not _ADDRESS.match(value):
        raise ConfigError(f"expected a Dask scheduler address such as tcp://HOST:8786 or "
                          f"tls://HOST:8786, or local:N; got {value!r}", path=path, line=line,
                          field="cluster")
    return value


@dataclass(frozen=True)
class WorkerIdentity:
    """What a worker would narrate with: it must equal the client's."""

    audiozine: str
    engine: str
    """The engine identity (engine version, model, graph): part of every cache key."""

    def __str__(self) -> str:
        return f"audiozine {self.audiozine}, {self.engine}"


def local_identity(engine_identity: str) -> WorkerIdentity:
    return WorkerIdentity(__version__, engine_identity)


def _plugin_name(profile: VoiceProfile) -> str:
    digest = hashlib.sha256(repr(profile).encode("utf-8")).hexdigest()[:16]
    return f"audiozine-voice-{digest}"


def _voice_plugin_class():
    from distributed.diagnostics.plugin import WorkerPlugin

    class VoicePlugin(WorkerPlugin):
        """Loads the voice once per worker process and keeps it for every batch."""

        def __init__(self, profile: VoiceProfile, engine_dir: str | None) -> None:
            self.profile = profile
            self.engine_dir = engine_dir
            self.engine = None
            self.identity: WorkerIdentity | None = None
            self.error: str | None = None

        def setup(self, worker) -> None:
            from .cache import SentenceCache
            from .engines import create_engine

            engine_dir = Path(self.engine_dir) if self.engine_dir else SentenceCache().engine_dir
            try:
                self.engine = create_engine(self.profile, cache_dir=engine_dir)
                self.identity = WorkerIdentity(__version__, self.engine.identity())
            except (EngineMissingError, ConfigError, OSError) as exc:
                self.error = str(exc)  # reported by the identity check, by name

        def teardown(self, worker) -> None:
            if self.engine is not None:
                self.engine.close()

    return VoicePlugin


def _worker_identity(plugin_name: str, dask_worker=None) -> WorkerIdentity | str:
    """Run on each worker by `Client.run`: its identity, or why it cannot narrate."""
    plugin = dask_worker.plugins.get(plugin_name)
    if plugin is None:
        return "the voice plugin did not start"
    return plugin.error or plugin.identity


def synthesize_batch_task(plugin_name: str, expected: WorkerIdentity,
                          batch: Sequence[tuple[str, str]]) -> list[tuple[str, int, bytes]]:
    """A batch of (key, spoken text) -> (key, sample rate, int16 PCM bytes), on a worker.

    Pure: the same batch gives the same audio on any worker with this identity;
    a worker with another identity refuses, so nothing it made reaches the cache.
    """
    from distributed import get_worker

    worker = get_worker()
    plugin = worker.plugins.get(plugin_name)
    found = plugin.error or plugin.identity if plugin is not None else "no voice plugin"
    if found != expected:
        raise SynthesisError(f"worker {worker.address} cannot narrate for this build: it "
                             f"has {found}; the build has {expected}")
    results = []
    for key, text in batch:
        samples, rate = plugin.engine.synthesize(text)
        results.append((key, rate, np.ascontiguousarray(samples, dtype="<i2").tobytes()))
    return results


@dataclass(frozen=True)
class BatchResult:
    items: tuple[tuple[str, int, np.ndarray], ...]
    """(cache key, sample rate, int16 samples) of each sentence of a batch."""

    bytes_received: int


class ClusterSession:
    """A connected client with the voice on every worker and every worker checked."""

    def __init__(self, client, cluster, plugin_name: str, identity: WorkerIdentity,
                 address: str) -> None:
        self.client = client
        self.cluster = cluster
        self.plugin_name = plugin_name
        self.identity = identity
        self.address = address

    @property
    def dashboard_url(self) -> str | None:
        try:
            return self.client.dashboard_link or None
        except Exception:  # noqa: BLE001 - no dashboard (bokeh missing): no link
            return None

    @property
    def threads(self) -> int:
        """How many batches the cluster runs at once."""
        return max(1, sum(self.client.nthreads().values()))

    def run(self, batches: Sequence[list[tuple[str, str]]]) -> Iterator[BatchResult]:
        """Send every batch now (in order: the scheduler starts them first come, first
        served) and yield each one's audio as it finishes."""
        from distributed import as_completed

        futures = [
            self.client.submit(synthesize_batch_task, self.plugin_name, self.identity, batch,
                               key=f"audiozine-batch-{_batch_digest(self.identity, batch)}",
                               pure=True)
            for batch in batches]
        try:
            for future in as_completed(futures):
                results = future.result()
                yield BatchResult(tuple((key, rate, np.frombuffer(data, dtype="<i2"))
                                        for key, rate, data in results),
                                  sum(len(data) for _k, _r, data in results))
                future.release()
        except AudiozineError:
            raise
        except Exception as exc:  # noqa: BLE001 - lost scheduler, killed workers...
            raise BuildError(f"the Dask cluster at {self.address} failed: "
                             f"{_describe(exc)}; the published show is unchanged and the "
                             f"sentences made so far are cached", field="cluster") from None
        finally:
            for future in futures:
                future.cancel()


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


describe_error = _describe
"""An exception as one line: its type and the first line of its message."""


def _batch_digest(identity: WorkerIdentity, batch: Sequence[tuple[str, str]]) -> str:
    digest = hashlib.sha256(str(identity).encode("utf-8"))
    for key, _text in batch:
        digest.update(key.encode("ascii"))
    return digest.hexdigest()[:32]


class ClusterConnection:
    """A client connected to a cluster (and the LocalCluster it started, for local:N):
    narration and mastering on the cluster share it."""

    def __init__(self, client, cluster, address: str) -> None:
        self.client = client
        self.cluster = cluster
        self.address = address

    @property
    def local(self) -> bool:
        return self.address.startswith(LOCAL_PREFIX)


@contextmanager
def cluster_connection(address: str) -> Iterator[ClusterConnection]:
    """Connect to (or, for local:N, start) a cluster. Raises BuildError or
    EngineMissingError with the address."""
    try:
        import distributed
        from distributed.security import Security
    except ImportError:
        raise EngineMissingError("a cluster build needs Dask: pip install "
                                 "'audiozine[cluster]' (dask[distributed])",
                                 field="cluster") from None
    address = check_cluster_address(address)
    cluster = None
    local = address.startswith(LOCAL_PREFIX)
    try:
        if local:
            with workers_ignore_ctrl_c():
                cluster = distributed.LocalCluster(
                    n_workers=int(address[len(LOCAL_PREFIX):]), threads_per_worker=1,
                    processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0",
                    silence_logs=logging.ERROR)
            client = distributed.Client(cluster, timeout=CONNECT_TIMEOUT_S)
        else:
            # Security() reads Dask's own TLS settings (distributed.comm.tls.* in the
            # Dask config or DASK_DISTRIBUTED__COMM__TLS__* variables).
            client = distributed.Client(address, timeout=CONNECT_TIMEOUT_S,
                                        security=Security())
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise BuildError(f"cannot reach the Dask scheduler at {address}: {_describe(exc)}",
                         field="cluster") from None
    try:
        yield ClusterConnection(client, cluster, address)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@contextmanager
def cluster_session(address: str | ClusterConnection, profile: VoiceProfile,
                    engine_identity: str, *, engine_dir: Path) -> Iterator[ClusterSession]:
    """Connect to (or, for local:N, start) a cluster, or use a connection already open,
    load the voice on every worker and check each worker narrates as this build would.
    Raises BuildError or EngineMissingError with the address, or the worker, and what
    differs."""
    with ExitStack() as stack:
        connection = address if isinstance(address, ClusterConnection) \
            else stack.enter_context(cluster_connection(address))
        yield _voice_session(connection, profile, engine_identity, engine_dir)


def _voice_session(connection: ClusterConnection, profile: VoiceProfile,
                   engine_identity: str, engine_dir: Path) -> ClusterSession:
    client, address, local = connection.client, connection.address, connection.local
    identity = local_identity(engine_identity)
    name = _plugin_name(profile)
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_S)
        client.register_plugin(_voice_plugin_class()(
            profile, str(engine_dir) if local else None), name=name)
        found = client.run(_worker_identity, name, on_error="return")
    except (OSError, TimeoutError) as exc:
        raise BuildError(f"the Dask cluster at {address} has no usable workers: "
                         f"{_describe(exc)}", field="cluster") from None
    _check_identities(found, identity)
    return ClusterSession(client, connection.cluster, name, identity, address)


def _check_identities(found: dict, expected: WorkerIdentity) -> None:
    wrong = {worker: identity for worker, identity in sorted(found.items())
             if identity != expected}
    if not wrong:
        return
    worker, identity = next(iter(wrong.items()))
    more = f" (and {len(wrong) - 1} more)" if len(wrong) > 1 else ""
    if isinstance(identity, BaseException):
        identity = _describe(identity)
    raise BuildError(f"worker {worker}{more} does not narrate as this build does: it has "
                     f"{identity}; this build has {expected}. Install the same audiozine, "
                     f"piper-tts and voice on every worker", field="cluster")
