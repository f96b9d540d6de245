"""Session 12's readings, each asked in words of its own (not a suite's): emphasis marks around a word, a passive
"be told it's a machine", a place asked of a text that names no forum, "is the license enough?", "on the hook to
give out", and cities read as the country or state they are in."""

from __future__ import annotations

import pytest

from explainer import understand
from explainer.corpus import load
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


@pytest.mark.parametrize("question", [
    "do we *have* to credit meta on the store page?",
    "**must** i keep the notice file when i ship it?",
])
def test_emphasis_marks_do_not_hide_the_duty(question):
    assert understand.understand(question).kind == "obligation"


def test_emphasis_is_dropped_but_arithmetic_stays():
    assert understand.fold("is it *really* ok? 2*3 = 6") == "is it really ok? 2*3 = 6"


def test_being_told_it_is_a_machine_is_the_disclosure_duty(corpus):
    question = "we run a bloom chatbot for our customers. do they have to be told they're chatting with a machine?"
    decision = _decide(corpus, question, "bigscience-rail-1.0")
    assert decision.verdict == "yes", decision
    assert decision.quotes


@pytest.mark.parametrize("question, verdict", [
    ("if the sd 1.5 authors ever took me to court, would it be in french courts?", "not_addressed"),
    ("does the sd 1.5 license say disputes go to french courts?", "no"),
])
def test_a_place_asked_of_a_text_with_no_forum_is_left_open_unless_the_text_is_asked(corpus, question, verdict):
    assert _decide(corpus, question, "stable-diffusion-2022-08-22").verdict == verdict


def test_is_the_license_enough_asks_whether_the_use_is_allowed(corpus):
    question = "our studio makes about $3M a year doing client ads with ltx video. is the ltx license enough for that?"
    assert understand.understand(question).kind in ("permission", "threshold")
    assert _decide(corpus, question, "ltxv-owl-2025-05-05").verdict == "yes"


@pytest.mark.parametrize("question, kind", [
    ("our merged pony checkpoint runs as a web app. am i on the hook to release the merged weights?", "obligation"),
    ("if the bot says something nasty about a person, am i on the hook for that?", "fact"),
])
def test_on_the_hook_to_do_something_is_a_duty_and_on_the_hook_for_harm_is_liability(question, kind):
    assert understand.understand(question).kind == kind


def test_a_hosted_merge_owes_its_weights_under_a_network_clause(corpus):
    question = "our merged pony checkpoint runs as a web app. am i on the hook to release the merged weights?"
    assert _decide(corpus, question, "fair-ai-public-1.0-sd").verdict == "yes"


@pytest.mark.parametrize("text, place", [
    ("we're a startup in lausanne", "switzerland"),
    ("our office is in oslo", "norway"),
    ("two founders in palo alto", "california"),
])
def test_a_city_names_its_country_or_state(text, place):
    assert place in understand.places_in(understand.fold(text))


def test_a_city_decides_the_contracting_party(corpus):
    question = "we're based in geneva. our llama 4 agreement is with meta platforms, inc., right?"
    decision = _decide(corpus, question, "llama-4-cla-2025")
    assert decision.verdict == "no", decision
    assert "Ireland" in decision.conditions


# -- taking a model's safety measures out is a use the lists name -----------------------------------------------------
@pytest.mark.parametrize("question, name", [
    ("thinking of making an uncensored nemotron by fine-tuning away the refusals, allowed?",
     "nvidia-open-model-2025-04-28"),
    ("is it ok to strip the safety guardrails from hunyuan3d so it renders anything?", "tencent-hunyuan-3d-2.0-cla"),
])
def test_removing_safety_measures_is_forbidden_where_the_text_says_so(corpus, question, name):
    decision = _decide(corpus, question, name)
    assert decision.verdict == "no", decision
    assert decision.quotes


def test_a_license_without_such_a_clause_does_not_forbid_it(corpus):
    decision = _decide(corpus, "is it ok to strip the refusals out of my own apache-licensed model?", "apache-2.0")
    assert decision.verdict != "no", decision


# -- another model taught with this one's outputs -----------------------------------------------------------------
def test_a_fine_tune_of_another_model_on_these_outputs_is_training_another_model(corpus):
    question = ("i'm tuning qwen2.5 7b and the plan is to use thousands of answers llama 2 generates as its "
                "training set. that's fine, it's just outputs?")
    decision = _decide(corpus, question, "Llama 2")
    assert decision.topic == "train_other_models_on_outputs"
    assert decision.verdict == "no", decision


def test_a_fine_tune_of_the_model_itself_stays_a_derivative(corpus):
    decision = _decide(corpus, "fine-tuning llama 2 on the answers our support staff wrote, ok?", "Llama 2")
    assert decision.topic == "derivatives_allowed"
    assert decision.verdict in ("yes", "conditional")


def test_training_the_model_on_its_own_outputs_stays_with_the_outputs_clause(corpus):
    # FLUX.1 [dev]'s clause reaches any competing image model, this one's fine-tunes included (the card's reading)
    decision = _decide(corpus, "can i train flux dev on images flux dev generated, as a lora?", "flux-1-nc")
    assert decision.topic == "train_other_models_on_outputs"


# -- suing, and what it ends -----------------------------------------------------------------------------------------
def test_suing_is_the_litigation_clause_not_the_breach_clause(corpus):
    decision = _decide(corpus, "if i sue black forest labs over a patent, do i lose my license?", "flux-1-nc")
    assert decision.topic == "termination_litigation"
    assert decision.verdict == "yes"


@pytest.mark.parametrize("question, verdict", [
    # the patent license is what the clause ends: keeping it is "no"
    ("if we sue a company claiming mistral 7b infringes our patent, do we keep our patent license?", "no"),
    # the copyright license goes on: using it is still open, under that one's conditions
    ("if we sue a company claiming mistral 7b infringes our patent, can we keep using it?", "conditional"),
])
def test_keeping_a_grant_after_suing_is_read_against_the_grant_the_clause_ends(corpus, question, verdict):
    assert _decide(corpus, question, "apache-2.0").verdict == verdict


def test_the_forum_answer_names_the_place(corpus):
    decision = _decide(corpus, "which court handles disputes for gemma?", "gemma-tou-2025-03-24")
    assert decision.verdict == "yes"
    assert "Santa Clara" in decision.conditions and "California" in decision.conditions


# -- sexual imagery of a real person is not the same question as adult content -------------------------------------
@pytest.mark.parametrize("question, verdict", [
    ("could i generate nsfw pics featuring real celebrities with sd 1.5?", "no"),
    ("is adult fantasy art with made-up characters ok with sd 1.5?", "yes"),
])
def test_a_real_person_in_sexual_imagery_is_the_harassment_item(corpus, question, verdict):
    assert _decide(corpus, question, "stable-diffusion-2022-08-22").verdict == verdict


def test_free_for_commercial_use_asks_the_commercial_right(corpus):
    decision = _decide(corpus, "is flux dev free for commercial use?", "flux-1-nc")
    assert decision.topic == "model_commercial_use" and decision.verdict == "no"
    assert _decide(corpus, "is mistral free for commercial use?", "apache-2.0").verdict == "yes"


@pytest.mark.parametrize("name, question, verdict", [
    ("FLUX.1 [schnell]", "is flux schnell apache 2.0?", "yes"),
    ("FLUX.1 [dev]", "is flux dev apache 2.0?", "no"),
    ("Qwen2.5 72B", "is qwen 2.5 72b apache?", "no"),
])
def test_which_license_it_is_asked_plainly(corpus, name, question, verdict):
    decision = _decide(corpus, question, name)
    assert decision.verdict == verdict, decision
    assert decision.quotes
