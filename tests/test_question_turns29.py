"""Session 29's reading of relicensing, each worded here for the test (not a suite's wording): a license given
"with" the work, terms added to it ("terms that forbid …", "an extra rule"), a permission asked after a colon, the
card's own license named (that keeps what share-alike asks), and a share-alike that binds what is published."""

from __future__ import annotations

import pytest

from explainer import derivative_terms
from explainer.corpus import load
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


@pytest.mark.parametrize("question, key", [
    ("I'm putting my anime LoRA up on CivitAI with CC BY-NC 4.0 so nobody can resell it. Does the Illustrious "
     "license let me?", "fair-ai-public-1.0-sd"),
    ("we'd distribute the app that links the lgpl-2.1 library with a eula that prohibits decompiling it. allowed?",
     "lgpl-2.1"),
    ("after translating a CC BY-NC-SA 4.0 article, may I add conditions that stop readers from sharing my "
     "translation further?", "cc-by-nc-sa-4.0"),
    ("finetuned a cc by-sa 4.0 model and want to keep it by-sa but tack on one extra rule: no military use. ok?",
     "cc-by-sa-4.0"),
])
def test_other_terms_on_a_share_alike_derivative_are_no(corpus, question, key):
    assert _decide(corpus, question, key).verdict == "no"


def test_a_permission_asked_after_a_colon_is_read(corpus):
    decision = _decide(corpus, "my pony merge goes up tomorrow and I have to pick what license it goes under: can I "
                               "choose a research-only license?", "fair-ai-public-1.0-sd")
    assert (decision.topic, decision.verdict, decision.kind) == ("share_alike", "no", "permission")


@pytest.mark.parametrize("question, key", [
    ("We adapted a CC BY-SA 4.0 corpus. Can we publish the adapted corpus under CC BY-SA 4.0?", "cc-by-sa-4.0"),
    ("may I share my changed copy of the tool under GPL-3.0?", "gpl-3.0"),
    ("can I put my Llama 3.1 fine-tune on the Hub under the Llama 3.1 Community License?", "llama-3.1-license-2024"),
])
def test_the_cards_own_license_named_keeps_its_terms(corpus, question, key):
    # before: share-alike "must stay under this license" read as any other license named, so "no"
    assert _decide(corpus, question, key).verdict == "yes"


def test_a_share_alike_bound_by_publishing_reads_a_published_database(corpus):
    decision = _decide(corpus, "We joined an ODbL database with our own tables and publish the merged database on our "
                               "website. May we put it under CC0?", "odbl-1.0")
    assert (decision.topic, decision.verdict) == ("share_alike", "no")


@pytest.mark.parametrize("phrase, names_terms", [
    ("my friends", False),
    ("the apache license file", False),  # a copy of the license, not other terms
    ("attribution to the authors", False),
    ("cc by-nc 4.0 so nobody can resell it", True),
    ("terms that forbid reverse engineering", True),
])
def test_what_goes_with_the_work_names_other_terms_only_when_it_names_a_license(phrase, names_terms):
    assert (derivative_terms._withed(phrase) is not None) is names_terms


@pytest.mark.parametrize("question, key", [
    ("i merged three sd 1.5 checkpoints. am i allowed to put my own custom license on the merge?",
     "stable-diffusion-2022-08-22"),
    ("Could we choose our own license for the DeepSeek fine-tune we upload?", "deepseek-la-1.0"),
    ("may I place my starcoder2 finetune under whatever license I like?", "bigcode-open-rail-m-v1"),
])
def test_terms_of_ones_own_choosing_must_carry_the_use_restrictions(corpus, question, key):
    # before: read as a plain permission to share a derivative ("yes"); the restrictions must flow down
    decision = _decide(corpus, question, key)
    assert decision.verdict == "conditional"
    assert "use restrictions" in " ".join(decision.notes)


# -- figures: the date a figure is given for, and users counted as uniques or visitors ---------------------------
def test_a_figure_dated_before_the_release_is_the_one_the_release_count_takes(corpus):
    # Llama 3.1 came out in July 2024; the count is taken once, at release
    decision = _decide(corpus, "may 2024 our apps were at roughly 400M monthly users. this year we're past 1.1B. must "
                               "we now ask meta for a separate llama 3.1 license?", "llama-3.1-license-2024")
    assert decision.verdict == "no"
    assert "400M" in decision.conditions


@pytest.mark.parametrize("text", ["we get 2.5M monthly uniques", "about 2.5M visitors a month", "2.5M MUUs"])
def test_uniques_and_visitors_are_users(text):
    from explainer import thresholds
    assert [(f.metric, f.value) for f in thresholds.figures(text)] == [("monthly_active_users", 2.5e6)]


@pytest.mark.parametrize("question", [
    "studio at $900k a year, expecting $1.3M. after sales cross $1M the stability license ends?",
    "we're at $750k, forecast $1.6M. after revenue crosses $1M, stability license lapses?",
])
def test_the_end_asked_at_the_crossing_of_a_cap_is_yes(corpus, question):
    # before: the figure of today ($700k, $900k) was judged, and "is it terminated?" read as "may we use it?"
    assert _decide(corpus, question, "stability-ai-community-2024").verdict == "yes"


@pytest.mark.parametrize("question, verdict", [
    ("tidied up a CC BY-SA 4.0 dataset. may we publish our version under a newer BY-SA version when one comes out?",
     "yes"),  # the share-alike clause allows "this version or later" with the same elements
    ("can i put my remix of a cc by-sa 4.0 text under a later version of cc by-nc-sa?", "no"),  # other elements
])
def test_a_later_version_asked_without_its_number(corpus, question, verdict):
    assert _decide(corpus, question, "cc-by-sa-4.0").verdict == verdict


@pytest.mark.parametrize("question, key", [
    ("a 300M model trained from scratch on text gemma 3 generated: does it fall under the gemma terms of use?",
     "gemma-tou-2025-03-24"),
    ("trained a small image model from scratch on sd3.5 generations. is it subject to the stability community license?",
     "stability-ai-community-2024"),
])
def test_whether_the_terms_reach_a_student_model(corpus, question, key):
    # before: the training permission's reading ("conditional": allowed, but the student is a derivative)
    decision = _decide(corpus, question, key)
    assert (decision.topic, decision.verdict) == ("derivative_definition", "yes")


def test_sticking_a_name_on_the_interface_is_the_display_duty(corpus):
    # before: no topic clear enough ("unclear")
    decision = _decide(corpus, "our chat app runs K2 under the hood. must we really stick 'Kimi K2' on the interface?",
                       "moonshot-ai-modified-mit-2025")
    assert (decision.topic, decision.verdict) == ("built_with_display", "conditional")  # above a size not given


@pytest.mark.parametrize("question, key, verdict", [
    # a notice of other terms is other terms; a copy of a license is not (see _withed's test above)
    ("I remixed a CC BY-SA 4.0 photo. May I post the remix with an all-rights-reserved notice?", "cc-by-sa-4.0",
     "no"),
    # terms the asker wrote must still carry the use restrictions
    ("may i publish my sd 1.5 lora with terms i drafted myself?", "creativeml-openrail-m", "conditional"),
    # the card's own elements without "cc" or a version
    ("my by-nc-sa remix of a track: ok to share it under by-nc-sa as well?", "cc-by-nc-sa-4.0", "yes"),
    # the license the original already has is not the one asked for
    ("my finetune of a model that's released under cc by-nc-sa: may i put it out under cc by-nc instead?",
     "cc-by-nc-sa-4.0", "no"),
    # a license chosen "for it"
    ("for my noobai merge, can i pick cc by-nd for it?", "fair-ai-public-1.0-sd", "no"),
])
def test_more_ways_to_name_the_terms_of_a_derivative(corpus, question, key, verdict):
    assert _decide(corpus, question, key).verdict == verdict


@pytest.mark.parametrize("phrase", ["the mit license file", "a copy of the license", "the notice"])
def test_a_copy_of_a_license_given_with_the_work_is_not_other_terms(phrase):
    assert derivative_terms._withed(phrase) is None
