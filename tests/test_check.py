"""audiozine.check: a fresh build passes; deliberately broken copies fail the right rule,
and each rule of the table, broken alone, fires alone."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from mutagen.id3 import ID3, TDRC

from audiozine.check import Problem, check_show, cover_problems
from audiozine.serve import make_app

from .fixtures import build_fake_show, fake_show_definition, serving


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    return build_fake_show(tmp_path_factory.mktemp("good") / "show").folder


@pytest.fixture
def copy(good, tmp_path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(good, target)
    return target


def rules(problems: list[Problem]) -> set[str]:
    return {p.rule for p in problems}


def edit_feed(folder: Path, old: str, new: str, count: int = 1) -> None:
    path = folder / "feed.xml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_fresh_build_passes(good):
    assert check_show(good) == []
    assert check_show(good / "feed.xml") == []


def test_problems_say_what_and_how_to_fix(copy):
    edit_feed(copy, "<itunes:explicit>false</itunes:explicit>",
              "<itunes:explicit>yes</itunes:explicit>")
    problem = next(p for p in check_show(copy) if p.rule == "F2")
    assert problem.item == "channel" and "explicit" in problem.message and problem.fix
    assert "[F2] channel:" in str(problem)


def test_wrong_enclosure_length(copy):
    text = (copy / "feed.xml").read_text(encoding="utf-8")
    length = re.search(r'length="(\d+)"', text).group(1)
    edit_feed(copy, f'length="{length}"', f'length="{int(length) + 1}"')
    problems = check_show(copy)
    assert rules(problems) == {"I2"}
    assert problems[0].item == "Second Wind"


def test_retagged_file_no_longer_matches_its_length(copy):
    mp3 = next((copy / "episodes").glob("001-*.mp3"))
    tags = ID3(mp3)
    tags.delall("COMM")
    tags.save(mp3, v2_version=3, v1=0, padding=lambda info: 0)
    assert {"I2", "A4"} <= rules(check_show(copy))


def test_missing_cover(copy):
    (copy / "cover.jpg").unlink()
    assert rules(check_show(copy)) == {"F5"}


def test_bad_cover(copy):
    from PIL import Image

    Image.new("RGBA", (1000, 800), (1, 2, 3, 4)).save(copy / "cover.jpg", "PNG")
    problems = check_show(copy)
    assert rules(problems) == {"F5"}
    text = " ".join(p.message for p in problems)
    assert "png" in text and "RGBA" in text and "square" in text and "1400" in text


@pytest.mark.parametrize("bad, expected", [
    ("Mon, 01 Jan 2024 06:00:00 +0000", None),
    ("Tue, 01 Jan 2024 06:00:00 +0000", "weekday"),
    ("2024-01-01T06:00:00Z", "RFC 2822"),
    ("Mon, 1 January 2024 06:00:00 +0000", "RFC 2822"),
    ("Sat, 01 Jan 2124 06:00:00 +0000", "in the future"),
    ("Mon, 01 Jan 2024 06:00:00 -0000", None),  # zone unknown: read as UTC
])
def test_bad_pub_date(copy, bad, expected):
    edit_feed(copy, "<pubDate>Mon, 01 Jan 2024 06:00:00 +0000</pubDate>",
              f"<pubDate>{bad}</pubDate>")
    problems = check_show(copy)
    if expected is None:
        assert problems == []
    else:
        assert rules(problems) == {"I5"} and expected in problems[0].message


def test_explicit_yes(copy):
    edit_feed(copy, "<itunes:explicit>false</itunes:explicit>",
              "<itunes:explicit>yes</itunes:explicit>", count=-1)
    assert rules(check_show(copy)) == {"F2", "I7"}


def test_duplicate_guid(copy):
    text = (copy / "feed.xml").read_text(encoding="utf-8")
    guids = re.findall(r'<guid isPermaLink="false">([^<]+)</guid>', text)
    edit_feed(copy, guids[1], guids[0])
    problems = check_show(copy)
    assert rules(problems) == {"I4"}
    assert "also used" in problems[0].message


def test_wrong_namespace(copy):
    edit_feed(copy, "https://podcastindex.org/namespace/1.0",
              "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md")
    problems = check_show(copy)
    assert "F1" in rules(problems)


def test_not_xml(copy):
    (copy / "feed.xml").write_text("<rss><channel>", encoding="utf-8")
    assert rules(check_show(copy)) == {"F1"}


def test_missing_feed(copy):
    (copy / "feed.xml").unlink()
    assert rules(check_show(copy)) == {"F1"}


def test_bad_category_and_missing_author(copy):
    edit_feed(copy, 'text="Philosophy"', 'text="Philosophie"')
    edit_feed(copy, "<itunes:author>Ann Example</itunes:author>", "")
    problems = check_show(copy)
    assert rules(problems) == {"F2"} and len(problems) == 2


def test_html_outside_cdata_and_forbidden_tags(copy):
    edit_feed(copy, "<description>About Second Wind.</description>",
              "<description>&lt;b&gt;About&lt;/b&gt;</description>")
    edit_feed(copy, "<![CDATA[<p>About Second Wind.</p>",
              "<![CDATA[<p><script>x</script>About Second Wind.</p>")
    messages = [p.message for p in check_show(copy) if p.rule == "F4"]
    assert any("outside CDATA" in m for m in messages)
    assert any("script" in m for m in messages)


def test_whitespace_in_values(copy):
    edit_feed(copy, "<title>Second Wind</title>", "<title> Second Wind </title>")
    assert rules(check_show(copy)) == {"F4"}


def test_id3v1_and_tdrc_in_v23(copy):
    mp3 = next((copy / "episodes").glob("001-*.mp3"))
    with open(mp3, "ab") as stream:
        stream.write(b"TAG" + b"\0" * 125)
    problems = check_show(copy)
    assert {"A3", "I2"} <= rules(problems)

    mp3 = next((copy / "episodes").glob("002-*.mp3"))
    tags = ID3(mp3)
    tags.add(TDRC(encoding=3, text="2024-01-08"))
    tags.save(mp3, v2_version=3, v1=0)  # no update_to_v23(): TDRC leaks
    assert any(p.rule == "A3" and "TDRC" in p.message for p in check_show(copy))


def test_chapters_file_must_match_chap_frames(copy):
    path = next((copy / "episodes").glob("001-*.chapters.json"))
    path.write_text(path.read_text(encoding="utf-8").replace('"Intro"', '"Introduction"'),
                    encoding="utf-8")
    problems = check_show(copy)
    assert rules(problems) == {"P4"} and "CHAP" in problems[0].message


def test_missing_transcript(copy):
    next((copy / "episodes").glob("001-*.vtt")).unlink()
    assert rules(check_show(copy)) == {"P3"}


def test_duration_must_match_the_audio(copy):
    text = (copy / "feed.xml").read_text(encoding="utf-8")
    duration = re.search(r"<itunes:duration>(\d+)</itunes:duration>", text).group(1)
    edit_feed(copy, f"<itunes:duration>{duration}</itunes:duration>",
              f"<itunes:duration>{int(duration) + 5}</itunes:duration>")
    assert rules(check_show(copy)) == {"I6"}


def test_stereo_vbr_audio_fails_a1(copy, tmp_path):
    import lameenc
    import numpy as np

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(192)
    encoder.set_in_sample_rate(48000)
    encoder.set_channels(2)
    pcm = (np.zeros(48000 * 2) + 100).astype("<i2").tobytes()
    mp3 = next((copy / "episodes").glob("001-*.mp3"))
    tags = ID3(mp3)
    mp3.write_bytes(bytes(encoder.encode(pcm) + encoder.flush()))
    tags.save(mp3, v2_version=3, v1=0)
    messages = [p.message for p in check_show(copy) if p.rule == "A1"]
    assert any("48000 Hz" in m for m in messages)
    assert any("mono" in m for m in messages)
    assert any("192 kbps" in m for m in messages)


def test_public_feed_needs_https_and_its_own_podcast_guid(tmp_path):
    show = fake_show_definition(base_url="https://pods.example.org/quiet/")
    folder = build_fake_show(tmp_path / "pub", show=show, base_url=show.base_url).folder
    assert check_show(folder) == []
    edit_feed(folder, "https://pods.example.org/", "http://pods.example.org/", count=-1)
    assert rules(check_show(folder)) == {"H5"}  # the podcast:guid ignores the scheme
    edit_feed(folder, "http://pods.example.org/", "https://moved.example.org/", count=-1)
    assert rules(check_show(folder)) == {"P1"}


def test_cover_problems_accepts_our_cover(good):
    assert cover_problems((good / "cover.jpg").read_bytes(), "cover.jpg") == []


def test_a_served_show_passes_and_http_rules_are_checked(good):
    with serving(make_app(good)) as (host, port):
        assert check_show(f"http://{host}:{port}/feed.xml") == []
        assert check_show(f"http://{host}:{port}/") == []


def test_a_server_without_ranges_or_cors_fails_h2_h3_h4(good):
    from werkzeug.wrappers import Response

    inner = make_app(good)

    def plain(environ, start_response):
        """Episode files as plain 200s: no ranges, validators, CORS or types."""
        path = environ.get("PATH_INFO", "")
        if path.endswith((".mp3", ".json", ".vtt", ".srt")):
            data = (good / path.lstrip("/")).read_bytes()
            response = Response(data, content_type="application/octet-stream")
            return response(environ, start_response)
        return inner(environ, start_response)

    with serving(plain) as (host, port):
        problems = check_show(f"http://{host}:{port}/feed.xml")
    assert {"H1", "H2", "H3", "H4"} <= rules(problems)


def test_unreachable_url():
    problems = check_show("http://127.0.0.1:9/feed.xml")
    assert rules(problems) == {"H1"}


# ------------------------------------------------------------------ cover.py


def test_make_cover_from_an_image_is_square_rgb_and_small(tmp_path):
    import io

    import numpy as np
    from PIL import Image

    from audiozine.cover import cover_thumbnail, make_cover

    # Noise is the hardest case for the 512 KB limit; RGBA must lose its alpha.
    noise = np.random.default_rng(1).integers(0, 256, (1600, 2000, 4), dtype=np.uint8)
    Image.fromarray(noise, "RGBA").save(tmp_path / "art.png")
    cover = make_cover(fake_show_definition(image=tmp_path / "art.png"))
    assert cover_problems(cover, "cover.jpg") == []
    with Image.open(io.BytesIO(cover)) as image:
        assert image.format == "JPEG" and image.mode == "RGB" and image.size[0] == image.size[1]
    thumbnail = cover_thumbnail(cover)
    assert len(thumbnail) <= 300_000
    # A small image is scaled up to the 1400 px minimum.
    Image.new("CMYK", (500, 300), (0, 50, 100, 0)).save(tmp_path / "small.jpg")
    small = make_cover(fake_show_definition(image=tmp_path / "small.jpg"))
    assert cover_problems(small, "cover.jpg") == []


def test_make_cover_rejects_unreadable_images(tmp_path):
    from audiozine.cover import make_cover
    from audiozine.errors import ConfigError

    (tmp_path / "art.jpg").write_text("not an image", encoding="utf-8")
    for path in (tmp_path / "art.jpg", tmp_path / "missing.png"):
        with pytest.raises(ConfigError) as raised:
            make_cover(fake_show_definition(image=path))
        assert str(path) in str(raised.value)


def test_generated_cover_for_a_very_long_title():
    from audiozine.cover import make_cover

    show = fake_show_definition(title="Antidisestablishmentarianism " * 12, author="A " * 80)
    assert cover_problems(make_cover(show), "cover.jpg") == []


def test_a_show_first_built_locally_takes_the_guid_of_its_public_url(tmp_path):
    """Build locally, then publish with a base URL: `check` must pass (P1), and a
    GUID first published under a real URL is kept when the feed moves."""
    from dataclasses import replace

    from audiozine.manifest import PODCAST_GUID_NAME, STATE_DIR, with_kept_identity

    local = fake_show_definition(base_url=None)
    state = tmp_path / STATE_DIR
    state.mkdir()
    (state / PODCAST_GUID_NAME).write_text(local.podcast_guid + "\n", encoding="utf-8")
    public = replace(local, base_url="https://pods.example.org/quiet/")
    published = with_kept_identity(public, tmp_path)
    assert published.podcast_guid == public.podcast_guid != local.podcast_guid
    folder = build_fake_show(tmp_path / "pub", show=published, base_url=published.base_url).folder
    assert check_show(folder) == []
    (state / PODCAST_GUID_NAME).write_text(public.podcast_guid + "\n", encoding="utf-8")
    moved = replace(local, base_url="https://moved.example.org/quiet/")
    assert with_kept_identity(moved, tmp_path).podcast_guid == public.podcast_guid


# ------------------------------------------------------- every rule, broken once


def _sync_enclosure(folder: Path, number: int = 1) -> None:
    """After an MP3 was changed on purpose: its feed item's length and duration
    follow the file again, so only the rule the change breaks fires."""
    from mutagen.mp3 import MP3

    mp3 = next((folder / "episodes").glob(f"{number:03d}-*.mp3"))
    text = (folder / "feed.xml").read_text(encoding="utf-8")
    item = next(i for i in re.findall(r"<item>.*?</item>", text, re.S) if mp3.name in i)
    fixed = re.sub(r'(<enclosure url="[^"]*' + re.escape(mp3.name) + r'" length=")\d+',
                   rf"\g<1>{mp3.stat().st_size}", item)
    fixed = re.sub(r"<itunes:duration>\d+</itunes:duration>",
                   f"<itunes:duration>{round(MP3(mp3).info.length)}</itunes:duration>", fixed)
    (folder / "feed.xml").write_text(text.replace(item, fixed), encoding="utf-8")


def _retag(folder: Path, change) -> None:
    mp3 = next((folder / "episodes").glob("001-*.mp3"))
    tags = ID3(mp3)
    change(tags)
    tags.update_to_v23()
    tags.save(mp3, v2_version=3, v1=0)
    _sync_enclosure(folder)


def _break_f1(folder: Path) -> None:
    edit_feed(folder, ' version="2.0">', ' version="0.92">')


def _break_f6(folder: Path) -> None:
    path = folder / "feed.xml"
    path.write_text(re.sub(r"<item>.*?</item>", "", path.read_text("utf-8"), flags=re.S),
                    encoding="utf-8")


def _break_i3(folder: Path) -> None:
    mp3 = next((folder / "episodes").glob("001-*.mp3"))
    mp3.rename(mp3.with_name(mp3.name.replace("-", "~", 1)))
    edit_feed(folder, f'/{mp3.name}" length', f'/{mp3.name.replace("-", "%7E", 1)}" length')


def _break_i8(folder: Path) -> None:
    edit_feed(folder, "<description>About Second Wind.</description>",
              f"<description>{'Long.' * 801}</description>")


def _break_p1(folder: Path) -> None:
    text = (folder / "feed.xml").read_text(encoding="utf-8")
    guid = re.search(r"<podcast:guid>([^<]+)</podcast:guid>", text).group(1)
    edit_feed(folder, guid, "0f8fad5b-d9cb-469f-a165-70867728950e")  # a UUIDv4


def _break_a1(folder: Path) -> None:
    """The first episode's audio at 48 kHz, of the same length: only A1 is wrong."""
    import lameenc
    import numpy as np
    from mutagen.mp3 import MP3

    mp3 = next((folder / "episodes").glob("001-*.mp3"))
    seconds = MP3(mp3).info.length
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(96)
    encoder.set_in_sample_rate(48000)
    encoder.set_channels(1)
    t = np.arange(int(seconds * 48000)) / 48000
    pcm = (np.sin(2 * np.pi * 440 * t) * 8000).astype("<i2").tobytes()
    tags = ID3(mp3)
    mp3.write_bytes(bytes(encoder.encode(pcm) + encoder.flush()))
    tags.update_to_v23()
    tags.save(mp3, v2_version=3, v1=0)
    _sync_enclosure(folder)


def _break_a3(folder: Path) -> None:
    mp3 = next((folder / "episodes").glob("001-*.mp3"))
    with open(mp3, "ab") as stream:
        stream.write(b"TAG" + b"\0" * 125)
    _sync_enclosure(folder)


def _break_a5(folder: Path) -> None:
    from mutagen.id3 import CTOCFlags

    def unordered(tags) -> None:
        tags.getall("CTOC")[0].flags = CTOCFlags.TOP_LEVEL

    _retag(folder, unordered)


#: One change to a good built folder per rule checked from the files: each makes
#: that rule, and only it, fire.
FOLDER_BREAKS = {
    "F1": _break_f1,
    "F2": lambda f: edit_feed(f, "<itunes:explicit>false</itunes:explicit>",
                              "<itunes:explicit>yes</itunes:explicit>"),
    "F3": lambda f: edit_feed(f, "<itunes:type>episodic</itunes:type>",
                              "<itunes:type>weekly</itunes:type>"),
    "F4": lambda f: edit_feed(f, "<title>Second Wind</title>", "<title> Second Wind </title>"),
    "F5": lambda f: (f / "cover.jpg").unlink(),
    "F6": _break_f6,
    "I1": lambda f: edit_feed(f, "<title>Second Wind</title>", "<title>2. Second Wind</title>"),
    "I2": lambda f: edit_feed(f, 'type="audio/mpeg"', 'type="audio/mp3"'),
    "I3": _break_i3,
    "I4": lambda f: edit_feed(f, '<guid isPermaLink="false">', '<guid isPermaLink="true">'),
    "I5": lambda f: edit_feed(f, "<pubDate>Mon, 01 Jan 2024", "<pubDate>Tue, 01 Jan 2024"),
    "I6": lambda f: edit_feed(f, "<itunes:duration>", "<itunes:duration>9"),
    "I7": lambda f: edit_feed(f, "<itunes:episodeType>full</itunes:episodeType>",
                              "<itunes:episodeType>extra</itunes:episodeType>"),
    "I8": _break_i8,
    "P1": _break_p1,
    "P2": lambda f: edit_feed(f, ">yes</podcast:locked>", ">maybe</podcast:locked>"),
    "P3": lambda f: next((f / "episodes").glob("001-*.vtt")).unlink(),
    "P4": lambda f: edit_feed(f, 'type="application/json+chapters"', 'type="application/json"'),
    "P5": lambda f: edit_feed(f, "<podcast:medium>podcast</podcast:medium>",
                              "<podcast:medium>radio</podcast:medium>"),
    "A1": _break_a1,
    "A3": _break_a3,
    "A4": lambda f: _retag(f, lambda tags: tags.delall("COMM")),
    "A5": _break_a5,
}


@pytest.mark.parametrize("rule", sorted(FOLDER_BREAKS))
def test_each_rule_broken_alone_fires_alone(rule, copy):
    FOLDER_BREAKS[rule](copy)
    problems = check_show(copy)
    assert rules(problems) == {rule}, problems


def _without_headers(*names: str):
    def strip(headers: list) -> list:
        return [(k, v) for k, v in headers if k.lower() not in names]
    return strip


def _wrapped(inner, *, environ_drop=(), headers=lambda h: h, retype=None):
    """`inner` with request headers dropped and response headers changed."""
    def app(environ, start_response):
        environ = {k: v for k, v in environ.items() if k not in environ_drop}

        def start(status, response_headers, exc_info=None):
            response_headers = headers(list(response_headers))
            if retype and environ.get("PATH_INFO", "").endswith(retype[0]):
                response_headers = [(k, retype[1] if k.lower() == "content-type" else v)
                                    for k, v in response_headers]
            return start_response(status, response_headers, exc_info)
        return inner(environ, start)
    return app


#: One fault of a server per HTTP rule (H5, a published http URL, is in FOLDER_BREAKS'
#: companion test below): each makes that rule, and only it, fire.
SERVER_BREAKS = {
    "H1": dict(retype=(".vtt", "text/plain")),
    "H2": dict(environ_drop=("HTTP_RANGE",)),
    "H3": dict(environ_drop=("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"),
               headers=_without_headers("etag", "last-modified")),
    "H4": dict(headers=_without_headers("access-control-allow-origin")),
}


@pytest.mark.parametrize("rule", sorted(SERVER_BREAKS))
def test_each_http_rule_broken_alone_fires_alone(rule, good):
    with serving(_wrapped(make_app(good), **SERVER_BREAKS[rule])) as (host, port):
        problems = check_show(f"http://{host}:{port}/feed.xml")
    assert rules(problems) == {rule}, problems


def test_h5_a_published_http_url_fires_alone(tmp_path):
    show = fake_show_definition(base_url="https://pods.example.org/quiet/")
    folder = build_fake_show(tmp_path / "pub", show=show, base_url=show.base_url).folder
    edit_feed(folder, "https://pods.example.org/", "http://pods.example.org/", count=-1)
    assert rules(check_show(folder)) == {"H5"}


def test_every_rule_in_the_table_is_broken_by_a_test():
    from audiozine.check import RULES

    table = {rule.id for rule in RULES}
    assert table == set(FOLDER_BREAKS) | set(SERVER_BREAKS) | {"H5"}
    assert all(rule.summary and callable(rule.check) for rule in RULES)
