"""`audiozine publish s3://...` against a real S3 server on loopback (moto's server
mode, started here): headers, incremental uploads, interruption, --check, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest
from moto import settings as moto_settings
from moto.server import ThreadedMotoServer

from audiozine.errors import PublishError
from audiozine.publish import STATE_NAME, PublishOptions, publish_show

from .publish_fixtures import (
    build, build_added, feed_problems, file_versions, free_port, kill_at, make_show,
    published_names, run_publish,
)

BUCKET = "podcasts"
PREFIX = "tiny/"
TYPES = {".mp3": "audio/mpeg", ".vtt": "text/vtt; charset=utf-8",
         ".srt": "application/x-subrip; charset=utf-8", ".json": "application/json",
         ".chapters.json": "application/json+chapters", ".jpg": "image/jpeg",
         ".html": "text/html; charset=utf-8", ".xml": "application/rss+xml; charset=utf-8"}

#: The standard AWS settings a publish reads, pointed away from this machine's own.
AWS_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
           "AWS_CONFIG_FILE": "/nonexistent/aws-config",
           "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials"}


@pytest.fixture(scope="module")
def s3(tmp_path_factory) -> dict:
    saved = {key: os.environ.get(key) for key in AWS_ENV}
    os.environ.update(AWS_ENV)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client("s3", endpoint_url=endpoint)
    client.create_bucket(Bucket=BUCKET)
    # Public reads, as a podcast bucket is set up (README: Publishing).
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*"}]}))
    root = tmp_path_factory.mktemp("s3-project")
    base_url = f"{endpoint}/{BUCKET}/{PREFIX}"
    v1 = build(make_show(root / "v1", base_url), root / "v1" / "built")
    added = build_added(root / "v1", root / "added")
    try:
        yield {"endpoint": endpoint, "client": client, "base_url": base_url, "v1": v1,
               "added": added}
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _keys(s3: dict, prefix: str = PREFIX, client=None) -> dict[str, int]:
    pages = (client or s3["client"]).get_paginator("list_objects_v2").paginate(Bucket=BUCKET,
                                                                  Prefix=prefix)
    return {item["Key"][len(prefix):]: item["Size"] for page in pages
            for item in page.get("Contents", ())}


def _clear(s3: dict) -> None:
    for key in _keys(s3):
        s3["client"].delete_object(Bucket=BUCKET, Key=PREFIX + key)


def _http_get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise


def _expected_type(name: str) -> str:
    return TYPES[".chapters.json"] if name.endswith(".chapters.json") else \
        TYPES[Path(name).suffix]


@pytest.mark.slow
def test_s3_gets_every_file_with_its_type_and_cache_control_and_nothing_twice(s3) -> None:
    _clear(s3)
    dest = f"s3://{BUCKET}/{PREFIX}"
    publish_show(s3["v1"], dest, PublishOptions(endpoint_url=s3["endpoint"]))
    keys = _keys(s3)
    assert sorted(k for k in keys if k != STATE_NAME) == published_names(s3["v1"])
    assert not [k for k in keys if ".audiozine/" in k]
    for name in published_names(s3["v1"]):
        head = s3["client"].head_object(Bucket=BUCKET, Key=PREFIX + name)
        assert head["ContentType"] == _expected_type(name), name
        assert head["ContentLength"] == (s3["v1"] / name).stat().st_size
        media = name not in ("feed.xml", "index.html")
        assert head["CacheControl"] == ("public, max-age=31536000, immutable" if media
                                        else "public, max-age=300"), name
    # The headers a podcast app gets at the public URL (GET: moto's server answers an
    # unsigned HEAD with 403 whatever the bucket policy says).
    with urllib.request.urlopen(s3["base_url"] + "feed.xml", timeout=10) as response:
        assert response.headers["Content-Type"] == TYPES[".xml"]
        assert response.headers["Cache-Control"] == "public, max-age=300"
    state = json.loads(s3["client"].get_object(Bucket=BUCKET, Key=PREFIX + STATE_NAME)
                       ["Body"].read())
    assert sorted(state["files"]) == published_names(s3["v1"])
    etags = {k: s3["client"].head_object(Bucket=BUCKET, Key=PREFIX + k)["LastModified"]
             for k in keys}
    again = publish_show(s3["v1"], dest, PublishOptions(endpoint_url=s3["endpoint"]))
    assert again.plan.upload == ()
    assert {k: s3["client"].head_object(Bucket=BUCKET, Key=PREFIX + k)["LastModified"]
            for k in keys} == etags


@pytest.mark.slow
def test_s3_killed_publishes_keep_the_public_feed_whole_and_the_next_one_finishes(s3):
    _clear(s3)
    dest = f"s3://{BUCKET}/{PREFIX}"
    options = ("--endpoint-url", s3["endpoint"])
    assert run_publish(s3["v1"], dest, *options).returncode == 0
    versions = file_versions(s3["v1"], s3["added"])
    for moment, name in [("during", "003-the-third-note.mp3"), ("before", "index.html"),
                         ("during", "feed.xml"), ("after", "feed.xml")]:
        kill_at(s3["added"], dest, moment, name, options=options)
        assert feed_problems(lambda n: _http_get(s3["base_url"] + n), s3["base_url"],
                             versions) == [], (moment, name)
    result = run_publish(s3["added"], dest, *options)
    assert result.returncode == 0, result.stderr
    # Only what the killed runs had not recorded as verified goes up again.
    assert "2 files uploaded" in result.stdout, result.stdout + result.stderr
    for name in published_names(s3["added"]):
        assert _http_get(s3["base_url"] + name) == (s3["added"] / name).read_bytes(), name


def _unfinished(s3: dict, prefix: str = PREFIX) -> list[str]:
    uploads = s3["client"].list_multipart_uploads(Bucket=BUCKET, Prefix=prefix)
    return sorted(upload["Key"] for upload in uploads.get("Uploads", ()))


@pytest.mark.slow
def test_s3_an_upload_killed_between_its_parts_is_aborted_by_the_next_publish(s3) -> None:
    _clear(s3)
    dest = f"s3://{BUCKET}/{PREFIX}"
    options = ("--endpoint-url", s3["endpoint"])
    assert run_publish(s3["v1"], dest, *options).returncode == 0
    # Another show's upload under another prefix is none of this publish's business.
    other = s3["client"].create_multipart_upload(Bucket=BUCKET, Key="other/episodes/x.mp3")
    kill_at(s3["added"], dest, "during", "003-the-third-note.mp3", options=options,
            env={**os.environ, "HARNESS_MULTIPART": "1"})
    assert _unfinished(s3) == [PREFIX + "episodes/003-the-third-note.mp3"]

    dry = run_publish(s3["added"], dest, *options, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert ("would abort the unfinished upload of episodes/003-the-third-note.mp3"
            in dry.stdout), dry.stdout
    assert len(_unfinished(s3)) == 1

    result = run_publish(s3["added"], dest, *options)
    assert result.returncode == 0, result.stderr
    assert "aborted 1 unfinished upload left by an interrupted publish" in result.stderr
    assert _unfinished(s3) == []
    assert _unfinished(s3, "other/") == ["other/episodes/x.mp3"]
    s3["client"].abort_multipart_upload(Bucket=BUCKET, Key="other/episodes/x.mp3",
                                        UploadId=other["UploadId"])
    for name in published_names(s3["added"]):
        assert _http_get(s3["base_url"] + name) == (s3["added"] / name).read_bytes(), name


@pytest.mark.slow
def test_s3_check_stops_before_the_feed_when_the_public_url_refuses_head(s3) -> None:
    """--check sends HEAD to each medium's public URL before the feed goes up. moto's
    server refuses an unsigned HEAD (403), as a private bucket does: the media are
    uploaded, the feed is not, and the error says so."""
    _clear(s3)
    with pytest.raises(PublishError) as caught:
        publish_show(s3["added"], f"s3://{BUCKET}/{PREFIX}",
                     PublishOptions(endpoint_url=s3["endpoint"], check=True))
    assert "answered 403" in str(caught.value) and "the feed is not uploaded" in str(caught.value)
    assert "feed.xml" not in _keys(s3)


# ------------------------------------------------------------------- errors


@pytest.fixture
def with_auth(s3, monkeypatch):
    """The server checks signatures and IAM policies: a user who may do everything,
    and one who may only read."""
    iam = boto3.client("iam", endpoint_url=s3["endpoint"])
    users = {}
    for user, actions in (("writer", ["s3:*"]), ("reader", ["s3:ListBucket", "s3:GetObject"])):
        if user not in {u["UserName"] for u in iam.list_users()["Users"]}:
            iam.create_user(UserName=user)
            iam.put_user_policy(UserName=user, PolicyName="p", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": actions, "Resource": "*"}]}))
        key = iam.create_access_key(UserName=user)["AccessKey"]
        users[user] = (key["AccessKeyId"], key["SecretAccessKey"])
    monkeypatch.setattr(moto_settings, "INITIAL_NO_AUTH_ACTION_COUNT", 0)
    return users


def _as(monkeypatch, key_id: str, secret: str) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)


@pytest.mark.slow
def test_s3_errors_are_one_line_and_change_nothing(s3, with_auth, monkeypatch) -> None:
    dest, options = f"s3://{BUCKET}/{PREFIX}", PublishOptions(endpoint_url=s3["endpoint"])
    key_id, secret = with_auth["writer"]
    writer = boto3.client("s3", endpoint_url=s3["endpoint"], aws_access_key_id=key_id,
                          aws_secret_access_key=secret)
    before = _keys(s3, client=writer)
    cases = [
        (("AKIAWRONGWRONGWRONG0", secret), dest, "the access key is not known"),
        ((key_id, "not-the-secret"), dest, "the secret key does not match"),
        ((key_id, secret), "s3://no-such-bucket/x", "the bucket does not exist"),
        (with_auth["reader"], dest, "permission denied"),  # its first write: the record
        (with_auth["reader"], f"s3://{BUCKET}/new/", "permission denied"),  # an episode
    ]
    for credentials, where, message in cases:
        _as(monkeypatch, *credentials)
        with pytest.raises(PublishError) as caught:
            publish_show(s3["added"], where, options)
        assert message in str(caught.value) and "\n" not in str(caught.value), caught.value
        assert _keys(s3, client=writer) == before, message
        assert _keys(s3, "new/", client=writer) == {}
    _as(monkeypatch, key_id, secret)
    publish_show(s3["v1"], dest, options)  # the writer may


def test_s3_unreachable_endpoint_and_no_credentials(tmp_path: Path, monkeypatch) -> None:
    from audiozine.publish.hosts import S3Host, parse_destination

    for key, value in AWS_ENV.items():
        monkeypatch.setenv(key, value)
    nowhere = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(PublishError, match=f"cannot reach s3://b/ at {nowhere}"):
        with S3Host(parse_destination("s3://b"), nowhere) as host:
            host.inventory(("",))
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with pytest.raises(PublishError, match="no AWS credentials found"):
        with S3Host(parse_destination("s3://b"), nowhere) as host:
            host.inventory(("",))


@pytest.mark.slow
def test_a_missing_boto3_is_exit_3_with_the_pip_command(s3) -> None:
    code = ("import sys; sys.modules['boto3'] = None; from audiozine.cli import app; "
            "sys.argv = ['audiozine', 'publish', *sys.argv[1:]]; app()")
    result = subprocess.run([sys.executable, "-c", code, str(s3["v1"]), "s3://b/p"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: publishing to s3:// needs boto3: pip install boto3 (in a checkout: "
        "pip install -e '.[publish]')"]


def test_an_upload_refused_inside_boto3s_transfer_reads_as_the_s3_error() -> None:
    """upload_file wraps the server's refusal in S3UploadFailedError, not ClientError."""
    from boto3.exceptions import S3UploadFailedError

    from audiozine.publish.hosts import S3Host, parse_destination

    host = S3Host(parse_destination("s3://bucket/p"), "http://127.0.0.1:1")
    with pytest.raises(PublishError, match=r"\(episodes/a.mp3\): permission denied"):
        with host._errors("episodes/a.mp3"):
            raise S3UploadFailedError("Failed to upload a to bucket/p/a: An error occurred "
                                      "(AccessDenied) when calling the PutObject operation: "
                                      "Access Denied")
