"""How a question's kind is read when it holds a premise or a doubt beside its request, and the case a duty
question describes (its surfaces) read without the duty it asks about. Wordings are our own: each shape is asked
in several ways so that a rule fitting one phrasing fails here."""

from __future__ import annotations

import pytest

from explainer import understand

REQUEST_BESIDE_FACT = [
    # a premise confirmed by a tag, then a request: the request is asked
    ("gemma is apache now, right? can i ship it in my game?", "permission"),
    ("the weights are mit, correct? may we bundle them in our installer?", "permission"),
    ("flux schnell is apache 2.0, isn't it? do i have to credit them in my app?", "obligation"),
    # a permission with a doubt attached as an alternative
    ("is that fine under the policy, or does it count as a banned 'medical' use?", "permission"),
    ("is a tutoring bot allowed, or is it considered prohibited 'automated decision making'?", "permission"),
]

ONLY_FACTS = [
    ("is it apache 2.0? does the license say anything about outputs?", "fact"),
    ("is the license revocable, or is it perpetual?", "fact"),
]


@pytest.mark.parametrize(("question", "kind"), REQUEST_BESIDE_FACT + ONLY_FACTS)
def test_the_request_among_several_questions_sets_the_kind(question, kind):
    assert understand.kind_of(understand.focus(understand.fold(question))) == kind


INTENT_THEN_DOUBT = [
    "want to train a lora on sd3.5 outputs and release it. isn't using outputs for training banned?",
    "we're planning to sell t-shirts with the generated art. isn't selling outputs forbidden?",
    "i'd like to fine-tune it on its own generations. wouldn't training on outputs be prohibited?",
]


@pytest.mark.parametrize("question", INTENT_THEN_DOUBT)
def test_a_doubt_about_a_plan_the_asker_states_asks_a_permission(question):
    text = understand.fold(question)
    asking = understand.focus(text)
    assert understand.intended_kind(text, asking, understand.kind_of(asking)) == "permission"


def test_whether_a_plan_is_on_a_list_stays_a_fact():
    question = "we want to score loan applications with it automatically. is that on the prohibited list?"
    text = understand.fold(question)
    asking = understand.focus(text)
    assert understand.intended_kind(text, asking, understand.kind_of(asking)) == "fact"


def test_a_short_sentence_with_its_own_content_is_the_question_not_a_confirmation():
    assert understand.focus("we host a paid chatbot, no weights shipped. is commercial use ok?") == \
        "is commercial use ok?"
    text = "my boss says we must keep a notice. is that right?"
    assert understand.focus(text) == text
    assert understand.confirms_only("that ok?") and not understand.confirms_only("is selling ok?")


@pytest.mark.parametrize("question", [
    "do i have to open source my finetuned weights?",
    "must we publish our merged checkpoint?",
    "do i need to release the source of my fork?",
])
def test_the_duty_asked_is_not_the_case(question):
    text = understand.fold(question)
    assert "copies" not in understand.case_triggers(text, understand.focus(text), "obligation")


@pytest.mark.parametrize(("question", "surface"), [
    ("do i have to include the license in my app?", "service"),
    ("do we need to release the weights when we share the fine-tune with a partner?", "copies"),
    ("if i give my friend a copy of the model on a usb stick, do i have to include the license?", "copies"),
    ("i'm emailing a colleague a copy of the checkpoint. must i add the notice?", "copies"),
])
def test_a_case_named_beside_the_duty_is_kept(question, surface):
    text = understand.fold(question)
    assert surface in understand.case_triggers(text, understand.focus(text), "obligation")


@pytest.mark.parametrize("question", [
    "i just run it locally in ollama for myself, no sharing, no app. i still need to display 'built with llama', right?",
    "using it at home for myself only, no uploads. do i have to credit them?",
    "we run it locally on our own server, no app, no sharing. must we show the attribution?",
])
def test_a_private_use_with_its_surfaces_denied_by_no(question):
    assert understand.says_private(understand.understand(question))


def test_no_denies_a_surface_up_to_the_clause_end():
    assert understand.triggers_of("no weights shipped, we host a paid chatbot") == ("service",)
    assert "copies" not in understand.triggers_of("no sharing, no app: i keep it to myself")
