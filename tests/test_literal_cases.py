"""Session 10's readings of the case a question is in, each asked in words of its own (not a suite's): a value asked
of a silent text, a demonym that names a thing rather than a party's place, a paid commission under a
non-commercial license, going on after an act that ends the license, a claim to confirm about who owns what, an
in-house use against a display duty, copies shipped under a user cap, and a listed failure to warn read as a duty."""

from __future__ import annotations

import pytest

from explainer import decide, subject, termination, understand
from explainer.corpus import load
from explainer.resolve import from_name
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


# -- a value asked of a silent text leaves it open; "does it say…" is answered by the silence ---------------------
@pytest.mark.parametrize("question, verdict", [
    ("which courts would handle a fight with tii over falcon 2?", "not_addressed"),
    ("where do lawsuits about the falcon 2 license get heard?", "not_addressed"),
    ("does the falcon 2 license say which courts hear disputes?", "no"),
])
def test_a_forum_asked_of_a_silent_text(corpus, question, verdict):
    assert _decide(corpus, question, "falcon-2-11b-1.0").verdict == verdict


# -- a demonym is a place only as a party's or the law's ------------------------------------------------------------
@pytest.mark.parametrize("text, place", [
    ("we're a german startup building a chatbot", "germany"),
    ("is it governed by irish law?", "ireland"),
    ("the licensor is british, so english courts?", "united kingdom"),
    ("our tool turns italian recipes into shopping lists", None),
    ("a finetune for korean legal documents", None),
    ("it is really good at french", None),
])
def test_a_demonym_names_a_place_only_for_a_party_or_the_law(text, place):
    places = understand.places_in(text)
    assert (place in places) if place else not places, places


def test_a_thing_from_a_country_does_not_withhold_an_eu_excluded_right(corpus):
    decision = _decide(corpus, "can i use llama 4 to write captions for my dutch cheese photos?", "llama-4-license-2025")
    assert decision.verdict != "no" or decision.topic != "geography", decision


# -- paid making: the model is run for someone who pays for it ------------------------------------------------------
@pytest.mark.parametrize("question, paid", [
    ("a local band asked me to design their album cover with it and they'll pay me $200", True),
    ("i take commissions: people pay me to render portraits of their pets", True),
    ("can i sell prints of the landscapes i generated last year?", False),
    ("my friend wants me to make her a birthday card, no money involved", False),
])
def test_paid_making_is_read_from_a_payer_and_the_making(question, paid):
    assert subject.paid_making(question) is paid


def test_a_commission_under_a_non_commercial_model_license_is_not_allowed(corpus):
    commission = _decide(corpus, "a local band asked me to design their album cover with flux dev and they'll pay me "
                                 "$200 for it. can i?", "flux-1-nc")
    selling = _decide(corpus, "can i sell prints of the landscapes i generated with flux dev last year?", "flux-1-nc")
    assert commission.verdict == "no" and selling.verdict == "yes", (commission, selling)


# -- going on after an act that ends the license ----------------------------------------------------------------------
def test_keeping_on_after_suing_is_the_opposite_of_the_suit_ending_the_license(corpus):
    decision = _decide(corpus, "say we file a patent suit against meta over llama 3.3 — can we continue using it while "
                               "the case runs?", "llama-3.3-license-2024")
    assert (decision.topic, decision.verdict) == ("termination_litigation", "no"), decision


def test_keeps_using_needs_a_permission_asked():
    asked = understand.understand("if i sue them, do i have to stop using it?")
    assert not termination.asks_keep_using(asked)


def test_a_claim_that_only_a_breach_ends_it_is_read_as_lasting(corpus):
    decision = _decide(corpus, "as long as i stick to the terms, black forest labs can't cancel my flux dev license "
                               "unless i break one, right?", "flux-1-nc")
    assert decision.verdict == "no", decision  # the licensor may end it at any time upon notice


# -- a claim to confirm about who owns ----------------------------------------------------------------------------
def test_a_users_claim_to_own_outputs_is_the_opposite_of_the_licensors_claim(corpus):
    decision = _decide(corpus, "so we own everything exaone writes for us, right?", "exaone-ai-model-1.1-nc")
    assert decision.verdict == "no", decision


def test_a_reported_claim_that_the_licensor_owns_a_finetune(corpus):
    decision = _decide(corpus, "a youtuber claims meta owns every finetune of llama 3.3 people make. true?",
                       "llama-3.3-license-2024")
    assert (decision.kind, decision.verdict) == ("fact", "no"), decision


# -- an in-house use against a duty that comes with distribution ---------------------------------------------------
def test_an_in_house_use_owes_no_built_with_display(corpus):
    decision = _decide(corpus, "our analysts use llama 3.3 in-house to tag invoices; none of it is shared outside. "
                               "must we still put 'Built with Llama' somewhere?", "llama-3.3-license-2024")
    assert decision.verdict == "no", decision


# -- copies shipped under a cap ---------------------------------------------------------------------------------
def test_shipping_copies_under_the_cap_keeps_the_sharing_conditions(corpus):
    shipped = _decide(corpus, "we have 40k monthly users. can we bundle llama 3.3 inside our installer?",
                      "llama-3.3-license-2024")
    used = _decide(corpus, "we have 40k monthly users. can we use llama 3.3 in our chatbot?", "llama-3.3-license-2024")
    assert (shipped.verdict, used.verdict) == ("conditional", "yes"), (shipped, used)


# -- a listed failure to warn, asked as a duty ------------------------------------------------------------------
def test_a_listed_failure_to_disclose_dangers_is_a_duty_to_disclose(corpus):
    decision = _decide(corpus, "must our llama 4 assistant warn its users about the known risks of the ai system?",
                       "llama-4-license-2025")
    assert decision.verdict == "yes" and any("known dangers" in q.text for q in decision.quotes), decision


# -- a duty that comes with copies, asked of a service; sharing a derivative brings the sharing duties -------------
@pytest.mark.parametrize("question, verdict", [
    ("our gemma 3 chatbot runs behind our own api. do we need to include a NOTICE file?", "no"),
    ("we bundle gemma 3 in our desktop installer. do we need to include a NOTICE file?", "yes"),
])
def test_a_notice_file_comes_with_copies_not_with_a_service(corpus, question, verdict):
    assert _decide(corpus, question, "gemma-tou-2025-03-24").verdict == verdict


def test_sharing_a_derivative_is_allowed_under_the_sharing_duties(corpus):
    decision = _decide(corpus, "can i put my llama 3.3 finetune on huggingface for everyone?", "llama-3.3-license-2024")
    assert decision.verdict == "conditional", decision


# -- an exclusion scoped to multimodal models, asked about a text-only one ------------------------------------------
def test_an_eu_exclusion_for_multimodal_models_does_not_reach_a_text_only_one(corpus):
    text = _decide(corpus, "we're a dutch company. can we use the llama 3.2 3b text-only model in our helpdesk?",
                   "llama-3.2-license-2024")
    vision = _decide(corpus, "we're a dutch company. can we use the llama 3.2 vision model in our helpdesk?",
                     "llama-3.2-license-2024")
    assert text.verdict in ("yes", "conditional") and vision.verdict == "no", (text, vision)


# -- a network clause asked as "do I have to let them download it?" ------------------------------------------------
def test_letting_users_download_a_modified_model_run_as_a_service(corpus):
    decision = _decide(corpus, "my merge of pony runs on my generation website. must i give visitors a way to "
                               "download my merge?", "Pony Diffusion V6 XL")
    assert (decision.topic, decision.verdict) == ("network_source", "yes"), decision


# -- a duty that comes with sharing, asked with no sharing named ----------------------------------------------------
@pytest.mark.parametrize("question, verdict", [
    ("do i need to show the black forest labs attribution notice?", "conditional"),
    ("when i upload my flux dev lora to civitai, do i need to show the black forest labs attribution notice?", "yes"),
])
def test_a_duty_that_comes_with_distributing_is_conditional_until_the_question_distributes(corpus, question, verdict):
    assert _decide(corpus, question, "flux-1-nc").verdict == verdict


def test_a_forum_asked_after_a_supposed_dispute_is_still_a_value_asked(corpus):
    decision = _decide(corpus, "if tii and i ever end up fighting over falcon 2, which country's courts would hear "
                               "it?", "falcon-2-11b-1.0")
    assert decision.verdict == "not_addressed", decision


# -- a specific use named in a question routed to the restriction list ----------------------------------------------
def test_a_specific_use_asked_about_the_restriction_list_is_read_against_its_items(corpus):
    decision = _decide(corpus, "our clinic bot would give patients medical advice — does the deepseek model license "
                               "have a restriction on that too, like other licenses do?", "deepseek-la-1.0")
    assert (decision.topic, decision.verdict) == ("prohibited_use", "no"), decision


# -- a release told in a relative clause is a case of passing copies on ---------------------------------------------
@pytest.mark.parametrize("question", [
    "i distill llama 3.3 answers into my own tiny model, which i'm going to release. must its name begin with llama?",
    "we trained a small model on llama 3.3 outputs that we're releasing next week. does the name have to start with "
    "llama?",
])
def test_a_release_told_in_a_clause_brings_the_naming_duty(corpus, question):
    assert _decide(corpus, question, "llama-3.3-license-2024").verdict == "yes"


def test_a_paid_use_routed_to_the_restrictions_of_an_unrestricted_grant_is_allowed(corpus):
    resolved = from_name(corpus, "apache-2.0", "explicit")
    card = decide.card_of(resolved, corpus)
    asked = understand.understand("can i sell an app with it inside without asking anyone for anything?")
    silent = decide.Decision("use_restrictions", "not_addressed", "", "card", kind="permission")
    granted = subject.apply_unrestricted_grant(card, asked, silent, lambda entry: ())
    assert granted.verdict == "yes" and subject.GRANT_NOTE in granted.notes, granted


# -- "is what we do enough?" against a duty that starts above a size ------------------------------------------------
@pytest.mark.parametrize("question, verdict", [
    ("we hit 150 million monthly users on our kimi k2 chat app. is crediting moonshot in the readme sufficient?", "no"),
    ("our kimi k2 chat app has 40k monthly users. is crediting moonshot in the readme sufficient?", "yes"),
])
def test_enough_is_read_against_the_duty_that_starts_above_the_size(corpus, question, verdict):
    assert _decide(corpus, question, "moonshot-ai-modified-mit-2025").verdict == verdict


# -- session 26: what a question's words say, read for what they say. A claim that denies a limit ("not a
# problem", "doesn't violate") says the leave holds; "covered" grants, "covered by the terms" asks whether they bind;
# the license's own name ("does the non-commercial license allow that?") does not make a paid use non-commercial --
@pytest.mark.parametrize("question, name, verdict", [
    ("selling a product built on it is not a problem, right?", "apache-2.0", "yes"),
    ("shipping it inside our paid app doesn't violate anything, right?", "mit", "yes"),
    # "covered" as the use being allowed: the paying customers decide it, not the word "trial"
    ("we'd put it in our beta for paying customers for a month. it's only a trial so we're covered, right?",
     "flux-1-nc", "no"),
    # "covered by the terms" is whether they bind the model: a fact, answered as worded
    ("i distilled a small model from its answers. my small model is not covered by the gemma terms, right?",
     "gemma-tou-2025-03-24", "no"),
    ("we'd charge a monthly fee for a tutoring bot built on it. does the non-commercial license allow that?",
     "cc-by-nc-4.0", "no"),
    ("our charity would use it for free flyers, nobody pays anything. is that within the non-commercial terms?",
     "cc-by-nc-4.0", "yes"),
])
def test_a_claim_a_grant_word_or_the_licenses_name_read_for_what_it_says(corpus, question, name, verdict):
    assert _decide(corpus, question, name).verdict == verdict


@pytest.mark.parametrize("question, says", [
    ("does the non-commercial license allow that?", False),
    ("is that within its non-commercial terms?", False),
    ("it's for non-commercial use only, a hobby thing", True),
    ("we use it non-commercially", True),
])
def test_the_licenses_name_is_not_a_non_commercial_use(question, says):
    assert understand.says_non_commercial(understand.understand(question)) is says
