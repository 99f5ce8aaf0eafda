"""START-UP (issue 27): a cold build of seed 004 against raw piper-tts, and against
the code before the start-up work, side by side.

    python -m bench.startup [--old-ref 3364893] [--rounds 3] [--warm-reps 3] [--no-write]

Each round runs, in an order that rotates from round to round:
  old    `audiozine build` of feeds/customer-success.toml by the code at --old-ref
         (extracted with `git archive` into bench/out/startup/old and run with this
         venv's interpreter, the editable install bypassed; checked below);
  new    the same build by this tree;
  raw    raw piper-tts in one process on the seed's titles and paragraphs (the
         speed benchmark's baseline, bench/raw_piper.py);
  same   raw piper-tts on the build's own spoken text (every utterance the build
         gives the voice, intro and outro included, each once).
Each build starts from a fresh sentence cache and output folder (so its workers
also prepare the voice model, as on a first build). Then old and new alternate
warm no-change rebuilds. Ratios are taken within a round, then their median.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from .common import (
    AUDIOZINE, OUT, PYTHON, ROOT, SHOWS, Measured, episode_mp3s, fmt_s, fresh_dir, load_essays,
    machine_line, machine_notes, median, mp3_seconds, run_measured, save_json, voice_settings,
    write_section,
)
from .speed import build_text_job, raw_run

SHOW = "customer-success"

_RUNNER = '''import sys
# Run audiozine from {tree}, not from the editable install of the venv.
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
sys.path.insert(0, {tree!r})
from audiozine.cli import app
if __name__ == "__main__":
    sys.exit(app())
'''


def old_tree(ref: str, root: Path) -> Path:
    """The tree at `ref`, extracted, and a runner script for it (spawned workers run
    the runner as their main module too, so they import the old code as well)."""
    tree = fresh_dir(root / "old")
    archive = subprocess.run(["git", "archive", ref, "audiozine", "voices", "feeds", "seeds"],
                             cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    runner = root / "old_audiozine.py"
    runner.write_text(_RUNNER.format(tree=str(tree)), "utf-8")
    check = subprocess.run([str(PYTHON), "-c", _RUNNER.format(tree=str(tree)).split(
        "from audiozine.cli")[0] + "import audiozine.narrate as n; print(n.__file__)"],
        capture_output=True, text=True, check=True).stdout.strip()
    if not check.startswith(str(tree)):
        raise RuntimeError(f"the old runner imports {check}, not the old tree")
    return runner


def timeline(run: Measured) -> dict:
    """Seconds from the start to each milestone of a build's log."""
    marks: dict[str, float] = {}
    for t, line in run.stderr_lines:
        if re.search(r"\d+ to make, \d+ unchanged", line):
            marks.setdefault("planned", t)
        m = re.match(r"narrating: (\d+)/(\d+) sentences", line)
        if m:
            marks.setdefault("first_progress", t)
            if m.group(1) == m.group(2):
                marks["narrated"] = t
        if re.search(r"\bmade \S+\.mp3", line):
            marks.setdefault("first_made", t)
            marks["last_made"] = t
    marks["exit"] = run.wall_s
    return marks


def build(cmd: list, out_dir: Path, cache: Path) -> dict:
    fresh_dir(out_dir)
    run = run_measured([*cmd, "build", "--show", SHOWS[SHOW], "--out", out_dir,
                        "--cache-dir", cache],
                       env={"AUDIOZINE_CACHE_DIR": str(cache), "PYTHONUNBUFFERED": "1"}).check()
    return {"wall_s": run.wall_s, "cpu_s": run.user_s + run.sys_s,
            "peak_tree_rss_mb": run.peak_tree_rss_mb, "timeline": timeline(run),
            "audio_s": sum(mp3_seconds(p) for p in episode_mp3s(out_dir)),
            "mp3": {p.name: p.read_bytes() for p in episode_mp3s(out_dir)}}


def warm(cmd: list, out_dir: Path, cache: Path) -> dict:
    run = run_measured([*cmd, "build", "--show", SHOWS[SHOW], "--out", out_dir,
                        "--cache-dir", cache], env={"AUDIOZINE_CACHE_DIR": str(cache)}).check()
    if "(0 made," not in run.stdout:
        raise RuntimeError(f"a warm build remade episodes: {run.stdout}")
    return {"wall_s": run.wall_s, "cpu_s": run.user_s + run.sys_s}


def prepared_model(cache: Path) -> Path:
    """The voice model as the new code prepares it for this CPU, in a cache's engine
    folder (what a machine keeps after its first build); that folder."""
    script = ("import sys; from pathlib import Path; from audiozine.config import find_voice; "
              "from audiozine.engines import create_engine; "
              "create_engine(find_voice('joe'), cache_dir=Path(sys.argv[1])).synthesize('Hello.')")
    folder = fresh_dir(cache) / "engines"
    subprocess.run([PYTHON, "-c", script, str(folder)], check=True, capture_output=True)
    if not list(folder.glob("piper-*.onnx")):
        raise RuntimeError(f"no prepared voice model was saved in {folder}")
    return folder


def run(*, old_ref: str, rounds: int, warm_reps: int, log=print) -> dict:
    root = fresh_dir(OUT / "startup")
    notes = machine_notes()
    runner = old_tree(old_ref, root)
    commands = {"old": [PYTHON, runner], "new": [AUDIOZINE]}
    length_scale = voice_settings("joe")["length_scale"]
    paragraphs = root / "raw-job.json"
    paragraphs.write_text(json.dumps({"length_scale": length_scale,
                                      "essays": load_essays([SHOW])}), "utf-8")
    same = root / "raw-same-text-job.json"
    build_text_job([SHOW], same, length_scale)
    models = prepared_model(root / "model-cache")
    kinds = ("old", "new", "prepared", "raw", "same")
    results: list[dict] = []
    for n in range(rounds):
        order = kinds[n % len(kinds):] + kinds[:n % len(kinds)]
        row: dict = {"order": order}
        for kind in order:
            if kind in commands or kind == "prepared":
                cache = fresh_dir(root / f"cache-{kind}-{n}")
                if kind == "prepared":  # as a machine keeps it after its first build
                    shutil.copytree(models, cache / "engines")
                row[kind] = build(commands.get(kind, commands["new"]), root / f"{kind}-{n}",
                                  cache)
            else:
                row[kind] = raw_run(paragraphs if kind == "raw" else same, root, None,
                                    f"{kind}-{n}", lambda _line: None)
            log(f"  round {n + 1} {kind}: {row[kind]['wall_s']:.2f} s wall, "
                f"{row[kind]['cpu_s']:.1f} s CPU")
        if not row["old"]["mp3"] == row["new"]["mp3"] == row["prepared"]["mp3"]:
            raise RuntimeError(f"round {n + 1}: the old and new builds' MP3s differ")
        results.append(row)
    warms: list[dict] = []
    for n in range(warm_reps):
        pair = {}
        for kind in (("old", "new") if n % 2 == 0 else ("new", "old")):
            pair[kind] = warm(commands[kind], root / f"{kind}-0", root / f"cache-{kind}-0")
        warms.append(pair)
        log(f"  warm {n + 1}: old {pair['old']['wall_s']:.2f} s, new {pair['new']['wall_s']:.2f} s")
    for row in results:
        for kind in ("old", "new", "prepared"):
            row[kind].pop("mp3")
    result = {"notes": notes, "old_ref": old_ref, "rounds": results, "warm": warms,
              "load_after": os.getloadavg()}
    save_json("startup", result)
    return result


def _ratio(rows: list[dict], a: str, b: str, key: str = "wall_s") -> float:
    return median(row[a][key] / row[b][key] for row in rows)


def markdown(r: dict) -> str:
    rows, notes = r["rounds"], r["notes"]

    def runs(kind: str, key: str = "wall_s") -> str:
        return ", ".join(f"{row[kind][key]:.1f}" for row in rows)

    def mark(kind: str, name: str) -> str:
        return f"{median(row[kind]['timeline'].get(name, float('nan')) for row in rows):.2f}"

    lines = [
        "## Start-up (issue 27)",
        "",
        machine_line(notes) + f" Load average at the end {r['load_after'][0]:.2f}.",
        f"Command: `.venv/bin/python -m bench.startup --old-ref {r['old_ref']} --rounds "
        f"{len(rows)} --warm-reps {len(r['warm'])}`. Each round runs the five in an order "
        "rotated from round to round; each build from a fresh sentence cache and folder "
        "(its workers also prepare the voice model, as on a machine's first build, except "
        "\"new, model prepared\": its cache starts with the prepared model only, as every "
        "later first build of a show on the same machine does); the old code "
        f"is {r['old_ref']} extracted and run with the same venv (checked to import it). "
        "The old and new builds' MP3s were byte-identical in every round. Ratios are "
        "taken within a round, then the median.",
        "",
        "| run | wall s (each round) | median wall | median CPU s | audio |",
        "|---|---|---|---|---|",
    ]
    names = {"old": f"`audiozine build`, old ({r['old_ref']})", "new": "`audiozine build`, new",
             "prepared": "`audiozine build`, new, model prepared",
             "raw": "raw piper-tts, titles and paragraphs",
             "same": "raw piper-tts, the build's own utterances"}
    for kind in ("old", "new", "prepared", "raw", "same"):
        lines.append(f"| {names[kind]} | {runs(kind)} | "
                     f"{fmt_s(median(row[kind]['wall_s'] for row in rows))} | "
                     f"{median(row[kind]['cpu_s'] for row in rows):.1f} | "
                     f"{median(row[kind]['audio_s'] for row in rows) / 60:.1f} min |")
    warm_runs = {kind: ", ".join(f"{p[kind]['wall_s']:.2f}" for p in r["warm"])
                 for kind in ("old", "new")}
    warm_old = median(p["old"]["wall_s"] for p in r["warm"])
    warm_new = median(p["new"]["wall_s"] for p in r["warm"])
    lines += [
        "",
        f"- **New build / raw on the same text: {_ratio(rows, 'new', 'same'):.2f}** "
        f"(old: {_ratio(rows, 'old', 'same'):.2f}); with the voice model already prepared "
        f"(any first build of a show after the machine's first): "
        f"**{_ratio(rows, 'prepared', 'same'):.2f}**. Against raw on the titles and "
        f"paragraphs (the old comparison, less text): new {_ratio(rows, 'new', 'raw'):.2f}, "
        f"old {_ratio(rows, 'old', 'raw'):.2f}. New / old: wall "
        f"{_ratio(rows, 'new', 'old'):.2f}, CPU {_ratio(rows, 'new', 'old', 'cpu_s'):.2f}.",
        "- Timeline (medians, seconds from the start; old / new): planned "
        f"{mark('old', 'planned')} / {mark('new', 'planned')}; first narration progress "
        f"{mark('old', 'first_progress')} / {mark('new', 'first_progress')}; every sentence "
        f"{mark('old', 'narrated')} / {mark('new', 'narrated')}; first episode made "
        f"{mark('old', 'first_made')} / {mark('new', 'first_made')}; last "
        f"{mark('old', 'last_made')} / {mark('new', 'last_made')}; exit "
        f"{mark('old', 'exit')} / {mark('new', 'exit')}.",
        f"- Warm no-change rebuild, alternating ({len(r['warm'])} each): old median "
        f"{warm_old:.2f} s, new {warm_new:.2f} s (runs: old {warm_runs['old']}; "
        f"new {warm_runs['new']}).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old-ref", default="3364893", help="git commit of the old code")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warm-reps", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    result = run(old_ref=args.old_ref, rounds=args.rounds, warm_reps=args.warm_reps)
    text = markdown(result)
    print(text)
    if not args.no_write:
        write_section("startup", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
