"""Session 16's readings: the same question asked in other words must get the same answer. Each case is worded
here for the test (not a suite's wording): formal and hurried registers, a lead naming the subject, a condition put
first, and the words that name a case (publishing, reposting, pushing to a hub) or a listed use."""

from __future__ import annotations

import pytest

from explainer import derivative_terms, duty_case, understand
from explainer.corpus import load
from tests.conftest import decide_named as _decide


@pytest.fixture(scope="module")
def corpus():
    return load()


# -- the kind, in formal and hurried registers -------------------------------------------------------------------
@pytest.mark.parametrize("question, kind", [
    # leave asked outright is a permission, even where "<a model> under …" follows
    ("Is it permissible to run a model under the DeepSeek License to screen tenants with nobody checking?",
     "permission"),
    ("would it be acceptable for us to ship a Gemma model inside our kiosk software?", "permission"),
    # a statement closed by a tag, granting in other words
    ("our MAU dipped below the cap last quarter, so we're in the clear, correct?", "permission"),
    ("we only run it on weekends for our club, so we're good to use it, right?", "permission"),
    # a lead naming the subject, then the question's own opening
    ("quick msr question: is there a ceiling on the damages i could claim from microsoft?", "fact"),
    # "do we owe anything" asks a duty
    ("we fine-tuned on cdla data. do we owe anything to the data providers?", "obligation"),
    # whether the list covers an activity is a fact
    ("Is writing speeches for my mayoral campaign among the activities the policy forbids?", "fact"),
    # hurried and non-native: a yes/no question in statement order, with the license or a model as its subject
    ("the llama license really ban this?", "fact"),
    ("phi-4 terms apply to my distilled model?", "fact"),
    ("TII acceptable use policy bind me?", "fact"),  # "acceptable use" names the policy, it grants nothing
    ("there is rule about naming the finetune?", "fact"),
    ("sd3.5 medium has revenue cap for using?", "fact"),
    # a permission asked without its subject
    ("can sell pictures from my flux schnell merge on etsy? only small shop", "permission"),
    # idioms of duty
    ("is it on us to credit the authors when we ship the model?", "obligation"),
    ("are we on the hook for a notice file if we bundle the weights?", "obligation"),
])
def test_kind_holds_across_registers(question, kind):
    assert understand.understand(question).kind == kind


def test_a_condition_put_first_by_inversion_is_not_the_question():
    question = "should we start patent litigation over this model, would our patent license survive?"
    assert understand.without_label(question) == "would our patent license survive?"
    assert understand.understand(question).kind == understand.understand("would our patent license survive?").kind


def test_a_short_lead_is_not_read_as_the_question_but_a_pointer_back_is_kept():
    assert understand.without_label("msr license q: is there a limit on damages?") == "is there a limit on damages?"
    # "… bans porn — does it?": the lead is the statement the question points back to
    kept = "people say the rail license bans porn — does it?"
    assert understand.without_label(kept) == kept


# -- the case a duty comes with ----------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "when i publish my realistic sdxl merge, am i obliged to add the license file?",
    "re-posting a q5 quant of llama 3.2 1b on my profile. must the repo carry the notice file?",
    "we're pushing our 3.2 finetune to the hub next week — any notice file we have to add?",
])
def test_publishing_reposting_and_pushing_to_a_hub_share_copies(question):
    assert "copies" in understand.understand(question).triggers


def test_an_app_of_our_own_is_not_an_end_users_case(corpus):
    # "our mobile application uses …": the asker makes the product, so the duty for products applies
    decision = _decide(corpus, "We're a two-person company and our mobile application uses an SD 3.5 fine-tune. "
                       "Are we required to show a Stability AI credit in the app?", "stability-ai-community-2024")
    assert decision.verdict == "yes", decision
    assert duty_case.names_own_product("and our mobile application uses a fine-tuned model")


def test_a_noun_before_app_is_not_what_the_model_makes(corpus):
    asked = understand.understand("Our paid music application uses Stable Audio Open. Are we required to show a "
                                  "\"Powered by Stability AI\" line somewhere?")
    assert "outputs" not in asked.subjects
    assert _decide(corpus, asked.question, "Stable Audio Open 1.0").topic == "built_with_display"


# -- a license the thing already has is not a licensing asked ---------------------------------------------------
@pytest.mark.parametrize("question, key, verdict", [
    ("Is commercial use of a checkpoint licensed under CC BY 4.0 permitted?", "cc-by-4.0", "yes"),
    ("May a hosting provider, under the Gemma terms, let a Gemma model reject loan applicants with no human "
     "review?", "gemma-tou-2024-04-01", "no"),
])
def test_a_license_named_after_a_noun_is_not_relicensing(corpus, question, key, verdict):
    decision = _decide(corpus, question, key)
    assert decision.verdict == verdict, decision
    assert decision.topic != "restrictions_flow_down"


def test_relicensing_is_still_read_when_asked():
    asked = understand.understand("can i release my fine-tune under MIT instead?")
    assert derivative_terms.asks_relicensing(asked)


# -- where disputes go, asked inside a clause --------------------------------------------------------------------
@pytest.mark.parametrize("question, verdict", [
    ("falcon 2 11b terms — a dispute would be heard by the courts of which state?", "not_addressed"),
    ("if we ever fought over the bigcode openrail-m, which courts would take the case?", "not_addressed"),
    ("does the bigcode openrail-m say which courts hear disputes?", "no"),
])
def test_a_venue_asked_of_a_silent_text(corpus, question, verdict):
    key = "falcon-2-11b-1.0" if "falcon" in question else "bigcode-open-rail-m-v1"
    decision = _decide(corpus, question, key)
    assert (decision.topic, decision.verdict) == ("governing_law", verdict), decision


def test_forum_posts_are_not_a_venue(corpus):
    decision = _decide(corpus, "research idea: point llama at forum posts to keep tabs on particular journalists for "
                       "a year. allowed?", "llama-license-2023")
    assert (decision.topic, decision.verdict) == ("prohibited_use", "no"), decision


# -- listed uses in other words ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, use", [
    ("we want to keep tabs on certain protesters using the model", "surveillance"),
    ("an insurer would set premiums from customers' fitness data", "automated_decisions"),
    ("our coaching app would read learner emotions from the webcam", "biometric"),
    ("a tool forecasting which customers might commit insurance fraud for the police", "law_enforcement"),
    ("the model settles claims alone, approve or reject, nobody review", "automated_decisions"),
    ("chatgpt makes the final decision which tenants get approved", "automated_decisions"),
    # told by what the system does
    ("our support bot greets people with 'hello, I'm Tom, a human advisor'", "undisclosed_ai"),
    ("the assistant introduces itself as a real human employee", "undisclosed_ai"),
    ("hr wants the model reading all our teams chats to see who complains", "surveillance"),
])
def test_listed_uses_in_other_words(text, use):
    assert use in understand.understand(text + ". allowed?").uses


def test_leave_to_publish_without_saying_it_is_ai_is_the_listed_use(corpus):
    decision = _decide(corpus, "may i put my hunyuan3d renders on instagram w/o tagging them as ai generated?",
                       "tencent-hunyuan-3d-2.0-cla")
    assert (decision.topic, decision.verdict) == ("prohibited_use", "no"), decision


def test_any_manner_asks_unrestricted_use():
    assert understand.understand("Am I permitted to use the model in any manner we see fit?").unrestricted


# -- money words and updates -------------------------------------------------------------------------------------
def test_free_of_charge_is_not_a_commercial_use(corpus):
    decision = _decide(corpus, "May I adapt Aya Expanse for my community's dialect and share it free of charge on "
                       "Hugging Face?", "cc-by-nc-4.0")
    assert decision.verdict != "no", decision


def test_keeping_a_version_up_to_date_is_the_update_duty(corpus):
    decision = _decide(corpus, "does the sd 1.4 license say i must keep the model up to date?",
                       "stable-diffusion-2022-08-22")
    assert (decision.topic, decision.verdict) == ("update_duty", "yes"), decision


def test_an_inverted_condition_keeps_the_question_it_opens(corpus):
    decision = _decide(corpus, "Should we sue a company claiming this Apache-licensed model infringes our patent, "
                       "would we retain our patent license?", "apache-2.0")
    assert (decision.topic, decision.verdict) == ("termination_litigation", "no"), decision


# -- a listed use done "without asking" --------------------------------------------------------------------------
def test_doing_a_listed_use_without_asking_is_the_use_not_a_waived_duty(corpus):
    # "without asking them" is not a question whether a separate permission is needed
    decision = _decide(corpus, "can i make a parody deepfake of a famous singer with a bigscience openrail-m model "
                       "without asking her?", "bigscience-open-rail-m")
    assert (decision.topic, decision.verdict) == ("prohibited_use", "no"), decision


# -- the case and the use, told in other words -------------------------------------------------------------------
def test_our_product_named_once_is_ours_in_every_clause(corpus):
    decision = _decide(corpus, "my website use stable diffusion 3.5 large. i must display 'Powered by Stability AI' on "
                       "the site?", "stability-ai-community-2024")
    assert decision.verdict == "yes", decision


def test_an_elliptic_need_with_a_quoted_wording_asks_a_duty():
    assert understand.understand("serving llama 3.3 from our paid api. still need 'built with llama' even though the "
                                 "weights never leave us?").kind == "obligation"


@pytest.mark.parametrize("question, verdict", [
    # an end user of another company's app, told without articles
    ("i live in italy and just use app of a korean startup, the app run llama 4 scout. i can use it?", "yes"),
    # the exclusion as the subject of a statement-order question, from outside the EU
    ("our company is in switzerland (not EU). llama 4 vision eu exclusion apply to us?", "no"),
])
def test_places_and_end_users_in_hurried_words(corpus, question, verdict):
    decision = _decide(corpus, question, "llama-4-license-2025")
    assert decision.verdict == verdict, decision


def test_fine_with_it_asks_leave():
    assert understand.understand("Would the licensor's policy be fine with that?").kind == "permission"


def test_a_model_built_to_go_up_against_the_original_competes(corpus):
    decision = _decide(corpus, "planning to generate a big dataset with flux kontext dev and train a model that goes "
                       "up against it. allowed?", "FLUX.1 Kontext [dev]")
    assert decision.verdict == "no", decision


# -- the 'no' cases, told by what happens ------------------------------------------------------------------------
@pytest.mark.parametrize("question, key", [
    # paid to make them: the model's paid use, whatever the pictures are then
    ("a friend's cafe wants me to make poster art with flux dev for $80. the art itself is fine to sell, right?",
     "FLUX.1 [dev]"),
    ("She offered me 30 euros to make a logo with FLUX.1 dev. The logo itself is fine to sell, right?", "FLUX.1 [dev]"),
    # an ended license, in other words
    ("if meta pulls my llama 3.2 license over a breach, can i keep running my local copy?", "llama-3.2-license-2024"),
    # source kept private while the code ships
    ("can i drop gpl-2 code into my shareware and keep the source code to myself?", "gpl-2.0"),
    # a name without the required prefix, for a model put out
    ("tuned llama 3.1 8b for cooking tips, want to put it out as 'ChefMate-8B'. is that name ok?",
     "llama-3.1-license-2024"),
    # other terms for a share-alike adaptation, asked in other verbs
    ("forked an agpl tool, changed it, can i hand my version out as MIT?", "agpl-3.0"),
    ("translated a cc-by-sa dataset. can i slap cc-by 4.0 on my translation when i post it?", "cc-by-sa-4.0"),
    # a listed use, told by what the system does
    ("my boss wants to run everyone's private slack messages through gemma to guess who will quit, without letting "
     "staff know. ok under the rules?", "gemma-pup-2024-02-21"),
])
def test_no_answers_told_in_other_words(corpus, question, key):
    assert _decide(corpus, question, key).verdict == "no"


def test_making_no_money_is_not_commercial(corpus):
    decision = _decide(corpus, "we host a free study helper on qwen2.5-72b with about 150M monthly users and make "
                       "zero money from it. do we need to request a license from alibaba?", "qwen-2024")
    assert decision.verdict == "no", decision


# -- suing and passing off, in other words ----------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "say we take a rival to court claiming this Apache model infringes our patent. would that cost us the patent "
    "license?",
    "suppose my startup files a patent suit alleging the Apache-licensed model infringes. do we lose the patent grant?",
])
def test_a_supposed_patent_suit_ends_the_patent_license(corpus, question):
    decision = _decide(corpus, question, "apache-2.0")
    assert (decision.topic, decision.verdict) == ("termination_litigation", "yes"), decision


@pytest.mark.parametrize("question, key, topic", [
    # a permission naming a use the list forbids is decided by the list, whatever else the question routes to
    ("fine to run my help desk on llama 4 if the bot tells callers they're talking to a real person?",
     "llama-4-license-2025", "prohibited_use"),
    ("ok if i tell my clients i painted the DALL·E pictures myself?", "openai-tou-20241211", "prohibited_use"),
    ("can i do poster drafts for my neighbour's shop with flux dev if she pays me 40 bucks?", "FLUX.1 [dev]",
     "model_commercial_use"),
])
def test_passing_off_and_paid_making_in_other_words(corpus, question, key, topic):
    decision = _decide(corpus, question, key)
    assert (decision.topic, decision.verdict) == (topic, "no"), decision


def test_the_whole_thing_is_the_whole_own_work(corpus):
    decision = _decide(corpus, "changed one MPL-2.0 file in our closed app. must we now open source the whole thing?",
                       "mpl-2.0")
    assert decision.verdict == "no", decision
