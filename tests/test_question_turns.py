"""Session 11's readings of what a question turns on, each asked in words of its own (not a suite's): leave to skip
a duty, a duty asked of the licensor, a third party's power stated with a tag, a place named only to deny it, a
claim about which license applies, a party named in a premise, a use policy on its own, an exception that leaves
another item binding, commercial words the question denies, and a duty scoped to another family of models."""

from __future__ import annotations

import pytest

from explainer import identity, licensor_duty, understand
from explainer.corpus import load
from explainer.resolve import from_name
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


# -- leave to skip a duty is the duty turned round ------------------------------------------------------------------
@pytest.mark.parametrize("question, waives", [
    ("could we leave out the 'built with' line on our pricing page?", True),
    ("is it ok to not include the license file in the zip?", True),
    ("can i drop the model into my discord bot?", False),
    ("can i skip ahead and use it commercially?", True),
    ("do we have to show the badge?", False),
])
def test_leave_to_skip_a_duty_is_read_as_the_duty(question, waives):
    assert understand.understand(question).waives is waives


def test_skipping_a_duty_the_case_owes_is_not_allowed(corpus):
    question = ("we sell a hosted writing assistant built on llama 3.1 to paying teams. could we leave out the "
                "'Built with Llama' line since we never ship the weights?")
    decision = _decide(corpus, question, "llama-3.1-license-2024")
    assert decision.verdict == "no", decision
    assert any("leave a duty out" in note for note in decision.notes)


# -- a duty asked of the licensor: only what a sentence binds it to -------------------------------------------------
@pytest.mark.parametrize("question, name", [
    ("if i slip up on the terms, does google have to send me a warning before my rights end?", "gemma-tou-2024-04-01"),
    ("does meta have to grant us the bigger license once we pass the user cap?", "llama-3.1-license-2024"),
])
def test_a_duty_no_sentence_puts_on_the_licensor_is_no(corpus, question, name):
    asked = understand.understand(question)
    assert asked.kind == "fact" and licensor_duty.asks_licensor_duty(asked), asked
    assert _decide(corpus, question, name).verdict == "no"


def test_a_sentence_binding_the_licensor_reads_as_its_duty():
    pattern = licensor_duty.binds_licensor()
    assert pattern.search("Licensor will provide notice of any change thirty days in advance.")
    assert not pattern.search("You will indemnify and hold harmless the Licensor.")
    assert not pattern.search("This Agreement will be governed by the laws of Ireland.")
    assert not pattern.search("We will not be liable for any damages.")


# -- a third party's power, stated and tagged, is a fact about that party --------------------------------------------
def test_a_stated_power_of_the_licensor_is_a_fact_and_its_denial_is_answered_as_worded(corpus):
    question = "we accepted the gemma terms in march, so google is not able to change them on us now, right?"
    asked = understand.understand(question)
    assert asked.kind == "fact", asked
    assert _decide(corpus, question, "gemma-tou-2024-04-01").verdict == "no"


# -- a place named only to deny it is not the asker's ---------------------------------------------------------------
@pytest.mark.parametrize("text, absent, present", [
    ("we're a norwegian firm, norway is not in the eu", "eu", "norway"),
    ("our company sits outside the eu, in canada", "eu", "canada"),
    ("a non-eu startup", "eu", None),
    ("we are in the eu and also sell in canada", None, "eu"),
])
def test_a_place_named_only_to_deny_it(text, absent, present):
    places = understand.places_in(text)
    if absent:
        assert absent not in places, places
    if present:
        assert present in places, places


# -- governing law: the places named as the law, not where a party is ------------------------------------------------
@pytest.mark.parametrize("question, verdict", [
    ("our studio is based in austria, what law applies to the gemma terms?", "yes"),
    ("austrian team here, is the gemma agreement under austrian law?", "no"),
    ("which law governs the gemma terms - austria?", "no"),
])
def test_governing_law_reads_the_law_asked_not_the_askers_place(corpus, question, verdict):
    assert _decide(corpus, question, "gemma-tou-2024-04-01").verdict == verdict


# -- a claim about which license applies ----------------------------------------------------------------------------
def test_a_claim_of_a_plain_license_the_model_is_not_under_is_no(corpus):
    question = "falcon 2 is basically apache licensed, so there are no extra conditions, right?"
    decision = _decide(corpus, question, "falcon-2-11b-1.0")
    assert decision.verdict == "no", decision
    assert decision.quotes, "the opening of the terms that apply is quoted"


def test_a_claim_of_the_license_the_model_is_really_under_is_left_to_the_other_stages(corpus):
    resolved = from_name(corpus, "mit", "explicit")
    assert identity.decide(resolved, understand.understand("it's mit so no strings, right?"), corpus) is None


# -- a party named in a premise is not the question -----------------------------------------------------------------
def test_a_counterparty_named_in_a_premise_does_not_answer_the_law_asked(corpus):
    question = "we're a paris startup so our counterparty is meta ireland. does irish law govern the llama 4 license then?"
    assert _decide(corpus, question, "llama-4-license-2025").verdict == "no"


# -- a use policy on its own answers from its list ------------------------------------------------------------------
def test_a_use_policy_alone_answers_an_unlisted_activity_from_its_list(corpus):
    decision = _decide(corpus, "can we use gemma to draft recipe descriptions for our food blog?", "gemma-pup-2024-02-21")
    assert decision.verdict == "yes", decision
    assert decision.topic == "prohibited_use" and decision.quotes


# -- an exception met: allowed, unless another item still binds it --------------------------------------------------
def test_an_exception_met_is_allowed_when_nothing_else_binds_it(corpus):
    question = "i teach biology and want gemma to answer students' questions about human reproduction. can i?"
    assert _decide(corpus, question, "gemma-pup-2024-02-21").verdict == "yes"


def test_a_consented_deepfake_stays_conditional_on_disclosure(corpus):
    question = "my sister agreed to it: can i make a deepfake clip of her singing with an openrail-m model?"
    assert _decide(corpus, question, "bigscience-open-rail-m").verdict == "conditional"


# -- commercial words the question denies -------------------------------------------------------------------------
def test_denied_words_do_not_describe_a_use():
    assert "money" not in understand.affirmed("i never make money from these")
    assert "company" in understand.affirmed("we don't sell it, but our company uses it daily")


def test_a_free_share_of_a_non_commercial_derivative_is_not_a_commercial_use(corpus):
    question = "i made a lora on flux dev and i don't charge for it. may i post it on huggingface for anyone?"
    assert _decide(corpus, question, "flux-1-nc").verdict == "conditional"


# -- a duty scoped to one family does not reach another model named under the same license --------------------------
def test_a_family_scoped_duty_does_not_reach_another_named_model(corpus):
    question = "we ship a quantized minitron 8b inside our tool. do we need a 'Built on NVIDIA Cosmos' line?"
    assert _decide(corpus, question, "nvidia-open-model-2025-04-28").verdict == "no"


# -- shipping inside a sold or offline app hands out copies --------------------------------------------------------
@pytest.mark.parametrize("question", [
    "we bundle phi-4 inside our desktop app that we sell on steam. is that allowed?",
    "our note app runs the model offline inside the phone app. ok?",
])
def test_shipping_inside_an_app_is_copies(question):
    assert "copies" in understand.understand(question).triggers


def test_an_elliptic_ask_whether_something_is_needed_is_a_duty():
    assert understand.understand("we printed a map from an odbl database for a trade show. any notice needed?").kind \
        == "obligation"


def test_the_leave_to_skip_a_duty_is_explained_as_leave(corpus):
    from explainer import explanation
    question = "our paid chat service runs llama 3.1. may we skip the 'Built with Llama' line?"
    decision = _decide(corpus, question, "llama-3.1-license-2024")
    assert decision.waived and decision.verdict == "no", decision
    assert explanation.words(decision).opening == "No, you may not leave it out"
    assert explanation.fallback(decision).startswith("No, you may not leave it out")
