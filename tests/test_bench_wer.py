"""bench/wer: the scoring (pure functions), what decides "met" or "missed", the report
text of a small synthetic run, `--rescore`, and the raw-text switch of the baseline."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audiozine.speech import normalize as speech
from audiozine.cli import app
from bench import common, raw_text_build
from bench import run as bench_run
from bench.wer import report, score
from bench.wer import run as wer_run

from .fixtures import REPO

EXPECTED = Path(__file__).resolve().parent / "data" / "wer"


# ------------------------------------------------------------ a synthetic run

NOTES = {"date": "2026-12-01 10:00 UTC", "cpu": "Test CPU", "cores": 2, "memory_gib": 7.8,
         "python": "3.11.2", "os": "Linux", "versions": {}, "espeak": "", "commit": "abc1234",
         "dirty": False, "load": [1.5, 1.2, 1.0]}


def _essay(essay_id, title, paragraphs, changed, whole, by_paragraph):
    """`whole[side]` and `by_paragraph[side]`: the side's transcripts, one per draw."""
    return {"id": essay_id, "title": title, "episode": essay_id.replace("/", "/00"),
            "title_in_intro": True, "reference": " ".join([title, *paragraphs]),
            **whole,
            "paragraphs": {"reference": [title, *paragraphs], "changed": changed,
                           **by_paragraph}}


def synthetic_index() -> dict:
    one = ("Small Wins", ["The meeting starts at 9am-5pm ET, and costs 20-30 dollars.",
                          "Each vendor/partner got 12 oz of coffee in the U.S. office.",
                          "Nobody noticed the quiet change."], [False, True, True, False])
    two = ("Crowds vs Groups", ["A crowd is loud (and often wrong).",
                                "A group listens, then it decides."], [False, False, True])
    items = [
        _essay("demo/01", *one, {
            "build": ["Small wins. The meeting starts at 9 a.m. to 5 p.m. Eastern Time, and "
                      "costs 20 to 30 dollars. Each vendor or partner got 12 ounces of coffee "
                      "in the US office. Nobody noticed the quiet change.",
                      "Small wins. The meeting starts at 9 a.m. to 5 p.m. Eastern, and costs "
                      "20 to 30 dollars. Each vendor slash partner got 12 ounces of coffee in "
                      "the US office. Nobody noticed the quite change."],
            "raw": ["Small wins. The meeting starts at nine. Am five pm et and costs twenty "
                    "thirty dollars. Each vendor partner got twelve oz of coffee in the U.S. "
                    "office. Nobody noticed the quiet change.",
                    "Small wins. The meeting starts at 9 am 5 pm and cost 20, 30 dollars. Each "
                    "vendor partner got 12 oz of coffee in the U.S. office. Nobody noticed the "
                    "quiet change."],
            "raw_text": ["Small wins. The meeting starts at 9 am 5 pm ET and costs 20 30 "
                         "dollars. Each vendor partner got 12 oz of coffee in the US office. "
                         "Nobody noticed the quiet change.",
                         "Small wins. The meeting starts at 9am 5pm et, and costs 2030 dollars. "
                         "Each vendor partner got 12 oz of coffee in the U.S. office. Nobody "
                         "noticed a quiet change."]},
            {"build": [["Small wins.", "The meeting starts at 9 a.m. to 5 p.m. Eastern Time, "
                        "and costs 20 to 30 dollars.", "Each vendor or partner got 12 ounces of "
                        "coffee in the US office.", "Nobody noticed the quiet change."],
                       ["Small wins.", "The meeting starts at 9 a.m. to 5 p.m. Eastern, and "
                        "costs 20 to 30 dollars.", "Each vendor slash partner got 12 ounces of "
                        "coffee in the US office.", "Nobody noticed the quite change."]],
             "raw": [["Small wins.", "The meeting starts at nine am five pm et and costs twenty "
                      "thirty dollars.", "Each vendor partner got twelve oz of coffee in the "
                      "U.S. office.", "Nobody noticed the quiet change."],
                     ["Small wins.", "The meeting starts at 9 am 5 pm and cost 20, 30 dollars.",
                      "Each vendor partner got 12 oz of coffee in the U.S. office.",
                      "Nobody noticed the quiet change."]],
             "raw_text": [["Small wins.", "The meeting starts at 9 am 5 pm ET and costs 20 30 "
                           "dollars.", "Each vendor partner got 12 oz of coffee in the US "
                           "office.", "Nobody noticed the quiet change."],
                          ["Small wins.", "The meeting starts at 9am 5pm et, and costs 2030 "
                           "dollars.", "Each vendor partner got 12 oz of coffee in the U.S. "
                           "office.", "Nobody noticed a quiet change."]]}),
        _essay("demo/02", *two, {
            "build": ["Crowds versus groups. A crowd is loud, and often wrong. A group listens, "
                      "then it decides.",
                      "Crowds versus groups. A crowd is loud and often wrong. A group listen, "
                      "then it decided."],
            "raw": ["Crowds vs groups. A crowd is loud and often wrong. A group listens then "
                    "it decides.",
                    "Crowds vs groups. A cloud is loud and often long. A group listens then it "
                    "decides."],
            "raw_text": ["Crowds vs groups. A crowd is loud and often wrong. A group listens, "
                         "then it decides.",
                         "Crowds vs groups. A crowd is loud and often wrong. A group listens, "
                         "then it decides."]},
            {"build": [["Crowds versus groups.", "A crowd is loud, and often wrong.",
                        "A group listens, then it decides."],
                       ["Crowds versus groups.", "A crowd is loud and often wrong.",
                        "A group listen, then it decided."]],
             "raw": [["Crowds vs groups.", "A crowd is loud and often wrong.",
                      "A group listens then it decides."],
                     ["Crowds vs groups.", "A cloud is loud and often long.",
                      "A group listens then it decides."]],
             "raw_text": [["Crowds vs groups.", "A crowd is loud and often wrong.",
                           "A group listens, then it decides."],
                          ["Crowds vs groups.", "A crowd is loud and often wrong.",
                           "A group listens, then it decides."]]}),
    ]
    return {"notes": NOTES, "shows": ["demo"], "quick": False, "items": items,
            "transcribe_s": 42.0, "audio_s": 630.0, "raw_reused": False, "draws": 2,
            "build_sentences": [{"synthesized": 7, "cached_before": 3}, None],
            "raw_text_sentences": [{"synthesized": 7, "cached_before": 0}] * 2,
            "clips_transcribed": 18, "clips_cached": 6, "transcribed_audio_s": 480.0,
            "voice": {"length_scale": 1.1, "noise_scale": 0.5, "noise_w_scale": 0.6}}


def _swapped(index: dict) -> dict:
    """The same run with the build and raw-text sides exchanged: the build ahead."""
    items = []
    for item in index["items"]:
        paragraphs = {**item["paragraphs"], "build": item["paragraphs"]["raw_text"],
                      "raw_text": item["paragraphs"]["build"]}
        items.append({**item, "build": item["raw_text"], "raw_text": item["build"],
                      "paragraphs": paragraphs})
    return {**index, "items": items}


def _first_draw(index: dict) -> dict:
    """Draw 0 alone, as a one-draw run that kept no cache figures."""
    items = []
    for item in index["items"]:
        paragraphs = {**item["paragraphs"],
                      **{side: item["paragraphs"][side][:1] for side in ("build", "raw",
                                                                         "raw_text")}}
        items.append({**item, **{side: item[side][0] for side in ("build", "raw", "raw_text")},
                      "paragraphs": paragraphs})
    return {**index, "items": items, "draws": 1, "clips_cached": 0,
            "build_sentences": {"synthesized": 7, "cached_before": 3}}


def scenarios() -> dict[str, dict]:
    """Synthetic runs by name, each an `index.json` and the date it is rescored on (or None)."""
    index = synthetic_index()
    return {"two-draws": (index, "2026-12-02 09:00 UTC"),
            "build-ahead": (_swapped(index), "2026-12-02 09:00 UTC"),
            "one-draw": (_first_draw(index), None)}


def _result(index: dict, date: str | None) -> dict:
    result = score.rescored(index, date or "unused", lambda line: None)
    if date is None:
        del result["rescored"]
    return result


# ------------------------------------------------------------------ the report


@pytest.mark.parametrize("name", sorted(scenarios()))
def test_report_text_of_a_synthetic_run_is_unchanged(name):
    """The summary and BENCHMARKS.md section of three small runs, byte for byte as the
    report code wrote them before bench/wer.py became a package (tests/data/wer/,
    made by that code; only the path of `_SAME_WORDS` in the prose moved)."""
    index, date = scenarios()[name]
    result = _result(index, date)
    text = report.summary(result) + "\n\n" + report.markdown(result) + "\n"
    assert text == (EXPECTED / f"{name}.md").read_text("utf-8")


def test_rescore_through_bench_run(tmp_path, monkeypatch, capsys):
    """`python -m bench.run wer --rescore` scores the transcripts kept in index.json and
    saves the result, building and transcribing nothing."""
    index, _date = scenarios()["two-draws"]
    transcripts = tmp_path / "wer" / "transcripts"
    transcripts.mkdir(parents=True)
    (transcripts / "index.json").write_text(json.dumps(index), "utf-8")
    monkeypatch.setattr(wer_run, "INDEX", transcripts / "index.json")
    monkeypatch.setattr(common, "OUT", tmp_path)
    assert bench_run.main(["wer", "--rescore", "--no-write"]) == 0
    saved = json.loads((tmp_path / "wer.json").read_text("utf-8"))
    assert saved["build"]["wer"] == pytest.approx(6 / 96)
    assert saved["raw_text"]["wer"] == pytest.approx(3 / 96)
    assert saved["draws"] == 2 and saved["rescored"]
    assert "wer: audiozine 6.25%" in capsys.readouterr().out


def test_rescore_without_an_earlier_run_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(wer_run, "INDEX", tmp_path / "wer" / "transcripts" / "index.json")
    with pytest.raises(SystemExit, match="no earlier run to rescore .*index.json is missing"):
        wer_run.run(rescore=True)


# ------------------------------------------------------------------ normalizing


@pytest.mark.parametrize("written, heard", [
    ("It runs 9am-5pm ET.", "It runs 9 a.m. to 5 p.m. Eastern Time."),
    ("It runs 9am-5pm ET.", "It runs 9 am to 5 pm eastern."),
    ("Call at 11pm PT.", "Call at 11 p.m. Pacific."),
    ("Add 12 oz of flour.", "Add 12 ounces of flour."),
    ("We were 20-30 people.", "We were 20 to 30 people."),
    ("Made in the U.S. today.", "Made in the US today."),
    ("Crowds vs groups.", "Crowds versus groups."),
    ("A crowd is loud (and wrong).", "A crowd is loud, and wrong."),
    ("Ask each vendor/partner.", "Ask each vendor or partner."),
    ("Ask each vendor/partner.", "Ask each vendor and partner."),
    ("I\u2019ve seen it.", "I have seen it."),
    ("We met at 1pm.", "We met at 1 p.m."),
])
def test_written_and_spoken_forms_of_the_same_words_score_equal(written, heard):
    normalize = score.normalizer()
    assert normalize(heard, written) == normalize(written)
    assert score.errors(normalize(written), normalize(heard, written)) == 0


@pytest.mark.parametrize("written, heard", [
    ("Add 12 oz of flour.", "Add 12 ounces of flour."),
    ("Crowds vs groups.", "Crowds versus groups."),
    ("Ask each vendor/partner.", "Ask each vendor or partner."),
])
def test_without_equivalences_the_forms_differ(written, heard):
    plain = score.normalizer(equivalences=False)
    assert plain(heard, written) != plain(written)


def test_a_slash_said_by_its_name_is_an_error():
    normalize = score.normalizer()
    written = "Ask each vendor/partner."
    assert score.errors(normalize(written), normalize("Ask each vendor slash partner.",
                                                      written)) == 1


def test_the_slash_rule_needs_the_written_words():
    """"or" between two words is the slash only where the text has that slash."""
    normalize = score.normalizer()
    assert normalize("tea or coffee", "We drink tea or coffee.") == "tea or coffee"
    assert normalize("tea or coffee", "tea/coffee") == "tea coffee"


# ---------------------------------------------------------------------- scoring


def test_score_counts_each_kind_of_error_and_pools_the_words():
    result = score.score([("a b c d", "a x c d e"), ("one two", "two")])
    assert (result["substitutions"], result["deletions"], result["insertions"]) == (1, 1, 1)
    assert result["words"] == 6
    assert result["wer"] == pytest.approx(3 / 6)
    assert result["top_substitutions"] == [("b → x", 1)]
    assert result["top_deletions"] == [("one", 1)]
    assert result["top_insertions"] == [("e", 1)]


def test_errors_of_an_empty_side_are_all_its_words():
    assert score.errors("", "two words") == 2
    assert score.errors("three words here", "") == 3
    assert score.errors("same words", "same words") == 0


def test_error_spans_give_the_reference_position_and_both_words():
    assert score.error_spans("the quiet change", "the quite change here") == [
        (1, "quiet", "quite"), (3, "-", "here")]


def test_grouped_assigns_every_sentence_to_its_paragraph():
    sentences = ["One.", "Two!", "Three, four.", "Five"]
    assert score.grouped(sentences, ["One. Two!", "Three, four. Five"], "x") == [[0, 1], [2, 3]]
    with pytest.raises(RuntimeError, match="x: sentences 'one two three four' do not make up the paragraph 'one two three'"):
        score.grouped(sentences, ["One. Two! Three?", "Five"], "x")
    with pytest.raises(RuntimeError, match="x: 1 sentence"):
        score.grouped(sentences, ["One. Two! Three, four."], "x")


def test_an_episode_pools_its_errors_over_the_draws():
    index, date = scenarios()["two-draws"]
    result = _result(index, date)
    first = result["episodes"][0]
    # Draw 0: the range's "to" before "$30" (the normalizer writes "30 dollars" as "$30",
    # which the range rule does not reach); draw 1: that, "slash" and "quite".
    assert first["errors_by_draw"] == {"build": [1, 3], "raw": [2, 2], "raw_text": [0, 3]}
    assert first["errors"] == {"build": 4, "raw": 4, "raw_text": 3}
    assert first["build_wer"] == pytest.approx(4 / (32 * 2))
    assert result["by_draw"]["build"] == pytest.approx([1 / 48, 5 / 48])


# ------------------------------------------------------ the paired comparison


def test_difference_interval_is_students_t_over_the_draws():
    total, low, high = score.difference_interval([5, 7, 6], [3, 4, 5])
    # differences 2, 3, 1: mean 2, standard deviation 1; t(0.975, 2 df) = 4.302652729911275
    spread = 4.302652729911275 * 1 / math.sqrt(3)
    assert total == 6
    assert low == pytest.approx(3 * (2 - spread)) and high == pytest.approx(3 * (2 + spread))


def test_difference_interval_of_one_draw_is_undefined():
    total, low, high = score.difference_interval([5], [3])
    assert total == 2 and math.isnan(low) and math.isnan(high)


def test_against_raw_text_needs_that_side_and_two_draws():
    assert score.against_raw_text({"changed_by_draw": {"build": [1, 2]}}, "changed_by_draw") \
        is None
    assert score.against_raw_text({"changed_by_draw": {"build": [1], "raw_text": [0]}},
                                  "changed_by_draw") is None
    assert score.against_raw_text({"changed_by_draw": {"build": [1, 3], "raw_text": [1, 1]}},
                                  "changed_by_draw")[0] == 2


# --------------------------------------------------------------- met or missed


def _episode(name, build, raw, raw_text=None):
    return {"id": name, "episode": name, "build_wer": build, "raw_wer": raw,
            "raw_text_wer": raw_text}


@pytest.mark.parametrize("wer, meets", [(0.0, True), (0.042, True), (0.0421, False),
                                        (0.2, False)])
def test_the_overall_goal_is_met_at_or_under_it(wer, meets):
    assert score.meets_overall_goal({"build": {"wer": wer}}) is meets


def test_worse_than_a_baseline_is_strictly_above_it():
    r = {"episodes": [_episode("a", 0.05, 0.04, 0.05), _episode("b", 0.03, 0.04, 0.02),
                      _episode("c", 0.06, 0.07)]}
    assert [e["id"] for e in score.worse_than(r, "raw")] == ["a"]
    assert [e["id"] for e in score.worse_than(r, "raw_text")] == ["b"]


def _paragraph_episode(name, changed_build, changed_raw_text, wer_build, wer_raw):
    return {"id": name, "episode": name,
            "changed_errors": {"build": sum(changed_build), "raw_text": sum(changed_raw_text)},
            "changed_by_draw": {"build": changed_build, "raw_text": changed_raw_text},
            "wer": {"build": wer_build, "raw": wer_raw}}


def test_worse_by_paragraph_is_paired_against_raw_text_and_whole_against_raw_piper():
    r = {"by_paragraph": {"episodes": [
        # More errors in the changed paragraphs, though better overall: worse than raw text.
        _paragraph_episode("a", [3, 3], [1, 2], 0.01, 0.05),
        # Fewer in the changed paragraphs, worse overall than raw Piper.
        _paragraph_episode("b", [0, 1], [1, 1], 0.08, 0.05),
        _paragraph_episode("c", [1, 1], [1, 1], 0.05, 0.05),
    ]}}
    assert [e["id"] for e in score.worse_by_paragraph(r, "raw_text")] == ["a"]
    assert [e["id"] for e in score.worse_by_paragraph(r, "raw")] == ["b"]
    assert score.worse_by_paragraph({"by_paragraph": None}, "raw_text") == []


def test_beyond_noise_is_an_interval_wholly_on_one_side_of_zero():
    r = {"by_paragraph": {"episodes": [
        _paragraph_episode("worse", [5, 6, 5], [1, 1, 2], 0, 0),
        _paragraph_episode("better", [0, 1, 0], [4, 5, 4], 0, 0),
        _paragraph_episode("noise", [5, 0, 3], [1, 4, 2], 0, 0),
        _paragraph_episode("one draw", [9], [0], 0, 0),
    ]}}
    assert score.beyond_noise(r, +1) == ["worse"]
    assert score.beyond_noise(r, -1) == ["better"]


def test_met_and_missed_in_the_report_follow_the_decisions():
    ahead = _result(*scenarios()["build-ahead"])
    behind = _result(*scenarios()["two-draws"])
    assert score.meets_overall_goal(ahead) and not score.meets_overall_goal(behind)
    assert score.worse_by_paragraph(ahead, "raw_text") == []
    assert [e["id"] for e in score.worse_by_paragraph(behind, "raw_text")] == ["demo/01",
                                                                               "demo/02"]
    assert "goal <= 4.2%: **meets**" in report.markdown(ahead)
    assert "(section below): **met**." in report.markdown(ahead)
    assert "goal <= 4.2%: **misses**" in report.markdown(behind)
    assert "(section below): **missed** (demo/0001, demo/0002)" in report.markdown(behind)


def test_build_only_errors_are_those_the_baseline_gets_right_in_most_draws():
    spans = {"e/1": ("a b c d e f", {"build": ["a b x d e f", "a b x d e f", "a b c d e y"],
                                     "raw_text": ["a b c d e f", "a b c d e y", "a b c d e y"],
                                     "raw": ["z z z z z z"]})}
    assert score.build_only_errors_over_draws(spans) == [
        "e/1: c → x (\u201ca b c d e\u201d) (2 of 3 draws)"]


# ------------------------------------------------------------ the raw-text switch


def test_the_raw_text_switch_refuses_when_its_function_is_gone(monkeypatch):
    monkeypatch.delattr(speech, "_normalize")
    with pytest.raises(raw_text_build.SwitchMissing, match="_normalize does not exist any more"):
        raw_text_build.switch_off_speech_stage()


def test_the_raw_text_switch_refuses_a_function_with_other_parameters(monkeypatch):
    monkeypatch.setattr(speech, "_normalize", lambda text: text)
    with pytest.raises(raw_text_build.SwitchMissing, match=r"takes \(text\), not \(text, ctx\)"):
        raw_text_build.switch_off_speech_stage()


def test_the_raw_text_build_fails_loudly_without_its_function():
    """The command the benchmark runs, with the function gone: an exit that names it,
    not a build of the real script."""
    program = ("import sys; from audiozine.speech import normalize; del normalize._normalize; "
               "from bench.raw_text_build import main; sys.exit(main(sys.argv[1:]))")
    run = subprocess.run([sys.executable, "-c", program, "audiozine", "--help"], cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "_normalize does not exist any more" in run.stderr
    assert "Usage" not in run.stdout


def test_the_raw_text_build_gives_the_voice_the_text_as_written(tmp_path, monkeypatch, capsys):
    """The baseline's entry point (`python -m bench.raw_text_build audiozine ...`, here
    in-process) against the real CLI, `plan --script` of one essay: a sentence with a
    number and a sum is spoken as written in the baseline and made speakable in the
    build; a sentence with nothing to change is the same in both."""
    essay = tmp_path / "numbers.txt"
    essay.write_text("Numbers Day\n\nThe rent went up by $1,250 in 2023. Nobody was pleased "
                     "about it.\n", "utf-8")
    args = ["plan", str(essay), "--script", "--json"]
    real = CliRunner().invoke(app, args)
    assert real.exit_code == 0, real.output
    monkeypatch.setattr(speech, "_normalize", speech._normalize)  # put back after the test
    with pytest.raises(SystemExit) as done:
        raw_text_build.main(["audiozine", *args])
    assert done.value.code == 0
    raw = capsys.readouterr().out

    def spoken(output: str) -> dict[str, str]:
        return {u["written"]: u["spoken"] for u in json.loads(output)[0]["scripts"][0]}

    real_script, raw_script = spoken(real.stdout), spoken(raw)
    assert real_script.keys() == raw_script.keys()
    number = "The rent went up by $1,250 in 2023."
    assert raw_script[number] == number
    assert real_script[number] != number and "2023" not in real_script[number]
    assert raw_script["Nobody was pleased about it."] == \
        real_script["Nobody was pleased about it."] == "Nobody was pleased about it."
