"""Cluster builds over TLS, for real: a CA and certificates made here, a `dask
scheduler` and a `dask worker` started with their TLS flags as separate processes
on loopback, and `audiozine build --cluster tls://...` run as a command whose client
takes its TLS settings the standard Dask way (DASK_DISTRIBUTED__COMM__* variables,
or a YAML file in DASK_CONFIG). A build over TLS makes the local build's MP3 bytes;
a wrong or missing certificate, or tcp:// to the TLS scheduler, is a one-line error
well within the connect timeout.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import dask
import distributed  # its config defaults, before dask.config.set adds to them
import pytest
import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from audiozine.build import BuildOptions, build_show
from audiozine.cache import SentenceCache
from audiozine.cluster import CONNECT_TIMEOUT_S, cluster_session
from audiozine.config import default_show, find_voice
from audiozine.errors import BuildError

BIN = Path(sys.executable).parent
ESSAY = ("# Lamps on the pier\n\nThe lamps on the pier come on one by one. A boy counts "
         "them aloud and loses count at eleven.\n")
TITLE = "TLS trial"


# -- certificates ------------------------------------------------------------------

def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject: str, key, issuer: x509.Name, signer, *, ca: bool) -> x509.Certificate:
    now = dt.datetime.now(dt.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(issuer)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(minutes=5))
               .not_valid_after(now + dt.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if not ca:
        builder = builder.add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    return builder.sign(signer, hashes.SHA256())


def make_ca(folder: Path, name: str) -> dict[str, Path]:
    """A CA and, signed by it, a certificate and key for each Dask role: {"ca": ...,
    "scheduler": cert, "scheduler-key": key, "worker"..., "client"...}."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = _certificate(name, ca_key, _name(name), ca_key, ca=True)
    paths = {"ca": folder / f"{name}.pem"}
    paths["ca"].write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    for role in ("scheduler", "worker", "client"):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _certificate(f"{name} {role}", key, ca_cert.subject, ca_key, ca=False)
        paths[role] = folder / f"{name}-{role}.pem"
        paths[role].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        paths[f"{role}-key"] = folder / f"{name}-{role}.key"
        paths[f"{role}-key"].write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
    return paths


@pytest.fixture(scope="module")
def certs(tmp_path_factory) -> dict[str, dict[str, Path]]:
    folder = tmp_path_factory.mktemp("certs")
    return {"ours": make_ca(folder, "cluster-ca"), "other": make_ca(folder, "other-ca")}


# -- the scheduler and the worker, as processes -------------------------------------

def _start(args: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """A process in its own group, so stopping it stops what it started (a nanny's worker)."""
    with log.open("wb") as out:
        return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT,
                                env=env or os.environ.copy(), start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    for sig, wait_s in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=wait_s)
            if sig == signal.SIGTERM:
                os.killpg(process.pid, signal.SIGKILL)  # whatever of the group is left
            return
        except subprocess.TimeoutExpired:
            continue
        except ProcessLookupError:
            return


def _scheduler_address(process: subprocess.Popen, scheduler_file: Path, log: Path) -> str:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"dask scheduler exited ({process.returncode}):\n{log.read_text()}")
        if scheduler_file.is_file():
            try:
                return json.loads(scheduler_file.read_text("utf-8"))["address"]
            except (ValueError, KeyError):
                pass  # being written
        time.sleep(0.2)
    pytest.fail(f"dask scheduler did not start in 90 s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def tls_scheduler(certs, tmp_path_factory) -> Iterator[str]:
    """A TLS scheduler (which then requires encryption) and one TLS worker with the
    bundled voice; their address. The worker joins in the background."""
    ours = certs["ours"]
    run = tmp_path_factory.mktemp("tls-cluster")
    started: list[subprocess.Popen] = []
    try:
        started.append(_start([
            str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
            "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(run / "scheduler.json"),
            "--tls-ca-file", str(ours["ca"]), "--tls-cert", str(ours["scheduler"]),
            "--tls-key", str(ours["scheduler-key"])], run / "scheduler.log"))
        address = _scheduler_address(started[0], run / "scheduler.json", run / "scheduler.log")
        assert address.startswith("tls://127.0.0.1:")
        started.append(_start([
            str(BIN / "dask"), "worker", address, "--nthreads", "1", "--nworkers", "1",
            "--no-dashboard", "--tls-ca-file", str(ours["ca"]),
            "--tls-cert", str(ours["worker"]), "--tls-key", str(ours["worker-key"])],
            run / "worker.log", {**os.environ, "AUDIOZINE_CACHE_DIR": str(run / "engines")}))
        yield address
    finally:
        for process in reversed(started):
            _stop(process)


# -- the build, as a command ---------------------------------------------------------

def tls_env(ca: Path | None = None, cert: Path | None = None, key: Path | None = None,
            **more: str) -> dict[str, str]:
    """This environment without any Dask settings of its own, plus the client's TLS
    settings as Dask's variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASK_")}
    for name, path in (("TLS__CA_FILE", ca), ("TLS__CLIENT__CERT", cert),
                       ("TLS__CLIENT__KEY", key)):
        if path is not None:
            env[f"DASK_DISTRIBUTED__COMM__{name}"] = str(path)
    return {**env, **more}


def yaml_env(folder: Path, ca: Path, cert: Path, key: Path) -> dict[str, str]:
    """The same settings as a Dask YAML file in the folder DASK_CONFIG names."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tls.yaml").write_text(yaml.safe_dump({"distributed": {"comm": {
        "require-encryption": True,
        "tls": {"ca-file": str(ca), "client": {"cert": str(cert), "key": str(key)}}}}}),
        "utf-8")
    return tls_env(DASK_CONFIG=str(folder))


def audiozine_build(essay: Path, out: Path, address: str,
                    env: dict[str, str]) -> tuple[int, str, float]:
    started = time.monotonic()
    done = subprocess.run([str(BIN / "audiozine"), "build", str(essay), "--out", str(out),
                           "--title", TITLE, "--cache-dir", str(out.parent / "cache"),
                           "--cluster", address],
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=300)
    return done.returncode, done.stdout, time.monotonic() - started


def mp3_bytes(show_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((show_dir / "episodes").glob("*.mp3"))}


@pytest.fixture(scope="module")
def essay(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("essay") / "pier.md"
    path.write_text(ESSAY, "utf-8")
    return path


# -- the failures: one line, exit 1, quickly ------------------------------------------

REFUSED = ("it does not accept this build's certificate (distributed.comm.tls.client.cert), "
           "which must be signed by the CA the scheduler trusts")

FAILURES = {  # case: (client settings, address scheme, the error's start, its end)
    "no TLS settings at all": (
        lambda c, tmp: tls_env(), "tls",
        "the scheduler at {tls} needs TLS and this build has no distributed.comm.tls.ca-file: "
        "set Dask's distributed.comm.tls.ca-file, distributed.comm.tls.client.cert and "
        "distributed.comm.tls.client.key (or DASK_DISTRIBUTED__COMM__TLS__CA_FILE, ",
        "DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY)"),
    "trusting another CA (YAML config)": (
        lambda c, tmp: yaml_env(tmp / "dask", c["other"]["ca"], c["other"]["client"],
                                c["other"]["client-key"]), "tls",
        "the TLS handshake with the scheduler at {tls} failed: this build does not trust its "
        "certificate (self-signed certificate in certificate chain); ",
        "distributed.comm.tls.ca-file must name the CA that signed it"),
    # The scheduler's refusal is an alert or a closed connection, depending on timing.
    "a client certificate from another CA": (
        lambda c, tmp: tls_env(c["ours"]["ca"], c["other"]["client"], c["other"]["client-key"]),
        "tls", "the scheduler at {tls} refused the TLS handshake: ", REFUSED),
    "tcp:// to the TLS scheduler": (
        lambda c, tmp: tls_env(), "tcp",
        "the scheduler at {tcp} needs TLS: use {tls} and set Dask's distributed.comm.tls.",
        "CLIENT__KEY)"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(FAILURES))
def test_a_tls_mistake_is_a_one_line_error(case, certs, tls_scheduler, essay, tmp_path) -> None:
    make_env, scheme, start, end = FAILURES[case]
    addresses = {"tls": tls_scheduler, "tcp": tls_scheduler.replace("tls://", "tcp://")}
    code, output, elapsed_s = audiozine_build(essay, tmp_path / "show", addresses[scheme],
                                              make_env(certs, tmp_path))
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert code == 1, output
    assert "Traceback" not in output and len(errors) == 1, output
    assert errors[0].startswith("error: cluster: " + start.format(**addresses)), errors[0]
    assert errors[0].endswith(end), errors[0]
    assert elapsed_s < CONNECT_TIMEOUT_S, f"took {elapsed_s:.1f} s: {output}"
    assert not (tmp_path / "show" / "feed.xml").exists()


@pytest.mark.slow
def test_tls_to_a_plain_scheduler_says_it_does_not_speak_tls(certs, essay, tmp_path) -> None:
    ours = certs["ours"]
    with distributed.LocalCluster(n_workers=0, host="127.0.0.1", processes=True,
                                  dashboard_address="127.0.0.1:0") as plain:
        tls_address = plain.scheduler_address.replace("tcp://", "tls://")
        code, output, elapsed_s = audiozine_build(
            essay, tmp_path / "show", tls_address,
            tls_env(ours["ca"], ours["client"], ours["client-key"]))
    assert code == 1 and "Traceback" not in output, output
    assert output.rstrip().splitlines()[-1] == (
        f"error: cluster: the scheduler at {tls_address} does not speak TLS: a scheduler "
        f"started without --tls-* options listens at {plain.scheduler_address}")
    assert elapsed_s < CONNECT_TIMEOUT_S


# -- the build over TLS ---------------------------------------------------------------

@pytest.mark.slow
def test_a_build_over_tls_gives_the_local_builds_mp3s(certs, tls_scheduler, essay,
                                                      tmp_path) -> None:
    local = default_show((essay,), tmp_path / "local", title=TITLE)
    build_show(local, tmp_path / "local",
               BuildOptions(cache=SentenceCache(tmp_path / "local-cache"), jobs=1))
    expected = mp3_bytes(tmp_path / "local")
    assert len(expected) == 1

    ours = certs["ours"]
    env = tls_env(ours["ca"], ours["client"], ours["client-key"],
                  DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION="true")
    code, output, _elapsed = audiozine_build(essay, tmp_path / "tls" / "show", tls_scheduler, env)
    assert code == 0, output
    assert mp3_bytes(tmp_path / "tls" / "show") == expected
    # The audio was made on the worker and came home over TLS into this build's cache.
    assert len(SentenceCache(tmp_path / "tls" / "cache").keys()) > 0


# -- refused before connecting ------------------------------------------------------

def refusal(address: str, settings: dict[str, object], tmp_path: Path) -> str:
    with dask.config.set(settings), pytest.raises(BuildError) as refused:
        with cluster_session(address, find_voice("joe"), "engine", engine_dir=tmp_path):
            pass
    assert refused.value.field == "cluster"
    return refused.value.message


def test_encryption_required_refuses_a_tcp_address(tmp_path) -> None:
    message = refusal("tcp://127.0.0.1:8786", {"distributed.comm.require-encryption": True},
                      tmp_path)
    assert message == ("Dask's configuration requires encryption "
                       "(distributed.comm.require-encryption), so the build will not connect "
                       "to tcp://127.0.0.1:8786: use tls://127.0.0.1:8786")


def test_a_tls_file_that_is_not_there_is_named(certs, tmp_path) -> None:
    ours = certs["ours"]
    message = refusal("tls://127.0.0.1:8786", {
        "distributed.comm.tls.ca-file": str(ours["ca"]),
        "distributed.comm.tls.client.cert": str(ours["client"]),
        "distributed.comm.tls.client.key": str(tmp_path / "gone.key")}, tmp_path)
    assert message == (f"Dask's distributed.comm.tls.client.key is {tmp_path / 'gone.key'}, "
                       f"which is not a file")
