"""Session 28's reading, each worded here for the test (not a suite's wording): money the licensor may ask of the
user (a fee, a royalty, a cut of revenue, "anything") is asked as whether the use needs another license than this
one, answered with the grant's own words on price; money the user's own use earns is not."""

from __future__ import annotations

import pytest

from explainer import understand
from explainer.corpus import load
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


@pytest.mark.parametrize("text, asks_licensor", [
    ("will google want royalties once our gemma product takes off?", True),
    ("am i supposed to pay mistral anything for running their apache model at work?", True),
    ("would alibaba take a cut of our sales if qwen runs inside the product?", True),
    ("can i put the song on streaming sites and earn royalties from it?", False),  # royalties the user earns
    ("our customers pay a monthly fee for the app", False),  # money the user's customers pay
])
def test_money_the_licensor_may_ask(text, asks_licensor):
    assert bool(understand.data().pays_licensor.search(understand.fold(text))) is asks_licensor


def test_a_royalty_question_is_asked_of_the_separate_license_and_quotes_the_free_grant(corpus):
    decision = _decide(corpus, "Will Meta want royalties from us for running Llama 3.1 in the subscription app we "
                               "sell?", "llama-3.1-license-2024")
    assert decision.topic == "separate_license"
    assert decision.verdict == "conditional"  # only above the 700M users the question does not give
    assert "royalty-free" in decision.quotes[0].text
    decision = _decide(corpus, "am i supposed to pay the authors anything for shipping an apache-2.0 model in our "
                               "product?", "apache-2.0")
    assert (decision.topic, decision.verdict) == ("separate_license", "no")


def test_paying_the_licensor_is_not_money_the_use_earns(corpus):
    # a hobby use of a non-commercial license: asking whether the licensor wants money does not make it paid
    decision = _decide(corpus, "Making birthday cards for my family with FLUX.1 dev is just my hobby. Do I owe Black Forest Labs "
                               "any fee?", "flux-1-nc")
    assert (decision.topic, decision.verdict) == ("separate_license", "no")
    decision = _decide(corpus, "our agency bills clients for the images. do we have to pay black forest labs to use "
                               "flux dev for that?", "flux-1-nc")
    assert (decision.topic, decision.verdict) == ("separate_license", "yes")


def test_using_it_without_paying_stays_a_question_about_the_use(corpus):
    decision = _decide(corpus, "We're a two-person studio with about $200k a year in sales. May we use SD 3.5 Medium "
                               "for client work without paying Stability?", "stability-ai-community-2024")
    assert decision.topic != "separate_license"
