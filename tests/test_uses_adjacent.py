"""A use named only where the question tells what the license says is not the asker's activity (explainer/uses.py
license talk, explainer/policies.read_activity), and an item's own exceptions read by their case (Salesforce's
fraud-detection carve-out; its payday-lending exclusion only for payday loans)."""

import pytest

from explainer import cards, corpus, policies, understand, uses


def _embeddings() -> bool:
    return bool(uses.similarities("writing code for a billing system"))


needs_embeddings = pytest.mark.skipif(not _embeddings(), reason="embeddings unavailable")


@pytest.mark.parametrize("clause", [
    "My StarCoder license mentions something about medical advice.",
    "the AUP has that bit about predicting criminal stuff",
    "given the medical advice restriction in StarCoder's license",
    "the terms have a section on weapons",
])
def test_a_clause_about_the_license_is_license_talk(clause):
    assert uses.is_license_talk(clause)


@pytest.mark.parametrize("clause", [
    "Can I use it for medical advice under the license?",
    "does the license allow medical advice?",
    "my research uses the original LLaMA license model to process voiceprints",
    "I'm building a symptom checker for patients",
])
def test_an_ask_or_an_activity_is_not_license_talk(clause):
    assert not uses.is_license_talk(clause)


def test_split_keeps_the_activity_apart():
    talk, activity = uses.split_license_talk(
        "My license mentions something about medical advice. I'm building invoicing software for a dentist. Ok?")
    assert "medical advice" in talk and "invoicing" in activity and "medical" not in activity


@needs_embeddings
@pytest.mark.parametrize("talk, use", [
    ("given the medical advice restriction in StarCoder's license?", "medical_advice"),
    ("the AUP has that bit about predicting criminal stuff", "law_enforcement"),
    ("my license has a section on weapons", "weapons"),
])
def test_the_use_a_clause_about_the_license_names(talk, use):
    assert uses.talk_uses(talk) == (use,)


@needs_embeddings
@pytest.mark.parametrize("question", [
    "My StarCoder license mentions something about medical advice. I'm only using it as a coding assistant to build "
    "invoicing and payment software for a dentist's office. Is that permitted?",
    "The license has a line about medical advice. We use StarCoder to write the scheduling backend of a clinic. OK?",
    "I'm writing the billing backend for a hospital with StarCoder, given the medical advice restriction in its "
    "license. am I allowed to?",
])
def test_an_adjacent_activity_is_not_the_use_the_license_names(question):
    assert "medical_advice" not in uses.clear_uses(question)


@needs_embeddings
@pytest.mark.parametrize("question", [
    "My license mentions medical advice. I'm building an app that tells patients which treatment to take. OK?",
    "the policy has a bit about diagnosis. our app looks at photos of moles and says if they're cancer. allowed?",
    "can I use StarCoder for medical advice to patients?",
])
def test_the_restricted_activity_itself_still_counts(question):
    assert "medical_advice" in uses.clear_uses(question)


def _salesforce():
    return cards.card_for(("salesforce-ai-aup-2025",), (), corpus.load())


@needs_embeddings
@pytest.mark.parametrize("question", [
    "can our bank use salesforce ai to flag suspicious transactions as likely fraud?",
    "we want einstein to detect fraudulent card payments for our customers. allowed?",
    "may we build a tool that spots unauthorized logins and security breaches?",
])
def test_fraud_detection_meets_the_carve_out(question):
    found = policies.exception_met(_salesforce().prohibited["fraud"], question)
    assert found is not None and found.verdict == "yes"


@needs_embeddings
@pytest.mark.parametrize("question, verdict", [
    ("a human loan officer always makes the final call and applicants get an explanation of the ai's role. can we "
     "use einstein to recommend loan approvals (normal bank loans)?", "conditional"),
    ("can we use the AI to approve mortgages if a human decides and applicants are told?", "conditional"),
    ("we're a payday lender on salesforce. a human officer makes the final call. fine?", "no"),
    ("short-term cash advance lender here, a human reviews each AI recommendation. ok?", "no"),
])
def test_payday_exclusion_only_for_payday_loans(question, verdict):
    found = policies.exception_met(_salesforce().prohibited["automated_decisions"], question)
    assert found is not None and found.verdict == verdict


@needs_embeddings
def test_read_activity_checks_the_activity_against_the_list():
    card = cards.card_for(("bigcode-open-rail-m-v1",), (), corpus.load())
    asked = understand.understand("My StarCoder license mentions something about medical advice. I'm only using it "
                                  "to build invoicing software for a dentist's office. Is that permitted?")
    read = policies.read_activity(card, asked)
    assert read.topic == "prohibited_use" and "medical_advice" not in read.uses and read.checks_policy
