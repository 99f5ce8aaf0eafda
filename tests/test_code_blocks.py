"""A show's `code_blocks`: code blocks stay unread ("skip", the default) or leave one
short spoken marker where each run of them stands ("marker"), issue 25."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mutagen.mp3 import MP3
from typer.testing import CliRunner

from audiozine.cli import app
from audiozine.config import load_show
from audiozine.errors import ConfigError
from audiozine.models import CODE_MARKER

runner = CliRunner()

MARKDOWN = """\
---
title: Reading Code Aloud
date: 2024-03-01
---

# Reading Code Aloud

Before the code comes a sentence of prose that explains the idea.

```python
def add(a, b):
    return a + b
```

    indented = True

Between the examples sits a second paragraph of prose.

{% highlight ruby %}
puts "hi"
{% endhighlight %}

## Closing

And the essay ends here, after the last example.

~~~
tail -f log
~~~
"""

HTML = """\
<html><head><title>Pre Blocks</title>
<meta property="article:published_time" content="2024-03-08"></head><body>
<h1>Pre Blocks</h1>
<p>First the prose explains what follows.</p>
<pre><code>x = 1</code></pre>
<pre>y = 2</pre>
<p>Then one more paragraph of prose.</p>
<figure><pre>z = 3</pre></figure>
<p>And a last word.</p>
</body></html>
"""


def _show(tmp_path: Path, sources: list[str], setting: str | None, extra: str = "") -> Path:
    """A show file of the same name (so the same GUIDs) in a folder of its own."""
    show = tmp_path / f"with-{setting or 'default'}" / "show.toml"
    show.parent.mkdir(exist_ok=True)
    show.write_text('title = "Code Show"\nauthor = "Ann Lee"\ndescription = "Essays."\n'
                    f"sources = {json.dumps([str(tmp_path / s) for s in sources])}\n"
                    + (f'code_blocks = "{setting}"\n' if setting else "") + extra,
                    encoding="utf-8")
    return show


def _plan(show: Path) -> list[dict]:
    result = runner.invoke(app, ["plan", "--show", str(show), "--json", "--script"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _essay_lines(plan: list[dict], episode: int) -> list[str]:
    """What the episode says between its intro and outro, one entry an utterance."""
    return [u["written"] for u in plan[0]["scripts"][episode]
            if u["chapter"] not in ("Intro", "Outro")]


@pytest.fixture
def essays(tmp_path: Path) -> Path:
    (tmp_path / "code.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "pre.html").write_text(HTML, encoding="utf-8")
    return tmp_path


def test_the_default_says_nothing_for_code_and_equals_skip(essays: Path) -> None:
    default = _plan(_show(essays, ["code.md", "pre.html"], None))
    skip = _plan(_show(essays, ["code.md", "pre.html"], "skip"))
    assert default == skip
    said = " ".join(_essay_lines(default, 0) + _essay_lines(default, 1))
    assert CODE_MARKER not in said and "add" not in said and "x = 1" not in said
    assert _essay_lines(default, 0) == [
        "Before the code comes a sentence of prose that explains the idea.",
        "Between the examples sits a second paragraph of prose.",
        "Closing", "And the essay ends here, after the last example."]


def test_markdown_code_blocks_leave_one_marker_a_run_in_place(essays: Path) -> None:
    plan = _plan(_show(essays, ["code.md"], "marker"))
    # The fenced and the indented block are one run: one marker; the Liquid
    # highlight block and the closing fence, one each.
    assert _essay_lines(plan, 0) == [
        "Before the code comes a sentence of prose that explains the idea.",
        CODE_MARKER,
        "Between the examples sits a second paragraph of prose.",
        CODE_MARKER,
        "Closing", "And the essay ends here, after the last example.",
        CODE_MARKER]
    chapters = [u["chapter"] for u in plan[0]["scripts"][0] if u["written"] == CODE_MARKER]
    assert chapters == ["Reading Code Aloud", "Reading Code Aloud", "Closing"]


def test_html_pre_blocks_leave_one_marker_a_run_in_place(essays: Path) -> None:
    plan = _plan(_show(essays, ["pre.html"], "marker"))
    assert _essay_lines(plan, 0) == [
        "First the prose explains what follows.", CODE_MARKER,
        "Then one more paragraph of prose.", CODE_MARKER, "And a last word."]


def test_the_marker_changes_no_word_count_warning_or_grouping(tmp_path: Path) -> None:
    """Short essays packed into issues, each with code: the same issues, words and
    "only N words" warnings with the marker as without it."""
    folder = tmp_path / "essays"
    folder.mkdir()
    for n in range(1, 6):
        (folder / f"2024-01-0{n}-note-{n}.md").write_text(
            f"# Note {n}\n\n" + "A line of prose about the code. " * (3 * n) + "\n\n"
            + "```\ncode()\n```\n\nMore prose.\n\n    indented()\n\n```\nagain()\n```\n"
            + "\nThe end.\n", encoding="utf-8")
    extra = "target_minutes = 0.5\n"
    skip = _plan(_show(tmp_path, ["essays"], "skip", extra))
    marker = _plan(_show(tmp_path, ["essays"], "marker", extra))
    assert [e for e in skip[0]["episodes"]] == [e for e in marker[0]["episodes"]]
    assert len(skip[0]["episodes"]) < 5  # packed: grouping is what is compared
    assert skip[0]["warnings"] == marker[0]["warnings"]
    # 46 words of prose: under 50, and would not be with the two markers' 16 words.
    assert any("'Note 2' has only 46 words" in w for w in marker[0]["warnings"])
    assert [e["title"] for e in marker[0]["episodes"]][0] == "Note 1 · Note 2"
    said = [line for n in range(len(marker[0]["scripts"])) for line in _essay_lines(marker, n)]
    assert said.count(CODE_MARKER) == 10  # read from the folder's files: two runs each


def test_a_bad_code_blocks_value_is_named_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "code.md").write_text(MARKDOWN, encoding="utf-8")
    show = _show(tmp_path, ["code.md"], "loud")
    with pytest.raises(ConfigError) as caught:
        load_show(show)
    assert caught.value.line == 5 and caught.value.field == "code_blocks"
    result = runner.invoke(app, ["plan", "--show", str(show)])
    assert result.exit_code == 1
    assert "show.toml:5: code_blocks: expected 'skip' or 'marker', not 'loud'" in result.output
    assert "Traceback" not in result.output
    wrong_type = _show(tmp_path, ["code.md"], None, "code_blocks = true\n")
    result = runner.invoke(app, ["plan", "--show", str(wrong_type)])
    assert result.exit_code == 1 and ":5: code_blocks:" in result.output, result.output


@pytest.mark.slow
def test_a_build_with_the_marker_says_it(tmp_path: Path) -> None:
    (tmp_path / "code.md").write_text(
        "---\ndate: 2024-03-01\n---\n# Tiny Code\n\nHere is how to add.\n\n"
        "```python\nprint(1 + 2)\n```\n\nThat prints `three`.\n", encoding="utf-8")
    show = _show(tmp_path, ["code.md"], "marker")
    out = tmp_path / "show"
    result = runner.invoke(app, ["build", "--show", str(show), "--out", str(out),
                                 "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    [transcript] = [p for p in (out / "episodes").glob("*.json")
                    if not p.name.endswith(".chapters.json")]
    bodies = [s["body"] for s in json.loads(transcript.read_text())["segments"]]
    at = bodies.index(CODE_MARKER)
    assert bodies[at - 1] == "Here is how to add." and bodies[at + 1] == "That prints three."
    assert CODE_MARKER in (out / "episodes" / transcript.name.replace(".json", ".vtt")
                           ).read_text(encoding="utf-8")
    # The essay text in the ID3 tag (USLT) is as a reader sees it: no code marks.
    [lyrics] = MP3(transcript.with_suffix(".mp3")).tags.getall("USLT")
    assert "That prints three." in lyrics.text and "`" not in lyrics.text


def test_code_alone_is_no_essay_and_code_before_the_title_no_paragraph(tmp_path: Path) -> None:
    folder = tmp_path / "essays"
    folder.mkdir()
    (folder / "a.md").write_text("# Only Code\n\n```\nx = 1\n```\n", encoding="utf-8")
    (folder / "b.html").write_text("<pre>setup()</pre><h1>Real</h1><p>Some prose here.</p>"
                                   "<h1>Second</h1><p>More prose.</p>", encoding="utf-8")
    skip = _plan(_show(tmp_path, ["essays"], "skip"))
    marker = _plan(_show(tmp_path, ["essays"], "marker"))
    assert skip[0]["warnings"] == marker[0]["warnings"]
    assert any("'Only Code' has a title but no text" in w for w in marker[0]["warnings"])
    assert not any("before the first title" in w for w in marker[0]["warnings"])
    assert [e["title"] for e in marker[0]["episodes"]] == ["Real", "Second"]
    assert _essay_lines(marker, 0) == ["Some prose here."]


def test_code_markers_flag_on_source_files_and_over_a_show_file(essays: Path) -> None:
    source = str(essays / "code.md")
    out = ["--out", str(essays / "show")]
    plain = runner.invoke(app, ["plan", source, *out, "--json", "--script"])
    marked = runner.invoke(app, ["plan", source, *out, "--code-markers", "--json", "--script"])
    assert plain.exit_code == 0 and marked.exit_code == 0, plain.output + marked.output
    plain_lines = [u["written"] for u in json.loads(plain.stdout)[0]["scripts"][0]]
    marked_lines = [u["written"] for u in json.loads(marked.stdout)[0]["scripts"][0]]
    assert CODE_MARKER not in plain_lines and marked_lines.count(CODE_MARKER) == 3
    assert [line for line in marked_lines if line != CODE_MARKER] == plain_lines
    over_skip = _plan_args(["--show", str(_show(essays, ["pre.html"], "skip")), "--code-markers"])
    assert _essay_lines(over_skip, 0).count(CODE_MARKER) == 2


def _plan_args(args: list[str]) -> list[dict]:
    result = runner.invoke(app, ["plan", *args, "--json", "--script"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
