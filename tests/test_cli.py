"""The CLI: help with examples, README coverage, clear one-line errors."""

from __future__ import annotations

import json

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audiozine.cli import app

from .fixtures import REPO

runner = CliRunner()
COMMANDS = sorted(command.name or command.callback.__name__
                  for command in app.registered_commands)


def test_the_contract_commands_exist() -> None:
    assert set(COMMANDS) >= {"build", "plan", "say", "voices", "check", "serve", "play"}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and f"audiozine {command}" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"audiozine {command}" in (REPO / "README.md").read_text()


def one_line_error(result) -> str:
    lines = [line for line in result.output.strip().splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


def test_missing_source_path(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path / "nope.txt"), "--out",
                                 str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "nope.txt" in one_line_error(result)


def test_a_broken_link_in_a_source_folder_is_skipped_or_with_strict_an_error(
        tmp_path: Path) -> None:
    essays = tmp_path / "essays"
    essays.mkdir()
    (essays / "one.md").write_text("# One\n\nA short essay.\n", "utf-8")
    (essays / "two.md").symlink_to(tmp_path / "gone.md")
    result = runner.invoke(app, ["plan", str(essays)])
    assert result.exit_code == 0, result.output
    assert "two.md: skipped, not narrated: cannot read: a broken symbolic link" in result.output
    assert "1 source file could not be read and was skipped" in result.output
    result = runner.invoke(app, ["plan", str(essays), "--strict"])
    assert result.exit_code == 1
    assert "two.md: cannot read: a broken symbolic link" in one_line_error(result)


def test_empty_source_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["build", str(empty), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    line = one_line_error(result)
    assert "empty.txt" in line and "empty" in line


def test_show_file_with_a_missing_field(tmp_path: Path) -> None:
    show = tmp_path / "show.toml"
    show.write_text('title = "T"\nauthor = "A"\nsources = ["x.txt"]\n')
    result = runner.invoke(app, ["build", "--show", str(show)])
    assert result.exit_code == 1
    line = one_line_error(result)
    assert "show.toml" in line and "description" in line


def test_show_file_with_an_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    show = tmp_path / "show.toml"
    show.write_text('title = "T"\nauthor = "A"\ndescription = "D"\nsources = ["x.txt"]\n'
                    'explict = true\n')
    result = runner.invoke(app, ["plan", "--show", str(show)])
    assert result.exit_code == 1
    line = one_line_error(result)
    assert re.search(r"show\.toml:5: explict: .*did you mean 'explicit'", line)


def test_unknown_voice(tmp_path: Path) -> None:
    result = runner.invoke(app, ["say", "Hi.", "--voice", "jo", "--out",
                                 str(tmp_path / "x.mp3")])
    assert result.exit_code == 1
    assert "did you mean 'joe'" in one_line_error(result)


def test_say_text_only_prints_the_spoken_form() -> None:
    result = runner.invoke(app, ["say", "It costs $42.", "--text-only"])
    assert result.exit_code == 0
    assert "It costs forty two dollars." in result.output


def test_say_reads_sentence_by_sentence_as_a_build_does() -> None:
    result = runner.invoke(app, ["say", "We met on 5th Ave. Then we left.", "--text-only"])
    assert result.exit_code == 0
    assert result.output.strip() == "We met on fifth Avenue. Then we left."


@pytest.mark.parametrize("args,complaint", [
    (["\U0001F642", "--text-only"], "nothing a voice can say"),
    (["Hi.", "--out", "hi.ogg"], "write .mp3 or .wav"),
    (["Hi.", "--out", "no-such-folder/hi.mp3"], "does not exist"),
])
def test_say_refuses_what_it_cannot_do(args, complaint, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["say", *args])
    assert result.exit_code == 2
    assert complaint in " ".join(result.output.split())
    assert list(tmp_path.iterdir()) == []  # no folder made, no file written


def test_voices_reports_both_engines_working() -> None:
    import json

    result = runner.invoke(app, ["voices", "--json"])
    assert result.exit_code == 0
    voices = {v["name"]: v for v in json.loads(result.output)["voices"]}
    assert voices["joe"]["works"] and voices["system"]["works"]


@pytest.mark.slow
def test_build_from_a_source_file_with_the_system_voice(tmp_path: Path) -> None:
    essay = tmp_path / "notes.md"
    essay.write_text("# A tiny essay\n\nThis is a very small essay. It has two sentences.\n")
    out = tmp_path / "show"
    result = runner.invoke(app, ["build", str(essay), "--out", str(out), "--voice", "system",
                                 "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    assert (out / "feed.xml").is_file() and (out / "index.html").is_file()
    assert len(list((out / "episodes").glob("*.mp3"))) == 1
    check = runner.invoke(app, ["check", str(out)])
    assert check.exit_code == 0, check.output


def spoken_transcript(show_dir: Path) -> Path:
    [path] = [p for p in (show_dir / "episodes").glob("*.json")
              if not p.name.endswith(".chapters.json")]
    return path


@pytest.mark.slow
def test_source_build_names_title_and_author_and_remembers_the_base_url(tmp_path: Path) -> None:
    import json

    essay = tmp_path / "notes.md"
    essay.write_text("# A tiny essay\n\nThis is a very small essay. It has two sentences.\n")
    out = tmp_path / "show"
    common = ["--voice", "system", "--cache-dir", str(tmp_path / "cache")]

    first = runner.invoke(app, ["build", str(essay), "--out", str(out), *common])
    assert first.exit_code == 0, first.output
    assert "points at http://localhost:8000/" in first.output  # not publishable: said so
    transcript = json.loads(spoken_transcript(out).read_text())
    spoken = " ".join(segment["body"] for segment in transcript["segments"])
    assert "author" not in spoken.lower() and "Written by" not in spoken
    assert "<itunes:author>Notes</itunes:author>" in (out / "feed.xml").read_text()
    check = runner.invoke(app, ["check", str(out)])
    assert check.exit_code == 0 and "built without a base URL" in check.output

    second = runner.invoke(app, ["build", str(essay), "--out", str(out), *common,
                                 "--title", "Field Notes", "--author", "Ann Lee",
                                 "--base-url", "https://example.com/notes/"])
    assert second.exit_code == 0, second.output
    feed = (out / "feed.xml").read_text()
    assert "<title>Field Notes</title>" in feed and "Ann Lee" in feed
    transcript = json.loads(spoken_transcript(out).read_text())
    assert "Written by Ann Lee" in " ".join(s["body"] for s in transcript["segments"])

    # Rebuilt without the options: the base URL, title and author are the last build's.
    third = runner.invoke(app, ["build", str(essay), "--out", str(out), *common])
    assert third.exit_code == 0, third.output
    feed = (out / "feed.xml").read_text()
    assert "https://example.com/notes/episodes/" in feed
    assert "<title>Field Notes</title>" in feed and "Ann Lee" in feed
    assert "localhost" not in third.output
    assert "'Field Notes' (as last built; --title changes it)" in third.output
    assert "(0 made, 1 unchanged)" in third.output

    # Given empty, the author is dropped (and stays dropped), the title kept.
    fourth = runner.invoke(app, ["build", str(essay), "--out", str(out), *common,
                                 "--author", ""])
    assert fourth.exit_code == 0, fourth.output
    fifth = runner.invoke(app, ["build", str(essay), "--out", str(out), *common])
    assert fifth.exit_code == 0, fifth.output
    feed = (out / "feed.xml").read_text()
    assert "<title>Field Notes</title>" in feed and "Ann Lee" not in feed
    transcript = json.loads(spoken_transcript(out).read_text())
    assert "Written by" not in " ".join(s["body"] for s in transcript["segments"])
    assert "as last built; --author" not in fifth.output


def test_version() -> None:
    from audiozine import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"audiozine {__version__}"


def test_play_refuses_a_file_that_is_not_an_episode(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    result = runner.invoke(app, ["play", str(notes)])
    assert result.exit_code == 1
    assert "not an episode" in one_line_error(result)


@pytest.mark.parametrize("setting, field, expected", [
    ('language = "english"', "language", "not a language code"),
    ('music_bed = "nope.mp3"', "music_bed", "file not found"),
    ('image = "nope.jpg"', "image", "file not found"),
    ('voice = "jo"', "voice", "did you mean 'joe'"),
    ('sources = []', "sources", "at least one"),
])
def test_show_file_settings_are_checked_when_read(tmp_path: Path, setting: str, field: str,
                                                  expected: str) -> None:
    (tmp_path / "essay.txt").write_text("Title\n\nBody text here.\n")
    lines = ['title = "T"', 'author = "A"', 'description = "D"', 'sources = ["essay.txt"]']
    key = setting.split(" =")[0]
    lines = [line for line in lines if not line.startswith(key + " ")] + [setting]
    show = tmp_path / "show.toml"
    show.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["plan", "--show", str(show)])
    assert result.exit_code == 1
    line = one_line_error(result)
    assert re.search(rf"show\.toml:\d+: {field}: ", line), line
    assert expected in line


def test_build_into_a_file_says_so(tmp_path: Path) -> None:
    essay = tmp_path / "essay.txt"
    essay.write_text("Title\n\nBody text here.\n")
    target = tmp_path / "afile"
    target.write_text("x")
    result = runner.invoke(app, ["build", str(essay), "--out", str(target)])
    assert result.exit_code == 1
    assert "is a file" in one_line_error(result)


def test_plan_lint_names_words_espeak_would_spell_out(tmp_path: Path) -> None:
    essay = tmp_path / "essay.txt"
    essay.write_text("The Breach\n\nWe think we got pwned by a great, brrr, cold breach.\n")
    result = runner.invoke(app, ["plan", str(essay), "--lint", "--json"])
    assert result.exit_code == 0, result.output
    import json

    unspeakable = json.loads(result.stdout)[0]["unspeakable"]
    assert "pwned" in unspeakable and "brrr" in unspeakable
    assert not {"think", "great", "breach"} & set(unspeakable)


def test_plan_script_prints_what_the_voice_will_say(tmp_path: Path) -> None:
    essay = tmp_path / "essay.txt"
    essay.write_text("Kaia's Day\n\nKaia paid $42 at 11:35 — a bargain, she said, for a "
                     "week of groceries — and then left. Then she slept.\n\n"
                     "A second paragraph.\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", str(essay), "--author", "Ann", "--script"])
    assert result.exit_code == 0, result.output
    essay_part = result.stdout.split("[Kaia's Day]\n")[1].split("\n\n[Outro]")[0]
    # The lexicon's respelling, spoken numbers, a clause pause, a line per paragraph.
    assert essay_part.splitlines() == [
        "Kya paid forty two dollars at eleven thirty five, | a bargain, she said, for a week of "
        "groceries, | and then left. Then she slept.",
        "A second paragraph."]
    assert "[Intro]\n" in result.stdout and "Written by Ann." in result.stdout
    import json

    result = runner.invoke(app, ["plan", str(essay), "--author", "Ann", "--script", "--json"])
    utterances = json.loads(result.stdout)[0]["scripts"][0]
    said = {u["written"]: u["spoken"] for u in utterances}
    assert said["Then she slept."] == "Then she slept."
    assert {u["chapter"] for u in utterances} == {"Intro", "Kaia's Day", "Outro"}


def test_plan_script_names_the_voice_as_the_build_does(tmp_path: Path) -> None:
    """A profile without a description: the outro says what the engine calls itself."""
    profile = tmp_path / "plain.toml"
    profile.write_text('engine = "piper"\n', encoding="utf-8")
    essay = tmp_path / "essay.txt"
    essay.write_text("A Day\n\n" + "We walked to the sea and back again. " * 12 + "\n",
                     encoding="utf-8")
    result = runner.invoke(app, ["plan", str(essay), "--author", "Ann", "--voice", str(profile),
                                 "--script"])
    assert result.exit_code == 0, result.output
    assert "made with a synthetic voice, Piper voice " in result.stdout, result.stdout


@pytest.mark.parametrize("failure, message", [
    ("timeout", "espeak-ng did not finish reading the text"),
    ("exit", "espeak-ng could not read the text (voice not found)"),
])
def test_plan_lint_says_when_espeak_could_not_check(tmp_path: Path, monkeypatch,
                                                    failure: str, message: str) -> None:
    import subprocess

    def failing(*args, **kwargs):
        if failure == "timeout":
            raise subprocess.TimeoutExpired(args[0], kwargs.get("timeout", 0))
        return subprocess.CompletedProcess(args[0], 1, stdout="", stderr="voice not found\n")

    monkeypatch.setattr("audiozine.espeak.subprocess.run", failing)
    essay = tmp_path / "essay.txt"
    essay.write_text("The Breach\n\nWe think we got pwned.\n")
    result = runner.invoke(app, ["plan", str(essay), "--lint"])
    assert result.exit_code == 0, result.output
    assert message in result.output
    assert "not listed" in result.output
    assert "nothing unspeakable found" not in result.output


def test_a_show_file_takes_every_lexicon_form(tmp_path: Path) -> None:
    """A show's [lexicon] takes what a lexicon file takes: a respelling, phonemes in
    [[ ]], or a table with say and phonemes (phonemes for Piper, say for the rest)."""
    (tmp_path / "essay.txt").write_text("Piper\n\nPiper met Kaia and Roux.\n", "utf-8")
    show = tmp_path / "show.toml"
    show.write_text('title = "T"\nauthor = "A"\ndescription = "D"\nsources = ["essay.txt"]\n'
                    '[lexicon]\nKaia = "Kya"\nRoux = "[[ ɹˈuː ]]"\n'
                    'Piper = { say = "Pie per", phonemes = "pˈaɪpɚ" }\n', "utf-8")
    assert runner.invoke(app, ["plan", "--show", str(show)]).exit_code == 0
    piper = runner.invoke(app, ["say", "Piper met Kaia.", "--show", str(show), "--text-only"])
    assert piper.exit_code == 0, piper.output
    assert "[[ pˈaɪpɚ ]]" in piper.output and "Kya" in piper.output
    system = runner.invoke(app, ["say", "Piper met Kaia.", "--show", str(show), "--voice",
                                 "system", "--text-only"])
    assert system.exit_code == 0 and "Pie per met Kya." in system.output
    show.write_text(show.read_text("utf-8") + 'Maughan = { sey = "Mawn" }\n', "utf-8")
    bad = runner.invoke(app, ["plan", "--show", str(show)])
    assert bad.exit_code == 1
    assert "show.toml:9: lexicon.Maughan: unknown lexicon field 'sey'" in bad.output


@pytest.mark.slow
def test_plan_of_a_show_built_into_another_folder_reads_that_folder(tmp_path: Path) -> None:
    essays = tmp_path / "essays"
    essays.mkdir()
    (essays / "b.md").write_text("# Beta\n\nThe second essay, written first. It is short.\n")
    show = tmp_path / "show.toml"
    show.write_text('title = "T"\nauthor = "A"\ndescription = "D"\nsources = ["essays"]\n'
                    'voice = "system"\n')
    out = tmp_path / "elsewhere"
    common = ["--cache-dir", str(tmp_path / "cache")]
    assert runner.invoke(app, ["build", "--show", str(show), "--out", str(out),
                               *common]).exit_code == 0
    (essays / "a.md").write_text("# Alpha\n\nA new essay, sorted first. It is short too.\n")

    def numbers(*extra: str) -> dict[str, int]:
        result = runner.invoke(app, ["plan", "--show", str(show), "--json", *extra])
        assert result.exit_code == 0, result.output
        [planned] = json.loads(result.output)
        return {e["title"]: e["number"] for e in planned["episodes"]}

    assert numbers("--out", str(out)) == {"Beta": 1, "Alpha": 2}  # as published there
    assert numbers() == {"Alpha": 1, "Beta": 2}  # a folder never built


@pytest.mark.slow
def test_a_moved_feed_keeps_its_guid_and_still_passes_check(tmp_path: Path) -> None:
    """P1: the podcast:guid stays when the feed moves, and `check` of the built folder
    knows it came from the URL the show was first published at."""
    import re

    from audiozine.manifest import FEED_URLS_NAME, STATE_DIR

    essay = tmp_path / "notes.md"
    essay.write_text("# A tiny essay\n\nThis is a very small essay. It has two sentences.\n")
    out = tmp_path / "show"
    common = ["--voice", "system", "--cache-dir", str(tmp_path / "cache"), "--out", str(out)]

    def podcast_guid() -> str:
        return re.search(r"<podcast:guid>(.*?)</podcast:guid>",
                         (out / "feed.xml").read_text()).group(1)

    first = runner.invoke(app, ["build", str(essay), *common,
                                "--base-url", "https://me.example.com/podcast/"])
    assert first.exit_code == 0, first.output
    original = podcast_guid()
    moved = runner.invoke(app, ["build", str(essay), *common,
                                "--base-url", "https://podcast.example.org/"])
    assert moved.exit_code == 0, moved.output
    assert "https://podcast.example.org/episodes/" in (out / "feed.xml").read_text()
    assert podcast_guid() == original
    check = runner.invoke(app, ["check", str(out)])
    assert check.exit_code == 0, check.output
    assert (out / STATE_DIR / FEED_URLS_NAME).read_text().split() == [
        "https://me.example.com/podcast/feed.xml", "https://podcast.example.org/feed.xml"]

    # Without the record of where it came from, the GUID matches no URL it knows.
    (out / STATE_DIR / FEED_URLS_NAME).unlink()
    check = runner.invoke(app, ["check", str(out)])
    assert check.exit_code == 1 and "P1 channel" in check.output


@pytest.mark.parametrize("command", ["build", "plan"])
def test_build_and_plan_without_input_are_usage_errors(command: str, tmp_path: Path,
                                                        monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # no feeds/ here
    result = runner.invoke(app, [command])
    assert result.exit_code == 2
    assert "give SOURCE files, --show, or run where feeds/ is" in " ".join(result.output.split())


@pytest.mark.slow
def test_a_title_with_an_ampersand_passes_check(tmp_path: Path) -> None:
    """Captions escape "&" as "&amp;": check measures the line a player shows."""
    essay = tmp_path / "ten.md"
    essay.write_text('---\ntitle: "Ten years, 1,000 tickets & one lesson"\ndate: 2024-04-15\n'
                     "---\n\nThis is a short essay about support tickets. It has two "
                     "paragraphs.\n\nThe lesson was simple: answer the question that was "
                     "asked.\n")
    out = tmp_path / "show"
    built = runner.invoke(app, ["build", str(essay), "--out", str(out), "--author",
                                "Pat Writer", "--voice", "system", "--cache-dir",
                                str(tmp_path / "cache"), "--base-url", "https://example.com/t/"])
    assert built.exit_code == 0, built.output
    vtt = next((out / "episodes").glob("*.vtt")).read_text()
    assert "tickets &amp; one lesson" in vtt
    check = runner.invoke(app, ["check", str(out)])
    assert check.exit_code == 0, check.output


def test_plan_takes_builds_options(tmp_path: Path) -> None:
    """A build command with `build` changed to `plan` shows what it would make."""
    import json

    essay = tmp_path / "notes.md"
    essay.write_text("# A tiny essay\n\n" + "This is a very small essay. " * 40 + "\n")
    common = [str(essay), "--out", str(tmp_path / "show"), "--title", "Notes", "--author",
              "Ann Lee", "--base-url", "https://example.com/notes/", "--cache-dir",
              str(tmp_path / "cache"), "--json"]
    planned = runner.invoke(app, ["plan", *common, "--voice", "system"])
    assert planned.exit_code == 0, planned.output
    [show] = json.loads(planned.output)
    assert show["show"] == "Notes" and show["episodes"][0]["estimated_minutes"] > 0
    unknown = runner.invoke(app, ["plan", *common, "--voice", "nosuchvoice"])
    assert unknown.exit_code == 1 and "nosuchvoice" in unknown.output  # the voice is used
    every = runner.invoke(app, ["plan", *common, "--jobs", "2", "--force", "--prune"])
    assert every.exit_code == 0, every.output


@pytest.mark.slow
def test_show_file_build_remembers_base_url_and_warns_when_local(tmp_path: Path) -> None:
    """--base-url given once to a show-file build (whose file sets none) stays for the
    next build, as for SOURCE files; a build whose feed points at localhost says so."""
    essay = tmp_path / "notes.md"
    essay.write_text("# A tiny essay\n\n" + "This is a very small essay. " * 40 + "\n")
    show_file = tmp_path / "notes.toml"
    show_file.write_text('title = "Notes"\ndescription = "Small notes."\nauthor = "Ann Lee"\n'
                         'sources = ["notes.md"]\n')
    common = ["build", "--show", str(show_file), "--voice", "system", "--cache-dir",
              str(tmp_path / "cache")]
    local = runner.invoke(app, common)
    assert local.exit_code == 0, local.output
    assert "points at http://localhost:8000/" in local.output and "base_url in notes.toml" in local.output
    import json

    checked = runner.invoke(app, ["check", str(tmp_path / "notes"), "--json"])
    report = json.loads(checked.stdout)
    assert report["ok"] and "without a base URL" in report["warnings"][0]  # also for scripts
    public = runner.invoke(app, [*common, "--base-url", "https://example.com/notes/"])
    assert public.exit_code == 0, public.output
    again = runner.invoke(app, common)
    assert again.exit_code == 0, again.output
    assert "https://example.com/notes/ (as last built" in again.output
    assert "localhost" not in again.output
    feed = (tmp_path / "notes" / "feed.xml").read_text()
    assert "https://example.com/notes/" in feed and "localhost" not in feed
