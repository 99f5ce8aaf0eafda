"""The plan stage: episodes, parts, issues and their stable identity."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audiozine.config import Show
from audiozine.models import Essay, Link, Section
from audiozine.plan import essay_identity, plan_episodes, to_published
from audiozine.sources import read_sources

from .fixtures import SEEDS
WPM = 150.0
UTC = dt.timezone.utc

SHOW = Show(name="demo", title="Demo", author="Show Author", description="A demo show.",
            sources=(), start_date=dt.date(2024, 1, 1), cadence_days=7, season=2,
            max_minutes=10.0)


def words(n: int, word: str = "word") -> str:
    """A paragraph of n words made of sentences of ten words."""
    out = []
    for i in range(n):
        out.append(word + ("." if i % 10 == 9 or i == n - 1 else ""))
    return " ".join(out)


def essay(title: str, *paragraphs: str, sections: tuple[Section, ...] | None = None,
          path: str = "c.txt", line: int = 1, **extra) -> Essay:
    if sections is None:
        sections = (Section(None, paragraphs or (words(100),)),)
    return Essay(title=title, sections=sections, source_path=Path(path), source_line=line,
                 **extra)


def plan(essays, show=SHOW, published=()):
    return plan_episodes(essays, show, words_per_minute=WPM, published=published)


def identity_of(p):
    return [(e.number, e.slug, e.guid, e.pub_date) for e in p.episodes]


# ------------------------------------------------------------------ basics

def test_one_essay_per_episode_with_numbers_slugs_guids_and_dates():
    p = plan([essay("Hello, World!"), essay("Second one"), essay("Third")])
    assert [e.number for e in p.episodes] == [1, 2, 3]
    assert [e.slug for e in p.episodes] == ["hello-world", "second-one", "third"]
    namespace = uuid.UUID(SHOW.podcast_guid)
    assert p.episodes[0].guid == str(uuid.uuid5(namespace, "demo/hello-world"))
    assert [e.pub_date for e in p.episodes] == [
        dt.datetime(2024, 1, 1, 9, tzinfo=UTC), dt.datetime(2024, 1, 8, 9, tzinfo=UTC),
        dt.datetime(2024, 1, 15, 9, tzinfo=UTC)]
    first = p.episodes[0]
    assert first.title == "Hello, World!"
    assert first.season == 2 and first.part is None and first.part_count is None
    assert first.author == "Show Author"
    # The essay's 100 words, the intro's 7 ("Demo. Hello, World!. Written by Show
    # Author.") and the outro's 21 (no link, so no "Find every episode at").
    assert first.estimated_seconds == pytest.approx((100 + 28) / WPM * 60)
    # Sentences are found as the voice finds them: these lowercase ones do not split.
    assert first.description == words(100)
    assert first.stem == "001-hello-world"


def test_chapters_follow_sections():
    sections = (Section(None, (words(60),)), Section("Middle", (words(60),)),
                Section("End", (words(60),)))
    [episode] = plan([essay("Sections", sections=sections)]).episodes
    assert [c.title for c in episode.chapters] == ["Sections", "Middle", "End"]
    assert [c.sections for c in episode.chapters] == [(s,) for s in sections]


def test_front_matter_fields_are_used():
    e = essay("Dated", date=dt.date(2023, 5, 4), description="Blurb.", author="Guest",
              links=(Link("x", "https://x.org"),))
    [episode] = plan([e]).episodes
    assert episode.pub_date == dt.datetime(2023, 5, 4, 9, tzinfo=UTC)
    assert episode.description == "Blurb."
    assert episode.author == "Guest"
    assert episode.links == (Link("x", "https://x.org"),)


def test_description_is_at_most_4000_bytes():
    long_sentence = "é" * 5000 + "."
    [episode] = plan([essay("Long", long_sentence + " " + words(60))]).episodes
    assert len(episode.description.encode("utf-8")) <= 4000
    e = essay("Long description", description="ü " * 3000)
    assert len(plan([e]).episodes[0].description.encode("utf-8")) <= 4000


def test_slugs_are_ascii_and_unique():
    p = plan([essay("Same title"), essay("Same title"), essay("🎉🎉"),
              essay("Ça va? Ünïcödé"), essay("مرحبا بالعالم"), essay("x" * 200)])
    slugs = [e.slug for e in p.episodes]
    assert slugs[:4] == ["same-title", "same-title-2", "episode-3", "ca-va-unicode"]
    assert len(set(slugs)) == len(slugs)
    assert all(s.isascii() and s and len(s) <= 60 for s in slugs)


def test_notices_for_short_essays_long_titles_and_duplicates():
    long_title = "A " + "very " * 30 + "long title"
    p = plan([essay("Tiny", "Just a few words."), essay(long_title),
              essay("Tiny", words(80), line=9)])
    messages = [n.message for n in p.notices]
    assert any("only 4 words" in m for m in messages)
    assert any("characters long" in m for m in messages)
    assert any("duplicate title 'Tiny'" in m for m in messages)
    duplicate = next(n for n in p.notices if "duplicate" in n.message)
    assert duplicate.line == 9 and duplicate.path == Path("c.txt")


def test_words_per_minute_must_be_positive():
    with pytest.raises(ValueError):
        plan_episodes([essay("T")], SHOW, words_per_minute=0)


# -------------------------------------------------------------- splitting

def test_long_essay_is_split_into_similar_parts_at_paragraph_boundaries():
    paragraphs = tuple(words(100, f"w{i}") for i in range(25))  # 2500 words, 16.7 min
    p = plan([essay("Big", *paragraphs), essay("After")])
    parts = p.episodes[:2]
    assert [e.title for e in parts] == ["Big (Part 1 of 2)", "Big (Part 2 of 2)"]
    assert [e.slug for e in parts] == ["big-part-1", "big-part-2"]
    assert [(e.number, e.part, e.part_count) for e in parts] == [(1, 1, 2), (2, 2, 2)]
    assert p.episodes[2].number == 3 and p.episodes[2].title == "After"
    read = [para for e in parts for c in e.chapters for s in c.sections for para in s.paragraphs]
    assert tuple(read) == paragraphs
    sizes = [e.word_count for e in parts]
    assert abs(sizes[0] - sizes[1]) <= 100
    assert all(e.estimated_seconds <= SHOW.max_minutes * 60 for e in parts)
    assert any("split into 2 parts" in n.message for n in p.notices)


def test_split_prefers_section_boundaries():
    sections = (Section(None, tuple(words(100) for _ in range(9))),
                Section("Second half", tuple(words(100) for _ in range(11))))
    parts = plan([essay("Halves", sections=sections)]).episodes
    assert len(parts) == 2
    assert [c.title for c in parts[1].chapters] == ["Second half"]
    assert [c.title for c in parts[0].chapters] == ["Halves"]


def test_a_100000_word_essay_in_one_paragraph_is_split_and_fast():
    start = time.perf_counter()
    huge = essay("Huge", words(100_000))
    p = plan([huge])
    assert time.perf_counter() - start < 2
    limit = SHOW.max_minutes * WPM
    assert len(p.episodes) >= 100_000 / limit
    assert all(e.word_count <= limit * 1.05 for e in p.episodes)
    assert sum(e.word_count for e in p.episodes) == 100_000
    assert [e.number for e in p.episodes] == list(range(1, len(p.episodes) + 1))


def test_parts_of_a_dated_essay_keep_their_order():
    paragraphs = tuple(words(100) for _ in range(25))
    p = plan([essay("Big", *paragraphs, date=dt.date(2024, 6, 1))])
    assert [e.pub_date for e in p.episodes] == [
        dt.datetime(2024, 6, 1, 9, 0, tzinfo=UTC), dt.datetime(2024, 6, 1, 9, 1, tzinfo=UTC)]


def test_the_description_ends_each_line_and_keeps_closing_quotes():
    p = plan([essay("Lists", "Three things I learned", 'She said "be kind." Then she left.',
                    "More.")])
    assert p.episodes[0].description == 'Three things I learned. She said "be kind."'


def test_a_long_paragraph_is_cut_between_sentences_with_their_quotes():
    from audiozine.plan import _split_long_paragraph

    assert _split_long_paragraph('He said "hello." Then he left. And then more words.', 4) \
        == ['He said "hello."', "Then he left.", "And then more words."]


def test_posts_of_the_same_day_are_a_minute_apart_in_source_order():
    day = dt.date(2024, 6, 1)
    first = plan([essay("Morning", date=day), essay("Evening", words(100, "e"), date=day)])
    assert [e.pub_date for e in first.episodes] == [
        dt.datetime(2024, 6, 1, 9, 0, tzinfo=UTC), dt.datetime(2024, 6, 1, 9, 1, tzinfo=UTC)]
    published = [to_published(e) for e in first.episodes]
    later = plan([essay("Morning", date=day), essay("Evening", words(100, "e"), date=day),
                  essay("Night", words(100, "n"), date=day)], published=published)
    assert [e.pub_date.time() for e in later.episodes] == [
        dt.time(9, 0), dt.time(9, 1), dt.time(9, 2)]


# ---------------------------------------------------------------- packing

def test_packing_consecutive_essays_into_issues():
    show = dataclasses.replace(SHOW, target_minutes=2.0)  # 300 words
    essays = [essay(f"Essay {i}", words(100)) for i in range(1, 8)]
    p = plan(essays, show)
    assert [[c.title for c in e.chapters] for e in p.episodes] == [
        ["Essay 1", "Essay 2", "Essay 3"], ["Essay 4", "Essay 5", "Essay 6"], ["Essay 7"]]
    assert p.episodes[0].title == "Essay 1 · Essay 2 · Essay 3"
    assert p.episodes[0].slug == "essay-1"
    assert p.episodes[2].title == "Essay 7"
    assert p.episodes[0].essays == tuple(essays[:3])
    assert p.episodes[0].description.startswith("In this issue: Essay 1: ")


def test_packing_keeps_published_issues_when_essays_are_added():
    show = dataclasses.replace(SHOW, target_minutes=2.0)
    essays = [essay(f"Essay {i}", words(100, f"e{i}")) for i in range(1, 6)]
    first = plan(essays, show)
    published = [to_published(e) for e in first.episodes]
    new = [essay("Inserted first", words(100, "new")), *essays,
           essay("Essay 6", words(100, "e6"))]
    again = plan(new, show, published)
    old = {e.number: e for e in first.episodes}
    for episode in again.episodes:
        if episode.number in old:
            assert episode.essays == old[episode.number].essays
            assert episode.slug == old[episode.number].slug
            assert episode.guid == old[episode.number].guid
    assert [(e.number, e.title) for e in again.episodes][2:] == [(3, "Inserted first"),
                                                                (4, "Essay 6")]


def test_long_essays_are_not_packed():
    show = dataclasses.replace(SHOW, target_minutes=5.0)
    big = essay("Big", *(words(100) for _ in range(20)))
    p = plan([essay("A"), big, essay("B")], show)
    assert [e.title for e in p.episodes] == ["A", "Big (Part 1 of 2)", "Big (Part 2 of 2)",
                                             "B"]


# --------------------------------------------------------------- identity

def test_a_typo_fix_in_a_title_keeps_the_published_identity():
    essays = [essay("Recognise Small Victorie", words(100, "a")), essay("Other", words(100, "b"))]
    first = plan(essays)
    published = [to_published(e) for e in first.episodes]
    fixed = [essay("Recognize Small Victories", words(100, "a")), essays[1]]
    again = plan(fixed, published=published)
    assert identity_of(again) == identity_of(first)
    assert again.episodes[0].title == "Recognize Small Victories"
    assert any("similar title" in n.message for n in again.notices)


def test_a_new_title_and_file_with_the_same_text_keeps_the_identity():
    body = " ".join(f"unique{i}" for i in range(300))
    first = plan([essay("Old name", body, path="old.md")])
    again = plan([essay("Completely different", body, path="renamed.md")],
                 published=[to_published(e) for e in first.episodes])
    assert identity_of(again) == identity_of(first)


def test_same_single_essay_file_keeps_the_identity_when_everything_else_changes():
    first = plan([essay("Alpha", words(100, "x"), path="post.md")])
    again = plan([essay("Zulu", words(100, "y"), path="post.md")],
                 published=[to_published(e) for e in first.episodes])
    assert identity_of(again) == identity_of(first)


def test_new_essays_get_numbers_after_the_published_ones():
    essays = [essay("One", words(100, "a")), essay("Two", words(100, "b"))]
    first = plan(essays)
    published = [to_published(e) for e in first.episodes]
    again = plan([essay("Zero", words(100, "z")), *essays, essay("Three", words(100, "c"))],
                 published=published)
    numbers = {e.title: e.number for e in again.episodes}
    assert numbers == {"One": 1, "Two": 2, "Zero": 3, "Three": 4}
    assert [e.number for e in again.episodes] == [1, 2, 3, 4]
    assert again.episodes[2].pub_date == dt.datetime(2024, 1, 15, 9, tzinfo=UTC)


def test_removed_essays_are_reported_and_their_numbers_not_reused():
    essays = [essay("One", words(100, "a")), essay("Two", words(100, "b"))]
    published = [to_published(e) for e in plan(essays).episodes]
    again = plan([essays[0], essay("New", words(100, "n"))], published=published)
    assert [(e.title, e.number) for e in again.episodes] == [("One", 1), ("New", 3)]
    assert any("published episode 2 ('Two')" in n.message for n in again.notices)


def test_a_pruned_episode_gives_no_new_episode_its_number_slug_or_guid():
    essays = [essay("One", words(100, "a")), essay("Two", words(100, "b"))]
    published = [to_published(e) for e in plan(essays).episodes]
    # "Two" was pruned; a different essay with the same title arrives later.
    again = plan_episodes([essays[0], essay("Two", words(100, "z"))], SHOW,
                          words_per_minute=WPM, published=published[:1],
                          retired=published[1:])
    new = again.episodes[1]
    assert (new.number, new.slug) == (3, "two-2")
    assert new.guid != published[1].guid


def test_published_dates_and_slugs_win_even_if_the_show_changes():
    first = plan([essay("One")])
    published = [to_published(e) for e in first.episodes]
    show = dataclasses.replace(SHOW, start_date=dt.date(2030, 1, 1), name="renamed")
    assert identity_of(plan([essay("One")], show, published)) == identity_of(first)


def test_growing_essay_keeps_its_parts_and_adds_new_ones_at_the_end():
    base = [words(100, f"p{i}") for i in range(12)]
    first = plan([essay("Grows", *base), essay("Next", words(100, "n"))])
    published = [to_published(e) for e in first.episodes]
    longer = base + [words(100, f"q{i}") for i in range(14)]
    again = plan([essay("Grows", *longer), essay("Next", words(100, "n"))], published=published)
    by_title = {e.title: e for e in again.episodes}
    assert by_title["Next"].number == 2
    assert by_title["Grows (Part 1 of 2)"].number == 1
    assert by_title["Grows (Part 1 of 2)"].slug == "grows"
    assert by_title["Grows (Part 2 of 2)"].number == 3
    assert by_title["Grows (Part 2 of 2)"].slug == "grows-part-2"


def test_essay_identity_is_deterministic_and_text_based():
    a = essay("Title", words(50))
    assert essay_identity(a) == essay_identity(essay("Title", words(50)))
    assert essay_identity(a) != essay_identity(essay("Title", words(50, "other")))
    assert "|title|c.txt" in essay_identity(a)


# ------------------------------------------------------------ properties

title_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                     min_size=1, max_size=40).filter(lambda t: t.strip())
body_text = st.lists(st.text(st.sampled_from("abcdefghij .,é🎉"), min_size=1, max_size=60)
                     .filter(lambda t: t.strip()), min_size=1, max_size=4)


@st.composite
def collections(draw):
    count = draw(st.integers(1, 6))
    return [essay(draw(title_text), *draw(body_text), line=i + 1) for i in range(count)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(collections())
def test_planning_is_deterministic(essays):
    assert plan(essays) == plan(list(essays))
    show = dataclasses.replace(SHOW, target_minutes=0.05)
    assert plan(essays, show) == plan(list(essays), show)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(collections(), st.data())
def test_editing_body_text_never_changes_identity(essays, data):
    edited = [dataclasses.replace(e, sections=(Section(None, tuple(data.draw(body_text))),))
              for e in essays]
    first = plan(essays)
    # Without a manifest (nothing is long enough to split here)...
    assert identity_of(plan(edited)) == identity_of(first)
    # ...and with the manifest of the first build.
    published = [to_published(e) for e in first.episodes]
    again = plan(edited, published=published)
    assert identity_of(again) == identity_of(first)
    # Adding an essay at the end changes none of the existing ones.
    more = plan([*edited, essay("Brand new essay", words(60))], published=published)
    assert identity_of(more)[:len(essays)] == identity_of(first)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(1, 40), min_size=1, max_size=30), st.data())
def test_editing_text_of_a_split_essay_keeps_identity_with_a_manifest(sizes, data):
    show = dataclasses.replace(SHOW, max_minutes=1.0)  # 150 words
    paragraphs = [words(n, f"w{i}") for i, n in enumerate(sizes)]
    first = plan([essay("Split me", *paragraphs), essay("After", words(60))], show)
    published = [to_published(e) for e in first.episodes]
    index = data.draw(st.integers(0, len(paragraphs) - 1))
    paragraphs[index] = words(data.draw(st.integers(1, 40)), "edited")
    again = plan([essay("Split me", *paragraphs), essay("After", words(60))], show, published)
    old = {e.title: e for e in first.episodes}
    after = next(e for e in again.episodes if e.title == "After")
    assert (after.number, after.slug, after.guid, after.pub_date) == \
        (old["After"].number, old["After"].slug, old["After"].guid, old["After"].pub_date)
    for episode in again.episodes:
        if episode.title in old:
            before = old[episode.title]
            assert (episode.number, episode.slug, episode.guid, episode.pub_date) == \
                (before.number, before.slug, before.guid, before.pub_date)


# ------------------------------------------------------------------ seeds

def test_seeds_plan_into_thirteen_episodes_quickly():
    start = time.perf_counter()
    result = read_sources([SEEDS])
    p = plan_episodes(result.essays, SHOW, words_per_minute=160)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0
    assert len(p.episodes) == 13
    assert [e.title for e in p.episodes] == [e.title for e in result.essays]
    assert len({e.slug for e in p.episodes}) == 13
    assert all(e.pub_date.tzinfo is not None for e in p.episodes)
    assert p.notices == ()


def test_without_a_start_date_undated_essays_are_dated_when_first_built():
    """Not a made-up day years ago: the time of the build, a minute apart, in the past,
    in episode order; once published, the date stays."""
    show = dataclasses.replace(SHOW, start_date=None)
    now = dt.datetime(2026, 11, 24, 3, 40, 30, tzinfo=dt.timezone.utc)
    first = plan_episodes([essay("A"), essay("B")], show, words_per_minute=150, now=now)
    assert [e.pub_date for e in first.episodes] == [
        dt.datetime(2026, 11, 24, 3, 38, tzinfo=dt.timezone.utc),
        dt.datetime(2026, 11, 24, 3, 39, tzinfo=dt.timezone.utc)]
    assert not [n for n in first.notices if "date" in n.message]
    published = [to_published(e) for e in first.episodes]
    later = plan_episodes([essay("A"), essay("B"), essay("C")], show, words_per_minute=150,
                          published=published, now=now + dt.timedelta(days=3))
    assert [e.pub_date for e in later.episodes][:2] == [e.pub_date for e in first.episodes]
    assert later.episodes[2].pub_date == dt.datetime(2026, 11, 27, 3, 39, tzinfo=dt.timezone.utc)


def test_undated_essays_among_dated_ones_are_told_their_made_up_dates():
    dated = essay("Dated", words(100, "d"), date=dt.date(2023, 5, 1))
    p = plan([dated, essay("Loose", words(100, "l"), path="loose.md", line=3)])
    assert [n.message for n in p.notices if "without a date" in n.message] == [
        "1 new episode from essays without a date (the first: 'Loose') dated by start_date "
        "and cadence_days: 2024-01-08; give each a date in its front matter or file name"]
    # A collection with no dates at all (the seeds) is dated by the cadence, silently,
    # unless that puts an episode in the future (apps hide it; check fails it).
    assert not [n for n in plan([essay("A"), essay("B")]).notices if "date" in n.message]
    soon = dataclasses.replace(SHOW, start_date=dt.date.today())
    assert [n for n in plan([essay("A"), essay("B")], soon).notices if "date" in n.message]
