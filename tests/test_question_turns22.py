"""Session 22's readings, each worded here for the test (not a suite's wording): refusals ablated away, a use "still
licensed", a license "enough" for a figure, pupils by grade or stated age, a carve-out a "without paying" question
meets, "does it name a …" answered by silence, patches the licensor keeps, "whose property", a terms-of-use that is
the license itself, the patched source of a tool run in-house, users owed a way to get a merge, a wish not to
release told before "that's fine?", naming the data providers, a model of our own improved with outputs, refreshing
a local copy, a mark asked for a game, faces picked out of crowds, a product head to head with the licensor's, a
free tier asked of the regions, a figure with no measure of its own, a public body that says it is not a
university, restrictions put into that license, a naming rule for modified models asked by one who modified none,
a disclaimer to include, a duty on outputs asked as a fact, time to cure a breach, and articles as outputs."""

from __future__ import annotations

import pytest

from explainer import thresholds, understand
from explainer.corpus import load
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


# -- uses and who uses ----------------------------------------------------------------------------------------------
def test_refusals_ablated_away_are_a_safety_bypass(corpus):
    decision = _decide(corpus, "We ablated the refusals out of a model we got under the NVIDIA Open Model License. "
                               "Is our use of the ablated copy still licensed?", "nvidia-open-model-2025-04-28")
    assert (decision.topic, decision.verdict) == ("use_restrictions", "no") or decision.verdict == "no"
    assert understand.understand("Is our further use of that copy still permitted?").kind == "permission"


def test_faces_picked_out_of_crowds_is_biometric_identification(corpus):
    assert "biometric" in understand.understand(
        "Can I make synthetic street scenes to train a camera that singles out individuals from a crowd?").uses
    decision = _decide(corpus, "Our lab wants to render fake street scenes to train software that picks faces out "
                               "of crowds, no money involved. Allowed?", "flux-1-nc")
    assert decision.verdict == "no"


@pytest.mark.parametrize("question", [
    "I teach 7th grade. May I set up a study-buddy bot for my class on the Gemini API?",
    "The players of our quiz app are 13-16. Can we run it on the Gemini API?",
])
def test_pupils_named_by_grade_or_age_are_minors(corpus, question):
    assert _decide(corpus, question, "gemini-api-additional-tos-2025").verdict == "no"


def test_a_public_body_that_says_it_is_not_a_university_is_not_in_the_academic_case(corpus):
    decision = _decide(corpus, "We're a county administration (not a research institute). Can we run a free, "
                               "non-profit pilot on an Open Aleph model?", "open-aleph-1.0")
    assert decision.verdict == "no"


def test_a_product_head_to_head_with_the_licensor_needs_its_own_license(corpus):
    decision = _decide(corpus, "We're a 20k-user startup making a shopping search app that goes head to head with "
                               "naver. Fine under the standard license?", "hyperclova-x-seed-2025")
    assert decision.verdict == "no"
    assert len({(q.license_key, q.clause_id) for q in decision.quotes}) == len(decision.quotes)


def test_a_free_tier_asked_as_a_regional_question_is_refused_for_paid_only_places(corpus):
    decision = _decide(corpus, "Our app runs on the Gemini API's free tier and most users are in Germany. Any "
                               "problem?", "gemini-api-additional-tos-2025")
    assert decision.verdict == "no"


# -- leave and carve-outs -------------------------------------------------------------------------------------------
def test_a_carve_out_the_question_meets_decides_over_the_skipped_duty(corpus):
    decision = _decide(corpus, "May we change the BerriAI enterprise code on a staging box for testing, without "
                               "buying a subscription?", "berryai-2024")
    assert decision.verdict == "yes"


def test_a_terms_of_use_that_is_the_license_is_no_use_policy_check(corpus):
    asked = understand.understand("We'd serve Gemma through our paid API, billed per request. Does the Gemma Terms "
                                  "of Use permit that?")
    assert not asked.checks_policy
    assert _decide(corpus, asked.question, "gemma-tou-2025-03-24").verdict == "conditional"


# -- duties ---------------------------------------------------------------------------------------------------------
def test_the_patched_source_of_a_tool_run_in_house_need_not_be_published(corpus):
    decision = _decide(corpus, "We patched a GPL-3.0 utility and run it only on our own build servers; nothing is "
                               "handed out. Do we have to publish the patched source?", "gpl-3.0")
    assert decision.verdict == "no" and decision.topic in ("source_with_binaries", "share_alike")


def test_users_owed_a_way_to_get_a_merge_ask_the_network_clause(corpus):
    decision = _decide(corpus, "My merge of a FAIPL model only runs behind my web page. Do I owe the visitors a way "
                               "to get the merged model?", "fair-ai-public-1.0-sd")
    assert (decision.topic, decision.verdict) == ("network_source", "yes")


def test_a_wish_not_to_release_then_that_is_fine_asks_to_skip_the_duty(corpus):
    asked = understand.understand("I run my merge as a chat bot for my server. I don't want to publish the merged "
                                  "weights. That's fine, right?")
    assert asked.waives and asked.kind == "obligation"


def test_naming_the_data_providers_is_credit_not_a_naming_rule(corpus):
    asked = understand.understand("Must I name the original authors when I release the model I trained?")
    assert asked.topic == "attribution_or_naming"
    assert _decide(corpus, "Trained a model on CDLA-Permissive-2.0 data. Do I have to name the data providers when "
                           "I publish the model?", "cdla-permissive-2.0").verdict == "no"


def test_a_model_of_our_own_improved_with_outputs_owes_the_built_with_line(corpus):
    assert "derivative" in understand.understand("Do we have to credit anything on our own model?").subjects
    decision = _decide(corpus, "Our own model got better with Qwen2.5-72B's replies as training data, and we're "
                               "releasing it. Must we say where that help came from?", "qwen-2024")
    assert decision.verdict == "yes"


def test_refreshing_a_local_copy_is_the_update_duty(corpus):
    asked = understand.understand("When files are pulled from The Stack, must we resync our local copy?")
    assert asked.topic == "update_duty"
    assert _decide(corpus, asked.question, "the-stack-tos-2023-07").verdict == "yes"


def test_a_mark_asked_for_a_game_is_the_display_duty_not_output_credit(corpus):
    decision = _decide(corpus, "Our indie game uses textures we generated with Hunyuan3D 2.0. Must we show a "
                               "'Powered by Tencent Hunyuan' mark in the game?", "tencent-hunyuan-3d-2.0-cla")
    assert (decision.topic, decision.verdict) == ("built_with_display", "no")


def test_restrictions_put_into_that_license_are_passed_on(corpus):
    decision = _decide(corpus, "I'm sharing a merge of an SDXL model under a license of my own. Do the use "
                               "restrictions have to go into that license?", "bigscience-open-rail-m2")
    assert decision.verdict == "yes"


@pytest.mark.parametrize("question, verdict", [
    ("Our team only runs EXAONE Deep for experiments. Must anything we make be called EXAONE?", "conditional"),
    ("We fine-tuned EXAONE Deep for a demo. Must its name begin with EXAONE?", "yes"),
])
def test_a_naming_rule_for_modified_models_holds_when_one_was_made(corpus, question, verdict):
    assert _decide(corpus, question, "exaone-ai-model-1.1-nc").verdict == verdict


def test_a_disclaimer_to_include_is_the_credit_duty(corpus):
    decision = _decide(corpus, "The IndexTTS-2 agreement mentions a disclaimer. Do I need to add that disclaimer "
                               "anywhere?", "bilibili-model-ula-2025-09-09")
    assert (decision.topic, decision.verdict) == ("attribution_or_naming", "conditional")


@pytest.mark.parametrize("question", [
    "Is there any labelling duty for the images an OpenMDW model makes?",
    "Under OpenMDW, is there any credit requirement for the texts it generates?",
])
def test_a_duty_on_outputs_asked_as_a_fact_is_the_output_duty(corpus, question):
    decision = _decide(corpus, question, "openmdw-1.0")
    assert (decision.topic, decision.verdict) == ("output_attribution", "no")


def test_articles_it_helps_write_are_outputs(corpus):
    assert "outputs" in understand.understand("Do the articles it writes need a credit line?").subjects
    assert _decide(corpus, "Our paper uses an Apache-2.0 model to help draft stories. Does each story need a license "
                           "notice?", "apache-2.0").verdict == "no"


# -- facts ----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "Does the EPL 2.0 name a governing law?",
    "Does the MIT license have a choice-of-law clause?",
])
def test_does_it_name_a_rule_is_answered_by_silence(corpus, question):
    key = "epl-2.0" if "EPL" in question else "mit"
    assert _decide(corpus, question, key).verdict == "no"


def test_patches_the_licensor_keeps_are_not_the_users(corpus):
    decision = _decide(corpus, "Would my fixes to the BerriAI enterprise code belong to me?", "berryai-2024")
    assert (decision.topic, decision.verdict) == ("derivative_ownership", "no")


def test_whose_property_asks_ownership(corpus):
    asked = understand.understand("Whose property are the songs I generate with it?")
    assert asked.kind == "fact" and asked.topic == "licensor_claims_outputs"


def test_time_to_cure_a_breach_is_asked_of_the_breach_clause(corpus):
    decision = _decide(corpus, "I shared my merge without the license text by mistake. Do I get a chance to fix it "
                               "before my license ends?", "fair-ai-public-1.0-sd")
    assert (decision.topic, decision.verdict) == ("termination_breach", "yes")


# -- figures --------------------------------------------------------------------------------------------------------
def test_a_figure_with_no_measure_takes_the_measure_of_the_others():
    found = thresholds.figures("We have 900M MAU today; back then we were at about 500M.")
    assert [(f.metric, f.value) for f in found] == [("monthly_active_users", 9e8), ("monthly_active_users", 5e8)]
    assert thresholds.figures("Llama 2 13B runs fine for us.") == []


@pytest.mark.parametrize("question, verdict", [
    ("We have ~900M MAU today, but just before Llama 2's release date we had about 500M. Is the community license "
     "that Code Llama uses enough for us?", "yes"),
    ("In June 2023, the month before Llama 2 came out, our apps had 900M monthly users. Is the Llama 2 community "
     "license that we got enough for us as it is?", "no"),
])
def test_the_figure_dated_at_release_counts_and_a_license_enough_asks_leave(corpus, question, verdict):
    assert _decide(corpus, question, "llama-2-license-2023").verdict == verdict


# -- round 3 ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, key", [
    ("A police department wants to render suspect sketches from eyewitness accounts with it. Would that be within "
     "the license terms?", "creativeml-openrail-m"),
    ("My bot answers how many tablets of aspirin someone should take for a headache. Can I run it on BLOOM?",
     "bigscience-bloom-rail-1.0"),
    ("Our shop wants to fake 'buyer photos' to put next to product reviews we write ourselves. Allowed?",
     "tencent-hunyuan-3d-2.0-cla"),
    ("My server bot posts pictures mocking the members with the lowest activity. Allowed under the license?",
     "fair-ai-public-1.0-sd"),
])
def test_uses_told_in_users_words_meet_the_list(corpus, question, key):
    assert _decide(corpus, question, key).verdict == "no"


def test_a_duty_only_for_copies_is_not_owed_for_a_hosted_api(corpus):
    decision = _decide(corpus, "We only serve an OpenAtom-licensed model as a hosted API. Must every customer get "
                               "the license text from us?", "openatom-model-1.0")
    assert decision.verdict == "no"


def test_a_subsidiary_named_before_the_law_question_is_not_the_law_asked(corpus):
    decision = _decide(corpus, "Our Hong Kong office asks: is the DeepSeek license governed by PRC law?",
                       "deepseek-la-1.0")
    assert decision.verdict == "yes"


def test_a_release_duty_for_private_models_too_holds_when_kept_private(corpus):
    decision = _decide(corpus, "I run a model with SOM-licensed software only for myself and never share it. Do I "
                               "have to publish the model?", "soml-1.0")
    assert decision.verdict == "yes"


@pytest.mark.parametrize("question", [
    "Is the acceptable use policy really part of the Llama 3.2 license?",
    "Is the AUP actually part of the Llama 3.2 terms we agreed to?",
])
def test_whether_the_policy_is_part_of_the_terms_is_the_use_rules(corpus, question):
    decision = _decide(corpus, question, "llama-3.2-license-2024")
    assert (decision.topic, decision.verdict) == ("use_restrictions", "yes")


def test_users_who_live_in_an_excluded_region_are_end_users(corpus):
    assert understand.end_users_named("most of our users live in Italy")
    decision = _decide(corpus, "Our Canadian company runs a multimodal Llama 4 model behind its app, and many users "
                               "live in Spain. Can those EU users use the app?", "llama-4-license-2025")
    assert decision.verdict == "yes"


def test_a_free_web_demo_is_a_hosted_service(corpus):
    asked = understand.understand("Can I put the model behind a public web demo where anyone can type a prompt?")
    assert asked.topic == "hosted_service_or_api"
    assert _decide(corpus, "Free online playground for SDXL Turbo, no money at all. Fine under the non-commercial "
                           "licence?", "stability-ai-nc-2023-12-06").verdict == "no"


# -- round 4 ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, key", [
    ("Tiny shop, ~$25k a year, far below any $1M line. Can we put it inside the paid app we sell?",
     "stability-ai-nc-2023-12-06"),
    ("A customer pays our 5-person studio $12k for a chatbot. Is using CC BY-NC 4.0 weights for that job fine?",
     "cc-by-nc-4.0"),
])
def test_no_size_makes_commercial_use_of_a_non_commercial_model_licensed(corpus, question, key):
    assert _decide(corpus, question, key).verdict == "no"


def test_a_fee_charged_for_a_bot_is_commercial_use_and_law_firms_name_no_law(corpus):
    asked = understand.understand("We bill accounting firms a monthly fee for a bot that drafts their letters. "
                                  "Allowed under the license?")
    assert asked.topic == "model_commercial_use"
    assert "governing_law" not in understand.cue_scores(understand.fold("a bot for law firms and law students"))


def test_scoring_offenders_is_a_law_enforcement_use(corpus):
    assert "law_enforcement" in understand.understand(
        "Can we build a tool that rates parolees by their chance to reoffend?").uses


def test_a_carve_out_answers_a_permission_read_as_needing_another_license(corpus):
    decision = _decide(corpus, "Can our team try the BerriAI enterprise code in a staging environment before we "
                               "decide whether to buy seats, without a separate license?", "berryai-2024")
    assert decision.verdict == "yes"


@pytest.mark.parametrize("question, verdict", [
    ("my merge of a FAIPL model runs on my site, weights kept private. allowed?", "no"),
    ("my merge of a Llama 3.1 model runs on my site, weights kept private. allowed?", "yes"),
])
def test_serving_a_modified_model_while_withholding_it_meets_the_network_clause(corpus, question, verdict):
    key = "fair-ai-public-1.0-sd" if "FAIPL" in question else "llama-3.1-license-2024"
    assert _decide(corpus, question, key).verdict == verdict


@pytest.mark.parametrize("question, verdict", [
    ("stability community license: registration needed?", "conditional"),
    ("flux dev: attribution notice required or not?", "conditional"),
    ("Uploading my flux LoRA to a hub: must I add a statement that it's a modified version?", "yes"),
])
def test_a_duty_named_bare_after_a_label_names_no_case(corpus, question, verdict):
    key = "stability-ai-community-2024" if "stability" in question else "flux-1-nc"
    assert _decide(corpus, question, key).verdict == verdict


def test_a_version_dot_ends_no_clause_of_a_dated_figure(corpus):
    decision = _decide(corpus, "we had 300M monthly users when llama 3.1 came out and have 800M now. do we need a "
                               "separate license from meta?", "llama-3.1-license-2024")
    assert decision.verdict == "no"


def test_a_bare_number_crossed_is_a_line_not_a_figure_of_the_asker():
    found = thresholds.figures("Our app had ~3M MAU at launch. Since then it has grown a great deal, and it might "
                               "soon pass 700M; is the license lost then?")
    assert [f.text for f in found] == ["3M"]


def test_a_figure_on_the_day_the_model_came_out_is_dated_at_release(corpus):
    decision = _decide(corpus, "we had about 600M MAU on the day llama 4 came out, now we're at 780M. can we keep "
                               "using llama 4 under the normal license?", "llama-4-cla-2025")
    assert decision.verdict == "yes"
