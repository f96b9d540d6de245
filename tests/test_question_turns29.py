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
