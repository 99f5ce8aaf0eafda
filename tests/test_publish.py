"""`audiozine publish` to a folder: order, incremental uploads, interruption, --check
against `audiozine serve`, removals, errors; and the planning rules without audio."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audiozine.cli import app
from audiozine.config import load_show
from audiozine.errors import ConfigError, PublishError
from audiozine.publish import (
    CACHE_CONTROL, STATE_NAME, HostState, LocalFile, plan_publish,
    publish_show,
)
from audiozine.publish import hosts
from audiozine.build import BuildOptions, build_show
from audiozine.cache import SentenceCache

from .publish_fixtures import (
    CACHE_DIR, EDITED_ONE, THIRD, build, feed_problems, file_versions, free_port,
    kill_at, make_show, published_names, run_publish,
)

runner = CliRunner()


# ------------------------------------------------------------ planning, pure


def _file(name: str, phase: str = "media", data: bytes = b"x") -> LocalFile:
    return LocalFile(name=name, phase=phase, size_bytes=len(data),
                     sha256=hashlib.sha256(data).hexdigest(), content_type="t",
                     cache_control=CACHE_CONTROL[phase])


def _state(*files: LocalFile, deleting: tuple[str, ...] = ()) -> HostState:
    return HostState(files={f.name: {"sha256": f.sha256, "size": f.size_bytes}
                            for f in files}, deleting=list(deleting))


def test_a_file_is_skipped_only_when_its_hash_is_recorded_and_the_host_has_its_size():
    same, edited, deleted_by_hand = _file("episodes/a.mp3"), _file("episodes/b.mp3"), \
        _file("episodes/c.mp3")
    old_b = _file("episodes/b.mp3", data=b"old")
    plan = plan_publish([same, edited, deleted_by_hand], _state(same, old_b, deleted_by_hand),
                        {"episodes/a.mp3": 1, "episodes/b.mp3": 3}, delete_removed=False)
    assert [f.name for f in plan.skipped] == ["episodes/a.mp3"]
    assert {f.name for f in plan.upload} == {"episodes/b.mp3", "episodes/c.mp3"}


def test_a_file_on_the_host_that_the_record_does_not_vouch_for_is_uploaded():
    file = _file("episodes/a.mp3")
    plan = plan_publish([file], HostState(), {"episodes/a.mp3": 1}, delete_removed=False)
    assert plan.upload == (file,)


def test_upload_order_is_new_media_then_replaced_media_then_page_then_feed():
    files = [_file("feed.xml", "feed"), _file("index.html", "page"),
             _file("episodes/old.mp3"), _file("episodes/new.mp3"), _file("cover.jpg")]
    plan = plan_publish(files, HostState(), {"episodes/old.mp3": 9, "feed.xml": 9},
                        delete_removed=False)
    assert [f.name for f in plan.upload] == ["episodes/new.mp3", "cover.jpg",
                                            "episodes/old.mp3", "index.html", "feed.xml"]


def test_removed_files_are_kept_unless_asked_and_leftovers_are_always_cleaned():
    gone, pending = _file("episodes/gone.mp3"), "episodes/half-deleted.vtt"
    temp = "episodes/.new.mp3.0123abcd.audiozine-tmp"
    state = _state(gone, deleting=(pending,))
    keep = plan_publish([], state, {temp: 5}, delete_removed=False)
    assert keep.kept == ("episodes/gone.mp3",)
    assert set(keep.delete) == {pending, temp}
    delete = plan_publish([], state, {temp: 5}, delete_removed=True)
    assert set(delete.delete) == {"episodes/gone.mp3", pending, temp} and not delete.kept


def test_a_damaged_host_record_means_uploading_again_not_an_error():
    assert HostState.parse(b"{not json").files == {}
    assert HostState.parse(b'{"files": {"a": {"size": 1}}}').files == {}


@pytest.mark.parametrize("dest, scheme, host, path", [
    ("s3://bucket/pod/cast/", "s3", "bucket", "pod/cast/"),
    ("s3://bucket", "s3", "bucket", ""),
    ("sftp://me@example.com:2222/var/www/show", "sftp", "example.com", "/var/www/show"),
    ("sftp://example.com/~/www", "sftp", "example.com", "www"),
    ("/srv/www/show", "folder", "", "/srv/www/show"),
    ("file:///srv/www/show", "folder", "", "/srv/www/show"),
])
def test_destinations(dest: str, scheme: str, host: str, path: str) -> None:
    parsed = hosts.parse_destination(dest)
    assert (parsed.scheme, parsed.host, parsed.path) == (scheme, host, path)


@pytest.mark.parametrize("dest, message", [
    ("ftp://example.com/x", "cannot publish to ftp://"),
    ("s3:///prefix", "names no bucket"),
    ("sftp:///path", "names no server"),
])
def test_bad_destinations(dest: str, message: str) -> None:
    with pytest.raises(PublishError, match=message):
        hosts.parse_destination(dest)


def test_a_show_file_names_its_destination(tmp_path: Path) -> None:
    show_file = make_show(tmp_path, "https://example.com/show/", publish="site/public")
    assert load_show(show_file).publish == str((tmp_path / "site" / "public").resolve())
    show_file.write_text(show_file.read_text().replace("site/public", "ftp://host/x"))
    with pytest.raises(ConfigError) as caught:
        load_show(show_file)
    assert caught.value.field == "publish" and caught.value.line == 9


# ------------------------------------------------------------- a real show


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> dict:
    """The tiny show built with Piper for the base URL a local server will serve."""
    root = tmp_path_factory.mktemp("publish-project")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/"
    show_file = make_show(root / "v1", base_url)
    build(show_file, root / "v1" / "built")
    return {"root": root, "port": port, "base_url": base_url,
            "v1": root / "v1" / "built"}


def _variant(project: dict, name: str, change) -> Path:
    """A copy of the v1 project changed by `change(essays)` and rebuilt."""
    root = project["root"] / name
    if not root.exists():
        shutil.copytree(project["root"] / "v1", root)
        change(root / "essays")
        build_show(load_show(root / "tiny.toml"), root / "built",
                   BuildOptions(cache=SentenceCache(CACHE_DIR), prune=True))
    return root / "built"


def added(project: dict) -> Path:
    return _variant(project, "added", lambda essays: (essays / THIRD[0]).write_text(THIRD[1]))


def edited(project: dict) -> Path:
    return _variant(project, "edited", lambda essays: (essays / "one.md").write_text(EDITED_ONE))


def pruned(project: dict) -> Path:
    return _variant(project, "pruned", lambda essays: (essays / "two.md").unlink())


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name != STATE_NAME}


def _read(folder: Path):
    def read(name: str) -> bytes | None:
        path = folder / name
        return path.read_bytes() if path.is_file() else None
    return read


def _same_show(dest: Path, show_dir: Path) -> None:
    assert _tree(dest) == {name: (show_dir / name).read_bytes()
                           for name in published_names(show_dir)}


@pytest.mark.slow
def test_publish_media_first_feed_last_then_nothing_again(project, tmp_path: Path) -> None:
    dest = tmp_path / "site"
    order = []
    report = publish_show(project["v1"], str(dest), on_progress=lambda p: p.file_done and
                          order.append(p.name))
    names = published_names(project["v1"])
    assert sorted(order) == names and order[-2:] == ["index.html", "feed.xml"]
    assert not (dest / ".audiozine").exists()
    _same_show(dest, project["v1"])
    assert report.plan.upload_bytes == sum((project["v1"] / n).stat().st_size for n in names)
    before = {p: p.stat().st_mtime_ns for p in dest.rglob("*")}
    again = publish_show(project["v1"], str(dest))
    assert again.plan.upload == () and len(again.plan.skipped) == len(names)
    assert {p: p.stat().st_mtime_ns for p in dest.rglob("*")} == before  # not one write


@pytest.mark.slow
def test_after_an_edit_only_that_episode_the_page_and_the_feed_are_uploaded(
        project, tmp_path: Path) -> None:
    dest = tmp_path / "site"
    publish_show(project["v1"], str(dest))
    show_dir = edited(project)
    result = run_publish(show_dir, str(dest))
    assert result.returncode == 0, result.stderr
    uploaded = sorted(line.split()[1] for line in result.stderr.splitlines()
                      if line.startswith("uploaded "))
    episode = [f"episodes/001-the-first-note{s}" for s in
               (".chapters.json", ".json", ".mp3", ".srt", ".vtt")]
    assert uploaded == sorted(episode + ["feed.xml", "index.html"])
    assert "7 files uploaded" in result.stdout and "6 skipped" in result.stdout
    _same_show(dest, show_dir)


@pytest.mark.slow
def test_a_fresh_clone_publishes_incrementally_from_the_record_on_the_host(
        project, tmp_path: Path) -> None:
    dest = tmp_path / "site"
    publish_show(project["v1"], str(dest))
    clone = tmp_path / "clone"
    shutil.copytree(project["v1"], clone)  # another machine: same bytes, new mtimes
    for path in clone.rglob("*"):
        path.touch()
    assert publish_show(clone, str(dest)).plan.upload == ()
    (dest / "episodes" / "002-the-second-note.vtt").unlink()  # gone by hand: sent again
    assert [f.name for f in publish_show(clone, str(dest)).plan.upload] == \
        ["episodes/002-the-second-note.vtt"]


@pytest.mark.slow
def test_dry_run_lists_what_would_change_and_changes_nothing(project, tmp_path) -> None:
    dest = tmp_path / "site"
    publish_show(project["v1"], str(dest))
    before = _tree(dest), (dest / STATE_NAME).read_bytes()
    result = runner.invoke(app, ["publish", str(edited(project)), str(dest), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would upload episodes/001-the-first-note.mp3" in result.output
    assert "would upload feed.xml" in result.output and "nothing was changed" in result.output
    assert "002-the-second-note" not in result.output
    assert (_tree(dest), (dest / STATE_NAME).read_bytes()) == before


#: Moments to kill a publish that adds an episode: its first bytes of the host's
#: record, of the new audio, after the new episode's last file, during the page,
#: during the feed and right after it.
ADD_KILLS = [("during", STATE_NAME), ("during", "003-the-third-note.mp3"),
             ("after", "003-the-third-note.chapters.json"), ("during", "index.html"),
             ("during", "feed.xml"), ("after", "feed.xml")]


@pytest.mark.slow
def test_a_killed_publish_never_leaves_a_feed_listing_a_missing_file(project, tmp_path):
    dest = tmp_path / "site"
    versions = file_versions(project["v1"], added(project))
    # The first publish, killed while the first audio file is sent: no feed yet.
    kill_at(project["v1"], str(dest), "during", "001-the-first-note.mp3")
    assert not (dest / "feed.xml").exists()
    assert [p.name for p in dest.rglob("*.audiozine-tmp")]  # the half-sent file's temp
    assert not (dest / "episodes" / "001-the-first-note.mp3").exists()
    assert run_publish(project["v1"], str(dest)).returncode == 0
    assert not list(dest.rglob("*.audiozine-tmp"))
    for moment, name in ADD_KILLS:
        kill_at(added(project), str(dest), moment, name)
        assert feed_problems(_read(dest), project["base_url"], versions) == [], (moment, name)
        listed = b"003-the-third-note" in (dest / "feed.xml").read_bytes()
        assert listed == ((moment, name) == ("after", "feed.xml"))
    result = run_publish(added(project), str(dest))
    assert result.returncode == 0, result.stderr
    _same_show(dest, added(project))
    assert not list(dest.rglob("*.audiozine-tmp"))
    assert "0 files uploaded" in run_publish(added(project), str(dest)).stdout


@pytest.mark.slow
def test_a_killed_publish_of_an_edit_lists_only_whole_files(project, tmp_path) -> None:
    """An edited episode keeps its URL, so between its upload and the feed's the old
    feed's length is stale; the file it lists is still always there and whole."""
    dest = tmp_path / "site"
    publish_show(project["v1"], str(dest))
    versions = file_versions(project["v1"], edited(project))
    for moment, name in [("after", "001-the-first-note.mp3"), ("during", "feed.xml")]:
        kill_at(edited(project), str(dest), moment, name)
        problems = feed_problems(_read(dest), project["base_url"], versions)
        assert [p for p in problems if "bytes, the feed says" not in p] == [], problems
    assert run_publish(edited(project), str(dest)).returncode == 0
    _same_show(dest, edited(project))


@pytest.mark.slow
def test_removed_episodes_are_kept_or_deleted_after_the_new_feed(project, tmp_path,
                                                                monkeypatch) -> None:
    dest = tmp_path / "site"
    publish_show(project["v1"], str(dest))
    show_dir = pruned(project)
    result = runner.invoke(app, ["publish", str(show_dir), str(dest)])
    assert result.exit_code == 0, result.output
    assert "kept 5 files" in result.output
    assert (dest / "episodes" / "002-the-second-note.mp3").is_file()
    deleted_with_feed = []
    delete = hosts.FolderHost.delete

    def spy(self, name: str) -> None:
        deleted_with_feed.append((name, b"002-the-second-note" in (dest / "feed.xml").read_bytes()))
        delete(self, name)

    # Killed while deleting: the next publish, even without --delete-removed, finishes.
    kill_at(show_dir, str(dest), "before-delete", "002-the-second-note.srt",
            options=("--delete-removed",))
    assert b"002-the-second-note" not in (dest / "feed.xml").read_bytes()
    assert "002-the-second-note.srt" in (dest / STATE_NAME).read_text()  # as "deleting"
    monkeypatch.setattr(hosts.FolderHost, "delete", spy)
    report = publish_show(show_dir, str(dest))
    assert len(report.deleted) == 5 and all(not listed for _n, listed in deleted_with_feed)
    _same_show(dest, show_dir)
    record = json.loads((dest / STATE_NAME).read_text())
    assert record["deleting"] == [] and "002-the" not in (dest / STATE_NAME).read_text()


def _serve(folder: Path, port: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "audiozine.cli", "serve", str(folder),
                               "--port", str(port), "--quiet"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/feed.xml", timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError(server.stdout.read())


@pytest.mark.slow
def test_check_verifies_the_public_urls_before_the_feed_and_the_feed_after(
        project, tmp_path: Path) -> None:
    dest = tmp_path / "site"
    publish_show(project["v1"], str(dest))
    server = _serve(dest, project["port"])  # base_url points here
    try:
        result = run_publish(edited(project), str(dest), "--check")
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"{project['base_url']}feed.xml: all checks passed" in result.stdout
        # Published elsewhere, the base URL serves other files: --check stops before
        # the feed, so the feed there never lists what the web server does not send.
        other = tmp_path / "other"
        publish_show(project["v1"], str(other))
        wrong = run_publish(added(project), str(other), "--check")
        assert wrong.returncode == 1
        error = [line for line in wrong.stderr.splitlines() if line.startswith("error:")]
        assert len(error) == 1 and "HEAD http://127.0.0.1" in error[0] \
            and "the feed is not uploaded" in error[0], wrong.stderr
        assert b"003-the-third-note" not in (other / "feed.xml").read_bytes()
    finally:
        server.kill()
        server.wait()


@pytest.mark.slow
def test_publish_takes_the_show_files_destination_and_build_publishes(project, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(project["root"] / "v1", root)
    show_file = make_show(root, project["base_url"], publish="public")
    result = runner.invoke(app, ["build", "--show", str(show_file), "--out",
                                 str(root / "built"), "--cache-dir", str(CACHE_DIR),
                                 "--publish", str(tmp_path / "elsewhere")])
    assert result.exit_code == 0, result.output
    assert "published to" in result.output and (tmp_path / "elsewhere" / "feed.xml").is_file()
    result = runner.invoke(app, ["publish", str(root / "built")])
    assert result.exit_code == 0, result.output
    _same_show(root / "public", root / "built")


@pytest.mark.slow
def test_errors_are_one_line_and_change_nothing(project, tmp_path: Path) -> None:
    from .test_cli import one_line_error

    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    empty = tmp_path / "empty"
    empty.mkdir()
    cases = [
        ([str(project["v1"]), str(a_file)], "is a file, not a folder"),
        ([str(project["v1"]), str(project["v1"] / "sub")], "overlaps the show folder"),
        ([str(empty), str(tmp_path / "x")], "not a built show"),
        ([str(project["v1"])], "give a DEST"),
        ([str(project["v1"]), "sftp://h/x", "--endpoint-url", "http://e"],
         "--endpoint-url is for s3://"),
    ]
    for args, message in cases:
        result = runner.invoke(app, ["publish", *args])
        assert result.exit_code == 1, (args, result.output)
        assert message in one_line_error(result), args
    assert a_file.read_text() == "x" and not (tmp_path / "x").exists()


@pytest.mark.slow
def test_a_show_built_for_local_listening_is_not_published(project, tmp_path: Path) -> None:
    from audiozine.serve import write_base_url_record

    show_dir = tmp_path / "show"
    shutil.copytree(project["v1"], show_dir)
    write_base_url_record(show_dir, "http://localhost:8000/", public=False)
    with pytest.raises(PublishError, match="without a public base URL"):
        publish_show(show_dir, str(tmp_path / "site"))
    assert not (tmp_path / "site").exists()


@pytest.mark.slow
def test_a_publish_waits_for_no_build_it_refuses_while_one_runs(project, tmp_path) -> None:
    from audiozine.build import show_lock

    with show_lock(project["v1"]):
        with pytest.raises(PublishError, match="a build of this show is running"):
            publish_show(project["v1"], str(tmp_path / "site"))
    assert not (tmp_path / "site").exists()
