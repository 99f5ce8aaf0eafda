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


class ClusterSession:
    """A connected client with the voice on every worker and every worker checked."""

    def __init__(self, client, plugin_name: str, identity: WorkerIdentity,
                 address: str) -> None:
        self.client = client
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
                                        for key, rate, data in results))
                future.release()
        except AudiozineError:
            raise
        except Exception as exc:  # noqa: BLE001 - lost scheduler, killed workers...
            raise cluster_failed(self.address, exc) from None
        finally:
            for future in futures:
                future.cancel()


def _describe(exc: BaseException) -> str:
    """`Type: first line`; an error that says nothing (Dask's FatalCommClosedError)
    is described by its cause."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if not text and exc.__cause__ is not None:
        return _describe(exc.__cause__)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


describe_error = _describe
"""An exception as one line: its type and the first line of its message."""


def cluster_failed(address: str, exc: BaseException) -> BuildError:
    """The error of a build whose cluster failed under it (narrating or mastering)."""
    return BuildError(f"the Dask cluster at {address} failed: {_describe(exc)}; the "
                      f"published show is unchanged and the sentences made so far are "
                      f"cached", field="cluster")


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
            # The client takes Dask's own security settings, as `dask` does:
            # distributed.comm.tls.* and require-encryption in the Dask config (or
            # DASK_DISTRIBUTED__COMM__* variables), or distributed.client.security-loader.
            _check_client_tls(address)
            client = distributed.Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise _connect_error(address, exc) from None
    try:
        yield ClusterConnection(client, cluster, address)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


_TLS_SETTINGS = ("set Dask's distributed.comm.tls.ca-file, distributed.comm.tls.client.cert "
                 "and distributed.comm.tls.client.key (or DASK_DISTRIBUTED__COMM__TLS__CA_FILE, "
                 "DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT and "
                 "DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY)")

def _check_client_tls(address: str) -> None:
    """Refuse, before connecting, the TLS settings Dask would answer with a traceback
    (no certificate for a tls:// address, encryption required of a tcp:// one) or a
    missing file it does not name."""
    import dask
    from distributed.comm.addressing import parse_address
    from distributed.security import Security

    if dask.config.get("distributed.client.security-loader", None):
        return  # the loader makes the client's Security: Dask's business, not ours
    try:
        security = Security()
    except ValueError as exc:  # a TLS version Dask does not know
        raise BuildError(f"Dask's TLS configuration is invalid: {_describe(exc)}",
                         field="cluster") from None
    scheme, location = parse_address(address)
    if scheme != "tls":
        if security.require_encryption:
            raise BuildError(f"Dask's configuration requires encryption "
                             f"(distributed.comm.require-encryption), so the build will not "
                             f"connect to {address}: use tls://{location}", field="cluster")
        return
    settings = {"distributed.comm.tls.ca-file": security.tls_ca_file,
                "distributed.comm.tls.client.cert": security.tls_client_cert,
                "distributed.comm.tls.client.key": security.tls_client_key}
    for name, value in list(settings.items())[:2]:
        if not value:
            raise BuildError(f"the scheduler at {address} needs TLS and this build has no "
                             f"{name}: {_TLS_SETTINGS}", field="cluster")
    for name, value in settings.items():
        if value and "\n" not in value and not Path(value).is_file():  # "\n": PEM text
            raise BuildError(f"Dask's {name} is {value}, which is not a file",
                             field="cluster")


def _connect_error(address: str, exc: BaseException) -> BuildError:
    """Why the client could not connect, in one line: a TLS handshake that failed (and
    on which side), TLS and plain mixed up (asked of the address itself, since Dask's
    errors for it vary with timing), or an unreachable scheduler."""
    import ssl
    from distributed.comm.addressing import parse_address

    failure = _ssl_error(exc)
    if isinstance(failure, ssl.SSLCertVerificationError):
        return BuildError(f"the TLS handshake with the scheduler at {address} failed: this "
                          f"build does not trust its certificate ({failure.verify_message}); "
                          f"distributed.comm.tls.ca-file must name the CA that signed it",
                          field="cluster")
    scheme, location = parse_address(address)
    answers_tls = _answers_tls(location) if scheme in ("tcp", "tls") else None
    if scheme == "tls" and answers_tls is False:
        message = (f"the scheduler at {address} does not speak TLS: a scheduler started "
                   f"without --tls-* options listens at tcp://{location}")
    elif failure is not None:
        text = re.sub(r"^\[[^\]]*\]\s*|\s*\(_ssl\.c:\d+\)$", "", str(failure))
        message = (f"the scheduler at {address} refused the TLS handshake: {text}; it does "
                   f"not accept this build's certificate (distributed.comm.tls.client.cert), "
                   f"which must be signed by the CA the scheduler trusts")
    elif scheme == "tcp" and answers_tls:
        message = f"the scheduler at {address} needs TLS: use tls://{location} and {_TLS_SETTINGS}"
    else:
        message = f"cannot reach the Dask scheduler at {address}: {_describe(exc)}"
    return BuildError(message, field="cluster")


def _ssl_error(exc: BaseException | None):
    """The ssl.SSLError behind a failed connection, if any: Dask wraps it once or twice,
    as a cause, a context or a tornado StreamClosedError's `real_error`."""
    import ssl

    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, ssl.SSLError):
            return exc
        exc = getattr(exc, "real_error", None) or exc.__cause__ or exc.__context__
        seen += 1
    return None


def _answers_tls(location: str, timeout_s: float = 3.0) -> bool | None:
    """Whether HOST:PORT answers a TLS handshake: True (it does, or refuses us in TLS),
    False (it answers, but not in TLS), None (no connection, or no clear answer)."""
    import socket
    import ssl
    from distributed.comm.addressing import parse_host_port

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # a handshake only: no certificate, nothing sent
    try:
        host_port = parse_host_port(location, default_port=8786)
        with socket.create_connection(host_port, timeout=timeout_s) as raw:
            with context.wrap_socket(raw):
                return True
    except ssl.SSLEOFError:
        return None  # closed on us: a TLS scheduler refusing, or a plain one giving up
    except ssl.SSLError as exc:
        return "ALERT" in (exc.reason or "")  # an alert is TLS; anything else is not
    except (OSError, ValueError):
        return None


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
    return ClusterSession(client, name, identity, address)


def first_difference(found: dict, expected: object) -> tuple[str, object, str] | None:
    """Of the workers' answers (`Client.run` with errors returned), the first by address
    that is not `expected`, as (worker, its answer (an error described in one line),
    " (and N more)" when others differ too); None when every worker agrees. Both
    identity checks use it: the voice's here and mastering's in remote_master.py."""
    wrong = {worker: answer for worker, answer in sorted(found.items()) if answer != expected}
    if not wrong:
        return None
    worker, answer = next(iter(wrong.items()))
    more = f" (and {len(wrong) - 1} more)" if len(wrong) > 1 else ""
    return worker, _describe(answer) if isinstance(answer, BaseException) else answer, more


def _check_identities(found: dict, expected: WorkerIdentity) -> None:
    difference = first_difference(found, expected)
    if difference is None:
        return
    worker, identity, more = difference
    raise BuildError(f"worker {worker}{more} does not narrate as this build does: it has "
                     f"{identity}; this build has {expected}. Install the same audiozine, "
                     f"piper-tts and voice on every worker", field="cluster")
