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
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from .common import (
    AUDIOZINE, OUT, SHOWS, episode_mp3s, fresh_dir, machine_notes, mp3_seconds, run_measured,
    save_json,
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
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    result = run(show=args.show, pairs=args.pairs, workers=args.workers)
    for label, s in result["summary"].items():
        print(label, {k: round(v, 3) for k, v in s.items()})
    print("identical MP3s:", result["identical_mp3s"], "overhead:", result["overhead"])
    print("\n".join(projection_lines(result["summary"]["cluster"]["audio_s_per_worker_s"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
