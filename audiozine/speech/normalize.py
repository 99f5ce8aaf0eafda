"""The normalizer: one piece of written text -> the words a voice should say.

`speakable` runs the text through, in this order: Unicode clean-up, the lexicon,
every rule in `RULE_ORDER`, the punctuation clean-up, then the fixes for how
espeak-ng (Piper's phonemizer) reads periods, the letter A and [[ phoneme ]] blocks.
`lint` also lists what the rules could only guess at.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable

from ..lexicon import Lexicon
from .order import RULES
from .rules.base import Context
from .tables import CHARACTERS, LETTER_A, LETTER_LABELS, NAME_CONTINUATIONS, SENTENCE_STARTERS


def _leftover(m: re.Match[str], ctx: Context) -> str:
    ctx.flag(m.group(0))
    return " "


def _in_a_name(before: str) -> bool:
    """Whether a letter after `before` is a name's initial: "John P.", "J. R.", not
    "Plan B." or "got a C."."""
    before = before.rstrip()
    word = re.search(r"(?:^|\s)([A-Z][a-z]+|[A-Z]\.?)$", before)
    return not before or (word is not None and word.group(1).lower() not in LETTER_LABELS)


def _letter_a(m: re.Match[str], following: str | None) -> str:
    """The letter A with its period ("Q and A.", "Chester A. Arthur"), `following` the
    word after it: before a word, espeak-ng reads "A." as the article ("Q and uh
    session") or ends the sentence; "A-" it reads as the letter."""
    if not following:
        return m.group(0)  # before a comma the letter is read as a letter
    if following[:1].isupper() and (following in SENTENCE_STARTERS or following == "I"
                                    or not _in_a_name(m.string[:m.start()])):
        return m.group(0)  # "Plan A. Mom agreed", "Type A. I got": a sentence may end here
    return LETTER_A


# Punctuation clean-up, applied after the rules (pattern -> replacement).
_PUNCTUATION: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r'"'), " "),
    (re.compile(r"(?<!\w)'(?=[A-Za-z\ue000][^']*'(?!\w))|(?<=[\w,.!?\ue001])'(?=[\s,):;?!.]|$)(?<!s')(?<!\d')"), ""),
    (re.compile(r"\s*(?:—|--+|\s[–-]\s)\s*"), ", "),
    (re.compile(r"(?<=\w)–(?=\w)"), "-"),
    (re.compile(r"^\s*[–-]\s+"), ""),
    (re.compile(r"\s*\(\s*"), ", "),
    (re.compile(r"\s*\)\s*"), ", "),
    (re.compile(r"(?:\.\s?){3,}(?=[\s\"')]*[.?!]*[\s\"')]*$)"), "."),
    (re.compile(r"\s*(?:\.\s?){3,}\s*(?=[A-Z])"), ". "),
    (re.compile(r"\s*(?:\.\s?){3,}\s*"), ", "),
    (re.compile(r"\s+([,.;:?!])"), r"\1"),
    (re.compile(r"[,;:]+(?=[.?!])"), ""),
    (re.compile(r"([.?!][.?!]+)"),
     lambda m: "?" if "?" in m.group(1) else "!" if "!" in m.group(1) else "."),
    (re.compile(r"([,;:])[,;:]+"), r"\1"),
    (re.compile(r"(?<=[.?!])[,;:]+"), ""),
    (re.compile(r"^[\s,.;:?!]+"), ""),
    (re.compile(r"[ \t]*\n[ \t\n]*"), " "),
    (re.compile(r"\s{2,}"), " "),
    (re.compile(r"(?<=[,;:])(?=[^\s\d])"), " "),
    (re.compile(r"[,;:]\s*$"), ""),
]

_PHONEME_TAIL = re.compile(r"\[\[(.*?)\]\]([,.;:?!]+)")

#: A possessive after a [[ phonemes ]] block is phonemized on its own, and espeak-ng
#: reads a lone "'s" as the letter: "Duckworth's book" came out "Duckworth ess
#: book". The ending goes into the block, said as English says it after that sound.
_PHONEME_POSSESSIVE = re.compile(r"\[\[(.*?)\s*\]\]['’]s\b")


def _possessive_phonemes(match: re.Match[str]) -> str:
    phonemes = match.group(1).strip()
    last = phonemes.rstrip("ˈˌːˑ")[-1:]
    if last in ("s", "z", "ʃ", "ʒ") or phonemes.endswith(("tʃ", "dʒ")):
        ending = "ɪz"
    elif last in ("p", "t", "k", "f", "θ"):
        ending = "s"
    else:
        ending = "z"
    return f"[[ {phonemes}{ending} ]]"


#: espeak-ng (Piper's phonemizer, and the system voice on Linux) joins these
#: words with a following "a" ("was a" -> "wuzza") even when the "A" is a letter
#: of a dotted initialism, and then reads the periods: "was A.A." came out as
#: "was a dot A dot". A zero-width space between the two words (invisible to
#: every engine) keeps the letters apart: "was A.A." is read "was A A".
_ESPEAK_JOINS_A = re.compile(
    r"\b((?i:at|for|not|of|than|that|was)) (?=[Aa]\.[A-Za-z]\b|A\.\s|A-[A-Z](?:-[A-Z])*'s)")

#: Piper phonemizes the text on each side of a [[ phonemes ]] block on its own, so
#: an article right before a block ends its piece and espeak-ng reads it as the
#: letter: "make me a [[ paella ]]" came out as "make me A paella". The article
#: goes into the block instead.
_ARTICLE_BEFORE_PHONEMES = re.compile(r"\b([Aa]n?) \[\[\s*")


def _into_phoneme_blocks(text: str) -> str:
    """What touches a [[ phonemes ]] block goes into it.

    Piper phonemizes the text on each side of a block on its own: punctuation right
    after a block is dropped (and the next word run into it), a lone "'s" is read
    as the letter, and an article right before one as the letter A."""
    text = _PHONEME_POSSESSIVE.sub(_possessive_phonemes, text)
    text = _PHONEME_TAIL.sub(lambda m: f"[[ {m.group(1).strip()}{m.group(2)} ]]", text)
    return _ARTICLE_BEFORE_PHONEMES.sub(
        lambda m: "[[ ɐn " if m.group(1).lower() == "an" else "[[ ɐ ", text)


#: espeak-ng takes the period of an initialism inside a sentence for the end of
#: one ("the U.S. | Department of Labor", "John P. | Smith", "Roe v. | Wade":
#: falling pitch and a pause mid-sentence) and swallows a comma or semicolon after
#: it ("flying A.A., everyone" lost its pause). Such a period goes where the text
#: says it does not end a sentence: before a comma, a lowercase word, or a word that
#: continues a name ("U.S Department", "p.m Eastern Time", "John P Smith", "Roe v
#: Wade"); espeak-ng still reads the letters one by one. Before any other capital
#: the period stays, and espeak-ng ends the sentence there, because "I moved to the
#: U.S. It's been ten years" is two (`split_sentences` does not know every way a
#: sentence can start). A single "A" keeps its period: without it, it is the article.
_INITIALISM_PERIOD = re.compile(
    r"(?<![\w.])((?:[A-Za-z]\.)+[A-Za-z]|[A-Z]|v)\.(?:(?=[,;:])|(?=\s+([\w’'.-]+)))")


def _initialism_period(m: re.Match[str]) -> str:
    letters, following = m.group(1), (m.group(2) or "").rstrip(".,;:!?'’") or None
    if letters == "A":
        return _letter_a(m, following)
    if following is None or not following[:1].isupper():
        return letters  # a comma or a lowercase word follows
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?\.?", m.group(2)) or following in NAME_CONTINUATIONS:
        return letters  # "the E.U. A.I. Act", "the U.S. Army"
    if len(letters) == 1 and following not in SENTENCE_STARTERS and following not in ("I", "A"):
        if letters == "v" or _in_a_name(m.string[:m.start()]):
            return letters  # "John P. Smith", "J. R. R. Tolkien", "Roe v. Wade"
    return m.group(0)


#: A quoted question or exclamation inside a sentence (a title): once the quotes
#: are gone, espeak-ng ends the sentence at its mark, so "was on When do you become an
#: adult? and how it's been" fell in pitch and stopped before "and". A comma keeps
#: the sentence going, when a word comes before the quotation and a word that
#: continues the sentence after it; dialogue ("Where are you?" my mom asked) keeps
#: its question.
INNER_QUESTION = re.compile(
    r"(?<=\w)[?!]+(?=[”\"’']\s+(?:and|or|but|nor|that|which|is|was|are|were|has|had|have|in|on|"
    r"at|to|for|from|by|with|about|as|because|so|than|when|where|while|into|of|made|makes|"
    r"became|becomes|remains|seems)\b)")


def inner_question(m: re.Match[str]) -> str:
    before = m.string[:m.start()]
    opening = max(before.rfind("“"), before.rfind('"'), before.rfind("‘"), before.rfind(" '"))
    if opening <= 0 or not re.search(r"\w", before[:opening]) \
            or re.search(r"[,:]\s*$", before[:opening]):  # asked, "What now?" and
        return m.group(0)
    if "?" in m.group(0) or m.string[m.end()] == "'":
        return ","
    return ""  # "Watching “Jeopardy!” makes me happy"


#: An initialism's period before a question or exclamation mark ("run it as A.B.?"),
#: which espeak-ng reads as a statement.
_PERIOD_BEFORE_MARK = re.compile(r"(?<=\b[A-Za-z])\.(?=[?!])")

#: An abbreviation's period left before a comma ("24 pounds., which"): espeak-ng
#: drops the comma after it.
_STRAY_PERIOD = re.compile(r"(?<=[a-z]{2})\.(?=[,;:])")

#: An exclamation in an aside, "(10 yrs!) is in June": espeak-ng ends the sentence at it.
_ASIDE_EXCLAMATION = re.compile(r"(?<=\w)!+(?=\)\s+[a-z])")

#: A sentence's period after an initialism's own ("in H.R.."): espeak-ng keeps
#: the extra period for the next text it reads, which then starts with "dot".
_DOUBLE_PERIOD = re.compile(r"(?<=\b[A-Za-z]\.)\.+(?![\w.])")

#: Unicode name prefixes of letters that are not another script: "Hawaiʻi", "nº", "1ª".
_NOT_OTHER_SCRIPTS = ("LATIN", "DIGIT", "MODIFIER", "MASCULINE", "FEMININE")
_PHONEME_BLOCK = re.compile(r"\[\[.*?\]\]")
_OTHER_SCRIPT_WORD = re.compile(r"[^\W\d_]*[^\W\da-zA-Z_\u00c0-\u024f][^\W\d_]*")
_THIN_SPACE_THOUSANDS = re.compile(r"(?<=\d)[\u2009\u202f\u00a0](?=\d{3}(?!\d))")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")
_STACKED_MARKS = re.compile("[\u1e00-\u1eff\u01a0\u01a1\u01af\u01b0]")
_SPEAKABLE_CHAR = re.compile(r"[^\w\s.,;:?!'\-\ue000-\uf8ff]|_")


def speakable(text: str, lexicon: Lexicon | None = None) -> str:
    """One piece of written text -> the words a voice should say."""
    return _normalize(text, Context(lexicon))


def lint(text: str, lexicon: Lexicon | None = None) -> tuple[str, list[str]]:
    """The spoken form of `text`, and the tokens in it that could not be made
    speakable with confidence: unknown all-caps words (read letter by letter, or
    guessed as a word) and symbols that were dropped. Add a lexicon entry to fix
    each one."""
    ctx = Context(lexicon)
    spoken = _normalize(text, ctx)
    for word in _OTHER_SCRIPT_WORD.findall(_PHONEME_BLOCK.sub(" ", spoken)):
        if any(unicodedata.name(ch, "").split(" ")[0] not in _NOT_OTHER_SCRIPTS
               for ch in word if ch.isalpha()):
            ctx.flag(word)  # "東京": espeak-ng says "Chinese letter" for each
    return spoken, list(ctx.unknown)


def _normalize(text: str, ctx: Context) -> str:
    text = unicodedata.normalize("NFC", text)
    # Private-use characters (icon fonts, the Apple logo) have no sound, and the
    # normalizer's own placeholders are private-use: drop them before anything.
    text = _PRIVATE_USE.sub("", text)
    text = INNER_QUESTION.sub(inner_question, text)
    text = _ASIDE_EXCLAMATION.sub("", text)
    text = _THIN_SPACE_THOUSANDS.sub("", text)  # "1 234 567" typeset with thin spaces
    text = _FULL_WIDTH.sub(lambda m: chr(ord(m.group(0)) - 0xFEE0), text)  # "５０％" is "50%"
    # espeak-ng has no name for letters with stacked marks ("Phở", "Nguyễn"): it read
    # "letter 1EDF". Their base letter is the closest it can say.
    text = _STACKED_MARKS.sub(lambda m: "".join(
        ch for ch in unicodedata.normalize("NFD", m.group(0)) if not unicodedata.combining(ch)), text)
    text = "".join(CHARACTERS.get(ch, ch) for ch in text)
    if ctx.lexicon is not None:
        pieces, last = [], 0
        for start, end, said in ctx.lexicon.spans(text):
            pieces.append(text[last:start])
            pieces.append(ctx.protect(said))
            last = end
        pieces.append(text[last:])
        text = "".join(pieces)
    for rule in RULES:
        text = rule.pattern.sub(lambda m, h=rule.handler: h(m, ctx), text)
    text = _STRAY_PERIOD.sub("", text)
    for pattern, replacement in _PUNCTUATION:
        text = pattern.sub(replacement, text)
    text = _SPEAKABLE_CHAR.sub(lambda m: _leftover(m, ctx), text)
    for pattern, replacement in _PUNCTUATION[-5:]:
        text = pattern.sub(replacement, text)
    text = ctx.restore(text)
    text = _into_phoneme_blocks(text)
    text = re.sub(r"\s{2,}", " ", text).strip()
    text = _DOUBLE_PERIOD.sub("", text)
    text = _INITIALISM_PERIOD.sub(_initialism_period, text)
    text = _PERIOD_BEFORE_MARK.sub("", text)
    text = _ESPEAK_JOINS_A.sub("\\1 \u200b", text)
    return text if re.search(r"\w", text) else ""
