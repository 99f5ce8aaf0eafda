"""The command line: thin commands over the library.

This is the only module that prints, exits, or maps errors to exit codes:
0 success, 1 bad input or configuration, 2 usage, 3 a missing engine or tool.

Each command imports the library modules it runs when it runs (not at the top),
so `audiozine --help` and the light commands do not load the audio and voice
libraries; none of those imports is there to dodge an import cycle.
"""

from __future__ import annotations

import errno
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, List, Optional

import typer

from .errors import AudiozineError
from .layout import FEED, ShowLayout
from .models import plural

if TYPE_CHECKING:  # names for annotations; each command imports what it runs
    from .models import Script
    from .prepare import Prepared
    from .speech.lint_report import LintReport

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


def _skipped_summary(count: int, done: str) -> str:
    return (f"{plural(count, 'source file')} could not be read and {'was' if count == 1 else 'were'} "
            f"skipped (listed above); the rest is {done}; --strict makes this an error")


def _log(message: str) -> None:
    typer.echo(message, err=True)


def _source_show(sources: List[Path], out_dir: Path, *, title: str | None,
                 author: str | None, base_url: str | None, voice: str | None,
                 log: Callable[[str], None] | None = None, pages: bool = False,
                 fetch_articles: bool = False, code_markers: bool = False):
    """(the show for SOURCE files built into `out_dir`, its title, its author), with
    what the last build there was given for what is not given now; an option given
    empty ("--author ''") clears it. Said through `log` when taken from the last build."""
    from .config import default_show
    from .manifest import check_owner, read_source_show
    from .sources import collection_identity

    said: list[str] = []
    if not base_url:
        base_url = _remembered_base_url(out_dir, "--base-url changes it", said.append)
    last = read_source_show(out_dir)
    for option, value in (("title", title), ("author", author)):
        if value is None and last.get(option):
            said.append(f"{option} {last[option]!r} (as last built; --{option} changes it)")
    site_title, site_author = collection_identity(sources)  # a site's _config.yml...
    title = (last.get("title") or site_title) if title is None else title.strip() or None
    author = (last.get("author") or site_author) if author is None else author.strip() or None
    the_show = default_show(tuple(sources), out_dir, base_url=base_url, voice=voice,
                            title=title, author=author, pages=pages,
                            fetch_articles=fetch_articles, code_markers=code_markers)
    check_owner(the_show, out_dir)  # a refusal before lines that look like a build starting
    for message in said:
        (log or (lambda _message: None))(message)
    return the_show, title, author


def _file_show(show_file: Path, out: Path | None, *, base_url: str | None, voice: str | None = None,
               log: Callable[[str], None] | None = None, pages: bool = False,
               fetch_articles: bool = False, code_markers: bool = False):
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
    return with_overrides(loaded, base_url=base_url, voice=voice, pages=pages,
                          fetch_articles=fetch_articles, code_markers=code_markers), out_dir


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
        _warn(f"{ShowLayout(out_dir).feed} points at {LOCAL_BASE_URL} (no base URL): right for "
              f"`audiozine serve {out_dir}`, not for publishing; {how}")


@app.command()
def build(
    sources: List[Path] = typer.Argument(None, help="Essay files or folders (.txt .md .html .textile, site folders), feed files or http(s) feed URLs, platform exports (WordPress .xml, Blogger .xml, Ghost .json, Substack or Medium .zip or folder), .epub books."),
    show: Optional[Path] = typer.Option(None, "--show", help="A show file, e.g. feeds/NAME.toml."),
    voice: Optional[str] = typer.Option(None, "--voice", help="Voice profile name (see `audiozine voices`)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder of the built show (default: ./show for SOURCE files, feeds/NAME/ beside a --show file)."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="Public https URL the show is published under (remembered for the next build of SOURCE)."),
    title: Optional[str] = typer.Option(None, "--title", help="Show title when building SOURCE (default: the last build's, else from the file name)."),
    author: Optional[str] = typer.Option(None, "--author", help="Author when building SOURCE (default: the last build's, else none read aloud; \"\" for none)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", min=1, help="Synthesis processes (default: all cores)."),
    force: bool = typer.Option(False, "--force", help="Re-master every episode even if unchanged."),
    prune: bool = typer.Option(False, "--prune", help="Drop published episodes whose essays are gone."),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", envvar="AUDIOZINE_CACHE_DIR", help="Sentence audio cache folder."),
    strict: bool = typer.Option(False, "--strict", help="Refuse to build (exit 1) when a source file cannot be read; by default it is skipped and listed."),
    pages: bool = typer.Option(False, "--pages", help="Also read a WordPress or Ghost export's pages (only its posts by default)."),
    fetch_articles: bool = typer.Option(False, "--fetch-articles", help="Fetch the page of each feed entry that carries only a summary, and read its article."),
    code_markers: bool = typer.Option(False, "--code-markers", help="Say a short marker where each run of code blocks stands (code_blocks = \"marker\" in a show file); by default code is not read."),
    publish_to: Optional[str] = typer.Option(None, "--publish", metavar="DEST", help="Then publish the show there, as `audiozine publish` does (s3://bucket/prefix, sftp://user@host/path or a folder)."),
    cluster: Optional[str] = typer.Option(None, "--cluster", envvar="AUDIOZINE_CLUSTER", help="Narrate on a Dask cluster: a scheduler address (tcp://HOST:8786, tls://...) or local:N worker processes here."),
    master_on: Optional[str] = typer.Option(None, "--master-on", metavar="cluster|client", help="Where a cluster build masters and encodes its episodes (default: the cluster for a scheduler address, this machine for local:N)."),
) -> None:
    """Build podcast episodes, feed and web page.

    With no SOURCE and no --show, builds every show in feeds/ into feeds/NAME/.

    Examples:

      audiozine build

      audiozine build --show feeds/customer-success.toml

      audiozine build --show feeds/customer-success.toml --publish s3://my-bucket/podcast

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
        if master_on is not None:
            from .remote_master import check_master_on

            master_on = check_master_on(master_on)
        options = BuildOptions(jobs=jobs, force=force, prune=prune, voice=voice,
                               cache=SentenceCache(cache_dir), strict=strict,
                               cluster=cluster, master_on=master_on)
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
                                                   voice=voice, log=_log, pages=pages,
                                                   fetch_articles=fetch_articles,
                                                   code_markers=code_markers)
            reports = [build_show(the_show, out_dir, options, log=_log, on_progress=progress)]
            write_source_show(out_dir, title=title, author=author)
            _warn_if_local(the_show, out_dir, "rebuild with --base-url https://... first")
        elif show:
            the_show, out_dir = _file_show(show, out, base_url=base_url, log=_log, pages=pages,
                                           fetch_articles=fetch_articles,
                                           code_markers=code_markers)
            reports = [build_show(the_show, out_dir, options, log=_log, on_progress=progress)]
            _warn_if_local(the_show, out_dir, f"set base_url in {show.name} (or build with "
                                              f"--base-url https://...) first")
        else:
            if out or base_url or publish_to:
                raise typer.BadParameter("--out, --base-url and --publish need a SOURCE or "
                                         "--show")
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
        if report.skipped:
            _warn(_skipped_summary(len(report.skipped), "built"))
        typer.echo(f"{report.show_dir}: {plural(len(report.episodes), 'episode')} "
                   f"({len(report.made)} made, {len(report.unchanged)} unchanged"
                   f"{f', {len(report.kept)} kept' if report.kept else ''}"
                   f"{f', {len(report.pruned)} pruned' if report.pruned else ''}) "
                   f"in {report.seconds:.1f} s; feed: {ShowLayout(report.show_dir).feed}")
    if publish_to:
        _publish(reports[0].show_dir, publish_to)


def _publish(directory: Path, dest: Optional[str], **options) -> None:
    """Publish a built show and say what was done; the library does the work."""
    from .publish import (PublishOptions, progress_line, publish_show, show_destination,
                          summary_lines)

    interactive = sys.stderr.isatty()

    def progress(report) -> None:
        if interactive:
            done = int(24 * report.bytes_done / max(1, report.bytes_total))
            sys.stderr.write(f"\r[{'#' * done}{'-' * (24 - done)}] "
                             f"{progress_line(report)[:90]:<90}")
            if report.file_done and report.files_done == report.files_total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        elif report.file_done:
            _log(progress_line(report))

    try:
        report = publish_show(directory, dest or show_destination(directory),
                              PublishOptions(**options), log=_log, on_progress=progress)
    except AudiozineError as error:
        if interactive:
            sys.stderr.write("\n")
        _fail(error)
        return
    except KeyboardInterrupt:
        typer.echo("\ninterrupted: the feed on the host lists only files that are there; "
                   "publish again to finish", err=True)
        raise typer.Exit(130) from None
    for line in summary_lines(report):
        typer.echo(line)
    for p in report.problems:
        typer.echo(f"{p.rule} {p.item}: {p.message} (fix: {p.fix})")
    if report.problems:
        raise typer.Exit(1)
    if options.get("check"):
        typer.echo(f"{report.feed_url}: all checks passed")


@app.command()
def publish(
    directory: Path = typer.Argument(..., help="A built show folder."),
    dest: Optional[str] = typer.Argument(None, help="s3://bucket/prefix, sftp://user@host[:port]/path or a folder (default: the show file's `publish`)."),
    endpoint_url: Optional[str] = typer.Option(None, "--endpoint-url", help="An S3-compatible host's endpoint: Cloudflare R2, Backblaze B2, MinIO, DigitalOcean Spaces."),
    dry_run: bool = typer.Option(False, "--dry-run", help="List what would be uploaded and deleted; change nothing."),
    check: bool = typer.Option(False, "--check", help="Check each medium at its public URL (HEAD, Range) before the feed goes up, then run `audiozine check` on the public feed."),
    delete_removed: bool = typer.Option(False, "--delete-removed/--keep-removed", help="Delete the files of episodes no longer in the show, after the new feed is up (default: keep them)."),
) -> None:
    """Publish a built show to a web host: media first, the feed last, only what changed.

    Credentials come from the standard AWS settings (s3://) or from ssh-agent and
    ~/.ssh (sftp://), never from audiozine's files.

    Examples:

      audiozine publish feeds/customer-success s3://my-bucket/podcast --check

      audiozine publish feeds/customer-success s3://my-bucket/podcast --endpoint-url https://ACCOUNT.r2.cloudflarestorage.com

      audiozine publish feeds/customer-success sftp://me@example.com/var/www/podcast --dry-run

      audiozine publish feeds/customer-success /srv/www/podcast
    """
    _publish(directory, dest, endpoint_url=endpoint_url, dry_run=dry_run, check=check,
             delete_removed=delete_removed)


@app.command()
def plan(
    sources: List[Path] = typer.Argument(None, help="Essay files or folders (.txt .md .html), feed files or http(s) feed URLs, platform exports (WordPress .xml, Blogger .xml, Ghost .json, Substack or Medium .zip or folder), .epub books."),
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
    master_on: Optional[str] = typer.Option(None, "--master-on", hidden=True, help="Accepted as `build` takes it; plan makes no audio."),
    prune: bool = typer.Option(False, "--prune", help="As given to `build`: say which published episodes it would drop."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    lint: bool = typer.Option(False, "--lint", help="Also list words the voice may say wrong."),
    script: bool = typer.Option(False, "--script", help="Also print what the voice will be given, episode by episode (the spoken form, after the lexicon)."),
    strict: bool = typer.Option(False, "--strict", help="As given to `build`: fail (exit 1) when a source file cannot be read."),
    pages: bool = typer.Option(False, "--pages", help="Also read a WordPress or Ghost export's pages (only its posts by default)."),
    fetch_articles: bool = typer.Option(False, "--fetch-articles", help="Fetch the page of each feed entry that carries only a summary, and read its article."),
    code_markers: bool = typer.Option(False, "--code-markers", help="Say a short marker where each run of code blocks stands (code_blocks = \"marker\" in a show file); by default code is not read."),
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
    from .prepare import lint_words, prepare, read_inputs, scripts
    from .reuse import TextCache

    try:
        rows = []
        for the_show, show_dir in _plan_shows(sources, show, out, title=title, author=author,
                                              base_url=base_url, voice=voice, pages=pages,
                                              fetch_articles=fetch_articles,
                                              code_markers=code_markers):
            # What the last build there read, when no source changed (plan writes nothing).
            inputs = read_inputs(the_show, strict=strict, text_cache=TextCache(show_dir))
            prepared = prepare(inputs, show_dir, prune=prune)
            rows.append(_PlanRow(prepared, lint_words(prepared) if lint else None,
                                 scripts(prepared) if script else None))
    except AudiozineError as error:
        _fail(error)
        return
    if as_json:
        typer.echo(json.dumps([row.as_json() for row in rows], indent=2, ensure_ascii=False))
        return
    for row in rows:
        row.echo()


def _plan_shows(sources: List[Path], show: Path | None, out: Path | None, *,
                title: str | None, author: str | None, base_url: str | None,
                voice: str | None, pages: bool = False, fetch_articles: bool = False,
                code_markers: bool = False):
    """[(show, the folder it is built into)] for `plan`'s options, as `build` takes them."""
    from .config import load_show, with_overrides

    if sources and show:
        raise typer.BadParameter("give SOURCE files or --show, not both")
    if (title or author) and not sources:
        raise typer.BadParameter("--title and --author go with SOURCE files (a show file "
                                 "sets its own)")
    if (out or base_url) and not (sources or show):
        raise typer.BadParameter("--out and --base-url need SOURCE files or --show")
    if sources:
        out_dir = out or Path("show")
        return [(_source_show(sources, out_dir, title=title, author=author,
                              base_url=base_url, voice=voice, pages=pages,
                              fetch_articles=fetch_articles,
                              code_markers=code_markers)[0], out_dir)]
    if show:
        return [_file_show(show, out, base_url=base_url, voice=voice, pages=pages,
                           fetch_articles=fetch_articles, code_markers=code_markers)]
    shows = [(with_overrides(s, voice=voice, pages=pages, fetch_articles=fetch_articles,
                             code_markers=code_markers),
              FEEDS_DIR / s.name) for s in
             (load_show(p) for p in sorted(FEEDS_DIR.glob("*.toml")))]
    if not shows:
        raise typer.BadParameter("give SOURCE files, --show, or run where feeds/ is")
    return shows


@dataclass(frozen=True)
class _PlanRow:
    """One show's plan, and the lint and scripts asked for."""

    prepared: "Prepared"
    lint: "LintReport | None"
    scripts: "list[Script] | None"

    @property
    def notices(self) -> list[str]:
        skipped = self.prepared.sources.skipped
        return [str(n) for n in self.prepared.notices] + \
            ([f"lint: {self.lint.problem}"] if self.lint and self.lint.problem else []) + \
            ([_skipped_summary(len(skipped), "planned")] if skipped else [])

    def as_json(self) -> dict:
        lint = self.lint
        return {
            "show": self.prepared.show.title,
            "episodes": [{"number": e.number, "title": e.title, "slug": e.slug,
                          "guid": e.guid, "date": e.pub_date.isoformat(),
                          "words": e.word_count,
                          "estimated_minutes": round(e.estimated_seconds / 60, 1),
                          "part": e.part, "parts": e.part_count,
                          "chapters": [c.title for c in e.chapters]}
                         for e in self.prepared.episodes],
            "warnings": self.notices,
            "unspeakable": lint.words if lint else None,
            "lint_complete": lint.problem is None if lint else None,
            **({"lint": [{"path": str(e.source_path), "title": e.title,
                          "words": [{"word": f.word, "line": f.line, "lexicon": f.lexicon_line}
                                    for f in e.findings]}
                         for e in lint.essays]} if lint else {}),
            **({"scripts": [[{"chapter": sc.chapter_titles[u.chapter_index],
                              "written": u.written, "spoken": u.spoken,
                              "pause_after": u.pause_after.value}
                             for u in sc.utterances] for sc in self.scripts]}
               if self.scripts is not None else {}),
        }

    def echo(self) -> None:
        from .speech import render_script

        episodes = self.prepared.episodes
        typer.echo(f"{self.prepared.show.title} ({plural(len(episodes), 'episode')})")
        typer.echo(f"{'#':>4}  {'date':10}  {'words':>6}  {'min':>5}  {'part':>5}  title")
        for e in episodes:
            part = f"{e.part}/{e.part_count}" if e.part else ""
            typer.echo(f"{e.number:>4}  {e.pub_date.date().isoformat():10}  "
                       f"{e.word_count:>6}  {e.estimated_seconds / 60:>5.1f}  {part:>5}  "
                       f"{e.title}")
        for notice in self.notices:
            _warn(notice)
        if self.lint:
            if self.lint.essays:
                typer.echo("words the voice may say wrong (add the line to "
                           "voices/lexicon.toml or the show's [lexicon]):")
                for essay in self.lint.essays:
                    typer.echo(f"  {essay.source_path}")
                    width = max(len(f.word) for f in essay.findings)
                    for f in essay.findings:
                        typer.echo(f"    {f.line or '?':>5}  {f.word:<{width}}  {f.lexicon_line}")
            elif self.lint.problem is None:
                typer.echo("lint: nothing unspeakable found")
            else:
                typer.echo("lint: the speech stage found nothing unspeakable")
        for each in self.scripts or ():
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

    The text is read as a build reads an essay's paragraph: the same sentences,
    spoken forms and pauses.

    Examples:

      audiozine say "Kaia met me at 11:35 in SoHo." --text-only

      audiozine say "Hello there." --voice system --out hello.mp3
    """
    from .cache import SentenceCache
    from .config import find_voice, load_show
    from .lexicon import load_lexicon
    from .narrate import default_jobs
    from .preview import FORMATS, preview_script, spoken_text, write_preview

    if not text_only:
        if out.suffix.lower() not in FORMATS:
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
        script = preview_script(text, lexicon)
        if not script.utterances:
            raise typer.BadParameter("nothing a voice can say in it", param_hint="TEXT")
        if text_only:
            typer.echo(spoken_text(script))
            return
        path = write_preview(script, profile, out, threads=default_jobs(),
                             cache_dir=SentenceCache().engine_dir)
    except AudiozineError as error:
        _fail(error)
        return
    typer.echo(f"{spoken_text(script)}\nwrote {path}")


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

    if not ShowLayout(directory).feed.is_file():
        typer.echo(f"error: {directory}: no {FEED} here; build the show first", err=True)
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
        typer.echo(f"feed: http://{shown}:{port}/{FEED}  page: http://{shown}:{port}/")
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
        candidates = ShowLayout(episode).episode_mp3s()
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
    page = ShowLayout(path.parent.parent).page
    typer.echo(f"no audio player found (install ffmpeg or mpv). Listen in a browser: "
               f"open {page.resolve() if page.exists() else path.resolve()}, or run "
               f"`audiozine serve {path.parent.parent}` and subscribe in a podcast app.")
    raise typer.Exit(3)


def main() -> None:  # pragma: no cover - console entry point convenience
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
