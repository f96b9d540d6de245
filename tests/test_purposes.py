"""Purposes a non-commercial license counts as its own (explainer/purposes.py): recognised by meaning in users'
words, never when money changes hands, and answered `yes` with the definition quoted."""

from __future__ import annotations

import pytest

from explainer import cards, decide, embeddings, purposes, understand
from explainer.corpus import load
from explainer.resolve import from_name

needs_embeddings = pytest.mark.skipif(embeddings.embedder() is None, reason="the MiniLM export is not installed")


@pytest.fixture(scope="module")
def corpus():
    return load()


def _flux(corpus):
    return cards.card_for(corpus, "flux-1-nc") if hasattr(cards, "card_for") else decide.card_of(
        from_name(corpus, "flux-1-nc", "explicit"), corpus)


@pytest.mark.parametrize("question, money", [
    ("she'd pay me like 50 bucks for the menu pictures", True),
    ("we want to use it in our paid app", True),
    ("test it internally, not in production, before we pay for a commercial license", False),
    ("our charity hands the posters out for free, no money involved", False),
])
def test_money_is_read_but_not_when_denied_or_when_it_buys_the_license(question, money):
    assert purposes.speaks_of_money(question) is money


def test_only_a_non_commercial_card_lists_purposes(corpus):
    flux = decide.card_of(from_name(corpus, "flux-1-nc", "explicit"), corpus)
    mit = decide.card_of(from_name(corpus, "mit", "explicit"), corpus)
    assert purposes.listed_purposes(flux)
    assert purposes.listed_purposes(mit) == ()


@needs_embeddings
@pytest.mark.parametrize("question", [
    "my team would like to try flux dev in-house for a few weeks to see if it fits our pipeline. can we?",
    "is a for-profit company allowed to benchmark flux dev internally before deciding anything?",
])
def test_a_companys_evaluation_is_allowed_under_the_non_commercial_definition(corpus, question):
    resolved = from_name(corpus, "flux-1-nc", "explicit")
    decision = decide.decide(resolved, understand.understand(question), corpus)
    assert decision.verdict == "yes"
    assert any("non-production" in quote.text for quote in decision.quotes)


@needs_embeddings
@pytest.mark.parametrize("question", [
    "can i use flux dev in my agency's client work?",
    "we want to run flux dev in production for our customers, ok?",
])
def test_commercial_work_stays_outside_the_purposes(corpus, question):
    resolved = from_name(corpus, "flux-1-nc", "explicit")
    assert decide.decide(resolved, understand.understand(question), corpus).verdict == "no"
