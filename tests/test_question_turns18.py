"""Session 18's readings, each worded here for the test (not a suite's wording): kinds read from longer or later
clauses, claims of eligibility, growth after a release date, denied uses, grace periods, data written by one model
to train another, policies frozen at download, duties that are asked rather than told, private copyleft merges,
services that outsiders call, conditions scoped to another family of models, and exceptions of the right to use."""

from __future__ import annotations

import pytest

from explainer import decide, duty_case, policies, topics, understand, uses
from explainer.corpus import load
from explainer.resolve import from_name
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


def _decide_model(corpus, question: str, model: str):
    return decide.decide(from_name(corpus, model, "model_name"), understand.understand(question), corpus)


# -- the kind of question -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, kind", [
    ("we use it to write phishing-test emails for our own staff training. any issue with that legally?", "permission"),
    ("we run it for a hospital's intake forms. any problem with that under the license?", "permission"),
    ("Does a chatbot that our little company built on Llama 2 need a 'Built with Llama' line on its page?",
     "obligation"),
    ("Unlike Llama 3's naming rule, does the Gemma license require my fine-tune's name to start with 'Gemma'?",
     "obligation"),
    ("If we ever argue with Google over the terms, does the license require the case to go to a court in Texas?",
     "permission"),  # what the text says about courts, not a duty of the asker's: left to the value readings
    ("our revenue was $3M last year. we still qualify for the free tier, right?", "threshold"),
    ("Is our Llama 3.1 app bound only by the acceptable use policy as it stood when we downloaded it?", "fact"),
    ("got a takedown notice for a missing credit on my merge. am i toast now?", "fact"),
])
def test_kinds_read_from_the_asking_clause(question, kind):
    assert understand.understand(question).kind == kind


def test_a_long_subject_before_need_still_asks_a_duty(corpus):
    # Llama 2 asks for no "Built with Llama" display: asked as a duty, the answer is no (read as leave it would be yes)
    question = "Does a desktop app built by my small team on Llama 2 need a 'Built with Llama' badge in its about box?"
    assert _decide(corpus, question, "llama-2-license-2023").verdict == "no"


def test_a_claim_of_eligibility_is_checked_against_the_cap(corpus):
    question = ("Our agency billed about $2.5M last year, none of it from AI work. We still qualify for the free "
                "Community License, right?")
    assert _decide(corpus, question, "stability-ai-community-2024").verdict == "no"


# -- growth after the release date ----------------------------------------------------------------------------------
def test_growth_told_as_blowing_up_after_launch_is_later_growth(corpus):
    question = ("we launched in mid 2025 and blew up, around 900M MAU today. does the 700M rule mean we need a "
                "license from meta, or was that only about companies that were that big back then?")
    asked = understand.understand(question)
    assert asked.later
    assert _decide(corpus, question, "llama-3.3-license-2024").verdict == "no"


# -- uses: named in the asker's words, and the ones it denies ------------------------------------------------------
def test_screening_asylum_seekers_is_an_immigration_process(corpus):
    question = "Can I build a tool on an OpenRAIL++ image model that screens refugees' claims and flags liars?"
    assert "law_enforcement" in understand.understand(question).uses
    assert _decide(corpus, question, "bigscience-open-rail-m2").verdict == "no"


def test_a_use_the_question_denies_is_not_its_use():
    assert "minors" not in topics.uses_in("explicit art of adult characters, nothing involving minors, is that ok?")
    assert "minors" in topics.uses_in("art involving minors in explicit poses, is that ok?")
    denied = uses.DENIED_CLAUSE.sub(" ", "nude figure studies, nothing involving minors")
    assert denied.strip() == "nude figure studies,"
    # a clause that doubts rather than denies is kept
    assert "kids" in uses.DENIED_CLAUSE.sub(" ", "no idea if this is fine: a chat app for kids")


def test_adult_art_is_not_the_minors_item(corpus):
    question = "are explicit pictures of adult characters ok under the faipl-1.0-sd? nothing involving minors at all"
    assert _decide(corpus, question, "fair-ai-public-1.0-sd").verdict == "yes"


# -- a grace period asked by its length; data one model writes to train another ------------------------------------
@pytest.mark.parametrize("question, key, topic, verdict", [
    ("someone says my merge is missing the license notice. do i lose the license right away or do i have 30 days to "
     "fix it?", "fair-ai-public-1.0-sd", "termination_breach", "yes"),
    ("We plan to have Qwen write fifty thousand support dialogues and train our Mistral model on them. Since it's just "
     "outputs, the license doesn't care, right?", "tongyi-qianwen-2023", "train_other_models_on_outputs", "no"),
])
def test_the_topic_the_question_names_in_its_own_words(corpus, question, key, topic, verdict):
    assert understand.understand(question).topic == topic
    assert _decide(corpus, question, key).verdict == verdict


# -- a policy frozen at download ------------------------------------------------------------------------------------
def test_a_policy_as_it_read_when_downloaded_is_not_frozen(corpus):
    question = "Is my Falcon 2 app bound only by the use policy as it read on the day I downloaded the weights?"
    assert understand.keeps_earlier_terms(understand.understand(question))
    assert _decide(corpus, question, "falcon-2-11b-1.0").verdict == "no"


# -- a duty asked is not the case told -----------------------------------------------------------------------------
def test_a_duty_the_question_asks_is_not_its_case(corpus):
    question = "Does running DeepSeek-V2 oblige me to hand other people a copy of its license?"
    assert "copies" not in understand.understand(question).triggers
    assert _decide(corpus, question, "deepseek-la-1.0").verdict == "conditional"


def test_a_copyleft_merge_kept_on_my_own_pc_need_not_be_published(corpus):
    question = "I merged two FAIPL checkpoints and only run the result on my own PC. Am I required to publish it?"
    decision = _decide(corpus, question, "fair-ai-public-1.0-sd")
    assert decision.verdict == "no" and decision.topic == "share_alike"
    # shared, the duty is there
    shared = "I merged two FAIPL checkpoints and upload the result to Civitai. Am I required to publish its source?"
    assert _decide(corpus, shared, "fair-ai-public-1.0-sd").verdict != "no"


# -- the entry that decides: a set wording, a site others prompt, a served modified model -----------------------------
@pytest.mark.parametrize("question, key, topic, verdict", [
    ("We're posting about our Falcon 2 fine-tune on our blog. Is there a line we're required to include?",
     "falcon-2-11b-1.0", "built_with_display", "yes"),
    ("I run a free web page where my classmates can type in prompts and get SDXL Turbo images. Allowed?",
     "stability-ai-nc-2023-12-06", "hosted_service_or_api", "no"),
    ("i host my merge of pony v6 on a site where people type prompts. do i have to let users get my merged model?",
     "fair-ai-public-1.0-sd", "network_source", "yes"),
    ("my site runs my pony v6 fine-tune and nobody downloads it. must i provide visitors a way to download the model?",
     "fair-ai-public-1.0-sd", "network_source", "yes"),
])
def test_the_entry_that_decides(corpus, question, key, topic, verdict):
    decision = _decide(corpus, question, key)
    assert decision.topic == topic and decision.verdict == verdict


# -- a service outsiders call -----------------------------------------------------------------------------------------
def test_outsiders_calling_a_hosted_model_are_served_by_it(corpus):
    question = ("Outside developers call the Gemma model we host over our API and never get the weights. Do Gemma's "
                "use restrictions have to be in our API terms?")
    assert _decide(corpus, question, "gemma-tou-2025-03-24").verdict == "yes"


def test_customers_named_only_as_what_the_model_reads_are_not_served():
    assert not duty_case.OUTSIDERS.search("it transcribes customer orders at our counter")
    assert duty_case.OUTSIDERS.search("third-party developers call the model we host")
    assert duty_case.OUTSIDERS.search("we offer it to our clients")


# -- a condition for another family of the licensor's models -------------------------------------------------------
def test_a_condition_for_cosmos_models_does_not_bind_other_models(corpus):
    question = "May my company use Nemotron-4 340B to generate synthetic data to train our own closed model?"
    decision = _decide_model(corpus, question, "Nemotron-4 340B")
    assert decision.verdict == "yes"
    assert any("Cosmos" in note for note in decision.notes)


def test_the_family_condition_pattern_leaves_other_conditions():
    text = "Allowed; outputs are not derivative models. For Cosmos models, a model trained with them must show a line."
    assert [m.group("family") for m in decide.FAMILY_CONDITION.finditer(text)] == ["Cosmos"]
    rest = decide.FAMILY_CONDITION.sub(" ", "Not forbidden; for Cosmos models, show it. Keep the guardrails intact.")
    assert decide.STILL_CONDITIONED.search(rest)


# -- the right to use the model, asked two ways ---------------------------------------------------------------------
def test_an_exception_of_commercial_use_answers_the_non_commercial_question(corpus):
    question = "we want to enter a kaggle competition with an exaone model. is that allowed under its nc terms?"
    decision = _decide(corpus, question, "exaone-ai-model-1.1-nc")
    assert decision.verdict == "conditional"
    assert policies.EXCEPTION_NOTE in decision.notes


def test_a_product_that_competes_is_not_a_competition(corpus):
    question = "can we sell an app built on exaone that competes with LG's own products?"
    assert _decide(corpus, question, "exaone-ai-model-1.1-nc").verdict == "no"


# -- who owns what the model makes ------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, key, verdict", [
    # a claim to confirm, after a comma: the licensor keeps the outputs
    ("exaone drafts my lab reports, i own those drafts right?", "exaone-ai-model-1.1-nc", "no"),
    # asked as a choice or as the licensor's possible claim: the text claims none and gives none
    ("if i render scenes with this model, whose are they under the license, mine or the authors'?", "mit",
     "not_addressed"),
    ("under meta's terms do i actually own the captions llama writes for me, or could meta say they're theirs?",
     "llama-3.1-license-2024", "not_addressed"),
])
def test_whose_outputs_are_asked_as_ownership(corpus, question, key, verdict):
    decision = _decide(corpus, question, key)
    assert decision.topic == "licensor_claims_outputs" and decision.verdict == verdict


def test_my_own_fine_tune_is_not_a_question_of_ownership():
    question = "serving my own flux finetune on a website, not releasing it. do i owe the users anything?"
    assert understand.understand(question).topic != "derivative_ownership"


# -- caps: a business the cap does not count, a grant that ends --------------------------------------------------------
def test_a_business_that_says_image_generation_is_not_its_business_is_outside_the_cap(corpus):
    question = ("we're a hotel booking site with about 4M monthly users and use playground v2 for banner art. image "
                "generation is clearly not our business. still fine on the community license?")
    assert _decide(corpus, question, "playground-v2-community").verdict == "yes"


def test_a_grant_that_ends_past_the_revenue_cap_is_a_fact(corpus):
    question = "our studio passed $1.5M revenue this year. do our rights under the community license just... end?"
    asked = understand.understand(question)
    assert asked.kind == "fact" and "just end" in understand.fold(question)
    assert _decide(corpus, question, "stability-ai-community-2024").verdict == "yes"


def test_under_the_license_is_not_under_the_limit():
    assert decide.OVER_ASKED.search("are we under the limit?")
    assert not decide.OVER_ASKED.search("do our rights under the community license end?")


def test_a_pause_before_a_question_tag_is_kept():
    # "versions... or does it?" stays two units: only a filler word's trailing-off is joined
    assert understand.fold("newer versions... or does it?") == "newer versions... or does it?"


# -- a hackathon is not hacking --------------------------------------------------------------------------------------
def test_a_hackathon_is_not_a_cyber_attack():
    assert "malware" not in topics.uses_in("our club is entering a weekend hackathon with a project built on it")


# -- a model's own license named after "under" ------------------------------------------------------------------------
def test_ok_under_the_models_own_license_is_not_relicensing(corpus):
    question = ("we want an mit-licensed model to sort support emails. an older license of theirs banned spam filters "
                "like that, so is this ok under the model's license?")
    decision = _decide(corpus, question, "mit")
    assert decision.topic not in ("share_alike", "restrictions_flow_down")
    # a license the question names as the new terms is still relicensing
    assert _decide(corpus, "can i put my mit fine-tune under my own license?", "mit").topic == "share_alike"
