"""The model registry (corpus/models.yaml), CivitAI base-model labels (corpus/civitai.yaml) and lineage: every model
resolves by name, alias and file name; every CivitAI label resolves or is an explained unknown; chains end; drift."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from typer.testing import CliRunner

from explainer import licensedb, lineage
from explainer.corpus import Corpus, compact

corpus = Corpus()
MODELS = lineage.all_models(corpus)

# The labels CivitAI writes into `baseModel` (sidecars, the API, the site's filter), as of late 2025.
CIVITAI_LABELS = """SD 1.4|SD 1.5|SD 1.5 LCM|SD 1.5 Hyper|SD 2.0|SD 2.0 768|SD 2.1|SD 2.1 768|SD 2.1 Unclip|SDXL 0.9|SDXL 1.0|
SDXL 1.0 LCM|SDXL Turbo|SDXL Lightning|SDXL Hyper|SDXL Distilled|Pony|Pony V7|Illustrious|NoobAI|SD 3|SD 3.5|SD 3.5 Large|
SD 3.5 Large Turbo|SD 3.5 Medium|Flux.1 D|Flux.1 S|Flux.1 Krea|Flux.1 Kontext|AuraFlow|Kolors|PixArt a|PixArt E|PixArt Σ|
Hunyuan 1|Hunyuan Video|Lumina|Mochi|LTXV|CogVideoX|Wan Video|Wan Video 1.3B t2v|Wan Video 14B t2v|Wan Video 14B i2v 480p|
Wan Video 14B i2v 720p|Wan Video 2.2 TI2V-5B|Wan Video 2.2 T2V-A14B|Wan Video 2.2 I2V-A14B|Wan Video 2.5 T2V|
Wan Video 2.5 I2V|HiDream|Qwen|Chroma|Stable Cascade|SVD|SVD XT|Playground v2|ODOR|Other"""
LABELS = [label.strip() for label in CIVITAI_LABELS.replace("\n", "").split("|")]

FAMILIES = ("juggernaut-xl realvisxl dreamshaper-xl animagine-xl-4.0 zavychroma-xl pony-diffusion-v6-xl illustrious-xl "
            "noobai-xl flux-1-dev flux-1-schnell flux-1-kontext-dev flux-1-krea-dev flux-1-fill-dev flux-1-redux-dev "
            "flux-1-canny-dev flux-1-depth-dev sd-1.5 sd-2.1 sd-3-medium sd-3.5-large sd-3.5-large-turbo sd-3.5-medium "
            "stable-video-diffusion svd-xt stable-cascade playground-v2.5 kolors pixart-sigma hunyuan-dit hunyuan-video "
            "hunyuan3d-2 lumina-image-2.0 mochi-1 ltxv cogvideox-5b wan-2.1 wan-2.2-t2v-a14b hidream-i1 qwen-image chroma "
            "auraflow llama-1 llama-2 llama-3 llama-3.1 llama-3.2 llama-3.3 llama-4 code-llama gemma-1 gemma-2 gemma-3 "
            "qwen1.5 qwen2 qwen2.5 qwen2.5-3b qwen2.5-72b qwen3 deepseek-v2 deepseek-v3 deepseek-r1 deepseek-coder "
            "mistral-7b mixtral-8x7b mistral-nemo mistral-small-3 codestral-22b phi-2 phi-3 phi-4 glm-4-9b glm-4.5 kimi-k2 "
            "gpt-oss granite-3 nemotron-4-340b command-r falcon-7b falcon-3 exaone-3.5 hyperclova-x-seed olmo-2 "
            "starcoder").split()


def test_the_registry_covers_what_people_download():
    assert len(MODELS) >= 150
    assert set(FAMILIES) <= set(MODELS)
    assert not set(corpus.models) & set(corpus.unlisted_models)


@pytest.mark.parametrize("model_id", sorted(MODELS))
def test_every_model_resolves_by_id_name_and_alias(model_id):
    model = MODELS[model_id]
    for name in (model.id, model.name, *model.aliases):
        found = lineage.find_model(corpus, name)
        assert found is not None and found.id == model.id, name
        if model.licenses:  # listed models resolve through the corpus too (ask, show, scan)
            resolution = corpus.resolve(name)
            assert resolution.license_keys[: len(model.licenses)] == model.licenses, name


@pytest.mark.parametrize("model_id", sorted(MODELS))
def test_every_model_has_licenses_or_named_terms_a_source_and_a_known_base(model_id):
    model = MODELS[model_id]
    assert model.source.startswith("https://"), model.id
    if model.licenses:
        assert set(model.licenses) <= set(corpus.licenses), model.id
    else:  # no LicenseDB text: say what the license is and where to read it
        assert model.terms.get("name") and str(model.terms.get("url", "")).startswith("https://"), model.id
        if model.terms.get("id"):  # a Hub id the corpus knows as "no text in the LicenseDB"
            assert compact(model.terms["id"]) in corpus.no_text, model.id
        assert model_id in corpus.unlisted_models and corpus.lookup(model.id) is None
    if model.base_model:
        assert model.base_model in MODELS, model.id
        assert model.base_model != model.id


@pytest.mark.parametrize("model_id", sorted(m for m in MODELS if MODELS[m].patterns or MODELS[m].files))
def test_every_pattern_matches_the_model_files_and_each_file_resolves_to_its_model(model_id):
    model = MODELS[model_id]
    assert model.patterns and model.files, f"{model.id}: patterns need example files and files need patterns"
    for pattern in model.patterns:
        compiled = re.compile(pattern, re.I)
        assert any(compiled.search(name) for name in model.files), f"{model.id}: {pattern} matches no file"
    for name in model.files:
        found = lineage.model_for_file(corpus, name)
        assert found is not None and found.id == model.id, f"{name} -> {found and found.id}"
        assert lineage.resolve_base(corpus, name, "file name").id == model.id


def test_aliases_are_unique_across_all_models():
    seen: dict[str, str] = {}
    for model in MODELS.values():
        for name in {compact(a) for a in (model.id, model.name, *model.aliases)}:
            assert seen.setdefault(name, model.id) == model.id, f"{name!r}: {seen[name]} and {model.id}"


def test_history_entries_say_when_and_which_license():
    with_history = [m for m in MODELS.values() if m.history]
    assert len(with_history) >= 8
    for model in with_history:
        for entry in model.history:
            assert str(entry.get("from", "")).strip() and str(entry.get("license", "")).strip(), model.id
            value = str(entry["license"])
            if re.fullmatch(r"[a-z0-9.+-]+", value):  # a key, not a name without LicenseDB text
                assert licensedb.exists(value), f"{model.id}: {value}"
        current = [e["license"] for e in model.history if e["license"] in model.licenses]
        assert current or not model.licenses, f"{model.id}: the history never reaches the current license"


@pytest.mark.parametrize("label", LABELS)
def test_every_civitai_label_resolves_to_a_model_or_an_explained_unknown(label):
    model, why = lineage.civitai_base(corpus, label)
    assert (model is not None) != bool(why), label
    if why:
        assert len(why.split()) >= 8, label  # an actual reason
    else:
        assert model.id in MODELS


def test_civitai_yaml_lists_only_known_models_and_no_label_twice():
    data = lineage._civitai(str(corpus.root / "civitai.yaml"))
    mapped, unknown = data["base_models"], data["unknown_base_models"]
    assert not set(mapped) & set(unknown)
    assert set(mapped.values()) <= set(MODELS)
    assert set(LABELS) <= set(mapped) | set(unknown)
    assert "not in corpus/civitai.yaml" in lineage.civitai_base(corpus, "Made Up 9")[1]


@pytest.mark.parametrize("model_id", sorted(MODELS))
def test_every_chain_terminates_without_cycles(model_id):
    links = lineage.chain(corpus, model_id)
    ids = [link.model_id for link in links]
    assert ids[0] == model_id and len(ids) == len(set(ids)) and len(ids) < lineage.MAX_DEPTH
    assert not MODELS[ids[-1]].base_model or MODELS[ids[-1]].base_model in ids  # ends at a root


def test_a_cycle_in_the_registry_ends_the_chain(tmp_path):
    root = tmp_path / "corpus"
    (root / "addenda").mkdir(parents=True)
    shutil.copy(corpus.root / "licenses.yaml", root / "licenses.yaml")
    (root / "models.yaml").write_text(
        "models:\n"
        "  - {id: a, name: Model A, licenses: [mit], base_model: b, source: 'https://example.org/a'}\n"
        "  - {id: b, name: Model B, licenses: [mit], base_model: a, source: 'https://example.org/b'}\n",
        encoding="utf-8")
    looped = Corpus(root=root, user_dir=tmp_path / "user")
    assert [link.model_id for link in lineage.chain(looped, "a")] == ["a", "b"]


def test_chains_follow_the_registry_and_the_evidence():
    assert [link.model_id for link in lineage.chain(corpus, "Juggernaut XL")] == ["juggernaut-xl", "sdxl-1.0"]
    noob = [link.model_id for link in lineage.chain(corpus, "noobai-xl")]
    assert noob[:2] == ["noobai-xl", "illustrious-xl-v0.1"] and noob[-1] == "sdxl-1.0"
    # a model card's base_model (HF repo id or URL), GGUF base-model keys, CivitAI labels, file names
    assert lineage.chain_from(corpus, "black-forest-labs/FLUX.1-dev", "model card")[0].model_id == "flux-1-dev"
    assert lineage.chain_from(corpus, "https://huggingface.co/meta-llama/Llama-3.1-8B", "gguf")[0].via == "gguf"
    assert [link.model_id for link in lineage.chain_from(corpus, "Pony", "civitai")] == [
        "pony-diffusion-v6-xl", "sdxl-1.0"]
    assert lineage.chain_from(corpus, "Other", "civitai") == []
    assert lineage.chain_from(corpus, "juggernautXL_v9Rdphoto2Lightning", "file name")[0].model_id == "juggernaut-xl"
    assert lineage.chain(corpus, "no such model") == []
    kolors = lineage.chain(corpus, "Kwai-Kolors/Kolors")[0]
    assert kolors.license_keys == () and "Kolors" in kolors.license_name and kolors.card is False
    assert set(kolors.to_dict()) >= {"model", "name", "licenses", "license_name", "via", "card", "flows_down"}


def test_a_derivative_inherits_restrictions_unless_its_base_lets_it_relicense():
    assert [a.model_id for a in lineage.inherits(corpus, "juggernaut-xl")] == ["sdxl-1.0"]
    assert lineage.inherits(corpus, "chroma") == []  # FLUX.1 [schnell] is Apache-2.0: nothing flows down
    assert lineage.inherits(corpus, "zephyr-7b-beta") == []  # Mistral 7B is Apache-2.0
    assert lineage.inherits(corpus, "deepseek-r1") == []  # DeepSeek relicensed its own V3 base for R1
    assert "flux-1-dev" in [a.model_id for a in lineage.inherits(corpus, "flux-1-krea-dev")]
    assert lineage.concluded(corpus, "apache-2.0", "flux-1-dev") == ["apache-2.0", "flux-1-nc"]
    assert lineage.concluded(corpus, "mit", "qwen2.5") == ["mit"]


def test_drift_a_flux_dev_lora_declared_apache():
    found = lineage.drift(corpus, "apache-2.0", "flux-1-dev")
    assert found is not None and found.base_model == "flux-1-dev" and found.base_license == "flux-1-nc"
    assert "model_commercial_use" in found.rights
    assert "\n" not in found.message and "drift" in found.message and "flux-1-nc" in found.message
    assert set(found.to_dict()) == {"declared", "base_model", "base_license", "rights", "message", "details"}


def test_drift_a_llama_fine_tune_declared_mit():
    found = lineage.drift(corpus, "mit", "meta-llama/Llama-3.1-8B")
    assert found is not None and found.base_license == "llama-3.1-license-2024"
    assert lineage.drifted_rights(corpus, "mit", lineage.chain(corpus, "llama-3.1")) == list(found.rights)


def test_drift_through_a_chain_reaches_the_first_restrictive_ancestor():
    found = lineage.drift(corpus, "apache-2.0", "noobai-xl")  # NoobAI -> Illustrious -> Kohaku -> SDXL
    assert found is not None and found.base_license == "fair-ai-public-1.0-sd"


@pytest.mark.parametrize("declared,base", [
    ("mit", "qwen2.5"),  # Apache-2.0 lets derivatives choose their license
    ("mit", "mistral-7b"),
    ("apache-2.0", "flux-1-schnell"),
    ("flux-1-nc", "flux-1-dev"),  # the same license
    ("llama-3.1-license-2024", "llama-3.1"),
    ("apache-2.0", "deepseek-r1"),  # R1 is MIT; its V3 base was relicensed by its own licensor
    (None, "flux-1-dev"),  # nothing declared
    ("mit", "no such model"),  # unknown base
    ("mit", "kolors"),  # a base without a LicenseDB text: nothing to compare
])
def test_no_drift(declared, base):
    assert lineage.drift(corpus, declared, base) is None


def test_a_stricter_declared_license_is_not_drift():
    assert lineage.drift(corpus, "cc-by-nc-4.0", "flux-1-schnell") is None
    assert lineage.drift(corpus, "flux-1-nc", "sdxl-1.0") is None


def test_registry_models_that_drift_from_their_own_base_say_so_in_a_note():
    drifting = []
    for model in MODELS.values():
        if model.licenses and model.base_model:
            found = lineage.drift(corpus, model.licenses[0], lineage.chain(corpus, model)[1:])
            if found:
                drifting.append(model.id)
                assert model.note, f"{model.id}: {found.message}"
    assert "ssd-1b" in drifting and "deepseek-r1" not in drifting


def test_licenses_json_has_a_card_field():
    from explainer.cli import app

    result = CliRunner().invoke(app, ["licenses", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["key"]: row for row in json.loads(result.stdout)["licenses"]}
    assert rows["flux-1-nc"]["card"] is True
    assert all(isinstance(row["card"], bool) for row in rows.values())


def test_notes_for_answers_name_the_base_inheritance_drift_and_missing_texts():
    jugg = lineage.notes(corpus, "Juggernaut XL")
    assert any("Stable Diffusion XL 1.0" in line for line in jugg)
    assert any("carry over" in line for line in jugg)
    assert any("license drift" in line for line in lineage.notes(corpus, "ssd-1b"))
    assert any("no LicenseDB text" in line and "https://" in line for line in lineage.notes(corpus, "kolors"))
    assert lineage.notes(corpus, "flux-1-dev") == [] and lineage.notes(corpus, "no such model") == []
    assert all("\n" not in line for line in lineage.notes(corpus, "noobai-xl"))


@pytest.mark.parametrize("name,model_id", [
    ("Meta Llama 3.1 8B Instruct", "llama-3.1"),  # GGUF general.base_model.0.name values
    ("Llama 3.1 Nemotron 70B Instruct HF", "llama-3.1-nemotron-70b"),
    ("Mistral 7B Instruct v0.3", "mistral-7b"),
    ("Qwen2.5 7B Instruct", "qwen2.5"),
    ("https://huggingface.co/black-forest-labs/FLUX.1-dev", "flux-1-dev"),
    ("Qwen/Qwen2.5-3B-Instruct", "qwen2.5-3b"),
])
def test_descriptive_base_names_resolve(name, model_id):
    assert lineage.find_model(corpus, name).id == model_id


@pytest.mark.parametrize("name", ["My cool merge", "Some Random Model", "", "   "])
def test_unknown_names_do_not_resolve(name):
    assert lineage.find_model(corpus, name) is None


def test_readme_states_the_registry_counts():
    readme = (corpus.root.parent / "README.md").read_text(encoding="utf-8")
    data = lineage._civitai(str(corpus.root / "civitai.yaml"))
    assert f"**{len(MODELS)} models**" in readme
    assert f"{len(corpus.models)} under a LicenseDB text; {len(corpus.unlisted_models)} whose own" in readme
    assert f"**{len(data['base_models'])} CivitAI `baseModel` labels**" in readme
    assert f"**{len(data['unknown_base_models'])}** that name none" in readme
