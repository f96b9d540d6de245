"""Session 14's readings, each asked in words of its own (not a suite's): whether a license binds someone who never
clicked "I accept" or got the model from someone else, read from the text's own acceptance-by-use sentence."""

from __future__ import annotations

import pytest

from explainer.corpus import load
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


@pytest.mark.parametrize("question, key, verdict", [
    # a text that makes using or distributing the act of accepting: bound, however the weights arrived
    ("my roommate gave me the llama 3.1 files on a usb stick, i never agreed to anything. am i bound by the license?",
     "llama-3.1-license-2024", "yes"),
    ("pulled sd 3.5 medium from a reupload instead of stability's page. does their license still apply to me?",
     "stability-ai-community-2024", "yes"),
    # the claim denying it is answered as worded
    ("got gemma weights off a mirror without clicking through google's form, so i'm not subject to the gemma terms, "
     "correct?", "gemma-tou-2024-04-01", "no"),
    ("a colleague copied the flux dev weights to our nas; since i never accepted anything the license doesn't bind me, "
     "yeah?", "flux-1-nc", "no"),
])
def test_a_license_accepted_by_use_binds_whoever_uses_it(corpus, question, key, verdict):
    decision = _decide(corpus, question, key)
    assert decision.verdict == verdict, decision
    assert decision.topic == "acceptance"
    assert decision.quotes and all(q.text for q in decision.quotes)
    assert any(word in decision.quotes[0].text.lower() for word in ("agree", "accept"))


@pytest.mark.parametrize("question, key", [
    # no acceptance-by-use sentence: the card answers, not this reading
    ("a friend sent me code under the mit license and i never agreed to anything. am i bound by the license?", "mit"),
    # no premise about how the model arrived: not this question
    ("is my distilled model still bound by the gemma terms?", "gemma-tou-2024-04-01"),
])
def test_bound_is_read_only_with_an_acceptance_sentence_and_a_premise(corpus, question, key):
    assert _decide(corpus, question, key).topic != "acceptance"


@pytest.mark.parametrize("question, key, verdict", [
    # "of the age required under applicable laws … to provide legal consent": a rule with no number
    ("does the llama 3.2 license have any age requirement?", "llama-3.2-license-2024", "yes"),
    ("how old do you have to be to use gemma?", "gemma-tou-2025-03-24", "yes"),
    ("my nephew is 13 and wants to make art with playground v2, is he allowed?", "playground-v2-community",
     "conditional"),
    ("i'm 30, am i old enough for the stability non-commercial license?", "stability-ai-nc-2023-12-06", "yes"),
])
def test_an_age_of_legal_consent_is_an_age_rule_the_local_law_fills(corpus, question, key, verdict):
    decision = _decide(corpus, question, key)
    assert decision.verdict == verdict, decision
    assert decision.topic == "minimum_age"
    assert decision.quotes and any("age" in q.text.lower() for q in decision.quotes)


def test_a_text_with_no_age_rule_at_all_leaves_age_open(corpus):
    decision = _decide(corpus, "is there a minimum age for code under the apache license?", "apache-2.0")
    assert decision.verdict == "not_addressed"


@pytest.mark.parametrize("question, key, verdict", [
    # a promise every licensee makes: "you will indemnify and hold harmless meta from … any claim by any third party"
    ("if one of my app's users sues stability over an image, am i on the hook to indemnify stability?",
     "stability-ai-community-2024", "yes"),
    ("does the qwen license make me hold alibaba harmless against third-party claims?", "qwen-2024", "yes"),
    # the claim denying it is answered as worded
    ("we never have to indemnify naver for anything under the seed license, correct?", "hyperclova-x-seed-2025", "no"),
    # a promise only businesses make: the asker's own words say which they are
    ("just a private person writing stories with chatgpt. do i need to indemnify openai?", "openai-tou-20241211", "no"),
    ("our startup resells chatgpt-written copy. do we have to indemnify openai?", "openai-tou-20241211", "yes"),
    # a promise only someone offering warranty of their own makes
    ("do i need to indemnify the apache contributors just for using their library?", "apache-2.0", "conditional"),
    ("we give customers a paid warranty on an apache-2.0 model we ship. must we indemnify the contributors?",
     "apache-2.0", "yes"),
    # no promise at all
    ("is there an indemnification duty in the mit license?", "mit", "no"),
])
def test_a_duty_to_indemnify_the_licensor_is_read_from_the_text(corpus, question, key, verdict):
    decision = _decide(corpus, question, key)
    assert decision.verdict == verdict, decision
    assert decision.topic == "indemnity"
    if decision.quotes:
        assert all("indemnif" in q.text.lower() for q in decision.quotes)
    else:
        assert key == "mit"


def test_the_answer_header_names_the_fact_that_decided_it(corpus):
    """"About:" names the topic that decided the answer (an indemnity read from the text), not the topic the
    question was first routed to (the licensor's liability), and a fact topic outside topics.yaml reads as words."""
    from explainer import understand
    from explainer.answer import prepare
    from explainer.cli.render import _about
    from explainer.resolve import from_name

    question = "if a customer sues meta over my llama 3.1 app, do i have to cover meta's legal costs?"
    prepared = prepare(question, from_name(corpus, "llama-3.1-license-2024", "explicit"), corpus, None)
    assert _about(prepared) == "indemnity"
    assert understand.topic_label("minimum_age") == "Minimum age"


@pytest.mark.parametrize("question, key", [
    # a purpose a non-commercial license names, said in plain words, asked as whether the use is allowed at all
    ("doing my phd research with sdxl turbo, that's allowed?", "stability-ai-nc-2023-12-06"),
    ("is it fine to use open aleph for my own personal projects?", "open-aleph-1.0"),
    ("can i use flux dev at home just for fun?", "flux-1-nc"),
])
def test_a_purpose_the_license_names_is_allowed_when_asked_at_large(corpus, question, key):
    decision = _decide(corpus, question, key)
    assert decision.verdict == "yes", decision
    assert "non-commercial" in decision.conditions.lower()


@pytest.mark.parametrize("question, key, verdict", [
    # an item of the restriction list the question names still decides
    ("can our uni lab use flux dev for surveillance research?", "flux-1-nc", "no"),
    # a business naming "research" is its product work, and a license's own name names no purpose
    ("our startup wants flux dev for research on our next product line, ok?", "flux-1-nc", None),
])
def test_a_named_purpose_yields_to_a_listed_item_and_to_a_business(corpus, question, key, verdict):
    decision = _decide(corpus, question, key)
    if verdict:
        assert decision.verdict == verdict, decision
    assert "non-commercial purposes the license names" not in decision.conditions


def test_a_licenses_own_name_is_not_a_purpose():
    from explainer import purposes
    items = ("research: non-commercial research, experiments and study",)
    assert purposes.named(items, "can i publish results from a model under the microsoft research license terms?") is None
    assert purposes.named(items, "can i use it for my master's thesis?") is not None


@pytest.mark.parametrize("question, places", [
    # a rule named by its place is not where the asker is, nor is "us" the pronoun
    ("we're a canadian firm. does the eu exclusion in llama 4 even apply to us?", {"canada"}),
    ("can stability sue us over this?", set()),
    ("we ship to the us and to us customers in texas", {"us", "texas"}),
    # "europe" beside a place of another region is neither's region; alone it stands for the EU
    ("based in oslo, norway: am i covered, or is the whole of europe out?", {"norway", "oslo"}),
    ("is europe excluded from hunyuan3d?", {"europe", "eu", "european union"}),
])
def test_places_a_question_names(question, places):
    from explainer import understand
    assert set(understand.places_in(understand.fold(question))) >= places
    assert not ({"eu", "us"} - places) & set(understand.places_in(understand.fold(question)))


def test_a_place_outside_the_excluded_region_is_covered_though_the_question_names_europe(corpus):
    decision = _decide(corpus, "we're in geneva. does the hunyuan 3d license cover us or is europe excluded entirely?",
                       "tencent-hunyuan-3d-2.0-cla")
    assert decision.verdict == "yes", decision


@pytest.mark.parametrize("question, key, verdict", [
    # sharing is the case asked; whether the work has a NOTICE file is a second case the question leaves open
    ("putting my mistral finetune up for download. do i need to include a NOTICE file?", "apache-2.0", "conditional"),
    ("sharing a falcon 2 merge on hf - is a notice file required?", "falcon-2-11b-1.0", "conditional"),
    # unless it says the work has one
    ("the upstream repo includes a NOTICE file; when we redistribute our fork must we keep it?", "apache-2.0", "yes"),
    ("there's a notice file in the original weights folder. sharing my finetune, do i have to pass it on?",
     "apache-2.0", "yes"),
    # the rest of the duty is not about that file
    ("redistributing an apache model, do i have to keep the copyright notices?", "apache-2.0", "yes"),
])
def test_a_duty_part_that_needs_the_work_to_hold_a_file_stays_open_until_the_question_says_so(corpus, question, key,
                                                                                            verdict):
    decision = _decide(corpus, question, key)
    assert decision.verdict == verdict, decision
    assert decision.topic == "notice_file"


@pytest.mark.parametrize("question, named", [
    # a use the question denies is not its use; one it asks about, even after "can't be used for", is
    ("tagging photos of my cats, nothing illegal, nothing nsfw", False),
    ("it's not for surveillance, only counting cars at an intersection", False),
    ("can it be used for surveillance of my employees?", True),
    ("it can't be used for surveillance, right?", True),
])
def test_a_use_the_question_denies_is_not_read_as_its_use(question, named):
    from explainer import topics
    found = topics.uses_in(question, semantic=False)
    assert ("surveillance" in found or "illegal" in found) == named, found


@pytest.mark.parametrize("question, key, verdict", [
    ("trained a small model only on gemma 2's synthetic answers. that model is free of the gemma terms, correct?",
     "gemma-tou-2024-04-01", "no"),
    ("a student model i trained on gemma 3 outputs is free from the gemma license, correct?", "gemma-tou-2025-03-24",
     "no"),
])
def test_a_student_model_free_of_the_terms_is_the_opposite_of_bound_by_them(corpus, question, key, verdict):
    decision = _decide(corpus, question, key)
    assert decision.verdict == verdict, decision
    assert decision.topic == "derivative_definition"


@pytest.mark.parametrize("question, topic", [
    ("i own whatever llama 3.1 generates for me, yeah?", "licensor_claims_outputs"),
    ("do i own everything sdxl spits out?", "licensor_claims_outputs"),
    # weights made by fine-tuning are a derivative, not an output
    ("meta owns whatever weights we produce by fine-tuning llama, right?", None),
])
def test_owning_whatever_the_model_generates_asks_who_owns_the_outputs(question, topic):
    from explainer import understand
    asked = understand.understand(question)
    if topic:
        assert asked.topic == topic, asked.topics
    else:
        assert asked.topic != "licensor_claims_outputs", asked.topics


@pytest.mark.parametrize("question", [
    "our 30-person bakery wants a support bot on hyperclova x seed, nothing competing with naver. can we launch it?",
    "not competing with naver at all, just a small hr tool with ~5k users. can we use hyperclova x seed commercially?",
])
def test_a_product_the_question_says_does_not_compete_is_not_read_as_competing(corpus, question):
    decision = _decide(corpus, question, "hyperclova-x-seed-2025")
    assert decision.verdict in ("yes", "conditional"), decision
    assert not any("compet" in note for note in decision.notes), decision.notes


def test_a_product_like_the_licensors_still_needs_its_license(corpus):
    decision = _decide(corpus, "we run a korean search portal competing with naver. can we use hyperclova x seed?",
                       "hyperclova-x-seed-2025")
    assert decision.verdict == "no", decision
