"""The kind of a question read from its grammatical frame, not from a closed list of phrasings: each case is a
wording the `kinds` list of understanding.yaml does not hold, so the frame (auxiliary + subject + predicate) decides."""

from __future__ import annotations

import pytest

from explainer import understand

FRAMES = [
    # a license that permits / lets / allows someone something: a permission, whoever the subject is
    ("Does the Acme license permit shipping it inside a medical device?", "permission"),
    ("Would the terms let a bot of mine write phishing emails?", "permission"),
    ("Do the model terms allow a chatbot that grades exams?", "permission"),
    # a duty word anywhere in the asking sentence: an obligation
    ("Is a short credit line in the footer mandatory for us?", "obligation"),
    ("So every screenshot I publish must carry their logo?", "obligation"),
    ("Will the license make us open our training code?", "obligation"),
    # ... unless the licensor is the one bound
    ("Are the authors required to notify me before changing it?", "fact"),
    # "is/are <a thing> <state>": a fact
    ("Are the adapters I train owned by the original authors?", "fact"),
    ("Is my access cut off for good after one breach?", "fact"),
    ("After a fix within the grace period, are my rights back automatically?", "fact"),
    ("Is the whole agreement subject to the laws of Japan?", "fact"),
    # ... unless its predicate grants: a permission
    ("Is feeding its outputs to my own classifier permitted?", "permission"),
    ("Is Model X usable for anything at all?", "permission"),
    # "does/do <a thing> <verb>": a fact
    ("Would a patent claim against them end my license?", "fact"),
    ("Does the Korean text prevail over the English one?", "fact"),
    # what someone other than the asker can do: a fact
    ("Could the vendor revoke my access next month?", "fact"),
    ("Is the publisher still able to change the rules after I downloaded it?", "fact"),
    # "can I / am I allowed": a permission, whatever else the sentence holds
    ("Can I use it at work without having to buy anything?", "permission"),
    ("Am I allowed to put it in a paid app, given my revenue?", "permission"),
]


@pytest.mark.parametrize("question,kind", FRAMES)
def test_kind_from_frame(question, kind):
    assert understand.understand(question).kind == kind


def test_clauses_split_at_sentence_ends_not_in_names():
    """ "Qwen2.5" and "$1.2M" are not sentence ends; a comma opens a new clause."""
    parts = understand.clauses("is training on qwen2.5 data ok, given $1.2m revenue? really")
    assert parts == ["is training on qwen2.5 data ok", "given $1.2m revenue", "really"]


def test_listed_phrasing_still_wins_over_frame():
    """A phrasing of the `kinds` list keeps its kind: the frame only reads what the list does not name."""
    assert understand.understand("Do I have to credit them in the app?").kind == "obligation"
    assert understand.understand("Which law governs the license?").kind == "fact"


TRAINED_ON_OUTPUTS = [
    "Could I assemble a tuning corpus out of replies the model produced and use it on a rival LLM?",
    "We want to train a small classifier with captions which the model generates. Fine?",
    "Is it permitted to generate a synthetic dataset with it for our own model?",
]


@pytest.mark.parametrize("question", TRAINED_ON_OUTPUTS)
def test_training_material_made_by_the_model_routes_to_training_on_outputs(question):
    """Training material and something the model made, in one sentence and either order."""
    assert understand.understand(question).topic == "train_other_models_on_outputs"


def test_revocation_at_will_in_either_order():
    """ "later … withdraw" asks about revocation at will as much as "withdraw … later" does."""
    asked = understand.understand("If the authors later change their minds, could they just withdraw the license?")
    assert understand.asks_revocation(asked) == "revoke"


def test_derivative_status_with_the_object_between_verb_and_as():
    """ "treat my distilled model as a derivative" is "count as a derivative" with its object inside."""
    asked = understand.understand("Would the terms treat my small distilled student model as a derivative?")
    assert understand.asks_derivative_status(asked)


def test_law_named_after_subject_to_routes_to_governing_law():
    """ "subject to / governed by <place> law" names the governing law as "under <place> law" does."""
    asked = understand.understand("Is the research license of that lab subject to Swiss law?")
    assert asked.kind == "fact" and asked.topic == "governing_law"


def test_terms_covering_a_model_ask_its_derivative_status():
    """ "Do the terms cover the student model I distilled?" asks whether it is a derivative under them."""
    asked = understand.understand("Do the vendor's terms cover the little student model I distilled from it?")
    assert understand.asks_derivative_status(asked)


# a statement closed by a question tag asks whether it holds; the statement's own modality says the kind
TAGGED = [
    ("cc0 also hands me their patent rights, right?", "fact"),
    ("the fine-tuned weights belong to me, correct?", "fact"),
    ("we don't need to put any logo on our site, do we?", "obligation"),
    ("we must keep their notice file in the repo, true?", "obligation"),
    ("using it for our internal wiki is fine under the policy right?", "permission"),
    ("is it ok?", "permission"),  # a question already: no tag
    ("the NC license allows that since it is non-commercial, right?", "permission"),
    # a last clause worded as a statement and closed by "?"
    ("The texts it writes for me, I am owner of them?", "fact"),
    ("we can keep our finetune closed?", "permission"),
    ("can i use it for client work (i don't share the model)?", "permission"),
]


@pytest.mark.parametrize("question,kind", TAGGED)
def test_tagged_statement_asks_whether_it_holds(question, kind):
    assert understand.understand(question).kind == kind


def test_pointing_back_question_reads_its_backstory():
    asking = "is that what the license says?"
    assert understand.points_back(asking)
    assert understand.points_back("does the other license have the same rule?")
    assert not understand.points_back("is my license already gone?")
    text = "my boss says we cannot hold them responsible for wrong answers. " + asking
    assert understand.backstory(text, asking) == "my boss says we cannot hold them responsible for wrong answers."


def test_rules_question_takes_the_kind_of_a_duty_topic():
    assert understand._kind_of_rules_question("permission", "any rules about marking changed files?", "notice_file") == "obligation"
    assert understand._kind_of_rules_question("permission", "any limits on what i do with outputs?", "outputs_commercial") == "permission"


def test_fact_question_naming_a_rule_lets_duty_topics_fit():
    assert understand._kind_fits("update_duty", understand.FACT_ABOUT_RULE)
    assert understand._kind_fits("warranty", understand.FACT_ABOUT_RULE)
    assert not understand._kind_fits("update_duty", "fact")


def test_existence_question_is_a_fact():
    assert understand.understand("is there any clause that stops me from selling it?").kind == "fact"
    assert understand.understand("anything in the license that mentions trademarks?").kind == "fact"


def test_existence_of_a_bar_to_the_askers_activity_is_a_permission():
    """"anything in the policy that blocks this?" asks whether the activity is clear (yes = nothing bars it)."""
    assert understand.understand("anything in the acceptable use policy that blocks this?").kind == "permission"


def test_unmarked_last_question_is_asking():
    text = "someone said the license tells you to use the newest version?? is that actually in there"
    assert understand.focus(text).endswith("is that actually in there")


NOT_FIGURES = [
    # a parameter count beside a model's name, before or after it, or glued to it: never users or dollars
    "can I sublicense zephyr 7b to my customers under my own commercial EULA?",
    "the 70b llama my customers use: may I resell access?",
    "we run mistral small 24b for our customers, fine?",
    "i abliterated nemotron nano 9b v2 for our users. can i share it?",
    "we finetuned deepseek-r1-distill-llama-70b for paying customers. ok?",
    "a 13b model serving our subscribers - commercial use allowed?",
    # a section, an age, a share, a date: no measure beside the number
    "does section 13 make me offer the source to users?",
    "an 18+ site for adults only, with paying customers: allowed?",
    "we're 70% owned by a group that makes money: can we use it?",
    # the license's own limit named by its figure
    "is a vendor's product we bought exempt from the 700M MAU section?",
    "what does the 100M-user threshold in the kimi license cover?",
]

FIGURES = [
    ("our platform had 500M MAU in june and it's 1.1B now. do we need a license?", ["500M", "1.1B"]),
    ("monthly active users were precisely 700,000,000. over the cap?", ["700,000,000"]),
    ("we have 2B users on llama 3 8b. ok?", ["2B"]),
    ("our qwen2.5-72b app has 80M MAU, and a 13b model makes $5M a year", ["80M", "$5M"]),
    ("does the $1M cap apply to us? we make $1.3M a year", ["$1.3M"]),
]


@pytest.mark.parametrize("question", NOT_FIGURES)
def test_numbers_that_are_not_user_counts_or_sums(question):
    assert understand.question_figures(question) == []
    assert understand.understand(question).kind != "threshold"


@pytest.mark.parametrize("question,texts", FIGURES)
def test_user_counts_and_sums_stay_figures(question, texts):
    assert [figure.text for figure in understand.question_figures(question)] == texts
