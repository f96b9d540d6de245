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


# -- a duty left undone, asked of another right ------------------------------------------------------------------
def test_removing_the_license_from_a_shared_derivative_is_no(corpus):
    # routed to the terms for derivatives (or for sharing), whose conditions need not name the copy of the license
    decision = _decide(corpus, "I merged two Llama 3.1 fine-tunes. Before I post the merge on Hugging Face, may I "
                               "delete the Llama license from the repo?", "llama-3.1-license-2024")
    assert decision.verdict == "no"
    assert any("copy of this Agreement" in quote.text for quote in decision.quotes)
    decision = _decide(corpus, "Can I strip the license text out of the MIT library when I bundle it in my "
                               "installer?", "mit")
    assert decision.verdict == "no"


def test_keeping_the_license_or_sharing_nothing_is_not_a_duty_left_undone(corpus):
    decision = _decide(corpus, "I merged two Llama 3.1 fine-tunes. May I post the merge on Hugging Face with the "
                               "Llama license in the repo?", "llama-3.1-license-2024")
    assert decision.verdict != "no"
    # nothing leaves the house: the copy of the license is owed only to those the model is given to
    decision = _decide(corpus, "we only run our llama 3.1 fine-tune on our own servers for staff. can we delete the "
                               "llama license file from our internal repo?", "llama-3.1-license-2024")
    assert decision.verdict != "no"


@pytest.mark.parametrize("key, question", [
    # a "Built with" line left out, routed to whatever right the rest of the question names
    ("qwen-2024", "We distilled Qwen2.5 into a 1B model and want to put it on the hub, but skip the 'Built with Qwen' "
                  "line. Fine?"),
    ("llama-3.1-license-2024", "Is it OK to launch our Llama 3.1 writing app without displaying 'Built with Llama' "
                               "anywhere?"),
    # changed files left unmarked
    ("apache-2.0", "I patched a few source files of an Apache-2.0 model repo. Can I republish it without noting the "
                   "edits?"),
    # the use restrictions left behind when the derivative is shared
    ("stable-diffusion-2022-08-22", "may i upload my 1.5 lora to civitai without the openrail use restrictions?"),
    ("gemma-tou-2024-04-01", "can we ship our gemma 2 fine-tune to customers minus the gemma usage restrictions?"),
])
def test_a_duty_left_undone_in_other_words_is_no(corpus, key, question):
    assert _decide(corpus, question, key).verdict == "no"



# -- a release asked of terms that only go with what is shared ---------------------------------------------------
@pytest.mark.parametrize("key, question", [
    ("llama-3.1-license-2024", "Once I've fine-tuned Llama 3.1 for my company, am I obliged to put the weights out "
                               "publicly?"),
    ("cc-by-sa-4.0", "i cleaned up a cc by-sa 4.0 image set for my own project. must i publish the cleaned set?"),
])
def test_terms_that_go_with_shared_copies_ask_no_release(corpus, key, question):
    decision = _decide(corpus, question, key)
    assert (decision.topic, decision.verdict) == ("share_alike", "no")


def test_a_license_that_asks_source_with_binaries_still_makes_the_release_conditional(corpus):
    decision = _decide(corpus, "If I change GPL-3.0 code, must I release my changes?", "gpl-3.0")
    assert decision.verdict == "conditional"
