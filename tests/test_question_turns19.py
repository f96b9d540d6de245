"""Session 19's readings, each worded here for the test (not a suite's wording): a use item whose exception is
consent asked with consent unsaid, a limit asked to exist ("is there a number above which…"), "would it pass the
policy?" as leave, hiding that a model wrote something, disguising one's location, the licensor's own marks,
keeping modified weights private as a duty skipped, data "shared under" a license, a use a non-commercial grant
leaves to an outside policy, a warranty offered for sale, and the harmless context of a use passage."""

from __future__ import annotations

import pytest

from explainer import understand, uses
from explainer.corpus import load
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


# -- items whose exception is consent -------------------------------------------------------------------------------
@pytest.mark.parametrize("question, verdict", [
    # consent unsaid: allowed only with it
    ("Can I make a face-swap clip of my sister for her wedding slideshow with an OpenRAIL-M model?", "conditional"),
    # consent denied, in several words: forbidden
    ("Can I make a face-swap clip of my sister for her wedding slideshow? She doesn't know yet.", "no"),
    ("Can I make a face-swap clip of my neighbour without asking him?", "no"),
    ("Can I make a face-swap clip of my boss behind his back?", "no"),
    # consent given: allowed
    ("Can I make a face-swap clip of my sister for her wedding? She agreed to it.", "conditional"),
])
def test_an_item_qualified_by_consent_reads_what_the_question_says_of_consent(corpus, question, verdict):
    assert _decide(corpus, question, "bigscience-open-rail-m").verdict == verdict


def test_monitoring_done_quietly_denies_consent(corpus):
    question = "Can our HR team use Gemma to quietly scan staff chat logs and rank who seems likely to quit?"
    assert _decide(corpus, question, "gemma-pup-2024-02-21").verdict == "no"


# -- kinds ----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, kind", [
    ("Is there a revenue figure above which Flux schnell stops being free for us?", "fact"),
    ("Is there a user count past which the license needs renegotiating?", "fact"),
    ("We want an erotic roleplay bot on a Gemma fine-tune. Would that pass the prohibited use policy?", "permission"),
    ("Would our plan clear the acceptable use policy?", "permission"),
    ("Would that break the license?", "fact"),
])
def test_kinds(question, kind):
    assert understand.understand(question).kind == kind


def test_a_limit_asked_to_exist_is_the_cap_topic(corpus):
    question = "Is there a number of monthly users above which Gemma 3 stops being free under its terms?"
    decision = _decide(corpus, question, "gemma-tou-2025-03-24")
    assert (decision.topic, decision.verdict) == ("user_or_revenue_threshold", "no")


def test_a_policy_passed_is_leave_so_a_listed_use_is_no(corpus):
    question = ("I'm building a sexting companion on a Gemma fine-tune for adults. Would that pass the prohibited "
                "use policy?")
    assert _decide(corpus, question, "gemma-pup-2024-02-21").verdict == "no"


# -- uses -----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "I run a newsletter of StarCoder2 snippets with no mention that a program generated them. ok?",
    "I'll post the generated code on GitHub without any mention of AI. fine?",
])
def test_saying_nothing_of_the_model_hides_machine_generation(question):
    assert "undisclosed_ai" in understand.understand(question).uses


@pytest.mark.parametrize("key", ["chameleon-research-2024", "flux-1-nc", "llama-license-2023"])
def test_disguising_ones_location_is_forbidden_where_the_text_says_so(corpus, key):
    decision = _decide(corpus, "can i download it through a vpn so they can't tell which country i'm in?", key)
    assert (decision.topic, decision.verdict) == ("prohibited_use", "no")


def test_a_proxy_server_is_not_disguising_a_location():
    assert "location_masking" not in understand.understand(
        "we put the model behind a proxy server for our internal api. any issue?").uses


def test_imitating_a_named_real_person_is_impersonation():
    assert understand.understand("can i build a bot that imitates a real, well-known chef?").uses[0] == "impersonation"


def test_a_fragment_cut_from_the_use_does_not_hide_it():
    # "to make realistic-looking pics" alone is near making product photos; the whole passage is a fabrication
    text = "want to make realistic-looking pics of our local mayor taking a bribe for my meme page. sdxl ok with that?"
    assert "disinformation" in uses.clear_uses(text)


# -- routing and decisions ------------------------------------------------------------------------------------------
def test_the_licensors_own_marks_ask_the_endorsement_clause():
    asked = understand.understand("Can I use Moonshot AI's logo to advertise my app?")
    assert asked.topic == "endorsement"


@pytest.mark.parametrize("key, verdict", [("fair-ai-public-1.0-sd", "no"), ("apache-2.0", "yes")])
def test_keeping_modified_weights_private_is_the_release_duty_skipped(corpus, key, verdict):
    question = ("I changed the model and let visitors generate images with it on my site. Can I keep my modified "
                "weights private?")
    asked = understand.understand(question)
    assert asked.waives
    assert _decide(corpus, question, key).verdict == verdict


def test_keeping_ones_own_code_closed_is_not_a_waiver():
    assert not understand.understand("can i keep my own code closed if i link an mpl library?").waives


def test_data_shared_under_a_license_is_not_the_asker_sharing(corpus):
    question = "Can I train a closed, commercial model on a dataset shared under CDLA-Permissive-2.0?"
    assert "copies" not in understand.understand(question).triggers
    assert _decide(corpus, question, "cdla-permissive-2.0").verdict == "yes"
    assert "copies" in understand.understand("can the dataset be shared under MIT after I clean it?").triggers


def test_a_use_left_to_an_outside_policy_is_not_settled_by_a_non_commercial_grant(corpus):
    question = "For a non-commercial art project, may I use SD-Turbo to draw realistic firearms?"
    assert _decide(corpus, question, "stability-ai-nc-2023-12-06").verdict == "not_addressed"


def test_offering_a_warranty_for_sale_is_allowed_with_the_indemnity_as_its_condition(corpus):
    question = ("We resell an appliance built on DeepSeek Coder. Can we sell customers our own warranty and "
                "indemnity plan?")
    decision = _decide(corpus, question, "deepseek-la-1.0")
    assert decision.verdict == "conditional"
    assert not decision.conditions.lower().startswith("yes")


# -- round two: uses told in casual words --------------------------------------------------------------------------
@pytest.mark.parametrize("question, use", [
    ("I need 300 five-star testimonials from made-up diners for my restaurant page. ok?", "fraud"),
    ("can i make nasty cartoon pics of a coworker and pass them around the team chat?", "harassment"),
    ("i want to fine-tune it so it stops refusing anything. allowed?", "safety_bypass"),
    ("a kiosk that tells managers which employees look tired from the lobby camera. ok?", "biometric"),
])
def test_uses_told_in_casual_words(question, use):
    assert use in understand.understand(question).uses


def test_a_denied_detail_is_not_the_use():
    # "no real bomb-making detail" denies the weapon; the thriller remains
    asked = understand.understand("a heist novel where the crew plans an explosion, with no actual bomb-making "
                                  "steps. can the model help me write it?")
    assert "weapons" not in asked.uses


def test_an_item_limited_to_unlawful_use_is_not_lifted_for_a_lawful_one(corpus):
    key = "hyperclova-x-seed-2025"
    assert _decide(corpus, "Does the license ban surveillance even when it is fully legal?", key).verdict == "no"
    assert _decide(corpus, "can I use it to spy on my neighbours?", key).verdict == "no"


# -- round two: duties, facts and routing ---------------------------------------------------------------------------
@pytest.mark.parametrize("key, verdict", [("deepseek-la-1.0", "conditional"), ("apache-2.0", "conditional"),
                                          ("mit", "not_addressed")])
def test_leave_to_sell_ones_own_warranty(corpus, key, verdict):
    question = "When I pass the model on to clients, may I charge them for a support and warranty plan of my own?"
    assert _decide(corpus, question, key).verdict == verdict


@pytest.mark.parametrize("key, verdict", [("llama-3.1-license-2024", "no"), ("gpl-3.0", "yes")])
def test_a_cure_period_asked_of_a_license_that_gives_none(corpus, key, verdict):
    question = "If I breach it by accident, do I get 30 days to fix things before I lose the license?"
    assert _decide(corpus, question, key).verdict == verdict


def test_residents_of_an_excluded_region_using_an_app_are_end_users(corpus):
    question = "Our Canadian company offers an app on Llama 4's multimodal models. Can residents of Spain use it?"
    assert _decide(corpus, question, "llama-4-license-2025").verdict == "yes"


def test_whether_something_counts_as_a_derivative_is_the_definition():
    question = "If I distill a small model from its outputs, does that model count as a derivative under the terms?"
    assert understand.understand(question).topic == "derivative_definition"


def test_block_asks_whether_the_list_forbids_it(corpus):
    question = "Does the license block using the model in a military supply-chain planner?"
    assert _decide(corpus, question, "deepseek-la-1.0").verdict == "yes"


def test_a_mandatory_duty_asked_in_a_private_case_does_not_arise(corpus):
    question = "I only use DeepSeek Coder on my own laptop. Is it mandatory to hand anyone a copy of the license?"
    assert _decide(corpus, question, "deepseek-la-1.0").verdict == "no"


def test_customers_generating_on_a_paid_service_is_hosting():
    question = ("I'm launching a paid site where subscribers generate pictures with FLUX.1 [dev]. Is that within "
                "its license?")
    assert understand.understand(question).topic == "hosted_service_or_api"


def test_a_way_to_download_is_the_duty_asked_and_a_web_generator_is_a_service(corpus):
    question = ("I merged Illustrious with another checkpoint and run it as an online generator. Do I have to give "
                "visitors a way to download the merged model?")
    assert _decide(corpus, question, "fair-ai-public-1.0-sd").verdict == "yes"


def test_courts_asked_of_a_license_that_names_only_a_law(corpus):
    question = "If we fight with Stability AI over SD 3.5, does the case have to go to California courts?"
    assert _decide(corpus, question, "stability-ai-community-2024").verdict == "not_addressed"


def test_a_licensor_named_with_its_division_can_change_terms():
    assert understand.understand("Can Alibaba Cloud change the terms for my copy of Qwen?").topic == "policy_changes"
