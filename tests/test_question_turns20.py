"""Session 20's readings, each worded here for the test (not a suite's wording): a place named by a city the short
list did not hold, or by a flag, belongs to its country and region."""

from __future__ import annotations

import pytest

from explainer import understand
from explainer.corpus import load
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


# -- places -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, region", [
    ("our studio is in toulouse, can we use it?", "eu"),
    ("i'm a freelancer from gdańsk", "eu"),
    ("we're a team of three in the hague", "eu"),
    ("small agency, based in 🇩🇪", "eu"),
    ("indie dev here 🇵🇹 asking about the license", "eu"),
    ("our office is in lucerne", "switzerland"),
    ("we work out of sheffield", "united kingdom"),
])
def test_a_city_or_a_flag_names_its_region(question, region):
    assert region in understand.places_in(understand.fold(question))


@pytest.mark.parametrize("question", [
    "make the picture look nice and cosy",
    "a gentleman's guide to prompts",
    "the cork of the bottle in the still life",
])
def test_common_words_name_no_place(question):
    assert understand.places_in(understand.fold(question)) == ()


@pytest.mark.parametrize("question, verdict", [
    ("Two of us run a design shop in Toulouse. May we fine-tune the multimodal Llama 4 model for a client tool?",
     "no"),
    ("indie dev 🇳🇱 here, can i fine-tune llama 4 scout (the multimodal one) for my app?", "no"),
    ("Two of us run a design shop in Zug. May we fine-tune the multimodal Llama 4 model for a client tool?", "yes"),
])
def test_the_eu_exclusion_reads_a_city_or_a_flag(corpus, question, verdict):
    assert _decide(corpus, question, "llama-4-license-2025").verdict == verdict
