"""ARCHIVE (issue 27): a publication's archive of 10,000 essays, planned and rebuilt.

    python -m bench.archive [--essays 10000] [--reps 3] [--cold-rebuild]

The essays are generated from the seeds' paragraphs (each opens with its own
numbered sentence, then three seed paragraphs chosen by its number), one
Markdown file each, in one folder. Measured, each command a fresh process:

- `audiozine plan ESSAYS --out SHOW` before any build (everything read);
- `audiozine plan` and `audiozine build` after a build, nothing changed: what
  a publisher runs every day (median of --reps);
- with --cold-rebuild, one no-change build without the text cache
  (`.audiozine/text-cache.sqlite`: what every no-change build cost before it existed).

Narrating and mastering 10,000 episodes is not what this measures (that is days
of audio): the show is first built in this process with the voice and the
mastering replaced by placeholders (episode files of 1 kB, the feed, page,
manifest and caches written by the real build). The no-change builds after it
are the real command; they only stat the episode files. Since the second build of
a show reuses the first one's scripts, the first of them is no longer an outlier
that makes every script again.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import statistics
import sys
import time
from pathlib import Path

from .common import (
    AUDIOZINE, OUT, SEEDS, fmt_s, fresh_dir, machine_line, machine_notes, run_measured,
    save_json,
)

TITLE = "Archive"


def seed_paragraphs() -> list[str]:
    paragraphs = []
    for path in SEEDS.values():
        for paragraph in path.read_text("utf-8").split("\n\n"):
            paragraph = " ".join(paragraph.split())
            if len(paragraph.split()) >= 25 and not paragraph.startswith("#"):
                paragraphs.append(paragraph)
    return paragraphs


def write_essays(folder: Path, count: int) -> int:
    """`count` essays in `folder`; returns the words written."""
    pool = seed_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for n in range(1, count + 1):
        chosen = [pool[(n * 7 + k * 13) % len(pool)] for k in range(3)]
        text = (f"# Letter {n} from the archive\n\nThis is letter number {n}.\n\n"
                + "\n\n".join(chosen) + "\n")
        (folder / f"letter-{n:05d}.md").write_text(text, "utf-8")
        words += len(text.split())
    return words


def prime(essays: Path, show_dir: Path, cache_dir: Path) -> float:
    """Build the show for real with placeholder narration and episode files; seconds."""
    import audiozine.build as build
    import audiozine.episodes as episodes
    from audiozine.cache import SentenceCache
    from audiozine.config import default_show
    from audiozine.files import write_atomic
    from audiozine.manifest import write_source_show
    from audiozine.models import MasteredEpisode, Narration, PublishedEpisode

    def narrate(scripts, _profile, *, on_narrated=None, **_options):
        narrations = []
        for index, script in enumerate(scripts):
            narrations.append(Narration(script=script, spoken=(), voice_description="bench"))
            on_narrated(index, narrations[-1])
        return tuple(narrations)

    def make(job):
        episode, staging, tags = job.narration.script.episode, job.staging, job.tags
        folder = staging / "episodes"
        for suffix in build.EPISODE_SUFFIXES:
            body = b'{"version": "1.0.0", "segments": []}' if suffix == ".json" else b"\0" * 1000
            write_atomic(folder / f"{episode.stem}{suffix}", body, durable=False)
        duration_ms = 600_000
        record = PublishedEpisode(
            number=episode.number, guid=episode.guid, slug=episode.slug, title=episode.title,
            pub_date=episode.pub_date, identity=job.identity,
            season=episode.season, description=episode.description, duration_ms=duration_ms,
            size_bytes=1000, content_hash=job.content_hash, chapters=(), part=episode.part,
            part_count=episode.part_count, links=episode.links, author=tags.author)
        return episodes.MadeEpisode(record=record, mastered=MasteredEpisode(
            episode=episode, mp3_path=folder / episode.stem, duration_ms=duration_ms,
            timeline=(), chapters=(), integrated_lufs=-16.0, true_peak_dbtp=-2.0))

    build.narrate_scripts, episodes.make_episode = narrate, make
    started = time.monotonic()
    show = default_show((essays,), show_dir, title=TITLE)
    build.build_show(show, show_dir, build.BuildOptions(cache=SentenceCache(cache_dir), jobs=1))
    write_source_show(show_dir, title=TITLE, author=None)
    return time.monotonic() - started


def measure(cmd: list, reps: int) -> dict:
    runs = [run_measured(cmd).check() for _ in range(reps)]
    return {"wall_s": [r.wall_s for r in runs], "median_s": statistics.median(r.wall_s for r in runs),
            "cpu_s": statistics.median(r.user_s + r.sys_s for r in runs),
            "max_rss_mb": max(r.max_rss_mb for r in runs), "stderr_tail": runs[-1].stderr[-600:],
            "stdout_tail": runs[-1].stdout[-300:]}


def run(*, essays: int = 10_000, reps: int = 3, cold_rebuild: bool = False, log=print) -> dict:
    notes = machine_notes()
    root = fresh_dir(OUT / f"archive-{essays}")
    folder, show_dir, cache = root / "essays", root / "show", root / "cache"
    words = write_essays(folder, essays)
    log(f"archive: {essays} essays, {words} words in {folder}")
    plan_cmd = [AUDIOZINE, "plan", folder, "--out", show_dir, "--title", TITLE]
    build_cmd = [AUDIOZINE, "build", folder, "--out", show_dir, "--title", TITLE,
                 "--cache-dir", cache]
    result: dict = {"notes": notes, "essays": essays, "words": words, "reps": reps}
    result["plan_cold"] = measure(plan_cmd, 1)
    log(f"  plan before any build: {result['plan_cold']['median_s']:.1f} s")
    result["prime_s"] = prime(folder, show_dir, cache)
    log(f"  built with placeholder audio in {result['prime_s']:.0f} s")
    result["plan_warm"] = measure(plan_cmd, reps)
    log(f"  plan after a build: median {result['plan_warm']['median_s']:.1f} s")
    result["nochange"] = measure(build_cmd, reps)
    made = re.search(r"\((\d+) made, (\d+) unchanged", result["nochange"]["stdout_tail"])
    result["nochange_made_unchanged"] = [int(made.group(1)), int(made.group(2))] if made else None
    log(f"  no-change build: median {result['nochange']['median_s']:.1f} s "
        f"({result['nochange_made_unchanged']} made/unchanged)")
    result["feed_bytes"] = (show_dir / "feed.xml").stat().st_size
    result["page_bytes"] = (show_dir / "index.html").stat().st_size
    archive = show_dir / "archive.html"
    result["archive_bytes"] = archive.stat().st_size if archive.exists() else 0
    if cold_rebuild:
        (show_dir / ".audiozine" / "text-cache.sqlite").unlink()
        result["nochange_cold"] = measure(build_cmd, 1)
        log(f"  no-change build without the text cache: "
            f"{result['nochange_cold']['median_s']:.0f} s")
    save_json(f"archive-{essays}", result)
    return result


def markdown(r: dict) -> str:
    def row(name: str, m: dict, what: str) -> str:
        return (f"| {what} | {fmt_s(m['median_s'])} | {m['cpu_s']:.0f} | {m['max_rss_mb']:.0f} MB "
                f"| {', '.join(f'{w:.1f}' for w in m['wall_s'])} |")

    lines = [
        f"## Archive, {r['essays']:,} essays (issue 27)",
        "",
        machine_line(r["notes"]),
        f"Command: `.venv/bin/python -m bench.archive --essays {r['essays']}"
        f"{' --cold-rebuild' if 'nochange_cold' in r else ''}`.",
        "",
        f"{r['essays']:,} generated essays ({r['words']:,} words: a numbered opening sentence and "
        "three of the seeds' paragraphs each, one Markdown file each) in one folder. The show is "
        "first built with placeholder audio (see bench/archive.py); every figure below is the "
        "real command in a fresh process.",
        "",
        "| command | wall (median) | CPU s | largest process | runs (s) |",
        "|---|---|---|---|---|",
        row("plan_cold", r["plan_cold"], "`plan`, before any build (every essay read)"),
        row("plan_warm", r["plan_warm"], "`plan`, after a build, nothing changed"),
        row("nochange", r["nochange"], "`build`, nothing changed"),
    ]
    if "nochange_cold" in r:
        lines.append(row("nochange_cold", r["nochange_cold"],
                         "`build`, nothing changed, without the reading/script cache"))
    lines += [
        "",
        f"- The no-change build said {r['nochange_made_unchanged'][0]} made, "
        f"{r['nochange_made_unchanged'][1]:,} unchanged." if r["nochange_made_unchanged"] else
        "- The no-change build's summary line was not found.",
        f"- Output sizes: feed.xml {r['feed_bytes'] / 1e6:.1f} MB (every episode: no "
        f"`feed_episodes` set), index.html {r['page_bytes'] / 1e3:.0f} kB (the latest 50), "
        f"archive.html {r['archive_bytes'] / 1e6:.1f} MB.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.archive", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--essays", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--cold-rebuild", action="store_true")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    result = run(essays=args.essays, reps=args.reps, cold_rebuild=args.cold_rebuild)
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
