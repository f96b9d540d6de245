"""License cards: complete, anchored in the texts, overridden by addenda; a missing anchor fails the build."""

from __future__ import annotations

import pytest
import yaml

from explainer import cards, rights, topics
from explainer.corpus import Corpus, load
from explainer.errors import StorageError
from explainer.index import ClauseIndex
from tests.conftest import make_small_corpus
from tests.test_corpus import REQUIRED_KEYS

MODEL_KINDS = {"model", "policy", "terms"}


def test_every_card_is_valid_and_every_anchor_is_found():
    assert cards.problems(load()) == []


def test_every_required_model_license_has_a_card():
    corpus = load()
    have = set(cards.all_cards(corpus))
    assert len(have) >= 25
    missing = [k for k in REQUIRED_KEYS if k not in have]
    assert missing == []
    assert "llama-4-cla-2025" in have  # the Llama 4 license itself, beside its acceptable use policy


def test_cards_answer_every_right_with_a_known_verdict():
    for card in cards.all_cards(load()).values():
        assert set(card.rights) == set(rights.names()), card.key
        for answer in card.rights.values():
            assert answer.verdict in rights.VERDICTS
            assert answer.conditions


def test_anchors_resolve_to_clauses_with_exact_offsets():
    corpus = load()
    for card in cards.all_cards(corpus).values():
        for answer in card.rights.values():
            body = corpus.document(answer.anchor_key).body
            found = cards.resolve_anchors(answer, corpus)
            assert len(found) == len(answer.anchors), (card.key, answer.right)
            for anchor in found:
                clause = cards.clause_of(anchor.license_key, body, anchor.clause_id)
                assert clause.start <= anchor.start < clause.end
                assert cards._folded(body[anchor.start:anchor.end])[0] == cards._folded(anchor.phrase)[0]


@pytest.mark.parametrize("key, right, verdict", [
    ("flux-1-nc", "model_commercial_use", "no"),
    ("flux-1-nc", "non_commercial_only", "yes"),
    ("flux-1-nc", "outputs_commercial", "yes"),  # the Outputs section is the rule; the contradicting clause is a caveat
    ("llama-3.1-license-2024", "attribution_or_naming", "conditional"),
    ("llama-2-license-2023", "train_other_models_on_outputs", "no"),
    ("llama-3.1-license-2024", "train_other_models_on_outputs", "conditional"),
    ("stability-ai-community-2024", "user_or_revenue_threshold", "yes"),  # yes: there is a cap
    ("llama-3.1-license-2024", "user_or_revenue_threshold", "yes"),
    ("exaone-ai-model-1.1-nc", "licensor_claims_outputs", "yes"),
    ("apache-2.0", "use_restrictions", "not_addressed"),
])
def test_selected_verdicts(key, right, verdict):
    assert cards.all_cards(load())[key].answer(right).verdict == verdict


@pytest.mark.parametrize("key, topic, verdict", [
    # sublicensing: a non-sublicensable grant is no; a grant listing "sublicense" with notice or same-terms duties
    # is conditional; a text that never mentions it is not_addressed
    ("mit", "sublicensing", "conditional"),
    ("cc-by-4.0", "sublicensing", "no"),
    ("gpl-3.0", "sublicensing", "no"),
    ("llama-3.1-license-2024", "sublicensing", "not_addressed"),
    ("pddl-1.0", "sublicensing", "yes"),
    # endorsement: the no-endorsement, trademark and publicity clauses; MIT says nothing
    ("bsd-new", "endorsement", "no"),
    ("cc-by-sa-4.0", "endorsement", "no"),  # inherited from cc-by-4.0's "No endorsement" section
    ("llama-3.3-license-2024", "endorsement", "no"),
    ("mit", "endorsement", "not_addressed"),
    # later_version: share-alike "this version or later" yes; the GNU "or any later version" option conditional
    ("cc-by-sa-4.0", "later_version", "yes"),
    ("cc-by-4.0", "later_version", "not_addressed"),
    ("cc-by-3.0", "later_version", "not_addressed"),  # overrides its share-alike parent
    ("gpl-2.0", "later_version", "conditional"),
    ("mpl-2.0", "later_version", "yes"),
    # technical_measures: CC forbids DRM that restricts recipients' rights; ODbL only with an unrestricted copy
    ("cc-by-4.0", "technical_measures", "no"),
    ("cc-by-sa-3.0", "technical_measures", "no"),
    ("odbl-1.0", "technical_measures", "conditional"),
    ("mit", "technical_measures", "not_addressed"),
    # derivative_definition: the AI licenses' own definitions; Gemma names distillation on its synthetic data
    ("gemma-tou-2025-03-24", "derivative_definition", "yes"),  # inherited from the 2024 terms
    ("stability-ai-community-2024", "derivative_definition", "yes"),  # names fine-tunes and LoRAs
    ("deepseek-la-1.0", "derivative_definition", "yes"),  # the OpenRAIL definition, inherited
    ("flux-1-nc", "derivative_definition", "yes"),
    ("llama-3.1-license-2024", "derivative_definition", "not_addressed"),  # no definition in the text
    # combined_work_license: GPL licenses the whole work; LGPL, MPL, EPL and permissive texts leave your code yours
    ("gpl-2.0", "combined_work_license", "yes"),
    ("agpl-3.0", "combined_work_license", "yes"),
    ("lgpl-2.1", "combined_work_license", "no"),
    ("mpl-2.0", "combined_work_license", "no"),
    ("epl-1.0", "combined_work_license", "no"),  # overrides its parent with EPL-1.0's separate-modules wording
    ("osl-3.0", "combined_work_license", "not_addressed"),  # overrides its permissive parent
    # source_with_binaries: copyleft duties come only with distributed copies; permissive texts impose none
    ("gpl-3.0", "source_with_binaries", "conditional"),
    ("mpl-2.0", "source_with_binaries", "conditional"),
    ("eupl-1.1", "source_with_binaries", "conditional"),
    ("apache-2.0", "source_with_binaries", "no"),
    ("moonshot-ai-modified-mit-2025", "source_with_binaries", "no"),  # inherited from mit
    ("qwen-2024", "source_with_binaries", "not_addressed"),
])
def test_new_fact_topics_read_from_the_texts(key, topic, verdict):
    answer = cards.all_cards(load())[key].facts[topic]
    assert answer.verdict == verdict, answer.conditions



def test_the_juggernaut_addendum_overrides_hosting_but_not_outputs():
    corpus = load()
    model = corpus.resolve("Juggernaut XL")
    card = cards.card_for(model.license_keys, model.addenda, corpus)
    assert card.answer("hosted_service_or_api").verdict == "no"
    assert card.answer("hosted_service_or_api").source == "rundiffusion-juggernaut"
    assert card.answer("outputs_commercial").verdict == "yes"
    base = cards.card_for(model.license_keys, (), corpus)
    assert base.answer("hosted_service_or_api").verdict == "conditional"


def _corpus_with_card(tmp_path, anchor: str) -> Corpus:
    root = make_small_corpus(tmp_path / "corpus", ["mit"])
    (root / "cards").mkdir()
    card = {"key": "mit", "default_verdict": "not_addressed", "default_conditions": "n/a",
            "rights": {"model_commercial_use": {"verdict": "yes", "conditions": "ok", "anchors": [anchor]}}}
    (root / "cards" / "mit.yaml").write_text(yaml.safe_dump(card), encoding="utf-8")
    return Corpus(root=root, user_dir=tmp_path / "user")


def test_a_missing_anchor_fails_the_index_build(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLAINER_DENSE", "0")
    corpus = _corpus_with_card(tmp_path, "this phrase is in no license at all")
    assert any("anchor not found" in p for p in cards.problems(corpus))
    with pytest.raises(StorageError, match="anchor not found"):
        ClauseIndex(corpus, root=tmp_path / "index").build(progress=False)


def test_a_found_anchor_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLAINER_DENSE", "0")
    corpus = _corpus_with_card(tmp_path, "to deal in the Software without restriction")
    assert cards.problems(corpus) == []
    assert ClauseIndex(corpus, root=tmp_path / "index").build(progress=False).clauses > 0


# -- fine-grained facts (topics.yaml) -----------------------------------------------------------------------------
def test_every_card_answers_every_fact_topic_literally():
    if not cards.FACTS_REQUIRED:
        pytest.skip("the corpus cards do not carry their facts yet")
    kinds = {name: topic.kind for name, topic in topics.topics().items()}
    for card in cards.all_cards(load()).values():
        for name in topics.fact_names():
            answer = card.facts.get(name)
            assert answer is not None, (card.key, name)
            assert answer.verdict in rights.VERDICTS and answer.conditions, (card.key, name)
            assert answer.kind == kinds[name] and answer.right == name, (card.key, name)
            if answer.verdict != "not_addressed" and not (answer.verdict == "no" and answer.kind != "value"):
                assert answer.anchors, (card.key, name)
            if kinds[name] == "value" and answer.verdict == "yes":
                assert answer.value and answer.match, card.key
        for use, answer in card.prohibited.items():
            assert use in topics.uses() and answer.use == use and answer.right == "prohibited_use", (card.key, use)
            assert answer.anchors and answer.verdict in rights.VERDICTS, (card.key, use)


def test_topics_and_uses_load_and_match_questions():
    assert {"license_copy", "governing_law", "geography", "prohibited_use"} <= set(topics.topics())
    assert topics.topics()["governing_law"].kind == "value"
    assert "prohibited_use" not in topics.fact_names()
    assert topics.uses_in("Can I use it for facial recognition of shoppers?")[0] == "biometric"
    assert topics.uses_in("Can I build a military drone targeting system?") == ["military"]
    assert topics.uses_in("Can I sell the pictures?") == []


def test_a_broken_topics_file_is_a_storage_error(tmp_path):
    bad = tmp_path / "topics.yaml"
    bad.write_text("topics:\n  x: {kind: nonsense, label: x, ask: x}\nuses: {}\n", encoding="utf-8")
    with pytest.raises(StorageError):
        topics._load(str(bad))


def _facts_corpus(tmp_path, *cards_data: dict) -> Corpus:
    root = make_small_corpus(tmp_path / "corpus", ["mit", "apache-2.0"])
    (root / "cards").mkdir()
    for card in cards_data:
        (root / "cards" / f"{card['key']}.yaml").write_text(yaml.safe_dump(card), encoding="utf-8")
    return Corpus(root=root, user_dir=tmp_path / "user")


def _mit_card(**extra) -> dict:
    return {"key": "mit", "default_verdict": "not_addressed", "default_conditions": "n/a",
            "rights": {"model_commercial_use": {"verdict": "yes", "conditions": "ok",
                                                "anchors": ["to deal in the Software without restriction"]}},
            **extra}


def test_malformed_facts_are_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(cards, "FACTS_REQUIRED", True)
    card = _mit_card(
        facts={"warranty": {"verdict": "maybe", "conditions": "x", "anchors": ["WITHOUT WARRANTY OF ANY KIND"]},
               "liability": {"verdict": "yes", "conditions": "x"},
               "governing_law": {"verdict": "yes", "conditions": "x",
                                 "anchors": ["subject to the following conditions"]},
               "license_copy": {"verdict": "yes", "conditions": "x", "anchors": ["no such phrase in MIT"]},
               "no_such_topic": {"verdict": "no", "conditions": "x"}},
        prohibited_uses=[{"use": "juggling", "conditions": "x", "anchors": ["without restriction"]}],
        rights={"user_or_revenue_threshold": {
            "verdict": "yes", "conditions": "x", "anchors": ["without restriction"],
            "thresholds": [{"metric": "monthly_active_users", "limit": 5, "measured_at": "whenever"}]}})
    del card["default_verdict"]  # so the facts it does not list are missing
    found = cards.problems(_facts_corpus(tmp_path, card))
    joined = "\n".join(found)
    assert "warranty: verdict 'maybe'" in joined
    assert "liability: a 'yes' verdict needs at least one anchor" in joined
    assert "governing_law: a 'yes' on a value topic needs a value and match words" in joined
    assert "license_copy: anchor not found in mit" in joined
    assert "no_such_topic: not a fact topic" in joined
    assert "juggling: unknown prohibited use" in joined
    assert "measured_at must be one of" in joined
    assert "facts missing" in joined and "rights missing" in joined


def test_a_no_on_an_obligation_needs_no_anchor_but_a_yes_does(tmp_path, monkeypatch):
    monkeypatch.setattr(cards, "FACTS_REQUIRED", True)
    good = _mit_card(facts={"share_alike": {"verdict": "no", "conditions": "No copyleft."},
                            "warranty": {"verdict": "no", "conditions": "As is.",
                                         "anchors": ["WITHOUT WARRANTY OF ANY KIND"]}},
                     prohibited_uses=[{"use": "military", "conditions": "x", "anchors": ["without restriction"]}])
    corpus = _facts_corpus(tmp_path, good)
    assert cards.problems(corpus) == []
    card = cards.all_cards(corpus)["mit"]
    assert card.answer("share_alike").kind == "obligation" and card.answer("share_alike").verdict == "no"
    assert card.answer("policy_changes").verdict == "not_addressed"  # from default_verdict
    military = card.prohibited["military"]
    assert (military.verdict, military.right, military.use, military.kind) == ("no", "prohibited_use", "military", "use")


def test_extends_inherits_facts_and_prohibited_uses(tmp_path):
    parent = _mit_card(key="apache-2.0",
                       rights={"model_commercial_use": {"verdict": "yes", "conditions": "ok",
                                                        "anchors": ["perpetual, worldwide"]}},
                       facts={"governing_law": {"verdict": "yes", "conditions": "x", "value": "Nowhere",
                                                "match": ["Nowhere"], "venue": "no court",
                                                "anchors": ["perpetual, worldwide"]},
                              "warranty": {"verdict": "no", "conditions": "as is"}},
                       prohibited_uses=[{"use": "military", "conditions": "x", "anchors": ["perpetual, worldwide"]},
                                        {"use": "spam", "conditions": "x", "anchors": ["perpetual, worldwide"]}])
    child = {"key": "mit", "extends": "apache-2.0",
             "rights": {"model_commercial_use": {"verdict": "yes", "conditions": "ok",
                                                 "anchors": ["without restriction"]}},
             "facts": {"governing_law": {"verdict": "not_addressed", "conditions": "silent"}},
             "prohibited_uses": [{"use": "spam", "verdict": "conditional", "conditions": "y",
                                  "anchors": ["without restriction"]}],
             "drop_prohibited_uses": ["military"]}
    found = cards.all_cards(_facts_corpus(tmp_path, parent, child))
    assert found["apache-2.0"].answer("governing_law").value == "Nowhere"
    assert found["apache-2.0"].answer("governing_law").match == ("nowhere",)
    assert found["apache-2.0"].answer("governing_law").to_dict()["venue"] == "no court"
    mit = found["mit"]
    assert mit.answer("warranty").verdict == "no" and mit.answer("warranty").source == "mit"
    assert mit.answer("governing_law").verdict == "not_addressed"
    assert set(mit.prohibited) == {"spam"} and mit.prohibited["spam"].verdict == "conditional"
    assert set(found["apache-2.0"].prohibited) == {"military", "spam"}


def test_a_companion_policy_adds_its_prohibited_uses_with_its_own_anchor_text(tmp_path):
    policy = _mit_card(prohibited_uses=[{"use": "spam", "conditions": "x", "anchors": ["without restriction"]}],
                       facts={"policy_changes": {"verdict": "yes", "conditions": "x",
                                                 "anchors": ["without restriction"]}})
    license_card = _mit_card(key="apache-2.0",
                             rights={"model_commercial_use": {"verdict": "yes", "conditions": "ok",
                                                              "anchors": ["perpetual, worldwide"]}})
    corpus = _facts_corpus(tmp_path, policy, license_card)
    card = cards.card_for(("apache-2.0", "mit"), (), corpus)
    assert card.key == "apache-2.0"
    assert card.prohibited["spam"].anchor_key == "mit"
    assert card.answer("policy_changes").source == "mit"
    assert cards.resolve_anchors(card.prohibited["spam"], corpus)[0].license_key == "mit"


def test_no_two_adjacent_anchors_reproduce_30_consecutive_words():
    """Cards hold anchors, never license text: the anchors of a card, joined where only spaces or punctuation
    separate them, never make a run of 30 or more consecutive words of the license."""
    import re

    corpus = load()
    for card in cards.all_cards(corpus).values():
        body = corpus.document(card.key).body
        spans = sorted((a.start, a.end) for answer in (*card.rights.values(), *card.facts.values(),
                                                        *card.prohibited.values())
                       if answer.anchor_key == card.key for a in cards.resolve_anchors(answer, corpus))
        runs: list[list[int]] = []
        for start, end in spans:
            if runs and (start <= runs[-1][1] or re.fullmatch(r"[\W_]*", body[runs[-1][1]:start])):
                runs[-1][1] = max(runs[-1][1], end)
            else:
                runs.append([start, end])
        long_runs = [body[s:e][:60] for s, e in runs if len(body[s:e].split()) >= 30]
        assert long_runs == [], card.key


def test_an_addendum_may_override_a_fact_topic(tmp_path):
    corpus_root = tmp_path / "corpus"
    base = _mit_card(facts={"name_prefix": {"verdict": "no", "conditions": "No naming rule."}})
    _facts_corpus(tmp_path, base)
    addendum = {"key": "acme-addendum", "name": "Acme addendum", "applies_to": ["mit"],
                "text": "Acme addendum. Every fine-tune must be named Acme-something.",
                "overrides": {"name_prefix": {"verdict": "yes", "conditions": "Names start with Acme.",
                                              "anchors": ["Every fine-tune must be named Acme-something"]},
                              "hosted_service_or_api": {"verdict": "no", "conditions": "Not as a service.",
                                                        "anchors": ["Acme addendum"]}}}
    (corpus_root / "addenda" / "acme-addendum.yaml").write_text(yaml.safe_dump(addendum), encoding="utf-8")
    corpus = Corpus(root=corpus_root, user_dir=tmp_path / "user")
    card = cards.card_for(("mit",), ("acme-addendum",), corpus)
    assert card.answer("name_prefix").verdict == "yes" and card.answer("name_prefix").kind == "obligation"
    assert card.answer("name_prefix").source == "acme-addendum" and "name_prefix" in card.facts
    assert card.rights["hosted_service_or_api"].verdict == "no" and "name_prefix" not in card.rights
    assert [p for p in cards.problems(corpus) if "acme" in p] == []
