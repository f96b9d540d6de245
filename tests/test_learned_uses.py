"""The use learned from labelled questions (explainer/learned_uses.py) and the file it learns from
(explainer/evals/use_examples.py): tuned questions only, labelled from their evidence, read only when the
terms and the descriptions find nothing, and only when the descriptions rank the same use first."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from explainer import answer, embeddings, learned_uses, topics
from explainer.cards import RightAnswer
from explainer.corpus import load
from explainer.evals import use_examples
from explainer.evals.dataset import Case, resolve_case

ROOT = Path(__file__).resolve().parent.parent
needs_embeddings = pytest.mark.skipif(not embeddings.available(), reason="the ONNX export is not set up")

# told in words no term lists and the descriptions do not clearly place: a machine alone decides about people
SOLE_DECIDER = ("Our property-management tool would let the model give the final yes or no on tenant applications, "
                "and no one can overrule it. Allowed?")


@pytest.mark.parametrize("case_id, tuned", [
    ("qdev13-001", True), ("qdev13-002", False), ("qdev90-060", False), ("qdev12-002", True),
    ("rw-qdev14-010-p1", False), ("rw-qdev14-011-p2", True), ("rw-qpara-120-p1", True), ("core-001", True)])
def test_only_tuned_questions_are_learned_from(case_id, tuned):
    assert use_examples.tuned(case_id) is tuned


def _entry(anchor):
    return RightAnswer(right="medical_advice", verdict="no", conditions="", anchors=(anchor,))


@pytest.mark.parametrize("answer_label, evidence, expected", [
    ("no", ["To provide medical advice and medical results interpretation;"], ["medical_advice"]),
    ("conditional", ["To provide medical advice and medical results interpretation;"], None),  # an exception asked
    ("yes", ["You may use the Model for any lawful purpose"], []),
    ("no", ["for Non-Commercial Uses only"], None),  # a `no` for another reason teaches no use
])
def test_a_case_is_labelled_from_its_own_evidence(answer_label, evidence, expected):
    case = Case(id="x", question="q", answer=answer_label, evidence=evidence)
    prohibited = {"medical_advice": _entry("To provide medical advice and medical results interpretation")}
    assert use_examples.labels(case, prohibited) == expected


def test_the_shipped_examples_are_what_the_builder_writes_from_tuned_cases_only(tmp_path):
    target = tmp_path / "use-examples.yaml"
    use_examples.write(use_examples.build(ROOT / "evals"), target)
    assert target.read_text(encoding="utf-8") == (ROOT / "corpus" / "use-examples.yaml").read_text(encoding="utf-8")
    held_out = {json.loads(line)["id"] for line in (ROOT / "evals" / "questions-test.jsonl").read_text().splitlines()
                if line.strip() and not line.startswith("//")}
    rows = learned_uses._load(str(target))
    ids = [line.split(": ", 1)[1] for line in target.read_text().splitlines() if line.startswith("- id: ")]
    assert len(ids) == len(rows.texts) > 1000
    assert not held_out & set(ids) and all(use_examples.tuned(i) for i in ids)
    assert set(rows.names) - {""} <= set(topics.uses()) and rows.not_by_example <= set(topics.uses())


@needs_embeddings
def test_a_use_told_in_new_words_is_learned_when_the_descriptions_agree():
    text = " ".join(SOLE_DECIDER.lower().split())
    assert learned_uses.learned_use(text) == "automated_decisions"
    assert topics.uses_in(text) == ["automated_decisions"]
    assert topics.uses_in(text, semantic=False) == []  # no term names it


@needs_embeddings
@pytest.mark.parametrize("question", [
    "homework help app for high schoolers built on it. is that allowed under the use policy?",  # kids, not harm
    "a bot that posts ai-written recipes to our instagram every day. can i?",  # undisclosed AI: never by example
    "we draft newsletters for our bakery with it. fine under the policy?",
])
def test_an_ordinary_activity_learns_no_use(question):
    assert learned_uses.learned_use(" ".join(question.lower().split())) is None


@needs_embeddings
@pytest.mark.parametrize("key, verdict", [("bigscience-open-rail-m", "no"), ("openai-tou-20241211", "no"),
                                          ("gemma-pup-2024-02-21", "no")])
def test_the_learned_use_is_answered_by_the_item_of_the_list(key, verdict):
    corpus = load()
    resolved = resolve_case(Case(id="t", license_key=key, question=SOLE_DECIDER), corpus, ROOT / "evals")
    prepared = answer.prepare(SOLE_DECIDER, resolved, corpus, None)
    assert prepared.asked.uses == ("automated_decisions",)
    assert prepared.decision.verdict == verdict and prepared.decision.quotes


def test_without_embeddings_nothing_is_learned(monkeypatch):
    monkeypatch.setattr(embeddings, "embedder", lambda *a, **k: None)
    learned_uses.learned_use.cache_clear()
    try:
        assert learned_uses.learned_use(" ".join(SOLE_DECIDER.lower().split())) is None
    finally:
        learned_uses.learned_use.cache_clear()


def test_a_question_about_any_use_at_all_teaches_no_use(tmp_path):
    item = "To provide medical advice and medical results interpretation"
    cases = [{"id": "qdev13-001", "license_key": "bigscience-open-rail-m", "answer": "no", "kind": "permission",
              "question": "Can I use it for anything I want?", "evidence": [item]},
             {"id": "qdev13-003", "license_key": "bigscience-open-rail-m", "answer": "no", "kind": "permission",
              "question": "Our app reads blood test results and tells patients what to take. OK?", "evidence": [item]}]
    (tmp_path / "questions-devx.jsonl").write_text("\n".join(json.dumps(case) for case in cases) + "\n")
    assert use_examples.build(tmp_path) == [{"id": "qdev13-003", "use": "medical_advice", "text": cases[1]["question"]}]


# --- the same answer in every process ---------------------------------------------------------------------------
# One labelled question can teach two uses (a fake photo of a rival that is both a lie and a smear). Its examples
# then tie exactly, and which use won used to follow the order Python's per-process string hashing gave a set.

TIE_SCRIPT = """
import numpy as np
from explainer import embeddings, learned_uses as L, uses
texts = ("a fake photo of my rival taking a bribe",) * 2 + ("draw my cat",) * 3
L.examples = lambda: L.Examples(texts, ("smear", "lie", "", "", ""), frozenset())
L._vectors = lambda _: np.array([[1.0, 0.0]] * 2 + [[0.0, 1.0]] * 3, dtype=np.float32)
embeddings.embedder = lambda: (lambda batch: [np.array([0.9, 0.1], dtype=np.float32)] * len(batch))
question = "i want to make a fake photo of my rival for the election"
uses.similarities = lambda _: {"smear": 0.41, "lie": 0.45, "": 0.3}
lie = L.learned_use(question)
L.learned_use.cache_clear()
uses.similarities = lambda _: {"smear": 0.5, "lie": 0.2, "": 0.3}
print(L.nearest(question)[0], lie, L.learned_use(question))
"""


def test_tied_examples_are_told_apart_by_the_descriptions_in_every_process():
    seen = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        done = subprocess.run([sys.executable, "-c", TIE_SCRIPT], capture_output=True, text=True, cwd=ROOT,
                              env={**os.environ, "PYTHONHASHSEED": seed}, timeout=120)
        assert done.returncode == 0, done.stderr[-500:]
        seen.add(done.stdout.strip())
    # both uses tie, listed by name whatever the hashing; the descriptions choose between them
    assert seen == {"('lie', 'smear') lie smear"}
