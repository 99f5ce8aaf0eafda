"""The script builder: a planned episode -> the `Script` a voice reads, one
`Utterance` per sentence (or clause) with the pause that follows it; and
`render_script`, the script as text a writer can read through.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ..lexicon import Lexicon
from ..models import Episode, Pause, Script, Utterance
from .normalize import INNER_QUESTION, inner_question, speakable
from .rules.code import without_code_marks
from .sentences import split_sentences, unbroken


#: Longest spoken text handed to a voice in one utterance; longer sentences are
#: split at semicolons, then commas.
MAX_UTTERANCE_CHARS = 400

_CLAUSE_MIN_WORDS = 3


def _split_clauses(sentence: str) -> list[str]:
    """Split a sentence at em dashes, spaced en dashes and parentheticals, keeping
    each written piece readable (dashes and brackets stay with their words).
    Pieces shorter than three words are not split off."""
    pieces: list[str] = []
    buf = ""
    depth = 0
    i = 0
    # After a quoted question the sentence goes on ('was on “When do you become an
    # adult?” and how'): a clause of its own. Read as one utterance with a comma for the
    # mark, Piper slurred what followed: "that eighteen has been" was heard as "a team"
    # or "Aene" in 6 of 6 takes, and right in 6 of 6 as two clauses.
    after_question = {m.end() + 1 for m in INNER_QUESTION.finditer(sentence)
                      if "?" in m.group(0) and inner_question(m) == ","}
    inside = unbroken(sentence)
    calls = 0
    while i < len(sentence):
        ch = sentence[i]
        if i in after_question and depth == 0 and buf.strip():
            pieces.append(buf)
            buf = ""
        if i in inside:
            buf += ch  # inside a formula or a code span: no clause ends there
        elif ch == "(" and re.match(r"[\w.]", sentence[i - 1:i]):
            calls += 1  # "useState()", "f(x)": a call, no parenthetical
            buf += ch
        elif ch == ")" and calls > 0:
            calls -= 1
            buf += ch
        elif ch == "(":
            if depth == 0 and buf.strip():
                pieces.append(buf)
                buf = ""
            depth += 1
            buf += ch
        elif ch == ")":
            buf += ch
            if depth > 0:
                depth -= 1
                if depth == 0:
                    # Trailing punctuation belongs with the parenthetical.
                    tail = re.match(r"[.,;:?!…\"”’']*", sentence[i + 1:]).group(0)
                    buf += tail
                    i += len(tail)
                    pieces.append(buf)
                    buf = ""
        elif depth == 0 and (ch == "—" or (ch in "–-" and sentence[i - 1:i] == " "
                                          and sentence[i + 1:i + 2] == " ")):
            buf += ch
            pieces.append(buf)
            buf = ""
        else:
            buf += ch
        i += 1
    if buf.strip():
        pieces.append(buf)
    # Merge pieces that are too short to stand alone.
    merged: list[str] = []
    for piece in pieces:
        if merged and (_words(piece) < _CLAUSE_MIN_WORDS or _words(merged[-1]) < _CLAUSE_MIN_WORDS):
            merged[-1] = merged[-1] + piece
        else:
            merged.append(piece)
    if len(merged) > 1 and _words(merged[-1]) < _CLAUSE_MIN_WORDS:
        last = merged.pop()
        merged[-1] += last
    return [p.strip() for p in merged if p.strip()]


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _split_long(text: str, limit: int = MAX_UTTERANCE_CHARS) -> list[str]:
    """Split a too-long piece at semicolons, then commas, then spaces."""
    if len(text) <= limit:
        return [text]
    for separator in (r"(?<=[;:])\s+", r"(?<=,)\s+", r"\s+"):
        parts = re.split(separator, text)
        if len(parts) == 1:
            continue
        chunks: list[str] = []
        buf = ""
        for part in parts:
            candidate = f"{buf} {part}".strip() if buf else part
            if len(candidate) > limit * 0.75 and buf:
                chunks.append(buf)
                buf = part
            else:
                buf = candidate
        if buf:
            chunks.append(buf)
        if len(chunks) > 1:
            return [c for chunk in chunks for c in _split_long(chunk, limit)]
    # No separator at all: cut hard.
    return [text[i:i + limit] for i in range(0, len(text), limit)]


_PAUSE_RANK = {Pause.NONE: 0, Pause.CLAUSE: 1, Pause.SENTENCE: 2, Pause.PARAGRAPH: 3,
               Pause.TITLE: 4, Pause.SECTION: 5}


@dataclass
class _Builder:
    lexicon: Lexicon
    interview: bool = False
    """Paragraphs open with "Q:" and "A:" labels, said as "Question:" and "Answer:"."""
    utterances: list[Utterance] = field(default_factory=list)
    pending: Pause | None = None
    """Pause of a dropped utterance, to give to the previous one."""

    def say(self, written: str, chapter: int, pause: Pause) -> None:
        """Add one sentence (or heading), split into clauses and chunks."""
        pieces = [pair for clause in _split_clauses(written)
                  for pair in self._chunks(clause, MAX_UTTERANCE_CHARS)]
        for n, (piece, spoken) in enumerate(pieces):
            self._add(piece, spoken, chapter, pause if n == len(pieces) - 1 else Pause.CLAUSE)

    def _chunks(self, written: str, limit: int) -> list[tuple[str, str]]:
        """(written, spoken) pieces whose spoken form fits MAX_UTTERANCE_CHARS.
        Spelled-out numbers make spoken text longer than written, so a piece
        that grows too long is split again, written side first, to keep the
        two aligned for transcripts."""
        result = []
        for piece in _split_long(written, limit):
            spoken = speakable(piece, self.lexicon)
            if len(spoken) <= MAX_UTTERANCE_CHARS:
                result.append((piece, spoken))
            elif limit > 60 and len(piece) > 1:
                result.extend(self._chunks(piece, max(limit // 2, 60)))
            else:
                result.extend((piece if i == 0 else part, part)
                              for i, part in enumerate(_split_long(spoken)))
        return result

    def _add(self, written: str, spoken: str, chapter: int, pause: Pause) -> None:
        if not re.search(r"\w", spoken):
            self._upgrade_last(pause)
            return
        if pause is Pause.CLAUSE and not re.search(r"[,;:.?!]$", spoken):
            spoken += ","
        elif pause is not Pause.CLAUSE and spoken[-1] not in ".?!":
            spoken = spoken.rstrip(",;:") + "."
        written = without_code_marks(written)
        self.utterances.append(Utterance(written=written.strip(), spoken=spoken,
                                         pause_after=pause, chapter_index=chapter))

    def _upgrade_last(self, pause: Pause) -> None:
        if not self.utterances:
            return
        last = self.utterances[-1]
        if _PAUSE_RANK[pause] > _PAUSE_RANK[last.pause_after]:
            self.utterances[-1] = Utterance(last.written, last.spoken, pause, last.chapter_index)

    def set_last_pause(self, pause: Pause, chapter: int) -> None:
        """Give the last utterance of `chapter` at least `pause`."""
        if self.utterances and self.utterances[-1].chapter_index == chapter:
            self._upgrade_last(pause)

    def paragraph(self, text: str, chapter: int, end: Pause) -> None:
        label = _QA_LABEL.match(text) if self.interview else None
        if label:  # "Q: Why here?" is "Question: Why here?" ("A:" alone reads "uh")
            self._add(label.group(0).strip(), _QA_SPOKEN[label.group(1)], chapter, Pause.CLAUSE)
            text = text[label.end():]
        sentences = split_sentences(text)
        for n, sentence in enumerate(sentences):
            self.say(sentence, chapter, end if n == len(sentences) - 1 else Pause.SENTENCE)


_QA_LABEL = re.compile(r"(Q|A):\s+(?=\S)")
_QA_SPOKEN = {"Q": "Question:", "A": "Answer:"}


def _is_interview(episode: Episode) -> bool:
    """Some paragraph opens with "Q:" and another with "A:" (not a lone "A: red")."""
    openings = {m.group(1) for chapter in episode.chapters for section in chapter.sections
                for paragraph in section.paragraphs if (m := _QA_LABEL.match(paragraph))}
    return openings == {"Q", "A"}


def _plain(text: str) -> str:
    """`text` lower case, its punctuation and runs of spaces one space: how titles
    and sentences are compared."""
    return re.sub(r"\W+", " ", text).strip().lower()


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and _plain(a) == _plain(b)


def make_script(episode: Episode, *, intro: str, outro: str, lexicon: Lexicon) -> Script:
    """The script of one episode.

    Chapters: 0 is "Intro" (the filled intro wording, then the episode title,
    followed by a TITLE pause; the title is not repeated when the intro already
    says it), then one chapter per `episode.chapters` entry, then "Outro".

    Inside a chapter: the chapter title is spoken (TITLE pause) unless it repeats
    the episode title or the chapter's first section heading; each section
    heading is spoken (TITLE pause); sentences get SENTENCE, the last sentence of
    a paragraph PARAGRAPH, the last of a section SECTION. Em dashes and
    parentheticals become separate utterances joined by CLAUSE pauses. Sentences
    whose spoken form would be empty are dropped (their pause moves to the
    utterance before); long ones are cut at semicolons and commas so that no
    spoken text exceeds MAX_UTTERANCE_CHARS. The script's last utterance has
    Pause.NONE.
    """
    builder = _Builder(lexicon, interview=_is_interview(episode))
    titles = ["Intro"] + [chapter.title for chapter in episode.chapters] + ["Outro"]

    intro_text = _without_repeats(intro.strip())
    if intro_text:
        builder.paragraph(intro_text, 0, Pause.PARAGRAPH)
    if not _mentions(intro_text, episode.title):
        builder.say(episode.title, 0, Pause.TITLE)
    else:
        builder.set_last_pause(Pause.TITLE, 0)

    for index, chapter in enumerate(episode.chapters, start=1):
        first_heading = chapter.sections[0].title if chapter.sections else None
        if chapter.title and not _same(chapter.title, episode.title) and \
                not _same(chapter.title, first_heading):
            builder.say(chapter.title, index, Pause.TITLE)
        for s_n, section in enumerate(chapter.sections):
            if section.title and not (s_n == 0 and _same(section.title, episode.title)):
                builder.say(section.title, index, Pause.TITLE)
            paragraphs = [p for p in section.paragraphs if p.strip()]
            for p_n, paragraph in enumerate(paragraphs):
                end = Pause.SECTION if p_n == len(paragraphs) - 1 else Pause.PARAGRAPH
                builder.paragraph(paragraph, index, end)
            builder.set_last_pause(Pause.SECTION, index)

    outro_index = len(titles) - 1
    if outro.strip():
        builder.paragraph(outro.strip(), outro_index, Pause.PARAGRAPH)

    utterances = builder.utterances
    if utterances:
        last = utterances[-1]
        utterances[-1] = Utterance(last.written, last.spoken, Pause.NONE, last.chapter_index)
    return Script(episode=episode, utterances=tuple(utterances), chapter_titles=tuple(titles))


def _without_repeats(text: str) -> str:
    """A sentence said again right after itself once: a show named like its only
    essay would open "Lists. Lists."."""
    kept: list[str] = []
    for sentence in split_sentences(text):
        if not (kept and _same(kept[-1], sentence)):
            kept.append(sentence)
    return " ".join(kept)


def _mentions(text: str, title: str) -> bool:
    return bool(title.strip()) and f" {_plain(title)} " in f" {_plain(text)} "


_BREAKS_AFTER = frozenset({Pause.PARAGRAPH, Pause.SECTION, Pause.TITLE})


def render_script(script: Script) -> str:
    """What the voice will be given, as text a writer can read through: each chapter
    under its title, a paragraph to a line, "|" where a clause pause falls."""
    lines: list[str] = []
    for chapter, utterances in itertools.groupby(script.utterances, lambda u: u.chapter_index):
        text = "".join(u.spoken + (" |" if u.pause_after is Pause.CLAUSE else "")
                       + ("\n" if u.pause_after in _BREAKS_AFTER else " ") for u in utterances)
        lines += ["", f"[{script.chapter_titles[chapter]}]", text.strip()]
    return "\n".join(lines).strip("\n") + "\n"
