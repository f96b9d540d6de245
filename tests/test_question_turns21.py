"""Session 21's readings, each worded here for the test (not a suite's wording): a law claimed beside a venue, a
tag that only confirms ("- correct?"), the licensor "ending up owning" a fine-tune, a disclosure the asker already
makes, a condition the question meets (a free service, a work licensed "or later"), a duty to publish that holds
in private too, a countersuit a license spares, a lawsuit told in one sentence and the ending asked in another,
typos of the words a question turns on, leave asked as "open to us" or "an option", a font sold by itself, users
who get the model over a network, services for teenagers, a free tier where only a paid one is allowed, and a
business named by its trade."""

from __future__ import annotations

import pytest

from explainer import understand
from explainer.corpus import load
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


# -- governing law and venue ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, verdict", [
    ("Its disputes are heard in Santa Clara County courts, which makes it California law - right?", "no"),
    ("Its disputes are heard in Santa Clara County courts, so the governing law is Delaware's, correct?", "yes"),
    ("Are disputes under it heard by courts in Santa Clara County?", "yes"),
])
def test_a_law_claimed_beside_a_venue_is_checked_against_the_law(corpus, question, verdict):
    assert _decide(corpus, question, "nvidia-open-model-2025-04-28").verdict == verdict


def test_a_bare_place_after_the_law_question_is_still_the_law_asked(corpus):
    assert _decide(corpus, "which law applies to the qwen terms — japan?", "tongyi-qianwen-2023").verdict == "no"


# -- ownership ------------------------------------------------------------------------------------------------------
def test_the_licensor_ending_up_owning_a_fine_tune_is_asked_of_the_licensor(corpus):
    decision = _decide(corpus, "If we fine-tune one of their models for a study, would Stability AI wind up owning "
                               "the fine-tuned weights?", "stability-ai-nc-2023-12-06")
    assert (decision.topic, decision.verdict) == ("derivative_ownership", "no")


# -- conditions the question says it meets --------------------------------------------------------------------------
@pytest.mark.parametrize("question, verdict", [
    ("Our museum wants a gratis visitor Q&A bot served from our site on HFOIL software; no visitor ever pays. "
     "Can we host it?", "yes"),
    ("We'd host HFOIL-licensed inference as a service, with a free tier and a paid business plan. Allowed?",
     "conditional"),
])
def test_a_free_service_meets_a_limit_on_paid_ones(corpus, question, verdict):
    assert _decide(corpus, question, "hfoil-1.0").verdict == verdict


@pytest.mark.parametrize("question, verdict", [
    ("The header of the tool we ship reads 'GPL-3.0-or-later'. Could we take a future GPL 4 instead?", "yes"),
    ("Can I use the terms of a later version of the GPL for my program?", "conditional"),
])
def test_a_work_licensed_or_later_meets_the_later_version_condition(corpus, question, verdict):
    assert _decide(corpus, question, "gpl-3.0").verdict == verdict


def test_a_disclosure_the_asker_already_makes_keeps_a_yes(corpus):
    question = ("Our clinic's front desk wants Salesforce AI bots to confirm opening hours; every chat opens by "
                "saying the patient is talking to a bot. Is that fine under the AI acceptable use policy?")
    assert _decide(corpus, question, "salesforce-ai-aup-2025").verdict == "yes"


def test_the_disclosure_kept_is_not_read_from_one_denied():
    asked = understand.understand("Can we run the bot without telling people it is an AI?")
    assert not understand.says_disclosed(asked)


# -- duties to publish ----------------------------------------------------------------------------------------------
def test_a_duty_to_publish_that_holds_in_private_is_owed_by_a_private_model(corpus):
    decision = _decide(corpus, "We trained a model with SOM-licensed software and keep it on one laptop, shared "
                               "with nobody. Must we still make it public?", "soml-1.0")
    assert decision.verdict == "yes"


def test_users_given_a_way_to_get_the_merge_ask_the_network_clause(corpus):
    decision = _decide(corpus, "My merge runs as a Telegram bot. Must I give the bot's members a way to download "
                               "my merged model?", "fair-ai-public-1.0-sd")
    assert (decision.topic, decision.verdict) == ("network_source", "yes")


# -- lawsuits -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, key, verdict", [
    ("A rival filed a patent case against us last year. We answered with a countersuit saying the model infringes "
     "our patent. Are our OpenMDW rights gone?", "openmdw-1.0", "no"),
    ("We started a patent suit claiming the model infringes our patent. Are our OpenMDW rights gone?",
     "openmdw-1.0", "yes"),
    ("Meta sued us first, and we counterclaimed that Llama infringes our patent. Does our license end?",
     "llama-2-license-2023", "yes"),
])
def test_a_countersuit_ends_the_license_only_where_the_text_does_not_spare_it(corpus, question, key, verdict):
    decision = _decide(corpus, question, key)
    assert (decision.topic, decision.verdict) == ("termination_litigation", verdict)


def test_a_breach_told_beside_a_lawsuit_keeps_the_breach_reading():
    asked = understand.understand("We breached the terms by dropping the notices, and then they sued us. Do we "
                                  "lose our license?")
    assert asked.topics[0] == "termination_breach"


# -- how the question is asked --------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, kind", [
    ("is comercial use alowed for my shop?", "permission"),
    ("Is commercial use of the model open to us without a paid license?", "permission"),
    ("is publishing my LoRA under a stricter license an option?", "permission"),
])
def test_typos_and_leave_in_other_words_ask_a_permission(question, kind):
    assert understand.understand(question).kind == kind


@pytest.mark.parametrize("question, verdict", [
    ("May I put an OFL typeface up for sale on its own in a type foundry's shop?", "no"),
    ("May I sell my drawing app with an OFL typeface bundled inside?", "conditional"),
])
def test_a_font_sold_by_itself_breaks_the_bundling_condition(corpus, question, verdict):
    assert _decide(corpus, question, "ofl-1.1").verdict == verdict


# -- who the users are, and where -----------------------------------------------------------------------------------
@pytest.mark.parametrize("question, verdict", [
    ("Our tutoring startup wants a study-buddy app on the Gemini API for pupils aged 12 to 15. Allowed?", "no"),
    ("We're building a study app on the Gemini API for university students. Allowed?", "conditional"),
])
def test_a_service_for_teenagers_is_one_the_terms_exclude(corpus, question, verdict):
    assert _decide(corpus, question, "gemini-api-additional-tos-2025").verdict == verdict


@pytest.mark.parametrize("question, verdict", [
    ("Our chat app serves people in Austria and Norway; can we keep it on the free Gemini tier?", "no"),
    ("Our chat app serves people in Austria and Norway on the paid Gemini tier. Can we offer it?", "conditional"),
    ("Our chat app serves people in Texas; can we keep it on the free Gemini tier?", "conditional"),
])
def test_a_free_tier_is_not_allowed_where_only_the_paid_one_is(corpus, question, verdict):
    assert _decide(corpus, question, "gemini-api-additional-tos-2025").verdict == verdict


def test_a_business_named_by_its_trade_is_outside_an_image_core_business_cap(corpus):
    question = ("We run a ride-sharing app with 3 million monthly unique users and make promo banners with "
                "Playground v2.5. Do we need to ask Playground for a license?")
    assert _decide(corpus, question, "Playground v2.5").verdict == "no"


# -- round 2: duties skipped, negated statements, kinds, places, results of a work ----------------------------------
@pytest.mark.parametrize("question, key, verdict", [
    ("Our Gemma 2 adapter is only reachable through our hosted endpoint, no files go out. We're okay without adding "
     "the NOTICE file, yes?", "Gemma 2", "yes"),
    ("We patched an AGPL-3.0 search server and serve it on our public site. We'd be fine without giving visitors "
     "the source?", "agpl-3.0", "no"),
])
def test_fine_without_a_duty_asks_leave_to_skip_it(corpus, question, key, verdict):
    assert _decide(corpus, question, key).verdict == verdict


def test_nothing_stopping_a_use_states_the_use_allowed(corpus):
    question = ("We'll wrap SDXL Turbo in our own paid API with extra tooling around it, so nothing prevents us from "
                "selling access to outside customers, right?")
    assert _decide(corpus, question, "SDXL Turbo").verdict == "no"


def test_allowed_under_its_license_is_no_question_about_share_alike():
    asked = understand.understand("We want to run Aya Expanse behind our paid translation API. Allowed under its "
                                  "license?")
    assert asked.topics[0] == "hosted_service_or_api"


@pytest.mark.parametrize("question, kind", [
    ("For the Llama 2 assistant we sell, does the license require 'Built with Llama' in the app?", "obligation"),
    ("Does the community license cover that without us paying for the commercial one?", "permission"),
    ("We're based in Lyon. Are the license rights granted to us?", "permission"),
])
def test_how_leave_and_duties_are_asked(question, kind):
    assert understand.understand(question).kind == kind


def test_a_place_with_no_rights_at_all_settles_what_the_entry_leaves_open(corpus):
    question = "Our company is headquartered in Milan. Are the license rights to the multimodal Llama 4 granted to us?"
    assert _decide(corpus, question, "llama-4-license-2025").verdict == "no"


@pytest.mark.parametrize("question, key", [
    ("We fit a speech recognizer on a corpus we got under C-UDA. May we ship that recognizer in a paid product?",
     "c-uda-1.0"),
    ("We trained a model on CDLA-Permissive-2.0 data and want to distribute the weights with our own license. OK?",
     "cdla-permissive-2.0"),
])
def test_a_model_trained_on_the_data_is_a_result_the_license_leaves_free(corpus, question, key):
    decision = _decide(corpus, question, key)
    assert decision.verdict == "yes"


def test_a_licensed_works_own_permission_is_still_read_from_its_entry(corpus):
    assert _decide(corpus, "Can we use C-UDA data for a commercial analytics product?", "c-uda-1.0").verdict == \
        "conditional"


def test_benchmarks_of_the_datasets_are_a_case_the_data_agreement_forbids(corpus):
    question = "Can we put evaluation results about the NVIDIA datasets themselves in a blog post?"
    assert _decide(corpus, question, "nvidia-model-training-2025").verdict == "no"


def test_a_forbidden_case_answers_a_permission_that_names_no_rule(corpus):
    from dataclasses import replace

    from explainer import decide
    from explainer.resolve import from_name
    asked = replace(understand.understand("Can we put evaluation results about the NVIDIA datasets themselves in a "
                                          "blog post?"), topics=())  # routed nowhere
    decision = decide.decide(from_name(corpus, "nvidia-model-training-2025", "explicit"), asked, corpus)
    assert (decision.topic, decision.verdict) == ("use_restrictions", "no")


# -- round 3: later versions of a share-alike license, derivatives kept in-house, a license slapped on ------------
@pytest.mark.parametrize("question, key, verdict", [
    ("Our remix of CC BY-SA 3.0 articles: may we release it under CC BY-SA 4.0?", "cc-by-sa-3.0", "yes"),
    ("Our remix of CC BY-SA 3.0 articles: may we release it under CC BY 4.0?", "cc-by-sa-3.0", "no"),
    ("Our remix of CC BY-SA 4.0 articles: may we release it under CC BY-SA 3.0?", "cc-by-sa-4.0", "no"),
])
def test_a_later_version_with_the_same_elements_keeps_share_alike(corpus, question, key, verdict):
    assert _decide(corpus, question, key).verdict == verdict


def test_a_derivative_kept_within_the_company_owes_no_share_alike(corpus):
    question = ("We merged two ODbL databases into one cleaned table that stays within our company for analytics. "
                "May we keep that table to ourselves?")
    assert _decide(corpus, question, "odbl-1.0").verdict == "yes"


def test_a_bare_permissive_license_slapped_on_a_rail_merge_drops_the_restrictions(corpus):
    question = "I merged two OpenRAIL-M checkpoints. Can I just put the bare MIT license on the merge?"
    assert _decide(corpus, question, "creativeml-openrail-m").verdict == "no"


# -- round 4: a monetised live stream, whether a use list exists, someone else's app ---------------------------------
def test_generating_live_on_an_earning_channel_is_the_models_paid_use(corpus):
    question = ("I do sponsored live streams and turn chat's prompts into pictures on stream with FLUX.1 [dev]. "
                "Is that fine?")
    assert _decide(corpus, question, "FLUX.1 [dev]").verdict == "no"


@pytest.mark.parametrize("question, key, verdict", [
    ("Does the Apache-2.0 license come with a list of banned uses?", "apache-2.0", "no"),
    ("Is an acceptable use policy incorporated into the Llama 3.1 license?", "llama-3.1-license-2024", "yes"),
])
def test_whether_a_use_list_exists_is_a_fact_silence_answers(corpus, question, key, verdict):
    decision = _decide(corpus, question, key)
    assert (decision.kind, decision.verdict) == ("fact", verdict)


def test_acceptable_use_names_a_policy_not_leave():
    assert understand.understand("Is there an acceptable-use policy attached to this license?").kind == "fact"


@pytest.mark.parametrize("question, verdict", [
    ("I live in Vienna and my insurer's app has a helper running on the multimodal Llama 4. May I use it?", "yes"),
    ("We're in Vienna and our company's app runs the multimodal Llama 4. May we ship it?", "no"),
])
def test_someone_elses_app_leaves_its_user_outside_the_eu_exclusion(corpus, question, verdict):
    assert _decide(corpus, question, "llama-4-license-2025").verdict == verdict


# -- round 5: a licensed dataset passed on, a development-and-testing carve-out --------------------------------------
def test_a_licensed_dataset_passed_on_is_the_work_shared_not_training(corpus):
    decision = _decide(corpus, "May we hand the dataset we got under C-UDA over to a research partner?", "c-uda-1.0")
    assert (decision.topic, decision.verdict) == ("redistribute_weights", "conditional")


@pytest.mark.parametrize("question, verdict", [
    ("Can our engineers copy and tweak the BerriAI enterprise code on a test server to evaluate it before we buy?",
     "yes"),
    ("Can we run the BerriAI enterprise code as our production gateway for customers without a subscription?",
     "conditional"),
])
def test_copies_for_development_and_testing_need_no_subscription(corpus, question, verdict):
    assert _decide(corpus, question, "berryai-2024").verdict == verdict
