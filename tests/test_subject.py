"""subject: whose right a question is about (the model, what it makes, the user)."""
from types import SimpleNamespace

import pytest

from explainer import subject
from explainer.cards import RightAnswer
from explainer.decide import Decision


def _asked(question: str, kind: str = "fact"):
    return SimpleNamespace(question=question, asking=question.lower(), kind=kind)


@pytest.mark.parametrize("question", [
    "want to use aya expanse inside our paid translation app. allowed?",
    "my boss wants to put aya expanse into our paid customer service product. any issue?",
    "want to run musicgen as the engine of our paid 'soundtrack for your video' app. license ok?",
])
def test_a_model_used_in_a_product_names_no_output(question):
    assert not subject.names_an_output(question)


@pytest.mark.parametrize("question", [
    "can I sell the pictures I make with it?",
    "can we sell voice-overs from the model in our app?",
    "are the assets it generates ok to sell in our game?",
    "can I sell what it writes?",
])
def test_what_the_model_makes_stays_an_output(question):
    assert subject.names_an_output(question)


@pytest.mark.parametrize("question", [
    "who owns the images sd3.5 spits out, do i?",
    "who owns the images i generate with sd3? do i?",
    "The contents EXAONE 3.5 generate for me, I am owner of them?",
    "who owns the outputs I generate with llama 3.1, me or meta?",
    "do i own the images i make with it?",
])
def test_the_user_named_as_owner(question):
    assert subject.user_owns(_asked(question))


@pytest.mark.parametrize("question", [
    "does TII claim any ownership of the text falcon 2 generates for me?",
    "who owns the images I generate with Stable Diffusion 1.5?",
    "who owns the pics I make with sdxl? does stability get any rights in them",
])
def test_the_licensor_asked_about(question):
    assert not subject.user_owns(_asked(question))


def _entry(verdict: str, conditions: str = "", anchors: tuple = ()) -> RightAnswer:
    return RightAnswer("licensor_claims_outputs", verdict, conditions, anchors)


def test_the_user_owns_only_where_the_text_gives_the_outputs():
    mine = _asked("do i own the images i make?")
    assert subject.ownership_verdict(_entry("no", "", ("You own any outputs generated from the Models",)), mine) == "yes"
    assert subject.ownership_verdict(_entry("no", "The licensor claims no rights in the outputs."), mine) == "not_addressed"
    assert subject.ownership_verdict(_entry("yes", "LG keeps all rights."), mine) == "no"
    assert subject.ownership_verdict(_entry("not_addressed"), mine) == "not_addressed"


def test_a_claim_asked_about_at_all_stays_open_where_the_text_is_silent():
    assert subject.ownership_verdict(_entry("not_addressed"), _asked("does TII claim any ownership of it?")) == \
        "not_addressed"
    assert subject.ownership_verdict(_entry("not_addressed"), _asked("does Meta claim ownership of it?")) == "not_addressed"


class _Card:
    def __init__(self, entries):
        self.entries = entries

    def answer(self, topic):
        return self.entries.get(topic)


def _grant_card(scope: str = "Any use, including selling copies, is allowed.", non_commercial: str = "no"):
    return _Card({"model_commercial_use": RightAnswer("model_commercial_use", "yes", scope),
                  "derivatives_allowed": RightAnswer("derivatives_allowed", "yes", "Modification is allowed."),
                  "non_commercial_only": RightAnswer("non_commercial_only", non_commercial, ""),
                  "use_restrictions": RightAnswer("use_restrictions", "not_addressed", "No use restrictions.")})


def _silent(topic: str = "train_other_models_on_outputs"):
    return Decision(topic, "not_addressed", "", "card", kind="permission")


def test_an_unrestricted_grant_answers_selling_what_the_text_is_silent_about():
    asked = _asked("can i distill it into my own model and sell it?", kind="permission")
    decision = subject.apply_unrestricted_grant(_grant_card(), asked, _silent(), lambda entry: ())
    assert decision.verdict == "yes"


@pytest.mark.parametrize("card, question", [
    (_grant_card(), "can i distill it into my own model?"),  # the silent act alone: the grant names selling
    (_grant_card("Apple grants you a personal, non-exclusive license"), "can i distill it and sell that?"),
    (_grant_card(non_commercial="yes"), "can i distill it and sell that?"),
])
def test_silence_stays_without_a_sale_or_under_a_scoped_grant(card, question):
    asked = _asked(question, kind="permission")
    assert subject.apply_unrestricted_grant(card, asked, _silent(), lambda entry: ()).verdict == "not_addressed"
