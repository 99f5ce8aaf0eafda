"""MEMORY (issue 8): one very long essay built with the system voice.

The essay is generated deterministically from the seeds' sentences, each
prefixed with its number ("Note 1234.") so no two sentences are the same and the
sentence cache cannot shortcut; a title line, then paragraphs of six sentences.
It is built with `audiozine build ESSAY.txt --voice system` from a fresh cache;
the build's wall time, its parts (episodes) and the peak memory of its process
tree (sampled RSS sum, and the largest single process from wait4) are reported.
"""

from __future__ import annotations

import re
import shutil

from .common import (
    AUDIOZINE, OUT, SEEDS, episode_mp3s, fmt_s, fresh_dir, machine_line, machine_notes,
    mp3_seconds, run_measured, save_json,
)
from .speed import after_synthesis, phases

TITLE = "A very long essay for the memory benchmark"


def seed_sentences() -> list[str]:
    sentences = []
    for path in SEEDS.values():
        for paragraph in path.read_text("utf-8").split("\n\n"):
            paragraph = " ".join(paragraph.split())
            if len(paragraph.split()) < 12:  # titles and short lines
                continue
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", paragraph)
                          if len(s.split()) >= 4]
    return sentences


def make_essay(words: int) -> tuple[str, int]:
    """(text, word count): a title line and about `words` words of numbered sentences."""
    pool = seed_sentences()
    paragraphs, current, count, n = [], [], len(TITLE.split()), 0
    while count < words:
        sentence = f"Note {n + 1}. {pool[(n * 7) % len(pool)]}"  # 7 is coprime with most sizes
        current.append(sentence)
        count += len(sentence.split())
        n += 1
        if len(current) == 6:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return TITLE + "\n\n" + "\n\n".join(paragraphs) + "\n", count


def run(*, words: int = 10_000, keep: bool = False, log=print) -> dict:
    notes = machine_notes()
    root = fresh_dir(OUT / f"memory-{words}")
    text, count = make_essay(words)
    essay = root / "long-essay.txt"
    essay.write_text(text, "utf-8")
    out_dir, cache = root / "show", root / "cache"
    log(f"memory: building a {count}-word essay with the system voice")
    r = run_measured([AUDIOZINE, "build", essay, "--out", out_dir, "--voice", "system",
                      "--cache-dir", cache], env={"PYTHONUNBUFFERED": "1"}, interval=0.5)
    (root / "build-stderr.txt").write_text(r.stderr, "utf-8")
    (root / "build-stdout.txt").write_text(r.stdout, "utf-8")
    mp3s = episode_mp3s(out_dir) if out_dir.exists() else []
    m = re.search(r": (\d+) episodes", r.stdout)
    result = {"notes": notes, "words_requested": words, "words": count,
              "returncode": r.returncode, "wall_s": r.wall_s, "cpu_s": r.user_s + r.sys_s,
              "parts": int(m.group(1)) if m else len(mp3s), "mp3s": len(mp3s),
              "audio_s": sum(mp3_seconds(p) for p in mp3s),
              "peak_tree_rss_mb": r.peak_tree_rss_mb, "max_rss_mb": r.max_rss_mb,
              "phases": phases(r), "stderr_tail": r.stderr[-2000:]}
    log(f"  {count} words: {r.wall_s:.0f} s, {result['parts']} parts, peak tree RSS "
        f"{r.peak_tree_rss_mb:.0f} MB, largest process {r.max_rss_mb:.0f} MB, exit {r.returncode}")
    if not keep:
        shutil.rmtree(out_dir, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
    save_json(f"memory-{words}", result)
    return result


def markdown(r: dict) -> str:
    ph = r["phases"]
    status = "" if r["returncode"] == 0 else f" **The build failed (exit {r['returncode']}).**"
    lines = [
        f"## Memory, {r['words_requested']:,}-word essay (issue 8)",
        "",
        machine_line(r["notes"]),
        f"Command: `.venv/bin/python -m bench.run memory --words {r['words_requested']}`.",
        "",
        f"A generated essay of {r['words']:,} words (the seeds' sentences, numbered so none "
        "repeats; a title line, paragraphs of six sentences) built with "
        "`audiozine build ESSAY.txt --voice system` (espeak-ng through pyttsx3) from a fresh "
        f"cache.{status}",
        "",
        "| words | wall | parts | narrated audio | CPU s | peak RSS, process tree (sum) | largest process |",
        "|---|---|---|---|---|---|---|",
        f"| {r['words']:,} | {fmt_s(r['wall_s'])} | {r['parts']} | "
        f"{r['audio_s'] / 3600:.2f} h | {r['cpu_s']:.0f} | {r['peak_tree_rss_mb']:.0f} MB | "
        f"{r['max_rss_mb']:.0f} MB |",
        "",
        f"- Where the time went (from when the build's log lines arrived): start-up and "
        f"planning {ph.get('plan_s') or 0:.1f} s, synthesis (finished parts mastered beside "
        f"it) {ph.get('synthesis_s', float('nan')):.0f} s, "
        + (f"the mastering and tagging left after it {ph['master_s']:.0f} s, publishing and "
           f"exit {ph['publish_exit_s']:.1f} s." if "master_s" in ph else
           "the mastering, tagging, publishing and exit left after it "
           f"{after_synthesis(ph):.0f} s."),
        "- The process-tree figure sums the RSS of the build and its worker processes, sampled "
        "every 0.5 s (shared pages count once per process); the largest-process figure is "
        "`ru_maxrss` from wait4.",
    ]
    if r["words_requested"] < 100_000:
        scale = 100_000 / r["words"]
        lines.append(f"- Linear extrapolation to 100,000 words (an estimate, not a measurement): "
                     f"about {r['wall_s'] * scale / 60:.0f} min of wall time; memory does not "
                     "extrapolate linearly (see the 100,000-word section when it has been run).")
    return "\n".join(lines)
