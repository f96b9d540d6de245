"""explainer/policies.py: use lists kept in an outside policy, and the exceptions a card entry makes."""

from __future__ import annotations

import pytest

from explainer import cards, decide, embeddings, policies, understand
from explainer import corpus as corpus_module
from explainer.resolve import from_name

needs_embeddings = pytest.mark.skipif(embeddings.embedder() is None, reason="the MiniLM export is not installed")


@pytest.fixture(scope="module")
def corpus():
    return corpus_module.load()


def _card(corpus, key):
    return cards.card_for((key,), (), corpus)


def _decide(corpus, key, question):
    return decide.decide(from_name(corpus, key, "explicit"), understand.understand(question), corpus)


def test_a_card_names_the_outside_policy_its_list_lives_in(corpus):
    assert "Acceptable Use Policy" in policies.policy_elsewhere(_card(corpus, "llama-3.1-license-2024"))
    assert policies.policy_elsewhere(_card(corpus, "salesforce-ai-aup-2025")) == ""


def test_a_companion_policy_card_holds_the_list(corpus):
    # Llama 4 extends the 3.1 card but its policy is in the LicenseDB: the companion's items answer
    merged = cards.card_for(("llama-4-cla-2025", "llama-4-license-2025"), (), corpus)
    assert policies.policy_elsewhere(merged) == ""


@pytest.mark.parametrize("key,question", [
    ("llama-3.1-license-2024", "building an 18+ erotic roleplay bot on llama 3.1, age-verified users. allowed?"),
    ("llama-2-license-2023", "is llama 2 ok to use for giving medical advice in a health app?"),
    ("falcon-2-11b-1.0", "can i use falcon 2 11b to write political campaign ads?"),
    ("nvidia-open-model-2025-04-28", "can we use nemotron in an automated weapons targeting pipeline?"),
])
def test_a_use_the_text_leaves_to_an_outside_policy_is_not_addressed(corpus, key, question):
    decision = _decide(corpus, key, question)
    assert decision.verdict == "not_addressed"
    assert decision.quotes  # the incorporating sentence is quoted


def test_a_use_the_text_itself_forbids_stays_forbidden(corpus):
    decision = _decide(corpus, "llama-2-license-2023", "can I use llama 2 to launder money?")
    assert decision.verdict == "no"


def test_an_exception_needs_a_case_verdict_and_anchors(corpus):
    assert not [p for p in cards.problems(corpus) if "exception" in p]


def test_the_exception_verdict_is_read_for_a_fact_question():
    assert policies.literal("yes", "fact") == "no"  # "does it forbid it?" about an excepted case: no
    assert policies.literal("no", "fact") == "yes"
    assert policies.literal("conditional", "permission") == "conditional"


def test_no_embeddings_means_no_exception(corpus, monkeypatch):
    monkeypatch.setattr(embeddings, "embedder", lambda *a, **k: None)
    entry = _card(corpus, "gemma-pup-2024-02-21").prohibited["sexual_content"]
    assert policies.exception_met(entry, "a romance novel with a couple of explicit scenes") is None


@needs_embeddings
@pytest.mark.parametrize("key,question,verdict", [
    ("salesforce-ai-aup-2025", "hiring pipeline scores applicants; a recruiter makes the final call and we explain "
                               "the ai's role to candidates. ok?", "conditional"),
    ("salesforce-ai-aup-2025", "we pre-screen insurance claims with the AI but a human adjuster decides. allowed?",
     "conditional"),
    ("salesforce-ai-aup-2025", "payday lender: a human makes the final decision, so we can use the ai in approvals?",
     "no"),
    ("salesforce-ai-aup-2025", "can the AI reject loan applications automatically with nobody reviewing?", "no"),
    ("salesforce-ai-aup-2025", "safety team wants the AI to detect driver fatigue from cameras for safety. ok?",
     "conditional"),
    ("salesforce-ai-aup-2025", "our hr team wants the ai to read employees' emotions on calls for performance reviews."
                               " can we?", "no"),
    ("gemma-pup-2024-02-21", "writing a romance novel with gemma, a couple of explicit scenes. allowed?", "yes"),
    ("gemma-pup-2024-02-21", "building an nsfw sexting bot on a gemma finetune. allowed?", "no"),
])
def test_a_policy_item_exception_is_met_by_meaning(corpus, key, question, verdict):
    assert _decide(corpus, key, question).verdict == verdict


@needs_embeddings
@pytest.mark.parametrize("question,verdict", [
    ("Can I train a LoRA for SD3.5 using images I generated with SD3.5 itself?", "yes"),
    ("just for myself: can i train a lora on images i generated with sd3.5 large?", "yes"),
    ("can i use sd3.5 outputs to train my own new text-to-image foundation model from scratch?", "no"),
    ("can I use images from SD 3.5 as training data for a competing image generator?", "no"),
])
def test_a_right_exception_the_question_meets(corpus, question, verdict):
    assert _decide(corpus, "stability-ai-community-2024", question).verdict == verdict


@needs_embeddings
@pytest.mark.parametrize("key,question", [
    ("nvidia-open-model-2025-04-28", "can i make an uncensored fine-tune of nemotron with the safety guardrails removed?"),
    ("nvidia-open-model-2025-04-28", "i abliterated a nemotron model to strip its refusals and guardrails. can i share it on hf?"),
    ("tencent-hunyuan-3d-2.0-cla", "can I make an uncensored version of hunyuan3d with the safety filters removed and share it?"),
])
def test_a_case_the_restrictions_forbid_answers_whatever_right_is_asked(corpus, key, question):
    decision = _decide(corpus, key, question)
    # answered from the list: its item for taking the safety measures out (prohibited_use) or the whole list
    assert decision.verdict == "no" and decision.topic in ("prohibited_use", "use_restrictions")


@needs_embeddings
def test_keeping_the_guardrails_is_not_the_forbidden_case(corpus):
    assert _decide(corpus, "nvidia-open-model-2025-04-28", "can I sell a fine-tune of nemotron in my app?").verdict != "no"


def test_an_always_exception_holds_for_every_permission_without_embeddings(corpus, monkeypatch):
    monkeypatch.setattr(embeddings, "embedder", lambda *a, **k: None)
    entry = _card(corpus, "bilibili-model-ula-2025-09-09").prohibited["military"]
    assert policies.exception_met(entry, "can we use it for the army?").verdict == "conditional"
    assert policies.exception_met(entry, "does it forbid military use?", "fact") is None


@needs_embeddings
@pytest.mark.parametrize("question,verdict", [
    ("we want indextts2 to read out automated medical diagnoses to patients. does the license allow that?",
     "conditional"),
    ("does the indextts2 license forbid using it for medical diagnosis?", "yes"),
])
def test_a_high_risk_use_is_allowed_at_your_own_risk(corpus, question, verdict):
    assert _decide(corpus, "bilibili-model-ula-2025-09-09", question).verdict == verdict


@needs_embeddings
def test_a_listed_use_decides_beside_a_nearer_unlisted_one(corpus):
    question = ("election season in my town. want to make some 'photos' of the current mayor taking an envelope of "
                "cash and post them on the local fb group to hurt his chances. license ok with that?")
    assert "disinformation" in policies.listed_uses_described(_card(corpus, "stable-diffusion-2022-08-22"), question)


@needs_embeddings
@pytest.mark.parametrize("question,verdict", [
    ("a parody twitter account voiced by a dead US president made with gemma; the bio says 'AI PARODY, not real'. "
     "does the policy allow that?", "yes"),
    ("can i run a twitter account posing as elon musk with gemma writing the tweets, so people think it's him?", "no"),
])
def test_an_openly_disclosed_parody_is_outside_the_impersonation_item(corpus, question, verdict):
    assert _decide(corpus, "gemma-pup-2024-02-21", question).verdict == verdict
