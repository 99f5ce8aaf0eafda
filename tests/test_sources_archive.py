"""Real archives: one bad post never stops a collection. Each file that cannot be read
is reported (`file:line: what is wrong`) and skipped; `--strict` refuses instead,
before anything is built."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from audiozine.cli import app
from audiozine.errors import SourceError
from audiozine.sources import read_sources, readers

runner = CliRunner()

BODY = ("This is a body paragraph with enough words to be clearly prose. It has two "
        "sentences, and it ends with a period.")


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def blog(tmp_path: Path) -> Path:
    """A folder of good posts and one of each kind of bad post."""
    folder = tmp_path / "blog"
    write(folder / "2020-01-01-first.md", f"---\ntitle: First\n---\n{BODY}\n")
    write(folder / "2020-02-01-second.md", f"---\ntitle: Second\n---\n{BODY}\n")
    write(folder / "bad-date.md", f"---\ntitle: Bad date\ndate: the third of March\n---\n{BODY}\n")
    write(folder / "picture.html", "<html><body><h1>A picture</h1><p><img src='a.jpg'></p>"
                                   "</body></html>")
    write(folder / "mojibake.txt", b"Title\n\n" + bytes(range(0x80, 0x100)) * 4 + b"\n")
    return folder


def test_bad_posts_are_skipped_each_with_where_and_what(tmp_path):
    folder = blog(tmp_path)
    result = read_sources([folder])
    assert [e.title for e in result.essays] == ["First", "Second"]
    skipped = sorted(str(n) for n in result.skipped)
    assert len(skipped) == 3
    assert skipped[0].startswith(f"{folder / 'bad-date.md'}:3: skipped, not narrated: date: "
                                 "expected a date such as 2024-03-01")
    assert skipped[1].startswith(f"{folder / 'mojibake.txt'}:3: skipped, not narrated: not UTF-8")
    assert skipped[2] == (f"{folder / 'picture.html'}:1: skipped, not narrated: the essay "
                          "'A picture' has a title but no text")
    assert set(result.skipped) <= set(result.notices)


def test_an_empty_table_row_is_no_crash(tmp_path):
    page = write(tmp_path / "table.html", f"""<html><body><h1>Rates</h1><p>{BODY}</p>
<table><tr></tr><tr><th>Year</th><th>Rate</th></tr><tr><td>2001</td><td>4%</td></tr>
<tr></tr></table><table><tr></tr></table></body></html>""")
    [essay] = read_sources([page]).essays
    assert essay.sections[0].paragraphs[1:] == ("Year 2001. Rate: 4%.",)


def test_a_defect_of_a_reader_is_reported_as_one_and_skipped(tmp_path, monkeypatch):
    folder = blog(tmp_path)
    plain = readers.READERS[0]

    def broken(path, data, options):
        raise IndexError("list index out of range")
    monkeypatch.setattr(readers, "READERS", (plain.__class__(plain.name, plain.suffixes, broken),
                                             *readers.READERS[1:]))
    result = read_sources([folder])
    assert [e.title for e in result.essays] == ["First", "Second"]
    [defect] = [str(n) for n in result.skipped if "mojibake" in str(n)]
    assert defect == (f"{folder / 'mojibake.txt'}: skipped, not narrated: audiozine's plain "
                      "text reader failed on this file (IndexError: list index out of range); "
                      "please report it with the file")


def test_a_single_bad_file_is_still_its_own_error(tmp_path):
    path = write(tmp_path / "bad.md", f"---\ndate: 2024-02-30x\n---\n# T\n\n{BODY}\n")
    with pytest.raises(SourceError, match="expected a date") as failure:
        read_sources([path])
    assert failure.value.line == 2


def test_when_nothing_can_be_read_the_error_says_why(tmp_path):
    folder = tmp_path / "all-bad"
    write(folder / "a.html", "<h1>A</h1><img src=x>")
    write(folder / "b.html", "<h1>B</h1><img src=y>")
    with pytest.raises(SourceError, match=r"no essay found \(2 files could not be read, the "
                                          r"first: .*a\.html:1: the essay 'A' has a title"):
        read_sources([folder])


def test_plan_lists_the_skipped_files_and_a_summary_and_strict_refuses(tmp_path):
    folder = blog(tmp_path)
    result = runner.invoke(app, ["plan", str(folder), "--out", str(tmp_path / "show")])
    assert result.exit_code == 0, result.output
    assert "bad-date.md:3: skipped, not narrated: date:" in result.output
    assert result.output.rstrip().splitlines()[-1] == (
        "warning: 3 source files could not be read and were skipped (listed above); the rest "
        "is planned; --strict makes this an error")
    for command in ("plan", "build"):
        result = runner.invoke(app, [command, str(folder), "--strict", "--voice", "system",
                                     "--out", str(tmp_path / "show")])
        assert result.exit_code == 1, result.output
        [line] = result.output.strip().splitlines()
        assert line.startswith("error: 3 source files could not be read (--strict refuses to "
                               f"build without them): {folder / 'bad-date.md'}:3: date: ")
        assert line.endswith("; and 2 more (run without --strict to list them)")
        assert not (tmp_path / "show").exists()  # nothing built, nothing created


def test_a_build_skips_bad_posts_and_ends_with_a_summary(tmp_path):
    folder = tmp_path / "blog"
    write(folder / "2020-01-01-first.md", f"---\ntitle: First\n---\n{BODY}\n")
    write(folder / "broken.md", "---\ntitle: Broken\ndate: soon\n---\nText.\n")
    result = runner.invoke(app, ["build", str(folder), "--voice", "system",
                                 "--out", str(tmp_path / "show")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "show" / "feed.xml").is_file()
    assert len(list((tmp_path / "show" / "episodes").glob("*.mp3"))) == 1
    lines = result.output.strip().splitlines()
    assert any("broken.md:3: skipped, not narrated: date: expected a date" in line
               for line in lines)
    assert "1 source file could not be read and was skipped (listed above); the rest is " \
           "built; --strict makes this an error" in result.output
