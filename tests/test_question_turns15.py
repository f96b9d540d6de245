"""Session 15's readings, each asked in words of its own (not a suite's): what a size cap counts, what a lawsuit
ends, a law tied to where the licensee lives, users placed apart from the business, and the case words that decide
whether a duty or a grant's condition arises."""

from __future__ import annotations

import pytest

from explainer import thresholds, understand
from explainer.corpus import load
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


# -- what a cap counts -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, key", [
    ("our studio grosses $4M but the stable diffusion side project makes $90k. it only looks at the AI income "
     "for the $1M line, yes?", "stability-ai-community-2024"),
    ("just the revenue from our generator feature counts toward stability's limit, correct?",
     "stability-ai-community-2024"),
    ("only the users of our llama-powered search box count toward the 700 million, right?",
     "llama-3.1-license-2024"),
])
def test_a_cap_over_the_whole_business_is_not_measured_on_the_part_using_the_model(corpus, question, key):
    decision = _decide(corpus, question, key)
    assert decision.verdict == "no", decision
    assert decision.topic == "user_or_revenue_threshold"
    assert decision.conditions.startswith("No: the limit counts")
    assert decision.quotes and all(q.text for q in decision.quotes)


def test_a_cap_counted_on_the_product_itself_is_left_to_the_card(corpus):
    # Qwen counts the users of "your product or service": narrowing to it is what the text says
    decision = _decide(corpus, "only the users of our qwen chatbot count toward the 100M, right?", "qwen-2024")
    assert decision.verdict != "no" or "not only the part" not in decision.conditions


@pytest.mark.parametrize("text, measure", [
    ("it only counts ai revenue", "revenue"),
    ("only the revenue from the image tool counts", "revenue"),
    ("just the users of the chatbot feature count", "users"),
    ("the cap only counts the annual revenue", None),  # a measure named, not narrowed
    ("only counts revenue", None),
])
def test_narrowed_measure_reads_the_part_named(text, measure):
    assert thresholds.narrowed_measure(text) == measure


# -- what a lawsuit ends -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, key, verdict", [
    # Apache and the RAILs end only the patent license
    ("if i bring a patent case claiming the apache-licensed code infringes, do i keep my copyright license?",
     "apache-2.0", "yes"),
    ("say we file a patent action over stable diffusion 2 — does the whole license go, or only the patent grant?",
     "stable-diffusion-2022-08-22", "no"),
    # Llama ends every license it grants
    ("if my company sues meta claiming llama 3.1 infringes our patents, do we lose everything, not just patents?",
     "llama-3.1-license-2024", "yes"),
])
def test_what_a_lawsuit_ends_is_read_from_the_litigation_sentence(corpus, question, key, verdict):
    decision = _decide(corpus, question, key)
    assert decision.verdict == verdict, decision
    assert decision.topic == "termination_litigation"
    assert decision.quotes and "terminat" in decision.quotes[0].text.lower()


def test_sues_routes_to_litigation_not_breach():
    asked = understand.understand("if our firm sues someone claiming mochi infringes a patent, is the patent license gone?")
    assert asked.topic == "termination_litigation"


# -- the law of where you live -----------------------------------------------------------------------------------
@pytest.mark.parametrize("question, verdict", [
    ("i'm based in ontario and got the model here. does ontario law govern the msr terms?", "yes"),
    ("we live in ohio. are these msr terms governed by new york law?", "no"),
    ("which law governs the msr license terms?", "conditional"),  # nowhere said: it depends on where you live
])
def test_a_law_tied_to_residence_is_answered_from_where_the_question_says_you_are(corpus, question, verdict):
    decision = _decide(corpus, question, "ms-research-license-terms")
    assert decision.verdict == verdict, decision
    assert decision.topic == "governing_law"


# -- where the users are, apart from the business -----------------------------------------------------------------
def test_users_placed_in_an_excluded_region_are_end_users_of_a_product_made_elsewhere(corpus):
    question = "we're a canadian company and most of our customers are in italy. can they use our llama 4 scout app?"
    decision = _decide(corpus, question, "llama-4-license-2025")
    assert decision.verdict != "no", decision
    assert understand.end_users_named(question)


# -- case words --------------------------------------------------------------------------------------------------
def test_a_hosted_only_service_hands_out_no_copies(corpus):
    decision = _decide(corpus, "api-only gemma deployment, the weights never leave our cloud. do we have to ship a "
                               "notice file?", "gemma-tou-2025-03-24")
    assert decision.verdict == "no", decision


def test_a_post_on_social_media_is_a_public_statement(corpus):
    decision = _decide(corpus, "when we post on linkedin about our falcon 2 11b fine-tune, is there a statement we have to include?",
                       "falcon-2-11b-1.0")
    assert decision.verdict == "yes", decision


def test_an_internal_use_settles_a_condition_about_offering_to_third_parties(corpus):
    decision = _decide(corpus, "our analysts want to run the gretel code on company laptops for internal reports; "
                               "nothing goes to clients or partners. ok?", "gretelai-sal-1.0")
    assert decision.verdict == "yes", decision


def test_a_commercial_deal_with_the_licensor_is_not_the_use_asked(corpus):
    decision = _decide(corpus, "we're a retailer, and before signing a commercial agreement with black forest labs "
                               "we want to benchmark flux dev internally, not in production. allowed?", "flux-1-nc")
    assert decision.verdict == "yes", decision


# -- kinds and routing -------------------------------------------------------------------------------------------
def test_a_belief_opening_a_claim_of_ownership_is_the_claim(corpus):
    decision = _decide(corpus, "i take it i own whatever exaone writes for my lab notes?", "exaone-ai-model-1.1-nc")
    assert decision.verdict == "no", decision
    assert not decision.conditions.lower().startswith("yes")  # the card's opening word, now contradicting, is gone


@pytest.mark.parametrize("text, kind", [
    ("does the sexual content ban cover that?", "fact"),  # covering, said of a ban, forbids
    ("does my license cover that?", "permission"),  # covering, said of a license, allows
    ("launching a paid app on it. legit or do i need a deal first?", "permission"),  # the first alternative asks leave
])
def test_kind_of_cover_and_of_an_alternative(text, kind):
    assert understand.kind_of(text) == kind


def test_the_most_recent_model_version_routes_to_the_update_duty():
    asked = understand.understand("the old license said to run the most recent model version. same rule in this one?")
    assert asked.topic == "update_duty"


# -- restrictions to pass on, and a model under two licenses ------------------------------------------------------
def test_no_use_restrictions_to_pass_on_under_a_permissive_license(corpus):
    decision = _decide(corpus, "we serve it to paying users. must our terms of service carry use-based restrictions?",
                       "mit")
    assert decision.verdict == "no", decision
    # the same question under a license that has them keeps the duty
    assert _decide(corpus, "we serve it to paying users. must our terms of service carry use-based restrictions?",
                   "gemma-tou-2025-03-24").verdict != "no"


def test_a_model_under_two_licenses_answers_with_the_duty_either_imposes(corpus):
    # Llama 3.3 Nemotron Super: NVIDIA's license has no naming rule, the Llama 3.3 license has one
    decision = _decide(corpus, "releasing our fine-tune of llama 3.3 nemotron super 49b as 'Kestrel-49B' on hugging "
                               "face. must the name follow a rule?", "Llama 3.3 Nemotron Super 49B")
    assert decision.verdict == "yes", decision
    assert decision.origin == "llama-3.3-license-2024"
    assert any("more than one license" in note for note in decision.notes)


def test_an_elliptic_need_opening_a_sentence_asks_a_duty():
    assert understand.kind_of("bundling it in our desktop app. need a credit line somewhere?") == "obligation"
    assert understand.kind_of("we need a model for our app. can we use it?") == "permission"


# -- names, sizes claimed fine, and users named before what they get ----------------------------------------------
def test_naming_an_app_after_the_model_asks_for_its_trademark(corpus):
    decision = _decide(corpus, "calling our new dictation app 'Whisper Studio' because it runs whisper. does apache "
                               "let us use that name?", "apache-2.0")
    assert decision.verdict == "no", decision
    assert decision.topic == "trademark_rights"


def test_a_claim_of_being_fine_after_a_need_is_answered_as_leave(corpus):
    question = ("about 5,000 monthly users here. heard meta wants a special license once you're huge, but at our size "
                "we're fine on the regular community license, right?")
    decision = _decide(corpus, question, "llama-3.1-license-2024")
    assert decision.verdict == "yes", decision


def test_users_named_before_the_weights_they_would_get_is_the_network_source_duty():
    asked = understand.understand("my site runs my merge of an illustrious model. do i have to offer visitors the "
                                  "merged weights?")
    assert asked.topic == "network_source"


def test_a_figure_does_not_bring_a_license_the_text_never_requires(corpus):
    # Kimi K2: past 100M monthly users only a display is due, never another license
    decision = _decide(corpus, "once we pass 150M monthly users, do we have to get a separate license from moonshot?",
                       "moonshot-ai-modified-mit-2025")
    assert decision.verdict == "no", decision


# -- uses described in other words -------------------------------------------------------------------------------
@pytest.mark.parametrize("question, key", [
    # credit decided by where people live: discrimination in the provision of credit
    ("the assistant would approve or refuse small loans based on which neighborhood applicants live in. fine?",
     "llama-4-cla-2025"),
    # a bot telling people it is a person: undisclosed AI
    ("can our helpdesk bot tell callers it's a real human named Tom?", "llama-4-cla-2025"),
    # a protected trait used to decide about people; people sorted by their looks; ridicule of a protected group
    ("our screening tool would rate applicants by their religion. allowed?", "llama-4-cla-2025"),
    ("can i use it to build a system that ranks job candidates by their selfies?", "creativeml-openrail-m"),
    ("can i make images that ridicule disabled people for a meme page?", "creativeml-openrail-m"),
])
def test_uses_described_in_other_words_are_the_list_items(corpus, question, key):
    decision = _decide(corpus, question, key)
    assert decision.verdict == "no", decision
    assert decision.quotes


def test_a_trait_named_in_data_work_is_not_discrimination():
    from explainer import topics

    assert "discrimination" not in topics.uses_in("can i sort the census data by race for my thesis charts?")


def test_the_answer_header_names_the_text_a_layered_answer_comes_from():
    from tests.conftest import run_cli

    done = run_cli("ask", "we bundle it in a desktop app. need a 'built with llama' line somewhere?",
                   "--model-name", "Llama 3.1 Nemotron Nano 8B")
    shown = done.stdout + done.stderr
    assert done.returncode == 0, shown[-2000:]
    assert "Decided under: llama-3.1-license-2024" in " ".join(shown.split())
    assert "not legal advice" in shown


# -- money words and purposes ------------------------------------------------------------------------------------
def test_billing_clients_for_what_you_render_is_the_models_paid_use(corpus):
    decision = _decide(corpus, "our studio bills customers for the packaging mockups we render with flux dev. ok?",
                       "flux-1-nc")
    assert decision.verdict == "no", decision


def test_a_company_trying_the_model_on_a_test_machine_is_evaluation(corpus):
    # buying the license later, and clients named only as those who get nothing, are not money in the use asked
    question = ("small agency: before we pay black forest labs for a commercial agreement our designers want to try "
                "flux dev on a test machine, nothing goes to clients. allowed, or do we need the paid license first?")
    assert _decide(corpus, question, "flux-1-nc").verdict == "yes"


def test_self_harm_written_apart_is_the_violence_item(corpus):
    decision = _decide(corpus, "can i build a gemma chatbot that encourages self harm?", "gemma-tou-2025-03-24")
    assert decision.verdict == "no", decision


def test_only_an_answer_word_that_contradicts_the_verdict_is_dropped():
    from explainer.decide import Decision, _lead_agrees

    turned = _lead_agrees(Decision("licensor_claims_outputs", "no", "Yes: all rights in the outputs remain LG's.", "card"))
    assert turned.conditions == "All rights in the outputs remain LG's."
    # "No" as a word of the sentence, not an answer, stays
    kept = _lead_agrees(Decision("separate_license", "yes", "No separate license is ever needed, at any size.", "card"))
    assert kept.conditions.startswith("No separate license")
