"""Question reading, round 5: a cue is read inside one sentence, a credit duty asked about a model the asker made is
not the duty for outputs, and model names are left out of the comparison with use descriptions. Wordings differ
from the dev cases, so the mechanism, not the case, is tested."""

from __future__ import annotations

from explainer import understand, uses


def test_a_cue_does_not_join_words_of_two_sentences():
    across = understand.cue_scores(understand.fold("staff still write every letter by hand. does the license limit "
                                                   "this?"), "fact")
    within = understand.cue_scores(understand.fold("do i have to include the license text?"), "obligation")
    assert "license_copy" not in across and within.get("license_copy")


def test_cue_sentences_split_at_sentence_ends_and_semicolons():
    assert understand.cue_sentences("we ship apps; users pay. is that ok?") == ["we ship apps;", "users pay.",
                                                                             "is that ok?"]


def test_credit_asked_about_our_own_model_is_not_output_attribution():
    asked = understand.understand("we wrote an announcement for our fine-tuned checkpoint. must we credit the "
                                  "original lab in the announcement?")
    assert asked.topics[0] in understand.CREDIT_TOPICS


def test_credit_asked_about_generated_pictures_stays_output_attribution():
    asked = understand.understand("do i have to credit the model when i post the pictures it made?")
    assert asked.topics[0] == "output_attribution"


def test_model_names_are_replaced_before_the_use_comparison():
    text = "we want llama 4 to steer the cranes in our port"
    assert "llama" not in uses.without_model_names(text)
    assert uses.without_model_names("they sell counterfeit handbags") == "they sell counterfeit handbags"


def test_an_activity_named_beside_a_model_name_is_read():
    found = uses.clear_uses("we plan for gemma 3 to operate the water treatment plant controls. ok?")
    assert "critical_infrastructure" in found


def test_sharing_a_changed_version_asks_about_sharing():
    for question in ("i patched some files. may i upload the patched code to gitlab?",
                     "we tweaked it a little. can we release our adapted version publicly?"):
        assert understand.understand(question).topics[0] == "redistribute_weights"


def test_people_who_do_the_act_themselves_are_a_human_in_the_loop():
    asked = understand.understand("the tool suggests a draft, but our judges review and decide each ruling "
                                  "themselves. is that restricted?")
    assert understand.describes_carve_out(asked)
