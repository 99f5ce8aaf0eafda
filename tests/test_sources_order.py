"""Order and folders: episodes numbered by date whatever order the sources come in;
published shows keep their numbers; a show folder is never shared by two unrelated
collections; a site's own title and author name its show."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audiozine.cli import app
from audiozine.config import default_show
from audiozine.models import Essay, Section
from audiozine.plan import in_date_order, plan_episodes, to_published
from audiozine.sources import collection_identity, read_sources

runner = CliRunner()
BODY = ("This is a body paragraph with enough words to be clearly prose. It has two "
        "sentences, and it ends with a period.")


def essay(title: str, date: dt.date | None) -> Essay:
    return Essay(title=title, sections=(Section(title=None, paragraphs=(f"{title}. {BODY}",)),),
                 source_path=Path(f"{title.lower()}.md"), source_line=1, date=date)


def write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


D = dt.date


def test_episodes_are_numbered_by_date_undated_last_in_the_order_given():
    essays = [essay("Undated A", None), essay("March", D(2021, 3, 1)), essay("Undated B", None),
              essay("January", D(2021, 1, 1)), essay("February", D(2021, 2, 1)),
              essay("Also January", D(2021, 1, 1))]
    assert [e.title for e in in_date_order(essays)] == [
        "January", "Also January", "February", "March", "Undated A", "Undated B"]
    show = default_show((Path("x.md"),), Path("show"), title="T")
    plan = plan_episodes(essays, show, words_per_minute=160,
                         now=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    assert [(e.number, e.title) for e in plan.episodes] == [
        (1, "January"), (2, "Also January"), (3, "February"), (4, "March"), (5, "Undated A"),
        (6, "Undated B")]


def test_a_published_show_keeps_its_numbers_and_new_essays_follow_by_date():
    show = default_show((Path("x.md"),), Path("show"), title="T")
    old = [essay("March", D(2021, 3, 1)), essay("January", D(2021, 1, 1))]
    # As an earlier version numbered them: in command-line order.
    first = plan_episodes(old, show, words_per_minute=160)
    published = [to_published(e) for e in first.episodes]
    renumbered = {p.title: p.number for p in published}
    published = [p.__class__(**{**p.__dict__, "number": 3 - renumbered[p.title]})
                 for p in published]  # March 1, January 2
    new = old + [essay("December", D(2020, 12, 1)), essay("June", D(2021, 6, 1))]
    plan = plan_episodes(new, show, words_per_minute=160, published=published)
    assert [(e.number, e.title) for e in plan.episodes] == [
        (1, "March"), (2, "January"), (3, "December"), (4, "June")]


def test_the_default_output_folder_is_named_in_the_help():
    result = runner.invoke(app, ["build", "--help"])
    assert result.exit_code == 0
    assert "./show" in result.output


def test_an_unrelated_collection_is_not_folded_into_a_built_show(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "blog-a" / "2020-01-01-one.md", f"---\ntitle: One\n---\n{BODY}\n")
    write(tmp_path / "blog-b" / "2021-01-01-other.md", "---\ntitle: Other\n---\nA different "
          "collection altogether, about gardens and the weather in the hills, and nothing like "
          "the first one at all.\n")
    result = runner.invoke(app, ["build", "blog-a", "--voice", "system"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "show" / "feed.xml").is_file()  # the default folder
    for command in ("plan", "build"):
        result = runner.invoke(app, [command, "blog-b", "--voice", "system"])
        assert result.exit_code == 1, result.output
        [line] = result.output.strip().splitlines()
        assert line == (
            "error: show: this folder holds a show of 1 episode(s) built from other sources "
            "(the first: 'One'), and none of these essays is among them; building them here "
            "would fold two collections into one feed. Choose another folder with --out DIR "
            "(the default is ./show), or remove this one to start over")
    assert runner.invoke(app, ["plan", "blog-a"]).exit_code == 0  # the same collection
    write(tmp_path / "blog-a" / "2020-02-01-two.md", "---\ntitle: Two\n---\nA second post of "
          "the first blog, with words of its own about trains, timetables and late platforms.\n")
    assert runner.invoke(app, ["plan", "blog-a"]).exit_code == 0  # and one more post
    result = runner.invoke(app, ["plan", "blog-b", "--out", "show-b"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name, config, title, author", [
    ("_config.yml", "title: Ann&#39;s <em>Notes</em>\nauthor:\n  name: Ann Lee\n  email: a@b.c\n",
     "Ann's Notes", "Ann Lee"),
    ("hugo.toml", "title = 'Field Notes'\n[params]\nauthor = 'Bo Chen'\n", "Field Notes",
     "Bo Chen"),
    ("config.toml", "title = \"Field Notes\"\nauthor = \"Bo Chen\"\n", "Field Notes", "Bo Chen"),
])
def test_a_site_config_names_the_show(tmp_path, name, config, title, author):
    site = tmp_path / "site"
    write(site / name, config)
    posts = "_posts" if name == "_config.yml" else "content/posts"
    write(site / posts / "2020-01-01-one.md", f"---\ntitle: One\n---\n{BODY}\n")
    if name == "config.toml":
        (site / "layouts").mkdir()
    assert collection_identity([site]) == (title, author)
    result = runner.invoke(app, ["plan", str(site), "--out", str(tmp_path / "show"), "--script"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{title} (1 episode)")
    assert f"Written by {author}." in result.output
    result = runner.invoke(app, ["plan", str(site), "--out", str(tmp_path / "show"),
                                 "--title", "Mine", "--author", ""])
    assert result.output.startswith("Mine (1 episode)")


def test_a_config_toml_of_no_hugo_site_names_nothing(tmp_path):
    write(tmp_path / "notes" / "config.toml", "title = 'Tool settings'\n")
    write(tmp_path / "notes" / "a.md", f"# A\n\n{BODY}\n")
    assert collection_identity([tmp_path / "notes"]) == (None, None)


def test_a_hugo_sites_undated_pages_are_not_posts(tmp_path):
    site = tmp_path / "site"
    write(site / "hugo.toml", "title = 'Field Notes'\n")
    write(site / "content" / "about" / "index.md", f"---\ntitle: About\n---\n{BODY}\n")
    write(site / "content" / "contact.md", f"---\ntitle: Contact\n---\n{BODY}\n")
    write(site / "content" / "launch.md", f"---\ntitle: Launch\ndate: 2020-05-01\n---\n{BODY}\n")
    write(site / "content" / "posts" / "first.md", f"---\ntitle: First\ndate: 2020-01-01\n---\n"
                                                   f"{BODY}\n")
    write(site / "content" / "posts" / "undated.md", f"---\ntitle: Undated post\n---\n{BODY}\n")
    result = read_sources([site])
    assert [e.title for e in result.essays] == ["First", "Launch", "Undated post"]
    pages = sorted(n.path.name if n.path.name != "index.md" else "about"
                   for n in result.notices if "a site's page" in n.message)
    assert pages == ["about", "contact.md"]
