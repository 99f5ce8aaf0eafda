"""Run audiozine's benchmarks and write BENCHMARKS.md.

    python -m bench.run                         # speed, wer, memory (10,000 words)
    python -m bench.run speed                   # one part (or several: speed wer)
    python -m bench.run memory --words 100000   # the full long-essay run (about 10x longer)
    python -m bench.run --quick                 # a small subset; prints, writes no report

Each part rewrites only its own section of BENCHMARKS.md. When speed and wer run
together, wer reuses the cold build and the raw Piper audio of the speed run
instead of making them again.
"""

from __future__ import annotations

import argparse
import sys
import time

from . import memory, speed
from .common import REPORT, write_section
from .wer import report as wer_report
from .wer import run as wer_run

PARTS = ("speed", "wer", "memory")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("parts", nargs="*", metavar="PART",
                        help=f"which benchmarks ({', '.join(PARTS)}; default all)")
    parser.add_argument("--quick", action="store_true",
                        help="small subset (customer-success seed, 2,000 words); no report "
                             "unless --write")
    parser.add_argument("--write", action="store_true", help="write BENCHMARKS.md even with --quick")
    parser.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    parser.add_argument("--words", type=int, default=None,
                        help="memory: words in the generated essay (default 10000)")
    parser.add_argument("--warm-reps", type=int, default=None, help="speed: warm runs (default 5)")
    parser.add_argument("--edit-reps", type=int, default=None, help="speed: edit runs (default 3)")
    parser.add_argument("--cold-reps", type=int, default=1,
                        help="speed: cold raw/build pairs, alternating (default 1)")
    parser.add_argument("--draws", type=int, default=None,
                        help="wer: takes of Piper's seeded noise per side (default 3; 1 with "
                             "--quick)")
    parser.add_argument("--rescore", action="store_true",
                        help="wer: score the last run's transcripts again (no build, no "
                             "transcription)")
    parser.add_argument("--keep", action="store_true",
                        help="memory: keep the built show and cache in bench/out/")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # progress shows up when piped to a file
    unknown = [p for p in args.parts if p not in PARTS]
    if unknown:
        parser.error(f"unknown part {unknown[0]!r} (choose from {', '.join(PARTS)})")
    parts = [p for p in PARTS if p in args.parts] or list(PARTS)
    write = (not args.quick or args.write) and not args.no_write
    words = args.words or (2_000 if args.quick else 10_000)
    warm_reps = args.warm_reps or (3 if args.quick else 5)
    edit_reps = args.edit_reps or (2 if args.quick else 3)

    started = time.monotonic()
    summary: list[str] = []
    speed_result = None
    if "speed" in parts:
        speed_result = speed.run(quick=args.quick, warm_reps=warm_reps, edit_reps=edit_reps,
                                 cold_reps=args.cold_reps)
        s = speed_result["summary"]
        summary += [
            f"speed: raw Piper {s['raw_wall_s']:.0f} s for {s['raw_audio_s'] / 60:.1f} min "
            f"(RTF {s['raw_rtf']:.3f}); cold build {s['build_wall_s']:.0f} s for "
            f"{s['build_audio_s'] / 60:.1f} min (RTF {s['build_rtf']:.3f}); "
            f"build/raw RTF {s['rtf_ratio']:.2f} (goal <= 0.65), wall ratio {s['wall_ratio']:.2f}; "
            f"on the build's own text {s['wall_ratio_same_text']:.2f}",
            f"speed: warm no-change build median {s['warm_median_s']:.2f} s (goal < 3 s); "
            f"one paragraph edited median {s['edit_median_s']:.2f} s",
        ]
        if write:
            write_section("speed", speed.markdown(speed_result))
    if "wer" in parts:
        reuse = speed_result is not None and speed_result["quick"] == args.quick
        result = wer_run.run(quick=args.quick, rescore=args.rescore,
                             draws=args.draws or (1 if args.quick else 3),
                             build_dirs=speed_result["build_dirs"] if reuse else None,
                             raw_wav_dir=speed_result["raw_wav_dir"] if reuse else None)
        b = result["build"]
        summary.append(wer_report.summary(result))
        summary.append("wer: top substitutions: " + ", ".join(
            f"{pair} ({n})" for pair, n in b["top_substitutions"][:8]))
        summary.append("wer: top deletions: " + ", ".join(
            f"{word} ({n})" for word, n in b["top_deletions"][:8]))
        if write:
            write_section("wer", wer_report.markdown(result))
    if "memory" in parts:
        result = memory.run(words=words, keep=args.keep)
        summary.append(f"memory: {result['words']} words, system voice: {result['wall_s']:.0f} s, "
                       f"{result['parts']} parts, peak tree RSS {result['peak_tree_rss_mb']:.0f} MB, "
                       f"largest process {result['max_rss_mb']:.0f} MB"
                       + ("" if result["returncode"] == 0 else
                          f", BUILD FAILED (exit {result['returncode']})"))
        if write:
            write_section(f"memory-{words}", memory.markdown(result))

    print()
    print(f"bench: {', '.join(parts)} in {(time.monotonic() - started) / 60:.1f} min")
    for line in summary:
        print("  " + line)
    if write:
        print(f"  written: {REPORT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
