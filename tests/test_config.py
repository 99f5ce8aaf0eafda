"""Show files: what is accepted and how a mistake is reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from audiozine.config import load_show
from audiozine.errors import ConfigError

FIELDS = 'title = "T"\nauthor = "A"\ndescription = "D"\nsources = ["x.md"]\n'


@pytest.fixture
def show(tmp_path: Path) -> Path:
    (tmp_path / "x.md").write_text("# X\n\nHello there.\n", encoding="utf-8")
    return tmp_path / "show.toml"


def test_a_show_file_may_start_with_a_byte_order_mark(show: Path) -> None:
    show.write_bytes(b"\xef\xbb\xbf" + (FIELDS + "start_date = 2024-02-01\n").encode())
    assert load_show(show).start_date.isoformat() == "2024-02-01"


def test_a_quoted_date_or_number_says_to_drop_the_quotes(show: Path) -> None:
    show.write_text(FIELDS + 'start_date = "2024-02-01"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"show.toml:5.*without quotes: start_date = 2024-02-01"):
        load_show(show)
    show.write_text(FIELDS + 'cadence_days = "7"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"show.toml:5.*cadence_days.*without quotes"):
        load_show(show)


@pytest.mark.parametrize("url,problem", [
    ("ftp://example.com/pod/", "not an http(s) URL"),
    ("https://example.com/my pod/", "holds a blank"),
    ("https://example.com/pod/?utm=feed", "?query or #fragment"),
    ("https://example.com/pod/#top", "?query or #fragment"),
])
def test_a_base_url_that_cannot_prefix_file_names_is_refused(show: Path, url: str,
                                                             problem: str) -> None:
    show.write_text(FIELDS + f'base_url = "{url}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"show.toml:5.*base_url.*{re.escape(problem)}"):
        load_show(show)


def test_a_link_may_have_a_query_and_a_base_url_gets_its_slash(show: Path) -> None:
    show.write_text(FIELDS + 'base_url = " https://example.com/pod "\n'
                    'link = "https://example.com/blog?ref=podcast"\n', encoding="utf-8")
    loaded = load_show(show)
    assert loaded.base_url == "https://example.com/pod/"
    assert loaded.link.startswith("https://example.com/blog?ref=podcast")


def test_a_show_built_from_one_dated_post_is_named_without_the_date(tmp_path: Path) -> None:
    from audiozine.config import default_show

    post = tmp_path / "2022-06-23-a-short-history-of-holidays.md"
    assert default_show((post,), tmp_path / "out").title == "A Short History Of Holidays"
    assert default_show((tmp_path / "my_essays.txt",), tmp_path / "out").title == "My Essays"


def test_every_missing_required_field_is_named_at_once(tmp_path):
    show = tmp_path / "show.toml"
    show.write_text('title = "T"\nsources = ["a.md"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_show(show)
    assert "'author'" in info.value.message and "'description'" in info.value.message


def test_a_subcategory_given_as_category_says_where_it_belongs(tmp_path):
    show = tmp_path / "show.toml"
    show.write_text('title = "T"\ndescription = "D"\nauthor = "A"\nsources = ["a.md"]\n'
                    'category = "Food"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_show(show)
    assert 'category = "Arts", subcategory = "Food"' in info.value.message
