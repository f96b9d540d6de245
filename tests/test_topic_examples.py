"""Routing learned from the tuned eval questions (`corpus/topic-examples.yaml`, written by
explainer/evals/topic_examples.py): tuned questions only, each labelled with the topic it was written for or the one
topic whose clause its evidence quotes, read as a second, weaker vote that may move a rival above the best-scored
topic but never lowers that one."""

import json
from pathlib import Path

import pytest

from explainer import embeddings, rights, topics, understand
from explainer.cards import Card, RightAnswer
from explainer.evals import topic_examples, use_examples
from explainer.evals.dataset import Case

ROOT = Path(__file__).resolve().parent.parent
needs_embeddings = pytest.mark.skipif(not embeddings.available(), reason="the ONNX export is not set up")

CURE = "You have 30 days from our notice to cure the breach, or this License terminates"
ITEM = "To provide medical advice and medical results interpretation"


def _card():
    def entry(name, anchor):
        return RightAnswer(right=name, verdict="yes", conditions="", anchors=(anchor,))
    return Card(key="k", summary="", rights={"derivatives_allowed": entry("derivatives_allowed", "the Model")},
                facts={"termination_breach": entry("termination_breach", CURE)},
                prohibited={"medical_advice": entry("medical_advice", ITEM)})


@pytest.mark.parametrize("topic, evidence, expected", [
    ("cure_period", [CURE + "."], "termination_breach"),  # the writer's own label is not ours: the quoted clause
    ("governing_law", [CURE], "governing_law"),  # a label of ours is the topic it was written for
    (None, [f"{ITEM};"], topics.PROHIBITED_USE),  # an item of the restriction list
    (None, [CURE, ITEM], None),  # two topics' clauses quoted: which one decides is not known
    (None, ["the Model is provided as is"], None),  # an anchor this short is quoted by anything: no label
])
def test_a_case_is_labelled_by_its_own_topic_or_the_one_clause_it_quotes(topic, evidence, expected):
    case = Case(id="x", question="q", answer="yes", evidence=evidence, topic=topic)
    assert topic_examples.label(case, _card()) == expected


def test_no_card_and_no_label_of_ours_is_no_example():
    assert topic_examples.label(Case(id="x", question="q", answer="yes", evidence=[CURE]), None) is None


def test_the_shipped_examples_are_what_the_builder_writes_from_tuned_cases_only(tmp_path):
    target = tmp_path / "topic-examples.yaml"
    topic_examples.write(topic_examples.build(ROOT / "evals"), target)
    shipped = ROOT / "corpus" / understand.LEARNED_FILE
    assert target.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")
    held_out = {json.loads(line)["id"] for line in (ROOT / "evals" / "questions-test.jsonl").read_text().splitlines()
                if line.strip() and not line.startswith("//")}
    ids = [line.split(": ", 1)[1] for line in target.read_text().splitlines() if line.startswith("- id: ")]
    rows = understand._learned_examples(str(target))
    assert len(ids) == len(rows) > 2000
    assert not held_out & set(ids) and all(use_examples.tuned(i) for i in ids)
    assert {name for name, _ in rows} <= set(rights.names()) | set(topics.topics())


def test_an_unknown_topic_in_the_file_is_a_storage_error(tmp_path):
    bad = tmp_path / "topic-examples.yaml"
    bad.write_text("examples:\n- id: x\n  topic: not_a_topic\n  text: q\n", encoding="utf-8")
    with pytest.raises(understand.StorageError, match="not_a_topic"):
        understand._learned_examples(str(bad))


class _Fixed:
    def __init__(self, sims):
        self.sims = sims

    def similarities(self, question):
        return dict(self.sims)


def test_the_learned_vote_reorders_and_adds_no_confidence(monkeypatch):
    monkeypatch.setattr(understand, "learned_classifier", lambda: _Fixed({"a": 0.5, "b": 0.9, "d": 0.55}))
    moved = understand._by_learned({"a": 0.80, "b": 0.75, "c": 0.6, "d": 0.70}, "q", None, {})
    assert moved["a"] == 0.80  # the best-scored topic keeps its score: the level
    assert moved["b"] == pytest.approx(0.80 + understand.LEARNED_TIE)  # nearer examples: it overtakes, just
    assert moved["d"] == pytest.approx(0.70 + understand.LEARNED_WEIGHT * 0.05)  # a little nearer: a little up
    assert moved["c"] == pytest.approx(0.6)  # no examples of it: as far as the farthest topic (a), no lower
    monkeypatch.setattr(understand, "learned_classifier", lambda: _Fixed({}))
    assert understand._by_learned({"a": 0.8}, "q", None, {}) == {"a": 0.8}  # no examples (or no embeddings)


def test_rivals_above_the_best_keep_their_order_within_a_tie_of_it(monkeypatch):
    monkeypatch.setattr(understand, "learned_classifier", lambda: _Fixed({"a": 0.5, "b": 0.9, "c": 0.7}))
    moved = understand._by_learned({"a": 0.80, "b": 0.75, "c": 0.78}, "q", None, {})
    assert moved["a"] == 0.80 < moved["c"] < moved["b"] == pytest.approx(0.80 + understand.LEARNED_TIE)


def test_the_learned_examples_are_compared_without_the_models_names():
    assert understand._without_names("Can I use FLUX.1 [dev] at home just for fun?") == "can i use it at home just for fun?"


def test_a_topic_the_words_cue_is_not_overtaken_by_one_they_do_not(monkeypatch):
    monkeypatch.setattr(understand, "learned_classifier", lambda: _Fixed({"a": 0.5, "b": 0.9}))
    kept = understand._by_learned({"a": 0.80, "b": 0.75}, "q", None, {"a": 7})
    assert kept["a"] == 0.80 and kept["b"] == pytest.approx(0.80 - understand.LEARNED_TIE)
    cued = understand._by_learned({"a": 0.80, "b": 0.75}, "q", None, {"a": 7, "b": 3})
    assert cued["b"] > cued["a"]  # both cued: the learned vote may reorder them


@needs_embeddings
def test_as_is_stays_the_warranty_however_near_questions_about_checkpoints_are():
    asked = understand.understand("the checkpoint comes as is, with no guarantee it works, right?")
    assert asked.topics[0] == "warranty"


# a cure period told as a story: the breach named is of the use policy, the question is whether the license stays
CURED = ("got a notice from the licensor last week that my space violates their policy. if i take the space down "
         "within a few days, do i keep my license?")


@needs_embeddings
def test_a_question_the_written_examples_misroute_is_routed_by_the_learned_ones(monkeypatch):
    assert understand.understand(CURED).topics[0] == "termination_breach"
    monkeypatch.setattr(understand, "LEARNED_WEIGHT", 0.0)
    assert understand.understand(CURED).topics[0] == topics.PROHIBITED_USE  # the policy named, not the question
