"""SPEED (issue 5): raw Piper vs `audiozine build`, cold, warm and after one edit.

Side by side in one run, on the same text (every essay of the chosen seeds):
  (a) raw piper-tts in one process (bench/raw_piper.py): the baseline a user
      could script; wall time includes interpreter start and model load;
  (a') the same on the build's own spoken text: every utterance the build gives
      the voice (title, intro, outro, the lexicon applied), each once;
  (b) `audiozine build --show feeds/X.toml` per show from a fresh cache and a
      fresh output folder (a subprocess per show; times added up);
  (c) the same builds again with nothing changed (warm cache), repeated;
  (d) after editing one paragraph of a copy of the seed, repeated.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from .common import (
    AUDIOZINE, OUT, PYTHON, ROOT, SEEDS, SHOWS, Measured, episode_mp3s, fmt_s, fresh_dir,
    load_essays, machine_line, machine_notes, median, mp3_seconds, run_measured, save_json,
    voice_settings,
)

EDIT_WORDS = ("Truly", "Frankly", "Honestly", "Clearly", "Plainly", "Simply", "Really")


def _build_cmd(show_file: Path, out_dir: Path, cache: Path) -> list:
    return [AUDIOZINE, "build", "--show", show_file, "--out", out_dir, "--cache-dir", cache]


def _counts(stdout: str) -> tuple[int, int]:
    """(episodes made, unchanged) from the build's summary line."""
    m = re.search(r"(\d+) made, (\d+) unchanged", stdout)
    return (int(m.group(1)), int(m.group(2))) if m else (-1, -1)


def build_text_job(shows: list[str], job_file: Path, length_scale: float) -> dict:
    """A raw Piper job of the utterances the builds of `shows` give the voice, as
    `audiozine plan --json --script` lists them (intro and outro included), each
    distinct text once and in the build's order (a build synthesizes a repeated
    sentence once): one "essay" per episode, one Piper call per utterance."""
    essays = []
    seen: set[str] = set()
    for name in shows:
        out = subprocess.run([str(AUDIOZINE), "plan", "--show", str(SHOWS[name]), "--json",
                              "--script"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout
        for n, script in enumerate(json.loads(out)[0]["scripts"]):
            spoken = [u["spoken"] for u in script if not (u["spoken"] in seen or
                                                          seen.add(u["spoken"]))]
            essays.append({"id": f"{name}/{n + 1:02d}", "title": spoken[0],
                           "paragraphs": spoken[1:]})
    job = {"length_scale": length_scale, "essays": essays}
    job_file.write_text(json.dumps(job), "utf-8")
    return job


def phases(run: Measured) -> dict:
    """Where a build's time went, from the time its log lines arrived.

    plan_s: start-up, reading, planning (until the "N to make" line);
    synthesis_s: until the narration progress reports every sentence done;
    after_synthesis_s: the rest (mastering, tagging, publishing, exit), split into
    master_s (until the last "made ....mp3" line) and publish_exit_s when found.
    """
    planned = narrated = last_made = None
    for t, line in run.stderr_lines:
        if re.search(r"\d+ to make, \d+ unchanged", line):
            planned = t
        m = re.match(r"narrating: (\d+)/(\d+) sentences", line)
        if m and m.group(1) == m.group(2):
            narrated = t
        if re.search(r"\bmade \S+\.mp3", line):
            last_made = t
    result = {"plan_s": planned}
    if planned is not None:
        synth_end = narrated if narrated is not None else planned
        result["synthesis_s"] = synth_end - planned
        result["after_synthesis_s"] = run.wall_s - synth_end
        if last_made is not None:
            result["master_s"] = last_made - synth_end
            result["publish_exit_s"] = run.wall_s - last_made
    return result


def after_synthesis(ph: dict) -> float:
    """Mastering + tagging + publishing + exit, when the log showed where synthesis ended."""
    return ph.get("after_synthesis_s", float("nan"))


def _env(cache: Path) -> dict:
    return {"AUDIOZINE_CACHE_DIR": str(cache), "PYTHONUNBUFFERED": "1"}


def cold_build(shows: list[str], root: Path, cache: Path, log) -> dict:
    runs = {}
    for name in shows:
        out_dir = root / name
        shutil.rmtree(out_dir, ignore_errors=True)
        run = run_measured(_build_cmd(SHOWS[name], out_dir, cache), env=_env(cache)).check()
        made, unchanged = _counts(run.stdout)
        audio = sum(mp3_seconds(p) for p in episode_mp3s(out_dir))
        runs[name] = {"wall_s": run.wall_s, "cpu_s": run.user_s + run.sys_s,
                      "max_rss_mb": run.max_rss_mb, "peak_tree_rss_mb": run.peak_tree_rss_mb,
                      "made": made, "unchanged": unchanged, "audio_s": audio,
                      "episodes": len(episode_mp3s(out_dir)), "phases": phases(run),
                      "log": [(round(t, 2), line) for t, line in run.stderr_lines],
                      "out_dir": str(out_dir)}
        log(f"  cold build {name}: {run.wall_s:.1f} s wall, {made} made, "
            f"{audio / 60:.1f} min of audio, peak {run.peak_tree_rss_mb:.0f} MB")
    return {"shows": runs, "wall_s": sum(r["wall_s"] for r in runs.values()),
            "cpu_s": sum(r["cpu_s"] for r in runs.values()),
            "audio_s": sum(r["audio_s"] for r in runs.values()),
            "peak_tree_rss_mb": max(r["peak_tree_rss_mb"] for r in runs.values()),
            "max_rss_mb": max(r["max_rss_mb"] for r in runs.values())}


def raw_run(job_file: Path, root: Path, wav_dir: Path | None, tag: str, log) -> dict:
    out_json = root / f"raw-{tag}.json"
    cmd = [PYTHON, "-m", "bench.raw_piper", job_file, out_json]
    if wav_dir is not None:
        cmd += ["--wav-dir", wav_dir]
    run = run_measured(cmd).check()
    data = json.loads(out_json.read_text("utf-8"))
    wall = run.wall_s - data["write_s"]  # WAV writing is for the WER benchmark only
    log(f"  raw piper: {wall:.1f} s wall (load {data['load_s']:.1f} s), "
        f"{data['audio_s'] / 60:.1f} min of audio, peak {run.peak_tree_rss_mb:.0f} MB")
    return {"wall_s": wall, "cpu_s": run.user_s + run.sys_s, "max_rss_mb": run.max_rss_mb,
            "peak_tree_rss_mb": run.peak_tree_rss_mb, **data}


def _pick_paragraph(essays: list[dict], show: str, target_words: int = 100) -> tuple[int, int]:
    """(essay index, paragraph index) of the paragraph nearest target_words in `show`."""
    best = None
    for e_n, essay in enumerate(essays):
        if essay["show"] != show:
            continue
        for p_n, text in enumerate(essay["paragraphs"]):
            score = abs(len(text.split()) - target_words)
            if best is None or score < best[0]:
                best = (score, e_n, p_n)
    return best[1], best[2]


def _edited(paragraph: str, word: str) -> str:
    """Every sentence of the paragraph changed (a rewrite): all of it is re-synthesized."""
    sentences = re.split(r"(?<=[.!?])\s+", paragraph)
    return " ".join(f"{word}, {s}" for s in sentences)


def run(*, quick: bool = False, warm_reps: int = 5, edit_reps: int = 3, cold_reps: int = 1,
        log=print) -> dict:
    shows = ["customer-success"] if quick else ["working-life", "customer-success"]
    notes = machine_notes()
    root = fresh_dir(OUT / "speed")
    essays = load_essays(shows)
    joe = voice_settings("joe")
    job_file = root / "raw-job.json"
    job_file.write_text(json.dumps({"length_scale": joe["length_scale"], "essays": essays}),
                        "utf-8")
    same_text_job = root / "raw-same-text-job.json"
    build_text_job(shows, same_text_job, joe["length_scale"])
    log(f"speed: {len(essays)} essays from {', '.join(shows)}; "
        f"{sum(len(p.split()) for e in essays for p in [e['title'], *e['paragraphs']])} words")

    raws, builds, same_text = [], [], []
    for rep in range(cold_reps):
        cache = fresh_dir(root / f"cache-{rep}")
        build_root = fresh_dir(root / f"build-{rep}")
        wav_dir = root / "raw-wav" if rep == 0 else None
        order = ("raw", "build", "same") if rep % 2 == 0 else ("same", "build", "raw")
        for what in order:
            if what == "raw":
                raws.append(raw_run(job_file, root, wav_dir, str(rep), log))
            elif what == "same":
                same_text.append(raw_run(same_text_job, root, None, f"same-{rep}", log))
            else:
                builds.append(cold_build(shows, build_root, cache, log))
    for rep in range(1, cold_reps):  # keep the first cache and build for (c) and (d)
        shutil.rmtree(root / f"cache-{rep}", ignore_errors=True)
    cache = root / "cache-0"
    built = root / "build-0"

    # (c) warm: nothing changed.
    warm = []
    for rep in range(warm_reps):
        per_show = {}
        for name in shows:
            r = run_measured(_build_cmd(SHOWS[name], built / name, cache), env=_env(cache))
            r.check()
            made, unchanged = _counts(r.stdout)
            per_show[name] = {"wall_s": r.wall_s, "made": made, "unchanged": unchanged,
                              "peak_tree_rss_mb": r.peak_tree_rss_mb}
        total = sum(s["wall_s"] for s in per_show.values())
        warm.append({"wall_s": total, "shows": per_show})
        detail = ", ".join(f"{n} {v['wall_s']:.2f} s, {v['made']} made"
                           for n, v in per_show.items())
        log(f"  warm build #{rep + 1}: {total:.2f} s ({detail})")

    # (d) one paragraph edited, in a copy of the seed and show file.
    edit_show = shows[0]
    e_n, p_n = _pick_paragraph(essays, edit_show)
    essay = essays[e_n]
    paragraph = essay["paragraphs"][p_n]
    edit_root = fresh_dir(root / "edit")
    (edit_root / "seeds").mkdir()
    (edit_root / "feeds").mkdir()
    seed_copy = edit_root / "seeds" / SEEDS[edit_show].name
    show_copy = edit_root / "feeds" / SHOWS[edit_show].name
    shutil.copy2(SHOWS[edit_show], show_copy)
    edit_out = edit_root / "feeds" / edit_show
    shutil.copytree(built / edit_show, edit_out)
    lines = SEEDS[edit_show].read_text("utf-8").split("\n")
    found = [n for n, line in enumerate(lines) if " ".join(line.split()) == paragraph]
    if len(found) != 1:
        raise RuntimeError("the paragraph to edit is not one line of the seed")
    edits = []
    for rep in range(edit_reps):
        word = EDIT_WORDS[rep % len(EDIT_WORDS)]
        edited = lines[:found[0]] + [_edited(paragraph, word)] + lines[found[0] + 1:]
        seed_copy.write_text("\n".join(edited), "utf-8")
        r = run_measured(_build_cmd(show_copy, edit_out, cache), env=_env(cache)).check()
        made, unchanged = _counts(r.stdout)
        ph = phases(r)
        edits.append({"wall_s": r.wall_s, "made": made, "unchanged": unchanged,
                      "phases": ph, "peak_tree_rss_mb": r.peak_tree_rss_mb,
                      "log": [(round(t, 2), line) for t, line in r.stderr_lines]})
        log(f"  edit build #{rep + 1} ({word}): {r.wall_s:.2f} s, {made} made; "
            f"synthesis {ph.get('synthesis_s', float('nan')):.2f} s, "
            f"mastering to exit {after_synthesis(ph):.2f} s")
    raw_para = raws[0]["essays"][e_n]["paragraphs"][p_n + 1]  # +1: the title comes first
    episode_audio = None
    index_in_show = sum(1 for e in essays[:e_n] if e["show"] == edit_show)
    for mp3 in episode_mp3s(built / edit_show):
        if mp3.name.startswith(f"{index_in_show + 1:03d}-"):
            episode_audio = mp3_seconds(mp3)

    result = {"notes": notes, "shows": shows, "essays": len(essays),
              "words": sum(len(p.split()) for e in essays for p in [e["title"], *e["paragraphs"]]),
              "raw": raws, "raw_same_text": same_text, "build": builds, "warm": warm,
              "edit": edits,
              "edit_target": {"show": edit_show, "essay": essay["title"], "paragraph": p_n + 1,
                              "words": len(paragraph.split()),
                              "raw_synth_s": raw_para["synth_s"],
                              "raw_audio_s": raw_para["audio_s"],
                              "episode_audio_s": episode_audio},
              "build_dirs": {name: str(built / name) for name in shows},
              "raw_wav_dir": str(root / "raw-wav"), "quick": quick}
    result["summary"] = summarize(result)
    save_json("speed", result)
    return result


def summarize(r: dict) -> dict:
    raw_wall = median(x["wall_s"] for x in r["raw"])
    raw_audio = r["raw"][0]["audio_s"]
    build_wall = median(x["wall_s"] for x in r["build"])
    build_audio = r["build"][0]["audio_s"]
    raw_rtf = raw_wall / raw_audio
    build_rtf = build_wall / build_audio
    same = r.get("raw_same_text") or []
    same_wall = median(x["wall_s"] for x in same)
    return {"raw_wall_s": raw_wall, "raw_audio_s": raw_audio, "raw_rtf": raw_rtf,
            "raw_same_text_wall_s": same_wall,
            "raw_same_text_audio_s": same[0]["audio_s"] if same else float("nan"),
            "wall_ratio_same_text": build_wall / same_wall,
            "raw_synth_only_rtf": median(x["synth_s"] for x in r["raw"]) / raw_audio,
            "build_wall_s": build_wall, "build_audio_s": build_audio, "build_rtf": build_rtf,
            "rtf_ratio": build_rtf / raw_rtf, "wall_ratio": build_wall / raw_wall,
            "warm_median_s": median(x["wall_s"] for x in r["warm"]),
            "warm_runs_s": [x["wall_s"] for x in r["warm"]],
            "edit_median_s": median(x["wall_s"] for x in r["edit"]),
            "edit_runs_s": [x["wall_s"] for x in r["edit"]],
            "edit_synthesis_median_s": median(x["phases"].get("synthesis_s", float("nan"))
                                              for x in r["edit"]),
            "edit_after_synthesis_median_s": median(after_synthesis(x["phases"])
                                                    for x in r["edit"])}


def markdown(r: dict) -> str:
    s = r["summary"] = summarize(r)
    notes = r["notes"]
    raw, build = r["raw"][0], r["build"][0]
    goal = "meets" if s["rtf_ratio"] <= 0.65 else "misses"
    warm_goal = "meets" if s["warm_median_s"] < 3 else "misses"
    t = r["edit_target"]
    repeated = len(r["raw"]) > 1
    cold_reps = f" --cold-reps {len(r['raw'])}" if repeated else ""
    raw_runs = ", ".join(f"{x['wall_s']:.1f}" for x in r["raw"])
    build_runs = ", ".join(f"{x['wall_s']:.1f}" for x in r["build"])
    cold_runs = (f" Cold runs in the order made: raw {raw_runs} s; build {build_runs} s "
                 "(medians in the table; CPU, memory and the per-show lines below are from "
                 "the first run)." if repeated else "")
    lines = [
        "## Speed (issue 5)",
        "",
        machine_line(notes),
        f"Command: `.venv/bin/python -m bench.run speed{' --quick' if r['quick'] else ''}"
        f"{cold_reps}`.",
        "",
        f"Text: every essay of {', '.join(f'`seeds/{SEEDS[n].name}`' for n in r['shows'])} "
        f"({r['essays']} essays, {r['words']} words, title and paragraphs as written). "
        f"Cold runs: {len(r['raw'])} of each (alternating raw/build when repeated); warm: "
        f"{len(r['warm'])} runs, edit: {len(r['edit'])} runs, medians reported.",
        "",
        "| run | wall | narrated audio | RTF (wall s per audio s) | CPU s | peak RSS, process tree | largest process |",
        "|---|---|---|---|---|---|---|",
        f"| (a) raw piper-tts, one process | {fmt_s(s['raw_wall_s'])} | "
        f"{s['raw_audio_s'] / 60:.1f} min | {s['raw_rtf']:.3f} | {raw['cpu_s']:.0f} | "
        f"{raw['peak_tree_rss_mb']:.0f} MB | {raw['max_rss_mb']:.0f} MB |",
        f"| (b) `audiozine build`, cold cache | {fmt_s(s['build_wall_s'])} | "
        f"{s['build_audio_s'] / 60:.1f} min | {s['build_rtf']:.3f} | {build['cpu_s']:.0f} | "
        f"{build['peak_tree_rss_mb']:.0f} MB | {build['max_rss_mb']:.0f} MB |",
        f"| (c) warm cache, no change | {fmt_s(s['warm_median_s'])} | | | | "
        f"{max(x['shows'][n]['peak_tree_rss_mb'] for x in r['warm'] for n in x['shows']):.0f} MB | |",
        f"| (d) one paragraph edited | {fmt_s(s['edit_median_s'])} | | | | "
        f"{max(x['peak_tree_rss_mb'] for x in r['edit']):.0f} MB | |",
        "",
        f"- **Build RTF / raw RTF = {s['rtf_ratio']:.2f}** (goal <= 0.65: {goal}). "
        f"Raw RTF counts Piper's own audio ({s['raw_audio_s'] / 60:.1f} min); build RTF counts "
        f"the built episodes' durations from mutagen ({s['build_audio_s'] / 60:.1f} min, "
        f"which add intro, outro and pauses). Against raw on the titles and paragraphs, "
        f"build wall / raw wall = {s['wall_ratio']:.2f}.{cold_runs}",
        f"- **On the same text** (raw Piper given every utterance the build gives the "
        f"voice, intro, outro and titles included, each once: "
        f"{s['raw_same_text_audio_s'] / 60:.1f} min of audio): raw "
        f"{fmt_s(s['raw_same_text_wall_s'])}, build wall / raw wall = "
        f"**{s['wall_ratio_same_text']:.2f}** (medians of the runs above).",
        f"- Raw Piper: model load {raw['load_s']:.1f} s, synthesis {raw['synth_s']:.1f} s "
        f"(synthesis-only RTF {s['raw_synth_only_rtf']:.3f}); wall includes interpreter "
        "start and imports, not the WAVs it also writes for the WER benchmark (its CPU "
        "and peak memory do include holding and writing them).",
    ]
    for name, show in build["shows"].items():
        ph = show["phases"]
        detail = (f"the mastering and tagging left after it {ph['master_s']:.1f} s, "
                  f"publishing and exit {ph['publish_exit_s']:.1f} s" if "master_s" in ph else
                  "the mastering, tagging, publishing and exit left after it "
                  f"{after_synthesis(ph):.1f} s")
        lines.append(
            f"- Cold build `{name}` ({show['episodes']} episodes, {show['audio_s'] / 60:.1f} min, "
            f"CPU {show['cpu_s']:.0f} s): {fmt_s(show['wall_s'])} = start-up and planning "
            f"{ph.get('plan_s') or 0:.1f} s, synthesis (finished episodes mastered beside it) "
            f"{ph.get('synthesis_s', float('nan')):.1f} s, "
            f"{detail} (from when its log lines arrived).")
    warm_runs = ", ".join(f"{x:.2f}" for x in s["warm_runs_s"])
    per_show = "; ".join(f"`{n}` {median(x['shows'][n]['wall_s'] for x in r['warm']):.2f} s"
                         for n in r["shows"])
    lines += [
        f"- Warm, no change (both shows' builds added up): median "
        f"**{s['warm_median_s']:.2f} s** (runs: {warm_runs} s; per show: {per_show}); "
        f"target under 3 s: {warm_goal}. Episodes made: "
        f"{sorted({x['shows'][n]['made'] for x in r['warm'] for n in x['shows']})}.",
        f"- One paragraph edited: paragraph {t['paragraph']} of \"{t['essay']}\" in `{t['show']}` "
        f"({t['words']} words; every sentence of it changed, a different word each run so "
        f"nothing is cached), rebuilt from a copy of the seed and show file: median "
        f"**{s['edit_median_s']:.2f} s** (runs: {', '.join(f'{x:.2f}' for x in s['edit_runs_s'])} s; "
        f"episodes made: {sorted({x['made'] for x in r['edit']})}). Of that, start-up and "
        f"planning {median(x['phases'].get('plan_s') or 0 for x in r['edit']):.2f} s, synthesis "
        f"{s['edit_synthesis_median_s']:.2f} s (worker start, model load, the sentences), "
        f"mastering the one episode, tagging and publishing "
        f"{s['edit_after_synthesis_median_s']:.2f} s (medians, from log times). Expected cost: raw Piper "
        f"takes {t['raw_synth_s']:.2f} s for that paragraph ({t['raw_audio_s']:.1f} s of audio), "
        f"plus one episode's assembly"
        + (f" ({t['episode_audio_s'] / 60:.1f} min episode)" if t.get("episode_audio_s") else "")
        + f", on top of the warm no-change build of that show "
        f"({median(x['shows'][t['show']]['wall_s'] for x in r['warm']):.2f} s).",
    ]
    return "\n".join(lines)
