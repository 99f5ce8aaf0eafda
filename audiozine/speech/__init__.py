"""The `speech` stage: planned episodes -> a script a voice can read.

Three public pieces:

* `speakable(text, lexicon)` turns one piece of written text into plain words and
  ordinary punctuation (numbers, money, times, dates, units, symbols,
  abbreviations, initialisms, URLs...). The rules are tables, applied in order.
* `split_sentences(text)` splits a paragraph into sentences without being fooled
  by "Dr.", "e.g.", "U.S.", decimals, ellipses or quotes.
* `make_script(episode, intro=..., outro=..., lexicon=...)` builds the `Script`:
  one `Utterance` per sentence (or clause), each with the pause that follows it.

`lint(text, lexicon)` gives the spoken form and the tokens the rules could only
guess at (unknown all-caps words, stray symbols), so a writer can add lexicon
entries.

Spoken text never contains digits or symbol names ("slash", "dot", "colon")
where a person would not say them; initialisms come out as dotted capitals
("H.R."), which every engine reads letter by letter, without the last period
inside a sentence ("H.R Department": espeak-ng would end the sentence there), and
their plurals as "S-E's"; the letter A before a word as "A-" ("Plan A- is"), since
espeak-ng reads a lone "A" as the article. One invisible character may appear: a
zero-width space (U+200B) between a word and an initialism that starts with A
("was A.A."), which espeak-ng would otherwise read as "was a dot A dot".

The package:

    tables.py      data only: what is said for what is written (units, symbols,
                   abbreviations, names) and the word lists the rules consult
    rules/         the rules, one module per topic, each rule with its examples
    order.py       RULE_ORDER: the one order the rules run in, and why
    normalize.py   speakable and lint: the text through the lexicon, the rules
                   and the punctuation clean-up
    sentences.py   split_sentences
    script.py      make_script and render_script
    lint_report.py `plan --lint`: the words of each essay the voice may say wrong,
                   with the line of first use and a suggested lexicon line
"""

from __future__ import annotations

from .normalize import lint, speakable
from .script import MAX_UTTERANCE_CHARS, make_script, render_script
from .rules.code import without_code_marks
from .sentences import split_sentences

__all__ = ["speakable", "split_sentences", "make_script", "lint", "MAX_UTTERANCE_CHARS",
           "render_script", "without_code_marks"]
