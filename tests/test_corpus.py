"""The curated corpus: every key, alias and model resolves; every text splits into clauses with exact offsets."""

from __future__ import annotations

import pytest

from explainer import clauses, licensedb
from explainer.corpus import Corpus, compact
from explainer.errors import NotFoundError

REQUIRED_KEYS = """stable-diffusion-2022-08-22 bigscience-open-rail-m2 bigscience-open-rail-m bigscience-rail-1.0
bigcode-open-rail-m-v1 llama-license-2023 llama-2-license-2023 llama-3.1-license-2024 llama-3.2-license-2024
llama-3.3-license-2024 llama-4-license-2025 gemma-tou-2024-04-01 gemma-tou-2025-03-24 gemma-pup-2024-02-21 flux-1-nc
stability-ai-community-2024 stability-ai-nc-2023-12-06 deepseek-la-1.0 qwen-2024 tongyi-qianwen-2023 falcon-2-11b-1.0
nvidia-open-model-2025-04-28 exaone-ai-model-1.1-nc moonshot-ai-modified-mit-2025 openai-tou-20241211 apache-2.0 mit
cc-by-4.0 cc-by-sa-4.0 cc-by-nc-4.0 cc-by-nc-sa-4.0 cc-by-nc-nd-4.0""".split()

HF_IDS = {
    "creativeml-openrail-m": "stable-diffusion-2022-08-22",
    "openrail++": "bigscience-open-rail-m2",
    "bigscience-openrail-m": "bigscience-open-rail-m",
    "bigscience-bloom-rail-1.0": "bigscience-rail-1.0",
    "bigcode-openrail-m": "bigcode-open-rail-m-v1",
    "llama2": "llama-2-license-2023",
    "llama3": "llama-3.1-license-2024",
    "llama3.1": "llama-3.1-license-2024",
    "llama3.2": "llama-3.2-license-2024",
    "llama3.3": "llama-3.3-license-2024",
    "llama4": "llama-4-cla-2025",
    "gemma": "gemma-tou-2025-03-24",
    "apache-2.0": "apache-2.0",
    "mit": "mit",
    "cc-by-nc-4.0": "cc-by-nc-4.0",
    "openrail": "bigscience-open-rail-m",
    "flux-1-dev-non-commercial-license": "flux-1-nc",
    "stabilityai-ai-community": "stability-ai-community-2024",
    "deepseek": "deepseek-la-1.0",
    "CreativeML Open RAIL++-M": "bigscience-open-rail-m2",
    "Llama 3.1 Community License": "llama-3.1-license-2024",
    "FLUX dev license": "flux-1-nc",
}

corpus = Corpus()


def test_corpus_sizes_and_required_keys():
    assert len(corpus.licenses) >= 40
    assert len(corpus.models) >= 40
    assert set(REQUIRED_KEYS) <= set(corpus.licenses)
    assert "rundiffusion-juggernaut" in corpus.addenda


def test_no_alias_points_at_two_targets():
    assert corpus.alias_conflicts() == []


@pytest.mark.parametrize("key", sorted(corpus.licenses))
def test_every_key_is_in_the_licensedb_and_splits_into_clauses(key):
    assert licensedb.exists(key)
    body = licensedb.load(key).body
    found = clauses.segment(key, body)
    assert len(found) >= 5, f"{key}: only {len(found)} clauses"
    assert_offsets_round_trip(body, found)


@pytest.mark.parametrize("key", sorted(corpus.addenda))
def test_addenda_split_and_apply_to_known_licenses(key):
    addendum = corpus.addenda[key]
    assert set(addendum.applies_to) <= set(corpus.licenses)
    assert_offsets_round_trip(addendum.body, clauses.segment(key, addendum.body))


def assert_offsets_round_trip(body, found):
    ids = [c.id for c in found]
    assert len(ids) == len(set(ids)), "clause ids must be unique"
    covered = bytearray(len(body))
    for clause in found:
        assert body[clause.start:clause.end] == clause.text
        assert clause.text.strip() == clause.text, "a clause starts and ends on a non-blank character"
        covered[clause.start:clause.end] = b"\x01" * (clause.end - clause.start)
    uncovered = [i for i, ch in enumerate(body) if not covered[i] and not ch.isspace()]
    assert not uncovered, f"characters outside every clause: {body[uncovered[0]:uncovered[0] + 40]!r}"


@pytest.mark.parametrize("alias,key", sorted(HF_IDS.items()))
def test_hugging_face_ids_and_common_names_resolve(alias, key):
    assert corpus.resolve(alias).license_keys[0] == key


def test_every_alias_resolves_to_its_own_target():
    for entry in corpus.licenses.values():
        for alias in (entry.key, entry.name, *entry.aliases):
            assert corpus.resolve(alias).license_keys[0] == entry.key, alias
    for model in corpus.models.values():
        for alias in (model.id, model.name, *model.aliases):
            resolution = corpus.resolve(alias)
            assert resolution.license_keys[: len(model.licenses)] == model.licenses, alias
            if resolution.model is not None:
                assert resolution.model.id == model.id, alias


def test_every_model_names_known_licenses_and_addenda():
    for model in corpus.models.values():
        assert model.licenses, model.id
        assert set(model.licenses) <= set(corpus.licenses), model.id
        assert set(model.addenda) <= set(corpus.addenda), model.id
        assert model.source.startswith("https://"), model.id
        if model.base_model:
            assert model.base_model in corpus.models, model.id


def test_juggernaut_is_rail_plus_plus_with_the_rundiffusion_addendum():
    resolution = corpus.resolve("Juggernaut XL")
    assert resolution.license_keys == ("bigscience-open-rail-m2",)
    assert resolution.addenda == ("rundiffusion-juggernaut",)


def test_companion_policies_come_along():
    assert corpus.resolve("llama4").license_keys == ("llama-4-cla-2025", "llama-4-license-2025")
    assert "gemma-pup-2024-02-21" in corpus.resolve("Gemma 3").license_keys


def test_unknown_names_suggest_the_closest_known_names():
    with pytest.raises(NotFoundError) as info:
        corpus.resolve("juggernaut xxl")
    assert "juggernaut" in " ".join(info.value.suggestions).lower()


def test_models_are_found_in_free_text():
    found = corpus.find_models_in_text("Can I sell images I made with Juggernaut XL?")
    assert [r.model.id for r in found if r.model] == ["juggernaut-xl"]
    found = corpus.find_models_in_text("Can I put FLUX.1 [dev] behind my paid API?")
    assert [r.model.id for r in found if r.model] == ["flux-1-dev"]


def test_compact_keeps_plus_signs():
    assert compact("openrail++") != compact("openrail")
    assert compact("Llama 3.1") == compact("llama3.1")


def test_a_policy_key_resolves_to_the_license_it_comes_with():
    """'llama-4-license-2025' is the Llama 4 acceptable use policy's LicenseDB key; a person naming it means Llama 4."""
    from explainer.resolve import from_name

    resolved = from_name(corpus, "llama-4-license-2025", "explicit")
    assert resolved.key == "llama-4-cla-2025"
    assert resolved.license_keys == ("llama-4-cla-2025", "llama-4-license-2025")
    assert corpus.policy_parent("mit") is None
