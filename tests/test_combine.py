"""Without a card, a capable LLM's reading of the clauses is weighed with the auto-card's (explainer/combine.py)."""

from __future__ import annotations

import pytest

from explainer import answer, combine, embeddings, settings
from explainer.corpus import Corpus
from explainer.decide import Decision
from explainer.quotes import Quote
from explainer.resolve import from_name
from tests.fakes import FakeBackend

CLAUSE = Quote("some-license", "c1", "You may not use the model behind a paid API.", 0, 44)
OTHER = Quote("some-license", "c2", "The model is provided as is.", 45, 73)


def auto(verdict: str, confidence: float) -> Decision:
    return Decision("hosted_service_or_api", verdict, "No hosting.", "auto", (CLAUSE,), confidence=confidence)


def test_agreeing_readings_raise_the_confidence():
    combined = combine.combine(auto("no", 0.6), Decision("hosted_service_or_api", "no", "", "llm"), "big-model")
    assert combined.verdict == "no" and combined.source == "auto"
    assert combined.confidence == pytest.approx(0.8) and "big-model read the clauses the same way" in combined.notes[-1]


def test_a_sure_auto_card_stands_against_a_disagreeing_llm_with_a_lower_confidence():
    combined = combine.combine(auto("no", 0.9), Decision("hosted_service_or_api", "yes", "", "llm"), "big-model")
    assert combined.verdict == "no" and combined.confidence < 0.9
    assert "big-model reads 'yes'" in combined.notes[-1]


def test_disagreeing_readings_are_no_confident_guess_and_quote_both_candidates():
    combined = combine.combine(auto("no", 0.65), Decision("hosted_service_or_api", "yes", "", "llm", (OTHER,)),
                               "big-model")
    assert combined.verdict == "unclear" and combined.quotes == (CLAUSE, OTHER)
    assert "the auto-card reads 'no'" in combined.conditions and "big-model reads 'yes'" in combined.conditions


def test_a_verdict_the_llm_could_not_give_leaves_the_auto_card_alone():
    combined = combine.combine(auto("no", 0.6), Decision("hosted_service_or_api", "maybe", "", "llm"), "big-model")
    assert combined.verdict == "no" and combined.confidence == 0.6


@pytest.mark.parametrize("backend, setting, expected", [
    ("local", "auto", False), ("openai", "auto", True), ("local", "on", True), ("openai", "off", False)])
def test_the_combination_is_on_for_openai_backends_unless_set(monkeypatch, backend, setting, expected):
    monkeypatch.setenv("EXPLAINER_COMBINE", setting)
    assert settings.combines(settings.resolve(backend=backend)) is expected


def test_a_bad_combine_setting_is_an_input_error(monkeypatch):
    from explainer.errors import InputError

    monkeypatch.setenv("EXPLAINER_COMBINE", "sometimes")
    with pytest.raises(InputError):
        settings.resolve()


@pytest.mark.skipif(not embeddings.available(), reason="the MiniLM ONNX export is missing")
@pytest.mark.parametrize("llm_verdict", ["no", "yes"])
def test_an_answer_without_a_card_asks_a_combining_backend_for_its_reading(llm_verdict):
    corpus = Corpus()
    resolved = from_name(corpus, "flux-1-nc", "explicit")
    backend = FakeBackend([{"verdict": llm_verdict, "conditions": "as the clauses say"}])
    backend.combines = True
    response = answer.ask("Can I put it behind my paid API?", resolved, corpus, None, backend, without_card=True)
    auto_decision = response.prepared.decision
    result = response.answer()
    assert auto_decision.source == "auto" and backend.calls[0]["schema"] is not None  # the LLM read the clauses
    if llm_verdict == auto_decision.verdict:
        assert result.verdict == auto_decision.verdict
        assert any("read the clauses the same way" in n for n in result.notes)
    else:
        assert result.verdict in (auto_decision.verdict, "unclear")
        assert any(f"reads '{llm_verdict}'" in n for n in result.notes)
    assert result.reminder
