"""Where `audiozine publish` puts a show: a folder, an S3 bucket, an SFTP server.

One small interface (`Host`) over three backends, each a thin layer over a
well-kept library: the standard library for a folder, boto3 for S3 and
S3-compatible hosts, paramiko for SFTP. A backend imports its library when it is
created (a missing one is an `EngineMissingError`, exit 3, saying how to install
it) and turns every protocol failure into a one-line `PublishError` that says what
is wrong and how to fix it. Names are '/'-separated and relative to the
destination's root.

Folders and SFTP write each file under a temporary name beside it and rename it
into place, so a reader sees the old file or the new one, never a partial one; an
S3 PUT is atomic by itself.
"""

from __future__ import annotations

import errno
import os
import posixpath
import re
import secrets
import socket
import stat
from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import unquote, urlsplit

from ..errors import EngineMissingError, PublishError

Advance = Callable[[int], None]
"""Called with the number of bytes just sent."""

TEMP_SUFFIX = ".audiozine-tmp"
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[0-9a-f]{8}" + re.escape(TEMP_SUFFIX) + "$")


def temp_name(name: str) -> str:
    """The temporary name `name` is written under before it is renamed into place."""
    folder, base = posixpath.split(name)
    return posixpath.join(folder, f".{base}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def is_temp_name(name: str) -> bool:
    """Whether `name` is a temporary file a killed publish left behind."""
    return bool(_TEMP_NAME.match(posixpath.basename(name)))


@dataclass(frozen=True)
class Destination:
    """A parsed DEST: s3://bucket/prefix, sftp://[user@]host[:port]/path, or a folder."""

    scheme: str
    """"s3", "sftp" or "folder"."""

    host: str = ""
    """The bucket (s3) or the server (sftp); empty for a folder."""

    path: str = ""
    """The key prefix (s3, "" or ending in "/"), the remote folder (sftp: absolute, or
    relative to the login folder when written /~/...), or the local folder."""

    user: str | None = None
    port: int | None = None
    text: str = ""
    """DEST as given, for messages."""


def parse_destination(text: str) -> Destination:
    """Read DEST; a string with no scheme is a local or mounted folder."""
    text = text.strip()
    if not text:
        raise PublishError("no destination given (s3://bucket/prefix, sftp://user@host/path "
                           "or a folder)", field="DEST")
    if "://" not in text:
        return Destination("folder", path=text, text=text)
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme == "file":
        return Destination("folder", path=unquote(parts.path), text=text)
    if scheme == "s3":
        if not parts.netloc or "@" in parts.netloc or ":" in parts.netloc:
            raise PublishError(f"'{text}' names no bucket (write s3://BUCKET/PREFIX)",
                               field="DEST")
        prefix = unquote(parts.path).strip("/")
        return Destination("s3", host=parts.netloc, path=f"{prefix}/" if prefix else "",
                           text=text)
    if scheme == "sftp":
        try:
            port = parts.port
        except ValueError:
            raise PublishError(f"'{text}' has a bad port", field="DEST") from None
        if not parts.hostname:
            raise PublishError(f"'{text}' names no server (write sftp://USER@HOST/PATH)",
                               field="DEST")
        path = unquote(parts.path) or "/"
        if path == "/~" or path.startswith("/~/"):
            path = path[3:] or "."
        return Destination("sftp", host=parts.hostname, path=path,
                           user=unquote(parts.username) if parts.username else None,
                           port=port, text=text)
    raise PublishError(f"'{text}': cannot publish to {scheme}:// (use s3://, sftp:// or a "
                       "folder)", field="DEST")


class Host(ABC):
    """A destination opened for publishing."""

    def __init__(self, destination: Destination) -> None:
        self.destination = destination

    def __enter__(self) -> "Host":
        self.connect()
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def connect(self) -> None:
        """Log in; the first listing (`inventory`) is what proves access."""

    def close(self) -> None:
        pass

    @abstractmethod
    def inventory(self, folders: tuple[str, ...]) -> dict[str, int]:
        """name -> size of the files on the host in `folders` ("" is the root)."""

    @abstractmethod
    def read(self, name: str) -> bytes | None:
        """A file's bytes, or None if there is none."""

    @abstractmethod
    def put(self, local: Path | bytes, name: str, *, content_type: str, cache_control: str,
            advance: Advance) -> None:
        """Upload a file (or bytes) under `name`, replacing any file there."""

    @abstractmethod
    def size(self, name: str) -> int | None:
        """The size of the file on the host, or None if there is none."""

    @abstractmethod
    def delete(self, name: str) -> None:
        """Remove a file; one that is not there is no error."""

    def unfinished_uploads(self, folders: tuple[str, ...]) -> list[str]:
        """Uploads in `folders` that were begun and never finished (a publish killed
        in the middle of one), which the host keeps, and bills for, until they are
        aborted; none on a host whose uploads are whole files."""
        return []

    def abort_unfinished_uploads(self, folders: tuple[str, ...]) -> int:
        """Abort what `unfinished_uploads` lists; how many were aborted."""
        return 0


# ------------------------------------------------------------------- folder


class FolderHost(Host):
    """A local or mounted folder (a web server's document root, a synced share)."""

    def __init__(self, destination: Destination) -> None:
        super().__init__(destination)
        self.root = Path(destination.path).expanduser()

    def connect(self) -> None:
        if self.root.exists() and not self.root.is_dir():
            raise PublishError("the destination is a file, not a folder", path=self.root)
        existing = next(p for p in (self.root, *self.root.parents) if p.exists())
        if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
            raise PublishError(f"permission denied: cannot write in {existing} (choose a "
                               "folder you can write to, or fix its permissions)",
                               path=self.root)

    def _path(self, name: str) -> Path:
        return self.root.joinpath(*name.split("/"))

    def inventory(self, folders: tuple[str, ...]) -> dict[str, int]:
        found: dict[str, int] = {}
        for folder in folders:
            try:
                with os.scandir(self._path(folder) if folder else self.root) as entries:
                    for entry in entries:
                        if entry.is_file(follow_symlinks=False):
                            found[posixpath.join(folder, entry.name)] = entry.stat().st_size
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise PublishError(f"cannot list the destination: {exc.strerror}",
                                   path=self.root) from None
        return found

    def read(self, name: str) -> bytes | None:
        try:
            return self._path(name).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise PublishError(f"cannot read {name}: {exc.strerror}", path=self.root) from None

    def put(self, local: Path | bytes, name: str, *, content_type: str, cache_control: str,
            advance: Advance) -> None:
        target = self._path(name)
        temp = self._path(temp_name(name))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(temp, "wb") as out:
                if isinstance(local, bytes):
                    out.write(local)
                    advance(len(local))
                else:
                    with open(local, "rb") as source:
                        while chunk := source.read(1 << 20):
                            out.write(chunk)
                            advance(len(chunk))
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temp, 0o644)  # readable by the web server that serves the folder
            os.replace(temp, target)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            denied = exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
            raise PublishError(f"{'permission denied' if denied else 'cannot write'}: "
                               f"{name} ({exc.strerror}); fix the folder's permissions or "
                               "free space", path=self.root) from None

    def size(self, name: str) -> int | None:
        try:
            return self._path(name).stat().st_size
        except FileNotFoundError:
            return None

    def delete(self, name: str) -> None:
        try:
            self._path(name).unlink(missing_ok=True)
        except OSError as exc:
            raise PublishError(f"cannot delete {name}: {exc.strerror}", path=self.root) from None


# ----------------------------------------------------------------------- S3


_S3_FIXES = {
    "InvalidAccessKeyId": "the access key is not known there: check AWS_ACCESS_KEY_ID or "
                          "the profile in ~/.aws/credentials (AWS_PROFILE)",
    "InvalidClientTokenId": "the access key is not known there: check AWS_ACCESS_KEY_ID or "
                            "the profile in ~/.aws/credentials (AWS_PROFILE)",
    "SignatureDoesNotMatch": "the secret key does not match the access key: check "
                             "AWS_SECRET_ACCESS_KEY or the profile in ~/.aws/credentials",
    "NoSuchBucket": "the bucket does not exist: create it, or fix the bucket in DEST "
                    "(and --endpoint-url for R2, B2, MinIO or Spaces)",
    "AccessDenied": "permission denied: give the key s3:ListBucket, s3:GetObject, "
                    "s3:PutObject and s3:DeleteObject on the bucket",
    "AllAccessDisabled": "permission denied: the bucket refuses all access",
    "ExpiredToken": "the session token has expired: renew the credentials",
    "PermanentRedirect": "the bucket is in another region: set AWS_REGION (or region in "
                         "~/.aws/config) to the bucket's region",
}


class S3Host(Host):
    """An S3 bucket (AWS, or Cloudflare R2, Backblaze B2, MinIO, DigitalOcean Spaces
    through --endpoint-url or AWS_ENDPOINT_URL). Credentials and region come from the
    standard AWS chain (environment, ~/.aws/credentials and config, SSO, roles)."""

    def __init__(self, destination: Destination, endpoint_url: str | None = None) -> None:
        super().__init__(destination)
        try:
            import boto3  # noqa: F401
            import botocore  # noqa: F401
        except ImportError:
            raise EngineMissingError("publishing to s3:// needs boto3: pip install boto3 "
                                     "(in a checkout: pip install -e '.[publish]')") from None
        self.endpoint_url = endpoint_url
        self.bucket = destination.host
        self.prefix = destination.path
        self.client = None

    def connect(self) -> None:
        import boto3
        from boto3.s3.transfer import TransferConfig
        from botocore.config import Config

        with self._errors():
            self.client = boto3.session.Session().client(
                "s3", endpoint_url=self.endpoint_url or None,
                config=Config(retries={"max_attempts": 2, "mode": "standard"},
                              connect_timeout=10, read_timeout=60))
        self.transfer = TransferConfig(multipart_threshold=64 << 20)

    @property
    def _where(self) -> str:
        endpoint = self.client.meta.endpoint_url if self.client else self.endpoint_url
        return f"s3://{self.bucket}/{self.prefix} at {endpoint}"

    @contextmanager
    def _errors(self, name: str | None = None) -> Iterator[None]:
        from boto3.exceptions import S3UploadFailedError
        from botocore import exceptions as aws

        try:
            yield
        except S3UploadFailedError as exc:  # upload_file's wrapping of a ClientError
            code = re.search(r"An error occurred \((\w+)\)", str(exc))
            fix = _S3_FIXES.get(code.group(1) if code else "") or str(exc)
            raise PublishError(f"{self._where} ({name}): {fix}", field="DEST") from None
        except aws.NoCredentialsError:
            raise PublishError("no AWS credentials found: set AWS_ACCESS_KEY_ID and "
                               "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (`aws configure` "
                               "writes one)", field="DEST") from None
        except aws.ClientError as exc:
            error = exc.response.get("Error", {})
            code = str(error.get("Code", ""))
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if code in ("403", "Forbidden") or (not code and status == 403):
                code = "AccessDenied"
            fix = _S3_FIXES.get(code) or f"{error.get('Message') or code or status}"
            what = f" ({name})" if name else ""
            raise PublishError(f"{self._where}{what}: {fix}", field="DEST") from None
        except (aws.EndpointConnectionError, aws.ConnectTimeoutError,
                aws.ReadTimeoutError) as exc:
            raise PublishError(f"cannot reach {self._where}: {exc}; check --endpoint-url "
                               "(or AWS_ENDPOINT_URL) and the network", field="DEST") from None
        except (aws.BotoCoreError, aws.ParamValidationError) as exc:
            raise PublishError(f"{self._where}: {exc}", field="DEST") from None

    def inventory(self, folders: tuple[str, ...]) -> dict[str, int]:
        found: dict[str, int] = {}
        with self._errors():
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix)
            for page in pages:
                for item in page.get("Contents", ()):
                    name = item["Key"][len(self.prefix):]
                    if posixpath.dirname(name) in folders:
                        found[name] = int(item["Size"])
        return found

    def read(self, name: str) -> bytes | None:
        with self._errors(name):
            try:
                return self.client.get_object(Bucket=self.bucket,
                                              Key=self.prefix + name)["Body"].read()
            except self.client.exceptions.NoSuchKey:
                return None

    def put(self, local: Path | bytes, name: str, *, content_type: str, cache_control: str,
            advance: Advance) -> None:
        extra = {"ContentType": content_type, "CacheControl": cache_control}
        with self._errors(name):
            if isinstance(local, bytes):
                self.client.put_object(Bucket=self.bucket, Key=self.prefix + name, Body=local,
                                       **extra)
                advance(len(local))
            else:
                self.client.upload_file(str(local), self.bucket, self.prefix + name,
                                        ExtraArgs=extra, Callback=advance,
                                        Config=self.transfer)

    def size(self, name: str) -> int | None:
        from botocore.exceptions import ClientError

        with self._errors(name):
            try:
                head = self.client.head_object(Bucket=self.bucket, Key=self.prefix + name)
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
                    return None
                raise
        return int(head["ContentLength"])

    def delete(self, name: str) -> None:
        with self._errors(name):
            self.client.delete_object(Bucket=self.bucket, Key=self.prefix + name)

    def _multipart_uploads(self, folders: tuple[str, ...]) -> list[tuple[str, str]]:
        """(key, upload id) of the multipart uploads begun under the show's prefix."""
        found = []
        with self._errors():
            pages = self.client.get_paginator("list_multipart_uploads").paginate(
                Bucket=self.bucket, Prefix=self.prefix)
            for page in pages:
                for upload in page.get("Uploads", ()):
                    name = upload["Key"][len(self.prefix):]
                    if posixpath.dirname(name) in folders:
                        found.append((upload["Key"], upload["UploadId"]))
        return found

    def unfinished_uploads(self, folders: tuple[str, ...]) -> list[str]:
        # Files over TransferConfig's threshold go up in parts; a publish killed in
        # the middle of one leaves its parts stored (and billed) until aborted.
        return [key[len(self.prefix):] for key, _ in self._multipart_uploads(folders)]

    def abort_unfinished_uploads(self, folders: tuple[str, ...]) -> int:
        uploads = self._multipart_uploads(folders)
        for key, upload_id in uploads:
            with self._errors(key[len(self.prefix):]):
                try:
                    self.client.abort_multipart_upload(Bucket=self.bucket, Key=key,
                                                       UploadId=upload_id)
                except self.client.exceptions.NoSuchUpload:
                    continue  # finished or aborted meanwhile
        return len(uploads)


# --------------------------------------------------------------------- SFTP


class SftpHost(Host):
    """A server over SFTP (paramiko), found and logged into as `ssh` would: the user,
    port, HostName, IdentityFile and UserKnownHostsFile of ~/.ssh/config, keys from
    ssh-agent (SSH_AUTH_SOCK) or ~/.ssh/id_*, and the host key checked against
    ~/.ssh/known_hosts (an unknown host is refused, never trusted blindly)."""

    def __init__(self, destination: Destination) -> None:
        super().__init__(destination)
        try:
            import paramiko  # noqa: F401
        except ImportError:
            raise EngineMissingError("publishing over sftp:// needs paramiko: pip install "
                                     "paramiko (in a checkout: pip install -e '.[publish]')"
                                     ) from None
        self.client = None
        self.sftp = None
        self.root = destination.path

    def _ssh_config(self) -> dict:
        import paramiko

        path = Path(os.path.expanduser("~/.ssh/config"))
        if not path.is_file():
            return {}
        try:
            return dict(paramiko.SSHConfig.from_path(str(path)).lookup(self.destination.host))
        except (OSError, paramiko.SSHException) as exc:
            raise PublishError(f"cannot read it: {exc}", path=path) from None

    def connect(self) -> None:
        import paramiko

        config = self._ssh_config()
        host = config.get("hostname", self.destination.host)
        port = self.destination.port or int(config.get("port", 22))
        user = self.destination.user or config.get("user") or _login_name()
        self.where = f"{user}@{host}:{port}"
        client = paramiko.SSHClient()
        known = [os.path.expanduser(f) for f in
                 config.get("userknownhostsfile", "~/.ssh/known_hosts").split()]
        for file in ["/etc/ssh/ssh_known_hosts", *known]:
            if os.path.isfile(file):
                client.load_system_host_keys(file)  # read only: never written back
        client.set_missing_host_key_policy(paramiko.RejectPolicy())
        keys = [os.path.expanduser(f) for f in config.get("identityfile", ())]
        keys = [f for f in keys if os.path.isfile(f)]
        try:
            client.connect(host, port=port, username=user, key_filename=keys or None,
                           allow_agent=True, look_for_keys=True, timeout=15,
                           banner_timeout=15, auth_timeout=15)
            self.sftp = client.open_sftp()
        except paramiko.BadHostKeyException:
            client.close()
            raise PublishError(f"{self.where}: the server's host key has CHANGED from the one "
                               "in known_hosts; if that is expected, remove the old line "
                               f"(ssh-keygen -R '[{host}]:{port}') and connect once with ssh",
                               field="DEST") from None
        except paramiko.AuthenticationException:
            client.close()
            raise PublishError(self._refused(), field="DEST") from None
        except paramiko.SSHException as exc:
            client.close()
            if "No authentication methods" in str(exc):  # no agent and no key in ~/.ssh
                raise PublishError(self._refused(), field="DEST") from None
            if "known_hosts" in str(exc) or "not found in" in str(exc):
                raise PublishError(f"{self.where}: the server's host key is not known: "
                                   f"connect once with `ssh -p {port} {user}@{host}` to check "
                                   "and accept it, or add it to ~/.ssh/known_hosts "
                                   f"(ssh-keyscan -p {port} {host})", field="DEST") from None
            raise PublishError(f"{self.where}: SSH failed: {exc}", field="DEST") from None
        except socket.gaierror:
            client.close()
            raise PublishError(f"{self.where}: unknown host name {host!r}: check DEST",
                               field="DEST") from None
        except OSError as exc:
            client.close()
            raise PublishError(f"cannot reach {self.where}: "
                               f"{exc.strerror or exc.__class__.__name__}; check the host, "
                               "the port and that its SSH server runs", field="DEST") from None
        self.client = client

    def _refused(self) -> str:
        return (f"{self.where}: the server refused every key offered (or none was found): "
                "add your public key to ~/.ssh/authorized_keys there, load your key into "
                "ssh-agent (ssh-add), or name it with IdentityFile in ~/.ssh/config")

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = self.sftp = None

    def _path(self, name: str) -> str:
        return posixpath.join(self.root, name) if name else self.root

    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        import paramiko

        try:
            yield
        except PermissionError:
            raise PublishError(f"{self.where}: permission denied: {what}; let "
                               f"{self.where.split('@')[0]} write to {self.root} there",
                               field="DEST") from None
        except (OSError, paramiko.SSHException, EOFError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc) or exc.__class__.__name__
            raise PublishError(f"{self.where}: {what}: {reason}", field="DEST") from None

    def inventory(self, folders: tuple[str, ...]) -> dict[str, int]:
        found: dict[str, int] = {}
        for folder in folders:
            with self._errors(f"cannot list {self._path(folder)}"):
                try:
                    entries = self.sftp.listdir_attr(self._path(folder))
                except FileNotFoundError:
                    continue
            for entry in entries:
                if entry.st_mode is not None and stat.S_ISREG(entry.st_mode):
                    found[posixpath.join(folder, entry.filename)] = int(entry.st_size)
        return found

    def read(self, name: str) -> bytes | None:
        with self._errors(f"cannot read {self._path(name)}"):
            try:
                with self.sftp.open(self._path(name), "rb") as handle:
                    return handle.read()
            except FileNotFoundError:
                return None

    def _makedirs(self, folder: str) -> None:
        missing = []
        while folder not in ("", "/", "."):
            try:
                self.sftp.stat(folder)
                break
            except FileNotFoundError:
                missing.append(folder)
                folder = posixpath.dirname(folder)
        for path in reversed(missing):
            self.sftp.mkdir(path)

    def put(self, local: Path | bytes, name: str, *, content_type: str, cache_control: str,
            advance: Advance) -> None:
        target, temp = self._path(name), self._path(temp_name(name))
        sent = [0]

        def callback(done: int, _total: int) -> None:
            advance(done - sent[0])
            sent[0] = done

        with self._errors(f"cannot write {target}"):
            self._makedirs(posixpath.dirname(target))
            try:
                if isinstance(local, bytes):
                    with self.sftp.open(temp, "wb") as handle:
                        handle.write(local)
                    advance(len(local))
                else:
                    with open(local, "rb") as source:
                        self.sftp.putfo(source, temp, file_size=os.path.getsize(local),
                                        callback=callback, confirm=True)
                self.sftp.chmod(temp, 0o644)
                self._replace(temp, target)
            except BaseException:
                try:
                    self.sftp.remove(temp)
                except Exception:  # noqa: BLE001 - the connection may be gone
                    pass
                raise

    def _replace(self, temp: str, target: str) -> None:
        try:
            self.sftp.posix_rename(temp, target)  # OpenSSH's: replaces `target` atomically
        except OSError as exc:
            if "unsupported" not in str(exc).lower():
                raise
            # A server without OpenSSH's posix-rename: plain SFTP rename does not
            # replace, so the old file goes first (a reader may miss it for a moment).
            try:
                self.sftp.remove(target)
            except FileNotFoundError:
                pass
            self.sftp.rename(temp, target)

    def size(self, name: str) -> int | None:
        with self._errors(f"cannot read {self._path(name)}"):
            try:
                return int(self.sftp.stat(self._path(name)).st_size)
            except FileNotFoundError:
                return None

    def delete(self, name: str) -> None:
        with self._errors(f"cannot delete {self._path(name)}"):
            try:
                self.sftp.remove(self._path(name))
            except FileNotFoundError:
                pass


def _login_name() -> str:
    import getpass

    return getpass.getuser()


def open_host(destination: Destination, *, endpoint_url: str | None = None) -> Host:
    """The backend for a destination (not connected yet: use it as a context manager)."""
    if endpoint_url and destination.scheme != "s3":
        raise PublishError("--endpoint-url is for s3:// destinations", field="--endpoint-url")
    if destination.scheme == "s3":
        return S3Host(destination, endpoint_url)
    if destination.scheme == "sftp":
        return SftpHost(destination)
    return FolderHost(destination)

