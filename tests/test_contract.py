"""explainer/contract.py: the license as a contract (forum, prevailing language, class actions, contracting party,
version / date), read from the text's own sentences, each facet asked in several ways."""

from __future__ import annotations

import pytest

from explainer import contract, decide, understand
from explainer.corpus import load
from explainer.reader import from_text
from explainer.resolve import from_name, from_pasted
from tests.conftest import decide_named as _decide

UNKNOWN_TEXT = """Example Model License
Version 2.1, 3 March 2024

1. Grant. You may use, copy and modify the Model for any lawful purpose.

2. Disputes. Any dispute arising out of this License shall be finally resolved by binding arbitration administered
in Vienna, Austria. You agree that disputes will be brought on an individual basis only; class actions are
prohibited.

3. Language. In the event of a conflict between the English version and the German version of this License, the
German version shall prevail.
"""


@pytest.fixture(scope="module")
def corpus():
    return load()


def _decide_pasted(corpus, question):
    return decide.decide(from_pasted(corpus, from_text(UNKNOWN_TEXT, "LICENSE")), understand.understand(question),
                         corpus)


@pytest.mark.parametrize("question, name, verdict", [
    # arbitration, not a court: a court confirmed is no, the arbitration and its seat yes
    ("exaone disputes would go to a seoul court, right?", "exaone-ai-model-1.1-nc", "no"),
    ("if we fight with LG over exaone, do we end up in front of a judge in Korea?", "exaone-ai-model-1.1-nc", "no"),
    ("are exaone license disputes heard by the korean courts?", "exaone-ai-model-1.1-nc", "no"),
    ("disputes under the hyperclova license go to korean courts?", "hyperclova-x-seed-2025", "no"),
    ("is it true disputes about hyperclova x seed go to arbitration in seoul rather than court?",
     "hyperclova-x-seed-2025", "yes"),
    ("hyperclova x seed disputes are settled by arbitration, correct?", "hyperclova-x-seed-2025", "yes"),
    # courts and their place
    ("disputes under the deepseek license go to courts in hangzhou?", "deepseek-la-1.0", "yes"),
    ("which courts would handle a dispute over the qwen license — is it singapore?", "qwen-2024", "no"),
    ("we're an EU company so a dispute over llama 3.1 would be heard by irish courts, correct?",
     "llama-3.1-license-2024", "no"),
    ("does a dispute over the ltxv license go to court in delaware?", "ltxv-owl-2025-05-05", "no"),
    # silence answers "does it also say which courts…" (no), on a text naming a law but no forum
    ("i know flux dev is under delaware law — does the license also say which courts handle disputes?",
     "flux-1-nc", "no"),
    ("does the flux dev license name a venue for disputes?", "flux-1-nc", "no"),
])
def test_where_disputes_go(corpus, question, name, verdict):
    decision = _decide(corpus, question, name)
    assert (decision.topic, decision.verdict) == (contract.FORUM_TOPIC, verdict), decision


@pytest.mark.parametrize("question, verdict", [
    ("the english and chinese versions of the indextts license differ on something. the english one wins since i "
     "read it in english, right?", "no"),
    ("if the english and chinese versions of the bilibili model license disagree, does the english one win?", "no"),
    ("is the english text of the bilibili license the controlling one over the chinese text?", "no"),
    ("when the chinese and english versions conflict, the chinese version prevails?", "yes"),
])
def test_which_language_version_prevails(corpus, question, verdict):
    decision = _decide(corpus, question, "bilibili-model-ula-2025-09-09")
    assert (decision.topic, decision.verdict) == (contract.LANGUAGE_TOPIC, verdict), decision


@pytest.mark.parametrize("question, verdict", [
    ("is a class action against OpenAI possible under their terms of use?", "no"),
    ("say lots of users hit the same problem: can we bring a class action against openai?", "no"),
    ("could a group of us sue openai together as a class?", "no"),
])
def test_class_actions(corpus, question, verdict):
    decision = _decide(corpus, question, "openai-tou-20241211")
    assert (decision.topic, decision.verdict) == (contract.CLASS_TOPIC, verdict), decision


@pytest.mark.parametrize("question, name, verdict", [
    ("Our company is based in Germany. Under the Llama 2 Community License, is our contract with Meta Platforms "
     "Ireland instead of the US Meta?", "llama-2-license-2023", "yes"),
    ("we're based in germany, so our contracting party for llama 3.3 is meta platforms inc in california, right?",
     "llama-3.3-license-2024", "no"),
    ("we are a startup in texas: is our llama 3.1 agreement with Meta Platforms, Inc.?", "llama-3.1-license-2024",
     "yes"),
    ("a french company signing the llama 3.1 license: is the licensor meta platforms ireland?",
     "llama-3.1-license-2024", "yes"),
])
def test_the_contracting_party_follows_the_users_place(corpus, question, name, verdict):
    decision = _decide(corpus, question, name)
    assert (decision.topic, decision.verdict) == (contract.PARTY_TOPIC, verdict), decision


@pytest.mark.parametrize("question, name, verdict", [
    ("llama 3.2 was released in september 2024, right? i need the date for our compliance doc",
     "llama-3.2-license-2024", "yes"),
    ("the llama 3.2 license is dated september 2024?", "llama-3.2-license-2024", "yes"),
    ("llama 3.2 came out with a release date in march 2023, correct?", "llama-3.2-license-2024", "no"),
    ("the deepseek license we're looking at is version 1.0 from october 2023, right?", "deepseek-la-1.0", "yes"),
    ("the deepseek license is version 2.0 from october 2023, right?", "deepseek-la-1.0", "no"),
    ("is the deepseek license text dated 2021?", "deepseek-la-1.0", "no"),
])
def test_the_texts_own_version_and_date(corpus, question, name, verdict):
    decision = _decide(corpus, question, name)
    assert (decision.topic, decision.verdict) == (contract.VERSION_TOPIC, verdict), decision


@pytest.mark.parametrize("question, topic, verdict", [
    ("do disputes under this license go to a court in Vienna?", contract.FORUM_TOPIC, "no"),
    ("disputes go to arbitration in vienna, right?", contract.FORUM_TOPIC, "yes"),
    ("can users join together in a class action against the licensor?", contract.CLASS_TOPIC, "no"),
    ("if the english and german versions differ, does the english one win?", contract.LANGUAGE_TOPIC, "no"),
    ("this license is version 2.1 from march 2024, right?", contract.VERSION_TOPIC, "yes"),
])
def test_an_unknown_text_is_read_by_its_own_sentences(corpus, question, topic, verdict):
    decision = _decide_pasted(corpus, question)
    assert (decision.topic, decision.verdict) == (topic, verdict), decision


@pytest.mark.parametrize("question, name", [
    ("if I sue someone claiming an apache-2.0 work infringes my patent, does my patent license under it end?",
     "apache-2.0"),
    ("is the nvidia open model license governed by california law since the courts are in santa clara?",
     "nvidia-open-model-2025-04-28"),
    ("does the stable diffusion v1 license (creativeml openrail-m) say which country's or state's law governs it?",
     "stable-diffusion-2022-08-22"),
    ("we hit 700 million users in march 2024, do we need a license from meta for llama 3.1?",
     "llama-3.1-license-2024"),
])
def test_other_questions_pass_through(corpus, question, name):
    assert contract.decide(from_name(corpus, name, "explicit"), understand.understand(question), corpus) is None
