"""works: results made from a work, closed-source shipments of copyleft code, and duties settled by the situation
the question states, read from each card's own entries."""
import pytest

from explainer import decide, understand, works
from explainer.corpus import load
from explainer.resolve import from_name


def _decide(question, name):
    corpus = load()
    return decide.decide(from_name(corpus, name, "explicit"), understand.understand(question), corpus)


@pytest.mark.parametrize("question, name", [
    ("trained a model on a cdla-permissive-2.0 dataset. do i have to ship the cdla text with my model weights?",
     "cdla-permissive-2.0"),
    ("we trained our model on cdla-sharing data. does the model have to be released under cdla-sharing?",
     "cdla-sharing-1.0"),
    ("must the classifier we trained on this dataset be licensed under the same agreement?", "cdla-sharing-1.0"),
    ("does my published map image (produced work) itself have to be licensed under odbl?", "odbl-1.0"),
])
def test_what_is_made_from_the_work_does_not_take_its_license(question, name):
    assert _decide(question, name).verdict == "no"


@pytest.mark.parametrize("question, name, verdict", [
    ("can i put gpl-2 code into my closed-source app that i sell?", "gpl-2.0", "no"),
    ("may we ship a gpl-3.0 tool inside our product as binaries only?", "gpl-3.0", "no"),
    ("can our proprietary app dynamically link an lgpl-3.0 library?", "lgpl-3.0", "conditional"),
    ("closed-source app that dynamically links an lgpl-2.1 library. can i ship it?", "lgpl-2.1", "conditional"),
    ("can my proprietary app include a few mpl-2.0 files as part of a bigger program?", "mpl-2.0", "conditional"),
])
def test_a_closed_source_shipment_reads_the_copyleft_of_the_card(question, name, verdict):
    assert _decide(question, name).verdict == verdict


def test_a_permissive_card_is_not_read_as_copyleft():
    corpus = load()
    asked = understand.understand("can our proprietary app include apache-2.0 code?")
    card = decide.card_of(from_name(corpus, "apache-2.0", "explicit"), corpus)
    assert works._closed_distribution(card, asked, corpus) is None


@pytest.mark.parametrize("question, name, verdict", [
    ("we modified an odbl database but only use it internally at our company. do we have to release it under odbl?",
     "odbl-1.0", "no"),
    ("our public map site renders tiles (images) from an odbl database. do we need a notice on the map?",
     "odbl-1.0", "yes"),
    ("i run a modified gpl-3 inference server as a web api, never hand out the binary. do i have to publish my "
     "source changes?", "gpl-3.0", "no"),
])
def test_the_stated_situation_settles_a_duty_that_holds_only_in_some_case(question, name, verdict):
    assert _decide(question, name).verdict == verdict


def test_a_network_duty_is_not_escaped_by_hosting():
    decision = _decide("i run a modified agpl-3.0 server as a web api, never hand out the binary. do i have to "
                       "publish my source changes?", "agpl-3.0")
    assert decision.verdict != "no"


def test_the_situation_is_what_the_question_states_before_it_asks():
    asked = understand.understand("we only use it internally. do we have to release it?")
    assert "internally" in works._situation(asked) and "release" not in works._situation(asked)


@pytest.mark.parametrize("question, name, verdict", [
    ("am i allowed to ask a price for each copy of a gpl-3.0 program i give out?", "gpl-3.0", "yes"),
    ("is it true that gpl-2.0 lets you charge money for the software?", "gpl-2.0", "yes"),
    ("the gpl means i can't take money for copies, right?", "gpl-3.0", "no"),
    ("can i sell binaries of my modified gpl-3 program?", "gpl-3.0", "conditional"),  # a sale: a distribution
])
def test_a_fee_for_copies_is_read_from_the_commercial_entry(question, name, verdict):
    assert _decide(question, name).verdict == verdict


@pytest.mark.parametrize("question, verdict", [
    ("can i use a cc-by 4.0 illustration on flyers for my paid event?", "conditional"),
    ("may i print a cc by 4.0 photo on t-shirts that i sell?", "conditional"),
    ("can i use a cc-by-4.0 model in a paid product?", "yes"),  # a model used in a product is not shared
])
def test_a_work_put_before_the_public_brings_the_sharing_duties(question, verdict):
    assert _decide(question, "cc-by-4.0").verdict == verdict


@pytest.mark.parametrize("question, verdict", [
    ("is a hyperlink to an attribution page a valid way to give cc by 4.0 credit?", "yes"),
    ("the photographer asked me to take their name off my credits. am i obliged to?", "yes"),
    ("do i have to credit the author when i share a cc-by photo?", "yes"),  # the plain duty, no exception
])
def test_the_credit_entry_s_own_cases_answer_a_duty_or_fact(question, verdict):
    decision = _decide(question, "cc-by-4.0")
    assert decision.verdict == verdict


def test_a_plain_credit_duty_does_not_meet_the_removal_case():
    decision = _decide("i want to share my fine-tune of a cc-by-4.0 model on hf. do i have to credit them?", "cc-by-4.0")
    assert "remove" not in decision.conditions


@pytest.mark.parametrize("question, name, verdict", [
    ("i'll share my adaptation of a cc by-nc-sa 4.0 dataset. must the adaptation be nc-sa as well?", "cc-by-nc-sa-4.0", "yes"),
    ("if i publish a remix of a cc-by 4.0 dataset, does my remix have to be cc-by too?", "cc-by-4.0", "no"),
])
def test_an_adaptation_s_own_license_is_the_share_alike_entry(question, name, verdict):
    decision = _decide(question, name)
    assert (decision.topic, decision.verdict) == ("share_alike", verdict)


@pytest.mark.parametrize("question, name, verdict", [
    ("the model i train on cdla-sharing data must also be under cdla-sharing, right?", "cdla-sharing-1.0", "no"),
    ("i drew a map poster from odbl data and sell it. must the poster be under odbl?", "odbl-1.0", "no"),
    ("we're training a classifier on a cdla-sharing dataset; do we have to license it under cdla-sharing?",
     "cdla-sharing-1.0", "no"),
])
def test_a_result_named_by_its_verb_or_undetermined_source_is_still_a_result(question, name, verdict):
    assert _decide(question, name).verdict == verdict


@pytest.mark.parametrize("question, name, verdict", [
    ("we trained a model on a cdla-permissive-2.0 dataset. can we release the model under whatever license we want?",
     "cdla-permissive-2.0", "yes"),
    ("the classifier we trained on cdla-sharing data: are we free to put it under apache-2.0 license?",
     "cdla-sharing-1.0", "yes"),
])
def test_the_maker_of_a_result_chooses_its_license(question, name, verdict):
    assert _decide(question, name).verdict == verdict


@pytest.mark.parametrize("question, name", [
    ("we merged an odbl database with our own records into a new db and publish it. can we license the new db under cc-by?",
     "odbl-1.0"),
    ("i adapted a cc by-sa 4.0 dataset and share it online. can i license my adaptation under cc0?", "cc-by-sa-4.0"),
])
def test_a_shared_adaptation_may_not_take_another_license(question, name):
    assert _decide(question, name).verdict == "no"


def test_an_adaptation_kept_in_house_is_not_denied_another_license():
    decision = _decide("we merged an odbl database with our records for internal use only. can we license the new db "
                       "under cc-by?", "odbl-1.0")
    assert decision.verdict != "no"


@pytest.mark.parametrize("question, name, verdict", [
    ("we modified a gpl-3.0 inference server and run it only on our own servers as an internal tool. we can keep our "
     "changes private, right?", "gpl-3.0", "yes"),
    ("we changed an agpl-3.0 web app and run it only on our own servers internally. can we keep the changes private?",
     "agpl-3.0", None),
])
def test_a_sharing_duty_is_skipped_by_a_use_kept_in_house(question, name, verdict):
    decision = _decide(question, name)
    assert decision.verdict == verdict if verdict else decision.verdict != "yes"


@pytest.mark.parametrize("question, name, verdict", [
    ("if i re-host a cdla-permissive-2.0 dataset on my own bucket, do i have to include anything?",
     "cdla-permissive-2.0", "yes"),
    ("when we publish the dataset on our site, must we make the agreement text available?", "cdla-permissive-2.0", "yes"),
    # a second case inside the duty ("if the work has a NOTICE file") is not settled by the sharing
    ("if i redistribute an apache-2.0 model, do i also need to pass along a NOTICE file?", "apache-2.0", "conditional"),
])
def test_a_supposed_sharing_meets_a_duty_that_comes_with_sharing(question, name, verdict):
    assert _decide(question, name).verdict == verdict


@pytest.mark.parametrize("question, name, verdict", [
    ("can i reuse unlicense code in my closed app without crediting anyone?", "unlicense", "yes"),
    ("may i use cc0 photos on my site without giving credit?", "cc0-1.0", "yes"),
])
def test_doing_without_a_duty_the_text_lacks_is_allowed_under_an_outright_grant(question, name, verdict):
    assert _decide(question, name).verdict == verdict


def test_doing_without_a_duty_needs_the_grant_too():
    decision = _decide("can my company build juggernaut xl into our commercial product without asking anyone?",
                       "juggernaut-xl")
    assert decision.verdict == "no"


@pytest.mark.parametrize("question, name, verdict", [
    ("mit license: so i can use it for literally any purpose?", "mit", "yes"),
    ("is any use allowed under the apache-2.0 license?", "apache-2.0", "yes"),
    ("gemma 2: any use allowed?", "gemma", "no"),
])
def test_any_purpose_is_allowed_only_by_an_outright_grant_with_no_list(question, name, verdict):
    assert _decide(question, name).verdict == verdict


def test_doing_without_permission_does_not_open_an_act_the_text_refuses():
    decision = _decide("can i use the original project's name in ads for my product built on their bsd-3 library, "
                       "without asking?", "bsd-new")
    assert decision.verdict == "no"


def test_a_use_not_asked_at_large_is_not_any_purpose():
    assert _decide("is gplv2 code usable under gplv3 without anything else?", "gpl-2.0").verdict != "yes"


@pytest.mark.parametrize("question, verdict", [
    ("can i sell an ofl font file by itself on my store?", "no"),
    ("can i sell my app that bundles an ofl font?", "conditional"),
])
def test_the_font_sold_by_itself_is_the_ofl_exception(question, verdict):
    assert _decide(question, "ofl-1.1").verdict == verdict


def test_a_conditional_grant_is_not_automatic():
    assert _decide("gpl-2.0 code: does that automatically let me use it under gplv3?", "gpl-2.0").verdict == "no"
