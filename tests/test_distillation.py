"""distillation: training another model on a model's outputs, and whether the student is a derivative bound by the
teacher's license, read from each card's own definition and training entries."""
import pytest

from explainer import cards, decide, distillation, embeddings, understand
from explainer.corpus import load
from explainer.resolve import from_name


def _decide(question, name):
    corpus = load()
    return decide.decide(from_name(corpus, name, "explicit"), understand.understand(question), corpus)


def _entry(conditions, verdict="yes"):
    return cards.RightAnswer(right="derivative_definition", verdict=verdict, conditions=conditions)


def test_a_definition_naming_models_made_from_outputs_reaches_the_student():
    assert distillation.reaches_students(_entry(
        "Derivatives include any model based on the Model or its output. Such a model is a derivative and falls "
        "under these terms."))


def test_a_definition_that_denies_outputs_does_not_reach_the_student():
    assert distillation.reaches_students(_entry(
        "A Derivative is any fine-tuned version of the model; Outputs are not Derivatives, and a model trained only "
        "on outputs is not named.")) is False


def test_a_silent_definition_says_nothing():
    assert distillation.reaches_students(_entry("The text does not define derivatives.", "not_addressed")) is None


@pytest.mark.parametrize("question, name, verdict", [
    # the definition reaches a model trained on outputs (Gemma): yes, and a negated claim is turned round
    ("would a small model trained on text gemma generated count as a model derivative?", "gemma-tou-2024-04-01", "yes"),
    ("my student model trained on Gemma outputs is still bound by the gemma terms, right?", "gemma-tou-2025-03-24", "yes"),
    ("a model distilled from gemma's synthetic data is not a derivative, correct?", "gemma-tou-2025-03-24", "no"),
    # a definition that names fine-tunes only (FLUX.1 [dev]): a model trained on outputs is not a derivative
    ("if I train a model on synthetic images from FLUX dev, is that model a derivative under the flux license?",
     "flux-1-nc", "no"),
])
def test_the_student_s_status_is_the_definition_s_reach(question, name, verdict):
    decision = _decide(question, name)
    assert (decision.topic, decision.verdict) == ("derivative_definition", verdict)


@pytest.mark.parametrize("question, name, verdict", [
    ("is training a new LLM on llama 2 outputs forbidden?", "llama-2-license-2023", "yes"),
    ("is it prohibited to use qwen answers to train my own model?", "qwen-2024", "no"),
])
def test_a_ban_asked_as_a_fact_is_the_permission_s_opposite(question, name, verdict):
    assert _decide(question, name).verdict == verdict


def test_a_student_that_is_a_derivative_is_released_under_the_derivative_terms():
    if embeddings.embedder() is None:
        pytest.skip("the card's exception (a LoRA of the same model) is read by meaning: needs the embedding model")
    decision = _decide("can I fine-tune a lora of sd3.5 on its own outputs and share it on civitai?",
                       "stability-ai-community-2024")
    assert (decision.topic, decision.verdict) == ("train_other_models_on_outputs", "conditional")


def test_a_use_the_card_does_not_list_is_read_as_the_training_it_describes():
    decision = _decide("we sell a voice product; can we fill its training corpus with speech IndexTTS-2 synthesized?",
                       "IndexTTS-2")
    assert decision.topic == "train_other_models_on_outputs"


def test_a_lora_of_the_model_is_not_denied_by_a_definition_silent_on_outputs():
    decision = _decide("is a lora of flux dev trained on flux dev outputs a derivative?", "flux-1-nc")
    assert (decision.topic, decision.verdict) != ("derivative_definition", "no")


def test_a_competing_model_trained_on_outputs_is_the_case_the_ban_names():
    if embeddings.embedder() is None:
        pytest.skip("the card's exception (a competing image model) is read by meaning: needs the embedding model")
    decision = _decide("Could I use FLUX dev outputs to train my own image model as an alternative to Flux?", "flux-1-nc")
    assert (decision.topic, decision.verdict) == ("train_other_models_on_outputs", "no")
