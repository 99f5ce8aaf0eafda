"""index.html: a self-contained page for the show (player, chapters, transcripts).

Only relative URLs, no external resources: the page works opened from disk and
served by `audiozine serve` or any static host. Every value is HTML-escaped.

The page shows the latest PAGE_EPISODES episodes (or the show's `feed_episodes`,
if fewer) in full; a show with more also gets archive.html, one line an episode,
oldest first, linked from the page.
"""

from __future__ import annotations

from html import escape
from typing import Mapping, Sequence

from . import layout
from .definitions import Show
from .feed import duration_seconds
from .models import PublishedEpisode, with_zone

_STYLE = """
:root { color-scheme: light dark; --fg: #1d1d1f; --bg: #fafaf7; --muted: #666; --accent: #7a3e9d; }
@media (prefers-color-scheme: dark) { :root { --fg: #eee; --bg: #18161b; --muted: #aaa; --accent: #d7a6f2; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 46rem; padding: 1.5rem 1rem 4rem; font: 1.05rem/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; gap: 1.25rem; align-items: flex-start; flex-wrap: wrap; }
header img { width: 11rem; height: 11rem; border-radius: .5rem; }
h1 { margin: .2rem 0 .3rem; line-height: 1.2; }
a { color: var(--accent); }
.muted { color: var(--muted); font-size: .92rem; }
.subscribe { margin: 1.2rem 0 2rem; padding: .8rem 1rem; border: 1px solid var(--muted); border-radius: .5rem; }
.subscribe input { width: 100%; font: inherit; font-size: .9rem; padding: .3rem .4rem; }
article { border-top: 1px solid var(--muted); padding-top: 1rem; margin-top: 1.5rem; }
article h2 { margin: 0 0 .2rem; font-size: 1.3rem; }
audio { width: 100%; margin: .6rem 0; }
ol.chapters { padding-left: 1.2rem; }
ol.chapters a { text-decoration: none; }
.time { font-variant-numeric: tabular-nums; color: var(--muted); margin-right: .5rem; }
details { margin-top: .6rem; }
summary { cursor: pointer; }
""".strip()

_SCRIPT = """
document.addEventListener('click', function (event) {
  var link = event.target.closest('a[data-seek]');
  if (link) {
    var audio = document.getElementById(link.getAttribute('data-audio'));
    if (!audio) return;
    event.preventDefault();
    audio.currentTime = parseFloat(link.getAttribute('data-seek'));
    audio.play();
    return;
  }
  var button = event.target.closest('button[data-copy]');
  if (button) {
    var box = document.getElementById(button.getAttribute('data-copy'));
    box.select();
    if (navigator.clipboard) { navigator.clipboard.writeText(box.value); }
    else { document.execCommand('copy'); }
    button.textContent = 'Copied';
  }
});
""".strip()


PAGE_EPISODES = 50
"""Most episodes index.html shows in full (player, chapters, transcript)."""


def newest_first(episodes: Sequence[PublishedEpisode]) -> list[PublishedEpisode]:
    return sorted(episodes, key=lambda e: (with_zone(e.pub_date), e.number), reverse=True)


def page_episodes(show: Show, episodes: Sequence[PublishedEpisode]) -> list[PublishedEpisode]:
    """The episodes index.html shows in full, newest first (their transcripts are needed)."""
    limit = min(PAGE_EPISODES, show.feed_episodes or PAGE_EPISODES)
    return newest_first(episodes)[:limit]


def needs_archive(show: Show, episodes: Sequence[PublishedEpisode]) -> bool:
    return len(episodes) > len(page_episodes(show, episodes))


def render_index(show: Show, episodes: Sequence[PublishedEpisode], *, feed_url: str,
                 transcripts: Mapping[str, str]) -> str:
    """The show's index.html; `transcripts` maps an episode stem to its plain text."""
    ordered = page_episodes(show, episodes)
    lang = show.language or "en"
    parts = [
        *_page_head(lang, show.title,
                    f'<meta name="description" content="{_e(_first_line(show.description))}">',
                    f'<link rel="alternate" type="application/rss+xml" '
                    f'title="{_e(show.title)}" href="{_e(feed_url)}">'),
        "<header>",
        f'<img src="{layout.COVER}" alt="Cover of {_e(show.title)}" width="176" height="176">',
        "<div>",
        f"<h1>{_e(show.title)}</h1>",
        f'<p class="muted">by {_e(show.author)}</p>',
        "</div>",
        "</header>",
        *(f"<p>{_e(p)}</p>" for p in _paragraphs(show.description)),
        '<section class="subscribe">',
        f'<p><strong>Subscribe:</strong> <a href="{_e(feed_url)}">RSS feed</a>. '
        "Paste this address into your podcast app (Add by URL / Follow a show by URL):</p>",
        f'<p><label for="feed-url" class="muted">Feed URL</label>'
        f'<input id="feed-url" type="text" readonly value="{_e(feed_url)}">'
        ' <button type="button" data-copy="feed-url">Copy</button></p>',
        "</section>",
        "<main>",
    ]
    if not ordered:
        parts.append("<p>No episodes yet.</p>")
    for episode in ordered:
        parts.extend(_episode_html(episode, lang, transcripts.get(episode.stem)))
    if len(episodes) > len(ordered):
        parts.append(f'<p class="archive"><a href="{layout.ARCHIVE}">All {len(episodes)} '
                     f'episodes</a> (the {len(ordered)} latest are above)</p>')
    parts += [
        "</main>",
        f'<footer class="muted"><p>{_e(show.license or "")}</p></footer>'
        if show.license else "",
        f"<script>{_SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def render_archive(show: Show, episodes: Sequence[PublishedEpisode]) -> str:
    """archive.html: every episode, oldest first, one line each (title, date, length, MP3)."""
    lang = show.language or "en"
    parts = [
        *_page_head(lang, f"{show.title}: all episodes"),
        f'<h1>{_e(show.title)}: all {len(episodes)} episodes</h1>',
        f'<p><a href="{layout.PAGE}">The latest episodes, with players and transcripts</a></p>',
        "<main>",
        "<ol class=\"archive\">",
    ]
    for episode in reversed(newest_first(episodes)):
        date = with_zone(episode.pub_date).date().isoformat()
        length = f" \u00b7 {_clock(duration_seconds(episode.duration_ms) * 1000)}" \
            if episode.duration_ms else ""
        parts.append(f'<li value="{episode.number}"><a href="{_e(layout.episode_name(episode.stem))}">'
                     f"{_e(episode.title)}</a> "
                     f'<span class="muted">{_e(date)}{_e(length)}</span></li>')
    parts += ["</ol>", "</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _page_head(lang: str, title: str, *head: str) -> list[str]:
    """A page's opening up to its <body>: language, title, the shared style, and the
    `head` elements given."""
    return ["<!DOCTYPE html>", f'<html lang="{_e(lang)}">', "<head>", '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(title)}</title>", *head, f"<style>{_STYLE}</style>", "</head>",
            "<body>"]


def _episode_html(episode: PublishedEpisode, lang: str, transcript: str | None) -> list[str]:
    stem = episode.stem
    mp3, vtt, srt, transcript_json = (
        _e(layout.episode_name(stem, suffix))
        for suffix in (".mp3", ".vtt", ".srt", layout.TRANSCRIPT_SUFFIX))
    audio_id = f"audio-{stem}"
    date = with_zone(episode.pub_date).date().isoformat()
    meta = f"Episode {episode.number} \u00b7 {date}"
    if episode.duration_ms:
        # Rounded as the feed's itunes:duration is, so the page and apps agree.
        meta += f" \u00b7 {_clock(duration_seconds(episode.duration_ms) * 1000)}"
    parts = [
        f'<article id="{_e(stem)}">',
        f"<h2>{_e(episode.title)}</h2>",
        f'<p class="muted">{_e(meta)}</p>',
        # preload="none": a page of 80 episodes fetched 230 MB of audio on opening.
        f'<audio id="{_e(audio_id)}" controls preload="none" src="{mp3}" '
        f'aria-label="{_e(episode.title)}">',
        f'<track kind="captions" src="{vtt}" srclang="{_e(lang)}" '
        f'label="{_e(lang)} transcript" default>',
        f'<a href="{mp3}">Download the episode (MP3)</a>',
        "</audio>",
    ]
    if episode.description.strip():
        parts.append(f"<p>{_e(episode.description)}</p>")
    if episode.chapters:
        parts.append('<ol class="chapters">')
        for chapter in episode.chapters:
            seconds = chapter.start_ms / 1000
            parts.append(
                f'<li><a href="{mp3}#t={seconds:g}" '
                f'data-audio="{_e(audio_id)}" data-seek="{seconds:g}">'
                f'<span class="time">{_clock(chapter.start_ms)}</span>{_e(chapter.title)}</a></li>')
        parts.append("</ol>")
    links = [link for link in episode.links if link.url.lower().startswith(("http://", "https://"))]
    if links:
        parts.append("<ul>")
        parts.extend(f'<li><a href="{_e(link.url)}">{_e(link.text or link.url)}</a></li>'
                     for link in links)
        parts.append("</ul>")
    parts.append(f'<p class="muted"><a href="{mp3}">MP3</a> \u00b7 '
                 f'<a href="{vtt}">WebVTT</a> \u00b7 '
                 f'<a href="{srt}">SRT</a> \u00b7 '
                 f'<a href="{transcript_json}">JSON transcript</a></p>')
    if transcript and transcript.strip():
        parts.append("<details>")
        parts.append("<summary>Transcript</summary>")
        parts.extend(f"<p>{_e(p)}</p>" for p in _paragraphs(transcript))
        parts.append("</details>")
    parts.append("</article>")
    return parts


def _e(text: str) -> str:
    return escape(text, quote=True)


def _paragraphs(text: str) -> list[str]:
    chunks = [" ".join(chunk.split()) for chunk in text.replace("\r\n", "\n").split("\n\n")]
    return [chunk for chunk in chunks if chunk]


def _first_line(text: str) -> str:
    paragraphs = _paragraphs(text)
    return paragraphs[0][:300] if paragraphs else ""


def _clock(ms: int) -> str:
    seconds = max(0, int(ms)) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
