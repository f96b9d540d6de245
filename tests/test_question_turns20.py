"""Session 20's readings, each worded here for the test (not a suite's wording): places named by a city or a flag, a
price or another detail (how long, what size, gross or net) the rule does not give, a duty that comes with two
cases, routing (outputs turned into training data, newer model versions, one's own patches, the developer's logo,
selling access, an ended license), a cure period asked as whether the license still holds, who "she" is, an
agreement only a cap calls for, a core-business cap, skipping a duty, an activity checked against the policy as a
fact, a liability cap's amount, and exceptions the question states (licensed professionals, never sharing,
in-house output)."""

from __future__ import annotations

import pytest

from explainer import understand
from explainer.corpus import load
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


# -- places -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, region", [
    ("our studio is in toulouse, can we use it?", "eu"),
    ("i'm a freelancer from gdańsk", "eu"),
    ("we're a team of three in the hague", "eu"),
    ("small agency, based in 🇩🇪", "eu"),
    ("indie dev here 🇵🇹 asking about the license", "eu"),
    ("our office is in lucerne", "switzerland"),
    ("we work out of sheffield", "united kingdom"),
])
def test_a_city_or_a_flag_names_its_region(question, region):
    assert region in understand.places_in(understand.fold(question))


@pytest.mark.parametrize("question", [
    "make the picture look nice and cosy",
    "a gentleman's guide to prompts",
    "the cork of the bottle in the still life",
])
def test_common_words_name_no_place(question):
    assert understand.places_in(understand.fold(question)) == ()


@pytest.mark.parametrize("question, verdict", [
    ("Two of us run a design shop in Toulouse. May we fine-tune the multimodal Llama 4 model for a client tool?",
     "no"),
    ("indie dev 🇳🇱 here, can i fine-tune llama 4 scout (the multimodal one) for my app?", "no"),
    ("Two of us run a design shop in Zug. May we fine-tune the multimodal Llama 4 model for a client tool?", "yes"),
])
def test_the_eu_exclusion_reads_a_city_or_a_flag(corpus, question, verdict):
    assert _decide(corpus, question, "llama-4-license-2025").verdict == verdict


# -- prices ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, key", [
    ("We passed the revenue line, so we need Lightricks' paid license. What does that license cost us per year?",
     "LTX-Video 13B"),
    ("how much would meta charge us for the separate license once we have 900M monthly users?", "Llama 3.1"),
    ("whats the price of a commercial license for flux dev", "FLUX.1 [dev]"),
])
def test_a_price_the_text_does_not_name_is_not_addressed(corpus, question, key):
    decision = _decide(corpus, question, key)
    assert (decision.verdict, decision.topic) == ("not_addressed", "license_fee"), decision


def test_the_cost_of_running_a_model_is_no_license_price(corpus):
    decision = _decide(corpus, "what would the gpu cost be to host llama 3.1 70b for our team, and may we host it?",
                       "Llama 3.1")
    assert decision.topic != "license_fee"


# -- a duty limited to two cases ----------------------------------------------------------------------------------
@pytest.mark.parametrize("question, verdict", [
    ("i only play with chameleon on my own pc, nobody else sees anything. must i credit meta?", "no"),
    ("our lab is submitting a paper with results we got from chameleon. do we have to acknowledge it?", "yes"),
    ("working on my master's thesis with chameleon. am i required to credit meta?", "conditional"),
])
def test_a_credit_duty_that_comes_with_sharing_or_publishing(corpus, question, verdict):
    assert _decide(corpus, question, "Chameleon").verdict == verdict


def test_a_source_duty_that_comes_with_sharing_is_conditional_when_sharing_is_unsaid(corpus):
    decision = _decide(corpus, "Do we have to hand out the full source of our modified Open Aleph model?",
                       "open-aleph-1.0")
    assert decision.verdict == "conditional", decision


# -- routing --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, topic", [
    ("I'd let Code Llama draft a few thousand answers and then use them as instruction data to fine-tune a rival "
     "vendor's model. OK?", "train_other_models_on_outputs"),
    ("Our kiosk has run the same SD 1.5 checkpoint for ages. Are we expected to upgrade to newer releases of the "
     "model?", "update_duty"),
    ("If we write our own bug fixes for the enterprise proxy, would we own them?", "derivative_ownership"),
    ("Can I promote my LoRA with the base model developer's logo on the banner?", "endorsement"),
    ("We'd like to charge for access to an assistant built on the model. Allowed?", "hosted_service_or_api"),
    ("If our license ended, would we have to wipe the checkpoints from our servers?", "termination_breach"),
])
def test_a_question_routes_to_the_rule_it_asks(question, topic):
    assert topic in understand.understand(question).topics


# -- a cure period, asked as whether the license still holds -------------------------------------------------------
@pytest.mark.parametrize("question, verdict", [
    ("We got a written notice 40 days ago that our LoRA upload lacked the license text and haven't fixed it. Do we "
     "still hold a license?", "no"),
    ("We got a written notice a week ago that our LoRA upload lacked the license text and fixed it the same day. Is "
     "our license still valid?", "yes"),
])
def test_a_license_still_held_after_a_breach_reads_the_cure_period(corpus, question, verdict):
    assert _decide(corpus, question, "fair-ai-public-1.0-sd").verdict == verdict


def test_an_ended_license_with_no_effect_clause_asks_no_deletion(corpus):
    decision = _decide(corpus, "Our DeepSeek license ended. Are we obliged to destroy the weights we downloaded?",
                       "deepseek-la-1.0")
    assert decision.verdict == "no", decision


# -- who a duty binds -------------------------------------------------------------------------------------------
def test_she_is_a_user_unless_the_question_names_a_maker(corpus):
    decision = _decide(corpus, "My sister sells posters she makes with SD 3.5 Medium for about $20k a year. Does she "
                       "need to register with Stability?", "Stable Diffusion 3.5 Medium")
    assert decision.verdict == "yes", decision


# -- an agreement needed only above a size ---------------------------------------------------------------------------
@pytest.mark.parametrize("question, verdict", [
    ("May a company ship Qwen2.5-72B in its paid app without contacting Alibaba?", "conditional"),
    ("Our app has 250 million monthly active users. May we ship Qwen2.5-72B in it without contacting Alibaba?",
     "no"),
])
def test_going_ahead_without_an_agreement_a_cap_calls_for(corpus, question, verdict):
    assert _decide(corpus, question, "Qwen2.5-72B").verdict == verdict


@pytest.mark.parametrize("question, verdict", [
    ("Our product has 2 million monthly unique users and runs Playground v2.5. Do we need to ask Playground for a "
     "license?", "conditional"),
    ("Our avatar maker has 2 million monthly unique users and runs Playground v2.5. Do we need to ask Playground for "
     "a license?", "yes"),
    ("Our accounting suite has 2 million monthly unique users; images are a small side feature, on Playground v2.5. "
     "Do we need to ask Playground for a license?", "no"),
])
def test_a_cap_that_counts_only_for_a_core_business(corpus, question, verdict):
    assert _decide(corpus, question, "Playground v2.5").verdict == verdict


# -- leave to skip a duty --------------------------------------------------------------------------------------------
def test_leaving_a_required_name_off_is_skipping_the_duty(corpus):
    question = ("We're at 10 million monthly users but earn $30 million a month from our Kimi K2 app. Can we leave "
                "the Kimi K2 name off our UI?")
    assert _decide(corpus, question, "Kimi K2").verdict == "no"


def test_terms_that_leave_out_the_use_restrictions_skip_the_duty(corpus):
    question = ("We only expose our Gemma 3 fine-tune through an API. Could our user agreement omit the use "
                "restrictions?")
    assert _decide(corpus, question, "Gemma 3").verdict == "no"


# -- whether one activity breaks the use policy -------------------------------------------------------------------
@pytest.mark.parametrize("question, verdict", [
    ("Would using Llama 4 to run a water utility's pumping controls violate the acceptable use policy?", "yes"),
    ("Would using Llama 4 to plan a school bake sale violate the acceptable use policy?", "no"),
])
def test_an_activity_checked_against_the_policy_as_a_fact(corpus, question, verdict):
    decision = _decide(corpus, question, "Llama 4")
    assert (decision.verdict, decision.topic) == (verdict, "prohibited_use"), decision


def test_a_hyphenated_compound_names_its_use():
    from explainer import topics

    assert "biometric" in topics.uses_in("a face-recognition turnstile for our office")


def test_what_i_can_do_is_no_request_for_leave():
    asked = understand.understand("Does the ODC-By license limit what I can do with a classifier trained on the data?")
    assert asked.kind == "fact"


# -- a detail the rule does not give --------------------------------------------------------------------------------
@pytest.mark.parametrize("question, key", [
    ("How many years must I keep offering the download after my FAIPL model goes online as a service?",
     "fair-ai-public-1.0-sd"),
    ("What's the required font size for the 'Built with Llama' line on our landing page?", "Llama 3.1"),
    ("Does the Kimi K2 revenue test use gross or net revenue?", "Kimi K2"),
])
def test_a_detail_the_rule_does_not_give_is_not_addressed(corpus, question, key):
    assert _decide(corpus, question, key).verdict == "not_addressed"


def test_a_detail_the_rule_gives_keeps_the_decision(corpus):
    question = "After a written notice that our release lacks the license text, how many days do we get to fix it?"
    decision = _decide(corpus, question, "fair-ai-public-1.0-sd")
    assert decision.verdict != "not_addressed" and "30 days" in decision.conditions


def test_how_large_language_models_work_asks_no_size(corpus):
    decision = _decide(corpus, "May my school use it to show pupils how large language models work?",
                       "open-aleph-1.0")
    assert decision.verdict != "not_addressed"


# -- a cap's amount named in the question ------------------------------------------------------------------------
@pytest.mark.parametrize("question, verdict", [
    ("Is Microsoft's liability under these terms limited to $5 at most?", "yes"),
    ("Is Microsoft's liability under these terms limited to $500 at most?", "no"),
])
def test_a_liability_cap_named_in_the_question(corpus, question, verdict):
    assert _decide(corpus, question, "microsoft-research-license").verdict == verdict


# -- exceptions and cases the question states --------------------------------------------------------------------------
def test_licensed_professionals_are_the_exception_to_unlicensed_practice(corpus):
    question = "Can the certified accountants at our firm use Gemma to draft tax memos for clients they advise?"
    assert _decide(corpus, question, "Gemma 3").verdict in ("yes", "conditional")


def test_an_adaptation_never_shared_is_allowed_under_no_derivatives(corpus):
    question = ("Under CC BY-ND 4.0, may I crop and recolour the images for my own mood board, as long as I never "
                "share it?")
    assert _decide(corpus, question, "cc-by-nd-4.0").verdict == "yes"


def test_a_label_owed_on_public_output_is_not_owed_in_house(corpus):
    question = ("Our team uses StarCoder only on internal tooling nobody outside sees. Must its code suggestions be "
                "marked?")
    assert _decide(corpus, question, "StarCoder").verdict == "no"


def test_registration_is_read_from_the_text_when_nothing_else_routes(corpus):
    question = "Before trying Stable Diffusion 3.5 Large at all, is signing up with Stability something I must do?"
    assert _decide(corpus, question, "Stable Diffusion 3.5 Large").verdict == "conditional"


def test_end_users_in_a_region_asked_by_the_third_person(corpus):
    question = ("Our quiz app runs on a Llama 4 multimodal model and is made in Canada. May its players in Spain use "
                "it?")
    assert _decide(corpus, question, "Llama 4").verdict == "yes"


def test_a_business_that_is_not_image_making_is_outside_a_core_business_cap(corpus):
    question = ("A grocery chain's app makes recipe pictures with Playground v2.5 and has 4 million monthly unique "
                "users; images aren't the grocer's business. Does it need a separate license?")
    assert _decide(corpus, question, "Playground v2.5").verdict == "no"


def test_outputs_may_not_improve_a_paid_model_other_than_the_licensors(corpus):
    question = "May we record clips with IndexTTS-2 and train the voice engine of our subscription app on them?"
    assert _decide(corpus, question, "IndexTTS-2").verdict == "no"

