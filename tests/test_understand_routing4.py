"""Question routing, round 4: a model the asker trained is their own model (a derivative surface), and the hosted-model source duty and the credit owed in a
derived model's docs are recognised. Wordings differ from the dev cases, so the mechanism, not the case, is tested."""

from __future__ import annotations

from explainer import understand


def test_a_model_the_asker_trained_is_their_own_model():
    assert "derivative" in understand.subjects_of(understand.fold("we built a tiny model on its generations"))


def test_hosted_model_source_duty_routes_to_network_source():
    asked = understand.understand("my changed checkpoint only runs on our servers and visitors use it in the browser. "
                                  "are we obliged to let those visitors download it?")
    assert asked.topics[0] == "network_source"


def test_credit_line_for_a_model_trained_on_outputs_is_the_built_with_duty():
    asked = understand.understand("we taught a compact model from the big one's answers and published it. "
                                  "is there a required 'built with' line?")
    assert asked.topics[0] == "built_with_display"


def test_a_name_that_must_begin_with_something_is_the_prefix_rule():
    for question in ("we call our finetune Sunbird. does its name have to begin with the base model's?",
                     "is it required that the title of my merge starts with the original's name?"):
        assert understand.understand(question).topics[0] == "name_prefix"


def test_a_bare_country_weighs_less_than_a_named_region():
    cues = understand.cue_scores(understand.fold("it's legal in my country"), "permission")
    named = understand.cue_scores(understand.fold("we are based in the eu"), "permission")
    assert cues.get("geography", 0) < named.get("geography", 0)


def test_naming_the_license_is_not_asking_about_share_alike():
    plain = understand.cue_scores(understand.fold("as far as this license goes, can i sell what it makes?"), "permission")
    same = understand.cue_scores(understand.fold("must my merge be under the same license?"), "obligation")
    assert "share_alike" not in plain and same.get("share_alike")
