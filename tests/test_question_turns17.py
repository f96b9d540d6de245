"""Session 17's readings, each worded here for the test (not a suite's wording): an exception whose case has
several forms, a policy asked as the subject ("does the policy allow …"), a limit's value named in a fact question,
a place asked as inside the territory, what a model made named by its medium, non-commercial sharing that still
owes the credit, and a model named by its own name under a work license's key."""

from __future__ import annotations

import pytest

from explainer import cards, thresholds, understand
from explainer.corpus import load
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


# -- an exception read by meaning, one short description per form of its case --------------------------------------
def test_an_exception_case_may_be_a_list_of_short_descriptions(corpus):
    entry = cards.all_cards(corpus)["gemma-pup-2024-02-21"].prohibited["sexual_content"]
    excepted = entry.exceptions[0]
    assert len(excepted.cases) > 1 and len(excepted.not_cases) > 1
    assert all(text and "\n" not in text for text in (*excepted.cases, *excepted.not_cases))


@pytest.mark.parametrize("question, verdict", [
    ("Can Gemma write sexually explicit passages for my literary novel?", "yes"),
    ("Can Gemma produce explicit sexual content for a sex education class at our college?", "yes"),
    # the rule's own case: content to arouse paying fans or an adult site stays forbidden
    ("Can Gemma produce sexually explicit content for my paid adult fan page?", "no"),
    ("may gemma write porn for my members-only site?", "no"),
])
def test_sexual_content_made_for_teaching_or_art_is_outside_the_item(corpus, question, verdict):
    assert "sexual_content" in understand.understand(question).uses
    decision = _decide(corpus, question, "gemma-pup-2024-02-21")
    assert decision.verdict == verdict
    excepted = "the policy's item makes an exception for the case your question describes" in decision.notes
    assert excepted == (verdict == "yes")


def test_a_lesson_the_list_does_not_name_is_allowed(corpus):
    # no item of the list is read at all: the activity is not on it
    decision = _decide(corpus, "May I use Gemma to write a sex-ed worksheet for a college health class?",
                       "gemma-pup-2024-02-21")
    assert decision.verdict == "yes"


def test_a_policy_asked_as_the_subject_checks_the_activity_against_its_list(corpus):
    asked = understand.understand("Does the Gemma use policy allow a recipe chatbot for our bakery?")
    assert asked.checks_policy
    assert _decide(corpus, asked.question, "gemma-pup-2024-02-21").verdict == "yes"


# -- a limit's value named in the question ---------------------------------------------------------------------
@pytest.mark.parametrize("question, key, verdict", [
    ("Does the Qwen license have a 700 million user cap?", "qwen-2024", "no"),
    ("Is the Qwen user cap 100 million monthly active users?", "qwen-2024", "yes"),
    ("LTX-Video has a $1M revenue cutoff, right?", "ltxv-owl-2025-05-05", "no"),
    ("Is the revenue threshold for LTX-Video $10 million?", "ltxv-owl-2025-05-05", "yes"),
])
def test_a_fact_naming_a_limits_value_holds_only_when_it_is_the_licenses(corpus, question, key, verdict):
    decision = _decide(corpus, question, key)
    assert decision.verdict == verdict
    assert decision.quotes


def test_a_limit_named_is_not_the_askers_size():
    assert [f.value for f in understand.named_limits("is it capped at 700 million users?")] == [700e6]
    assert [f.value for f in understand.named_limits("heard it has the same $1M revenue cutoff, true?")] == [1e6]
    asked = understand.understand("is it capped at 700 million users?")
    assert asked.figures == ()
    assert understand.named_limits("we have 50M users, does the cap apply to us?") == []
    assert [f.value for f in understand.understand("we have 50M users, does the cap apply to us?").figures] == [50e6]


def test_a_hyphenated_models_size_is_not_a_figure():
    assert thresholds.figures("does ltx-video 13b have a revenue limit for companies making $2M?")[0].value == 2e6
    assert len(thresholds.figures("does ltx-video 13b have a revenue limit for companies making $2M?")) == 1


def test_a_limit_in_another_measure_leaves_the_answer_to_the_card(corpus):
    # Stability counts revenue, not users: a user figure named as its cap is not compared with the revenue limit
    assert thresholds.is_the_limit(thresholds.Figure("monthly_active_users", 1e6, "1M"),
                                   [{"metric": "annual_revenue_usd", "limit": 1000000}]) is None
    assert thresholds.is_the_limit(thresholds.Figure("annual_revenue_usd", 10e6, "$10M"),
                                   [{"metric": "annual_revenue_usd", "limit": 9999999}]) is True


# -- a place asked as inside what the license covers --------------------------------------------------------------
@pytest.mark.parametrize("question, verdict", [
    ("Is Canada inside the license territory?", "yes"),
    ("Is Germany inside the license territory?", "no"),
    ("Are companies in Germany excluded?", "yes"),  # the same exclusion, asked the other way round
])
def test_inside_the_territory_is_the_exclusion_turned_round(corpus, question, verdict):
    decision = _decide(corpus, question, "tencent-hunyuan-3d-2.0-cla")
    assert (decision.topic, decision.verdict) == ("geography", verdict)


# -- what the model made, named by its medium ------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "Could we use speech clips from IndexTTS-2 to train our own small voice model?",
    "we generate q&a pairs with it for fine-tuning a different model, ok?",
])
def test_material_named_by_its_medium_used_for_training_is_training_on_outputs(question):
    assert understand.understand(question).topics[0] == "train_other_models_on_outputs"


def test_pairs_generated_to_tune_another_named_model_train_that_model(corpus):
    decision = _decide(corpus, "we are generating question-and-answer pairs with Llama 3.1 to fine-tune a Mistral 7B "
                               "we will release. okay?", "Llama 3.1")
    assert decision.topic == "train_other_models_on_outputs"


def test_writing_up_the_changes_is_the_notice_of_changes():
    assert understand.understand("We publish our tuned StarCoder2. Do we need to write up what we changed?"
                                 ).topics[0] == "notice_file"


# -- sharing under a non-commercial license; a model named under a work license's key -------------------------------
@pytest.mark.parametrize("question", [
    "Can I post my fine-tune of it on GitHub, free, for fellow hobbyists?",
    "may i upload my finetune to hugging face for other hobbyists, no money involved?",
])
def test_non_commercial_sharing_still_owes_the_credit(corpus, question):
    # the question settles the non-commercial limit, not the attribution that comes with sharing
    decision = _decide(corpus, question, "cc-by-nc-4.0")
    assert decision.verdict == "conditional"
    assert any(word in decision.conditions.lower() for word in ("attribution", "notice", "creator"))


@pytest.mark.parametrize("question, verdict", [
    # the weights are handed out with the app: the notice goes with them
    ("Can we sell a desktop app that bundles the model weights?", "conditional"),
    # what a named model made is sold, not the licensed work
    ("i sell mugs printed with pictures from hidream i1, fine?", "yes"),
])
def test_mit_copies_owe_the_notice_but_outputs_of_a_named_model_do_not(corpus, question, verdict):
    assert _decide(corpus, question, "mit").verdict == verdict


def test_a_named_model_in_a_paid_product_is_its_commercial_use_under_a_work_license(corpus):
    decision = _decide(corpus, "Could our startup run Command R inside the support desk software we sell?",
                       "cc-by-nc-4.0")
    assert (decision.topic, decision.verdict) == ("model_commercial_use", "no")


# -- session 17, second round: idioms of leave and duty, the text's own list, modified work, end users, periods --------
@pytest.mark.parametrize("question, kind", [
    ("Do we get the rights to download and fine-tune the model?", "permission"),
    ("Am I bound to keep the license notice in my fork?", "obligation"),
])
def test_idioms_of_leave_and_duty(question, kind):
    assert understand.understand(question).kind == kind


def test_rights_to_an_act_are_leave_not_ownership(corpus):
    decision = _decide(corpus, "Our company is based in Paris. Do we get the rights to fine-tune the Llama 4 "
                               "multimodal models?", "Llama 4")
    assert decision.verdict == "no"  # the EU exclusion of the multimodal models, read as leave


def test_a_duty_for_unmodified_copies_does_not_reach_a_reworked_fork(corpus):
    decision = _decide(corpus, "We're shipping a heavily reworked fork of this code. Am I bound to keep Apple's "
                               "notice in it?", "apple-ml-ferret-2023")
    assert decision.verdict == "no"


@pytest.mark.parametrize("question, verdict", [
    ("Does the Falcon license text itself list the uses it forbids?", "no"),  # the list is in TII's policy
    ("Does the Falcon license restrict any uses?", "yes"),
])
def test_a_list_kept_in_an_outside_policy_is_not_in_the_text(corpus, question, verdict):
    assert _decide(corpus, question, "falcon-2-11b-1.0").verdict == verdict


def test_a_denial_of_service_attack_is_a_cyber_attack(corpus):
    question = "can it write a bot that pounds a competitor's site with requests until it falls over?"
    assert "malware" in understand.understand(question).uses
    assert _decide(corpus, question, "StarCoder2").verdict == "no"


def test_load_testing_your_own_site_is_not_an_attack(corpus):
    question = "Can I write a load-testing script to stress our own website before launch?"
    assert "malware" not in understand.understand(question).uses
    assert _decide(corpus, question, "StarCoder2").verdict != "no"


def test_fixing_errors_in_a_no_derivatives_dataset_and_posting_it_shares_an_adaptation(corpus):
    decision = _decide(corpus, "I cleaned up the typos in a CC BY-ND 4.0 dataset; may I post the corrected copy "
                               "online?", "cc-by-nd-4.0")
    assert (decision.topic, decision.verdict) == ("derivatives_allowed", "no")


def test_an_end_user_of_someone_elses_app_in_an_excluded_region_is_not_excluded(corpus):
    decision = _decide(corpus, "I'm a retiree in Portugal who just uses a phone app built on Llama 4's vision "
                               "model. Am I allowed to use it?", "Llama 4")
    assert decision.verdict == "yes"


def test_monthly_active_users_nearby_do_not_make_a_revenue_monthly():
    question = "Our group took in RMB 500 million last calendar year and has 20 million monthly active users."
    assert [f.metric for f in thresholds.figures(question)] == ["annual_revenue_usd", "monthly_active_users"]
    assert thresholds.figures("we make $90k in monthly revenue")[0].metric == "monthly_revenue_usd"


def test_a_revenue_and_a_user_count_both_below_the_caps_need_no_separate_license(corpus):
    decision = _decide(corpus, "Our group took in RMB 500 million last calendar year and has 20 million monthly "
                               "active users. Do we need a separate license?", "bilibili-model-ula-2025-09-09")
    assert decision.verdict == "no"


def test_rewritten_code_is_a_modified_copy_for_a_duty_on_unmodified_ones(corpus):
    decision = _decide(corpus, "Having rewritten most of this code, I plan to redistribute it. Must I keep Apple's "
                               "license text?", "apple-ml-ferret-2023")
    assert decision.verdict == "no"


def test_a_license_that_forbids_distributing_modifications_forbids_posting_them(corpus):
    from explainer import decide
    entry = cards.all_cards(corpus)["ms-research-license-terms"].answer("derivatives_allowed")
    assert entry.verdict == "conditional" and decide.NO_SHARING_ADAPTED.search(entry.conditions)
    asked = understand.understand("We tweaked some code under these terms; can we put our changed copy on GitLab?")
    routed = decide.replace(asked, topics=("derivatives_allowed",))  # read as the derivatives entry
    from explainer.resolve import from_name
    decision = decide.decide(from_name(corpus, "ms-research-license-terms", "explicit"), routed, corpus)
    assert (decision.topic, decision.verdict) == ("derivatives_allowed", "no")


@pytest.mark.parametrize("question", [
    "could we embed the model inside a desktop product we sell?",
    "we'd sell our tuned model to clients as a downloadable model, ok?",
])
def test_a_model_put_inside_a_product_or_sold_as_a_download_passes_copies_on(question):
    assert "copies" in understand.understand(question).triggers
