"""Scoring of the WER benchmark: pure functions of transcripts and the essays' text.

Text on both sides goes through whisper_normalizer's EnglishTextNormalizer
(typographic quotes folded to ASCII first) and the same-words rules below; the
WER is jiwer's. Also here: what decides a goal "met" or "missed", and the paired
comparison with the raw-text build (Student's t over the draws).
"""

from __future__ import annotations

import collections
import re
import statistics

import jiwer
from scipy import stats
from whisper_normalizer.english import EnglishTextNormalizer

GOAL_OVERALL = 0.042
"""Issue 4's goal for the overall WER of the build (each essay heard whole)."""

SIDES = ("build", "raw", "raw_text")
"""The audiozine build, raw Piper, and the raw-text build (the controlled baseline)."""

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2032": "'", "\u00b4": "'"})

_BRACKETS = str.maketrans({"(": ", ", ")": ", ", "[": ", ", "]": ", ", "<": " ", ">": " "})


_CLOCK_LETTERS = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) ([ap]) m\b")


# Written and spoken forms of the same words, made one on every side (reference and
# each transcript alike) after Whisper's normalizer, which leaves them apart.
_SAME_WORDS = (
    # A range is read with "to" ("20-30" as "20 to 30", "9am-5pm" as "9 am to 5 pm");
    # the normalizer keeps only the numbers of the written one.
    (re.compile(r"\b(\d+(?: [ap]m)?) to (?=\d)"), r"\1 "),
    # A time zone after a time: "11pm ET" is "11 pm Eastern (Time)".
    (re.compile(r"\b([ap]m) (?:et|eastern(?: time)?)\b"), r"\1 et"),
    (re.compile(r"\b([ap]m) (?:ct|central(?: time)?)\b"), r"\1 ct"),
    (re.compile(r"\b([ap]m) (?:pt|pacific(?: time)?)\b"), r"\1 pt"),
    # Units: "oz" is "ounce" or "ounces".
    (re.compile(r"\b(?:oz|ounces)\b"), "ounce"),
    # "U.S." comes out of the normalizer as "u s", "US" as "us".
    (re.compile(r"\bu s\b"), "us"),
    (re.compile(r"\bvs\b"), "versus"),
)

# A slash between two words is read as "or" (or "and": "Mummy/Daddy"), which the
# normalizer drops with the slash from the written form; heard after the same two
# words, that word is the slash said aloud. "slash" itself is not: a symbol's name.
_SLASHED_WORDS = re.compile(r"\b([^\W\d_]+)/([^\W\d_]+)\b")


# ---------------------------------------------------------------- normalizing


def normalizer(*, equivalences: bool = True):
    """Whisper's English normalizer, made fair to read-aloud text.

    The normalizer drops everything in parentheses or brackets (it was made for
    subtitles' sound annotations), but a narrator reads parentheticals aloud, so
    brackets become commas first; typographic quotes become ASCII so contractions
    expand; tokens left with no letter or digit (an ellipsis becomes ".") are dropped;
    "p.m." comes out as "p m" but "pm" as "pm", so after a number both become "pm"
    (the same for "am"): a recognizer that writes "1 p.m." for "1pm" heard it right.
    With equivalences, the written and spoken forms in `_SAME_WORDS` (a range's
    "to", time zones, "oz", "U.S.") count as the same words, and so, given the
    `written` text a transcript is scored against, does a slash between two words
    heard as "or" or "and" ("vendor/partner" heard "vendor or partner").
    """
    english = EnglishTextNormalizer()

    def normalize(text: str, written: str | None = None) -> str:
        words = english(text.translate(_QUOTES).translate(_BRACKETS)).split()
        text = _CLOCK_LETTERS.sub(r"\1 \2m", " ".join(w for w in words if re.search(r"\w", w)))
        if equivalences:
            for pattern, replacement in _SAME_WORDS:
                text = pattern.sub(replacement, text)
            for pair in _SLASHED_WORDS.findall(written or ""):
                first, second = (re.escape(normalize(word)) for word in pair)
                text = re.sub(rf"\b({first}) (?:or|and) ({second})\b", r"\1 \2", text)
        return text

    return normalize


def plain(text: str) -> str:
    """Letters and digits only, lower case: for matching titles and sentences to text."""
    return re.sub(r"\W+", " ", text.translate(_QUOTES)).strip().lower()


def grouped(sentences: list[str], paragraphs: list[str], where: str) -> list[list[int]]:
    """Which of `sentences` (in order) make up each of `paragraphs`, by their letters and
    digits; every sentence must belong to one."""
    groups, n = [], 0
    for paragraph in paragraphs:
        want, got, members = plain(paragraph), "", []
        while len(got) < len(want) and n < len(sentences):
            got = f"{got} {plain(sentences[n])}".strip()
            members.append(n)
            n += 1
        if got != want:
            raise RuntimeError(f"{where}: sentences {got[:60]!r} do not make up the paragraph "
                               f"{want[:60]!r}")
        groups.append(members)
    if n != len(sentences):
        raise RuntimeError(f"{where}: {len(sentences) - n} sentence(s) after the last paragraph")
    return groups


def as_takes(text: str | list[str]) -> list[str]:
    """A side's transcripts, one per draw (runs before draws were kept one string)."""
    return [text] if isinstance(text, str) else list(text)


# --------------------------------------------------------------------- scoring


def score(pairs: list[tuple[str, str]]) -> dict:
    """Corpus WER and error lists of (reference, hypothesis) normalized text pairs."""
    refs = [r for r, _h in pairs]
    hyps = [h for _r, h in pairs]
    out = jiwer.process_words(refs, hyps)
    subs, dels, ins = collections.Counter(), collections.Counter(), collections.Counter()
    for alignment, ref, hyp in zip(out.alignments, out.references, out.hypotheses):
        for chunk in alignment:
            r = ref[chunk.ref_start_idx:chunk.ref_end_idx]
            h = hyp[chunk.hyp_start_idx:chunk.hyp_end_idx]
            if chunk.type == "substitute":
                for a, b in zip(r, h):
                    subs[f"{a} → {b}"] += 1
            elif chunk.type == "delete":
                dels.update(r)
            elif chunk.type == "insert":
                ins.update(h)
    words = sum(len(r) for r in out.references)
    return {"wer": out.wer, "words": words, "substitutions": out.substitutions,
            "deletions": out.deletions, "insertions": out.insertions,
            "top_substitutions": subs.most_common(25), "top_deletions": dels.most_common(20),
            "top_insertions": ins.most_common(15)}


def error_spans(ref: str, hyp: str) -> list[tuple[int, str, str]]:
    """(reference position, reference words, heard words) of each error, normalized text."""
    out = jiwer.process_words(ref, hyp)
    r, h = out.references[0], out.hypotheses[0]
    spans = []
    for chunk in out.alignments[0]:
        if chunk.type != "equal":
            spans.append((chunk.ref_start_idx,
                          " ".join(r[chunk.ref_start_idx:chunk.ref_end_idx]) or "-",
                          " ".join(h[chunk.hyp_start_idx:chunk.hyp_end_idx]) or "-"))
    return spans


def errors(reference: str, heard: str) -> int:
    """Substitutions, deletions and insertions of `heard` against `reference` (both
    normalized)."""
    if not reference or not heard:
        return len(reference.split()) + len(heard.split())
    out = jiwer.process_words(reference, heard)
    return out.substitutions + out.deletions + out.insertions


def score_items(notes, shows, quick, items, transcribe_s, audio_s, log) -> dict:
    """Scores pooled over the draws: an episode's WER is its errors in every draw over
    its words times the draws; each draw's overall WER is given too."""
    normalize, plain_words = normalizer(), normalizer(equivalences=False)
    rows = []
    draws = max(len(as_takes(item["build"])) for item in items)
    pairs = {side: [] for side in SIDES}
    plain_pairs = {side: [] for side in SIDES}
    by_draw = {side: [[] for _ in range(draws)] for side in SIDES}
    spans: dict[str, list] = {}
    for item in items:
        ref_n = normalize(item["reference"])
        heard = {side: [normalize(t, item["reference"]) for t in as_takes(item[side])]
                 for side in SIDES if item.get(side)}
        spans[item["id"]] = (ref_n, heard)
        one = {}
        by_draw_errors = {side: [errors(ref_n, t) for t in texts] for side, texts in heard.items()}
        for side, texts in heard.items():
            pairs[side] += [(ref_n, t) for t in texts]
            plain_pairs[side] += [(plain_words(item["reference"]), plain_words(t))
                                  for t in as_takes(item[side])]
            for draw, text in enumerate(texts):
                by_draw[side][draw].append((ref_n, text))
            one[side] = score([(ref_n, t) for t in texts])
        rows.append({"id": item["id"], "title": item["title"], "episode": item["episode"],
                     "words": one["build"]["words"] // len(heard["build"]),
                     "build_wer": one["build"]["wer"], "raw_wer": one["raw"]["wer"],
                     "raw_text_wer": one["raw_text"]["wer"] if "raw_text" in one else None,
                     "errors_by_draw": by_draw_errors,
                     "errors": {side: sum(n) for side, n in by_draw_errors.items()},
                     "title_in_intro": item["title_in_intro"]})
        log(f"  {item['id']}: audiozine {one['build']['wer']:.2%}, raw Piper "
            f"{one['raw']['wer']:.2%}" + (f", raw text {one['raw_text']['wer']:.2%}"
                                          if "raw_text" in one else "")
            + f" ({rows[-1]['words']} words)")
    result = {"notes": notes, "shows": shows, "quick": quick, "episodes": rows,
              "build": score(pairs["build"]), "raw": score(pairs["raw"]),
              "raw_text": score(pairs["raw_text"]) if pairs["raw_text"] else None,
              "plain": {side: score(plain_pairs[side])["wer"] for side in SIDES
                        if plain_pairs[side]},
              "by_draw": {side: [score(d)["wer"] for d in by_draw[side] if d]
                          for side in SIDES},
              "build_only": build_only_errors_over_draws(spans),
              "transcribe_s": transcribe_s, "audio_s": audio_s}
    return result


def score_by_paragraph(items: list[dict]) -> dict | None:
    """The paragraph method: the title and each paragraph transcribed as a clip of its
    own and scored against its own text, pooled over the draws like the whole-essay
    scores. Each episode's errors are also split between the paragraphs the speech
    stage gives other phonemes and the rest, where the build and the raw-text build
    have the same audio before mastering; how often the recognizer still hears such a
    paragraph differently in the two builds is counted too."""
    normalize = normalizer()
    if not any(item.get("paragraphs", {}).get("build") for item in items):
        return None
    rows, words, totals = [], 0, {side: 0 for side in SIDES}
    same_audio, heard_apart = 0, 0
    for item in items:
        par = item["paragraphs"]
        references = [normalize(text) for text in par["reference"]]
        changed = par["changed"]
        row = {"id": item["id"], "episode": item["episode"],
               "words": sum(len(r.split()) for r in references),
               "paragraphs": len(references), "changed": sum(changed),
               "errors": {}, "changed_errors": {}, "changed_by_draw": {}, "wer": {}}
        for side in SIDES:
            takes = par.get(side) or []
            if not takes:
                continue
            counts = [[errors(ref, normalize(heard, written))
                       for ref, heard, written in zip(references, take, par["reference"])]
                      for take in takes]
            row["errors"][side] = sum(map(sum, counts))
            row["changed_by_draw"][side] = [sum(n for n, c in zip(take, changed) if c)
                                            for take in counts]
            row["changed_errors"][side] = sum(row["changed_by_draw"][side])
            row["wer"][side] = row["errors"][side] / (row["words"] * len(takes))
            totals[side] += row["errors"][side]
        for build, raw_text in zip(par["build"], par["raw_text"]):
            for a, b, c in zip(build, raw_text, changed):
                if not c:
                    same_audio += 1
                    heard_apart += normalize(a) != normalize(b)
        rows.append(row)
    draws = len(items[0]["paragraphs"]["build"])
    words = sum(row["words"] for row in rows) * draws
    return {"episodes": rows, "draws": draws,
            "wer": {side: totals[side] / words for side in SIDES
                    if all(side in row["errors"] for row in rows)},
            "errors": totals, "words": words // draws,
            "same_audio_paragraphs": same_audio, "same_audio_heard_apart": heard_apart}


def rescored(index: dict, date: str, log) -> dict:
    """The result of a run scored again from its `index.json` (`index`) on `date`."""
    result = score_items(index["notes"], index["shows"], index["quick"], index["items"],
                         index["transcribe_s"], index["audio_s"], log)
    result["by_paragraph"] = score_by_paragraph(index["items"])
    result.update({key: index.get(key) for key in
                   ("raw_reused", "build_sentences", "raw_text_sentences", "voice",
                    "clips_transcribed", "clips_cached", "transcribed_audio_s")})
    result["draws"] = index.get("draws", 1)
    result["rescored"] = date
    return result


def build_only_errors_over_draws(spans: dict[str, tuple[str, dict]]) -> list[str]:
    """Errors the audiozine build makes in most draws at places the raw-text build
    gets right in most draws: the ones a speech-stage change could explain."""
    found = []
    for essay_id, (ref, heard) in spans.items():
        builds, raws = heard["build"], heard.get("raw_text", heard["raw"])
        most = len(builds) // 2 + 1
        raw_wrong = collections.Counter()
        for raw in raws:
            raw_wrong.update({p for pos, _r, _h in error_spans(ref, raw)
                              for p in (pos - 1, pos, pos + 1)})
        build_wrong = collections.Counter()
        example = {}
        for build in builds:
            for pos, r, h in error_spans(ref, build):
                build_wrong[pos] += 1
                example.setdefault(pos, (r, h))
        words = ref.split()
        for pos, count in sorted(build_wrong.items()):
            if count >= most and raw_wrong[pos] < len(raws) // 2 + 1:
                r, h = example[pos]
                context = " ".join(words[max(0, pos - 2):pos + 3])
                takes = f" ({count} of {len(builds)} draws)" if len(builds) > 1 else ""
                found.append(f"{essay_id}: {r} → {h} (\u201c{context}\u201d){takes}")
    return found


# ------------------------------------------------------ the paired comparison


def difference_interval(build: list[int], other: list[int]) -> tuple[int, float, float]:
    """The build's errors minus the other side's, summed over the draws, with a 95%
    interval for that sum (Student's t over the per-draw differences: each draw is
    another rendition of the same text, both sides with the same noise seed)."""
    differences = [b - o for b, o in zip(build, other)]
    total, n = sum(differences), len(differences)
    if n < 2:
        return total, float("nan"), float("nan")
    mean = total / n
    spread = stats.t.ppf(0.975, n - 1) * statistics.stdev(differences) / n ** 0.5
    return total, n * (mean - spread), n * (mean + spread)


def against_raw_text(e: dict, key: str) -> tuple[int, float, float] | None:
    """`difference_interval` of an episode's per-draw errors under `key`
    ("errors_by_draw" heard whole, "changed_by_draw" in the changed paragraphs), or
    None without a raw-text side or with one draw."""
    by_draw = e.get(key, {})
    if "raw_text" not in by_draw or len(by_draw["build"]) < 2:
        return None
    return difference_interval(by_draw["build"], by_draw["raw_text"])


# --------------------------------------------------------- met or missed


def meets_overall_goal(r: dict) -> bool:
    """Whether the build's overall WER (each essay heard whole) is within GOAL_OVERALL."""
    return r["build"]["wer"] <= GOAL_OVERALL


def worse_than(r: dict, side: str) -> list[dict]:
    """Episodes whose audiozine WER is above the baseline's ("raw" or "raw_text")."""
    return [e for e in r["episodes"]
            if e.get(f"{side}_wer") is not None and e["build_wer"] > e[f"{side}_wer"]]


def worse_by_paragraph(r: dict, side: str) -> list[dict]:
    """Episodes the paragraph method scores worse for the build than for `side`.

    Against raw text the comparison is paired: a paragraph the speech stage leaves
    alone is the same narration in both builds, so it counts the same on both sides
    and the episode is judged by the paragraphs the speech stage changed. What the
    recognizer hears differently in such a paragraph (after a mastering gain or an
    MP3 frame boundary that moved) is not the speech stage's doing. Raw Piper's audio
    differs everywhere, so against it the whole episodes are compared."""
    p = r.get("by_paragraph")
    if not p:
        return []
    if side == "raw_text":
        return [e for e in p["episodes"] if side in e["changed_errors"]
                and e["changed_errors"]["build"] > e["changed_errors"][side]]
    return [e for e in p["episodes"] if side in e["wer"] and e["wer"]["build"] > e["wer"][side]]


def beyond_noise(r: dict, sign: int) -> list[str]:
    """Episodes whose interval against raw text in the changed paragraphs lies wholly
    above zero (sign 1: worse beyond the noise) or below it (-1: better)."""
    intervals = [(e, against_raw_text(e, "changed_by_draw"))
                 for e in r["by_paragraph"]["episodes"]]
    return [e["episode"] for e, found in intervals
            if found is not None and (found[1] > 0 if sign > 0 else found[2] < 0)]
