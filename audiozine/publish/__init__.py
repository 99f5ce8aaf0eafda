"""`audiozine publish`: a built show onto a public host, in the order a reader needs.

The host sees the same transaction as the local folder (design: Publishing):

1. the media (episodes, transcripts, chapters, cover), each verified on the host
   by its size (and with `check`, by HEAD and a Range request to its public URL);
2. then index.html; 3. then feed.xml, last;
4. then, after the new feed is up, the files of episodes removed from the show
   (only when asked: by default they are kept).

`.audiozine/` (the build's state) is never uploaded. What to upload is decided by
content hash: the host keeps a small record (`STATE_NAME`) of the hash and size of
every file this command put there, so another machine or a fresh clone also
publishes only what changed. The record only ever claims files that were verified
on the host: files about to be replaced are dropped from it before they are
touched, and files to delete are listed as "deleting" until they are gone. A file
is skipped only when the record's hash matches and the host still has a file of
that size, so a file deleted by hand is uploaded again.
"""

from __future__ import annotations

import hashlib
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import layout
from ..errors import PublishError
from ..manifest import load_build_record, recorded_show_file
from ..models import plural
from ..serve import content_type, read_base_url_record
from ..showlock import show_lock
from .hosts import Destination, Host, is_temp_name, open_host, parse_destination

# ------------------------------------------------------------------- layout
# What of a built show (audiozine.layout) is published, and in which phase.

FEED_NAME = layout.FEED
FOLDERS = ("", layout.EPISODES_DIR)
"""The folders of a published show, relative to its root."""

STATE_NAME = ".audiozine-publish.json"
"""The record on the host of what was published there (hidden: `serve` never serves it)."""

STATE_FORMAT = 1

MEDIA, PAGE, FEED = "media", "page", "feed"
PHASES = (MEDIA, PAGE, FEED)

CACHE_CONTROL = {
    MEDIA: "public, max-age=31536000, immutable",
    PAGE: "public, max-age=300",
    FEED: "public, max-age=300",
}
"""Cache-Control by phase: media for a year, the page and the feed for 5 minutes."""

STATE_CACHE_CONTROL = "no-store"


def show_files(show_dir: Path) -> list[tuple[str, str]]:
    """(name, phase) of every file a built show publishes, in upload order."""
    episodes, _retired = load_build_record(show_dir)
    if not episodes or not (show_dir / FEED_NAME).is_file():
        raise PublishError("not a built show (no feed.xml and build record here); build it "
                           "first", path=show_dir)
    names = [name for episode in episodes for name in layout.episode_names(episode.stem)]
    names += [name for name in (layout.COVER,) if (show_dir / name).is_file()]
    # The archive page (a show of more episodes than its page lists) before the page
    # that links to it.
    pages = [name for name in (layout.ARCHIVE,) if (show_dir / name).is_file()] + [layout.PAGE]
    return [(name, MEDIA) for name in names] + [(name, PAGE) for name in pages] + \
        [(FEED_NAME, FEED)]


# ------------------------------------------------------------------- values


@dataclass(frozen=True)
class LocalFile:
    name: str
    """'/'-separated, relative to the show folder (and to the destination)."""

    phase: str
    size_bytes: int
    sha256: str
    content_type: str
    cache_control: str


@dataclass(frozen=True)
class PublishOptions:
    endpoint_url: str | None = None
    """An S3-compatible host's endpoint (R2, B2, MinIO, Spaces); default: AWS's."""

    dry_run: bool = False
    """Only say what would change; the host is read, never written."""

    check: bool = False
    """HEAD and Range each uploaded medium at its public URL before the feed goes up,
    then run `audiozine check` on the public feed."""

    delete_removed: bool = False
    """Delete (after the new feed is up) the files of episodes no longer in the show."""


@dataclass(frozen=True)
class PublishPlan:
    upload: tuple[LocalFile, ...]
    """In upload order: media, then the page, then the feed."""

    skipped: tuple[LocalFile, ...]
    delete: tuple[str, ...]
    """Removed from the show (or left over by a killed publish), deleted after the feed."""

    kept: tuple[str, ...]
    """Removed from the show, kept on the host (no --delete-removed)."""

    @property
    def upload_bytes(self) -> int:
        return sum(f.size_bytes for f in self.upload)


@dataclass(frozen=True)
class PublishProgress:
    name: str
    """The file being uploaded."""

    file_done: bool
    """True once `name` is uploaded and verified."""

    bytes_done: int
    bytes_total: int
    files_done: int
    files_total: int
    elapsed_seconds: float


@dataclass(frozen=True)
class PublishReport:
    destination: str
    feed_url: str
    plan: PublishPlan
    dry_run: bool
    deleted: tuple[str, ...] = ()
    problems: tuple = ()
    """`audiozine check` problems of the public feed (with `check`)."""

    seconds: float = 0.0
    unfinished: tuple[str, ...] = ()
    """Dry run: files whose upload a killed publish left unfinished on the host."""

    aborted_uploads: int = 0
    """How many such unfinished uploads this publish aborted."""


Log = Callable[[str], None]
Progress = Callable[[PublishProgress], None]


def _no_log(_message: str) -> None:
    pass


# --------------------------------------------------------------------- plan


def local_files(show_dir: Path) -> list[LocalFile]:
    """The show's files with their hashes; a file the build record names but that is
    missing is an error (the feed would list it)."""
    files = []
    for name, phase in show_files(show_dir):
        path = show_dir / name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise PublishError(f"{name} is missing though the feed lists it; rebuild the "
                               "show", path=show_dir) from None
        files.append(LocalFile(name=name, phase=phase, size_bytes=len(data),
                               sha256=hashlib.sha256(data).hexdigest(),
                               content_type=content_type(name) or "application/octet-stream",
                               cache_control=CACHE_CONTROL[phase]))
    return files


@dataclass
class HostState:
    """The record on the host: what this command put there, verified."""

    files: dict[str, dict] = field(default_factory=dict)
    """name -> {"sha256", "size"}."""

    deleting: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, data: bytes | None) -> "HostState":
        if data is None:
            return cls()
        try:
            record = json.loads(data)
            files = {str(name): {"sha256": str(entry["sha256"]), "size": int(entry["size"])}
                     for name, entry in record["files"].items()}
            return cls(files=files, deleting=[str(n) for n in record.get("deleting", ())])
        except (ValueError, KeyError, TypeError, AttributeError):
            # Only an optimisation: without it every file is uploaded once more.
            return cls()

    def render(self) -> bytes:
        return (json.dumps({"format": STATE_FORMAT, "files": dict(sorted(self.files.items())),
                            "deleting": sorted(set(self.deleting))}, indent=1) + "\n"
                ).encode("utf-8")


def plan_publish(files: list[LocalFile], state: HostState, on_host: dict[str, int], *,
                 delete_removed: bool) -> PublishPlan:
    """What to upload, skip and delete: pure, from the hashes and the host's sizes."""
    upload, skipped = [], []
    for file in files:
        recorded = state.files.get(file.name)
        if recorded and recorded["sha256"] == file.sha256 \
                and on_host.get(file.name) == file.size_bytes:
            skipped.append(file)
        else:
            upload.append(file)
    # New media first, then media replacing a file in place (the old feed lists
    # them), so the old feed and its files disagree for as short a time as can be.
    upload.sort(key=lambda f: (PHASES.index(f.phase), f.name in on_host))
    local = {f.name for f in files}
    removed = sorted(name for name in state.files if name not in local)
    leftovers = sorted(name for name in on_host if is_temp_name(name))
    pending = sorted(name for name in state.deleting if name not in local)
    delete = sorted(set(pending + leftovers + (removed if delete_removed else [])))
    kept = [] if delete_removed else [n for n in removed if n not in delete]
    return PublishPlan(upload=tuple(upload), skipped=tuple(skipped), delete=tuple(delete),
                       kept=tuple(kept))


def public_base_url(show_dir: Path) -> str:
    """The public base URL the show was built for; a show built for local listening
    only has nothing a public host could serve."""
    record = read_base_url_record(show_dir)
    if record is None or not record[1]:
        raise PublishError("the show was built without a public base URL, so its feed "
                           "points at localhost: rebuild it with --base-url (or base_url in "
                           "the show file) set to the public URL of the destination",
                           path=show_dir)
    return record[0]


# ------------------------------------------------------------------ publish


def publish_show(show_dir: Path, dest: str, options: PublishOptions = PublishOptions(), *,
                 log: Log = _no_log, on_progress: Progress | None = None) -> PublishReport:
    """Publish the built show in `show_dir` to `dest` (see the module's docstring)."""
    started = time.monotonic()
    show_dir = Path(show_dir)
    destination = parse_destination(dest)
    _refuse_inside(show_dir, destination)
    show_files(show_dir)  # a built show, before anything else is said about it
    base_url = public_base_url(show_dir)
    host = open_host(destination, endpoint_url=options.endpoint_url)
    with show_lock(show_dir, doing="publish", error=PublishError):
        files = local_files(show_dir)
        with host:
            # Listing and reading the record prove access before anything is written.
            on_host = host.inventory(FOLDERS)
            state = HostState.parse(host.read(STATE_NAME))
            plan = plan_publish(files, state, on_host, delete_removed=options.delete_removed)
            if options.dry_run:
                return PublishReport(destination=destination.text,
                                     feed_url=base_url + FEED_NAME, plan=plan, dry_run=True,
                                     unfinished=tuple(host.unfinished_uploads(FOLDERS)))
            # Before this publish begins any upload of its own, so only a killed
            # publish's parts are aborted.
            aborted = host.abort_unfinished_uploads(FOLDERS)
            if aborted:
                log(f"aborted {plural(aborted, 'unfinished upload')} left by an "
                    "interrupted publish")
            log(f"{plural(len(plan.upload), 'file')} to upload "
                f"({plan.upload_bytes / 1e6:.1f} MB), {len(plan.skipped)} unchanged")
            if plan.upload or plan.delete:
                _Upload(host, show_dir, base_url, plan, state, options, on_progress,
                        started).run()
    problems = ()
    if options.check:
        from ..check import check_show

        problems = tuple(check_show(base_url + FEED_NAME))
    return PublishReport(destination=destination.text, feed_url=base_url + FEED_NAME,
                         plan=plan, dry_run=False, deleted=plan.delete, problems=problems,
                         seconds=time.monotonic() - started, aborted_uploads=aborted)


def _refuse_inside(show_dir: Path, destination: Destination) -> None:
    if destination.scheme != "folder":
        return
    target = Path(destination.path).expanduser().resolve()
    source = show_dir.resolve()
    if target == source or source in target.parents or target in source.parents:
        raise PublishError("the destination folder overlaps the show folder; publish to "
                           "another folder", path=destination.path)


class _Upload:
    """One publication: uploads in order, verifies, keeps the host's record true."""

    def __init__(self, host: Host, show_dir: Path, base_url: str, plan: PublishPlan,
                 state: HostState, options: PublishOptions, on_progress: Progress | None,
                 started: float) -> None:
        self.host, self.show_dir, self.base_url, self.plan = host, show_dir, base_url, plan
        self.state, self.options, self.on_progress = state, options, on_progress
        self.started = started
        self.bytes_done = 0
        self.files_done = 0

    def run(self) -> None:
        plan, state = self.plan, self.state
        replaced = [f.name for f in plan.upload if f.name in state.files]
        if replaced:
            # Files about to change are no longer vouched for until verified again.
            for name in replaced:
                del state.files[name]
            self.write_state()
        saved = time.monotonic()
        for file in plan.upload:
            if file.phase != MEDIA and saved is not None:
                self.write_state()  # every medium vouched for, before the page and feed
                saved = None
            self.upload(file)
            if saved is not None and time.monotonic() - saved > 30:
                self.write_state()  # a long upload, killed, resumes from here
                saved = time.monotonic()
        # The new feed is up: removed files are now listed as being deleted (the
        # plan's list holds those a killed publish left to delete, too).
        state.deleting = list(plan.delete)
        for name in plan.delete:
            state.files.pop(name, None)
        self.write_state()
        if plan.delete:
            for name in plan.delete:
                self.host.delete(name)
            state.deleting = []
            self.write_state()

    def upload(self, file: LocalFile) -> None:
        def advance(count: int) -> None:
            self.bytes_done += count
            self.progress(file.name, done=False)

        self.host.put(self.show_dir / file.name, file.name, content_type=file.content_type,
                      cache_control=file.cache_control, advance=advance)
        size = self.host.size(file.name)
        if size != file.size_bytes:
            raise PublishError(f"{file.name} was uploaded but the host has "
                               f"{'no file' if size is None else f'{size} bytes'}, not "
                               f"{file.size_bytes}; publish again", field="DEST")
        if self.options.check and file.phase == MEDIA:
            verify_public_url(self.base_url + file.name, file)
        self.state.files[file.name] = {"sha256": file.sha256, "size": file.size_bytes}
        self.files_done += 1
        self.progress(file.name, done=True)

    def write_state(self) -> None:
        self.host.put(self.state.render(), STATE_NAME, content_type="application/json",
                      cache_control=STATE_CACHE_CONTROL, advance=lambda _count: None)

    def progress(self, name: str, *, done: bool) -> None:
        if self.on_progress:
            self.on_progress(PublishProgress(
                name=name, file_done=done, bytes_done=self.bytes_done,
                bytes_total=self.plan.upload_bytes, files_done=self.files_done,
                files_total=len(self.plan.upload),
                elapsed_seconds=time.monotonic() - self.started))


# -------------------------------------------------------------------- check

HTTP_TIMEOUT_S = 15


def verify_public_url(url: str, file: LocalFile) -> None:
    """HEAD (and for audio, Range bytes=0-1) the public URL of an uploaded file: the
    web server must send it whole, with its size and type, before the feed lists it."""
    fix = ("the feed is not uploaded yet; check that the base URL serves the destination "
           "and its types, or publish without --check")
    try:
        status, headers, _body = _request(url, "HEAD")
    except OSError as exc:
        raise PublishError(f"--check: HEAD {url} failed ({_reason(exc)}); {fix}",
                           field="--check") from None
    length = headers.get("Content-Length")
    mime = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    wanted = file.content_type.split(";")[0].strip().lower()
    if status != 200 or length != str(file.size_bytes) or mime != wanted:
        raise PublishError(f"--check: HEAD {url} answered {status}, Content-Length {length}, "
                           f"Content-Type {mime or 'none'} (expected 200, {file.size_bytes}, "
                           f"{wanted}); {fix}", field="--check")
    if not file.name.endswith(".mp3"):
        return
    try:
        status, headers, body = _request(url, "GET", {"Range": "bytes=0-1"})
    except OSError as exc:
        raise PublishError(f"--check: a Range request to {url} failed ({_reason(exc)}); "
                           f"{fix}", field="--check") from None
    expected = f"bytes 0-1/{file.size_bytes}"
    if status != 206 or len(body) != 2 or headers.get("Content-Range") != expected:
        raise PublishError(f"--check: Range bytes=0-1 of {url} answered {status} with "
                           f"{len(body)} bytes (expected 206, {expected}): podcast apps need "
                           f"byte ranges; {fix}", field="--check")


def _request(url: str, method: str, headers: dict | None = None):
    request = urllib.request.Request(url, method=method, headers={
        "User-Agent": "audiozine-publish/1", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S) as response:  # noqa: S310
            return response.status, response.headers, response.read(4096)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, b""


def _reason(exc: OSError) -> str:
    reason = getattr(exc, "reason", None)
    return str(getattr(reason, "strerror", None) or reason or exc)


# ----------------------------------------------------------- for the CLI


def show_destination(show_dir: Path) -> str:
    """The `publish` destination of the show file `show_dir` was built from."""
    from ..config import load_show

    show_file = recorded_show_file(show_dir)
    if show_file is None or not show_file.is_file():
        raise PublishError("give a DEST: the show was not built from a show file with a "
                           "`publish` destination", path=show_dir)
    show = load_show(show_file)
    if not show.publish:
        raise PublishError(f"give a DEST, or set publish = \"s3://bucket/prefix\" (or "
                           f"sftp://..., or a folder) in {show_file}", path=show_dir)
    return show.publish


def progress_line(progress: PublishProgress) -> str:
    """"uploaded NAME [3/12 files, 0.4/1.2 MB, ETA 2 s]" (or "uploading" while it goes)."""
    fraction = progress.bytes_done / max(1, progress.bytes_total)
    elapsed = progress.elapsed_seconds
    eta = elapsed / fraction - elapsed if fraction else 0.0
    verb = "uploaded" if progress.file_done else "uploading"
    return (f"{verb} {progress.name} [{progress.files_done}/{progress.files_total} files, "
            f"{progress.bytes_done / 1e6:.1f}/{progress.bytes_total / 1e6:.1f} MB, "
            f"ETA {eta:.0f} s]")


def summary_lines(report: PublishReport) -> list[str]:
    """What the CLI says at the end: the dry run's list, or what was done."""
    plan = report.plan
    mb = plan.upload_bytes / 1e6
    lines = []
    if report.dry_run:
        lines += [f"would upload {f.name} ({f.size_bytes / 1e3:.1f} kB)" for f in plan.upload]
        lines += [f"would delete {name}" for name in plan.delete]
        lines += [f"would abort the unfinished upload of {name} (left by an interrupted "
                  "publish)" for name in report.unfinished]
        lines.append(f"dry run: {plural(len(plan.upload), 'file')} ({mb:.1f} MB) would be "
                     f"uploaded to {report.destination}, {len(plan.skipped)} unchanged, "
                     f"{len(plan.delete)} deleted; nothing was changed")
    else:
        lines.append(f"published to {report.destination}: {plural(len(plan.upload), 'file')}"
                     f" uploaded ({mb:.1f} MB), {len(plan.skipped)} skipped (unchanged), "
                     f"{len(report.deleted)} deleted in {report.seconds:.1f} s; "
                     f"feed: {report.feed_url}")
    if plan.kept:
        lines.append(f"kept {plural(len(plan.kept), 'file')} of episodes no longer in the "
                     "show on the host (--delete-removed deletes them)")
    return lines


__all__ = ["PublishOptions", "PublishPlan", "PublishProgress", "PublishReport",
           "publish_show", "plan_publish", "show_files", "local_files", "HostState",
           "show_destination", "progress_line", "summary_lines"]
