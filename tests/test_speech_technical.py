"""Technical prose read the way a developer reads it aloud (issue 25): the table of
cases through `speakable`, and whole paragraphs through `make_script`, where the
clause and sentence splitters must not cut a call, a formula or a code span."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from audiozine.lexicon import Lexicon
from audiozine.models import Chapter, Episode, Section
from audiozine.speech import make_script, speakable, without_code_marks
from audiozine.speech.rules.math import FORMULA, say_math

from .speech_technical_cases import CASES


def test_the_table_is_large_and_covers_every_kind():
    assert len(CASES) >= 150
    kinds = {category for category, _, _ in CASES}
    assert {"tag/jsx", "operator", "identifier", "inline math", "function call", "flag",
            "ip", "hex/hash", "emoticon/emoji", "shouted", "unit glued"} <= kinds


@pytest.mark.parametrize("category,written,spoken", CASES,
                         ids=[f"{c}:{w[:30]}" for c, w, _ in CASES])
def test_technical_case(category, written, spoken):
    assert speakable(written) == spoken


#: What the Done-when forbids in spoken text.
_FORBIDDEN = re.compile(r"less than \w+(?: \w+)? more than|dollars dollars|equals equals|"
                        r"dash dash|less than equals|equals more than|and and|_|\\[a-z]+|"
                        r"\b(?:frac|mathbf|infty|leq|sqrt)\b")


@pytest.mark.parametrize("category,written,spoken", CASES,
                         ids=[f"{c}:{w[:30]}" for c, w, _ in CASES])
def test_no_symbol_rows_in_spoken_technical_text(category, written, spoken):
    said = speakable(written)
    assert not _FORBIDDEN.search(said), said
    assert not re.search(r"\w'(?=[\s,.]|$)(?<!s')|(?<![\w])'\w", said), said  # stray quotes


def _script(*paragraphs: str):
    episode = Episode(number=1, title="Code", slug="code", guid="guid-1",
                      pub_date=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc),
                      chapters=(Chapter("Code", (Section(None, paragraphs),)),), essays=())
    return [u for u in make_script(episode, intro="", outro="", lexicon=Lexicon({})).utterances
            if u.chapter_index == 1]


@pytest.mark.parametrize("paragraph,spoken", [
    ("Call useState() once, then setCount(count + 1) on each click.",
     ["Call use State once, then set Count of count plus one on each click."]),
    (r"It learns $$ f(x) \approx x $$ to rebuild the input.",
     ["It learns f of x approximately equals x to rebuild the input."]),
    ("A call like perform('google.com') fetches it.",
     ["A call like perform of google dot com fetches it."]),
    ("Run `git rebase -i` (the interactive one) on your branch first.",
     ["Run git rebase dash i,", "the interactive one,", "on your branch first."]),
    (r"Take \(a. B\) as given. Then stop.", [f"Take {FORMULA} as given.", "Then stop."]),
])
def test_a_call_a_formula_or_a_code_span_is_not_cut(paragraph, spoken):
    assert [u.spoken for u in _script(paragraph)] == spoken


def test_code_marks_never_reach_the_transcript():
    [utterance] = _script("Install `react-dom` and run `npm test` now.")
    assert utterance.written == "Install react-dom and run npm test now."
    assert utterance.spoken == "Install react dom and run npm test now."


def test_a_quote_before_a_comma_or_a_bracket_is_not_spoken():
    assert speakable("He said 'stop', then left.") == "He said stop, then left."
    assert speakable("Call it ('google.com') once.") == "Call it, google dot com, once."


@pytest.mark.parametrize("tex,spoken", [
    ("x^2", "x squared"), (r"\frac{1}{2}", "one half"), (r"\frac{x}{1-x}", "x over one minus x"),
    (r"\sqrt{d}", "the square root of d"), (r"\hat{y}", "y hat"), (r"\alpha", "alpha"),
    (r"\sum_{i=1}^n x_i", FORMULA), (r"\begin{matrix} a \end{matrix}", FORMULA),
    (r"\frac{1}{", FORMULA), ("a + b + c + d + e + f + g + h + i", FORMULA),
])
def test_simple_math_is_read_and_the_rest_is_a_formula(tex, spoken):
    assert say_math(tex) == spoken


@pytest.mark.parametrize("written", [
    "It costs $5 and $10 at most.", "Both $HOME and $PATH matter.", "Use a $ sign.",
])
def test_dollar_signs_that_are_not_math_stay_as_they_were(written):
    assert FORMULA not in speakable(written)
    assert "over" not in speakable(written)


# ------------------------------------------------------------------ plan --lint

def test_lint_groups_by_essay_with_lines_and_a_lexicon_line(tmp_path):
    import tomllib

    from audiozine.sources import read_sources
    from audiozine.speech.lint_report import lint_essays

    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Chain\n---\n\nWe check DNS, the BIOS and the GUI.\n\n"
                    "Then a QWXR badge.\nWe got pwned.\n", encoding="utf-8")
    other = tmp_path / "other.md"
    other.write_text("# Calm\n\nNothing odd here at all.\n", encoding="utf-8")
    essays = read_sources([post, other]).essays
    report = lint_essays(essays, None)
    assert report.problem is None
    [essay] = report.essays
    assert essay.source_path == post
    assert [(f.word, f.line) for f in essay.findings] == [("QWXR", 7), ("pwned", 8)]
    # espeak-ng reads these itself: spelled as initialisms, or found in its dictionary
    assert not {"DNS", "BIOS", "GUI"} & set(report.words)
    lines = tomllib.loads("\n".join(f.lexicon_line for f in essay.findings))
    assert lines["QWXR"] == "Q W X R"


def test_mathml_in_a_page_is_read_from_its_tex(tmp_path):
    from audiozine.sources import read_sources

    page = tmp_path / "page.html"
    page.write_text('<html><head><title>Sums</title></head><body><article><h1>Sums</h1>'
                    '<p>The sum <math alttext="x^2"><msup><mi>x</mi><mn>2</mn></msup></math>'
                    ' is small, and <span class="katex"><span class="katex-mathml"><math>'
                    '<semantics><mi>y</mi><annotation encoding="application/x-tex">\\hat{y}'
                    '</annotation></semantics></math></span><span class="katex-html" '
                    'aria-hidden="true">ŷ</span></span> too.</p></article></body></html>',
                    encoding="utf-8")
    [essay] = read_sources([page]).essays
    [paragraph] = essay.paragraphs
    assert speakable(paragraph) == "The sum x squared is small, and y hat too."


@pytest.mark.parametrize("written,spoken", [
    ("Set OP_A1B now.", "Set op a one B now."),
    ("The id is X_9AB2.", "The id is X nine ab two."),
])
def test_identifiers_with_digits_anywhere_are_read(written, spoken):
    assert speakable(written) == spoken


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ_09 <>/=!&|$\\(){}[]`'\".-:;^~*+x", max_size=40))
def test_code_like_text_never_breaks_the_normalizer(text):
    said = speakable(text)
    assert "\ue000" not in said and "\ue001" not in said


@pytest.mark.parametrize("name,text,words", [
    ("post.md", "# Marks\n\nRun `` ` `` or `x ` and `y` here, and `a b` too.\n", 11),
    ("page.html", "<html><head><title>Marks</title></head><body><article><h1>Marks</h1>"
                  "<p>Run <code> x </code> and <kbd>y</kbd> here, and <code>a b</code> too."
                  "</p></article></body></html>", 9),
])
def test_code_marks_change_no_word_count(tmp_path, name, text, words):
    """As many words as without the marks ("Run ` or x and y here, and a b too.")."""
    from audiozine.sources import read_sources

    (tmp_path / name).write_text(text, encoding="utf-8")
    [essay] = read_sources([tmp_path / name]).essays
    [paragraph] = essay.paragraphs
    assert essay.word_count == words
    assert "`y`" in paragraph


def test_code_marks_stay_out_of_titles_and_descriptions(tmp_path):
    from audiozine.config import Show
    from audiozine.plan import plan_episodes
    from audiozine.sources import read_sources

    post = tmp_path / "post.md"
    post.write_text("---\ndate: 2024-01-01\n---\n\n# Use `foo()` now\n\nSome `bar` text here. "
                    + "Then more words. " * 20 + "\n\n## The `-> impl` part\n\nMore.\n",
                    encoding="utf-8")
    [essay] = read_sources([post]).essays
    assert essay.title == "Use foo() now"
    assert essay.sections[1].title == "The -> impl part"
    show = Show(name="s", title="S", author="A", description="D", sources=(post,))
    [episode] = plan_episodes([essay], show, words_per_minute=150).episodes
    assert "`" not in episode.description and "Some bar text here." in episode.description


@pytest.mark.parametrize("written,shown", [
    ("Call `useState()` first.", "Call useState() first."),
    ("The ``a`b`` span and `c`.", "The a`b span and c."),
    ("No code here.", "No code here."),
])
def test_code_marks_are_taken_out_of_what_a_reader_sees(written, shown):
    assert without_code_marks(written) == shown
