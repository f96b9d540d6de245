"""Each model store built in its real layout in a temp folder, then scanned: Ollama, the Hugging Face cache (two
revisions), InvokeAI's database, LM Studio, the sidecar formats, ComfyUI's extra_model_paths.yaml, and the
default locations (no DIR)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from explainer import licensedb
from explainer.corpus import load
from explainer.errors import InputError
from explainer.scan import scan
from explainer.stores import detect, ollama_name, read_extra_model_paths, repo_id_of
from tests.conftest import run_cli
from tests.scan_fixtures import (NEW_REV, OLD_REV, build_comfyui, build_hf_cache, build_hf_drift, build_invokeai,
                                 build_lmstudio, build_ollama, build_sidecar_formats)

LLAMA = licensedb.load("llama-3.1-license-2024").body
MIT = licensedb.load("mit").body


@pytest.fixture(scope="module")
def corpus():
    return load()


def by_label(result, label):
    return next(m for m in result.models if m.label == label)


def test_ollama_manifests_blobs_and_license_layers(tmp_path, corpus):
    root = build_ollama(tmp_path / "ollama", LLAMA, MIT)
    assert detect(root) == "ollama"
    result = scan(root, corpus)
    llama = by_label(result, "llama3.1:8b")
    assert llama.store == "ollama" and llama.kind == "gguf" and llama.version == "8b"
    assert llama.license_key == "llama-3.1-license-2024"
    assert llama.declared["key"] == "llama-3.1-license-2024" and llama.declared["source"] == "license file"
    layer = next(e for e in llama.evidence if e.field.startswith("ollama license layer"))
    assert layer.key == "llama-3.1-license-2024" and "/blobs/sha256-" in layer.file
    assert len(llama.hashes["SHA-256"]) == 64 and Path(llama.path).name == f"sha256-{llama.hashes['SHA-256']}"
    assert llama.rights["outputs_commercial"]["verdict"]
    tiny = by_label(result, "hf.co/someone/tiny-GGUF:Q4_K_M")
    assert tiny.license_key == "mit" and {e.source for e in tiny.evidence} >= {"gguf", "license file"}
    lost = by_label(result, "lost:latest")
    assert any("model layer blob missing" in u for u in lost.unreadable)
    assert any(path.endswith("broken/latest") and "not an Ollama manifest" in why for path, why in result.problems)
    assert llama.ref == "ollama:llama3.1@8b"


@pytest.mark.parametrize("parts, name", [
    (("registry.ollama.ai", "library", "llama3.1", "8b"), "llama3.1:8b"),
    (("registry.ollama.ai", "someone", "mix", "latest"), "someone/mix:latest"),
    (("hf.co", "bartowski", "Qwen-GGUF", "Q4_K_M"), "hf.co/bartowski/Qwen-GGUF:Q4_K_M"),
])
def test_ollama_names(parts, name):
    assert ollama_name(parts) == name


def test_hf_cache_two_revisions_and_repo_ids(tmp_path, corpus):
    root = build_hf_cache(tmp_path / "hub")
    assert detect(root) == "hf-cache"
    result = scan(root, corpus)
    assert len(result.models) == 3  # two revisions of one repo + one pipeline; datasets-- is not a model
    old = by_label(result, f"acme/tiny-diffusion@{OLD_REV[:8]}")
    new = by_label(result, f"acme/tiny-diffusion@{NEW_REV[:8]}")
    assert old.license_key == "cc-by-nc-4.0" and new.license_key == "apache-2.0"
    assert new.info["refs"] == ["main"] and old.info["refs"] == []
    assert old.hashes == new.hashes and len(new.hashes["SHA-256"]) == 64  # the LFS blob's name
    assert old.ref != new.ref
    flux = by_label(result, f"black-forest-labs/FLUX.1-dev@{'c' * 8}")
    assert flux.kind == "diffusers" and flux.license_key == "flux-1-nc" and flux.declared is None
    assert flux.concluded["keys"] == ["flux-1-nc"]
    assert any(e.source == "model name" and e.field == "hf repo id" for e in flux.evidence)


def test_declared_and_concluded_are_kept_apart(tmp_path, corpus):
    result = scan(build_hf_drift(tmp_path / "hub"), corpus)
    model = result.models[0]
    assert model.declared["key"] == "apache-2.0"
    assert model.concluded["lineage"]
    assert "flux-1-nc" in model.concluded["keys"] and model.concluded["keys"][0] == "apache-2.0"
    assert model.concluded["drift"] and any("drift" in c for c in model.conflicts)
    # the rights are the concluded license's: FLUX.1 [dev]'s restrictions flow down to the fine-tune
    assert model.rights["hosted_service_or_api"]["verdict"] == "no"
    assert model.rights["hosted_service_or_api"]["source"] == "flux-1-nc"
    assert model.rights["non_commercial_only"]["verdict"] == "yes"


def test_invokeai_database(tmp_path, corpus):
    root = build_invokeai(tmp_path / "invokeai")
    assert detect(root) == "invokeai"
    before = (root / "databases" / "invokeai.db").stat().st_mtime_ns
    result = scan(root, corpus)
    assert (root / "databases" / "invokeai.db").stat().st_mtime_ns == before  # opened read-only
    turbo = by_label(result, "sdxl-turbo")
    assert turbo.store == "invokeai" and turbo.hashes == {"BLAKE3": "1" * 64}
    assert any(e.source == "store metadata" and e.field == "card_data.license_name" for e in turbo.evidence)
    assert turbo.license_key == "stability-ai-nc-2023-12-06"
    schnell = by_label(result, "FLUX.1-schnell")  # card_data stored as YAML text (str() of the card object)
    assert schnell.declared["key"] == "apache-2.0" and schnell.declared["field"] == "card_data.license"
    assert any("model file not found" in u for u in schnell.unreadable)
    detail = by_label(result, "detail")
    assert detail.license_key is None and not detail.unreadable
    assert len(result.models) == 4


def test_invokeai_bad_database_is_one_problem(tmp_path, corpus):
    root = tmp_path / "invokeai"
    (root / "databases").mkdir(parents=True)
    sqlite3.connect(root / "databases" / "invokeai.db").execute("CREATE TABLE other (x)").connection.close()
    result = scan(root, corpus)
    assert result.models == [] and "not an InvokeAI 4+ model database" in result.problems[0][1]


def test_sidecar_formats(tmp_path, corpus):
    result = scan(build_sidecar_formats(tmp_path / "loras"), corpus)
    models = {Path(m.path).stem: m for m in result.models}
    sm = models["sm_lora"]  # Stability Matrix: PascalCase
    assert sm.civitai["baseModel"] == "Flux.1 D" and sm.license_key == "flux-1-nc"
    assert sm.hashes["SHA-256"] == "ab" * 32
    lm = models["lm_lora"]  # ComfyUI-Lora-Manager: snake_case, CivitAI answer under "civitai"
    assert lm.civitai["baseModel"] == "SDXL 1.0" and lm.civitai["allowCommercialUse"] == ["Image", "Sell"]
    assert lm.license_key == "bigscience-open-rail-m2" and lm.hashes["SHA-256"] == "cd" * 32
    ch = models["ch_lora"]  # Civitai Helper: .civitai.info wins over the A1111 .json
    assert ch.civitai["baseModel"] == "SD 1.5" and ch.non_commercial
    assert ch.hashes["SHA-256"] == "ef" * 32
    only = models["a1111_only"]  # A1111's `sd version`
    assert only.civitai["baseModel"] == "SDXL 1.0" and only.license_key == "bigscience-open-rail-m2"


def test_comfyui_extra_model_paths(tmp_path, corpus):
    comfy = build_comfyui(tmp_path / "ComfyUI", tmp_path / "a1111")
    problems = []
    locations = read_extra_model_paths(comfy / "extra_model_paths.yaml", problems)
    folders = {loc.path for loc in locations}
    assert tmp_path / "a1111" / "models" / "Lora" in folders and tmp_path / "a1111" / "models" / "LyCORIS" in folders
    assert not any("custom_nodes" in str(f) for f in folders)
    assert tmp_path / "relative-elsewhere" / "vae" in folders  # relative base_path: from the yaml's folder
    result = scan(comfy, corpus)
    names = {Path(m.path).name for m in result.models}
    assert names == {"local_sdxl.safetensors", "a1111_flux.safetensors"}
    flux = next(m for m in result.models if m.path.endswith("a1111_flux.safetensors"))
    assert flux.license_key == "apache-2.0"
    assert any("a111.loras" in loc.why for loc in result.locations)
    bad = tmp_path / "bad.yaml"
    bad.write_text("- just\n- a list\n")
    assert read_extra_model_paths(bad, problems) == [] and "not a mapping" in problems[-1][1]


def test_lmstudio(tmp_path, corpus):
    root = build_lmstudio(tmp_path / ".lmstudio" / "models")
    assert detect(root) == "lmstudio"
    model = scan(root, corpus).models[0]
    assert model.store == "lmstudio" and model.name == "lmstudio-community/Meta-Llama-3.1-8B-Instruct-GGUF"
    assert model.license_key == "llama-3.1-license-2024"


def test_repo_ids():
    assert repo_id_of("models--meta-llama--Llama-3.1-8B") == "meta-llama/Llama-3.1-8B"
    assert repo_id_of("models--gpt2") == "gpt2"
    assert repo_id_of("datasets--a--b") is None


def fake_home(tmp_path: Path) -> tuple[Path, dict]:
    home = tmp_path / "home"
    build_ollama(home / "ollama-elsewhere", LLAMA, MIT)
    build_hf_cache(home / "hf" / "hub")
    build_invokeai(home / "invokeai")
    build_sidecar_formats(home / "ComfyUI" / "models" / "loras")
    build_lmstudio(home / ".lmstudio" / "models")
    env = {"OLLAMA_MODELS": str(home / "ollama-elsewhere"), "HF_HOME": str(home / "hf")}
    return home, env


def test_no_dir_scans_the_default_locations(tmp_path, corpus):
    home, env = fake_home(tmp_path)
    result = scan(None, corpus, env=env, home=home)
    kinds = {(loc.kind, loc.why) for loc in result.locations}
    assert kinds == {("ollama", "$OLLAMA_MODELS"), ("hf-cache", "$HF_HOME/hub"), ("lmstudio", "~/.lmstudio/models"),
                     ("invokeai", "~/invokeai"), ("folder", "~/ComfyUI/models")}
    assert {m.store for m in result.models} == {"ollama", "hf-cache", "lmstudio", "invokeai", "folder"}
    env["HF_HUB_CACHE"] = str(home / "hf" / "hub")
    assert ("hf-cache", "$HF_HUB_CACHE") in {(loc.kind, loc.why) for loc in scan(None, corpus, env=env,
                                                                                  home=home).locations}
    with pytest.raises(InputError, match="no model store found"):
        scan(None, corpus, env={}, home=tmp_path / "empty")


def test_cli_without_dir(tmp_path):
    home, env = fake_home(tmp_path)
    env = {**env, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "HF_HUB_CACHE": "",
           "INVOKEAI_ROOT": "", "COLUMNS": "250"}
    done = run_cli("scan", "--json", env=env)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["root"] == "default locations" and len(data["locations"]) == 5
    assert set(data["summary"]["stores"]) == {"ollama", "hf-cache", "lmstudio", "invokeai", "folder"}
    table = run_cli("scan", env=env)
    assert table.returncode == 0 and "scanned: ollama" in table.stdout and "llama3.1:8b" in table.stdout
    assert "not legal advice" in table.stdout
    empty = run_cli("scan", env={"HOME": str(tmp_path / "nobody"), "OLLAMA_MODELS": "", "HF_HOME": "",
                                 "HF_HUB_CACHE": "", "INVOKEAI_ROOT": "", "XDG_CACHE_HOME": ""})
    assert empty.returncode == 2 and "no model store found" in empty.stderr and len(empty.stderr.splitlines()) == 1


def test_bad_store_input_is_reported_and_the_scan_goes_on(tmp_path, corpus):
    invoke = tmp_path / "invokeai"
    (invoke / "databases").mkdir(parents=True)
    (invoke / "databases" / "invokeai.db").write_bytes(b"not a database at all" * 10)
    result = scan(invoke, corpus)
    assert result.models == [] and "not an InvokeAI 4+ model database" in result.problems[0][1]

    hub = build_hf_cache(tmp_path / "hub")
    snapshot = hub / "models--acme--tiny-diffusion" / "snapshots" / NEW_REV
    (snapshot / "model.safetensors").unlink()
    (snapshot / "model.safetensors").symlink_to("../../blobs/gone")
    (snapshot / "README.md").unlink()
    (snapshot / "README.md").write_bytes(b"---\nlicense: [unclosed\n---\n")
    new = by_label(scan(hub, corpus), f"acme/tiny-diffusion@{NEW_REV[:8]}")
    assert any("broken link into blobs/" in u for u in new.unreadable)
    assert len(scan(hub, corpus).models) == 3

    ollama = build_ollama(tmp_path / "ollama", LLAMA, MIT)
    (ollama / "manifests" / "registry.ollama.ai" / "library" / "junk").mkdir()
    (ollama / "manifests" / "registry.ollama.ai" / "library" / "junk" / "latest").write_bytes(b"\xff\xfe{")
    result = scan(ollama, corpus)
    assert any("junk/latest" in path for path, _ in result.problems)
    assert by_label(result, "llama3.1:8b").license_key == "llama-3.1-license-2024"

    yaml_file = tmp_path / "comfy" / "extra_model_paths.yaml"
    yaml_file.parent.mkdir()
    yaml_file.write_text("a: [unclosed", encoding="utf-8")
    problems = []
    assert read_extra_model_paths(yaml_file, problems) == [] and problems[0][1].startswith("unreadable:")


def test_diff_matches_a_new_revision_of_a_repo(tmp_path, corpus):
    import shutil

    from explainer.scan import diff

    hub = build_hf_cache(tmp_path / "hf" / "hub")
    repo = hub / "models--acme--tiny-diffusion"
    shutil.rmtree(repo / "snapshots" / NEW_REV)
    old = scan(tmp_path / "hf", corpus).to_dict()  # $HF_HOME stands for its hub/ folder
    assert old["locations"][0]["kind"] == "hf-cache"
    shutil.rmtree(hub)
    build_hf_cache(hub)
    shutil.rmtree(repo / "snapshots" / OLD_REV)
    changes = diff(old, scan(hub, corpus).to_dict())
    [changed] = changes["changed"]
    whats = {c["what"]: (c["old"], c["new"]) for c in changed["changes"]}
    assert whats["version"] == (OLD_REV, NEW_REV) and whats["license"] == ("cc-by-nc-4.0", "apache-2.0")
    assert whats["non_commercial_only"] == ("yes", "no")
    assert changes["summary"]["added"] == changes["summary"]["removed"] == 0


def test_ollama_model_imported_from_safetensors(tmp_path, corpus):
    from tests.scan_fixtures import write_json

    root = build_ollama(tmp_path / "ollama", LLAMA, MIT)
    blob = root / "blobs" / ("sha256-" + "e" * 64)
    blob.write_text(MIT, encoding="utf-8")
    write_json(root / "manifests" / "registry.ollama.ai" / "someone" / "st" / "latest", {"schemaVersion": 2, "layers": [
        {"mediaType": "application/vnd.ollama.image.tensor; name=w; dtype=F16; shape=2,2", "digest": "sha256:" + "f" * 64,
         "size": 8},
        {"mediaType": "application/vnd.ollama.image.license", "digest": "sha256:" + "e" * 64, "size": 10}]})
    model = by_label(scan(root, corpus), "someone/st:latest")
    assert model.kind == "repo" and model.license_key == "mit" and not model.unreadable
    assert model.info["tensor_layers"] == 1
