"""The command line: thin commands over the library.

This is the only module that prints, exits, or maps errors to exit codes:
0 success, 1 bad input or configuration, 2 usage, 3 a missing engine or tool.
"""

from __future__ import annotations

import errno
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, List, Optional

import typer

from .errors import AudiozineError, PhonemizerError
from .models import plural

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Turn a collection of essays into a narrated podcast, offline.\n\n"
         "Example:  audiozine build seeds/ --out show/",
)

FEEDS_DIR = Path("feeds")


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"audiozine {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_print_version,
                                      is_eager=True, help="Print the version and exit.")) -> None:
    """Turn a collection of essays into a narrated podcast, offline."""


def _fail(error: AudiozineError) -> None:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(error.exit_code)


def _warn(message: object) -> None:
    typer.echo(f"warning: {message}", err=True)


def _progress_printer():
    """A progress bar with ETA on a terminal; plain log lines otherwise."""
    from .narrate import NarrationProgress

    interactive = sys.stderr.isatty()
    state = {"last": -1.0}

    def show(progress: NarrationProgress) -> None:
        fraction = progress.sentences_done / max(1, progress.sentences_total)
        eta = progress.elapsed_seconds / fraction - progress.elapsed_seconds if fraction else 0
        line = (f"narrating: {progress.sentences_done}/{progress.sentences_total} sentences, "
                f"{progress.audio_seconds_done / 60:.1f} min of audio, ETA {eta:.0f} s"
                + (f", dashboard {progress.dashboard_url}" if progress.dashboard_url else ""))
        if interactive:
            width = 24
            bar = "#" * int(fraction * width) + "-" * (width - int(fraction * width))
            sys.stderr.write(f"\r[{bar}] {line}   ")
            if progress.sentences_done == progress.sentences_total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        elif fraction - state["last"] >= 0.1 or fraction == 1.0:
            state["last"] = fraction
            typer.echo(line, err=True)

    return show


def _log(message: str) -> None:
    typer.echo(message, err=True)


def _source_show(sources: List[Path], out_dir: Path, *, title: str | None,
                 author: str | None, base_url: str | None, voice: str | None,
                 log: Callable[[str], None] | None = None):
    """(the show for SOURCE files built into `out_dir`, its title, its author), with
    what the last build there was given for what is not given now; an option given
    empty ("--author ''") clears it. Said through `log` when taken from the last build."""
    from .config import default_show
    from .manifest import check_owner, read_source_show

    said: list[str] = []
    if not base_url:
        base_url = _remembered_base_url(out_dir, "--base-url changes it", said.append)
    last = read_source_show(out_dir)
    for option, value in (("title", title), ("author", author)):
        if value is None and last.get(option):
            said.append(f"{option} {last[option]!r} (as last built; --{option} changes it)")
    title = last.get("title") if title is None else title.strip() or None
    author = last.get("author") if author is None else author.strip() or None
    the_show = default_show(tuple(sources), out_dir, base_url=base_url, voice=voice,
                            title=title, author=author)
    check_owner(the_show, out_dir)  # a refusal before lines that look like a build starting
    for message in said:
        (log or (lambda _message: None))(message)
    return the_show, title, author


def _file_show(show_file: Path, out: Path | None, *, base_url: str | None, voice: str | None = None,
               log: Callable[[str], None] | None = None):
    """(the show of `show_file`, its output folder). A base URL given with --base-url
    is remembered for the next build, as for SOURCE files, unless the show file
    sets its own `base_url` (which then wins)."""
    from .config import load_show, with_overrides

    loaded = load_show(show_file)
    out_dir = out or show_file.parent / loaded.name
    if not base_url and not loaded.base_url:
        base_url = _remembered_base_url(
            out_dir, f"--base-url, or base_url in {show_file.name}, changes it",
            log or (lambda _message: None))
    return with_overrides(loaded, base_url=base_url, voice=voice), out_dir


def _remembered_base_url(out_dir: Path, how: str, say: Callable[[str], None]) -> str | None:
    """The public base URL the last build into `out_dir` was given, said through `say`."""
    from .serve import read_base_url_record

    recorded = read_base_url_record(out_dir)
    if recorded and recorded[1]:
        say(f"base URL {recorded[0]} (as last built; {how})")
        return recorded[0]
    return None


def _warn_if_local(the_show, out_dir: Path, how: str) -> None:
    from .serve import LOCAL_BASE_URL

    if not the_show.base_url:
        _warn(f"{out_dir}/feed.xml points at {LOCAL_BASE_URL} (no base URL): right for "
              f"`audiozine serve {out_dir}`, not for publishing; {how}")


@app.command()
def build(
    sources: List[Path] = typer.Argument(None, help="Essay files or folders (.txt .md .html)."),
    show: Optional[Path] = typer.Option(None, "--show", help="A show file, e.g. feeds/NAME.toml."),
    voice: Optional[str] = typer.Option(None, "--voice", help="Voice profile name (see `audiozine voices`)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder of the built show."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="Public https URL the show is published under (remembered for the next build of SOURCE)."),
    title: Optional[str] = typer.Option(None, "--title", help="Show title when building SOURCE (default: the last build's, else from the file name)."),
    author: Optional[str] = typer.Option(None, "--author", help="Author when building SOURCE (default: the last build's, else none read aloud; \"\" for none)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", min=1, help="Synthesis processes (default: all cores)."),
    force: bool = typer.Option(False, "--force", help="Re-master every episode even if unchanged."),
    prune: bool = typer.Option(False, "--prune", help="Drop published episodes whose essays are gone."),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", envvar="AUDIOZINE_CACHE_DIR", help="Sentence audio cache folder."),
    cluster: Optional[str] = typer.Option(None, "--cluster", envvar="AUDIOZINE_CLUSTER", help="Narrate on a Dask cluster: a scheduler address (tcp://HOST:8786, tls://...) or local:N worker processes here."),
) -> None:
    """Build podcast episodes, feed and web page.

    With no SOURCE and no --show, builds every show in feeds/ into feeds/NAME/.

    Examples:

      audiozine build

      audiozine build --show feeds/customer-success.toml

      audiozine build my-essays.md --out my-show/ --title "My Essays" --author "A. Writer" --base-url https://example.com/show/

      audiozine build --show feeds/working-life.toml --cluster tcp://scheduler:8786
    """
    from .build import BuildOptions, build_all, build_show
    from .cache import SentenceCache
    from .manifest import write_source_show

    try:
        if cluster and cluster.strip():  # AUDIOZINE_CLUSTER="" is no cluster
            from .cluster import check_cluster_address

            cluster = check_cluster_address(cluster)
        else:
            cluster = None
        options = BuildOptions(jobs=jobs, force=force, prune=prune, voice=voice,
                               cache=SentenceCache(cache_dir), cluster=cluster)
        progress = _progress_printer()
        if (title or author) and not sources:
            raise typer.BadParameter("--title and --author are for SOURCE files; "
                                     "a show file sets its own")
        if sources:
            if show:
                raise typer.BadParameter("give SOURCE files or --show, not both")
            out_dir = out or Path("show")
            the_show, title, author = _source_show(sources, out_dir, title=title,
                                                   author=author, base_url=base_url,
                                                   voice=voice, log=_log)
            reports = [build_show(the_show, out_dir, options, log=_log, on_progress=progress)]
            write_source_show(out_dir, title=title, author=author)
            _warn_if_local(the_show, out_dir, "rebuild with --base-url https://... first")
        elif show:
            the_show, out_dir = _file_show(show, out, base_url=base_url, log=_log)
            reports = [build_show(the_show, out_dir, options, log=_log, on_progress=progress)]
            _warn_if_local(the_show, out_dir, f"set base_url in {show.name} (or build with "
                                              f"--base-url https://...) first")
        else:
            if out or base_url:
                raise typer.BadParameter("--out and --base-url need a SOURCE or --show")
            if not any(FEEDS_DIR.glob("*.toml")):  # as `plan` says it
                raise typer.BadParameter("give SOURCE files, --show, or run where feeds/ is")
            reports = build_all(FEEDS_DIR, options, log=_log, on_progress=progress)
    except AudiozineError as error:
        _fail(error)
        return
    except KeyboardInterrupt:
        # The build publishes by journaled renames: an interrupted one changed nothing.
        typer.echo("\ninterrupted: nothing was published (a show built before is as it "
                   "was); the next build reuses the narration made so far", err=True)
        raise typer.Exit(130) from None
    for report in reports:
        for notice in report.notices:
            _warn(notice)
        typer.echo(f"{report.show_dir}: {plural(len(report.episodes), 'episode')} "
                   f"({len(report.made)} made, {len(report.unchanged)} unchanged"
                   f"{f', {len(report.kept)} kept' if report.kept else ''}"
                   f"{f', {len(report.pruned)} pruned' if report.pruned else ''}) "
                   f"in {report.seconds:.1f} s; feed: {report.show_dir / 'feed.xml'}")


@app.command()
def plan(
    sources: List[Path] = typer.Argument(None, help="Essay files or folders."),
    show: Optional[Path] = typer.Option(None, "--show", help="A show file, e.g. feeds/NAME.toml."),
    out: Optional[Path] = typer.Option(None, "--out", help="The folder `build --out` uses, so numbers, GUIDs and dates match what was published there."),
    title: Optional[str] = typer.Option(None, "--title", help="With SOURCE: the show title, as given to `build --title`."),
    author: Optional[str] = typer.Option(None, "--author", help="With SOURCE: the author, as given to `build --author`."),
    voice: Optional[str] = typer.Option(None, "--voice", help="Voice profile whose pace the minutes are estimated at."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="As given to `build` (the outro names it)."),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", envvar="AUDIOZINE_CACHE_DIR", hidden=True, help="Accepted as `build` takes it; plan makes no audio."),
    jobs: Optional[int] = typer.Option(None, "--jobs", min=1, hidden=True, help="Accepted as `build` takes it; plan makes no audio."),
    force: bool = typer.Option(False, "--force", hidden=True, help="Accepted as `build` takes it; plan makes no audio."),
    cluster: Optional[str] = typer.Option(None, "--cluster", hidden=True, help="Accepted as `build` takes it; plan makes no audio."),
    prune: bool = typer.Option(False, "--prune", help="As given to `build`: say which published episodes it would drop."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    lint: bool = typer.Option(False, "--lint", help="Also list words the voice may say wrong."),
    script: bool = typer.Option(False, "--script", help="Also print what the voice will be given, episode by episode (the spoken form, after the lexicon)."),
) -> None:
    """List the episodes a build would make, without making audio.

    It takes `build`'s options, so a build command with `build` changed to `plan`
    shows what that build would do.

    Examples:

      audiozine plan --show feeds/customer-success.toml

      audiozine plan seeds/customer-success-essays.txt --json --lint

      audiozine plan seeds/customer-success-essays.txt --out my-show

      audiozine plan --show feeds/customer-success.toml --script
    """
    from .config import find_voice, load_show, with_overrides
    from .lexicon import load_lexicon
    from .manifest import load_build_record, with_kept_identity
    from .plan import plan_episodes
    from .reuse import TextCache, sources_key
    from .sources import read_sources
    from .engines import engine_class
    from .espeak import spelled_out_words
    from .plan import episode_script
    from .speech import lint as lint_text, render_script
    from .engines import create_engine

    try:
        if sources and show:
            raise typer.BadParameter("give SOURCE files or --show, not both")
        if (title or author) and not sources:
            raise typer.BadParameter("--title and --author go with SOURCE files (a show file "
                                     "sets its own)")
        if (out or base_url) and not (sources or show):
            raise typer.BadParameter("--out and --base-url need SOURCE files or --show")
        if sources:
            out_dir = out or Path("show")
            shows = [(_source_show(sources, out_dir, title=title, author=author,
                                   base_url=base_url, voice=voice)[0], out_dir)]
        elif show:
            shows = [_file_show(show, out, base_url=base_url, voice=voice)]
        else:
            shows = [(with_overrides(s, voice=voice), FEEDS_DIR / s.name) for s in
                     (load_show(p) for p in sorted(FEEDS_DIR.glob("*.toml")))]
            if not shows:
                raise typer.BadParameter("give SOURCE files, --show, or run where feeds/ is")
        output = []
        for the_show, show_dir in shows:
            profile = find_voice(the_show.voice)
            # What the last build there read, when no source changed (plan writes nothing).
            read = TextCache(show_dir).get(sources_key(the_show.sources),
                                           lambda: read_sources(the_show.sources))
            published, retired = load_build_record(show_dir) if show_dir else ((), ())
            if show_dir:
                the_show = with_kept_identity(the_show, show_dir)
            planned = plan_episodes(read.essays, the_show,
                                    words_per_minute=profile.words_per_minute,
                                    published=published, retired=retired,
                                    voice=profile.description, prune=prune)
            lexicon = load_lexicon(profile.lexicon_files, the_show.lexicon,
                                   engine=profile.engine, extra_path=the_show.path)
            unspeakable, lint_notices = [], []
            if lint:
                linted = [lint_text(e.text, lexicon) for e in planned.episodes]
                unspeakable = {token for _spoken, tokens in linted for token in tokens}
                if engine_class(profile.engine).PHONEMIZER == "espeak-ng":
                    spoken = "\n".join(spoken for spoken, _tokens in linted)
                    try:
                        unspeakable |= set(spelled_out_words(spoken, the_show.language) or ())
                    except PhonemizerError as error:
                        lint_notices.append(f"lint: {error}; words it would spell out "
                                            "letter by letter are not listed")
                unspeakable = sorted(unspeakable, key=str.lower)
            scripts = []
            if script:  # the voice named as the build names it ("Piper voice NAME")
                voice_name = create_engine(profile).describe()
                scripts = [episode_script(e, the_show, lexicon=lexicon, voice=voice_name)
                           for e in planned.episodes]
            output.append((the_show, planned,
                           list(read.notices) + list(planned.notices) + lint_notices,
                           unspeakable, not lint_notices, scripts))
    except AudiozineError as error:
        _fail(error)
        return
    if as_json:
        typer.echo(json.dumps([{
            "show": s.title,
            "episodes": [{"number": e.number, "title": e.title, "slug": e.slug,
                          "guid": e.guid, "date": e.pub_date.isoformat(),
                          "words": e.word_count,
                          "estimated_minutes": round(e.estimated_seconds / 60, 1),
                          "part": e.part, "parts": e.part_count,
                          "chapters": [c.title for c in e.chapters]}
                         for e in p.episodes],
            "warnings": [str(n) for n in notices],
            "unspeakable": unspeakable if lint else None,
            "lint_complete": complete if lint else None,
            **({"scripts": [[{"chapter": sc.chapter_titles[u.chapter_index], "written": u.written,
                              "spoken": u.spoken, "pause_after": u.pause_after.value}
                             for u in sc.utterances] for sc in scripts]} if script else {}),
        } for s, p, notices, unspeakable, complete, scripts in output], indent=2,
            ensure_ascii=False))
        return
    for the_show, planned, notices, unspeakable, complete, scripts in output:
        typer.echo(f"{the_show.title} ({plural(len(planned.episodes), 'episode')})")
        typer.echo(f"{'#':>4}  {'date':10}  {'words':>6}  {'min':>5}  {'part':>5}  title")
        for e in planned.episodes:
            part = f"{e.part}/{e.part_count}" if e.part else ""
            typer.echo(f"{e.number:>4}  {e.pub_date.date().isoformat():10}  "
                       f"{e.word_count:>6}  {e.estimated_seconds / 60:>5.1f}  {part:>5}  "
                       f"{e.title}")
        for notice in notices:
            _warn(notice)
        if lint:
            if unspeakable:
                typer.echo("words the voice may say wrong (add them to the lexicon): "
                           + ", ".join(unspeakable))
            elif complete:
                typer.echo("lint: nothing unspeakable found")
            else:
                typer.echo("lint: the speech stage found nothing unspeakable")
        for each in scripts:
            typer.echo(f"\n== {each.episode.number}. {each.episode.title} ==")
            typer.echo(render_script(each), nl=False)
        typer.echo("")


@app.command()
def say(
    text: str = typer.Argument(..., help="The text to narrate."),
    voice: Optional[str] = typer.Option(None, "--voice", help="Voice profile name."),
    show: Optional[Path] = typer.Option(None, "--show", help="Use this show's voice and lexicon."),
    out: Path = typer.Option(Path("say.mp3"), "--out", help="Where to write the audio (.mp3 or .wav)."),
    text_only: bool = typer.Option(False, "--text-only", help="Print the spoken form; make no audio."),
) -> None:
    """Narrate one text, to preview a voice or a lexicon entry.

    Examples:

      audiozine say "Kaia met me at 11:35 in SoHo." --text-only

      audiozine say "Hello there." --voice system --out hello.mp3
    """
    from .config import find_voice, load_show
    from .lexicon import load_lexicon
    from .speech import speakable, split_sentences

    if not text_only:
        if out.suffix.lower() not in (".mp3", ".wav"):
            raise typer.BadParameter(f"{out}: write .mp3 or .wav", param_hint="--out")
        if not out.parent.is_dir():
            raise typer.BadParameter(f"{out}: the folder {out.parent} does not exist",
                                     param_hint="--out")
    try:
        the_show = load_show(show) if show else None
        profile = find_voice(voice or (the_show.voice if the_show else "joe"))
        lexicon = load_lexicon(profile.lexicon_files, the_show.lexicon if the_show else {},
                               engine=profile.engine,
                               extra_path=the_show.path if the_show else None)
        # Sentence by sentence, as a build reads it.
        sentences = [spoken for sentence in split_sentences(text)
                     if (spoken := speakable(sentence, lexicon)).strip()]
        spoken = " ".join(sentences)
        if not sentences:
            raise typer.BadParameter("nothing a voice can say in it", param_hint="TEXT")
        if text_only:
            typer.echo(spoken)
            return
        path = _say_to_file(sentences, profile, out)
    except AudiozineError as error:
        _fail(error)
        return
    typer.echo(f"{spoken}\nwrote {path}")


def _say_to_file(sentences: list[str], profile, out: Path) -> Path:
    import wave

    import numpy as np

    from .engines import create_engine
    from .files import write_atomic
    from .cache import SentenceCache
    from .narrate import default_jobs
    from .master import SAMPLE_RATE_HZ, encode_mp3, normalize_loudness, to_rate

    engine = create_engine(profile, threads=default_jobs(),
                           cache_dir=SentenceCache().engine_dir)
    try:
        pieces = [engine.synthesize(sentence) for sentence in sentences]
    finally:
        engine.close()
    silence = np.zeros(SAMPLE_RATE_HZ // 3, dtype=np.float32)
    signal = np.concatenate([part for samples, rate in pieces for part in
                             (to_rate(samples.astype(np.float32) / 32768, rate),
                              silence)])
    signal = normalize_loudness(signal)
    if out.suffix.lower() == ".wav":
        with wave.open(str(out), "wb") as handle:
            handle.setnchannels(1)
            handle.setsampwidth(2)
            handle.setframerate(SAMPLE_RATE_HZ)
            handle.writeframes((np.clip(signal, -1, 0.99997) * 32768).astype("<i2").tobytes())
    else:
        write_atomic(out, encode_mp3(signal, 96))
    return out


@app.command()
def voices(as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """List voice profiles and engines, and whether each works on this machine.

    Examples:

      audiozine voices

      audiozine voices --json
    """
    from .config import list_voices
    from .engines import ENGINES, engine_class

    try:
        profiles = list_voices()
        rows = []
        for profile in profiles:
            try:
                availability = engine_class(profile.engine).availability(profile)
                ok, reason = availability.ok, availability.reason
            except AudiozineError as error:
                ok, reason = False, str(error)
            rows.append({"name": profile.name, "engine": profile.engine,
                         "description": profile.description, "works": ok, "reason": reason,
                         "words_per_minute": profile.words_per_minute,
                         "path": str(profile.path)})
    except AudiozineError as error:
        _fail(error)
        return
    if as_json:
        typer.echo(json.dumps({"engines": sorted(ENGINES), "voices": rows}, indent=2))
        return
    typer.echo(f"engines: {', '.join(sorted(ENGINES))}")
    for row in rows:
        status = "works" if row["works"] else f"unavailable: {row['reason']}"
        typer.echo(f"{row['name']:<10} {row['engine']:<8} {status:<12} {row['description']}")


@app.command()
def check(
    target: str = typer.Argument(..., help="A built show folder or a served feed URL."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Validate a built or served show against podcast requirements.

    Each problem starts with the code of the rule it breaks: F the feed's channel,
    I its items, H serving over HTTP, P Podcasting 2.0 tags, A the audio and ID3
    tags (the same codes as the project's publishing standards), then what is
    wrong, where, and the fix.

    Examples:

      audiozine check feeds/customer-success

      audiozine check http://127.0.0.1:8000/feed.xml --json
    """
    from .check import check_show
    from .serve import read_base_url_record

    try:
        problems = check_show(target)
    except AudiozineError as error:
        _fail(error)
        return
    recorded = read_base_url_record(Path(target)) if Path(target).is_dir() else None
    local = f"{target} was built without a base URL: its feed points at {recorded[0]}, fine " \
        f"for `audiozine serve`, not for publishing (rebuild with --base-url)" \
        if recorded and not recorded[1] else None
    if as_json:
        typer.echo(json.dumps({"ok": not problems, "problems": [
            {"rule": p.rule, "item": p.item, "message": p.message, "fix": p.fix}
            for p in problems], "warnings": [local] if local else []},
            indent=2, ensure_ascii=False))
    else:
        for p in problems:
            typer.echo(f"{p.rule} {p.item}: {p.message} (fix: {p.fix})")
        if not problems:
            typer.echo(f"{target}: all checks passed")
        if local:
            _warn(local)
    if problems:
        raise typer.Exit(1)


@app.command()
def serve(
    directory: Path = typer.Argument(..., help="A built show folder."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; 0.0.0.0 shares on the network."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    as_published: bool = typer.Option(False, "--as-published", help="Serve the feed with its public base URL instead of this server's address."),
    quiet: bool = typer.Option(False, "--quiet", help="No line per request."),
) -> None:
    """Serve a built show for podcast apps and browsers.

    The served feed and page point at the address they are served from, so a
    podcast app on this machine or network can play the episodes.

    Examples:

      audiozine serve feeds/customer-success

      audiozine serve feeds/customer-success --host 0.0.0.0 --port 8080
    """
    from .serve import listen, local_feed_urls

    if not (directory / "feed.xml").is_file():
        typer.echo(f"error: {directory}: no feed.xml here; build the show first", err=True)
        raise typer.Exit(1)
    try:
        server = listen(directory, host=host, port=port, local_urls=not as_published,
                        log=None if quiet else _log)
    except OSError as error:
        hint = "; another program uses it (try --port)" if error.errno == errno.EADDRINUSE \
            else ""
        typer.echo(f"error: cannot listen on {host}:{port}: {error.strerror}{hint}", err=True)
        raise typer.Exit(1) from None
    shown = "127.0.0.1" if host in ("127.0.0.1", "localhost") else host
    typer.echo(f"serving {directory} on http://{shown}:{port}/ (Ctrl-C stops)")
    if host == "0.0.0.0":
        typer.echo("subscribe from a podcast app on this network with one of:")
        for url in local_feed_urls(host, port):
            typer.echo(f"  {url}")
    else:
        typer.echo(f"feed: http://{shown}:{port}/feed.xml  page: http://{shown}:{port}/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


_PLAYERS = (
    ("ffplay", ["-nodisp", "-autoexit", "-loglevel", "error"]),
    ("mpv", ["--no-video"]),
    ("afplay", []),
)


@app.command()
def play(
    episode: Path = typer.Argument(..., help="An episode .mp3, or a show folder (plays the newest)."),
) -> None:
    """Play an episode with a local player, or say how to listen.

    Examples:

      audiozine play feeds/customer-success/episodes/001-recognize-small-victories.mp3

      audiozine play feeds/customer-success
    """
    path = episode
    if episode.is_dir():
        candidates = sorted((episode / "episodes").glob("*.mp3"))
        if not candidates:
            typer.echo(f"error: {episode}: no episodes here; build the show first", err=True)
            raise typer.Exit(1)
        path = candidates[-1]
    if not path.is_file():
        typer.echo(f"error: {path}: no such episode file", err=True)
        raise typer.Exit(1)
    if path.suffix.lower() != ".mp3":
        typer.echo(f"error: {path}: not an episode (expected an .mp3 file or a show folder)",
                   err=True)
        raise typer.Exit(1)
    for name, args in _PLAYERS:
        player = shutil.which(name)
        if player:
            typer.echo(f"playing {path} with {name} (Ctrl-C stops)")
            # ffplay exits 0 even when it cannot open the sound device or the file,
            # so its error output is read; other players' exit status is enough.
            scan = name == "ffplay"
            try:
                result = subprocess.run([player, *args, str(path)], check=False, text=True,
                                        stderr=subprocess.PIPE if scan else None,
                                        errors="replace")
            except KeyboardInterrupt:
                return
            failed = [line for line in (result.stderr or "").splitlines()
                      if re.search(r"(?i)\bfail|error|invalid data", line)
                      and not line.startswith("ALSA lib")]
            if result.returncode != 0 or failed:
                reason = failed[0] if failed else f"{name} exited with {result.returncode}"
                typer.echo(f"error: {path}: {name} could not play it: {reason} (no sound "
                           f"device? open the show's index.html in a browser, or run "
                           f"`audiozine serve {path.parent.parent}`)", err=True)
                raise typer.Exit(1)
            return
    page = path.parent.parent / "index.html"
    typer.echo(f"no audio player found (install ffmpeg or mpv). Listen in a browser: "
               f"open {page.resolve() if page.exists() else path.resolve()}, or run "
               f"`audiozine serve {path.parent.parent}` and subscribe in a podcast app.")
    raise typer.Exit(3)


def main() -> None:  # pragma: no cover - console entry point convenience
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
