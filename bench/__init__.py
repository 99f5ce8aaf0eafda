"""audiozine's benchmarks: `python -m bench.run [speed|wer|memory] [--quick]`.

Everything generated (audio, caches, transcripts, raw results) goes under
bench/out/ (git-ignored); only BENCHMARKS.md is written in the repository.
"""
