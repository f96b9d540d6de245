"""Session 27's readings, each worded here for the test (not a suite's wording): data the model makes that then
trains another model is training on outputs whatever else the question names, a model to be sold named before the
selling, a non-commercial use that shares an adaptation of a no-derivatives work, a filtered or de-duplicated
dataset is an adaptation, leave asked from a place the license excludes whatever right it routes to, and a
relicensing with "zero" restrictions drops them."""

from __future__ import annotations

import pytest

from explainer import distillation, termination, understand
from explainer.corpus import load
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


# -- training on what the model made -----------------------------------------------------------------------------
@pytest.mark.parametrize("text, made_then_trains", [
    ("we'd have it write ten thousand support replies and then use them to finetune a smaller model", True),
    ("I saved a year of chat transcripts from it; could those fine-tune my own assistant?", True),
    ("we will produce safety posters for our staff training sessions", False),  # staff training, not a model
    ("I generated art with my fine-tuned checkpoint, can I sell the prints?", False),  # the model was tuned before
    ("a paid image-generation service running on my own fine-tune of it", False),  # the fine-tune is the model
])
def test_what_the_model_made_then_trains_a_model(text, made_then_trains):
    assert bool(distillation.patterns()["from_outputs"].search(understand.fold(text))) is made_then_trains


def test_a_model_made_to_train_another_is_asked_of_the_training_entry(corpus):
    decision = _decide(corpus, "We kept every conversation our Llama 2 helpdesk bot had last year. Can those "
                               "conversations fine-tune a Falcon model that does the same job?", "llama-2-license-2023")
    assert (decision.topic, decision.verdict) == ("train_other_models_on_outputs", "no")
    decision = _decide(corpus, "planning to have playground v2 make a few thousand pictures to finetune my own sdxl "
                               "checkpoint on. fine?", "playground-v2-community")
    assert (decision.topic, decision.verdict) == ("train_other_models_on_outputs", "no")


# -- the model to be sold, named before the selling ----------------------------------------------------------------
def test_a_voice_model_to_be_sold_is_a_commercial_model(corpus):
    question = "can we train a narration model on speech we generate with IndexTTS2? the model is something we'll sell"
    assert _decide(corpus, question, "bilibili-model-ula-2025-09-09").verdict == "no"
    kept = "can we train a narration model on speech we generate with IndexTTS2 for a free, non-commercial project?"
    assert _decide(corpus, kept, "bilibili-model-ula-2025-09-09").verdict == "yes"


# -- no derivatives ------------------------------------------------------------------------------------------------
def test_a_non_commercial_use_still_shares_no_adaptation(corpus):
    decision = _decide(corpus, "Our unpaid fan club newsletter (no income at all) wants to recolour these CC BY-NC-ND "
                               "illustrations and print the edited ones. OK?", "cc-by-nc-nd-4.0")
    assert (decision.topic, decision.verdict) == ("derivatives_allowed", "no")


@pytest.mark.parametrize("word", ["filtered", "de-duplicated", "resized", "trimmed"])
def test_a_filtered_dataset_is_an_adaptation(corpus, word):
    decision = _decide(corpus, f"we {word} a CC BY-ND 4.0 photo set; may we upload our {word} set to a public "
                               "repository?", "cc-by-nd-4.0")
    assert decision.verdict == "no"


# -- places --------------------------------------------------------------------------------------------------------
def test_leave_asked_from_an_excluded_place_is_no_whatever_it_routes_to(corpus):
    decision = _decide(corpus, "small studio in the uk: can we put our own custom license on the meshes we make with "
                               "hunyuan3d 2.0?", "tencent-hunyuan-3d-2.0-cla")
    assert decision.verdict == "no" and any("UK" in note for note in decision.notes)


# -- relicensing -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("terms", ["my own terms with zero restrictions", "terms that permit every use"])
def test_zero_restrictions_drops_them(corpus, terms):
    decision = _decide(corpus, f"I blended three SD 1.5 checkpoints. May I publish the blend under {terms}?",
                       "stable-diffusion-2022-08-22")
    assert (decision.topic, decision.verdict) == ("restrictions_flow_down", "no")


def test_pumping_out_images_to_pretrain_a_model_is_training_on_outputs(corpus):
    decision = _decide(corpus, "we'd pump out a million renders with sd3.5 and pretrain our own base model on them. "
                               "fine by the license?", "stability-ai-community-2024")
    assert (decision.topic, decision.verdict) == ("train_other_models_on_outputs", "no")


# -- the time to cure a breach ---------------------------------------------------------------------------------------
def test_a_longer_cure_period_than_the_license_gives_is_no(corpus):
    decision = _decide(corpus, "a creator wrote to me that my Pony merge ships without the license notices. So I have "
                               "ninety days to put it right, correct?", "fair-ai-public-1.0-sd")
    assert decision.verdict == "no" and any("30 days" in note for note in decision.notes)


def test_a_cure_period_within_the_one_given_is_not_turned_round(corpus):
    asked = understand.understand("got told my merge lacks the notices. do i get 10 days to fix it?")
    assert termination.cure_period_differs(asked, "after a written notice you have 30 days to comply") is None


# -- any use at all --------------------------------------------------------------------------------------------------
def test_any_use_of_the_model_allowed_asks_for_unrestricted_use(corpus):
    decision = _decide(corpus, "Is any use of Gemma 2 permitted, whatever the project?", "gemma-tou-2024-04-01")
    assert decision.verdict == "no"


# -- handing copies out ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", [
    "pushing my four-bit quantized nemotron nano build to the hub tonight",
    "putting out our Mistral fine-tune next week",
    "we ship clients a container image with the model inside",
    "uploading the merged checkpoint to my own Hugging Face repo",
])
def test_a_release_in_other_words_hands_out_copies(case):
    assert "copies" in understand.triggers_of(understand.fold(case))


# -- facts asked in other words --------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "if I publish benchmark numbers they dislike, does my license get revoked?",
    "we sued over a patent last week, so our patent license under the apache terms is ending now?",
    "got this checkpoint from a random mirror and not from stability. am I still under the openrail license?",
    "if the agreement is ended by them, do we get 30 days to delete the copies?",
    "if it ever comes to a lawsuit, is it delaware courts that decide it?",
])
def test_a_fact_asked_in_other_words_is_a_fact(question):
    assert understand.understand(question).kind == "fact"


def test_being_under_a_license_while_asking_leave_is_still_leave():
    assert understand.understand("am i under the llama license allowed to sell outputs?").kind == "permission"


# -- logos the model makes are outputs, not the licensor's marks -------------------------------------------------
@pytest.mark.parametrize("question", [
    "could I design logos with FLUX dev for the bakery I'm opening?",
    "is it fine to sell the logos flux generates for me to local shops?",
])
def test_logos_the_model_makes_are_not_a_question_about_its_trademarks(corpus, question):
    decision = _decide(corpus, question, "flux-1-nc")
    assert decision.topic != "trademark_rights"


@pytest.mark.parametrize("question", [
    "may we print the Black Forest Labs logo on our app's start screen?",
    "can our product branding use the FLUX name any way we like?",  # "product" is not "produce"
])
def test_the_licensors_marks_are_still_a_question_about_its_trademarks(corpus, question):
    decision = _decide(corpus, question, "flux-1-nc")
    assert (decision.topic, decision.verdict) == ("trademark_rights", "no")


# -- a duty asked as leave ---------------------------------------------------------------------------------------------
def test_releasing_without_the_license_text_the_license_requires_is_no(corpus):
    decision = _decide(corpus, "may I upload my Illustrious merge to civitai and leave out any license text?",
                       "fair-ai-public-1.0-sd")
    assert decision.verdict == "no" and any("license text" in note for note in decision.notes)
    decision = _decide(corpus, "can I put my merge on civitai without any license text?", "fair-ai-public-1.0-sd")
    assert decision.verdict == "no"


# -- a commercial use of a non-commercial license, whatever the entry routed to says --------------------------------
def test_a_commercial_use_of_a_non_commercial_license_is_no_where_the_entry_is_silent(corpus):
    decision = _decide(corpus, "Our startup wants its paid support chatbot to run on Command R+. OK under its license?",
                       "cc-by-nc-4.0")
    assert decision.verdict == "no"


# -- what the model made, passed off as made by hand -------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "Can I tell buyers the posters DALL-E made for me were hand-painted?",
    "is it ok to market ChatGPT's short stories as written by a human author?",
])
def test_what_the_model_made_sold_as_handmade_is_undisclosed_ai(corpus, question):
    decision = _decide(corpus, question, "openai-tou-20241211")
    assert decision.verdict == "no" and "undisclosed_ai" in understand.understand(question).uses


# -- a file the question says the work has; a condition not gated by a cap named elsewhere ---------------------------
def test_a_notice_file_the_work_came_with_settles_the_duty(corpus):
    decision = _decide(corpus, "Do we have to keep the NOTICE file when we pass on an Apache-2.0 checkpoint that came "
                               "with one?", "apache-2.0")
    assert decision.verdict == "yes"


def test_a_cap_in_another_sentence_does_not_gate_the_condition():
    from explainer import decide
    breaker = next(b for b in understand.data().breakers if "license text" in b.says)
    conditions = ("Companies with more than 700 million monthly users must ask for a license. When you share it, "
                  "give a copy of the agreement.")
    assert not decide._cap_gated(breaker, conditions)
    assert decide._cap_gated(breaker, "Above 700 million users, give a copy of the agreement to each user.")


def test_leaving_out_a_credit_the_license_never_asked_for_is_still_allowed(corpus):
    decision = _decide(corpus, "is it fine to put unlicense code in our closed product and credit nobody?", "unlicense")
    assert decision.verdict == "yes"


def test_generating_only_locally_shares_nothing(corpus):
    decision = _decide(corpus, "I just make pictures locally with my Pony merge and never share the model. Must I "
                               "publish anything?", "fair-ai-public-1.0-sd")
    assert decision.verdict == "no"


def test_what_the_licensor_can_change_asked_in_statement_order_is_a_fact_about_changes():
    asked = understand.understand("so google can rewrite the gemma terms whenever and the new ones bind me?")
    assert (asked.kind, asked.topic) == ("fact", "policy_changes")


def test_still_under_the_license_asks_whether_it_binds(corpus):
    decision = _decide(corpus, "I got Hermes 3 from a community mirror, not from Meta. Am I still under the Llama 3.1 "
                               "license?", "llama-3.1-license-2024")
    assert (decision.topic, decision.verdict) == ("restrictions_flow_down", "yes")


# -- places ----------------------------------------------------------------------------------------------------------
def test_places_of_one_length_keep_a_fixed_order():
    places = understand.data().places
    assert list(places) == sorted(places, key=lambda p: (-len(p), p))


def test_the_place_named_in_the_note_is_the_one_inside_the_excluded_region(corpus):
    decision = _decide(corpus, "I work from Canada and my buyer sits in London. Can I deliver Hunyuan3D meshes to "
                               "them?", "tencent-hunyuan-3d-2.0-cla")
    assert decision.verdict == "no" and any("London (United Kingdom)" in note for note in decision.notes)
