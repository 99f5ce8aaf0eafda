"""`audiozine publish sftp://...` against Debian's OpenSSH server, started here on
loopback with a host key and a user key generated here; the client finds its key
as ssh would (ssh-agent, or IdentityFile in ~/.ssh/config) and checks the host key
against ~/.ssh/known_hosts, with HOME pointing at a home made for the test."""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audiozine.errors import PublishError
from audiozine.publish import STATE_NAME, publish_show

from .publish_fixtures import (
    build, build_added, feed_problems, file_versions, free_port, kill_at, make_show,
    published_names, run_publish,
)

SSHD = "/usr/sbin/sshd"
USER = getpass.getuser()


def _keygen(path: Path) -> str:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f",
                    str(path)], check=True)
    return path.with_suffix(".pub").read_text().strip()


def _wait_for_port(port: int, process: subprocess.Popen) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise AssertionError(f"sshd ended: {process.stderr.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("sshd did not listen")


def _home(root: Path, *, known: str | None, key: Path | None = None,
          config: str | None = None) -> Path:
    home = root
    (home / ".ssh").mkdir(parents=True, exist_ok=True)
    if known:
        (home / ".ssh" / "known_hosts").write_text(known)
    if key:
        shutil.copy(key, home / ".ssh" / "id_ed25519")
        os.chmod(home / ".ssh" / "id_ed25519", 0o600)
    if config:
        (home / ".ssh" / "config").write_text(config)
    return home


@pytest.fixture(scope="module")
def sftp(tmp_path_factory) -> dict:
    if not os.path.exists(SSHD):
        pytest.fail("OpenSSH's server is missing: `make test` installs it (openssh-server)")
    root = tmp_path_factory.mktemp("sftp")
    host_key = root / "host_ed25519"
    host_pub = _keygen(host_key)
    user_key = root / "user_ed25519"
    (root / "authorized_keys").write_text(_keygen(user_key) + "\n")
    port, read_only_port = free_port(), free_port()
    (root / "sshd_config").write_text(f"""
ListenAddress 127.0.0.1:{port}
ListenAddress 127.0.0.1:{read_only_port}
HostKey {host_key}
PidFile none
AuthorizedKeysFile {root / 'authorized_keys'}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
Subsystem sftp internal-sftp
Match LocalPort {read_only_port}
    ForceCommand internal-sftp -R
""")
    Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege separation folder
    server = subprocess.Popen([SSHD, "-D", "-e", "-f", str(root / "sshd_config")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    agent = None
    try:
        _wait_for_port(port, server)
        known = "".join(f"[127.0.0.1]:{p} {host_pub}\n" for p in (port, read_only_port))
        socket_path = root / "agent.sock"
        agent = subprocess.Popen(["ssh-agent", "-D", "-a", str(socket_path)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if socket_path.exists():
                break
            time.sleep(0.05)
        env = {**os.environ, "HOME": str(_home(root / "home", known=known)),
               "SSH_AUTH_SOCK": str(socket_path)}
        subprocess.run(["ssh-add", "-q", str(user_key)], env=env, check=True,
                       stderr=subprocess.DEVNULL)
        www = root / "www"
        base_url = "https://podcast.example.com/tiny/"
        v1 = build(make_show(root / "v1", base_url), root / "v1" / "built")
        added = build_added(root / "v1", root / "added")
        yield {"root": root, "port": port, "read_only_port": read_only_port, "env": env,
               "known": known, "user_key": user_key, "www": www, "base_url": base_url,
               "v1": v1, "added": added}
    finally:
        for process in (agent, server):
            if process is not None:
                process.kill()
                process.wait()


@pytest.fixture
def ssh_env(sftp, monkeypatch) -> None:
    for key in ("HOME", "SSH_AUTH_SOCK"):
        monkeypatch.setenv(key, sftp["env"][key])


def _dest(sftp: dict, folder: str, *, port: int | None = None) -> str:
    return f"sftp://{USER}@127.0.0.1:{port or sftp['port']}{sftp['www'] / folder}"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name != STATE_NAME}


def _same_show(folder: Path, show_dir: Path) -> None:
    assert _tree(folder) == {n: (show_dir / n).read_bytes() for n in published_names(show_dir)}


@pytest.mark.slow
def test_sftp_publishes_with_the_agents_key_then_only_what_changed(sftp, ssh_env) -> None:
    dest = _dest(sftp, "agent")
    first = publish_show(sftp["v1"], dest)
    assert len(first.plan.upload) == len(published_names(sftp["v1"]))
    _same_show(sftp["www"] / "agent", sftp["v1"])
    assert (sftp["www"] / "agent" / "episodes" / "001-the-first-note.mp3").stat().st_mode \
        & 0o444 == 0o444  # readable by the web server
    assert publish_show(sftp["v1"], dest).plan.upload == ()
    added = publish_show(sftp["added"], dest)
    assert sorted(f.name for f in added.plan.upload) == sorted(
        [f"episodes/003-the-third-note{s}" for s in
         (".mp3", ".vtt", ".srt", ".json", ".chapters.json")] + ["index.html", "feed.xml"])
    _same_show(sftp["www"] / "agent", sftp["added"])


@pytest.mark.slow
def test_sftp_killed_publishes_keep_the_feed_whole_and_the_next_one_finishes(sftp) -> None:
    dest, folder = _dest(sftp, "kills"), sftp["www"] / "kills"
    assert run_publish(sftp["v1"], dest, env=sftp["env"]).returncode == 0
    versions = file_versions(sftp["v1"], sftp["added"])

    def read(name: str) -> bytes | None:
        return (folder / name).read_bytes() if (folder / name).is_file() else None

    for moment, name in [("during", "003-the-third-note.mp3"), ("during", "index.html"),
                         ("during", "feed.xml")]:
        kill_at(sftp["added"], dest, moment, name, env=sftp["env"])
        assert feed_problems(read, sftp["base_url"], versions) == [], (moment, name)
        assert b"003-the-third-note" not in (folder / "feed.xml").read_bytes()
    result = run_publish(sftp["added"], dest, env=sftp["env"])
    assert result.returncode == 0, result.stderr
    _same_show(folder, sftp["added"])
    assert not list(folder.rglob("*.audiozine-tmp"))


@pytest.mark.slow
def test_sftp_takes_host_port_user_and_key_from_ssh_config(sftp, tmp_path, monkeypatch):
    (tmp_path / "known").write_text(sftp["known"])
    home = _home(tmp_path / "home", known=None, config=(
        f"Host tinyhost\n  HostName 127.0.0.1\n  Port {sftp['port']}\n  User {USER}\n"
        f"  IdentityFile {sftp['user_key']}\n  UserKnownHostsFile {tmp_path / 'known'}\n"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    publish_show(sftp["v1"], f"sftp://tinyhost{sftp['www'] / 'config'}")
    _same_show(sftp["www"] / "config", sftp["v1"])


@pytest.mark.slow
def test_sftp_errors_are_one_line_and_change_nothing(sftp, tmp_path, monkeypatch) -> None:
    dest = _dest(sftp, "errors")
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    other_key = tmp_path / "other_ed25519"
    _keygen(other_key)
    cases = [
        (_home(tmp_path / "stranger", known=sftp["known"], key=other_key), dest,
         "refused every key offered"),
        (_home(tmp_path / "keyless", known=sftp["known"]), dest, "refused every key offered"),
        (_home(tmp_path / "new", known=None, key=sftp["user_key"]), dest,
         "host key is not known"),
        (_home(tmp_path / "new", known=None), f"sftp://{USER}@127.0.0.1:{free_port()}/x",
         "cannot reach"),
    ]
    for home, where, message in cases:
        monkeypatch.setenv("HOME", str(home))
        with pytest.raises(PublishError) as caught:
            publish_show(sftp["v1"], where)
        assert message in str(caught.value) and "\n" not in str(caught.value), caught.value
        assert not (sftp["www"] / "errors").exists()
    # A server that lets the user read but not write: refused before anything changed.
    monkeypatch.setenv("HOME", sftp["env"]["HOME"])
    monkeypatch.setenv("SSH_AUTH_SOCK", sftp["env"]["SSH_AUTH_SOCK"])
    publish_show(sftp["v1"], _dest(sftp, "read-only"))
    before = _tree(sftp["www"] / "read-only"), (sftp["www"] / "read-only" / STATE_NAME).read_bytes()
    with pytest.raises(PublishError, match="permission denied") as caught:
        publish_show(sftp["added"], _dest(sftp, "read-only", port=sftp["read_only_port"]))
    assert "\n" not in str(caught.value)
    assert (_tree(sftp["www"] / "read-only"),
            (sftp["www"] / "read-only" / STATE_NAME).read_bytes()) == before


@pytest.mark.slow
def test_a_missing_paramiko_is_exit_3_with_the_pip_command(sftp) -> None:
    code = ("import sys; sys.modules['paramiko'] = None; from audiozine.cli import app; "
            "sys.argv = ['audiozine', 'publish', *sys.argv[1:]]; app()")
    result = subprocess.run([sys.executable, "-c", code, str(sftp["v1"]), _dest(sftp, "x")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: publishing over sftp:// needs paramiko: pip install paramiko (in a "
        "checkout: pip install -e '.[publish]')"]
