"""Show definitions (`feeds/*.toml`) and voice profiles (`voices/*.toml`).

Both are declared as tables of fields (name -> type, default, help) so that
validation, "did you mean" suggestions and documentation come from one place.
Nothing in a show file is ever executed. The values read (`Show`,
`VoiceProfile`) are defined in `definitions`, which imports nothing of this.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import re
import tomllib
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlparse

from .categories import APPLE_CATEGORIES, is_valid_category
from .definitions import (  # noqa: F401 - Show and VoiceProfile are read from here too
    ANONYMOUS_INTRO, ANONYMOUS_OUTRO, DEFAULT_INTRO, DEFAULT_OUTRO, DEFAULT_PAUSES_MS,
    Show, VoiceProfile,
)
from .engines import engine_class
from .errors import AudiozineError, ConfigError
from .lexicon import parse_entry

# ------------------------------------------------------------------- loading

# field name -> (accepted python types, help)
_SHOW_FIELDS: dict[str, tuple[tuple[type, ...], str]] = {
    "title": ((str,), "the show's title"),
    "author": ((str,), "who wrote the essays"),
    "description": ((str,), "what the show is about (at most 4000 bytes)"),
    "sources": ((list, str), "essay files or folders, relative to the show file"),
    "language": ((str,), "language code such as en-us"),
    "category": ((str,), "an Apple Podcasts category, e.g. \"Business\""),
    "subcategory": ((str,), "an Apple Podcasts subcategory, e.g. \"Management\""),
    "explicit": ((bool,), "true or false"),
    "base_url": ((str,), "public https URL the show folder is published under"),
    "link": ((str,), "the show's website"),
    "voice": ((str,), "voice profile name from voices/"),
    "start_date": ((dt.date,), "publication date of episode 1, e.g. 2024-01-01"),
    "cadence_days": ((int,), "days between episodes"),
    "season": ((int,), "season number"),
    "type": ((str,), "episodic or serial"),
    "max_minutes": ((int, float), "a number of minutes (longer essays are split into parts)"),
    "target_minutes": ((int, float),
                       "a number of minutes (essays are packed into issues of about this length)"),
    "owner_email": ((str,), "contact e-mail for podcast directories"),
    "image": ((str,), "cover image file (JPEG or PNG)"),
    "license": ((str,), "licence of the episodes, e.g. CC-BY-4.0"),
    "locked": ((bool,), "podcast:locked (true stops other hosts importing the feed)"),
    "bitrate_kbps": ((int,), "MP3 bitrate, 64 to 128"),
    "pages": ((bool,), "true or false (read an export's pages as well as its posts)"),
    "fetch_articles": ((bool,), "true or false (fetch the page of each feed entry that has "
                                "only a summary)"),
    "code_blocks": ((str,), "skip or marker (what is said where a code block stands)"),
    "music_bed": ((str,), "intro music file (WAV, MP3 or FLAC)"),
    "intro": ((str,), "intro wording; {show} {title} {author} {voice} {link}"),
    "outro": ((str,), "outro wording; {show} {title} {author} {voice} {link}"),
    "pauses_ms": ((dict,), "pause lengths by kind: clause sentence paragraph section title"),
    "lexicon": ((dict,), "word = \"how it is said\""),
    "publish": ((str,), "where `audiozine publish` uploads the show: s3://bucket/prefix, "
                        "sftp://user@host/path or a folder"),
    "cluster": ((str,), "Dask scheduler address to narrate on, e.g. tcp://HOST:8786, or local:N"),
    "master_on": ((str,), "cluster or client (where a cluster build masters its episodes)"),
    "feed_episodes": ((int,), "how many of the latest episodes the feed lists (default: all)"),
}
_REQUIRED_SHOW_FIELDS = ("title", "author", "description", "sources")
#: A show's `code_blocks` settings: nothing said for a code block, or a spoken marker.
CODE_BLOCKS = ("skip", "marker")

_VOICE_FIELDS: dict[str, tuple[tuple[type, ...], str]] = {
    "engine": ((str,), "piper or pyttsx3"),
    "description": ((str,), "what the voice is"),
    "model": ((str,), "piper: path to an .onnx voice (default: bundled joe)"),
    "voice_id": ((str,), "pyttsx3: system voice id or language"),
    "length_scale": ((int, float), "piper: >1 speaks slower"),
    "noise_scale": ((int, float), "piper: generator noise"),
    "noise_w_scale": ((int, float), "piper: phoneme width noise"),
    "noise_seed": ((int,), "piper: a whole number; another one is another take of every sentence"),
    "rate_wpm": ((int,), "pyttsx3: words per minute"),
    "volume": ((int, float), "0.0 to 1.0"),
    "words_per_minute": ((int, float), "measured pace for duration estimates"),
    "pauses_ms": ((dict,), "pause lengths by kind"),
    "lexicon": ((list, str), "lexicon files, relative to the profile"),
}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError("file not found", path=path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=path) from None
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))  # a BOM, as some editors write
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text (byte {exc.start})", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(f"TOML syntax error: {message}", path=path, line=line) from None


def _line_of(path: Path, key: str) -> int | None:
    """Best-effort line number of `key = ...` in a TOML file, for messages."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", line):
                return number
    except OSError:
        pass
    return None


def _check_fields(data: Mapping[str, Any], schema: Mapping[str, tuple[tuple[type, ...], str]],
                  path: Path, kind: str) -> None:
    for key, value in data.items():
        if key not in schema:
            close = difflib.get_close_matches(key, list(schema), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else \
                f" (known keys: {', '.join(sorted(schema))})"
            raise ConfigError(f"unknown {kind} key '{key}'{hint}", path=path,
                              line=_line_of(path, key), field=key)
        types, help_text = schema[key]
        # bool is an int subclass: accept it only where bool is declared.
        ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
        if isinstance(value, dt.datetime) and dt.datetime not in types:
            ok = False
        if not ok:
            hint = ""
            if isinstance(value, str) and dt.date in types and _is_iso_date(value):
                hint = f" (a TOML date is written without quotes: {key} = {value.strip()})"
            elif isinstance(value, str) and (int in types or float in types) and \
                    re.fullmatch(r"\s*-?\d+(?:\.\d+)?\s*", value):
                hint = " (a number is written without quotes)"
            raise ConfigError(
                f"expected {help_text}, got {type(value).__name__} {value!r}{hint}",
                path=path, line=_line_of(path, key), field=key)


def _is_iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text.strip())
    except ValueError:
        return False
    return True


def _check_url(value: str, path: Path | None, key: str, *, base: bool = False) -> str:
    """An http(s) URL ending in "/"; a `base` URL (episode URLs are made by adding file
    names to it) also has no query, fragment or blank."""
    value = value.strip()
    parsed = urlparse(value)
    problem = None
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        problem = f"'{value}' is not an http(s) URL"
    elif re.search(r"\s", value):
        problem = f"'{value}' holds a blank; URLs cannot (write it as %20, or use a path without one)"
    elif base and (parsed.query or parsed.fragment or value.rstrip("/").endswith(("?", "#"))):
        problem = (f"'{value}' has a ?query or #fragment; a base URL is the folder the show "
                   "is uploaded to, such as https://example.com/podcast/")
    if problem:
        raise ConfigError(problem, path=path, line=_line_of(path, key) if path else None,
                          field=key)
    return value.rstrip("/") + "/"


def _absolute(path: Path) -> Path:
    """`path` made absolute, symbolic links resolved when they can be.

    A symbolic link loop makes `Path.resolve` raise (RuntimeError before Python
    3.13); such a path is kept as written, and reading it reports the problem.
    """
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def _as_paths(value: str | list, base: Path, path: Path, key: str) -> tuple[Path, ...]:
    from .sources import url_of

    items = [value] if isinstance(value, str) else value
    result = []
    urls = set()
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ConfigError("expected a list of file or folder paths", path=path,
                              line=_line_of(path, key), field=key)
        try:
            url = url_of(item) if not (base / item).exists() else None
        except AudiozineError as error:
            raise ConfigError(error.message, path=path, line=_line_of(path, key),
                              field=key) from None
        if url:
            urls.add(Path(url))
            result.append(Path(url))
            continue
        result.append(_absolute(base / item) if not Path(item).is_absolute() else Path(item))
    if not result:
        raise ConfigError("expected at least one essay file or folder", path=path,
                          line=_line_of(path, key), field=key)
    for item in result:
        if item not in urls and not item.exists():
            raise ConfigError(f"{item} does not exist", path=path,
                              line=_line_of(path, key), field=key)
    return tuple(result)


_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
"""An RSS language code: ISO 639 with optional region, as in "en" or "en-us"."""


def _existing_file(data: Mapping[str, Any], base: Path, path: Path, key: str) -> Path | None:
    if key not in data:
        return None
    file = _absolute(base / data[key])
    if not file.is_file():
        raise ConfigError(f"file not found: {file}", path=path, line=_line_of(path, key),
                          field=key)
    return file


def _pauses(value: Mapping[str, Any], path: Path, key: str) -> dict[str, int]:
    pauses = {}
    for kind, ms in value.items():
        if kind not in DEFAULT_PAUSES_MS:
            raise ConfigError(f"unknown pause kind '{kind}' (known: "
                              f"{', '.join(DEFAULT_PAUSES_MS)})", path=path,
                              line=_line_of(path, kind), field=f"{key}.{kind}")
        if isinstance(ms, bool) or not isinstance(ms, int) or not 0 <= ms <= 10_000:
            raise ConfigError("expected milliseconds between 0 and 10000", path=path,
                              line=_line_of(path, kind), field=f"{key}.{kind}")
        pauses[kind] = ms
    return pauses


def _lexicon(value: Mapping[str, Any], path: Path) -> dict[str, Any]:
    for word, said in value.items():  # the same forms as a lexicon file
        parse_entry(word, said, path=path, line=_line_of(path, word), field_prefix="lexicon.")
    return dict(value)


def load_show(path: Path) -> Show:
    """Read and validate a show file."""
    path = Path(path)
    data = _read_toml(path)
    _check_fields(data, _SHOW_FIELDS, path, "show")
    missing = [key for key in _REQUIRED_SHOW_FIELDS
               if key not in data or (isinstance(data[key], str) and not data[key].strip())]
    if missing:  # all of them at once, not one per run
        raise ConfigError(
            f"missing required field{'s' if len(missing) > 1 else ''} " + ", ".join(
                f"'{key}' ({_SHOW_FIELDS[key][1]})" for key in missing), path=path, field=missing[0])
    base = path.parent
    category = data.get("category", "Society & Culture")
    subcategory = data.get("subcategory")
    if not is_valid_category(category, subcategory):
        wanted = subcategory if category in APPLE_CATEGORIES else category
        choices = APPLE_CATEGORIES.get(category, ()) if category in APPLE_CATEGORIES \
            else tuple(APPLE_CATEGORIES)
        close = difflib.get_close_matches(wanted or "", list(choices), n=1)
        parent = next((top for top, subs in APPLE_CATEGORIES.items() if wanted in subs), None)
        if parent and category not in APPLE_CATEGORIES:  # "Food" is under "Arts"
            hint = f' (it is a subcategory: category = "{parent}", subcategory = "{wanted}")'
        elif close:
            hint = f" (did you mean '{close[0]}'?)"
        else:
            hint = f" (one of: {', '.join(choices)})"
        key = "subcategory" if category in APPLE_CATEGORIES else "category"
        raise ConfigError(f"'{wanted}' is not an Apple Podcasts {key}{hint}", path=path,
                          line=_line_of(path, key), field=key)
    show_type = data.get("type", "episodic")
    if show_type not in ("episodic", "serial"):
        raise ConfigError("expected 'episodic' or 'serial'", path=path,
                          line=_line_of(path, "type"), field="type")
    code_blocks = data.get("code_blocks", "skip")
    if code_blocks not in CODE_BLOCKS:
        raise ConfigError(f"expected 'skip' or 'marker', not '{code_blocks}'", path=path,
                          line=_line_of(path, "code_blocks"), field="code_blocks")
    bitrate = data.get("bitrate_kbps", 96)
    if not 64 <= bitrate <= 128:
        raise ConfigError("expected a bitrate from 64 to 128 kbps", path=path,
                          line=_line_of(path, "bitrate_kbps"), field="bitrate_kbps")
    for key in ("cadence_days", "max_minutes"):
        if key in data and data[key] <= 0:
            raise ConfigError("expected a positive number", path=path,
                              line=_line_of(path, key), field=key)
    for key in ("intro", "outro"):
        if key in data:
            _check_template(data[key], path, key)
    language = data.get("language", "en-us")
    if not _LANGUAGE.match(language):
        raise ConfigError(f"'{language}' is not a language code (expected one such as "
                          f"'en' or 'en-us')", path=path, line=_line_of(path, "language"),
                          field="language")
    voice = data.get("voice", "joe")
    try:
        voice_file(voice)
    except ConfigError as error:
        raise ConfigError(error.message, path=path, line=_line_of(path, "voice"),
                          field="voice") from None
    return Show(
        name=path.stem,
        title=data["title"].strip(),
        author=data["author"].strip(),
        description=data["description"].strip(),
        sources=_as_paths(data["sources"], base, path, "sources"),
        language=language,
        category=category,
        subcategory=subcategory,
        explicit=data.get("explicit", False),
        base_url=_check_url(data["base_url"], path, "base_url", base=True)
        if "base_url" in data else None,
        link=_check_url(data["link"], path, "link") if "link" in data else None,
        voice=voice,
        start_date=data.get("start_date"),
        cadence_days=data.get("cadence_days", 7),
        season=data.get("season"),
        show_type=show_type,
        max_minutes=float(data.get("max_minutes", 45.0)),
        target_minutes=float(data["target_minutes"]) if "target_minutes" in data else None,
        owner_email=data.get("owner_email"),
        image=_existing_file(data, base, path, "image"),
        license=data.get("license"),
        locked=data.get("locked", True),
        bitrate_kbps=bitrate,
        music_bed=_existing_file(data, base, path, "music_bed"),
        intro=data.get("intro", DEFAULT_INTRO),
        outro=data.get("outro", DEFAULT_OUTRO),
        pauses_ms=_pauses(data.get("pauses_ms", {}), path, "pauses_ms"),
        lexicon=_lexicon(data.get("lexicon", {}), path),
        path=path,
        pages=data.get("pages", False),
        fetch_articles=data.get("fetch_articles", False),
        code_blocks=code_blocks,
        publish=_publish_destination(data["publish"], base, path) if "publish" in data
        else None,
        cluster=_cluster(data, path),
        master_on=_master_on(data, path),
        feed_episodes=_feed_episodes(data, path),
    )


def _publish_destination(value: str, base: Path, path: Path) -> str:
    """A show file's `publish`: a URL as written, or a folder made absolute."""
    value = value.strip()
    scheme = value.split("://", 1)[0].lower() if "://" in value else None
    if not value or (scheme and scheme not in ("s3", "sftp", "file")):
        raise ConfigError(f"'{value}' is not a destination (expected s3://bucket/prefix, "
                          "sftp://user@host/path or a folder)", path=path,
                          line=_line_of(path, "publish"), field="publish")
    return value if scheme else str(_absolute(base / Path(value).expanduser()))


def _cluster(data: Mapping[str, Any], path: Path) -> str | None:
    if "cluster" not in data:
        return None
    from .cluster import check_cluster_address  # imports no Dask

    return check_cluster_address(data["cluster"], path=path, line=_line_of(path, "cluster"))


def _master_on(data: Mapping[str, Any], path: Path) -> str | None:
    if "master_on" not in data:
        return None
    from .remote_master import check_master_on  # imports no Dask

    return check_master_on(data["master_on"], path=path, line=_line_of(path, "master_on"))


def _feed_episodes(data: Mapping[str, Any], path: Path) -> int | None:
    value = data.get("feed_episodes")
    if value is not None and (isinstance(value, bool) or value < 1):
        raise ConfigError("expected a number of episodes, 1 or more", path=path,
                          line=_line_of(path, "feed_episodes"), field="feed_episodes")
    return value


_TEMPLATE_KEYS = {"show", "title", "author", "voice", "link"}


def _check_template(template: str, path: Path | None, key: str) -> None:
    for name in re.findall(r"\{([^{}]*)\}", template):
        if name not in _TEMPLATE_KEYS:
            raise ConfigError(f"unknown placeholder {{{name}}} (known: "
                              f"{', '.join(sorted(_TEMPLATE_KEYS))})", path=path,
                              line=_line_of(path, key) if path else None, field=key)


def default_show(sources: tuple[Path, ...], out_dir: Path, *, base_url: str | None = None,
                 voice: str | None = None, title: str | None = None,
                 author: str | None = None, pages: bool = False,
                 fetch_articles: bool = False, code_markers: bool = False) -> Show:
    """A show for `audiozine build SOURCE --out DIR`, with no show file.

    The title and author not given are those a single feed, export or book names
    itself by, else the title is made from the file name. Without an author the
    narration names none; the feed, which must name one, names the show itself.
    """
    # Here, not at the top: reading sources is ~0.1 s of regexes at import, which
    # `voices` and `say` (that load show files, not essays) need not pay. No cycle:
    # sources imports nothing of config (tests/test_imports.py).
    from .sources import source_names, title_from_file_name, url_of

    named_title, named_author = source_names(sources[0]) if len(sources) == 1 \
        and not url_of(sources[0]) else (None, None)
    # Not "2022 06 23 A Short History" for 2022-06-23-a-short-history.md.
    title = (title or "").strip() or named_title or title_from_file_name(sources[0]).title()
    author = (author if author is not None else named_author or "").strip()
    return Show(
        name=out_dir.name or "show",
        title=title,
        author=author or title,
        description=f"An audio edition of {title}, narrated by audiozine.",
        sources=tuple(Path(url_of(p)) if url_of(p) else _absolute(p) for p in sources),
        base_url=_check_url(base_url, None, "--base-url", base=True) if base_url else None,
        pages=pages,
        fetch_articles=fetch_articles,
        code_blocks="marker" if code_markers else "skip",
        voice=voice or "joe",
        intro=DEFAULT_INTRO if author else ANONYMOUS_INTRO,
        outro=DEFAULT_OUTRO if author else ANONYMOUS_OUTRO,
    )


def with_overrides(show: Show, *, base_url: str | None = None, voice: str | None = None,
                   pages: bool = False, fetch_articles: bool = False,
                   code_markers: bool = False) -> Show:
    changes: dict[str, Any] = {}
    if code_markers:
        changes["code_blocks"] = "marker"
    if pages:
        changes["pages"] = True
    if fetch_articles:
        changes["fetch_articles"] = True
    if base_url:
        changes["base_url"] = _check_url(base_url, None, "--base-url", base=True)
    if voice:
        changes["voice"] = voice
    return dataclasses.replace(show, **changes) if changes else show


def load_voice(path: Path) -> VoiceProfile:
    """Read and validate a voice profile."""
    path = Path(path)
    data = _read_toml(path)
    _check_fields(data, _VOICE_FIELDS, path, "voice")
    if "engine" not in data:
        raise ConfigError("missing required field 'engine' (piper or pyttsx3)", path=path,
                          field="engine")
    base = path.parent
    model = None
    if data.get("model"):
        model = Path(data["model"]).expanduser()
        model = model if model.is_absolute() else _absolute(base / model)
    lexicon = data.get("lexicon", [])
    lexicon_files = _as_paths(lexicon, base, path, "lexicon") if lexicon else ()
    pauses = dict(DEFAULT_PAUSES_MS)
    pauses.update(_pauses(data.get("pauses_ms", {}), path, "pauses_ms"))
    return VoiceProfile(
        name=path.stem,
        engine=data["engine"],
        description=data.get("description", ""),
        model=model,
        voice_id=data.get("voice_id"),
        length_scale=float(data.get("length_scale", 1.0)),
        noise_scale=float(data.get("noise_scale", 0.667)),
        noise_w_scale=float(data.get("noise_w_scale", 0.8)),
        noise_seed=data.get("noise_seed", 0),
        rate_wpm=data.get("rate_wpm", 165),
        volume=float(data.get("volume", 1.0)),
        words_per_minute=float(data.get("words_per_minute", 160.0)),
        pauses_ms=pauses,
        lexicon_files=lexicon_files,
        path=path,
    )


def voices_dir() -> Path:
    """The `voices/` folder: the project's, or one named by AUDIOZINE_VOICES."""
    env = os.environ.get("AUDIOZINE_VOICES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "voices"


def voice_file(name_or_path: str, search_dir: Path | None = None) -> Path:
    """The profile file for a voice name (in voices/) or a path to a .toml file."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" and candidate.exists():
        return candidate
    folder = search_dir or voices_dir()
    path = folder / f"{name_or_path}.toml"
    if not path.exists():
        known = sorted(p.stem for p in folder.glob("*.toml") if p.stem != "lexicon")
        close = difflib.get_close_matches(name_or_path, known, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise ConfigError(f"no voice profile named '{name_or_path}' ({hint}known: "
                          f"{', '.join(known) or 'none'})", field="voice")
    return path


def find_voice(name_or_path: str, search_dir: Path | None = None) -> VoiceProfile:
    """A voice profile by name (from voices/) or by path to a .toml file."""
    return _usable(load_voice(voice_file(name_or_path, search_dir)))


def _usable(profile: VoiceProfile) -> VoiceProfile:
    """A profile about to be used: its engine is one audiozine has, its model file exists.

    Both are mistakes in the profile (exit 1, naming the file, line and field); an
    engine that is known but not installed is reported when it is started (exit 3).
    `list_voices` does not check, so `audiozine voices` can show what is wrong.
    """
    where = {"path": profile.path}
    try:
        engine_class(profile.engine)
    except ConfigError as exc:
        raise ConfigError(exc.message, field="engine", line=_line_of(profile.path, "engine")
                          if profile.path else None, **where) from None
    if profile.model is not None and not profile.model.is_file():
        raise ConfigError(f"the voice model {profile.model} does not exist", field="model",
                          line=_line_of(profile.path, "model") if profile.path else None,
                          **where)
    return profile


def list_voices(search_dir: Path | None = None) -> list[VoiceProfile]:
    folder = search_dir or voices_dir()
    return [load_voice(p) for p in sorted(folder.glob("*.toml")) if p.stem != "lexicon"]
