"""Session 27's readings, each worded here for the test (not a suite's wording): data the model makes that then
trains another model is training on outputs whatever else the question names, a model to be sold named before the
selling, a non-commercial use that shares an adaptation of a no-derivatives work, a filtered or de-duplicated
dataset is an adaptation, leave asked from a place the license excludes whatever right it routes to, and a
relicensing with "zero" restrictions drops them."""

from __future__ import annotations

import pytest

from explainer import distillation, understand
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
def test_zero_restrictions_drops_them(corpus):
    decision = _decide(corpus, "I blended three SD 1.5 checkpoints. May I publish the blend under my own terms with "
                               "zero restrictions?", "stable-diffusion-2022-08-22")
    assert (decision.topic, decision.verdict) == ("restrictions_flow_down", "no")
