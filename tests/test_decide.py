"""One decision core: scan, explain and ask decide every right the same way, for every card, with and without
addenda and with a pasted restrictive addition; and the literal readings of obligation, fact and figure
questions."""

from __future__ import annotations

import json

import pytest

from explainer import answer, cards, decide, licensedb, rights, understand
from explainer.corpus import load
from explainer.explain import rights_rows
from explainer.reader import from_text
from explainer.resolve import Resolved, from_name, from_pasted
from explainer.scan import ModelReport, Scanner
from tests.conftest import run_cli
from tests.fakes import FakeBackend
from tests.scan_fixtures import write_safetensors

RESTRICTION = "Additional terms: you may not use the model or anything it generates for any commercial purpose."


def variants(corpus):
    """(label, license keys, addenda, pasted text or None) for every card: plain, with each addendum that applies
    to it, and with a pasted restrictive addition."""
    for key in sorted(cards.all_cards(corpus)):
        if key not in corpus.licenses or not licensedb.exists(key):
            continue
        yield key, key, (), None
        for addendum in corpus.addenda.values():
            if key in addendum.applies_to:
                yield f"{key}+{addendum.key}", key, (addendum.key,), None
        yield f"{key}+pasted", key, (), licensedb.load(key).body.rstrip() + "\n\n" + RESTRICTION + "\n"


def _resolved(corpus, key, addenda, pasted):
    if pasted is not None:
        return from_pasted(corpus, from_text(pasted, "LICENSE"))
    return Resolved(key, corpus.license_name(key), "explicit", 1.0, corpus.with_companions(key), addenda)


def test_scan_explain_and_ask_decide_every_right_alike(built_index):
    corpus = built_index.corpus
    scanner = Scanner(corpus)
    backend = FakeBackend()
    checked = 0
    for label, key, addenda, pasted in variants(corpus):
        resolved = _resolved(corpus, key, addenda, pasted)
        if resolved.key != key:  # a text that is word for word another LicenseDB text (MIT minus a clause, ...)
            continue
        explained = {row["right"]: row["verdict"] for row in rights_rows(resolved, corpus)}
        report = ModelReport(path="m.safetensors", kind="safetensors", license_key=key, addenda=list(addenda))
        if pasted is not None:
            report.license_files.append(resolved)
        scanner._rights(report)
        for right in rights.names():
            if right not in explained:
                continue
            question = rights.rights()[right].ask
            asked = answer.ask(question, resolved, corpus, built_index, backend).answer()
            assert asked.right[0] == right, f"{label}: {question!r} was read as {asked.right}"
            assert asked.verdict == explained[right], f"{label} {right}: ask {asked.verdict}, explain {explained[right]}"
            if right in report.rights:
                assert report.rights[right]["verdict"] == explained[right], f"{label} {right}: scan differs"
            checked += 1
    assert checked > 500


def test_a_pasted_non_commercial_addition_lowers_the_commercial_rights_everywhere():
    corpus = load()
    text = licensedb.load("bigscience-open-rail-m2").body + "\n\n" + RESTRICTION + "\n"
    resolved = from_pasted(corpus, from_text(text, "LICENSE"))
    rows = {row["right"]: row for row in rights_rows(resolved, corpus)}
    assert rows["outputs_commercial"]["verdict"] == "no" and rows["outputs_commercial"]["verdict_source"] == "file"
    assert rows["model_commercial_use"]["verdict"] == "no"
    assert rows["non_commercial_only"]["verdict"] == "yes"
    assert rows["derivatives_allowed"]["verdict"] == "yes"  # untouched


def test_a_models_folder_and_ask_file_agree_on_the_commercial_verdicts(linked_home, tmp_path):
    """Tried as a new user would: a Juggernaut XL checkpoint beside a LICENSE that adds 'no commercial use'."""
    folder = tmp_path / "models" / "checkpoints"
    folder.mkdir(parents=True)
    write_safetensors(folder / "juggernautXL_v9Rdphoto2Lightning.safetensors")
    license_file = folder / "LICENSE"
    license_file.write_text(licensedb.load("bigscience-open-rail-m2").body + "\n\nAdditional terms: no commercial "
                            "use. You may not use this model or its outputs for any commercial purpose.\n",
                            encoding="utf-8")
    scanned = run_cli("scan", str(tmp_path / "models"), "--json")
    assert scanned.returncode == 0, scanned.stderr
    model = json.loads(scanned.stdout)["models"][0]
    for right, question in (("outputs_commercial", "Can I sell the images I make with it?"),
                            ("model_commercial_use", "Can my company use the model in our product?")):
        asked = run_cli("ask", question, "--file", str(license_file), "--json")
        assert asked.returncode == 0, asked.stderr
        data = json.loads(asked.stdout)
        assert data["right"][0] == right
        assert data["verdict"] == model["rights"][right]["verdict"] == "no", (right, data, model["rights"][right])


# -- literal readings ---------------------------------------------------------------------------------------------
def _decide(question, name):
    corpus = load()
    return decide.decide(from_name(corpus, name, "explicit"), understand.understand(question), corpus)


@pytest.mark.parametrize("question, name, topic, verdict", [
    ("Do I have to credit the model when I sell prints of my images?", "stable-diffusion-2022-08-22",
     "output_attribution", "no"),
    ("Can I use SD 1.5 to make wallpapers for my phone?", "stable-diffusion-2022-08-22", None, "yes"),
    ("Does the license come with any warranty?", "mit", "warranty", "no"),
    ("Is this license non-commercial?", "cc-by-nc-4.0", "non_commercial_only", "yes"),
    ("Can I use it to generate disinformation to harm people?", "bigscience-open-rail-m2", "prohibited_use", "no"),
    ("Is FLUX.1 dev governed by Texas law?", "flux-1-nc", "governing_law", "no"),
])
def test_literal_readings(question, name, topic, verdict):
    decision = _decide(question, name)
    if topic is not None:
        assert decision.topic in (topic, "use_restrictions")
    assert decision.verdict == verdict, decision


def test_a_use_the_list_does_not_name_is_allowed_and_the_list_is_quoted():
    decision = _decide("Can I use Juggernaut XL to build a surveillance system for my shop?",
                       "bigscience-open-rail-m2")
    card = cards.all_cards(load())["bigscience-open-rail-m2"]
    if "surveillance" in card.prohibited:
        assert decision.verdict == "no"
    else:
        assert decision.verdict == "yes" and "does not name" in decision.conditions and decision.quotes


def test_a_question_is_unclear_rather_than_guessed():
    decision = _decide("What is the weather like today?", "mit")
    assert decision.verdict == "unclear" and decision.source == "none" and "could be about" in decision.conditions


def test_figures_said_with_more_than_count_at_the_limit():
    corpus = load()
    resolved = from_name(corpus, "llama-3.1-license-2024", "explicit")
    exactly = decide.decide(resolved, understand.understand(
        "We had more than 700 million monthly active users at release. Do we need a separate license?"), corpus)
    assert exactly.verdict == "yes"
    at = decide.decide(resolved, understand.understand(
        "We had exactly 700 million monthly active users at release. Do we need a separate license?"), corpus)
    assert at.verdict == "no"


def test_every_decision_quote_is_verbatim():
    corpus = load()
    for key in sorted(cards.all_cards(corpus)):
        if key not in corpus.licenses or not licensedb.exists(key):
            continue
        for decision in decide.table(from_name(corpus, key, "explicit"), corpus) or []:
            for quote in decision.quotes:
                assert corpus.document(quote.license_key).body[quote.start:quote.end] == quote.text


def test_am_i_allowed_does_not_lean_to_user_caps():
    """'Am' once matched the cap cue ('a' + 'm' for million): every 'Am I allowed…' leaned to user caps."""
    from explainer import rights as rights_module

    assert "user_or_revenue_threshold" not in rights_module.scores("am i allowed to fine-tune it?")
    assert "user_or_revenue_threshold" in rights_module.scores("we have 5m users")
    assert understand.understand("Am I allowed to fine-tune it?").topic == "derivatives_allowed"


# -- conditions the question says it will not meet ---------------------------------------------------------------
@pytest.mark.parametrize("question, name, breaker", [
    ("Can I share my fine-tuned version of it on Hugging Face for free?", "cc-by-nc-nd-4.0", "modified"),
    ("Can I upload the fine-tune I made for myself so others can use it?", "cc-by-nd-4.0", "sharing"),
    ("Can I redistribute the weights without giving any credit?", "apache-2.0", "no_credit"),
])
def test_a_condition_the_question_breaks_turns_the_permission_to_no(question, name, breaker):
    decision = _decide(question, name)
    assert decision.verdict == "no", decision
    said = {b.says for b in understand.data().breakers if b.name == breaker}
    assert said & set(decision.notes), decision.notes


@pytest.mark.parametrize("question, name", [
    ("Can I redistribute the weights with the credit and the license file?", "apache-2.0"),
    ("Can I share the unmodified checkpoint on Hugging Face?", "cc-by-nd-4.0"),
])
def test_a_question_that_meets_the_conditions_keeps_the_cards_verdict(question, name):
    decision = _decide(question, name)
    answer = cards.all_cards(load())[name].answer(decision.topic)
    assert decision.verdict == answer.verdict != "no", decision


def test_a_commercial_plan_breaks_a_non_commercial_condition():
    breaker = next(b for b in understand.data().breakers if b.name == "commercial")
    conditions = "Fine-tunes are allowed only for non-commercial purposes."
    assert understand.broken_conditions("derivatives_allowed", conditions, "Can my startup fine-tune it for a client?")
    assert not understand.broken_conditions("derivatives_allowed", conditions, "Can I fine-tune it for my hobby?")
    assert not understand.broken_conditions("outputs_commercial", conditions, "Can I sell what I make for money?")
    assert "outputs_commercial" in breaker.skip


def test_selling_outputs_is_not_broken_by_a_non_commercial_clause_on_the_model():
    """FLUX.1 [dev]'s outputs may be sold even though the model is for non-commercial use only."""
    decision = _decide("I have an Etsy shop: can I sell prints of images I made with it?", "flux-1-nc")
    assert decision.topic == "outputs_commercial" and decision.verdict != "no"


def test_the_asking_sentence_decides_not_the_backstory():
    """'I assumed outputs were mine' is context: the question asks whether LG owns them."""
    asked = understand.understand("Does LG end up owning the text EXAONE generates for me? I assumed outputs were mine.")
    assert asked.focus and "mine" not in asked.asking
    decision = _decide("Does LG end up owning the text EXAONE generates for me? I assumed outputs were mine.",
                       "exaone-ai-model-1.1-nc")
    assert decision.topic == "licensor_claims_outputs" and decision.verdict == "yes"
    assert understand.understand("We have to ship by Friday. Can I use it in our app?").kind == "permission"


def test_anything_we_need_to_do_is_an_obligation():
    assert understand.understand("We just crossed 120 million monthly users, anything we need to do?").kind \
        == "obligation"


# -- fine-grained readings (issue #13) ----------------------------------------------------------------------------
def test_an_activity_the_use_policy_does_not_name_is_allowed_with_the_list_quoted():
    decision = _decide("using it for npc dialogue in my indie rpg, is that ok under the use policy?",
                       "bigscience-open-rail-m2")
    assert decision.topic == "prohibited_use" and decision.verdict == "yes" and decision.quotes
    assert "does not name" in decision.conditions


def test_silence_on_caps_answers_is_there_a_cap_with_no():
    assert _decide("Is there a monthly active user limit for this model?", "apache-2.0").verdict == "no"
    assert _decide("We're at 300M monthly active users. Can we keep using it?", "apache-2.0").verdict == "yes"


def test_a_model_size_is_not_a_user_count():
    from explainer import thresholds

    assert thresholds.figures("can we run qwen2.5-72b or llama 2 13b?") == []
    assert [f.value for f in thresholds.figures("llama 3.1 8b for our 800M MAU")] == [800e6]
    assert [f.value for f in thresholds.figures("we have 1B users")] == [1e9]


def test_a_place_the_license_excludes_turns_a_permission_to_no_but_not_for_end_users_there():
    here = _decide("I'm a freelancer living in Germany. Can I use it for my own projects commercially?",
                   "tencent-hunyuan-3d-2.0-cla")
    assert here.verdict == "no" and any("Germany" in n for n in here.notes)
    users = _decide("We're a US company. Can we offer our app built on it to users in France?", "llama-4-license-2025")
    assert users.verdict != "no" or not any("France" in n for n in users.notes)
    assert "ireland" in understand.understand("Is it under Irish law?").places


def test_a_derivative_name_is_checked_against_the_required_prefix():
    wrong = _decide("I fine-tuned Llama 3.1 and want to call it 'NovaChat-8B' on Hugging Face. Is that name fine?",
                    "llama-3.1-license-2024")
    assert (wrong.topic, wrong.verdict) == ("name_prefix", "no")
    right = _decide("I fine-tuned Llama 3.1 and want to call it 'Llama-3.1-NovaChat' on Hugging Face. Is that ok?",
                    "llama-3.1-license-2024")
    assert (right.topic, right.verdict) == ("name_prefix", "yes")


def test_a_disclosure_duty_comes_from_the_restriction_list():
    decision = _decide("My bot posts generated captions on twitter. Do I need to say they are machine generated?",
                       "bigscience-open-rail-m")
    assert decision.verdict == "yes" and decision.quotes


def test_two_figures_are_judged_at_the_time_the_question_asks_about():
    now = _decide("We're at 80M MAU today and expect 150M next year. Do we need a license from Alibaba right now?",
                  "tongyi-qianwen-2023")
    later = _decide("We're at 80M MAU today and expect 150M next year. Will we need a license from Alibaba then?",
                    "tongyi-qianwen-2023")
    assert (now.verdict, later.verdict) == ("no", "yes")


@pytest.mark.parametrize("question, name, verdict", [
    ("Can BFL just yank my license whenever they feel like it, even if I did nothing wrong?", "flux-1-nc", "yes"),
    ("Is this license revocable? Like can they take it back later?", "cc-by-nc-4.0", "no"),
    ("Is the license irrevocable?", "apache-2.0", "yes"),
    ("Could the authors revoke the license later if they don't like how people use it?", "llama-3.1-license-2024",
     "no"),
])
def test_revocation_is_read_from_the_license_text(question, name, verdict):
    _assert_decided_from_the_text(_decide(question, name), verdict)


def _assert_decided_from_the_text(decision, verdict):
    assert decision.verdict == verdict and decision.quotes, decision
    corpus = load()
    for quote in decision.quotes:
        assert corpus.document(quote.license_key).body[quote.start:quote.end] == quote.text


@pytest.mark.parametrize("question, verdict", [
    ("nsfw roleplay chatbot running gemma, allowed?", "no"),
    ("is it ok if my gemma bot tells people what illness they have and what meds to take? no doctor involved", "no"),
    ("can we use gemma to monitor employees' messages without their consent?", "no"),
])
def test_a_qualified_item_is_no_unless_the_question_describes_its_exception(question, verdict):
    corpus = load()
    entry_verdicts = {e.verdict for e in cards.all_cards(corpus)["gemma-pup-2024-02-21"].prohibited.values()}
    assert "conditional" in entry_verdicts  # the policy qualifies some items
    assert _decide(question, "gemma-2024").verdict == verdict


def test_the_exception_an_item_makes_keeps_it_conditional():
    asked = understand.understand("Is it ok to make a funny deepfake video of my buddy? He said it's fine.")
    assert understand.describes_carve_out(asked)
    assert not understand.describes_carve_out(understand.understand("monitor staff without their consent, ok?"))


def test_a_duty_limited_to_unmodified_copies_does_not_bind_a_modified_one():
    decision = _decide("Do I have to keep Apple's notice if I redistribute a modified version of Ferret?",
                       "apple-ml-ferret-2023")
    assert decision.verdict == "no" and any("unmodified" in n for n in decision.notes)


def test_no_disclosure_duty_where_the_license_sets_none():
    decision = _decide("Do I have to tell users my chatbot is an AI?", "hyperclova-x-seed-2025")
    assert decision.verdict == "no"


def test_a_partial_fact_asked_with_anything_is_yes():
    decision = _decide("What happens if I sue someone claiming it infringes my patent? Do I lose anything?",
                       "apache-2.0")
    assert (decision.topic, decision.verdict) == ("termination_litigation", "yes")


def test_the_period_written_after_a_sum_decides_it():
    from explainer import thresholds

    found = thresholds.figures("we do $240M a year, so about $20M every month")
    assert [(f.metric, f.value) for f in found] == [("annual_revenue_usd", 240e6), ("monthly_revenue_usd", 20e6)]
    assert _decide("We do $240M a year, about $20M every month, and 10M users. Is the Kimi K2 display triggered?",
                   "moonshot-ai-modified-mit-2025").verdict == "no"


def test_a_sum_in_another_currency_is_converted_before_it_meets_a_dollar_cap():
    from explainer import thresholds

    [users, revenue] = thresholds.figures("20M MAU and about RMB 300M revenue last year")
    assert users.value == 20e6 and revenue.metric == "annual_revenue_usd" and 30e6 < revenue.value < 60e6
    assert "approximate" in revenue.text


@pytest.mark.parametrize("question, name, verdict", [
    ("Can I name my app 'Mistral Pro Chat' since the model is Apache licensed?", "apache-2.0", "no"),
    ("Does Meta give me rights to use the 'Llama' name in my product branding however I want?",
     "llama-3.1-license-2024", "no"),
    ("Does Apache 2.0 give me a patent license?", "apache-2.0", "yes"),
    ("Does the Ferret license give me Apple's patent rights?", "apple-ml-ferret-2023", "no"),
])
def test_trademark_and_patent_rights_are_read_from_the_text(question, name, verdict):
    _assert_decided_from_the_text(_decide(question, name), verdict)


def test_a_patent_lawsuit_question_is_not_a_patent_grant_question():
    asked = understand.understand("If I sue them claiming the model infringes my patent, do I lose my license?")
    assert understand.text_right_asked(asked) is None


def test_worldwide_reaches_excluded_regions_but_end_users_abroad_are_fine():
    worldwide = _decide("Canadian indie dev: I made props with it and sell the game on Steam worldwide. OK?",
                        "tencent-hunyuan-3d-2.0-cla")
    assert worldwide.verdict == "no"
    sanctions = _decide("Can I sell images I made with it worldwide?", "flux-1-nc")
    assert sanctions.verdict == "yes"  # an exclusion of sanctioned places only is not 'worldwide'
    users = _decide("US company here. Is it fine to offer our app built on it to users in France?",
                    "llama-4-license-2025")
    assert users.verdict == "yes"  # answered by the regional rule or the right to use: either says end users are fine
    assert any("end users" in n.lower() for n in (*users.notes, users.conditions))


@pytest.mark.parametrize("question, kind", [
    ('Does Llama 2 require the "Built with Llama" badge like the Llama 3 licenses do?', "obligation"),
    ("My boss says we must keep a Notice file when we ship the model in our installer. Is that right?", "obligation"),
    ("do modified files need a notice saying so?", "obligation"),
    ("is a Notice file required?", "obligation"),
    ("is it true the license doesn't even apply in the EU?", "fact"),
    ("are EU companies excluded from the license?", "fact"),
    ("is it against their terms to pass off the text as if a human wrote it?", "fact"),
    ("is that allowed under the use policy?", "permission"),
])
def test_kinds_in_users_words(question, kind):
    assert understand.understand(question).kind == kind


def test_is_it_true_it_forbids_reads_the_permission_the_other_way_round():
    decision = _decide("is it true the license forbids using its outputs to train other image models?",
                       "flux-1-nc")
    assert decision.topic == "train_other_models_on_outputs" and decision.verdict in ("yes", "conditional")


@pytest.mark.parametrize("question, verdict", [
    ("Hobby project, no money involved at all, just messing with it for fun. Do I need to register?", "no"),
    ("We're a tiny studio using it in our paid game. Do we need to register with Stability?", "yes"),
    ("Do I need to register with Stability AI to use it?", "conditional"),
])
def test_registration_is_read_from_the_text(question, verdict):
    decision = _decide(question, "stability-ai-community-2024")
    assert decision.verdict == verdict and decision.quotes
    assert _decide("Do I need to register before I use it?", "apache-2.0").verdict == "no"


def test_a_use_said_to_be_non_commercial_meets_a_non_commercial_condition():
    card = cards.all_cards(load())["flux-1-nc"].answer("derivatives_allowed")
    assert card.verdict == "conditional" and "non-commercial" in card.conditions
    decision = _decide("We're a non-profit, no money involved: can we fine-tune it for our research project?",
                       "flux-1-nc")
    assert decision.verdict == "yes"
    assert _decide("Can we fine-tune it?", "flux-1-nc").verdict == "conditional"
    cap = _decide("Purely academic research demo, not commercial, but 150M monthly users. "
                  "Do we need to ask Alibaba for a license?", "qwen-2024")
    assert cap.verdict == "no" and "commercial use only" in cap.conditions


def test_does_it_say_is_no_where_the_text_is_silent():
    decision = _decide("does the SDXL (openrail++) license say which country's law applies?", "bigscience-open-rail-m2")
    assert (decision.topic, decision.verdict) == ("governing_law", "no")


def test_a_remote_restriction_clause_is_read_from_the_text():
    decision = _decide("is there really a clause letting the licensor remotely restrict my use?",
                       "stable-diffusion-2022-08-22")
    assert decision.verdict == "yes" and decision.quotes
    assert understand.understand("gemma 2: any use allowed?").unrestricted


def test_a_duty_that_comes_only_with_distribution_does_not_reach_a_hosted_service():
    decision = _decide("We use it in our closed-source SaaS, no weights or code shipped to customers. "
                       "Are we required to hand customers a copy of the Apache license?", "apache-2.0")
    assert decision.verdict == "no"
    shipped = _decide("Do I have to write 'Built with Llama' if I ship an app on Llama 3.1?", "llama-3.1-license-2024")
    assert shipped.verdict == "yes"  # its condition names products and services too


def test_more_than_counts_only_when_said_of_the_figure():
    exactly = _decide("Our products had exactly 700,000,000 monthly active users in November 2024. Does that push "
                      "us over the limit so we need Meta's permission?", "llama-3.3-license-2024")
    assert exactly.verdict == "no"
    said = "we had more than 700 million users"
    assert understand.strictly_above(said, said.index("700"))


def test_a_commercial_plan_on_a_non_commercial_license_is_no_whatever_it_is_routed_to():
    decision = _decide("can my company use the original llama 7b in production for a customer chatbot?",
                       "llama-license-2023")
    assert decision.verdict == "no" and any("non-commercial" in n for n in decision.notes)


def test_a_short_follow_up_with_no_topic_of_its_own_takes_the_previous_turns():
    asked = understand.understand("same question for FLUX schnell", previous=("derivatives_allowed",))
    assert (asked.topics, asked.routed_by) == (("derivatives_allowed",), "previous turn")
    own = understand.understand("and what about LoRAs I train on it?", previous=("outputs_commercial",))
    assert own.routed_by != "previous turn"


def test_a_place_matches_an_excluded_region_by_whole_words():
    us = _decide("I'm based in the US. Can I use it commercially in my app?", "llama-4-license-2025")
    assert not any("withholds" in n for n in us.notes)
    germany = _decide("I'm based in Germany. Can I use it commercially in my app?", "llama-4-license-2025")
    assert germany.verdict == "no"


def test_a_cap_for_a_core_business_does_not_reach_a_side_feature():
    side = _decide("We're a note taking app with 5M monthly users and a small image feature. Need a special license?",
                   "playground-v2-community")
    assert side.verdict == "no" and "core business" in side.conditions


def test_a_duty_that_holds_below_a_cap_keeps_a_permission_below_it_conditional():
    """Below Stability's revenue cap commercial use still needs a registration: conditional, not a plain yes."""
    below = _decide("We're a two-person shop making $200k a year. Can we use SD 3.5 commercially?",
                    "stability-ai-community-2024")
    assert below.verdict == "conditional" and "registration" in below.conditions
    above = _decide("We make $5 million a year. Can we use SD 3.5 commercially?", "stability-ai-community-2024")
    assert above.verdict == "no"
    price = _decide("We're a $300k studio. Is SD 3.5 free for us?", "stability-ai-community-2024")
    assert price.verdict == "yes"  # the registration costs nothing


def test_passing_use_restrictions_into_your_own_terms_is_the_license_copy_duty():
    asked = understand.understand("Does the prohibited-use list have to go into the EULA of our product?")
    assert asked.topic == "license_copy"
    hosted = _decide("We serve it through our API. Must the use restrictions be part of our terms of service?",
                     "deepseek-la-1.0")
    assert (hosted.topic, hosted.verdict) == ("license_copy", "yes")


def test_where_a_model_was_found_is_not_sharing_it():
    assert "copies" not in understand.understand("The model on HF says openrail. Must I credit them?").triggers
    assert "copies" in understand.understand("Must I credit them when my merge is up on civitai?").triggers


def test_a_duty_in_a_permissions_conditions_is_matched_by_meaning_not_spelling():
    """'mention Qwen' meets 'display "Built with Qwen"'; 'releasing' meets 'distributed'."""
    for question in ("We distilled Qwen's answers into a model of our own and will distribute it. Must we credit Qwen?",
                     "Our chatbot model learned from a dataset Qwen generated; we plan to open-source it. "
                     "Is crediting Qwen required?"):
        decision = _decide(question, "qwen-2024")
        assert decision.verdict == "yes" and any("duty" in n for n in decision.notes), question
    assert {"credit", "share"} <= understand.duty_concepts("display Built with Qwen if the model is distributed")


def test_a_network_source_offer_binds_only_a_modified_version_served_to_users():
    modified = _decide("We host our tweaked version on our web app. Must we let visitors download the source?",
                       "agpl-3.0")
    assert modified.verdict == "yes"
    stock = _decide("Our site runs the unmodified checkpoint. Do we have to give users a download link for it?",
                    "fair-ai-public-1.0-sd")
    assert stock.verdict == "no"
    assert _decide("We host our fine-tune on a website. Must we offer visitors the weights for download?",
                   "llama-3.1-license-2024").verdict == "no"


def test_a_fact_whose_exception_the_question_names_is_no():
    """'… unless you are countersuing' asked about a countersuit; 'not retroactively' asked about retroactivity."""
    counter = _decide("They sued us first over patents and we plan to countersue claiming the model infringes. "
                      "Would that end our rights?", "openmdw-1.0")
    assert (counter.topic, counter.verdict) == ("termination_litigation", "no")
    assert any("exception" in n for n in counter.notes)
    plain = _decide("If I sue someone saying the model infringes my patent, do my rights end?", "openmdw-1.0")
    assert plain.verdict == "yes"


def test_any_conditions_on_a_free_permission_is_no():
    free = _decide("Does the license place any restrictions on what I do with the outputs?", "openmdw-1.0")
    assert free.kind == "fact" and free.verdict == "no"
    limited = _decide("Does the license place any restrictions on what I do with the outputs?",
                      "stability-ai-community-2024")
    assert limited.verdict == "yes"


def test_is_it_against_the_terms_to_do_a_named_use_is_read_from_the_restriction_list():
    decision = _decide("Would it be against the terms to present its essays as written by a person?", "openai-tou-20241211")
    assert (decision.topic, decision.verdict) == ("prohibited_use", "yes")


def test_an_item_forbidden_only_without_consent_is_conditional_with_consent():
    card = cards.all_cards(load())["ltxv-owl-2025-05-05"]
    assert card.prohibited["impersonation"].verdict == "conditional"
    assert _decide("Can I make a deepfake of my sister for her birthday video? She agreed.",
                   "ltxv-owl-2025-05-05").verdict == "conditional"
    assert _decide("Can I make deepfakes of random celebrities?", "ltxv-owl-2025-05-05").verdict == "no"


@pytest.mark.parametrize("question, name", [
    ("We trained a compact student on text the model generated. Is the student treated as a derivative?",
     "gemma-2024"),
    ("My small model learned from images the model produced. Would it be considered a derivative of the model?",
     "stable-diffusion-2022-08-22"),
])
def test_a_model_trained_on_outputs_counts_as_a_derivative_where_the_definition_says_so(question, name):
    decision = _decide(question, name)
    assert decision.verdict == "yes" and any("definition" in n for n in decision.notes), decision


def test_a_derivative_status_question_is_left_to_the_entry_where_the_card_says_nothing():
    assert not any("definition" in n for n in _decide(
        "We trained a compact student on text the model generated. Is the student treated as a derivative?",
        "mit").notes)


@pytest.mark.parametrize("question, name, verdict", [
    ("Could I license my merged checkpoint as BSD instead?", "cc-by-sa-4.0", "no"),  # share-alike
    ("May I publish my adapter under pure Apache-2.0 without any of the use restrictions?",
     "stable-diffusion-2022-08-22", "no"),  # the restrictions must flow down
    ("Can I distribute my derivative under a custom license if I include the use restrictions?",
     "stable-diffusion-2022-08-22", "conditional"),
    ("Am I allowed to ship my modified version as proprietary?", "mit", "conditional"),  # the notice stays
    ("Can I put my fine-tune under a closed license?", "cc0-1.0", "yes"),
])
def test_relicensing_a_derivative_is_read_from_share_alike_and_flow_down(question, name, verdict):
    assert _decide(question, name).verdict == verdict


def test_relicensing_questions_are_told_apart_from_other_permissions():
    assert understand.asks_relicensing(understand.understand("Can I release my LoRA under my own license?"))
    assert not understand.asks_relicensing(understand.understand("Can I release my LoRA on Hugging Face?"))


@pytest.mark.parametrize("question, name, verdict", [
    ("Would a lawsuit over the EXAONE terms be heard in Seoul?", "exaone-ai-model-1.1-nc", "yes"),  # the venue
    ("Is the NVIDIA open model license under California law?", "nvidia-open-model-2025-04-28", "no"),  # venue only
    ("my company is german, so is apache-2.0 under german law?", "apache-2.0", "not_addressed"),
    ("Is there a choice-of-law clause in the MIT license?", "mit", "no"),  # silence answers it
    ("Does the CreativeML OpenRAIL-M mention which courts handle disputes?", "stable-diffusion-2022-08-22", "no"),
])
def test_governing_law_questions_read_law_and_venue_literally(question, name, verdict):
    decision = _decide(question, name)
    assert decision.kind == "fact" and decision.verdict == verdict, decision


@pytest.mark.parametrize("question, name, verdict", [
    ("Who owns the LoRA I trained on top of Llama 2?", "llama-2-license-2023", "yes"),
    ("Will Stability AI own the derivative model I build from SD 3.5?", "stability-ai-community-2024", "no"),
    ("Do I own my modifications of the BerriAI software?", "berryai-2024", "no"),
    ("Do I own the fine-tune I make of an Apache-2.0 model?", "apache-2.0", "not_addressed"),
    # the passive voice asks the same: who is named after "owned by" is the one asked about
    ("Are the Llama 4 fine-tunes I create owned by Meta?", "llama-4-license-2025", "no"),
    ("Is the derivative model I build from SD 3.5 owned by me?", "stability-ai-community-2024", "yes"),
])
def test_ownership_of_a_derivative_is_its_own_fact(question, name, verdict):
    decision = _decide(question, name)
    assert decision.topic == "derivative_ownership" and decision.verdict == verdict, decision


@pytest.mark.parametrize("question, name, verdict", [
    ("It runs only on my own laptop for personal experiments and I never distribute it. Must I credit the author?",
     "cc-by-4.0", "no"),
    ("We use it strictly in-house for staff, nothing is offered to the public. Do we need to show 'Built with Llama'?",
     "llama-3.1-license-2024", "no"),
    ("We use it internally but will also share the weights with a partner. Do we need to show 'Built with Llama'?",
     "llama-3.1-license-2024", "yes"),
])
def test_a_duty_that_comes_with_sharing_does_not_arise_for_private_use(question, name, verdict):
    assert _decide(question, name).verdict == verdict


def test_a_surface_the_question_denies_is_not_a_trigger():
    assert understand.triggers_of("we never share or upload anything") == ()
    assert "copies" in understand.triggers_of("we don't modify it but share it on hugging face")
    assert understand.understand("do we still need that notice file?").kind == "obligation"


def test_a_duty_scoped_to_one_model_family_does_not_reach_a_model_outside_it():
    decision = _decide("Our product runs a fine-tuned Nemotron (not a Cosmos model). Must we show 'Built on NVIDIA "
                       "Cosmos' in the docs?", "nvidia-open-model-2025-04-28")
    assert decision.topic == "built_with_display" and decision.verdict == "no", decision


@pytest.mark.parametrize("question, verdict", [
    ("We are announcing our Falcon 2 derivative in a press release. Is a particular statement about TII required?",
     "yes"),
    ("Our Falcon 2 derivative gets a launch blog post. Do we have to include specific wording about TII?", "yes"),
])
def test_a_duty_limited_to_public_statements_applies_when_the_question_publishes(question, verdict):
    decision = _decide(question, "falcon-2-11b-1.0")
    assert decision.topic == "built_with_display" and decision.verdict == verdict, decision


@pytest.mark.parametrize("question, verdict", [
    ("Could I fine-tune a commercial speech model on synthesized voices from IndexTTS2?", "no"),
    ("Is it ok to train a small non-commercial research model on speech generated by IndexTTS2?", "yes"),
])
def test_training_on_generated_media_is_read_against_the_outputs_rule(question, verdict):
    decision = _decide(question, "bilibili-model-ula-2025-09-09")
    assert decision.topic == "train_other_models_on_outputs" and decision.verdict == verdict, decision


@pytest.mark.parametrize("question, name, verdict", [
    ("We make watercolour landscapes with it for a gallery show. Is that restricted?", "stable-diffusion-2022-08-22", "no"),
    ("I'll use it for weather blog illustrations. Any restriction on that?", "stable-diffusion-2022-08-22", "no"),
    ("Are there use restrictions?", "stable-diffusion-2022-08-22", "yes"),  # the license in general
])
def test_whether_one_described_activity_is_restricted_is_read_from_the_list(question, name, verdict):
    decision = _decide(question, name)
    assert decision.kind == "fact" and decision.verdict == verdict, decision


def test_a_fact_question_about_a_case_a_qualified_item_excepts_is_no():
    decision = _decide("A museum guide for students describing classical paintings with nudity: does the policy "
                       "block that?", "gemma-pup-2024-02-21")
    assert decision.topic == "prohibited_use" and decision.verdict == "no", decision


def test_does_the_license_allow_that_reads_as_a_permission():
    assert understand.understand("We'd run it in our shop's kiosk. Does the license allow that?").kind == "permission"


@pytest.mark.parametrize("text, use", [
    ("an app that scans a photo of a rash and says whether you have an infection", "medical_advice"),
    ("staged videos of the mayor accepting bribes for a parody account", "defamation"),
    ("a hiring tool that rates candidates' personality from their video interviews", "discrimination"),
    ("we'd run the model across all employees' teams chats and flag complainers without telling them", "surveillance"),
])
def test_restricted_activities_in_users_words_are_named(text, use):
    from explainer import topics
    assert use in topics.uses_in(text)


def test_a_model_size_is_not_a_user_figure_when_a_user_figure_follows_in_the_next_clause():
    from explainer import thresholds
    found = thresholds.figures("our bot runs on llama-3-70b, 20M MAU today")
    assert [(f.metric, f.value) for f in found] == [("monthly_active_users", 20e6)]


def test_a_user_cap_counting_commercial_use_only_does_not_reach_a_use_that_is_nothing_commercial():
    assert _decide("We host a free ad-free archive with 300M MAU on qwen 2.5, nothing commercial. Do we need to "
                   "request a license?", "qwen-2024").verdict == "no"


@pytest.mark.parametrize("question, verdict", [
    ("We're a language-learning app with 4M MAU and a tiny 'make a flashcard picture' button on Playground v2. Do we "
     "need a license from Playground?", "no"),
    ("We run an AI image generator site with 4M MAU on Playground v2. Do we need a license from Playground?", "yes"),
])
def test_a_cap_that_counts_only_a_core_image_business_is_read_from_the_business_described(question, verdict):
    assert _decide(question, "playground-v2-community").verdict == verdict


@pytest.mark.parametrize("question, verdict", [
    ("About 30M MAU but our monthly revenue is roughly $28M. Must we show 'Kimi K2' in our UI?", "yes"),  # either cap
    ("We make $180M in revenue a year with 10M MAU. Must we show 'Kimi K2' in our UI?", "no"),  # $15M a month
])
def test_alternative_caps_are_each_judged_and_a_yearly_sum_is_spread_over_months(question, verdict):
    assert _decide(question, "moonshot-ai-modified-mit-2025").verdict == verdict


def test_a_confirmation_of_a_duty_reads_as_an_obligation():
    assert understand.understand("My partner says we must keep the notice file. Right?").kind == "obligation"


@pytest.mark.parametrize("question, name, topic, verdict", [
    ("im supposed to move to the newest release whenever one comes out, true?", "stable-diffusion-2022-08-22",
     "update_duty", "yes"),
    ("Does the MIT license make me keep updating to the latest version?", "mit", "update_duty", "no"),
    ("If I ship a patched copy of the model, does Apache require me to mark the files I changed?", "apache-2.0",
     "notice_file", "yes"),
    ("Putting my LoRA on a model hub: must I add a statement that it's a modified version?", "flux-1-nc",
     "notice_file", "yes"),
])
def test_duty_questions_in_loose_wording_are_read_as_obligations(question, name, topic, verdict):
    decision = _decide(question, name)
    assert decision.kind == "obligation" and decision.topic == topic and decision.verdict == verdict, decision


@pytest.mark.parametrize("question, verdict", [
    ("I forgot the attribution on a CC BY 4.0 upload. Have I lost my license permanently?", "no"),
    ("If I correct the attribution within a month, do I get my rights back?", "yes"),
])
def test_a_termination_that_a_timely_cure_undoes_is_read_for_the_question(question, verdict):
    decision = _decide(question, "cc-by-4.0")
    assert decision.kind == "fact" and decision.topic == "termination_breach" and decision.verdict == verdict, decision


@pytest.mark.parametrize("question, name, verdict", [
    ("Is there a limit on the damages I could recover from Microsoft under these terms?", "ms-research-license-terms",
     "yes"),
    ("Is the licensor's liability capped?", "openai-tou-20230314", "yes"),
])
def test_a_liability_cap_is_read_from_the_liability_clause(question, name, verdict):
    decision = _decide(question, name)
    assert decision.topic == "liability" and decision.verdict == verdict, decision


def test_a_person_who_said_yes_has_consented():
    assert understand.describes_carve_out(understand.understand("can I make a deepfake of my dad? he said yes"))


@pytest.mark.parametrize("question, verdict", [
    ("When I redistribute an Apache-2.0 model, must I also pass on a NOTICE file?", "conditional"),
    ("The repo I forked has a NOTICE file. When I redistribute it, must I pass on the NOTICE file?", "yes"),
    ("When I redistribute an Apache-2.0 model, must I keep the copyright notice?", "yes"),
])
def test_a_duty_that_needs_the_work_to_have_a_file_is_conditional_until_the_question_says_it_has_one(question, verdict):
    assert _decide(question, "apache-2.0").verdict == verdict


# -- thresholds: the question's polarity, years, crossing verbs, dates --------------------------------------------
def test_a_year_is_not_a_user_count():
    from explainer import thresholds
    assert [f.value for f in thresholds.figures("in March 2024 we had 3 million monthly users")] == [3e6]
    assert [f.value for f in thresholds.figures("since 2023 our app has grown to 40M MAU")] == [40e6]
    assert [f.value for f in thresholds.figures("we have 2000 users")] == [2000]


@pytest.mark.parametrize("asking, polarity", [
    ("is a separate license from the vendor needed?", "obligation"),
    ("does that trigger the display rule?", "obligation"),
    ("do we have to ask them first?", "obligation"),
    ("can we keep using it without a special deal?", "permission"),
    ("may we still rely on the community terms?", "permission"),
    ("is it ok to run it for our users?", "permission"),
])
def test_a_threshold_question_is_answered_as_a_duty_or_a_permission_by_its_asking_sentence(asking, polarity):
    asked = understand.Asked(question=asking, kind="threshold", topics=("user_or_revenue_threshold",),
                             routed_by="explicit", confidence=1.0)
    assert decide._polarity(asked) == polarity


@pytest.mark.parametrize("question, verdict", [
    ("We have 150M monthly active users on Qwen2-72B. A license from Alibaba needed?", "yes"),
    ("We have 150M monthly active users on Qwen2-72B. Are we still allowed to use it?", "no"),
    ("We have 20M monthly active users on Qwen2-72B. A license from Alibaba needed?", "no"),
])
def test_a_need_question_at_a_size_reads_the_cap_as_a_duty(question, verdict):
    assert _decide(question, "tongyi-qianwen-2023").verdict == verdict


def test_a_verb_of_going_past_a_figure_counts_as_above_it():
    assert decide._crosses("we expect to cross $1M next year", len("we expect to cross "))
    assert decide._crosses("revenue should pass 700M soon", len("revenue should pass "))
    assert not decide._crosses("we will reach 700M soon", len("we will reach "))


def test_a_fronted_release_clause_dates_the_figure_and_a_future_one_does_not():
    from explainer import thresholds
    question = "When it was released in July 2024, we had 650 million monthly users; we might hit 900 million in 2026."
    found = thresholds.figures(question)
    assert [decide._at_release(question, f, tuple(found)) for f in found] == [True, False]


def test_the_moment_of_crossing_a_cap_counted_at_any_time_is_above_it():
    decision = _decide("We earn under $1M a year today and will grow. Does our Stability community license end "
                       "once we pass the limit?", "stability-ai-community-2024")
    assert decision.verdict == "yes"


def test_a_duty_that_holds_only_above_a_size_stays_conditional_without_a_figure():
    assert _decide("Must our web app show 'Kimi K2' to its users?", "moonshot-ai-modified-mit-2025").verdict == "conditional"
    assert _decide("Our app has 300 million monthly active users. Must it show 'Kimi K2'?",
                   "moonshot-ai-modified-mit-2025").verdict == "yes"


def test_a_non_commercial_license_silent_on_outputs_does_not_address_selling_them():
    assert _decide("May I sell the audio clips I make with a CC BY-NC 4.0 model?", "cc-by-nc-4.0").verdict == "not_addressed"


def test_a_fee_on_copies_the_question_already_distributes_is_answered_by_the_commercial_grant():
    from explainer.resolve import from_name
    corpus = load()
    asked = understand.Asked(question="May I ask for money for the copies of this GPL program that we give out?",
                             kind="permission", topics=("redistribute_weights",), routed_by="explicit", confidence=1.0)
    decision = decide.decide(from_name(corpus, "gpl-3.0", "explicit"), asked, corpus)
    assert decision.verdict == "yes" and "charge" in decision.conditions
    plain = replace_question(asked, "May I hand out copies of this GPL program?")
    assert decide.decide(from_name(corpus, "gpl-3.0", "explicit"), plain, corpus).verdict == "conditional"


def replace_question(asked, question):
    from dataclasses import replace
    return replace(asked, question=question)


def test_a_non_commercial_use_settles_only_a_non_commercial_condition():
    from dataclasses import replace as _replace
    corpus = load()
    card = cards.all_cards(corpus)["cc-by-nc-4.0"]
    asked = understand.Asked(question="We are a charity and nobody pays anything. May we use it to read books aloud?",
                             kind="permission", topics=("use_restrictions",), routed_by="explicit", confidence=1.0)
    if not understand.says_non_commercial(asked):
        pytest.skip("the question is not read as non-commercial")
    silent = decide.Decision("use_restrictions", "not_addressed", "", "card")
    # the non-commercial grant covers it
    assert decide._apply_non_commercial(card, asked, silent, corpus).verdict == "yes"
    other = decide.Decision("use_restrictions", "conditional", "Only if no substantial portion is included.", "card")
    assert decide._apply_non_commercial(card, asked, other, corpus).verdict == "conditional"
    named = _replace(other, conditions="Allowed for non-commercial purposes only.")
    assert decide._apply_non_commercial(card, asked, named, corpus).verdict == "yes"


def test_a_use_allowed_outright_is_conditional_when_the_question_shares_copies_with_duties():
    corpus = load()
    resolved = from_name(corpus, "cc-by-4.0", "explicit")
    asked = understand.Asked(question="We will ship this CC BY model inside the product we sell. Fine?",
                             kind="permission", topics=("model_commercial_use",), routed_by="explicit",
                             confidence=1.0, triggers=("copies",))
    assert decide.decide(resolved, asked, corpus).verdict == "conditional"
    private = understand.Asked(question="We only run this CC BY model on our own server for our business. Fine?",
                               kind="permission", topics=("model_commercial_use",), routed_by="explicit",
                               confidence=1.0)
    assert decide.decide(resolved, private, corpus).verdict == "yes"


def test_a_place_inside_the_territory_settles_a_territorial_condition():
    from explainer import cards as card_module
    geography = card_module.RightAnswer("geography", "yes", "Not in the EU.", excluded=("eu", "european union"))
    asked = understand.Asked(question="I am in Canada: may I sell them?", kind="permission",
                             topics=("outputs_commercial",), routed_by="explicit", confidence=1.0, places=("canada",))
    territorial = decide.Decision("outputs_commercial", "conditional",
                                  "Allowed, but only inside the Territory (not in the EU).", "card")
    assert decide._inside_territory(geography, asked, territorial).verdict == "yes"
    with_duty = replace_conditions(territorial, "Allowed only inside the Territory; you must give recipients a copy.")
    assert decide._inside_territory(geography, asked, with_duty).verdict == "conditional"


def replace_conditions(decision, conditions):
    from dataclasses import replace
    return replace(decision, conditions=conditions)


def test_a_duty_scoped_to_another_model_family_does_not_reach_the_named_model():
    corpus = load()
    resolved = from_name(corpus, "NVIDIA Nemotron Nano 9B v2", "explicit")
    asked = understand.Asked(question="Does my Nemotron fine-tune have to show 'Built on NVIDIA Cosmos' anywhere?",
                             kind="obligation", topics=("built_with_display",), routed_by="explicit", confidence=1.0)
    assert decide.decide(resolved, asked, corpus).verdict == "no"
    plain = from_name(corpus, "nvidia-open-model-2025-04-28", "explicit")  # the license, no model named
    assert decide.decide(plain, asked, corpus).verdict != "no"


# -- the case the question describes (rewordings of one case each, so a rule is tested, not a phrasing) ---------
@pytest.mark.parametrize("question, name, verdict", [
    # in-house use: conditions that come with sharing or offering it do not arise
    ("We run it on our own servers purely for internal use, nothing shipped to customers. Allowed?",
     "apache-2.0", "yes"),
    ("Our agency wants to deploy it on-prem for internal use. Can we?", "apache-2.0", "yes"),
    ("Can our team use it internally on our own machines, not shared with anyone?", "apache-2.0", "yes"),
    # relicensing read in the whole question: share-alike no, flow-down conditional
    ("can i take agpl code, change it, and distribute it under MIT?", "agpl-3.0", "no"),
    ("Can I add extra terms to my CC BY-SA 4.0 adaptation?", "cc-by-sa-4.0", "no"),
    ("can i redistribute my falcon 2 11b finetune under my own license terms?", "falcon-2-11b-1.0", "conditional"),
    # a license's own name is not relicensing
    ("A model is released under CC BY-NC 4.0. Can I use it in my company's product?", "cc-by-nc-4.0", "no"),
    # no-derivatives: adapted material shared is no, kept in-house is yes
    ("can i post my edited versions of cc by-nd 4.0 photos on my public blog?", "cc-by-nd-4.0", "no"),
    ("Can I make edited versions just for our internal team, not shared with anyone?", "cc-by-nd-4.0", "yes"),
    ("Can I upload a translated version to my website?", "cc-by-nc-nd-4.0", "no"),
])
def test_the_case_the_question_describes(question, name, verdict):
    assert _decide(question, name).verdict == verdict


@pytest.mark.parametrize("question, name, verdict", [
    # the question already takes the step the duty comes with: yes, not conditional
    ("We're passing a LLaMA 1 derivative to a partner lab for research. Is there attribution wording we must include?",
     "llama-license-2023", "yes"),
    ("shipping a bsd-3-clause library compiled inside our binary. do we have to reproduce its notice in our docs?",
     "bsd-new", "yes"),
    ("There's a NOTICE file in the repo. When I redistribute my fine-tune, must I carry those notices along?",
     "apache-2.0", "yes"),
    ("My conference submission includes results from EXAONE Deep. Is crediting the model required?",
     "exaone-ai-model-1.1-nc", "yes"),
])
def test_a_duty_the_question_already_triggers(question, name, verdict):
    assert _decide(question, name).verdict == verdict


# -- claims, silence, supposed cases and sizes (session 7) -----------------------------------------------------------
@pytest.mark.parametrize("question, name, topic, verdict", [
    # a question about what the text says, the license named in any words: silence answers it
    ("does the apache license (used by mistral 7b) mention anything about which jurisdiction's law applies?",
     "apache-2.0", "governing_law", "no"),
    ("did the MIT text specify what courts hear disputes?", "mit", "governing_law", "no"),
    # a negated claim asked to be confirmed is answered as worded
    ("a colleague claims that under MIT we can't hold the authors liable for damages our app causes. is that what "
     "the license says?", "mit", "liability", "yes"),
    ("the licensor won't be liable for damages, right?", "mit", "liability", "yes"),
    ("our agency earns $2M a year from printing, the AI is a side thing, so the revenue cap doesn't count for us, "
     "right?", "stability-ai-community-2024", "user_or_revenue_threshold", "no"),
    # a negated claim that says what the topic's own question says keeps its verdict
    ("is it true the hunyuan 3d license doesn't cover users in the UK?", "tencent-hunyuan-3d-2.0-cla", "geography",
     "yes"),
    # the question supposes the case the fact's condition names
    ("apache 2.0: if we file a patent suit saying the work infringes our patent, does our patent license end?",
     "apache-2.0", "termination_litigation", "yes"),
    # which side of the limit the figure is on
    ("stability community license, our annual revenue is $900,000. are we above the cap?",
     "stability-ai-community-2024", "user_or_revenue_threshold", "no"),
    ("stability community license, our annual revenue is $1.5M. are we under the cap?",
     "stability-ai-community-2024", "user_or_revenue_threshold", "no"),
    # a permission whose only condition starts above a size, asked below it
    ("we serve 3M monthly users through a paid api running kimi k2. may we leave the kimi k2 name off our interface?",
     "moonshot-ai-modified-mit-2025", None, "yes"),
    # a cap counted at the release: today's figure is not the release-date one
    ("we had 400M monthly users when llama 3.1 came out in july 2024 and have 900M now. do we need a separate "
     "license from meta?", "llama-3.1-license-2024", None, "no"),
])
def test_claims_silence_cases_and_sizes(question, name, topic, verdict):
    decision = _decide(question, name)
    if topic is not None:
        assert decision.topic == topic, decision
    assert decision.verdict == verdict, decision


@pytest.mark.parametrize("question, claim", [
    ("my boss says we can't be sued. is that what the license says?", "my boss says we can't be sued"),
    ("since it's free, the cap doesn't apply, right?", "since it's free, the cap doesn't apply"),
    ("is it true that the license does not forbid resale?", "the license does not forbid resale"),
    ("the license doesn't forbid that does it?", "the license doesn't forbid that"),
    ("can I sell it?", None),
])
def test_the_claim_a_question_asks_to_confirm(question, claim):
    assert decide._claim(understand.Asked(question=question, kind="fact", topics=("liability",))) == claim


def test_a_claims_scene_setting_clauses_are_not_its_negation():
    assert decide._main_clause("since the ai isn't making money, the cap applies") == "the cap applies"
    assert decide._main_clause("we can hold them liable if it doesn't work") == "we can hold them liable"


@pytest.mark.parametrize("statement, limiting", [
    ("the license doesn't apply in the eu", True),
    ("the license withholds rights in the eu", True),
    ("the license doesn't forbid resale", False),
    ("the $1m limit doesn't apply", False),
    ("we can't hold them responsible", True),
])
def test_a_statements_sense_reads_its_negation(statement, limiting):
    assert decide._limiting_sense(statement) is limiting


def test_only_sized_conditions():
    assert decide._only_sized('Allowed; a service over 100 million monthly active users must display "X".')
    assert not decide._only_sized("Companies under USD 10 million may use it. No use may break the policy.")


@pytest.mark.parametrize("question, name, topic, verdict", [
    # a license for a work (data, code, fonts): the work itself, shared, sold or modified, not what is made with it
    ("we translated a cc by-sa 4.0 corpus into german. may we put our translation online?", "cc-by-sa-4.0",
     None, "conditional"),
    ("am i allowed to hand out copies of a cc by-nc 4.0 image set at a paid workshop?", "cc-by-nc-4.0",
     None, "no"),
    ("sharing my trimmed cdla-permissive-2.0 table with a partner. do i need to attach the license text?",
     "cdla-permissive-2.0", "license_copy", "yes"),
    # something made with the work stays an output question
    ("can i sell reports built from results computed on cdla-permissive-2.0 data?", "cdla-permissive-2.0",
     "outputs_commercial", "yes"),
    # the licensed work is a model: its outputs are outputs
    ("can i sell pictures i get out of a cc by-nc 4.0 model?", "cc-by-nc-4.0", "outputs_commercial", None),
    # ... and so is what the work itself writes or answers, even when the question never says "model"
    ("Can I sell the text it writes?", "apache-2.0", "outputs_commercial", "yes"),
    ("may we paste its answers into the newsletter we charge for?", "mit", "outputs_commercial", None),
])
def test_a_works_own_rights(question, name, topic, verdict):
    decision = _decide(question, name)
    if topic is not None:
        assert decision.topic == topic, decision
    if verdict is not None:
        assert decision.verdict == verdict, decision


@pytest.mark.parametrize("question, name, verdict", [
    # a figure reached after the release: the cap is counted at the release date
    ("we crossed 750 million monthly users in march 2025; llama 3.3 was released in december 2024. do we need "
     "meta's separate license?", "llama-3.3-license-2024", "no"),
    # the release date read from the license text when the question gives only the figure's date
    ("our platform hit 800M MAU in october 2024. do we now need a separate license for llama 3.1?",
     "llama-3.1-license-2024", "no"),
    # a figure dated before the release still counts
    ("we already had 900M monthly users in march 2024, before llama 3.1 was released. do we need a separate "
     "license?", "llama-3.1-license-2024", "yes"),
])
def test_a_figure_dated_against_the_release(question, name, verdict):
    assert _decide(question, name).verdict == verdict


def test_dates_and_their_order():
    from explainer import thresholds
    found = thresholds.dates("went past 700M in january 2025, released Dec. 6, 2024, 2025 users")
    assert [(d.year, d.month) for d in found] == [(2025, 1), (2024, 12)]
    assert thresholds.later_than(found[0], found[1]) and not thresholds.later_than(found[1], found[0])


@pytest.mark.parametrize("question, name, verdict", [
    # a duty or permission asked as holding in every case, under a license that makes it conditional
    ("the photographer of a cc by 4.0 photo wants her name taken off my site. i must credit her under all "
     "circumstances though, right?", "cc-by-4.0", "no"),
    ("do i need to include the gpl-3.0 text no matter what i do with the program?", "gpl-3.0", "no"),
])
def test_an_unconditional_claim_against_a_conditional_entry(question, name, verdict):
    assert _decide(question, name).verdict == verdict
