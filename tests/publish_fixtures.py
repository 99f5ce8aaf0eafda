"""Shared by the publish tests: a tiny real show, a feed reader independent of the
product's code, and a harness that kills a publish in a subprocess."""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable

from audiozine.build import BuildOptions, build_show
from audiozine.cache import SentenceCache
from audiozine.config import load_show

#: One narration cache for every publish test module of a run: the tiny show's
#: sentences are spoken once, whatever base URL each module builds it for.
CACHE_DIR = Path(tempfile.mkdtemp(prefix="audiozine-publish-cache-"))
atexit.register(shutil.rmtree, CACHE_DIR, True)

ESSAYS = {
    "one.md": "# The first note\n\nA short sentence about gardens.\n",
    "two.md": "# The second note\n\nAnother short sentence about rivers.\n",
}
THIRD = ("three.md", "# The third note\n\nA last short sentence about hills.\n")
EDITED_ONE = "# The first note\n\nA short sentence about walled gardens.\n"

NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
      "podcast": "https://podcastindex.org/namespace/1.0"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_show(root: Path, base_url: str, *, publish: str | None = None) -> Path:
    """A show file with two one-sentence essays and a short intro and outro."""
    essays = root / "essays"
    essays.mkdir(parents=True, exist_ok=True)
    for name, text in ESSAYS.items():
        (essays / name).write_text(text, "utf-8")
    lines = ['title = "Tiny Notes"', 'author = "Test Writer"',
             'description = "Two short notes."', 'sources = ["essays"]',
             f'base_url = "{base_url}"', "start_date = 2024-01-01",
             'intro = "{title}."', 'outro = "The end."']
    if publish:
        lines.append(f'publish = "{publish}"')
    show_file = root / "tiny.toml"
    show_file.write_text("\n".join(lines) + "\n", "utf-8")
    return show_file


def build(show_file: Path, out: Path) -> Path:
    build_show(load_show(show_file), out, BuildOptions(cache=SentenceCache(CACHE_DIR)))
    return out


def build_added(v1_root: Path, root: Path) -> Path:
    """The v1 project (`v1_root` holds tiny.toml, essays/ and built/) copied to `root`
    with a third essay, rebuilt on v1's record: episodes 1 and 2 keep their files."""
    shutil.copytree(v1_root, root)
    (root / "essays" / THIRD[0]).write_text(THIRD[1], "utf-8")
    return build(root / "tiny.toml", root / "built")


def published_names(show_dir: Path) -> list[str]:
    """What a built show should put on a host: everything but its `.audiozine/`."""
    return sorted(p.relative_to(show_dir).as_posix() for p in show_dir.rglob("*")
                  if p.is_file() and ".audiozine" not in p.relative_to(show_dir).parts)


def feed_problems(read: Callable[[str], bytes | None], base_url: str,
                  versions: dict[str, set[str]]) -> list[str]:
    """Everything wrong with the feed a host serves: a listed file missing, of another
    size than its enclosure says, or not one whole version the show ever had
    (`versions`: name -> sha256s). No feed at all is consistent (nothing is listed)."""
    data = read("feed.xml")
    if data is None:
        return []
    channel = ET.fromstring(data).find("channel")
    listed: list[tuple[str, int | None]] = []
    image = channel.find("itunes:image", NS)
    listed.append((image.get("href"), None))
    for item in channel.findall("item"):
        enclosure = item.find("enclosure")
        listed.append((enclosure.get("url"), int(enclosure.get("length"))))
        for tag in ("podcast:transcript", "podcast:chapters"):
            listed += [(e.get("url"), None) for e in item.findall(tag, NS)]
    problems = []
    for url, length in listed:
        assert url.startswith(base_url), url
        name = url[len(base_url):]
        body = read(name)
        if body is None:
            problems.append(f"{name} is listed but missing")
            continue
        if length is not None and len(body) != length:
            problems.append(f"{name} has {len(body)} bytes, the feed says {length}")
        if hashlib.sha256(body).hexdigest() not in versions.get(name, set()):
            problems.append(f"{name} is not a whole version of the file")
    return problems


def file_versions(*show_dirs: Path) -> dict[str, set[str]]:
    versions: dict[str, set[str]] = {}
    for show_dir in show_dirs:
        for name in published_names(show_dir):
            versions.setdefault(name, set()).add(
                hashlib.sha256((show_dir / name).read_bytes()).hexdigest())
    return versions


def publish_command(show_dir: Path, dest: str, *options: str) -> list[str]:
    return [sys.executable, "-m", "audiozine.cli", "publish", str(show_dir), dest, *options]


def run_publish(show_dir: Path, dest: str, *options: str, env: dict | None = None,
                timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(publish_command(show_dir, dest, *options), capture_output=True,
                          text=True, env=env, timeout=timeout, stdin=subprocess.DEVNULL)


#: Runs `audiozine publish` with every host's put and delete wrapped (a wrapper in
#: the test, not a switch in the product): at each moment (before a file is sent,
#: once its first bytes are, after it is in place) the child says where it is and
#: waits for the test to say "go", so the test can SIGKILL it at exactly that moment.
_HARNESS = """
import sys
from audiozine.publish import hosts

def pause(moment, name):
    sys.stdout.write(f"{moment} {name}\\n")
    sys.stdout.flush()
    if sys.stdin.readline() != "go\\n":
        sys.exit(99)

def wrap(cls):
    put, delete = cls.put, cls.delete

    def paused_put(self, local, name, *, advance, **options):
        started = []

        def paused_advance(count):
            if not started:
                started.append(1)
                pause("during", name)
            advance(count)

        pause("before", name)
        put(self, local, name, advance=paused_advance, **options)
        pause("after", name)

    def paused_delete(self, name):
        pause("before-delete", name)
        delete(self, name)

    cls.put, cls.delete = paused_put, paused_delete

for cls in (hosts.FolderHost, hosts.S3Host, hosts.SftpHost):
    wrap(cls)

import os
if os.environ.get("HARNESS_MULTIPART"):
    # Every file in parts, so a small show's upload can be killed between them.
    connect = hosts.S3Host.connect

    def connect_in_parts(self):
        from boto3.s3.transfer import TransferConfig

        connect(self)
        self.transfer = TransferConfig(multipart_threshold=1)

    hosts.S3Host.connect = connect_in_parts
from audiozine.cli import app
sys.argv = ["audiozine", *sys.argv[1:]]
app()
"""


def kill_at(show_dir: Path, dest: str, moment: str, name: str, *, env: dict | None = None,
            options: tuple[str, ...] = ()) -> list[str]:
    """Run a publish and SIGKILL it at `moment` ("before", "during", "after" or
    "before-delete") of the first file whose name ends with `name`. Returns the
    moments it went through; fails if it finished without reaching that one."""
    child = subprocess.Popen([sys.executable, "-c", _HARNESS, "publish", str(show_dir), dest,
                              *options], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    seen = []
    try:
        for line in child.stdout:
            seen.append(line.rstrip("\n"))
            at, _space, file = seen[-1].partition(" ")
            if at == moment and file.endswith(name):
                os.kill(child.pid, signal.SIGKILL)
                child.wait(timeout=60)
                return seen
            child.stdin.write("go\n")
            child.stdin.flush()
        child.wait(timeout=60)
        raise AssertionError(f"the publish ended ({child.returncode}) before {moment} {name}: "
                             f"{seen} {child.stderr.read()}")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
