"""Session 23's readings, each worded here for the test (not a suite's wording): a product's launch puts it out, a
duty "on the hook to" give is not liability, "do I own them" about what one made, a typo in the verb that names
outputs used for training, a service "where" the model does something describes a use, a research-only grant that
a non-research use is not in, a face put on someone else's video, a license named "Responsible AI" is not a
question of who is responsible, an exception the question neither meets nor denies, "within <someone>'s policy",
a question whether a list makes an exception, the duty to follow a policy held elsewhere, and students served."""

from __future__ import annotations

import pytest

from explainer import duty_case, understand
from explainer.corpus import load
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


# -- the case the question is in -------------------------------------------------------------------------------
@pytest.mark.parametrize("case", ["our team is drafting the launch blog post", "the assistant goes live on Monday"])
def test_a_launch_puts_the_model_out(case):
    assert duty_case.PASSES_ON.search(understand.fold(case))


def test_on_the_hook_to_give_something_is_a_duty_not_liability():
    asked = understand.understand("If I run my tuned checkpoint on my website, am I on the hook to give visitors a "
                                  "way to download it?")
    assert asked.kind == "obligation" and "liability" not in understand.cue_scores(understand.fold(asked.question),
                                                                                 "obligation")
    assert "liability" in understand.understand("Is the author on the hook if the model gives bad advice?").topics


def test_students_served_from_our_own_server_are_people_outside(corpus):
    asked = understand.understand("We mirror the dataset on our own server for the students of our course. Do we "
                                  "have to make them accept its terms?")
    assert not duty_case.stays_in_house(asked)


# -- kinds and topics -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "If I design posters with it, do I own them?",
    "When we render album art with the model, do we still own those?",
])
def test_do_i_own_them_asks_who_owns_what_was_made(question):
    asked = understand.understand(question)
    assert asked.kind == "fact" and asked.topics[0] == "licensor_claims_outputs"


def test_a_license_named_responsible_ai_does_not_ask_who_is_responsible():
    asked = understand.understand("Our app would guess users' religion from their posts. The code is under the "
                                  "Responsible AI Source Code License 1.1 - can we?")
    assert asked.kind == "permission"


def test_within_someones_acceptable_use_policy_asks_leave():
    asked = understand.understand("The utility I work for wants Llama 4 to switch substations on and off by "
                                  "itself. Would that be within Meta's Llama 4 acceptable use policy?")
    assert asked.kind == "permission"


def test_a_misspelt_generate_is_read_as_generate():
    assert "generate" in understand.fold("We'd genrate quiz answers with it").split()


def test_a_service_where_the_model_acts_describes_a_use():
    text = understand.fold("Charity here: we'd offer a free service where the model rewrites cover letters for "
                           "job seekers. Permitted?")
    assert understand.data().frames["describes_use"].search(text)


# -- the grant and the list --------------------------------------------------------------------------------------
def test_a_research_only_grant_does_not_cover_a_free_service_that_is_not_research(corpus):
    question = "Non-profit, no money involved: we'd run a free CV-polishing service for refugees on EXAONE. Allowed?"
    assert _decide(corpus, question, "exaone-ai-model-1.1-nc").verdict == "no"
    research = "Non-profit, no money involved: our university lab would evaluate EXAONE on a benchmark. Allowed?"
    assert _decide(corpus, research, "exaone-ai-model-1.1-nc").verdict == "yes"


def test_putting_a_friends_face_on_a_video_is_impersonation():
    assert "impersonation" in understand.understand(
        "Can I put my sister's face onto a music video as a surprise?").uses


def test_an_item_lifted_by_saying_it_is_machine_generated_is_conditional_when_unsaid(corpus):
    decision = _decide(corpus, "Could StarCoder2 approve or reject warranty claims on its own, no staff in the loop?",
                       "bigcode-open-rail-m-v1")
    assert decision.verdict == "conditional"
    hidden = _decide(corpus, "Could StarCoder2 approve or reject warranty claims on its own without disclosing that "
                             "the decision is machine generated?", "bigcode-open-rail-m-v1")
    assert hidden.verdict == "no"


def test_a_human_making_the_final_call_meets_the_policys_exception(corpus):
    decision = _decide(corpus, "Einstein would shortlist applicants for our open roles; a hiring manager makes the "
                               "final decision. OK under Salesforce's AI Acceptable Use Policy?",
                       "salesforce-ai-aup-2025")
    assert decision.verdict == "conditional"


def test_asking_whether_a_list_makes_an_exception_is_answered_by_the_exception(corpus):
    decision = _decide(corpus, "Our insurer's anti-fraud unit would use Einstein to spot suspicious claims. Is there "
                               "an exception in Salesforce's AI policy for fraud detection tools?",
                       "salesforce-ai-aup-2025")
    assert decision.verdict == "yes"


def test_the_duty_to_follow_a_policy_held_elsewhere_is_a_yes_whatever_the_use(corpus):
    decision = _decide(corpus, "We're making a mortgage pre-approval helper on Llama 3.3. Besides the license, must "
                               "we also follow Meta's usage policy?", "llama-3.3-license-2024")
    assert decision.verdict == "yes"


def test_a_development_fork_meets_the_carve_out_for_testing(corpus):
    decision = _decide(corpus, "Can our engineers fork the enterprise code and change it for development and "
                               "testing, without a subscription?", "berryai-2024")
    assert decision.verdict == "yes"


# -- the second set --------------------------------------------------------------------------------------------------
def test_a_geography_lesson_names_no_territory():
    assert "geography" not in understand.understand(
        "We're making a free geography quiz app for kids and want the model to draw each question's picture. Can "
        "we, licence-wise?").topics


@pytest.mark.parametrize("question, use", [
    ("Our pharmacy bot would tell customers which of their pills are safe to take together. Allowed?",
     "medical_advice"),
    ("The tool cleans up faces in rally photos so that each marcher can be identified afterwards. OK?", "biometric"),
    ("Users would get a lifelike clip of a famous actress reading their text. Can we build that?", "impersonation"),
    ("HR would pre-screen incoming job applications with it. Permitted?", "automated_decisions"),
])
def test_uses_told_in_the_askers_words(question, use):
    assert use in understand.understand(question).uses


def test_a_person_who_has_not_agreed_gave_no_consent(corpus):
    decision = _decide(corpus, "Our app makes a realistic video of a named mayor reading any script. The mayor "
                               "hasn't agreed to this. Can we build it on LTX-Video?", "ltxv-owl-2025-05-05")
    assert decision.verdict == "no"


def test_a_use_told_that_the_list_does_not_name_is_allowed(corpus):
    question = ("We are putting Illustrious XL into a homework helper for primary pupils so it can sketch a picture "
                "for each new word. Can we use it for that, given the users are children?")
    asked = understand.understand(question)
    assert not asked.uses and not asked.checks_policy and asked.topics[0] == "prohibited_use"
    decision = _decide(corpus, question, "Illustrious XL v0.1")
    assert (decision.topic, decision.verdict) == ("prohibited_use", "yes")


def test_moving_to_the_newest_checkpoint_is_the_update_duty():
    asked = understand.understand("Is there any duty in the license to keep switching to whatever newest "
                                  "checkpoint they put out?")
    assert asked.topics[0] == "update_duty"


def test_what_a_services_users_send_in_hands_nothing_out(corpus):
    decision = _decide(corpus, "Our captioning service runs the model on our servers: clients upload video and get "
                               "subtitles back, they never receive the model. Do we owe them a copy of the Apache "
                               "2.0 license?", "apache-2.0")
    assert decision.verdict == "no"


def test_replies_collected_then_used_to_tune_another_model_is_training_on_outputs():
    cues = understand.cue_scores(understand.fold("We'd collect answers from a Tongyi Qianwen model and use them to "
                                                 "fine-tune our own tutor."), "permission")
    assert cues.get("train_other_models_on_outputs", 0) >= 6
