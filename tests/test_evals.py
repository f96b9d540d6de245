"""Eval suites and the runner: the suites' own quality, typed cases, each scorer on good and bad inputs, error
cases counted as failures, where verdicts came from, resume, compare, the CLI.

The suite figures below are exact: they are the figures `evals/README.md` documents, so a change in routing, the
cards or the labels shows up here as a failure, not as a drift inside a tolerance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explainer import evals, licensedb, rights
from explainer.corpus import load
from explainer.evals import Case, Score, SolverResult
from tests.conftest import REPO, run_cli
from tests.fakes import FakeBackend

EVALS = REPO / "evals"

# The 28 core cases relabelled to literal verdicts (issue #13; each says why in its `note`).
RELABELLED = {"core-004", "core-006", "core-011", "core-018", "core-035", "core-038", "core-041", "core-044",
              "core-050", "core-055", "core-059", "core-067", "core-073", "core-083", "core-086", "core-092",
              "core-098", "core-102", "core-106", "core-113", "core-116", "core-124", "core-127", "core-132",
              "core-134", "core-146", "core-148", "core-154",
              # later: a competing model is what the license forbids (025); silence answers "is there a cap?",
              # "are there prohibited uses?" and "does it say …?" (012, 034, 066, 095, 141, 150, 155); the FLUX.1
              # [dev] card reads its Outputs section as the rule (023)
              "core-012", "core-023", "core-025", "core-034", "core-066", "core-095", "core-141", "core-150",
              "core-155"}
# The suites through the pipeline with a scripted explainer model, as measured (evals/README.md, "Measured runs",
# gives the command). One dict per suite, so a failure shows every figure that moved (`pytest -vv`).
CORE_FIGURES = {
    "qa_cases": 157, "errors": 0, "verdict_correct": 155, "verdict_accuracy": 0.9873, "trap_correct": 21,
    "traps": 22, "routing_correct": 155, "routing_cases": 157, "quote_fidelity": 1.0, "reminder_rate": 1.0,
    # core-089 ("Which courts handle Qwen license disputes?") now quotes the Hangzhou courts sentence the question
    # asks about (explainer/contract.py), not the governing-law sentence its evidence names: ranked 5th, not 1st
    "evidence_recall": {"1": 0.979, "3": 0.986, "5": 1.0}, "evidence_cases": 143,
    "decided_by": {"card": {"n": 157, "correct": 155, "accuracy": 0.9873}},
    # core-147 asks what the Llama 4 policy itself says; its key now resolves to the license the policy comes with.
    # core-143 ("Can I sell copies of an MIT-licensed model?", labelled yes) is answered `conditional` since session
    # 18: selling copies passes copies on, which brings MIT's notice condition, as most dev labels read such a sale
    "misses": ["core-143", "core-147"],
}
ADDENDA_FIGURES = {
    "qa_cases": 22, "errors": 0, "verdict_correct": 22, "verdict_accuracy": 1.0,
    "trap_correct": 2, "traps": 2,
    "routing_correct": 22, "routing_cases": 22, "right_verdict_wrong_route": [],
    "quote_fidelity": 1.0, "reminder_rate": 1.0,
    "evidence_recall": {"1": 0.9524, "3": 1.0, "5": 1.0}, "evidence_cases": 21,
    "by_label_source": {"card": {"n": 7, "correct": 7, "accuracy": 1.0},
                        "text": {"n": 15, "correct": 15, "accuracy": 1.0}},
    "misses": [],
}


def measured(summary: dict, out: Path, expected: dict) -> dict:
    figures = {k: summary[k] for k in expected if k != "misses"}
    figures["misses"] = sorted(r["case_id"] for r in evals.load_results(out) if not r["scores"].get("verdict"))
    return figures


def suite(name):
    return evals.load_suite(EVALS / name)


# -- the suites ------------------------------------------------------------------------------------------------
def test_core_suite_size_coverage_labels_and_traps():
    core = suite("core.jsonl")
    assert not core.problems and not core.warnings
    assert len(core.cases) == 157
    corpus = load()
    licenses = {corpus.resolve(c.license_key or c.model_name).license_keys[0] for c in core.cases}
    assert len(licenses) == 33
    assert {c.right for c in core.cases} == set(rights.names())  # every right of the cards
    assert sum(c.trap for c in core.cases) == 22
    assert {c.label_source for c in core.cases} == {"card"}  # written from the cards, and they say so
    kinds = [c.kind for c in core.cases]
    assert {k: kinds.count(k) for k in evals.KINDS} == {"permission": 83, "obligation": 21, "fact": 50, "threshold": 3}
    relabelled = {c.id for c in core.cases if c.note and c.note.startswith("relabelled")}
    assert relabelled == RELABELLED
    answers = [c.answer for c in core.cases]
    assert {v: answers.count(v) for v in rights.VERDICTS} == {"yes": 67, "no": 53, "conditional": 29,
                                                              "not_addressed": 8}  # core-129 relabelled from the text; core-003, core-133 (session 10)


def test_addenda_and_identify_suites():
    addenda = suite("addenda.jsonl")
    assert len(addenda.cases) == 22 and not addenda.problems and not addenda.warnings
    for case in addenda.cases:  # built at run time from the LicenseDB text: no license text stored here
        assert case.license_key and (case.addendum or case.edit) and not case.license_text
    sources = [c.label_source for c in addenda.cases]
    assert (sources.count("text"), sources.count("card")) == (15, 7)
    assert sum(c.trap for c in addenda.cases) == 2  # with core's 22: 24 traps, not 25
    identify = suite("identify.jsonl")
    assert len(identify.cases) == 54 and all(c.task == "identify" for c in identify.cases)
    assert sum(c.expected_key == "unknown" for c in identify.cases) == 5


@pytest.mark.parametrize("name", ["core.jsonl", "addenda.jsonl"])
def test_gold_evidence_is_verbatim_and_short(name):
    corpus = load()
    for case in suite(name).cases:
        text = evals.case_text(case, EVALS)
        resolved = evals.resolve_case(case, corpus, EVALS, text)
        _, missing = evals.evidence_spans(case, resolved, text)
        assert not missing, (case.id, missing)
        assert all(len(q.split()) <= 25 for q in case.evidence), case.id


QUESTION_DEV_SUITES = [("questions-dev.jsonl", 129), ("questions-dev2.jsonl", 189), ("questions-dev3.jsonl", 175),
                       ("questions-dev4.jsonl", 200), ("questions-dev5.jsonl", 200), ("questions-para.jsonl", 260),
                       ("questions-dev6.jsonl", 150), ("questions-dev7.jsonl", 150), ("questions-dev8.jsonl", 150),
                       ("questions-dev9.jsonl", 150), ("questions-dev10.jsonl", 150), ("questions-dev11.jsonl", 150),
                       ("questions-dev12.jsonl", 120), ("questions-dev13.jsonl", 120), ("questions-dev14.jsonl", 120),
                       ("questions-dev15.jsonl", 120), ("questions-dev16.jsonl", 120), ("questions-dev17.jsonl", 120),
                       ("questions-dev18.jsonl", 120), ("questions-dev19.jsonl", 120), ("questions-dev20.jsonl", 120),
                       ("questions-dev21.jsonl", 120), ("questions-dev22.jsonl", 120),
                       ("questions-dev23.jsonl", 60), ("questions-dev24.jsonl", 60), ("questions-dev25.jsonl", 60),
                       ("questions-dev26.jsonl", 60), ("questions-dev27.jsonl", 60), ("questions-dev28.jsonl", 60),
                       ("questions-dev29.jsonl", 60), ("questions-dev30.jsonl", 60),
                       ("questions-dev31.jsonl", 60), ("questions-dev32.jsonl", 60), ("questions-dev33.jsonl", 60),
                       ("questions-dev34.jsonl", 60), ("questions-dev35.jsonl", 60), ("questions-dev36.jsonl", 60),
                       ("questions-dev37.jsonl", 60), ("questions-dev38.jsonl", 60),
                       ("questions-dev39.jsonl", 60), ("questions-dev40.jsonl", 60), ("questions-dev41.jsonl", 60),
                       ("questions-dev42.jsonl", 60), ("questions-dev43.jsonl", 60), ("questions-dev44.jsonl", 60),
                       ("questions-dev45.jsonl", 60), ("questions-dev46.jsonl", 60),
                       ("questions-dev47.jsonl", 60), ("questions-dev48.jsonl", 60), ("questions-dev49.jsonl", 60),
                       ("questions-dev50.jsonl", 60), ("questions-dev51.jsonl", 60), ("questions-dev52.jsonl", 60),
                       ("questions-dev53.jsonl", 60), ("questions-dev54.jsonl", 60),
                       ("questions-dev55.jsonl", 60), ("questions-dev56.jsonl", 60), ("questions-dev57.jsonl", 60),
                       ("questions-dev58.jsonl", 60), ("questions-dev59.jsonl", 60), ("questions-dev60.jsonl", 60),
                       ("questions-dev61.jsonl", 60), ("questions-dev62.jsonl", 60), ("questions-dev63.jsonl", 60),
                       ("questions-dev64.jsonl", 60), ("questions-dev65.jsonl", 60), ("questions-dev66.jsonl", 60),
                       ("questions-dev67.jsonl", 60), ("questions-dev68.jsonl", 60), ("questions-dev69.jsonl", 60),
                       ("questions-dev70.jsonl", 60), ("questions-dev71.jsonl", 60), ("questions-dev72.jsonl", 60),
                       ("questions-dev73.jsonl", 60), ("questions-dev74.jsonl", 60), ("questions-dev75.jsonl", 60),
                       ("questions-dev76.jsonl", 60), ("questions-dev77.jsonl", 60), ("questions-dev78.jsonl", 60),
                       ("questions-dev79.jsonl", 60), ("questions-dev80.jsonl", 60), ("questions-dev81.jsonl", 60),
                       ("questions-dev82.jsonl", 60), ("questions-dev83.jsonl", 60), ("questions-dev84.jsonl", 60),
                       ("questions-dev85.jsonl", 60), ("questions-dev86.jsonl", 60), ("questions-dev87.jsonl", 60),
                       ("questions-dev88.jsonl", 60), ("questions-dev89.jsonl", 60), ("questions-dev90.jsonl", 60),
                       ("questions-reworded.jsonl", 2160)]


@pytest.mark.parametrize("name, count", QUESTION_DEV_SUITES)
def test_dev_suites_evidence_is_verbatim_in_the_text_the_case_resolves_to(name, count):
    """Every gold quote of a dev half occurs in the license text its case resolves to: a label written from one
    text cannot silently be scored against another (a model name that now resolves to a later version)."""
    corpus = load()
    loaded = evals.load_suite(EVALS / name)
    assert not loaded.problems and not loaded.warnings and len(loaded.cases) == count
    missing = {}
    for case in loaded.cases:
        text = evals.case_text(case, EVALS)
        _, lost = evals.evidence_spans(case, evals.resolve_case(case, corpus, EVALS, text), text)
        if lost:
            missing[case.id] = lost
    assert not missing, missing
    # short anchors only: license texts come from the LicenseDB package at run time, never stored here
    assert all(len(quote.split()) <= 25 for case in loaded.cases for quote in case.evidence)
    assert not [case.id for case in loaded.cases if _joined_run(case, corpus) >= 30]


def _joined_run(case, corpus) -> int:
    """The longest run of license words a case's quotes make together where only spaces or punctuation separate
    them: two short quotes side by side must not reproduce a long passage."""
    import re

    from explainer.evals.scorers import independent_text

    text = evals.case_text(case, EVALS)
    found, _ = evals.evidence_spans(case, evals.resolve_case(case, corpus, EVALS, text), text)
    longest = 0
    for key in {key for key, _, _ in found}:
        body = independent_text(key, text)
        runs: list[list[int]] = []
        for _, start, end in sorted(spot for spot in found if spot[0] == key):
            if runs and (start <= runs[-1][1] or re.fullmatch(r"[\W_]*", body[runs[-1][1]:start])):
                runs[-1][1] = max(runs[-1][1], end)
            else:
                runs.append([start, end])
        # counted as the repository's license-text check counts: "business’s" is two words
        longest = max([longest, *(len(re.findall(r"[^\W_]+", body[s:e])) for s, e in runs)])
    return longest


@pytest.mark.parametrize("name, count", [("questions-dev.jsonl", 129), ("questions-test.jsonl", 115)])
def test_question_suites_load_and_are_labelled_from_the_texts(name, count):
    """The question suites of issue #13 load as typed cases without a malformed line or an unknown field; both
    were labelled from the license texts."""
    loaded = evals.load_suite(EVALS / name)
    assert not loaded.problems and not loaded.warnings, (loaded.problems + loaded.warnings)[:3]
    assert len(loaded.cases) == count and all(c.task == "qa" for c in loaded.cases)
    assert {c.label_source for c in loaded.cases} == {"text"}


# -- the suites through the pipeline, with a scripted explainer model -------------------------------------------
def test_core_with_cards_exact_figures(built_index, tmp_path):
    """Resolution, understanding, the decision core and thresholds, with a scripted explainer model. Most misses
    are cases relabelled to literal verdicts (issue #13)."""
    summary = evals.run([suite("core.jsonl")], built_index.corpus, built_index, evals.RunConfig(FakeBackend),
                        tmp_path / "run")
    assert measured(summary, tmp_path / "run", CORE_FIGURES) == CORE_FIGURES
    assert summary["by_label_source"] == {"card": CORE_FIGURES["decided_by"]["card"]}


def test_identify_suite_exact_figures(built_index, tmp_path):
    summary = evals.run([suite("identify.jsonl")], built_index.corpus, built_index, evals.RunConfig(FakeBackend),
                        tmp_path / "run")
    assert (summary["identify_cases"], summary["identify_accuracy"], summary["errors"]) == (54, 1.0, 0)
    assert summary["backend"] is None  # identify cases never load a model


def test_addenda_with_cards_exact_figures(built_index, tmp_path):
    summary = evals.run([suite("addenda.jsonl")], built_index.corpus, built_index, evals.RunConfig(FakeBackend),
                        tmp_path / "run")
    assert measured(summary, tmp_path / "run", ADDENDA_FIGURES) == ADDENDA_FIGURES


# -- typed cases -----------------------------------------------------------------------------------------------
def write_suite(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = json.dumps({"id": "a", "license_key": "flux-1-nc", "question": "Can I put it behind my paid API?",
                   "answer": "no", "evidence": ["use for revenue-generating activity or direct interactions"]})
UNRESOLVABLE = json.dumps({"id": "b", "license_key": "no-such-license", "question": "Can I?", "answer": "yes",
                           "evidence": ["anything"]})
IDENT = json.dumps({"id": "c", "license_text": "This model is licensed under the Apache License, Version 2.0.",
                    "expected_key": "apache-2.0"})


def test_cases_are_typed_and_new_fields_are_known(tmp_path):
    line = {"id": 7, "license_key": "mit", "question": "Must I keep the notice?", "answer": "yes",
            "kind": "obligation", "topic": "notice_file", "label_source": "text", "note": "n", "trap": 1}
    loaded = evals.load_suite(write_suite(tmp_path / "s.jsonl", [json.dumps(line)]))
    assert not loaded.problems and not loaded.warnings
    case = loaded.cases[0]
    assert isinstance(case, Case)
    assert (case.id, case.line, case.kind, case.topic, case.label_source, case.trap, case.evidence, case.task) == \
           ("7", 1, "obligation", "notice_file", "text", True, [], "qa")


def test_malformed_lines_bad_values_unknown_fields_and_duplicates_are_reported(tmp_path):
    path = write_suite(tmp_path / "s.jsonl", [
        GOOD, "{not json", json.dumps({"id": "x", "license_key": "mit", "question": "q", "answer": "maybe"}),
        json.dumps({"id": "d", "license_key": "mit", "question": "Can I sell?", "answer": "yes", "colour": 1}),
        GOOD,
        json.dumps({"id": "k", "license_key": "mit", "question": "Can I?", "answer": "yes", "kind": "wish"}),
        json.dumps({"id": "l", "license_key": "mit", "question": "Can I?", "answer": "yes", "label_source": "memory"}),
    ])
    loaded = evals.load_suite(path)
    assert [c.id for c in loaded.cases] == ["a", "d"]
    assert any(p.startswith("s.jsonl:2:") for p in loaded.problems)
    assert any(p.startswith("s.jsonl:3:") and "answer must be" in p for p in loaded.problems)
    assert any(p.startswith("s.jsonl:5:") and "duplicate" in p for p in loaded.problems)
    assert any(p.startswith("s.jsonl:6:") and "kind must be" in p for p in loaded.problems)
    assert any(p.startswith("s.jsonl:7:") and "label_source must be" in p for p in loaded.problems)
    assert loaded.warnings == ["s.jsonl:4: unknown field(s) colour ignored"]


# -- scorers: one signature, a value and an explanation -------------------------------------------------------
CASE = Case("x", question="Can I sell it?", answer="no")
MIT = licensedb.load("mit").body


def result(**answer) -> SolverResult:
    base = {"verdict": "no", "quotes": [], "reminder": "This is not legal advice: check the license text yourself.",
            "explanation": "No, you may not sell the images you make with this model."}
    return SolverResult(answer={**base, **answer})


def mit_quote(start=0, end=27, text=None, key="mit"):
    return {"license_key": key, "clause_id": f"{key}#1", "start": start, "end": end,
            "text": MIT[start:end] if text is None else text}


@pytest.mark.parametrize("scorer", list(evals.SCORERS.values()))
def test_every_scorer_has_one_signature_and_explains_itself(scorer):
    score = scorer(Case("x", question="q", answer="no", evidence=[]), result(quotes=[mit_quote()]))
    assert isinstance(score, Score) and isinstance(score.explanation, str) and score.explanation


def test_verdict_scorer():
    assert evals.score_verdict(CASE, result(verdict="no")) == Score(1.0, "expected no, got no")
    assert evals.score_verdict(CASE, result(verdict="conditional")) == Score(0.0, "expected no, got conditional")


def test_quote_fidelity_rereads_the_licensedb_file():
    assert MIT[:27] == "Permission is hereby grante"
    assert evals.score_fidelity(CASE, result(quotes=[mit_quote()])).value == 1.0
    shifted = evals.score_fidelity(CASE, result(quotes=[mit_quote(start=1, end=28, text=MIT[:27])]))
    assert shifted.value == 0.0 and "elsewhere in the file" in shifted.explanation
    invented = evals.score_fidelity(CASE, result(quotes=[mit_quote(text="Permission is hereby refused")]))
    assert invented.value == 0.0 and "nowhere in the file" in invented.explanation
    assert evals.score_fidelity(CASE, result(quotes=[])) == Score(0.0, "no quote shown")
    unknown = evals.score_fidelity(CASE, result(quotes=[mit_quote(key="no-such-key")]))
    assert unknown.value == 0.0 and "no source file" in unknown.explanation


def test_quote_fidelity_of_addenda_and_pasted_text():
    corpus = load()
    body = corpus.addenda["rundiffusion-juggernaut"].body
    at = body.index("may not be used behind an API service")
    quote = {"license_key": "rundiffusion-juggernaut", "clause_id": "r#1", "start": at, "end": at + 20,
             "text": body[at:at + 20]}
    assert evals.score_fidelity(CASE, result(quotes=[quote])).value == 1.0
    pasted = "Some terms.\n\nYou may not sell outputs."
    good = {"license_key": "pasted", "clause_id": "pasted#1", "start": 13, "end": 37, "text": pasted[13:37]}
    check = SolverResult(answer=result(quotes=[good]).answer, case_text=pasted)
    assert evals.score_fidelity(CASE, check).value == 1.0
    check.answer["quotes"] = [{**good, "text": "You may sell outputs."}]
    assert evals.score_fidelity(CASE, check).value == 0.0


def test_reminder_is_checked_for_its_words_not_against_the_default():
    assert evals.score_reminder(CASE, result()).value == 1.0
    assert evals.score_reminder(CASE, result(reminder="")) == Score(0.0, "no reminder in the answer")
    assert evals.score_reminder(CASE, result(reminder=None)).value == 0.0
    wrong = evals.score_reminder(CASE, result(reminder="Always read the license text."))
    assert wrong.value == 0.0 and "not legal advice" in wrong.explanation


def test_explanation_contradictions_read_the_question_kind_and_skip_quotes():
    fact = Case("f", question="Is it non-commercial?", answer="yes", kind="fact")
    quoted = 'Yes, because your copy adds: "Commercial use of the model is prohibited."'
    assert evals.score_explanation(fact, result(explanation=quoted, verdict="yes")).value == 1.0
    duty = Case("o", question="Must I keep the notice?", answer="yes", kind="obligation")
    text = "You must keep the notice, and you may not remove the author's name."
    assert evals.score_explanation(duty, result(explanation=text, verdict="yes")).value == 1.0
    assert evals.score_explanation(CASE, result(explanation=text, verdict="yes")).value == 0.0  # a permission
    assert evals.score_explanation(duty, result(explanation="No, " + text, verdict="yes")).value == 0.0


@pytest.mark.parametrize("text, verdict, why", [
    ("No, you cannot use FLUX.1 to create a paid API without a commercial license.", "no", None),
    ("Yes, you can sell them, but you may not use them to improve another model.", "yes", None),
    ("Yes, you must keep the notice file when you share the weights.", "yes", None),
    ("You can't put it behind a paid API without a separate agreement.", "no", None),
    ("It is found at ai.google.dev/gemma/terms, which you must include.", "yes", None),
    ("You may use and/or sell the images you make with it.", "yes", None),
    ("Yes, but only under conditions: outputs may not train a model that competes with FLUX.1 [dev].", "conditional",
     None),
    ('The reply was ["yes", "no"] for this question about it.', "yes", "JSON fragments"),
    ("", "no", "empty explanation"),
    ("[", "no", "too short"),
    ("{", "yes", "too short"),
    ("/lma.txt", "yes", "too short"),
    ("A plain explanation.", "yes", "too short"),
    ("The terms are in /LICENSE.INBRECORES for you to read.", "yes", "a file path"),
    ("See /ExaONE.com for the full terms of the license.", "yes", "a file path"),
    ("It says so in corpus/cards/mit.yaml and nowhere else.", "yes", "a file path"),
    ('The answer is {"verdict": "yes"} for this question here.', "yes", "JSON fragments"),
    ("<b>Yes</b>, you can sell the images you make.", "yes", "markup"),
    ("As clause C3 says, you may sell the images you make.", "yes", "clause ids"),
    ("1. 2. 3. 4. 5. 6. 7. 8.", "yes", "mostly non-words"),
    ("You can sell the images you generate with it and", "yes", "does not end like a sentence"),
    ("You can sell the images you generate with this model.", "no", "says you can while the verdict is no"),
    ("Yes, this is allowed for everyone who uses the model.", "no", "opens with 'yes'"),
    ("You may not sell the images you generate with this model.", "yes", "says you cannot"),
    ("No, that is not something the license lets you do.", "yes", "opens with 'no'"),
    ("Yes, the license lets you do that as you wish.", "not_addressed", "opens with a yes/no answer"),
])
def test_explanation_scorer(text, verdict, why):
    score = evals.score_explanation(CASE, result(explanation=text, verdict=verdict))
    assert score.value == (1.0 if why is None else 0.0), score
    if why:
        assert why in score.explanation


def test_evidence_recall_scorer():
    corpus = load()
    case = Case("e", license_key="mit", question="q", answer="yes", evidence=["Permission is hereby granted"])
    resolved = evals.resolve_case(case, corpus, EVALS)

    class Q:
        def __init__(self, start, end, key="mit"):
            self.license_key, self.start, self.end = key, start, end

    at = MIT.index("THE SOFTWARE IS PROVIDED")
    first = SolverResult(answer={}, resolved=resolved, ranked=[Q(0, 40)])
    assert evals.score_evidence(case, first) == Score({"1": 1.0, "3": 1.0, "5": 1.0}, "gold evidence in the top 1")
    third = SolverResult(answer={}, resolved=resolved, ranked=[Q(at, at + 10), Q(at + 20, at + 30), Q(0, 40)])
    assert evals.score_evidence(case, third).value == {"1": 0.0, "3": 1.0, "5": 1.0}
    never = SolverResult(answer={}, resolved=resolved, ranked=[Q(at, at + 10)])
    assert evals.score_evidence(case, never).value == {"1": 0.0, "3": 0.0, "5": 0.0}
    assert evals.score_evidence(Case("n", question="q", answer="yes"), never) == Score(None, "no gold evidence")


# -- the solver reads the answer's own fields -------------------------------------------------------------------
class StubAnswer:
    verdict_source = "card"
    explanation_source = None

    def __init__(self, data):
        self.data = data

    def to_dict(self):
        return dict(self.data)


class StubResponse:
    def __init__(self, data, routed_by="cues"):
        self.prepared = type("P", (), {"routed_by": routed_by, "ranked": []})()
        self._answer = StubAnswer(data)

    def answer(self):
        return self._answer


def test_solver_reads_routed_by_and_verdict_source_from_the_answer_json(monkeypatch):
    seen = {}

    def ask(question, resolved, corpus, index, backend, blind=False, without_card=False):
        seen["without_card"] = without_card
        return StubResponse({"verdict": "no", "routed_by": "classifier", "verdict_source": "threshold",
                             "explanation_source": "fallback", "quotes": []})

    monkeypatch.setattr(evals.solver.answer_module, "ask", ask)
    case = Case("s", license_key="mit", question="Can I?", answer="no")
    solved = evals.solve(case, EVALS, load(), None, None, evals.RunConfig(FakeBackend, without_card=True))
    assert (solved.routed_by, solved.verdict_source, solved.explanation_source) == ("classifier", "threshold",
                                                                                    "fallback")
    assert seen["without_card"] is True  # leave-one-card-out: the pipeline leaves the case's own card out


def test_solver_falls_back_to_the_response_object(monkeypatch):
    def ask(question, resolved, corpus, index, backend, blind=False):
        return StubResponse({"verdict": "no", "quotes": []}, routed_by="llm")

    monkeypatch.setattr(evals.solver.answer_module, "ask", ask)
    assert not evals.pipeline_supports_without_card()
    case = Case("s", license_key="mit", question="Can I?", answer="no")
    solved = evals.solve(case, EVALS, load(), None, None, evals.RunConfig(FakeBackend, without_card=True))
    assert (solved.routed_by, solved.verdict_source, solved.explanation_source) == ("llm", "card", None)


# -- summaries: errors are failures, verdict sources and label sources apart ------------------------------------
def qa_record(case_id, gold, got, source="card", routed="cues", label="card", explanation=1.0, error=None,
              explanation_source="llm"):
    record = {"case_id": case_id, "kind": "qa", "error": error, "latency_ms": 10.0,
              "expected": {"answer": gold, "right": "outputs_commercial", "trap": False, "evidence": 1,
                           "label_source": label, "question_kind": "permission", "license": "mit"}}
    if error:
        return {**record, "scores": {}, "explanations": {}}
    return {**record, "routed_by": routed, "verdict_source": source, "explanation_source": explanation_source,
            "answer": {"verdict": got, "right": ["outputs_commercial"], "license": {"key": "mit"},
                       "prompt_hash": "h", "question": "q"},
            "scores": {"verdict": float(gold == got), "quote_fidelity": 1.0, "reminder": 1.0,
                       "explanation": explanation, "evidence_recall": {"1": 1.0, "3": 1.0, "5": 1.0}},
            "explanations": {"verdict": "v", "explanation": "e"}}


def test_summary_counts_error_cases_as_failures_and_separates_sources():
    records = [qa_record("a", "no", "no"), qa_record("b", "yes", "yes", source="llm", routed="llm", label="text"),
               qa_record("c", "yes", "unclear", source="none", routed="none", label="text", explanation=0.0,
                         explanation_source="fallback"),
               qa_record("d", "yes", None, error="unknown license")]
    summary = evals.summarize(records, [], None, evals.RunConfig(FakeBackend), 1.0)
    assert summary["verdict_accuracy"] == 0.5  # 2 of 4: the error case is in the denominator
    assert summary["quote_fidelity"] == 0.75 and summary["reminder_rate"] == 0.75
    assert summary["explanation_rate"] == 0.5
    assert summary["evidence_recall"] == {"1": 0.75, "3": 0.75, "5": 0.75}
    assert summary["routing_accuracy"] == 0.75
    assert summary["confusion"] == {"no": {"no": 1}, "yes": {"yes": 1, "unclear": 1, "error": 1}}
    assert summary["decided_by"] == {"card": {"n": 1, "correct": 1, "accuracy": 1.0},
                                     "llm": {"n": 1, "correct": 1, "accuracy": 1.0},
                                     "unclear/none": {"n": 1, "correct": 0, "accuracy": 0.0},
                                     "error": {"n": 1, "correct": 0, "accuracy": 0.0}}
    assert summary["by_label_source"] == {"card": {"n": 2, "correct": 1, "accuracy": 0.5},
                                          "text": {"n": 2, "correct": 1, "accuracy": 0.5}}
    assert summary["by_routed_by"]["llm"] == {"n": 1, "correct": 1, "accuracy": 1.0}
    assert summary["explanation_sources"] == {"fallback": 1, "llm": 2}
    assert summary["fallback_rate"] == 0.3333
    text = evals.report(summary, records)
    for words in ("decided by a card", "decided by the LLM", "unclear / no verdict source",
                  "Per label source", "explanation_rate", "counted as failures"):
        assert words in text
    assert "| card | 2 | 1 | 0.500 |" in text and "| text | 2 | 1 | 0.500 |" in text
    assert "## A sample of 3 explanations" in text and "- `c` **unclear** (fallback ✗) — q  " in text


@pytest.mark.parametrize("source, verdict, group", [
    ("card", "no", "card"), ("addendum", "no", "card"), ("threshold", "yes", "card"), ("file", "no", "file"),
    ("auto", "conditional", "auto"), ("llm", "yes", "llm"), ("none", "not_addressed", "unclear/none"),
    (None, "yes", "unclear/none"), ("card", "unclear", "unclear/none"),
])
def test_decided_by_groups(source, verdict, group):
    assert evals.decided_by({"verdict_source": source, "answer": {"verdict": verdict}}) == group
    assert evals.decided_by({"error": "x", "verdict_source": source}) == "error"


def test_run_writes_results_resumes_and_counts_error_cases(built_index, tmp_path):
    path = write_suite(tmp_path / "s.jsonl", [GOOD, UNRESOLVABLE, IDENT])
    out = tmp_path / "run"
    backend_calls = []

    def factory():
        backend_calls.append(1)
        return FakeBackend()

    summary = evals.run([evals.load_suite(path)], built_index.corpus, built_index, evals.RunConfig(factory), out)
    assert summary["cases"] == 3 and summary["errors"] == 1
    assert summary["error_cases"][0]["case_id"] == "b"
    assert summary["identify_accuracy"] == 1.0
    assert summary["confusion"] == {"no": {"no": 1}, "yes": {"error": 1}}
    assert summary["verdict_accuracy"] == 0.5 and summary["reminder_rate"] == 0.5
    assert summary["quote_fidelity"] == 0.5
    assert summary["evidence_recall"]["5"] == 0.5
    records = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    qa = next(r for r in records if r["case_id"] == "a")
    assert qa["answer"]["reminder"] and qa["scores"]["verdict"] == 1.0
    assert qa["routed_by"] == "cues+classifier" and qa["verdict_source"] == "card"
    assert set(qa["scores"]) == set(evals.SCORERS) and set(qa["explanations"]) == set(evals.SCORERS)
    assert qa["scores"]["explanation"] == 1.0 and qa["explanation_source"] in {"llm", "fallback"}
    assert set(qa["answer"]) >= {"question", "license", "verdict", "quotes", "reminder", "prompt_hash"}
    assert "error" in next(r for r in records if r["case_id"] == "b")
    assert (out / "report.md").read_text().startswith("# Eval report")
    # a second run resumes: nothing left to do, the same summary
    again = evals.run([evals.load_suite(path)], built_index.corpus, built_index, evals.RunConfig(factory), out)
    assert again["cases"] == 3 and again["verdict_accuracy"] == 0.5
    assert len((out / "results.jsonl").read_text().splitlines()) == 3
    assert len(backend_calls) == 1  # nothing needed the LLM the second time


def test_concurrent_runs_give_the_same_scores(built_index, tmp_path):
    class Hosted(FakeBackend):
        name = "openai"

    cases = [json.dumps({"id": f"c{i}", "model_name": "FLUX dev", "question": q, "answer": a})
             for i, (q, a) in enumerate([("Can I put it behind my paid API?", "no"),
                                         ("Is it non-commercial?", "yes"),
                                         ("Who owns the images I make?", "no"),
                                         ("Can I train a LoRA on it and share it?", "conditional")])]
    path = write_suite(tmp_path / "s.jsonl", cases)
    serial = evals.run([evals.load_suite(path)], built_index.corpus, built_index, evals.RunConfig(Hosted),
                       tmp_path / "serial")
    parallel = evals.run([evals.load_suite(path)], built_index.corpus, built_index,
                         evals.RunConfig(Hosted, concurrency=4), tmp_path / "parallel")
    assert serial["verdict_accuracy"] == parallel["verdict_accuracy"] == 1.0


def test_compare_shows_deltas_flips_and_explanations(tmp_path):
    for name, verdict, accuracy in (("a", "no", 1.0), ("b", "yes", 0.0)):
        run = tmp_path / name
        run.mkdir()
        record = {"case_id": "x", "kind": "qa", "expected": {"answer": "no"},
                  "scores": {"verdict": accuracy, "explanation": 1.0 - accuracy},
                  "explanations": {"explanation": f"why {name}"}, "answer": {"verdict": verdict}}
        (run / "results.jsonl").write_text(json.dumps(record) + "\n")
        summary = {m: accuracy for m in evals.METRICS}
        summary.update({"evidence_recall": {"1": 1.0, "3": 1.0, "5": 1.0}, "latency_ms": {"p50": 10, "p95": 20}})
        (run / "summary.json").write_text(json.dumps(summary))
    result = evals.compare(tmp_path / "a", tmp_path / "b")
    assert result["metrics"]["verdict_accuracy"]["delta"] == -1.0
    assert result["metrics"]["explanation_rate"]["delta"] == -1.0
    assert result["flipped"] == [{"case_id": "x", "a": "no", "b": "yes", "expected": "no", "direction": "broken"}]
    assert result["explanations_flipped"] == [{"case_id": "x", "a": "why a", "b": "why b", "direction": "fixed"}]
    done = run_cli("eval", "compare", str(tmp_path / "a"), str(tmp_path / "b"), "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["flipped"][0]["case_id"] == "x"
    bad = run_cli("eval", "compare", str(tmp_path / "a"), str(tmp_path / "nope"))
    assert bad.returncode == 2 and bad.stderr.startswith("error: not an eval run folder")


def test_cli_empty_suite_is_exit_2_and_a_bad_line_does_not_stop_the_run(linked_home, tmp_path):
    empty = write_suite(tmp_path / "empty.jsonl", [""])
    done = run_cli("eval", str(empty))
    assert done.returncode == 2 and "no valid case" in done.stderr
    path = write_suite(tmp_path / "s.jsonl", ["{broken", IDENT])
    done = run_cli("eval", str(path), "--out", str(tmp_path / "run"), "--json", "--without-card")
    assert done.returncode == 0, done.stderr
    assert "s.jsonl:1" in done.stderr
    summary = json.loads(done.stdout)
    assert summary["identify_accuracy"] == 1.0
    assert summary["without_card"] is True
    assert summary["without_card_applied"] == evals.pipeline_supports_without_card()
