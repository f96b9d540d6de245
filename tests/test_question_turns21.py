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
