"""Golden check for behaviour-preserving changes: run it before and after, then diff.

    python -m bench.golden OUT_DIR [--corpus DIR ...] [--build]

Writes, under OUT_DIR:
  plan/<name>.json      `audiozine plan --json --script` of each seed show, each test
                        fixture collection and each corpus folder (episodes, GUIDs,
                        dates, warnings and every utterance's spoken text);
  mp3/<show>.sha256     with --build: the SHA-256 of every MP3 of a build of the seed
                        shows (the sentence cache is shared, so a second run narrates
                        nothing new and compares mastering and tagging).

Then `diff -r BEFORE_DIR AFTER_DIR` must print nothing. The corpus folders are
collections of real writing kept outside the repository (never committed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .common import AUDIOZINE, ROOT, SHOWS

# Small collections the tests write into a folder, read as a user's folder would be.
FIXTURE_TEXTS = {
    "fixture-markdown": {
        "one.md": "---\ntitle: One\ndate: 2024-03-01\n---\n\nIt costs $5 at 10:30am, "
                  "about 3 km away.\n\nDr. Smith said \u201cno\u201d, e.g. twice.\n",
        "two.md": "# Two\n\nThe 1990s were 20-30% cheaper; see https://example.org/a/b.\n",
    },
    "fixture-html": {
        "essay.html": "<html><head><title>Three</title></head><body><article><h1>Three"
                      "</h1><p>On 4 July 2023 we met at 221B Baker St. for 2 hours.</p>"
                      "<table><tr><td>a</td><td>b</td></tr></table></article></body></html>",
    },
}


def _plan_json(args: list[str], cwd: Path) -> str:
    done = subprocess.run([str(AUDIOZINE), "plan", *args, "--json", "--script"],
                          cwd=cwd, capture_output=True, text=True)
    text = f"exit {done.returncode}\n{done.stdout}\n--- stderr\n{done.stderr}"
    # Undated essays are dated by the clock, and fixtures live in a fresh scratch folder.
    recent = {(dt.date.today() - dt.timedelta(days=d)).isoformat() for d in range(-1, 3)}
    text = re.sub(r"\b(\d{4}-\d\d-\d\d)(T\d\d:\d\d)?",
                  lambda m: "<recent>" if m.group(1) in recent else m.group(0), text)
    return text.replace(str(cwd), "<folder>")


def write_golden(out_dir: Path, corpora: list[Path], build: bool) -> None:
    (out_dir / "plan").mkdir(parents=True, exist_ok=True)
    for name, show in SHOWS.items():
        (out_dir / "plan" / f"{name}.json").write_text(
            _plan_json(["--show", str(show.relative_to(ROOT))], ROOT))
    with tempfile.TemporaryDirectory() as scratch:
        for name, files in FIXTURE_TEXTS.items():
            folder = Path(scratch) / name
            folder.mkdir()
            for file_name, text in files.items():
                (folder / file_name).write_text(text)
            (out_dir / "plan" / f"{name}.json").write_text(
                _plan_json([name, "--out", "out-" + name], Path(scratch)))
        for corpus in corpora:
            (out_dir / "plan" / f"corpus-{corpus.name}.json").write_text(
                _plan_json([str(corpus.resolve()), "--out", "out-" + corpus.name],
                           Path(scratch)))
        if build:
            (out_dir / "mp3").mkdir(exist_ok=True)
            for name, show in SHOWS.items():
                show_dir = Path(scratch) / "built" / name
                subprocess.run([str(AUDIOZINE), "build", "--show", str(show), "--out",
                                str(show_dir)], cwd=ROOT, check=True,
                               stdout=subprocess.DEVNULL)
                lines = [f"{hashlib.sha256(mp3.read_bytes()).hexdigest()}  {mp3.name}"
                         for mp3 in sorted((show_dir / "episodes").glob("*.mp3"))]
                (out_dir / "mp3" / f"{name}.sha256").write_text("\n".join(lines) + "\n")
                shutil.rmtree(show_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.golden", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--corpus", type=Path, action="append", default=[],
                        help="a folder of essays to plan as one more collection")
    parser.add_argument("--build", action="store_true", help="also build the seed shows")
    args = parser.parse_args(argv)
    write_golden(args.out_dir, args.corpus, args.build)
    print(f"golden outputs in {args.out_dir}; compare two runs with diff -r")
    return 0


if __name__ == "__main__":
    sys.exit(main())
