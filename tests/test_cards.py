"""License cards: complete, anchored in the texts, overridden by addenda; a missing anchor fails the build."""

from __future__ import annotations

import pytest
import yaml

from explainer import cards, rights
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
    ("flux-1-nc", "outputs_commercial", "conditional"),  # the text contradicts itself: the card says so
    ("llama-3.1-license-2024", "attribution_or_naming", "conditional"),
    ("llama-2-license-2023", "train_other_models_on_outputs", "no"),
    ("llama-3.1-license-2024", "train_other_models_on_outputs", "conditional"),
    ("stability-ai-community-2024", "user_or_revenue_threshold", "conditional"),
    ("exaone-ai-model-1.1-nc", "licensor_claims_outputs", "yes"),
    ("apache-2.0", "use_restrictions", "not_addressed"),
])
def test_selected_verdicts(key, right, verdict):
    assert cards.all_cards(load())[key].answer(right).verdict == verdict


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
