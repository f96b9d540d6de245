"""The case a question describes, read against the trigger of a license's duties (explainer/duty_case.py): kept to
oneself, only using someone else's product, passing copies on, or selling what the model made. Three wordings per
case shape, none of them a dev suite's."""

from __future__ import annotations

import pytest

from explainer import decide, duty_case, embeddings, understand
from explainer.corpus import load
from explainer.resolve import from_name

needs_embeddings = pytest.mark.skipif(embeddings.embedder() is None, reason="the MiniLM export is not installed")


@pytest.fixture(scope="module")
def corpus():
    return load()


def _decision(corpus, key, question):
    return decide.decide(from_name(corpus, key, "explicit"), understand.understand(question), corpus)


@needs_embeddings
@pytest.mark.parametrize("text", [
    "i only run it on my laptop for my own notes, no one else ever sees it",
    "the tool stays on our office server and only our staff use it",
    "we built it into a kiosk in our store; nothing is handed out to anybody",
])
def test_a_kept_case_is_read_by_meaning(text):
    assert duty_case.kept_by_meaning(understand.fold(text))


@needs_embeddings
@pytest.mark.parametrize("text", [
    "i use a website that some company built on the model",
    "my cousin's editing app has the model inside and i just use that app",
    "i'm only a customer of a service that runs it",
])
def test_only_using_someone_elses_product_is_an_end_user_case(text):
    assert "end_user" in duty_case.sides_by_meaning(understand.fold(text))


@needs_embeddings
@pytest.mark.parametrize("text", [
    "we sell a device with the model preinstalled",
    pytest.param("i put my fine-tuned checkpoint up for sale on gumroad", marks=pytest.mark.xfail(
        reason="'up for sale on gumroad' reads near no side (0.28): a known gap of the descriptions", strict=True)),
    "i'm giving my merged model away on a public download page",
])
def test_passing_the_files_on_is_a_copies_case(text):
    assert duty_case.copies_by_meaning(understand.fold(text))


@needs_embeddings
@pytest.mark.parametrize("text", [
    "i sell prints of pictures i generated",
    "we host it as a chatbot our customers talk to",
    "selling posters made from my generated images on etsy",
])
def test_a_service_or_sold_outputs_is_not_a_copies_case(text):
    found = duty_case.sides_by_meaning(understand.fold(text))
    assert "copies" not in found and not duty_case.kept_by_meaning(understand.fold(text))


@needs_embeddings
@pytest.mark.parametrize("key, question", [
    ("llama-3.1-license-2024", "my fine-tune of llama 3.1 lives on my own gaming pc and only i chat with it. must i "
                               "show 'built with llama' somewhere?"),
    ("stability-ai-community-2024", "we run sd3.5 inside our company for our own designers only, nothing leaves the "
                                    "building. do we need to display 'powered by stability ai'?"),
    ("apache-2.0", "the model sits on a box in our back office and nobody outside gets anything from it. do we need "
                   "to include the notice file?"),
])
def test_a_duty_of_sharing_asked_in_a_kept_case_is_not_owed(corpus, key, question):
    assert _decision(corpus, key, question).verdict == "no"


@needs_embeddings
@pytest.mark.parametrize("key, question", [
    pytest.param("stability-ai-community-2024", "i use an online editor that a big company built on sd3. do i "
                                                "myself have to register with stability?", marks=pytest.mark.xfail(
        reason="reads end_user at 0.45, on the threshold: a known gap", strict=True)),
    ("stability-ai-community-2024", "a startup's app has stable diffusion 3 inside and i'm just one of its users. "
                                    "must i sign up with stability ai?"),
    ("stability-ai-community-2024", "i only use my friend's website that runs sd3 medium. am i required to register "
                                    "with stability?"),
])
def test_an_end_user_of_someone_elses_product_owes_its_makers_duties_none(corpus, key, question):
    assert _decision(corpus, key, question).verdict == "no"


@needs_embeddings
@pytest.mark.parametrize("key, question", [
    ("stability-ai-community-2024", "i fine-tuned sd3.5 into a lora and want to post it free on huggingface. "
                                    "is that fine?"),
    ("nvidia-open-model-2025-04-28", "we want to sell a robot that has a nemotron model preloaded. allowed?"),
    ("bigscience-open-rail-m2", "i trained a lora on this model and sell it on gumroad. any conditions?"),
])
def test_a_use_whose_case_passes_copies_on_carries_the_sharing_duties(corpus, key, question):
    assert _decision(corpus, key, question).verdict == "conditional"


@needs_embeddings
@pytest.mark.parametrize("key, question", [
    ("apache-2.0", "we trained our own model starting from this one. can we keep it closed and sell it to "
                   "customers?"),
])
def test_a_question_naming_its_own_action_is_not_turned_conditional_by_the_copies_entry(corpus, key, question):
    """Whether an action is allowed is answered by its entry; the duties of passing copies on answer only a question
    that asks openly what holds (the label of qdev5-183 reads so)."""
    assert _decision(corpus, key, question).verdict == "yes"


@needs_embeddings
def test_selling_the_merged_model_itself_passes_copies_on(corpus):
    """Selling the files of a merge hands copies on, which brings the license's sharing duties (a RAIL passes its
    use restrictions on): most labels of the dev halves read such a sale as `conditional` (22 of 32 tuned cases)."""
    question = "can i merge this model into my own checkpoint and sell the merged model?"
    assert "copies" in understand.understand(question).triggers
    assert _decision(corpus, "bigscience-open-rail-m2", question).verdict == "conditional"


@needs_embeddings
def test_selling_what_the_model_made_is_not_selling_the_model(corpus):
    decision = _decision(corpus, "bigscience-open-rail-m2", "can i sell the images i generate with my lora on etsy?")
    assert decision.topic == "outputs_commercial"


@pytest.mark.parametrize("clause, everyone", [
    ("nothing is handed to anybody", True),
    ("no one outside the team ever sees it", True),
    ("we never give it to anyone", True),
    ("we don't ship weights at all", False),
    ("it is not public", False),
    ("we do not put it on our site", False),
])
def test_only_a_denial_that_leaves_no_one_outside_keeps_the_work(clause, everyone):
    assert duty_case.denies_everyone(clause) is everyone


@pytest.mark.parametrize("clause, own", [
    ("we use a fine-tune in our mobile app", True),
    ("do i show it in my app's interface", True),
    ("we built a support bot on it", True),
    ("my friend's photo app has it built in", False),
    ("i only use a website some company runs", False),
    ("i'm one of the users of a startup's tool", False),
])
def test_the_askers_own_product_makes_no_end_user(clause, own):
    assert duty_case.names_own_product(clause) is own


@pytest.mark.parametrize("question, files", [
    ("i merged two checkpoints and sell it on gumroad", True),
    ("can i sell my fine-tuned weights to a client?", True),
    ("i trained a lora. selling it on ko-fi ok?", False),  # the pronoun's file is in another sentence
    ("i sell mugs printed with pictures i generated", False),
    ("i make album art with it and sell them as packs", False),
    ("we sell the books whose covers it drew", False),
])
def test_selling_model_files_is_read_from_the_object_sold(question, files):
    assert duty_case.sells_model_files(question) is files


@pytest.mark.parametrize("question, openly", [
    ("we put the merge on our download page. any strings attached?", True),
    ("i'm giving my lora away on a forum. is that ok?", True),
    ("can i merge it with another checkpoint and sell the merged model?", False),
    ("trained a model on the dataset. can i keep the model closed and sell it to a customer?", False),
])
def test_a_question_asks_openly_when_its_asking_sentence_points_back(question, openly):
    assert duty_case.asks_openly(understand.understand(question)) is openly


@needs_embeddings
@pytest.mark.parametrize("key, question", [
    ("llama-3.1-license-2024", "we don't ship weights, we only host llama 3.1 behind our api. must we show 'built "
                               "with llama'?"),
    ("stability-ai-community-2024", "we use an sd3.5 fine-tune in our own mobile app. do we need to show "
                                    "'powered by stability ai' in it?"),
    ("llama-3.1-license-2024", "it runs on my phone and it goes up on hugging face next week. do i need to include "
                               "the license with it?"),
])
def test_a_case_that_offers_or_shares_the_work_is_not_read_as_kept(corpus, key, question):
    assert _decision(corpus, key, question).verdict != "no"


# -- the part of the work a duty reaches; a case a condition counts (apply_scope) --------------------------------
@pytest.mark.parametrize("key,question", [
    ("mpl-2.0", "we bundle an unmodified mpl file in our closed-source game. must the entire game be released under mpl?"),
    ("mpl-2.0", "if i ship the mpl files in my product must all my code be released too?"),
    ("lgpl-3.0", "we link the lgpl library from our app. does our whole application have to be under the lgpl?"),
])
def test_a_duty_on_the_whole_work_is_no_under_a_carve_out(corpus, key, question):
    assert _decision(corpus, key, question).verdict == "no"


def test_a_duty_on_the_licensed_part_itself_still_holds(corpus):
    decision = _decision(corpus, "mpl-2.0", "i changed an mpl file in my app. do i have to share my changes to that file?")
    assert decision.verdict != "no"


def test_the_carve_out_and_the_whole_work_are_read_from_structure():
    assert duty_case.carves_out_larger_work("Only the covered files; a larger work may use other terms.")
    assert duty_case.carves_out_larger_work("applications using it may use any terms")
    assert not duty_case.carves_out_larger_work("The whole must be licensed under this License.")
    assert duty_case.counted_cases("Allowed; a hosted service or API counts as Distribution, so …") == [
        "a hosted service or API"]


def test_a_denied_reach_is_no_when_the_conditions_count_the_case(corpus):
    question = "we serve gemma through our api to paying clients. the distribution rules don't apply to us, right?"
    assert _decision(corpus, "gemma-tou-2025-03-24", question).verdict == "no"


@needs_embeddings
@pytest.mark.parametrize("question,verdict", [
    ("i fine-tuned a model using qwen outputs and released it on hugging face. must i display 'built with qwen'?", "yes"),
    ("i distilled qwen into a tiny model and put it online. do i need a 'built with qwen' line?", "yes"),
    ("i fine-tuned a model using qwen outputs for my own notes. must i display 'built with qwen'?", "conditional"),
])
def test_a_case_told_by_meaning_meets_a_make_available_duty(corpus, question, verdict):
    assert _decision(corpus, "qwen-2024", question).verdict == verdict


@pytest.mark.parametrize("key,question,verdict", [
    ("creativeml-openrail-m", "we just copy the training code from the repo, not the weights. must we pass on the use-based restrictions?", "no"),
    ("bigscience-open-rail-m2", "i only borrow the tokenizer scripts from the release. do i have to give people a copy of the license?", "no"),
    ("creativeml-openrail-m", "i only use the fine-tuned weights in my app. must i pass on the use restrictions?", "yes"),
])
def test_a_duty_on_the_model_does_not_reach_only_another_part(corpus, key, question, verdict):
    assert _decision(corpus, key, question).verdict == verdict
