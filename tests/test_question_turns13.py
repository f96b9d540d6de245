"""Session 13's readings, each asked in words of its own (not a suite's): whether offering a model as a service is
distribution in the license's sense, a patent grant worded "permission is hereby granted … without restriction,
including under … patent … rights", and extra terms put on a derivative in a user's verbs ("slap", "stick")."""

from __future__ import annotations

import pytest

from explainer.corpus import load
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


@pytest.mark.parametrize("question, key, verdict", [
    # a definition of distribution that names a hosted service: yes, and a claim denying it is answered as worded
    ("is a web app where people chat with my gemma fine-tune treated as distributing it under the terms?",
     "gemma-tou-2024-04-01", "yes"),
    ("our gemma endpoint only answers requests, we're not distributing gemma by doing that, right?",
     "gemma-tou-2024-04-01", "no"),
    ("does serving my sdxl merge from a cloud endpoint count as distribution?", "openrail++", "yes"),
    # a text that says network interaction is not conveying: no, and the claim agreeing with it holds
    ("is a saas built on a modified gpl-3.0 tool considered conveying it?", "gpl-3.0", "no"),
    ("offering our patched agpl server online is not conveying in the license's sense, correct?", "agpl-3.0", "yes"),
])
def test_a_service_as_distribution_is_read_from_the_texts_definition(corpus, question, key, verdict):
    decision = _decide(corpus, question, key)
    assert decision.verdict == verdict, decision
    assert decision.topic == "hosted_service_or_api"
    assert decision.quotes and all(q.text for q in decision.quotes)


def test_a_text_that_does_not_define_distribution_is_left_to_the_card(corpus):
    question = "does running llama 3.1 on our servers for customers count as distributing it?"
    decision = _decide(corpus, question, "llama-3.1-license-2024")
    assert "defines distribution" not in decision.conditions and "not conveying" not in decision.conditions


def test_the_right_to_host_is_still_a_permission(corpus):
    decision = _decide(corpus, "may i put gemma behind a paid api for my customers?", "gemma-tou-2024-04-01")
    assert decision.verdict == "conditional"


@pytest.mark.parametrize("question", [
    "is there a patent license in openmdw or only copyright?",
    "do i get patent rights under the openmdw agreement?",
])
def test_a_grant_made_without_restriction_under_patent_rights_is_a_patent_grant(corpus, question):
    decision = _decide(corpus, question, "openmdw-1.0")
    assert decision.verdict == "yes", decision
    assert any("patent" in q.text for q in decision.quotes)


@pytest.mark.parametrize("question, key", [
    ("sharing my gemma 2 finetune next week. may i slap some extra terms of my own on it?", "gemma-tou-2024-04-01"),
    ("can i stick additional use restrictions of my own onto my sdxl lora when i post it?", "openrail++"),
])
def test_extra_terms_on_a_derivative_are_allowed_only_within_the_original(corpus, question, key):
    assert _decide(corpus, question, key).verdict == "conditional"


@pytest.mark.parametrize("question, verdict", [
    # the cap binds only where image generation is a core business: a business of another kind stays under it
    ("i work at a credit union with 2M monthly users, we'd use playground v2 for flyers. do we need to request a "
     "license from playground?", "no"),
    ("our ai art app has 1.5M monthly users. must we ask playground for a license?", "yes"),
    # "keep using it as is" is unchanged use, not the warranty disclaimer: a permission above the cap
    ("our image editor passed 1.2M monthly unique users. can we keep running playground v2 as is?", "no"),
])
def test_a_cap_for_a_core_business_reads_the_business_the_question_names(corpus, question, verdict):
    assert _decide(corpus, question, "playground-v2-community").verdict == verdict


@pytest.mark.parametrize("question, topic", [
    ("we'd like to keep the model as is, no changes. can we use it in our app?", "model_commercial_use"),
    ("the checkpoint comes as is, with no guarantee it works, right?", "warranty"),
])
def test_as_is_names_the_warranty_only_where_something_is_provided_as_is(question, topic):
    from explainer import understand
    asked = understand.understand(question)
    assert (asked.kind == "fact") == (topic == "warranty")
    assert asked.topic == topic


def test_putting_a_model_on_a_hub_is_sharing_it(corpus):
    question = "uploading my llama 3.1 finetune to hugging face as 'Orca-Helper'. that name is fine, right?"
    decision = _decide(corpus, question, "llama-3.1-license-2024")
    assert decision.verdict == "no", decision


@pytest.mark.parametrize("question, verdict", [
    # a license that excludes public bodies by what they are: no, whatever the purpose and even free of charge
    ("our county's tax office would like an internal assistant on this model to sort letters. no profit. ok?", "no"),
    ("the ministry of transport plans a free route-planning bot on an open aleph model for citizens. allowed?", "no"),
    # the academic use it keeps open, and teaching people (not training a model) read as a listed purpose
    ("a state university wants to use the model in its machine learning lectures. allowed?", "yes"),
    ("i teach at a secondary school and want to show my pupils how chatbots work with it. can i?", "yes"),
])
def test_users_a_license_excludes_by_what_they_are(corpus, question, verdict):
    decision = _decide(corpus, question, "open-aleph-1.0")
    assert decision.verdict == verdict, decision
    if verdict == "no":
        assert "public bodies" in decision.conditions and decision.quotes


def test_a_question_that_only_mentions_a_government_is_not_asked_by_one(corpus):
    decision = _decide(corpus, "can i use it privately to study how governments write press releases?",
                       "open-aleph-1.0")
    assert "public bodies" not in decision.conditions


@pytest.mark.parametrize("question", [
    "our company is in seoul, can we use hunyuan 3d commercially?",
    "we're based in busan. can we sell stuff made with hunyuan3d?",
])
def test_a_city_names_the_country_a_license_excludes(corpus, question):
    assert _decide(corpus, question, "tencent-hunyuan-3d-2.0-cla").verdict == "no"


def test_a_city_asked_as_a_seat_is_checked_without_the_country_it_implies(corpus):
    question = "are disputes under hyperclova x seed settled by arbitration in seoul?"
    assert _decide(corpus, question, "hyperclova-x-seed-2025").verdict == "yes"


@pytest.mark.parametrize("users, verdict", [("150M", "no"), ("2M", "yes")])
def test_nothing_extra_asked_above_a_size_that_brings_a_duty(corpus, users, verdict):
    question = f"our saas has {users} monthly users, can we use kimi k2 without doing anything extra?"
    assert _decide(corpus, question, "moonshot-ai-modified-mit-2025").verdict == verdict


@pytest.mark.parametrize("question, key, verdict", [
    # no share-alike and no network clause: nothing makes you release what you make
    ("we fine-tuned gemma 2 for our support desk. are we obliged to publish the weights?", "gemma-tou-2024-04-01", "no"),
    ("my sdxl merge is pretty good. do i need to make it public?", "openrail++", "no"),
    ("must we open-source our apache-2.0 fine-tune?", "apache-2.0", "no"),
    # a copyleft still asks it of what you hand on
    ("i changed an agpl model server and we run it for customers. do i have to release my changes?", "agpl-3.0", "yes"),
])
def test_a_duty_to_release_the_work_exists_only_under_share_alike(corpus, question, key, verdict):
    assert _decide(corpus, question, key).verdict == verdict


def test_a_duty_that_comes_with_sharing_is_not_a_release_duty(corpus):
    question = "when i share my gemma finetune, do i have to include the license terms?"
    decision = _decide(corpus, question, "gemma-tou-2024-04-01")
    assert decision.verdict == "yes"
    assert "nothing in the license makes you publish" not in decision.conditions


@pytest.mark.parametrize("question, verdict", [
    # a claim in chat spelling ("doesnt", a closing "yeah?") is answered as worded
    ("posting my sdxl renders on instagram. stability doesnt own them, yeah?", "yes"),
    ("stability owns the renders i make with sdxl, yeah?", "no"),
])
def test_a_claim_in_chat_spelling_is_answered_as_worded(corpus, question, verdict):
    assert _decide(corpus, question, "openrail++").verdict == verdict


@pytest.mark.parametrize("question, verdict", [
    # Apache-2.0 keeps one use of the licensor's names open: describing where the work comes from
    ("can my readme say the model is fine-tuned from theirs, using their product name?", "conditional"),
    ("can i name my app after their apache model, like 'Mistral Pro'?", "no"),
])
def test_a_trademark_clause_that_keeps_describing_the_origin_open(corpus, question, verdict):
    assert _decide(corpus, question, "apache-2.0").verdict == verdict


@pytest.mark.parametrize("question, key, verdict", [
    ("my daughter is 14 and wants chatgpt for her science fair. is she old enough under openai's terms?",
     "openai-tou-20241211", "conditional"),
    ("can an 11 year old open a hugging face account to post models?", "huggingface-tos-20220915", "no"),
    ("we're making a reading tutor for primary school kids on the gemini api. ok under the terms?",
     "gemini-api-additional-tos-2025", "no"),
    ("does openai set an age limit for its services?", "openai-tou-20241211", "yes"),
    ("is there an age limit in the apache license?", "apache-2.0", "not_addressed"),
])
def test_an_age_asked_is_read_against_the_texts_age_rule(corpus, question, key, verdict):
    decision = _decide(corpus, question, key)
    assert decision.verdict == verdict, decision
    assert decision.topic == "minimum_age"


@pytest.mark.parametrize("question, key", [
    ("i'm 34, can i use chatgpt to draft client emails?", "openai-tou-20241211"),
    ("can i generate pictures of kids building sandcastles for a calendar?", "openrail++"),
])
def test_an_age_told_in_passing_or_children_in_a_picture_ask_no_age(corpus, question, key):
    assert _decide(corpus, question, key).topic != "minimum_age"


def test_where_the_text_says_what_it_does_not_say_is_left_open(corpus):
    question = "people online say the mit license forbids military use. where does the mit license say that?"
    assert _decide(corpus, question, "mit").verdict == "not_addressed"


def test_revenue_told_in_other_words_is_a_sum(corpus):
    question = "our firm brings in about 2.4M a year, none of it from ai. is sd3 medium still free for us?"
    assert _decide(corpus, question, "stability-ai-community-2024").verdict == "no"


def test_another_licenses_figure_named_for_comparison_is_not_the_askers():
    from explainer import understand
    question = "does flux dev have a free tier under some revenue number, like stability's $1M thing?"
    assert understand.understand(question).figures == ()
    assert understand.understand("we make $1M a year, is flux dev free for us?").figures


def test_a_law_given_as_premise_leaves_the_courts_asked(corpus):
    question = "the gemma terms are california law, so disputes go to los angeles courts, right?"
    decision = _decide(corpus, question, "gemma-tou-2024-04-01")
    assert decision.verdict == "no", decision
    assert "Santa Clara" in decision.conditions


@pytest.mark.parametrize("question", [
    "we want gemma to run an adult sexting companion bot. any issues with that?",
    "planning a gemma chatbot that writes explicit porn stories for paying users. any catch lol",
])
def test_an_elliptic_any_problem_after_a_use_asks_whether_it_is_allowed(corpus, question):
    from explainer import understand
    assert understand.understand(question).kind == "permission"
    assert _decide(corpus, question, "gemma").verdict == "no"


@pytest.mark.parametrize("question, verdict", [
    # the item is qualified by consent: satire is no exception to it, consent is
    ("can i make a face-swap video of a famous actor without asking him, as a parody?", "no"),
    ("can i make a face-swap video of my brother? he agreed to it", "conditional"),
])
def test_a_carve_out_counts_only_where_the_item_makes_that_kind_of_exception(corpus, question, verdict):
    assert _decide(corpus, question, "bigscience-open-rail-m").verdict == verdict


def test_an_age_rule_quotes_only_the_clause_that_sets_an_age(corpus):
    decision = _decide(corpus, "is there a minimum age to use openai's services?", "openai-tou-20241211")
    assert decision.quotes and all("years old" in q.text for q in decision.quotes)  # not "at least 30 days' notice"
