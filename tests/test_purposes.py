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


# -- a grant for research only: putting the model to work for people is outside it, free of charge or not --------

@needs_embeddings
@pytest.mark.parametrize("name, question", [
    ("EXAONE 3.5", "our town library wants exaone 3.5 on the lobby kiosk so visitors can ask it stuff. free for "
                   "everyone, we're public. ok?"),
    ("SD-Turbo", "nonprofit here, we'd deploy sd turbo so our volunteers can make flyers, nobody pays anything. "
                 "that's non commercial so fine?"),
    ("LLaMA (1)", "can our clinic give the nurses an internal assistant running on the original llama weights? "
                  "no patients are charged for it"),
    # the category the asker files the use under is not its purpose: what they describe doing is
    ("EXAONE 3.5", "our city library plans a free exaone 3.5 assistant that every visitor can chat with. that's "
                   "non-profit work, so it qualifies as non-commercial, right?"),
    ("EXAONE 3.5", "we'd run a free chatbot on exaone 3.5 that all our students use every day. that counts as "
                   "non-commercial, so it's fine, right?"),
])
def test_research_only_grant_does_not_cover_the_model_put_to_work(corpus, name, question):
    decision = decide.decide(from_name(corpus, name, "model_name"), understand.understand(question), corpus)
    assert decision.verdict == "no", decision
    assert decision.quotes, "the sentence that limits the grant is quoted"


@needs_embeddings
@pytest.mark.parametrize("name, question", [
    ("EXAONE 3.5", "phd student, can i run experiments with exaone 3.5 for my thesis?"),
    ("SD-Turbo", "we want to benchmark sd turbo's speed for a research paper, allowed?"),
])
def test_research_itself_stays_allowed_under_a_research_only_grant(corpus, name, question):
    decision = decide.decide(from_name(corpus, name, "model_name"), understand.understand(question), corpus)
    assert decision.verdict in ("yes", "conditional"), decision


def test_only_cards_that_say_so_exclude_production(corpus):
    exaone = decide.card_of(from_name(corpus, "exaone-ai-model-1.1-nc", "explicit"), corpus)
    flux = decide.card_of(from_name(corpus, "flux-1-nc", "explicit"), corpus)
    assert purposes.production_excluded(exaone) is not None
    assert purposes.production_excluded(flux) is None  # a charity's own work is a purpose FLUX.1 [dev] names
