"""The case a duty question describes, read by the decision core (explainer/decide.py): a model run as a service
asked whether its weights or source must be released is the license's network clause, read against whether the
question runs a modified version."""

from __future__ import annotations

import pytest

from explainer import decide, understand
from explainer.corpus import load
from explainer.resolve import from_name


@pytest.fixture(scope="module")
def corpus():
    return load()


def _verdict(corpus, key, question):
    decision = decide.decide(from_name(corpus, key, "explicit"), understand.understand(question), corpus)
    return decision.topic, decision.verdict


@pytest.mark.parametrize("key, question, verdict", [
    # a network clause that binds modified versions only (FAIR AI Public License 1.0-SD, AGPL-3.0)
    ("fair-ai-public-1.0-sd", "we host our merged checkpoint on a web app for subscribers. do we have to release "
                              "the weights to them?", "yes"),
    ("fair-ai-public-1.0-sd", "our site serves the untouched original model to visitors. must we offer them the "
                              "model download?", "no"),
    ("agpl-3.0", "we patched the program and run it as an online service, nobody gets a copy. do we have to "
                 "publish our changes?", "yes"),
    # no network clause: a service hands out nothing (GPL-3.0)
    ("gpl-3.0", "we changed the code and only run it behind our api. do we have to release our source?", "no"),
])
def test_a_service_asked_to_release_weights_or_source_reads_the_network_clause(corpus, key, question, verdict):
    assert _verdict(corpus, key, question) == ("network_source", verdict)


def test_copies_handed_out_are_not_the_network_clause(corpus):
    topic, _ = _verdict(corpus, "gpl-3.0", "we ship the modified code inside our desktop app to customers. do we have "
                                           "to release our source?")
    assert topic != "network_source"


@pytest.mark.parametrize("question, verdict", [
    ("is it ok to publish blog posts that bloom writes for me?", "conditional"),
    ("can i publish articles that bloom wrote on my news blog?", "conditional"),
])
def test_publishing_generated_text_under_a_disclosure_restriction_is_allowed_only_with_the_disclosure(
        corpus, question, verdict):
    """BLOOM's RAIL forbids publishing machine-generated content without saying so: a use that puts generated
    text before people is allowed only with that statement."""
    decision = decide.decide(from_name(corpus, "bloom", "explicit"), understand.understand(question), corpus)
    assert decision.verdict == verdict
    assert any("machine generated" in quote.text for quote in decision.quotes)


def test_selling_generated_code_is_not_publishing_it_to_readers(corpus):
    decision = decide.decide(from_name(corpus, "starcoder", "explicit"),
                             understand.understand("can i sell code that starcoder generates for me?"), corpus)
    assert decision.verdict == "yes"


def test_a_paid_service_in_the_case_is_not_a_question_about_paying(corpus):
    """"If I host it as a paid API, must I pass the restrictions on?" asks about the hosting duty, not whether a
    licence must be bought: the duty in the hosting entry's conditions holds in the case the question names."""
    question = "we'll run deepseek-v2 behind a paid api. do we have to put its use restrictions in our customer terms?"
    decision = decide.decide(from_name(corpus, "deepseek-v2", "explicit"), understand.understand(question), corpus)
    assert decision.verdict == "yes"


def test_a_duty_asked_in_the_case_its_condition_names_holds(corpus):
    """ODbL's share-alike binds a derivative database only when it is publicly used: a question supposing that
    very case is answered `yes`."""
    question = "once we publicly use our derivative database built from odbl data, must it be under odbl too?"
    decision = decide.decide(from_name(corpus, "odbl-1.0", "explicit"), understand.understand(question), corpus)
    assert decision.verdict == "yes"


@pytest.mark.parametrize("question, verdict", [
    # the claim sits before a trailing example: it is still the claim asked about
    ("google claims no rights in what gemma writes for me, right? e.g. my newsletter drafts", "yes"),
    # a contrast beside the claim does not negate it
    ("i own the weights of my llama 3.2 finetune, not meta, right? (the ones i trained)", "yes"),
])
def test_a_claim_is_read_in_its_own_sentence(corpus, question, verdict):
    resolved = from_name(corpus, "gemma" if "gemma" in question else "llama-3.2", "explicit")
    assert decide.decide(resolved, understand.understand(question), corpus).verdict == verdict
