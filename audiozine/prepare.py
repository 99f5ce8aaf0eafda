"""The first half of a build, shared by `plan` and `build`: from a show to its
planned episodes, with nothing narrated.

    read_inputs   the voice profile and the essays (bad input is reported here,
                  before anything is written)
    prepare       the kept identity of the show built in a folder, the lexicon,
                  and the plan (numbers, GUIDs and dates kept from that folder)
    scripts       what the voice will be given, as the build gives it
    lint_words    words the voice may say wrong

`plan` shows what `prepare` gives; `build` narrates it. Both therefore plan the
same episodes from the same show, folder and options.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from .config import find_voice
from .definitions import Show, VoiceProfile
from .engines import create_engine, engine_class
from .lexicon import Lexicon, load_lexicon
from .manifest import load_build_record, refuse_unrelated, with_kept_identity
from .models import Episode, Essay, Notice, PublishedEpisode, Script
from .plan import Plan, episode_identity, episode_script, essay_identity, plan_episodes
from .reuse import TextCache, essay_key, sources_key
from .sources import ReadOptions, SourceResult, read_sources, refuse_skipped
from .speech.lint_report import LintReport, lint_essays


@dataclass(frozen=True)
class Inputs:
    """What a show reads before its output folder is looked at."""

    show: Show
    profile: VoiceProfile
    """The voice the show is narrated with (the show's, or the one asked for)."""

    sources: SourceResult
    text_cache: TextCache | None = None
    """The last build's reading results and the essays' identities, by content hash."""


@dataclass(frozen=True)
class Prepared:
    """A show planned for the folder it is built into."""

    show: Show
    """The show with the podcast GUID it was first published under, if any."""

    profile: VoiceProfile
    sources: SourceResult
    lexicon: Lexicon
    plan: Plan
    published: tuple[PublishedEpisode, ...]
    """The episodes the folder's last build published (its manifest)."""

    retired: tuple[PublishedEpisode, ...]
    """Episodes pruned before, whose numbers, slugs and GUIDs are never reused."""

    @property
    def episodes(self) -> tuple[Episode, ...]:
        return self.plan.episodes

    @property
    def notices(self) -> tuple[Notice, ...]:
        """What the sources and the plan found suspicious, in that order."""
        return tuple(self.sources.notices) + tuple(self.plan.notices)


def read_inputs(show: Show, *, voice: str | None = None, strict: bool = False,
                text_cache: TextCache | None = None) -> Inputs:
    """The show's voice profile (`voice` overrides the show's) and its essays; with
    `strict`, a source file that could not be read is an error instead of skipped.
    `text_cache` gives the last build's reading of the same files, by content hash."""
    profile = find_voice(voice or show.voice)
    options = ReadOptions(pages=show.pages, fetch_articles=show.fetch_articles,
                          code_blocks=show.code_blocks)
    sources = (text_cache or TextCache(None)).get(
        sources_key(show.sources, options), lambda: read_sources(show.sources, options))
    if strict:
        refuse_skipped(sources)
    return Inputs(show=show, profile=profile, sources=sources, text_cache=text_cache)


def keep_identities(inputs: Inputs) -> None:
    """Have the text cache keep the essays' identities (a build that published nothing
    before: `plan` after it then matches the essays without sketching them again)."""
    _kept_identities(inputs.sources.essays, inputs.text_cache)


def episode_identities(essays: Sequence[Essay],
                       text_cache: TextCache | None) -> Callable[[Episode], str]:
    """`plan.episode_identity` for episodes planned from `essays` (the sources' essays, as
    read), from their identities in `text_cache`: those `prepare` matched by, or on a
    first build computed now once and kept for the next build; not sketched again."""
    found = _kept_identities(essays, text_cache)
    if found is None:
        return episode_identity
    by_essay = {id(essay): identity for essay, identity in zip(essays, found)}
    return lambda episode: "\n".join(by_essay.get(id(e)) or essay_identity(e)
                                     for e in episode.essays)


def _kept_identities(essays: Sequence[Essay],
                     text_cache: TextCache | None) -> Sequence[str] | None:
    """The essays' identities as the last build computed them, those of new or changed
    essays computed now (an archive's text sketches take seconds)."""
    if text_cache is None:
        return None
    return text_cache.get_each(
        "essay-identities", [(essay_key(essay), lambda essay=essay: essay_identity(essay))
                             for essay in essays])


def prepare(inputs: Inputs, show_dir: Path | None, *, prune: bool = False) -> Prepared:
    """Plan `inputs` for the show built in `show_dir` (None: a show never built),
    keeping the identity of what was published there. A build holds the folder's
    lock around this, so the record read is the one it publishes over."""
    show, profile = inputs.show, inputs.profile
    published: tuple[PublishedEpisode, ...] = ()
    retired: tuple[PublishedEpisode, ...] = ()
    if show_dir is not None:
        published, retired = load_build_record(show_dir)
        show = with_kept_identity(show, show_dir)
    lexicon = load_lexicon(profile.lexicon_files, show.lexicon, engine=profile.engine,
                           extra_path=show.path)
    planned = plan_episodes(inputs.sources.essays, show,
                            words_per_minute=profile.words_per_minute,
                            published=published, retired=retired, prune=prune,
                            voice=profile.description,
                            identities=_kept_identities(inputs.sources.essays,
                                                        inputs.text_cache)
                            if published else None)
    if show_dir is not None:
        refuse_unrelated(show, show_dir, published, planned.episodes)
    return Prepared(show=show, profile=profile, sources=inputs.sources, lexicon=lexicon,
                    plan=planned, published=published, retired=retired)


def scripts(prepared: Prepared) -> list[Script]:
    """Every planned episode's script, its outro naming the voice as the build names
    it (the engine's own description, "Piper voice NAME")."""
    engine = create_engine(prepared.profile)  # checks the engine can run; loads no model
    try:
        voice = engine.describe()
    finally:
        engine.close()
    return [episode_script(episode, prepared.show, lexicon=prepared.lexicon, voice=voice)
            for episode in prepared.episodes]


def lint_words(prepared: Prepared) -> LintReport:
    """The words of each planned essay the voice may say wrong, with the line of their
    first use and a suggested lexicon line (see `speech.lint_report`); for a voice phonemized
    by espeak-ng, espeak-ng is asked which words it reads well."""
    essays = list({id(essay): essay for episode in prepared.episodes
                   for essay in episode.essays}.values())
    return lint_essays(essays, prepared.lexicon, language=prepared.show.language,
                       ask_espeak=engine_class(prepared.profile.engine).PHONEMIZER
                       == "espeak-ng")
