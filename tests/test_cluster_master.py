"""Episodes mastered on a real Dask LocalCluster of worker processes (remote_master.py).

Every cluster-mastered build is compared with a local build of the same essays:
each episode's MP3, VTT, SRT, JSON transcript and chapters, and the feed, must be
byte-identical. Builds after the first start from a copy of the local build's
sentence cache, so they only master (a few seconds), unless a test says otherwise.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from pathlib import Path

import distributed  # the cluster extra, installed by `make test`
import pytest
from typer.testing import CliRunner

from audiozine.build import BuildOptions, build_show
from audiozine.cache import SentenceCache
from audiozine.cli import app
from audiozine.config import default_show, load_show
from audiozine.errors import BuildError, ConfigError, SynthesisError
from audiozine.remote_master import masters_on_cluster

from .test_cluster import start_worker, write_essays

TITLE = "Cluster mastering trial"


def show_files(show_dir: Path) -> dict[str, bytes]:
    """Every episode file and the feed, by name."""
    files = {p.name: p.read_bytes() for p in sorted((show_dir / "episodes").iterdir())}
    files["feed.xml"] = (show_dir / "feed.xml").read_bytes()
    return files


@pytest.fixture(scope="module")
def essays(tmp_path_factory) -> list[Path]:
    return write_essays(tmp_path_factory.mktemp("essays"))


@pytest.fixture(scope="module")
def show_file(essays) -> Path:
    """A show file of the essays with a start date: every build dates its episodes alike
    (essays without a date and a show without one are dated at the minute of the build)."""
    path = essays[0].parent / "show.toml"
    path.write_text(f'title = "{TITLE}"\nauthor = "A. Writer"\ndescription = "Trial."\n'
                    f'sources = ["."]\nstart_date = 2024-01-01\n', "utf-8")
    return path


@pytest.fixture(scope="module")
def local(show_file, tmp_path_factory) -> tuple[dict[str, bytes], Path]:
    """The essays built locally (process pool of 2) from a fresh cache: files and cache."""
    root = tmp_path_factory.mktemp("local")
    build_show(load_show(show_file), root / "show",
               BuildOptions(cache=SentenceCache(root / "cache"), jobs=2))
    files = show_files(root / "show")
    assert len(files) == 2 * 5 + 1  # two episodes of five files, and the feed
    return files, root / "cache"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A LocalCluster of 2 worker processes (one thread each), reached by its tcp://
    address as a remote scheduler would be: episodes are mastered there by default."""
    engines = tmp_path_factory.mktemp("worker-cache")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None,
                                  env={"AUDIOZINE_CACHE_DIR": str(engines)}) as running:
        yield running


def warm_cache(local, folder: Path) -> SentenceCache:
    shutil.copytree(local[1], folder)
    return SentenceCache(folder)


@pytest.mark.slow
def test_a_cold_build_narrated_and_mastered_on_the_cluster_gives_the_local_files(
        show_file, local, tmp_path) -> None:
    result = CliRunner().invoke(app, ["build", "--show", str(show_file),
                                      "--out", str(tmp_path / "show"),
                                      "--cache-dir", str(tmp_path / "cache"),
                                      "--cluster", "local:2", "--master-on", "cluster"])
    assert result.exit_code == 0, result.output
    assert "episodes are mastered on the cluster at local:2" in result.output
    assert show_files(tmp_path / "show") == local[0]


@pytest.mark.slow
def test_a_scheduler_elsewhere_masters_on_the_cluster_by_default(show_file, local, cluster,
                                                                   tmp_path) -> None:
    logged: list[str] = []
    report = build_show(load_show(show_file), tmp_path / "show",
                        BuildOptions(cache=warm_cache(local, tmp_path / "cache"),
                                     cluster=cluster.scheduler_address), log=logged.append)
    assert f"episodes are mastered on the cluster at {cluster.scheduler_address}" in logged
    assert len(report.made) == 2
    assert show_files(tmp_path / "show") == local[0]
    assert not list((tmp_path / "show").glob(".audiozine/staging"))  # published, swept


@pytest.mark.slow
def test_a_worker_killed_mid_mastering_has_its_episode_mastered_again(show_file, local,
                                                                     cluster, tmp_path) -> None:
    with distributed.Client(cluster) as client:
        pids = client.run(os.getpid)
        killed: list[tuple[str, str]] = []
        stop = threading.Event()

        def kill_a_mastering_worker() -> None:
            while not stop.is_set() and not killed:
                for worker, keys in client.processing().items():
                    mastering = [k for k in keys if str(k).startswith("audiozine-master-")]
                    if mastering and worker in pids:
                        os.kill(pids[worker], signal.SIGKILL)
                        killed.append((worker, str(mastering[0])))
                        return
                time.sleep(0.02)

        watcher = threading.Thread(target=kill_a_mastering_worker)
        watcher.start()
        try:
            report = build_show(load_show(show_file), tmp_path / "show",
                                BuildOptions(cache=warm_cache(local, tmp_path / "cache"),
                                             cluster=cluster.scheduler_address))
        finally:
            stop.set()
            watcher.join()
    assert killed, "no worker was seen mastering"
    assert len(report.made) == 2
    assert show_files(tmp_path / "show") == local[0]


def corrupt_the_sentence_narrated_last(cache: SentenceCache, key: str):
    """A progress callback: once the last sentence is home, before its episode is
    mastered, its cache entry is damaged (as a failing disk would)."""
    def corrupt(progress) -> None:
        if progress.sentences_done == progress.sentences_total:
            path = cache.path_for(key)
            data = bytearray(path.read_bytes())
            data[-1] ^= 0xFF
            path.write_bytes(bytes(data))
    return corrupt


@pytest.mark.slow
def test_a_mastering_error_on_a_worker_is_the_local_builds_error(show_file, local, cluster,
                                                                 tmp_path) -> None:
    show = load_show(show_file)
    cache = warm_cache(local, tmp_path / "cache")
    build_show(show, tmp_path / "show", BuildOptions(cache=cache,
                                                     cluster=cluster.scheduler_address))
    published = show_files(tmp_path / "show")
    key = sorted(cache.keys())[0]
    errors = []
    for where, options in (("cluster", {"cluster": cluster.scheduler_address}),
                           ("local", {"jobs": 2})):
        cache = SentenceCache(tmp_path / where) if where == "local" else cache
        if where == "local":
            shutil.copytree(local[1], cache.root)
        cache.path_for(key).unlink()  # narrated again, then damaged before mastering
        with pytest.raises(SynthesisError) as failed:
            build_show(show, tmp_path / "show", BuildOptions(cache=cache, force=True, **options),
                       on_progress=corrupt_the_sentence_narrated_last(cache, key))
        errors.append(str(failed.value).replace(str(cache.root), "CACHE"))
    assert errors[0] == errors[1]
    assert errors[0].startswith("cached audio for ") and "is corrupt (CACHE/" in errors[0]
    assert "\n" not in errors[0]
    assert show_files(tmp_path / "show") == published  # the published show is unchanged


def an_older_library(folder: Path, name: str, version: str) -> Path:
    """A folder whose distribution metadata says `name` is `version`: a worker with it
    first on its path reports that version (and still imports the real one)."""
    info = folder / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
                                   "utf-8")
    return folder


@pytest.mark.slow
def test_a_worker_with_another_mastering_library_is_refused(essays, tmp_path) -> None:
    with distributed.LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None,
                                  processes=True) as scheduler_only:
        address = scheduler_only.scheduler_address
        worker = start_worker(address, an_older_library(tmp_path / "old", "pedalboard", "0.1"),
                              tmp_path / "engines")
        try:
            with distributed.Client(address) as client:
                client.wait_for_workers(1, timeout=120)
                (name,) = client.scheduler_info()["workers"]
            show = default_show(tuple(essays), tmp_path / "show", title=TITLE)
            with pytest.raises(BuildError) as refused:
                build_show(show, tmp_path / "show",
                           BuildOptions(cache=SentenceCache(tmp_path / "cache"), cluster=address))
        finally:
            worker.terminate()
            worker.wait(timeout=60)
    message = str(refused.value)
    assert message.startswith(f"master_on: worker {name} does not master as this build does: "
                              f"it has pedalboard 0.1 (this build: ")
    assert "--master-on client" in message and "\n" not in message
    assert SentenceCache(tmp_path / "cache").keys() == set()  # refused before narrating
    assert not (tmp_path / "show" / "feed.xml").exists()


@pytest.mark.parametrize("address, chosen, on_cluster", [
    ("tcp://10.0.0.5:8786", None, True), ("tls://scheduler:8786", None, True),
    ("scheduler:8786", None, True), ("local:4", None, False),
    ("tcp://10.0.0.5:8786", "client", False), ("local:4", "cluster", True)])
def test_where_a_cluster_build_masters(address: str, chosen: str | None,
                                       on_cluster: bool) -> None:
    assert masters_on_cluster(address, chosen) is on_cluster


def test_a_show_file_sets_master_on_and_names_a_bad_value(tmp_path: Path) -> None:
    write_essays(tmp_path / "essays")
    show_file = tmp_path / "show.toml"
    body = ('title = "T"\nauthor = "A"\ndescription = "D"\nsources = ["essays"]\n'
            'cluster = "tcp://10.0.0.5:8786"\nmaster_on = {}\n')
    show_file.write_text(body.format('"client"'), "utf-8")
    assert load_show(show_file).master_on == "client"
    for value, message in (('"worker"', "expected 'cluster' or 'client', not 'worker'"),
                           ("true", "cluster or client")):
        show_file.write_text(body.format(value), "utf-8")
        with pytest.raises(ConfigError) as error:
            load_show(show_file)
        assert (error.value.path, error.value.line, error.value.field) == \
            (show_file, 6, "master_on")
        assert message in str(error.value)


def test_a_bad_master_on_option_is_a_one_line_error(tmp_path: Path) -> None:
    essays = write_essays(tmp_path / "essays")
    result = CliRunner().invoke(app, ["build", *map(str, essays), "--out", str(tmp_path / "s"),
                                      "--cluster", "local:2", "--master-on", "elsewhere"])
    assert result.exit_code == 1
    assert result.output.strip() == \
        "error: master_on: expected 'cluster' or 'client', not 'elsewhere'"
    assert not (tmp_path / "s").exists()  # refused before anything was made



@pytest.mark.slow
def test_no_more_episodes_are_out_than_the_cluster_has_room_for(essays, local,
                                                                  tmp_path) -> None:
    """One worker thread: at most 2 episodes (with their audio) are out at once, the
    rest wait here, though all 3 are ready at the start; every episode is made."""
    third = tmp_path / "river.md"
    third.write_text("# The river\n\nIt is slow in August.\n", "utf-8")
    show = default_show((*essays, third), tmp_path / "show", title=TITLE)
    cache = warm_cache(local, tmp_path / "cache")
    build_show(show, tmp_path / "show", BuildOptions(cache=cache, jobs=1))  # the third's audio
    seen: list[int] = []
    stop = threading.Event()

    def out(dask_scheduler) -> int:  # not done yet: waiting, queued or processing
        return sum(str(key).startswith("audiozine-master-") and task.state != "memory"
                   for key, task in dask_scheduler.tasks.items())

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None,
                                  env={"AUDIOZINE_CACHE_DIR": str(tmp_path / "engines")}
                                  ) as one, distributed.Client(one) as client:
        def count_the_episodes_out() -> None:
            while not stop.is_set():
                seen.append(client.run_on_scheduler(out))
                time.sleep(0.02)

        watcher = threading.Thread(target=count_the_episodes_out)
        watcher.start()
        try:
            report = build_show(show, tmp_path / "show",
                                BuildOptions(cache=cache, cluster=one.scheduler_address,
                                             force=True))
        finally:
            stop.set()
            watcher.join()
    assert len(report.made) == 3
    assert max(seen) == 2
