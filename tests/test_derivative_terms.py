"""derivative_terms: what a derivative may be licensed as (the license named, compared with what must flow down)
and called (the naming rule, the marks the endorsement entry names). Phrasings differ from the dev suites'."""
import pytest

from explainer import decide, derivative_terms, understand
from explainer.corpus import load
from explainer.resolve import from_name


def _decide(question, name):
    corpus = load()
    return decide.decide(from_name(corpus, name, "explicit"), understand.understand(question), corpus)


@pytest.mark.parametrize("phrase, family", [
    (" a stricter license, like no commercial use allowed", "stricter"),
    (" bare mit so users don't inherit the openrail usage rules", "permissive"),
    (" cc by-nc 4.0", "stricter"),  # the NC family wins over the CC BY it spells
    (" gplv3", "copyleft"),
    (" cc-by-sa", "copyleft"),
    (" my own license", "other"),
    (" 'r1-lite-70b'", None),  # a name, not a license
])
def test_the_license_a_phrase_names_is_read_by_family(phrase, family):
    assert derivative_terms.target_family(phrase) == family


@pytest.mark.parametrize("question, name, verdict", [
    # share-alike / "another license that allows everything this one allows": a stricter license is not that
    ("Am I allowed to publish my merge under a more restrictive license that bans commercial use?",
     "fair-ai-public-1.0-sd", "no"),
    ("which license should my lora use? could i make it cc-by-nc-4.0?", "fair-ai-public-1.0-sd", "no"),
    # the RAIL restrictions must flow down "at minimum": a permissive or copyleft license drops them
    ("Can I relicense my SD 1.5 merge as Apache 2.0?", "stable-diffusion-2022-08-22", "no"),
    ("Is it ok to distribute my SD 1.5 adapter under the GPL?", "stable-diffusion-2022-08-22", "no"),
    ("May I release my finetune under the BSD license?", "bigscience-open-rail-m", "no"),
    # a stricter license can keep them and add its own
    ("Can I put my SD 1.5 LoRA under a non-commercial license?", "stable-diffusion-2022-08-22", "conditional"),
])
def test_a_named_license_is_compared_with_what_must_flow_down(question, name, verdict):
    assert _decide(question, name).verdict == verdict


def test_a_passive_mention_of_the_original_license_is_no_relicensing_question():
    asked = understand.understand("Can I use a model that is released under MIT in my app?")
    assert derivative_terms.asked_target(asked) is None


@pytest.mark.parametrize("question, name, verdict", [
    ("We tuned Llama 3.3 further and will ship it as 'Zephyrine-70B'. OK?", "llama-3.3-license-2024", "no"),
    ("Can I release my EXAONE fine-tune as 'EXAONE-Legal-7B'?", "exaone-ai-model-1.1-nc", "yes"),
])
def test_a_name_the_model_is_released_as_is_checked_against_the_prefix(question, name, verdict):
    decision = _decide(question, name)
    assert (decision.topic, decision.verdict) == ("name_prefix", verdict)


def test_a_name_using_the_licensors_mark_reads_the_endorsement_entry():
    decision = _decide("May we advertise our Ferret app as 'built by Apple'?", "apple-ml-ferret-2023")
    assert (decision.topic, decision.verdict) == ("endorsement", "no")


@pytest.mark.parametrize("question, name, verdict", [
    ("Does the license put any requirement on what I name my modified EXAONE?", "exaone-ai-model-1.1-nc", "yes"),
    ("I changed EXAONE. Is there a rule about naming it?", "exaone-ai-model-1.1-nc", "yes"),
])
def test_a_question_about_the_naming_rule_reads_the_rule(question, name, verdict):
    decision = _decide(question, name)
    assert (decision.topic, decision.verdict) == ("name_prefix", verdict)


@pytest.mark.parametrize("question", [
    "Is a website that runs my merge counted as distributing it under this license?",  # the original's own license
    "We sell a platform to clients and picked a model that's CC BY-NC licensed. Can we use it?",  # no "under/as"
])
def test_the_original_license_or_a_sale_names_no_new_license(question):
    assert derivative_terms.asked_target(understand.understand(question)) is None
