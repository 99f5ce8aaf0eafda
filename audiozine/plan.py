"""The `plan` stage: turn essays into episodes with a stable identity.

Pure: no file I/O, no clock. The same essays, show and manifest always give the
same plan.

Rules:

* **One essay per episode** by default. An essay longer than ``show.max_minutes``
  (at the voice's words per minute) is split at paragraph boundaries, preferring
  section boundaries, into the fewest parts of similar length that each fit
  (a single paragraph longer than that is split between sentences first). Parts
  are titled "Title (Part 1 of 2)" and have slugs "slug-part-1".
* **Issues.** With ``show.target_minutes`` set, consecutive essays are packed into
  issues of about that length, one chapter per essay. An essay longer than
  ``max_minutes`` is never packed; it is split into parts as above.
* **Identity.** `essay_identity` fingerprints an essay (file name, or its post's id on
  its platform, normalized title, a small sketch of its text). An essay is matched to
  the published episodes of the manifest by, in turn: the same fingerprint; the same
  post id (a feed's or an export's essays); the same normalized title; the same
  file when both sides have a single essay from it; a title at least 80% similar
  (difflib ratio); a text at least half the same (word 3-gram sketch). A matched
  essay keeps its published number, slug, GUID and date (a published issue keeps
  the same essays). New essays get the numbers after the highest published
  number, in collection order.
* **Order.** Essays are numbered by date, oldest first, whatever order the sources
  give them in; undated essays come after the dated ones, in the order given.
  "Collection order" below is this order.
* **Without a manifest** numbers follow collection order (parts get consecutive
  numbers); the slug is ``python-slugify(title, max_length=60, word_boundary=True)``
  made unique with "-2", "-3"... (``episode-N`` when the title has no Latin
  transliteration); the GUID is ``uuid5(UUID(show.podcast_guid), f"{show.name}/{slug}")``.
* **Dates** are timezone-aware UTC. An essay with a front-matter date is published
  that day at 09:00 UTC (part N one minute after part N-1, so apps keep their
  order). Otherwise, if the show sets ``start_date``, episode N is published on
  ``start_date + (N - 1) * cadence_days`` at 09:00 UTC; if not, at the time it is
  first planned for a build (``now``), new undated episodes a minute apart in
  number order, all in the past. An issue takes its first essay's date, if it has one.
* Episodes are returned in episode-number order.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import heapq
import math
import re
import uuid
from bisect import bisect_left
from dataclasses import dataclass
from typing import Sequence

from slugify import slugify

from .definitions import Show
from .lexicon import Lexicon
from .models import (Chapter, Episode, Essay, Link, Notice, PublishedEpisode, Script, Section,
                     plural, prose_words)
from .speech import make_script, split_sentences, without_code_marks

PUBLISH_TIME = dt.time(9, 0, tzinfo=dt.timezone.utc)
"""Time of day given to dates that have none (front-matter dates, cadence dates)."""

SHORT_ESSAY_WORDS = 50
LONG_TITLE_CHARS = 120
DESCRIPTION_MAX_BYTES = 4000
TITLE_MATCH_RATIO = 0.8
TEXT_MATCH_SIMILARITY = 0.5
_SKETCH_SIZE = 16
_IDENTITY_VERSION = "v1"


@dataclass(frozen=True)
class Plan:
    """The planned episodes (in number order) and what looked suspicious."""

    episodes: tuple[Episode, ...]
    notices: tuple[Notice, ...]


# ------------------------------------------------------------------ identity

def _normalize_title(title: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", title.casefold()).split())


def _sketch(essay: Essay) -> tuple[int, ...]:
    """Bottom-k sketch of the essay's word 3-grams (a cheap text-similarity fingerprint)."""
    words = re.sub(r"[\W_]+", " ", " ".join(essay.paragraphs).casefold()).split()
    grams = {" ".join(words[i:i + 3]) for i in range(max(len(words) - 2, 0))}
    hashes = {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "big")
              for g in grams}
    return tuple(heapq.nsmallest(_SKETCH_SIZE, hashes))


def essay_identity(essay: Essay) -> str:
    """A fingerprint matching an essay to its published episode.

    ``v1|<text sketch>|<normalized title>|<source file name>``, or the post's own id
    on its platform (`Essay.source_id`) in place of the file name for an essay of a
    feed or an export. It changes when the text or title changes; matching (see the
    module docstring) tolerates that.
    """
    sketch = ".".join(f"{h:08x}" for h in _sketch(essay))
    return "|".join((_IDENTITY_VERSION, sketch, _normalize_title(essay.title),
                     essay.source_id or essay.source_path.name))


def episode_identity(episode: Episode) -> str:
    """The identity to store in the manifest: its essays' identities, one a line."""
    return "\n".join(essay_identity(e) for e in episode.essays)


def to_published(episode: Episode) -> PublishedEpisode:
    """The manifest entry for a planned episode (before its audio exists)."""
    return PublishedEpisode(
        number=episode.number, guid=episode.guid, slug=episode.slug, title=episode.title,
        pub_date=episode.pub_date, identity=episode_identity(episode),
        season=episode.season, description=episode.description, part=episode.part,
        part_count=episode.part_count, links=episode.links, author=episode.author)


@dataclass(frozen=True)
class _Fingerprint:
    title: str
    file: str
    sketch: frozenset[int]
    raw: str


_PART_SUFFIX = re.compile(r"\s*\(Part \d+ of \d+\)\s*$")


def _parse_identity(identity: str, title: str = "") -> _Fingerprint:
    pieces = identity.split("|", 3)
    if len(pieces) == 4 and pieces[0] == _IDENTITY_VERSION:
        sketch = frozenset(int(h, 16) for h in pieces[1].split(".") if h)
        return _Fingerprint(pieces[2], pieces[3], sketch, identity)
    return _Fingerprint(_normalize_title(_PART_SUFFIX.sub("", title)), "", frozenset(),
                        identity)


def _similarity(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    union = heapq.nsmallest(_SKETCH_SIZE, a | b)
    return sum(1 for h in union if h in a and h in b) / len(union)


@dataclass
class _Group:
    """A published episode group: one essay (maybe in parts) or one issue."""

    episodes: list[PublishedEpisode]
    members: list[_Fingerprint]


def _published_groups(published: Sequence[PublishedEpisode]) -> list[_Group]:
    """Manifest entries grouped into episodes of one essay (parts together) or issues."""
    groups: list[_Group] = []
    open_parts: dict[str, _Group] = {}
    for entry in sorted(published, key=lambda p: (p.number, p.part or 0)):
        last = open_parts.get(entry.identity)
        if entry.part and entry.part > 1 and last is not None \
                and (last.episodes[-1].part or 1) == entry.part - 1:
            last.episodes.append(entry)
            continue
        lines = entry.identity.split("\n")
        title = entry.title if len(lines) == 1 else ""
        group = _Group([entry], [_parse_identity(line, title) for line in lines])
        groups.append(group)
        open_parts[entry.identity] = group
    return groups


def _match(essays: Sequence[Essay], groups: list[_Group], notices: list[Notice],
           identities: Sequence[str] | None = None) -> dict[int, tuple[int, int]]:
    """Match essays (by index) one-to-one to published members (group, member);
    `identities` are the essays' `essay_identity`, when already known."""
    slots = {(g, m): fp for g, group in enumerate(groups) for m, fp in enumerate(group.members)}
    if not slots:
        return {}  # nothing published: no essay's identity (its text sketch) is needed
    current = [_parse_identity(identity) for identity in
               (identities if identities is not None else map(essay_identity, essays))]
    matched: dict[int, tuple[int, int]] = {}
    taken: set[tuple[int, int]] = set()

    def exact(key) -> None:
        index: dict[object, list[tuple[int, int]]] = {}
        for slot, fp in slots.items():
            if slot not in taken and key(fp):
                index.setdefault(key(fp), []).append(slot)
        for i, fp in enumerate(current):
            if i in matched or not key(fp):
                continue
            free = [s for s in index.get(key(fp), ()) if s not in taken]
            if free:
                same_file = [s for s in free if slots[s].file == fp.file]
                slot = (same_file or free)[0]
                matched[i] = slot
                taken.add(slot)

    def scored(score, threshold: float, what: str) -> None:
        pairs = []
        for i, fp in enumerate(current):
            if i in matched:
                continue
            for slot, old in slots.items():
                if slot not in taken:
                    value = score(fp, old)
                    if value >= threshold:
                        pairs.append((-value, i, slot))
        for _, i, slot in sorted(pairs):
            if i not in matched and slot not in taken:
                matched[i] = slot
                taken.add(slot)
                entry = groups[slot[0]].episodes[0]
                notices.append(Notice(
                    f"'{essays[i].title}' kept episode {entry.number} ('{entry.title}'): "
                    f"{what}", path=essays[i].source_path, line=essays[i].source_line))

    exact(lambda fp: fp.raw)
    # A post's own id on its platform: the same post, whatever its title and text now.
    ids = {e.source_id for e in essays if e.source_id}
    exact(lambda fp: fp.file if fp.file in ids else None)
    exact(lambda fp: fp.title)
    # Same file, when the file holds one essay on both sides.
    files_now: dict[str, int] = {}
    for fp in current:
        files_now[fp.file] = files_now.get(fp.file, 0) + 1
    files_then: dict[str, int] = {}
    for fp in slots.values():
        files_then[fp.file] = files_then.get(fp.file, 0) + 1
    exact(lambda fp: fp.file if fp.file and files_now.get(fp.file) == 1
          and files_then.get(fp.file) == 1 else None)

    def title_ratio(a: _Fingerprint, b: _Fingerprint) -> float:
        matcher = difflib.SequenceMatcher(None, a.title, b.title, autojunk=False)
        if matcher.real_quick_ratio() < TITLE_MATCH_RATIO or \
                matcher.quick_ratio() < TITLE_MATCH_RATIO:
            return 0.0
        return matcher.ratio()

    scored(title_ratio, TITLE_MATCH_RATIO, "similar title")
    scored(lambda a, b: _similarity(a.sketch, b.sketch), TEXT_MATCH_SIMILARITY,
           "same text under a new title")
    return matched


# ------------------------------------------------------------------ splitting

_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’)\]]))\s+")
"""The space after a sentence (its closing quote or bracket stays with it)."""


def _words(text: str) -> int:
    return len(text.split())


def _split_long_paragraph(text: str, max_words: int) -> list[str]:
    """Cut a paragraph longer than `max_words` between sentences (or words)."""
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        words = sentence.split()
        while len(words) > max_words:
            pieces.append(" ".join(words[:max_words]))
            words = words[max_words:]
        if words:
            pieces.append(" ".join(words))
    chunks: list[str] = []
    count = 0
    for piece in pieces:
        n = _words(piece)
        if chunks and count + n <= max_words:
            chunks[-1] += " " + piece
            count += n
        else:
            chunks.append(piece)
            count = n
    return chunks


@dataclass(frozen=True)
class _Unit:
    section: int
    text: str
    words: int
    section_start: bool


def _units(essay: Essay, max_words: int) -> list[_Unit]:
    units = []
    for s, section in enumerate(essay.sections):
        first = True
        for paragraph in section.paragraphs:
            pieces = [paragraph] if _words(paragraph) <= max_words \
                else _split_long_paragraph(paragraph, max_words)
            for piece in pieces:
                units.append(_Unit(s, piece, prose_words(piece), first))
                first = False
    return units


def _cut(units: list[_Unit], parts: int) -> list[list[_Unit]]:
    """Cut units into `parts` runs of similar word counts, preferring section starts."""
    cumulative = [0]
    for unit in units:
        cumulative.append(cumulative[-1] + unit.words)
    total = cumulative[-1]
    size = total / parts
    cuts = [0]
    for k in range(1, parts):
        low, high = cuts[-1] + 1, len(units) - (parts - k)
        target = k * size
        b = min(max(bisect_left(cumulative, target), low), high)
        candidates = [c for c in (b - 1, b) if low <= c <= high]
        best = min(candidates, key=lambda c: (abs(cumulative[c] - target), c))
        window = 0.15 * size
        sections = [c for c in range(low, high + 1)
                    if units[c].section_start and abs(cumulative[c] - target) <= window]
        if sections:
            best = min(sections, key=lambda c: (abs(cumulative[c] - target), c))
        cuts.append(best)
    cuts.append(len(units))
    return [units[a:b] for a, b in zip(cuts, cuts[1:])]


def _split(essay: Essay, max_words: float, wanted: int | None) -> list[list[_Unit]]:
    """The essay's parts (one part when it fits)."""
    words = essay.word_count
    if words <= max_words and not (wanted and wanted > 1):
        return [_units(essay, max(words, 1))]
    piece_max = max(int(max_words // 2), 1)
    units = _units(essay, piece_max)
    parts = max(math.ceil(words / max_words), 1)
    if wanted and parts <= wanted <= parts + 1:
        parts = wanted
    parts = min(parts, len(units))
    while True:
        runs = _cut(units, parts)
        if parts >= len(units) or all(sum(u.words for u in run) <= max_words * 1.05
                                      for run in runs):
            return runs
        parts += 1


def _chapters_of(essay: Essay, run: list[_Unit]) -> tuple[Chapter, ...]:
    chapters: list[Chapter] = []
    by_section: dict[int, list[str]] = {}
    for unit in run:
        by_section.setdefault(unit.section, []).append(unit.text)
    for s, paragraphs in by_section.items():
        section = essay.sections[s]
        chapters.append(Chapter(title=section.title or essay.title,
                                sections=(Section(section.title, tuple(paragraphs)),)))
    return tuple(chapters)


# ---------------------------------------------------------------- descriptions

def _truncate_bytes(text: str, limit: int) -> str:
    if len(text.encode("utf-8")) <= limit:
        return text
    cut = text.encode("utf-8")[:limit - 3].decode("utf-8", "ignore")
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return cut.rstrip(" ,;:") + "…"


def _opening(paragraphs: Sequence[str], sentences: int = 2) -> str:
    """The first sentences, for the feed's description. A paragraph that ends
    without punctuation (a list item, a line) ends a sentence too."""
    found: list[str] = []
    for paragraph in paragraphs[:3]:
        if len(found) >= sentences:
            break  # the paragraphs after these sentences do not change them
        paragraph = without_code_marks(paragraph.strip())
        if paragraph and not re.search(r"[.!?…:;,—–-][\"'”’)\]]*$", paragraph):
            paragraph += "."
        found += split_sentences(paragraph)
    return _truncate_bytes(" ".join(found[:sentences]), 600)


def _links_in(essay: Essay, paragraphs: Sequence[str], first_part: bool) -> tuple[Link, ...]:
    text = "\n".join(paragraphs)
    everywhere = "\n".join(essay.paragraphs)
    return tuple(link for link in essay.links
                 if link.text in text or (first_part and link.text not in everywhere))


# --------------------------------------------------------------------- planning

@dataclass
class _Draft:
    """An episode before its identity is settled."""

    essays: list[Essay]
    essay_indexes: list[int]
    title: str
    slug_base: str
    chapters: tuple[Chapter, ...]
    description: str
    words: int
    links: tuple[Link, ...]
    author: str | None
    part: int | None = None
    part_count: int | None = None
    group: int | None = None
    """Index of the published group it continues, if any."""


def _slug_base(title: str) -> str:
    slug = slugify(title, max_length=60, word_boundary=True)
    if not slug:
        slug = slugify(title)[:60].strip("-")
    return slug


def _author(essays: Sequence[Essay], show: Show) -> str:
    names = list(dict.fromkeys(e.author or show.author for e in essays))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]


def _essay_drafts(essay: Essay, index: int, show: Show, max_words: float,
                  wanted: int | None, notices: list[Notice]) -> list[_Draft]:
    runs = _split(essay, max_words, wanted)
    author = essay.author or show.author
    base = _slug_base(essay.title)
    if len(runs) == 1:
        chapters = tuple(Chapter(s.title or essay.title, (s,)) for s in essay.sections)
        description = essay.description or _opening(essay.paragraphs)
        return [_Draft([essay], [index], essay.title, base, chapters,
                       _truncate_bytes(description, DESCRIPTION_MAX_BYTES),
                       essay.word_count + _heading_words(chapters), essay.links, author)]
    notices.append(Notice(
        f"'{essay.title}' (~{essay.word_count / max_words * show.max_minutes:.0f} min) is "
        f"longer than max_minutes ({show.max_minutes:g}); split into {len(runs)} parts",
        path=essay.source_path, line=essay.source_line))
    drafts = []
    for p, run in enumerate(runs, 1):
        chapters = _chapters_of(essay, run)
        paragraphs = [u.text for u in run]
        lead = essay.description if essay.description else _opening(paragraphs)
        description = lead if p == 1 else f"Part {p} of {len(runs)} of {essay.title}. {lead}"
        drafts.append(_Draft(
            [essay], [index], f"{essay.title} (Part {p} of {len(runs)})", base, chapters,
            _truncate_bytes(description, DESCRIPTION_MAX_BYTES),
            sum(u.words for u in run) + _heading_words(chapters),
            _links_in(essay, paragraphs, p == 1), author, part=p, part_count=len(runs)))
    return drafts


def _heading_words(chapters: Sequence[Chapter]) -> int:
    return sum(_words(s.title) for c in chapters for s in c.sections if s.title)


def _issue_draft(essays: list[Essay], indexes: list[int], show: Show) -> _Draft:
    if len(essays) == 1:
        essay = essays[0]
        chapters = (Chapter(essay.title, essay.sections),)
        description = essay.description or _opening(essay.paragraphs)
        title = essay.title
    else:
        chapters = tuple(Chapter(e.title, e.sections) for e in essays)
        title = " · ".join(e.title for e in essays)
        if len(title) > LONG_TITLE_CHARS:
            title = f"{essays[0].title} and {len(essays) - 1} more"
        lines = [f"{e.title}: {e.description or _opening(e.paragraphs, 1)}" for e in essays]
        description = "In this issue: " + " ".join(
            line if line.endswith((".", "!", "?", "…")) else line + "." for line in lines)
    links = tuple(dict.fromkeys(link for e in essays for link in e.links))
    return _Draft(list(essays), list(indexes), title, _slug_base(essays[0].title), chapters,
                  _truncate_bytes(description, DESCRIPTION_MAX_BYTES),
                  sum(e.word_count + _words(e.title) for e in essays) +
                  sum(_words(s.title) for e in essays for s in e.sections if s.title),
                  links, _author(essays, show))


def _pack(indexes: list[int], essays: Sequence[Essay], target_words: float) -> list[list[int]]:
    """Greedy packing of consecutive essays into issues of about `target_words`."""
    issues: list[list[int]] = []
    total = 0
    for i in indexes:
        words = essays[i].word_count
        if issues and issues[-1] and abs(total + words - target_words) <= abs(total - target_words):
            issues[-1].append(i)
            total += words
        else:
            issues.append([i])
            total = words
    return issues


def _drafts(essays: Sequence[Essay], show: Show, words_per_minute: float,
            groups: list[_Group], matched: dict[int, tuple[int, int]],
            notices: list[Notice]) -> list[_Draft]:
    max_words = show.max_minutes * words_per_minute
    drafts: list[_Draft] = []

    def wanted_parts(i: int) -> int | None:
        if i in matched:
            group = groups[matched[i][0]]
            if len(group.members) == 1:
                return group.episodes[0].part_count or 1
        return None

    def single(i: int) -> None:
        made = _essay_drafts(essays[i], i, show, max_words, wanted_parts(i), notices)
        # An essay continues its published episode; an essay taken out of a published
        # issue continues it only if it was the issue's first essay.
        group = matched[i][0] if i in matched and matched[i][1] == 0 else None
        for draft in made:
            draft.group = group
        drafts.extend(made)

    if not show.target_minutes:
        for i in range(len(essays)):
            single(i)
        return drafts

    target_words = show.target_minutes * words_per_minute
    pending: list[int] = []

    def flush() -> None:
        for issue in _pack(pending, essays, target_words):
            drafts.append(_issue_draft([essays[i] for i in issue], issue, show))
        pending.clear()

    next_group: list[int | None] = [None] * len(essays)
    upcoming: int | None = None
    for i in range(len(essays) - 1, -1, -1):
        next_group[i] = upcoming
        if i in matched:
            upcoming = matched[i][0]
    current: _Draft | None = None
    for i, essay in enumerate(essays):
        group = matched[i][0] if i in matched else None
        wanted = wanted_parts(i)
        if essay.word_count > max_words or (wanted and wanted > 1):
            flush()
            current = None
            single(i)
            continue
        if group is not None:
            if current is not None and current.group == group:
                current.essay_indexes.append(i)
                continue
            flush()
            current = _Draft([], [i], "", "", (), "", 0, (), None, group=group)
            drafts.append(current)
            continue
        # An unmatched essay between two essays of the same published issue joins it.
        if current is not None and current.group is not None \
                and next_group[i] == current.group:
            current.essay_indexes.append(i)
            continue
        current = None
        pending.append(i)
    flush()
    # Fill in the issues that continue published ones.
    for d, draft in enumerate(drafts):
        if draft.group is not None and not draft.essays:
            filled = _issue_draft([essays[i] for i in draft.essay_indexes],
                                  draft.essay_indexes, show)
            filled.group = draft.group
            drafts[d] = filled
    return drafts


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None \
        else value.astimezone(dt.timezone.utc)


def fill_template(template: str, *, show: Show, title: str, author: str | None,
                  voice: str) -> str:
    """Intro/outro wording; a sentence that names {link} is dropped when there is none."""
    link = show.link or show.base_url
    if not link:
        template = " ".join(s for s in re.split(r"(?<=[.!?])\s+", template) if "{link}" not in s)
    values = {"show": show.title, "title": title, "author": author or show.author,
              "voice": voice, "link": link or ""}
    return template.format(**values).strip()


def episode_script(episode: Episode, show: Show, *, lexicon: Lexicon, voice: str) -> Script:
    """The episode's script with the show's intro and outro filled in, as the build
    narrates it (`voice` as the engine describes itself)."""
    intro, outro = (fill_template(template, show=show, title=episode.title,
                                  author=episode.author, voice=voice)
                    for template in (show.intro, show.outro))
    return make_script(episode, intro=intro, outro=outro, lexicon=lexicon)


def _spoken_words(text: str) -> int:
    """Words as said: a link's dots and slashes are said as words too."""
    return len(re.findall(r"[^\W_]+", text))


def _estimated_seconds(draft: _Draft, show: Show, words_per_minute: float,
                       voice: str) -> float:
    """The episode's length: its essays, intro and outro at the voice's pace."""
    frame = sum(_spoken_words(fill_template(template, show=show, title=draft.title,
                                            author=draft.author, voice=voice))
                for template in (show.intro, show.outro))
    return (draft.words + frame) / words_per_minute * 60.0


def in_date_order(essays: Sequence[Essay]) -> list[Essay]:
    """The essays oldest first, whatever order the sources gave them in; undated essays
    after the dated ones, in the order given (a stable sort: one day's essays too)."""
    return [essays[i] for i in _date_order(essays)]


def _date_order(essays: Sequence[Essay]) -> list[int]:
    """The indexes of `essays` in `in_date_order`'s order."""
    return sorted(range(len(essays)), key=lambda i: (essays[i].date is None,
                                                     essays[i].date or dt.date.min, i))


def plan_episodes(essays: Sequence[Essay], show: Show, *, words_per_minute: float,
                  published: Sequence[PublishedEpisode] = (),
                  retired: Sequence[PublishedEpisode] = (), voice: str = "",
                  prune: bool = False, now: dt.datetime | None = None,
                  identities: Sequence[str] | None = None) -> Plan:
    """Plan episodes for `essays` (see the module docstring for the rules).

    `published` is the manifest of an earlier build: essays found there keep their
    number, slug, GUID and date. `retired` episodes were pruned from the feed: no
    new episode gets their number, slug or GUID. `prune` says the build drops the
    published episodes that match no essay (the notices say so). `identities`, one
    for each essay in the order given, are their `essay_identity` when known (an
    archive's are kept by the text cache); by default they are computed, and only
    when something is published.
    """
    if not words_per_minute or words_per_minute <= 0:
        raise ValueError(f"words_per_minute must be positive, got {words_per_minute!r}")
    if identities is not None and len(identities) != len(essays):
        raise ValueError(f"{len(identities)} identities for {len(essays)} essays")
    notices: list[Notice] = []
    order = _date_order(essays)
    essays = [essays[i] for i in order]
    if identities is not None:
        identities = [identities[i] for i in order]
    _essay_notices(essays, notices)
    groups = _published_groups(published)
    matched = _match(essays, groups, notices, identities)
    drafts = _drafts(essays, show, words_per_minute, groups, matched, notices)

    used_slugs = {p.slug for p in (*published, *retired)}
    used_numbers = {p.number for p in (*published, *retired)}
    used_dates = {_utc(p.pub_date) for p in published}
    undated: list[tuple[_Draft, dt.date]] = []
    now = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    # Without a start_date, new undated episodes are dated now, a minute apart and all
    # in the past (an app hides an episode dated in the future).
    undated_time = now.replace(second=0, microsecond=0) - dt.timedelta(
        minutes=sum(1 for d in drafts if d.essays[0].date is None and d.group is None))
    next_number = max(used_numbers, default=0) + 1
    group_used: set[tuple[int, int]] = set()
    namespace = uuid.UUID(show.podcast_guid)
    episodes: list[Episode] = []

    for draft in drafts:
        reuse: PublishedEpisode | None = None
        if draft.group is not None:
            entries = groups[draft.group].episodes
            slot = (draft.part or 1) - 1
            if slot < len(entries) and (draft.group, slot) not in group_used:
                reuse = entries[slot]
                group_used.add((draft.group, slot))
        if reuse is not None:
            number, slug, guid = reuse.number, reuse.slug, reuse.guid
            pub_date = _utc(reuse.pub_date)
        else:
            number = next_number
            next_number += 1
            base = draft.slug_base
            if draft.group is not None and len(groups[draft.group].members) == 1:
                base = re.sub(r"-part-\d+$", "", groups[draft.group].episodes[0].slug)
            base = base or f"episode-{number}"
            if draft.part:
                base = f"{base}-part-{draft.part}"
            slug = base
            counter = 2
            while slug in used_slugs:
                slug = f"{base}-{counter}"
                counter += 1
            used_slugs.add(slug)
            guid = str(uuid.uuid5(namespace, f"{show.name}/{slug}"))
            dated = draft.essays[0].date
            if dated is not None:
                pub_date = dt.datetime.combine(dated, PUBLISH_TIME) + \
                    dt.timedelta(minutes=(draft.part or 1) - 1)
            elif show.start_date is not None:
                day = show.start_date + dt.timedelta(days=(number - 1) * show.cadence_days)
                pub_date = dt.datetime.combine(day, PUBLISH_TIME)
                undated.append((draft, day))
            else:
                pub_date = undated_time
                undated_time += dt.timedelta(minutes=1)
                undated.append((draft, pub_date.date()))
            # Two posts of one day: a minute apart, so apps order them as the sources do.
            while _utc(pub_date) in used_dates:
                pub_date += dt.timedelta(minutes=1)
        used_dates.add(_utc(pub_date))
        episodes.append(Episode(
            number=number, title=draft.title, slug=slug, guid=guid, pub_date=pub_date,
            chapters=draft.chapters, essays=tuple(draft.essays), season=show.season,
            part=draft.part, part_count=draft.part_count, description=draft.description,
            estimated_seconds=_estimated_seconds(draft, show, words_per_minute, voice),
            author=draft.author,
            links=draft.links))

    notices += _unmatched_notices(groups, group_used, prune)
    notices += _undated_notices(undated, essays, show, now)
    episodes.sort(key=lambda e: e.number)
    return Plan(episodes=tuple(episodes), notices=tuple(notices))


def _unmatched_notices(groups: Sequence[_Group], group_used: set[tuple[int, int]],
                       prune: bool) -> list[Notice]:
    """A notice for each published episode that matched no essay."""
    notices: list[Notice] = []
    for g, group in enumerate(groups):
        for slot, entry in enumerate(group.episodes):
            if (g, slot) not in group_used:
                notices.append(Notice(
                    f"published episode {entry.number} ('{entry.title}') matches no essay "
                    "in the sources any more; " + (
                        "--prune removes it from the feed" if prune else
                        "it stays in the feed (build with --prune to remove it)")))
    return notices


def _undated_notices(undated: list[tuple[_Draft, dt.date]], essays: Sequence[Essay],
                     show: Show, now: dt.datetime) -> list[Notice]:
    """A notice when new episodes of undated essays got made-up dates that matter."""
    if undated and (any(e.date for e in essays) or max(day for _d, day in undated)
                    > now.date()):
        # Among dated essays, the made-up dates of undated ones can fall anywhere;
        # and they may be in the future, where apps hide an episode (check fails it).
        days = sorted(day for _draft, day in undated)
        first = undated[0][0].essays[0]
        return [Notice(
            f"{plural(len(undated), 'new episode')} from essays without a date (the first: "
            f"'{first.title}') dated "
            + ("by start_date and cadence_days" if show.start_date else "when first built")
            + f": {days[0]}"
            + (f" to {days[-1]}" if days[-1] != days[0] else "") + "; give each a date in its "
            "front matter or file name", path=first.source_path, line=first.source_line)]
    return []


def _essay_notices(essays: Sequence[Essay], notices: list[Notice]) -> None:
    seen: dict[str, Essay] = {}
    for essay in essays:
        where = {"path": essay.source_path, "line": essay.source_line}
        if essay.word_count < SHORT_ESSAY_WORDS:
            notices.append(Notice(f"'{essay.title}' has only {essay.word_count} words "
                                  f"(under {SHORT_ESSAY_WORDS}); is it a whole essay?", **where))
        if len(essay.title) > LONG_TITLE_CHARS:
            notices.append(Notice(f"the title '{essay.title[:60]}…' is {len(essay.title)} "
                                  f"characters long (over {LONG_TITLE_CHARS})", **where))
        key = _normalize_title(essay.title)
        if key in seen:
            first = seen[key]
            notices.append(Notice(f"duplicate title '{essay.title}' (also at "
                                  f"{first.source_path}:{first.source_line})", **where))
        else:
            seen[key] = essay
