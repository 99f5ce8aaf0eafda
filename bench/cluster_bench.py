"""CLUSTER (issue 27): a cluster build against the local process pool, side by side.

    python -m bench.cluster_bench [--show customer-success] [--pairs 2] [--workers 2]

Each pair is a cold build of the seed show with the local pool (`--jobs N`) and
one on `--cluster local:N`, each from its own fresh cache, in alternating order;
the MP3s of the two are compared byte for byte. Reported: wall time, CPU time
of the whole process tree, the synthesis phase (from the log lines), the audio
payload moved per second of audio (the int16 PCM each worker sends home, read
back from the client's cache), and the scheduler's overhead per task (round
trips of empty tasks on a LocalCluster of the same size, one at a time and all
at once). From the synthesis phase: the audio a worker narrates per second, and
a projection of 1,000 hours on N workers.

    python -m bench.cluster_bench --mastering [--pairs 3] [--workers 2]

Where the episodes are mastered: the build's (the client's) CPU with
`--master-on client` and `--master-on cluster`, side by side, on a scheduler and
workers started as separate processes (`dask scheduler`, `dask worker`), so the
build's process tree is the client alone. Cold builds of customer-success (each
from a fresh cache), and `--force` rebuilds from a warm cache of both seed shows
(mastering only); from the two shows' sizes, the client's CPU per second of audio
without the fixed start-up. Data moved per second of audio each way: the payload
(the sentences' cache entries and the cover thumbnail out, the episode files in).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .common import (
    AUDIOZINE, BIN, OUT, SHOWS, episode_mp3s, fresh_dir, machine_notes, mp3_seconds,
    run_measured, save_json,
)
from .speed import phases


def _build(show: str, root: Path, label: str, extra: list[str]) -> dict:
    out, cache = root / f"{label}-show", root / f"{label}-cache"
    r = run_measured([AUDIOZINE, "build", "--show", SHOWS[show], "--out", out, "--cache-dir",
                      cache, *extra], env={"PYTHONUNBUFFERED": "1"}).check()
    mp3s = episode_mp3s(out)
    pcm = list(cache.glob("??/*.pcm"))
    payload = sum(p.stat().st_size - 20 for p in pcm)  # 20-byte header per entry
    audio_pcm_s = payload / 2 / 22_050
    return {"wall_s": r.wall_s, "cpu_s": r.user_s + r.sys_s, "phases": phases(r),
            "audio_s": sum(mp3_seconds(p) for p in mp3s), "sentences": len(pcm),
            "payload_bytes": payload, "pcm_audio_s": audio_pcm_s,
            "mp3": {p.name: p.read_bytes() for p in mp3s}, "max_rss_mb": r.max_rss_mb}


def scheduler_overhead(workers: int, tasks: int = 200) -> dict:
    import distributed

    def nothing(x):
        return x

    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        client.submit(nothing, -1).result()  # warm
        one_by_one = []
        for i in range(tasks):
            started = time.perf_counter()
            client.submit(nothing, i, pure=False).result()
            one_by_one.append(time.perf_counter() - started)
        started = time.perf_counter()
        client.gather(client.map(nothing, range(tasks), pure=False))
        all_at_once = (time.perf_counter() - started) / tasks
    return {"round_trip_median_ms": statistics.median(one_by_one) * 1000,
            "batched_per_task_ms": all_at_once * 1000, "tasks": tasks}


def run(*, show: str = "customer-success", pairs: int = 2, workers: int = 2, log=print) -> dict:
    notes = machine_notes()
    root = fresh_dir(OUT / "cluster")
    runs: dict[str, list[dict]] = {"local": [], "cluster": []}
    for pair in range(pairs):
        order = ["local", "cluster"] if pair % 2 == 0 else ["cluster", "local"]
        for label in order:
            extra = ["--jobs", str(workers)] if label == "local" else \
                ["--cluster", f"local:{workers}"]
            result = _build(show, root / f"pair{pair}", label, extra)
            runs[label].append(result)
            log(f"  pair {pair + 1} {label}: {result['wall_s']:.1f} s wall, "
                f"{result['cpu_s']:.0f} s CPU, synthesis "
                f"{result['phases'].get('synthesis_s', float('nan')):.1f} s")
    identical = all(a["mp3"] == b["mp3"] for a, b in zip(runs["local"], runs["cluster"]))
    overhead = scheduler_overhead(workers)
    summary = {}
    for label, results in runs.items():
        synth = statistics.median(r["phases"].get("synthesis_s") or float("nan") for r in results)
        summary[label] = {
            "wall_s": statistics.median(r["wall_s"] for r in results),
            "cpu_s": statistics.median(r["cpu_s"] for r in results),
            "synthesis_s": synth,
            "audio_s": results[0]["audio_s"], "pcm_audio_s": results[0]["pcm_audio_s"],
            "sentences": results[0]["sentences"],
            "payload_bytes_per_audio_s": results[0]["payload_bytes"] / results[0]["pcm_audio_s"],
            "audio_s_per_worker_s": results[0]["pcm_audio_s"] / (synth * workers),
        }
    for results in runs.values():
        for r in results:
            del r["mp3"]
    result = {"notes": notes, "show": show, "pairs": pairs, "workers": workers,
              "runs": runs, "summary": summary, "identical_mp3s": identical,
              "overhead": overhead}
    save_json("cluster", result)
    return result


class _Scheduler:
    """`dask scheduler` and `dask worker` processes on loopback, apart from the build."""

    def __init__(self, workers: int, engines: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.address = f"tcp://127.0.0.1:{port}"
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.processes = [subprocess.Popen(
            [BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", str(port),
             "--no-dashboard"], **quiet)]
        self.processes.append(subprocess.Popen(
            [BIN / "dask", "worker", self.address, "--nthreads", "1", "--nworkers",
             str(workers), "--no-dashboard"],
            env={**os.environ, "AUDIOZINE_CACHE_DIR": str(engines)}, **quiet))
        import distributed

        with distributed.Client(self.address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)

    def close(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
            process.wait(timeout=60)


def _client_build(show: str, out: Path, cache: Path, address: str, master_on: str,
                  extra: list[str]) -> dict:
    r = run_measured([AUDIOZINE, "build", "--show", SHOWS[show], "--out", out, "--cache-dir",
                      cache, "--cluster", address, "--master-on", master_on, "--jobs", "2",
                      *extra], env={"PYTHONUNBUFFERED": "1"}).check()
    mp3s = episode_mp3s(out)
    return {"wall_s": r.wall_s, "cpu_s": r.user_s + r.sys_s, "max_rss_mb": r.max_rss_mb,
            "audio_s": sum(mp3_seconds(p) for p in mp3s),
            "files": {p.name: p.read_bytes() for p in sorted((out / "episodes").iterdir())}}


def _payload(show_dir: Path, cache: Path) -> dict:
    """Bytes a cluster-mastered build moves for its episodes: out, each episode's
    sentence entries and the cover thumbnail; in, the episode files."""
    from audiozine.cover import cover_thumbnail

    entries = sum(p.stat().st_size for p in cache.glob("??/*.pcm"))
    episodes = list((show_dir / "episodes").glob("*.mp3"))
    thumbnail = len(cover_thumbnail((show_dir / "cover.jpg").read_bytes()))
    files = sum(p.stat().st_size for p in (show_dir / "episodes").iterdir())
    return {"out_bytes": entries + thumbnail * len(episodes), "in_bytes": files}


def run_mastering(*, pairs: int = 3, workers: int = 2, log=print) -> dict:
    notes = machine_notes()
    root = fresh_dir(OUT / "cluster-mastering")
    scheduler = _Scheduler(workers, root / "worker-engines")
    modes = ("client", "cluster")
    cold: dict[str, list[dict]] = {m: [] for m in modes}
    force: dict[str, dict[str, list[dict]]] = {s: {m: [] for m in modes} for s in SHOWS}
    try:
        for pair in range(pairs):
            for mode in modes if pair % 2 == 0 else modes[::-1]:
                where = root / f"cold{pair}-{mode}"
                result = _client_build("customer-success", where / "show", where / "cache",
                                       scheduler.address, mode, [])
                result["payload"] = _payload(where / "show", where / "cache")
                cold[mode].append(result)
                log(f"  cold {pair + 1} master on {mode}: {result['wall_s']:.1f} s wall, "
                    f"client {result['cpu_s']:.1f} s CPU, {result['audio_s']:.0f} s audio")
        warm = root / "warm-cache"
        shutil.copytree(root / "cold0-client" / "cache", warm)
        for show in SHOWS:  # working-life's sentences: narrated once, here (not measured)
            _client_build(show, root / f"warm-{show}", warm, scheduler.address, "client", [])
        for pair in range(pairs):
            for show in SHOWS:
                for mode in modes if pair % 2 == 0 else modes[::-1]:
                    result = _client_build(show, root / f"warm-{show}", warm,
                                           scheduler.address, mode, ["--force"])
                    force[show][mode].append(result)
                    log(f"  --force {show} {pair + 1} master on {mode}: "
                        f"{result['wall_s']:.1f} s wall, client {result['cpu_s']:.1f} s CPU, "
                        f"{result['audio_s']:.0f} s audio")
    finally:
        scheduler.close()
    identical = all(a["files"] == b["files"] for a, b in zip(cold["client"], cold["cluster"])) \
        and all(a["files"] == b["files"] for runs in force.values()
                for a, b in zip(runs["client"], runs["cluster"]))
    for result in [*cold["client"], *cold["cluster"],
                   *(r for runs in force.values() for rs in runs.values() for r in rs)]:
        del result["files"]
    save_json("cluster-mastering", {"cold": cold, "force": force})  # in case the summary fails
    summary = _mastering_summary(cold, force)
    result = {"notes": notes, "pairs": pairs, "workers": workers, "cold": cold,
              "force": force, "summary": summary, "identical_files": identical}
    save_json("cluster-mastering", result)
    return result


def _mastering_summary(cold: dict, force: dict) -> dict:
    small, large = "customer-success", "working-life"
    summary: dict = {}
    for mode in cold:
        cpu = statistics.median(r["cpu_s"] for r in cold[mode])
        audio = cold[mode][0]["audio_s"]
        f_small = statistics.median(r["cpu_s"] for r in force[small][mode])
        f_large = statistics.median(r["cpu_s"] for r in force[large][mode])
        a_small, a_large = force[small][mode][0]["audio_s"], force[large][mode][0]["audio_s"]
        marginal = (f_large - f_small) / (a_large - a_small)
        summary[mode] = {
            "cold_wall_s": statistics.median(r["wall_s"] for r in cold[mode]),
            "cold_cpu_s": cpu, "cold_audio_s": audio, "cold_cpu_per_audio_s": cpu / audio,
            "force_cpu_s": {small: f_small, large: f_large},
            "force_audio_s": {small: a_small, large: a_large},
            "force_cpu_per_audio_s_marginal": marginal,
            # Receiving and storing the sentences, per second of audio: cold minus --force.
            "receive_cpu_per_audio_s": (cpu - f_small) / audio,
        }
        summary[mode]["client_cpu_per_audio_s"] = \
            marginal + summary[mode]["receive_cpu_per_audio_s"]
    payload = cold["cluster"][0]["payload"]
    audio = cold["cluster"][0]["audio_s"]
    summary["payload_out_bytes_per_audio_s"] = payload["out_bytes"] / audio
    summary["payload_in_bytes_per_audio_s"] = payload["in_bytes"] / audio
    return summary


def keeps_up_with(client_cpu_per_audio_s: float, per_worker_audio_s: float,
                  client_cores: int = 2) -> float:
    """How many narrating workers a client of `client_cores` keeps up with."""
    return client_cores / (client_cpu_per_audio_s * per_worker_audio_s)


def projection_lines(per_worker: float, hours: float = 1000.0,
                     workers: tuple[int, ...] = (2, 16, 64, 256)) -> list[str]:
    lines = ["| workers | narration of 1,000 h |", "|---|---|"]
    for n in workers:
        days = hours * 3600 / (per_worker * n) / 86400
        lines.append(f"| {n} | {days * 24:.1f} h ({days:.1f} days) |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cluster_bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", default="customer-success", choices=sorted(SHOWS))
    parser.add_argument("--pairs", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--mastering", action="store_true",
                        help="compare mastering on the client and on the cluster")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    if args.mastering:
        result = run_mastering(pairs=args.pairs, workers=args.workers)
        for mode in ("client", "cluster"):
            print(mode, result["summary"][mode])
        print({k: round(v) for k, v in result["summary"].items() if k.startswith("payload")})
        print("identical files:", result["identical_files"])
        return 0
    result = run(show=args.show, pairs=args.pairs, workers=args.workers)
    for label, s in result["summary"].items():
        print(label, {k: round(v, 3) for k, v in s.items()})
    print("identical MP3s:", result["identical_mp3s"], "overhead:", result["overhead"])
    print("\n".join(projection_lines(result["summary"]["cluster"]["audio_s_per_worker_s"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
