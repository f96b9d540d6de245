"""Model folders for scan tests and the scan benchmark, written with the gguf and safetensors writers."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np


def write_gguf(path: Path, metadata: dict[str, str]) -> Path:
    from gguf import GGUFWriter

    path.parent.mkdir(parents=True, exist_ok=True)
    writer = GGUFWriter(str(path), "llama")
    for key, value in metadata.items():
        writer.add_string(key, value)
    writer.add_tensor("w", np.zeros((4, 4), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def write_safetensors(path: Path, metadata: dict[str, str] | None = None) -> Path:
    from safetensors.numpy import save_file

    path.parent.mkdir(parents=True, exist_ok=True)
    save_file({"w": np.zeros((2, 2), dtype=np.float32)}, str(path), metadata=metadata or None)
    return path


def write_json(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def build_models_folder(root: Path, mit_text: str = "") -> Path:
    """A ComfyUI-like folder with every kind of evidence and every kind of breakage."""
    ckpt, lora, llm = root / "checkpoints", root / "loras", root / "llm"
    write_safetensors(ckpt / "juggernautXL_v9Rdphoto2Lightning.safetensors")
    write_safetensors(ckpt / "my_sdxl_mix.safetensors", {"modelspec.license": "CreativeML Open RAIL++-M",
                                                          "modelspec.title": "My SDXL mix"})
    write_safetensors(lora / "fluxStyle.safetensors")
    write_json(lora / "fluxStyle.civitai.info", {"baseModel": "Flux.1 D", "model": {
        "name": "Flux Style", "type": "LORA", "allowCommercialUse": "{Image,RentCivit,Rent,Sell}",
        "allowNoCredit": True, "allowDerivatives": True, "allowDifferentLicense": False}})
    write_safetensors(lora / "sd15_portrait.safetensors")
    write_json(lora / "sd15_portrait.metadata.json", {"allowCommercialUse": ["None"], "baseModel": "SD 1.5"})
    write_safetensors(lora / "broken_sidecar.safetensors")
    (lora / "broken_sidecar.civitai.info").write_text("{not json", encoding="utf-8")
    write_gguf(llm / "llama31" / "llama-3.1-8b-instruct-q4.gguf", {"general.license": "apache-2.0",
                                                                    "general.name": "Llama 3.1 8B Instruct"})
    (llm / "llama31" / "README.md").write_text("---\nlicense: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\n---\n"
                                               "# Llama 3.1 8B GGUF\n", encoding="utf-8")
    write_gguf(llm / "qwen2.5-72b-q4.gguf", {"general.license": "other", "general.license.name": "qwen"})
    (llm / "corrupt.gguf").write_bytes(b"GGUF" + os.urandom(64))
    (ckpt / "truncated.safetensors").write_bytes((10**9).to_bytes(8, "little") + b'{"w": ')
    (ckpt / "mystery.ckpt").write_bytes(b"\x80\x02not a real pickle")
    (ckpt / "gone.safetensors").symlink_to(ckpt / "does-not-exist.safetensors")
    pipe = root / "diffusers" / "sdxl-pipeline"
    write_json(pipe / "model_index.json", {"_class_name": "StableDiffusionXLPipeline"})
    (pipe / "README.md").write_text("---\nlicense: openrail++\n---\n", encoding="utf-8")
    write_safetensors(pipe / "unet" / "diffusion_pytorch_model.safetensors")
    if mit_text:
        own = root / "own"
        write_safetensors(own / "tiny.safetensors")
        (own / "LICENSE").write_text(mit_text + "\n\nAdditional term: you may not use this model behind an API "
                                     "service.\n", encoding="utf-8")
    return root


# -- stores: each written in its real on-disk layout --------------------------------------------------------------
def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def write_ollama_model(root: Path, name: tuple[str, str, str, str], gguf_meta: dict[str, str],
                       licenses: list[str] = ()) -> Path:
    """~/.ollama/models: manifests/<host>/<namespace>/<model>/<tag> (a JSON manifest) and blobs/sha256-<hex>:
    the model layer is the GGUF file, each license layer a plain text."""
    blobs = root / "blobs"
    blobs.mkdir(parents=True, exist_ok=True)
    tmp = write_gguf(root / "tmp.gguf", gguf_meta)
    data = tmp.read_bytes()
    tmp.unlink()
    layers = []

    def add(media_type: str, content: bytes) -> str:
        digest = _sha256(content)
        (blobs / f"sha256-{digest}").write_bytes(content)
        layers.append({"mediaType": media_type, "digest": f"sha256:{digest}", "size": len(content)})
        return digest

    add("application/vnd.ollama.image.model", data)
    add("application/vnd.ollama.image.template", b"{{ .Prompt }}")
    for text in licenses:
        add("application/vnd.ollama.image.license", text.encode("utf-8"))
    config = json.dumps({"model_format": "gguf", "model_family": "llama"}).encode()
    config_digest = _sha256(config)
    (blobs / f"sha256-{config_digest}").write_bytes(config)
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                "config": {"mediaType": "application/vnd.docker.container.image.v1+json",
                           "digest": f"sha256:{config_digest}", "size": len(config)},
                "layers": layers}
    return write_json(root / "manifests" / Path(*name), manifest)


def build_ollama(root: Path, llama_text: str, mit_text: str) -> Path:
    write_ollama_model(root, ("registry.ollama.ai", "library", "llama3.1", "8b"),
                       {"general.name": "Meta Llama 3.1 8B Instruct"}, [llama_text])
    write_ollama_model(root, ("hf.co", "someone", "tiny-GGUF", "Q4_K_M"), {"general.license": "mit"}, [mit_text])
    write_json(root / "manifests" / "registry.ollama.ai" / "library" / "broken" / "latest", {"no": "layers"})
    lost = write_ollama_model(root, ("registry.ollama.ai", "library", "lost", "latest"), {"general.name": "lost"})
    model_digest = json.loads(lost.read_text())["layers"][0]["digest"]
    (root / "blobs" / model_digest.replace(":", "-")).unlink()
    return root


def write_hf_snapshot(repo: Path, revision: str, files: dict[str, bytes]) -> Path:
    """models--ORG--NAME/snapshots/<revision>/<file> -> ../../blobs/<sha256> (as huggingface_hub links them)."""
    snapshot = repo / "snapshots" / revision
    for name, content in files.items():
        blob = repo / "blobs" / _sha256(content)
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.write_bytes(content)
        link = snapshot / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(os.path.relpath(blob, link.parent))
    return snapshot


def _safetensors_bytes(tmp: Path, metadata: dict[str, str] | None = None) -> bytes:
    path = write_safetensors(tmp, metadata)
    data = path.read_bytes()
    path.unlink()
    return data


OLD_REV, NEW_REV = "a" * 40, "b" * 40


def build_hf_cache(root: Path) -> Path:
    """Two revisions of one repo whose license changed (main points at the newer), and a repo known by its id."""
    repo = root / "models--acme--tiny-diffusion"
    weights = _safetensors_bytes(root / "w.safetensors")
    write_hf_snapshot(repo, OLD_REV, {"README.md": b"---\nlicense: cc-by-nc-4.0\n---\n# tiny\n",
                                      "model.safetensors": weights})
    write_hf_snapshot(repo, NEW_REV, {"README.md": b"---\nlicense: apache-2.0\n---\n# tiny\n",
                                      "model.safetensors": weights})
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(NEW_REV)
    flux = root / "models--black-forest-labs--FLUX.1-dev"
    write_hf_snapshot(flux, "c" * 40, {"model_index.json": b"{}",
                                       "transformer/diffusion_pytorch_model.safetensors": weights})
    (flux / "refs").mkdir(parents=True)
    (flux / "refs" / "main").write_text("c" * 40)
    (root / "datasets--acme--data").mkdir()
    return root


INVOKEAI_SCHEMA = """CREATE TABLE models (
    id TEXT NOT NULL PRIMARY KEY,
    hash TEXT GENERATED ALWAYS as (json_extract(config, '$.hash')) VIRTUAL NOT NULL,
    base TEXT GENERATED ALWAYS as (json_extract(config, '$.base')) VIRTUAL NOT NULL,
    type TEXT GENERATED ALWAYS as (json_extract(config, '$.type')) VIRTUAL NOT NULL,
    path TEXT GENERATED ALWAYS as (json_extract(config, '$.path')) VIRTUAL NOT NULL,
    format TEXT GENERATED ALWAYS as (json_extract(config, '$.format')) VIRTUAL NOT NULL,
    name TEXT GENERATED ALWAYS as (json_extract(config, '$.name')) VIRTUAL NOT NULL,
    description TEXT GENERATED ALWAYS as (json_extract(config, '$.description')) VIRTUAL,
    source TEXT GENERATED ALWAYS as (json_extract(config, '$.source')) VIRTUAL NOT NULL,
    source_type TEXT GENERATED ALWAYS as (json_extract(config, '$.source_type')) VIRTUAL NOT NULL,
    source_api_response TEXT GENERATED ALWAYS as (json_extract(config, '$.source_api_response')) VIRTUAL,
    trigger_phrases TEXT GENERATED ALWAYS as (json_extract(config, '$.trigger_phrases')) VIRTUAL,
    config TEXT NOT NULL,
    created_at DATETIME NOT NULL DEFAULT(STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW')),
    updated_at DATETIME NOT NULL DEFAULT(STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW')),
    UNIQUE(name, base, type)
)"""


def build_invokeai(root: Path) -> Path:
    """An InvokeAI root: databases/invokeai.db (table `models`, one JSON config per model) and models/."""
    import sqlite3

    write_safetensors(root / "models" / "sdxl" / "main" / "sdxl-turbo.safetensors")
    write_safetensors(root / "models" / "sd-1" / "lora" / "detail.safetensors")
    turbo_api = {"id": "stabilityai/sdxl-turbo", "card_data": {"license": "other",
                                                               "license_name": "sai-nc-community"},
                 "tags": ["license:other"]}
    flux_api = {"id": "black-forest-labs/FLUX.1-schnell",
                "card_data": "license: apache-2.0\nlanguage:\n- en\n", "tags": ["license:apache-2.0"]}
    configs = [
        {"key": "k1", "hash": "blake3:" + "1" * 64, "base": "sdxl", "type": "main", "format": "checkpoint",
         "path": "sdxl/main/sdxl-turbo.safetensors", "name": "sdxl-turbo", "source": "stabilityai/sdxl-turbo",
         "source_type": "hf_repo_id", "source_api_response": json.dumps(turbo_api)},
        {"key": "k2", "hash": "sha256:" + "2" * 64, "base": "flux", "type": "main", "format": "diffusers",
         "path": str(root / "elsewhere" / "FLUX.1-schnell"), "name": "FLUX.1-schnell",
         "source": "black-forest-labs/FLUX.1-schnell", "source_type": "hf_repo_id",
         "source_api_response": json.dumps(flux_api)},
        {"key": "k3", "hash": "blake3:" + "3" * 64, "base": "sd-1", "type": "lora", "format": "lycoris",
         "path": "sd-1/lora/detail.safetensors", "name": "detail", "source": "/downloads/detail.safetensors",
         "source_type": "path", "source_api_response": None},
    ]
    (root / "databases").mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(root / "databases" / "invokeai.db")
    connection.execute(INVOKEAI_SCHEMA)
    for config in configs:
        connection.execute("INSERT INTO models (id, config) VALUES (?, ?)", (config["key"], json.dumps(config)))
    connection.execute("INSERT INTO models (id, config) VALUES (?, ?)",
                       ("k4", json.dumps({"key": "k4", "hash": "x", "base": "b", "type": "t", "format": "f",
                                          "path": "p", "name": "n4", "source": "s", "source_type": "path"})))
    connection.commit()
    connection.close()
    return root


def build_sidecar_formats(root: Path) -> Path:
    """One LoRA per sidecar format: Stability Matrix, ComfyUI-Lora-Manager, Civitai Helper (+ A1111 .json)."""
    write_safetensors(root / "sm_lora.safetensors")
    write_json(root / "sm_lora.cm-info.json", {
        "ModelId": 1, "ModelName": "SM Flux LoRA", "ModelType": "LORA", "VersionId": 2, "VersionName": "v1",
        "BaseModel": "Flux.1 D", "Hashes": {"SHA256": "AB" * 32}, "ImportedAt": "2025-01-01T00:00:00+00:00"})
    write_safetensors(root / "lm_lora.safetensors")
    write_json(root / "lm_lora.metadata.json", {
        "file_name": "lm_lora", "model_name": "LM SDXL LoRA", "file_path": str(root / "lm_lora.safetensors"),
        "size": 100, "modified": 0, "sha256": "cd" * 32, "base_model": "SDXL 1.0", "preview_url": "",
        "from_civitai": True, "civitai": {"baseModel": "SDXL 1.0", "model": {
            "name": "LM SDXL LoRA", "type": "LORA", "allowCommercialUse": ["Image", "Sell"]}}})
    write_safetensors(root / "ch_lora.safetensors")
    write_json(root / "ch_lora.civitai.info", {
        "id": 3, "name": "v2", "baseModel": "SD 1.5", "files": [{"hashes": {"SHA256": "EF" * 32}}],
        "model": {"name": "CH LoRA", "type": "LORA", "allowCommercialUse": "None"}})
    write_json(root / "ch_lora.json", {"description": "", "sd version": "SD1", "activation text": "ch",
                                       "preferred weight": 0.8, "notes": ""})
    write_safetensors(root / "a1111_only.safetensors")
    write_json(root / "a1111_only.json", {"sd version": "SDXL", "activation text": ""})
    return root


def build_comfyui(root: Path, shared: Path) -> Path:
    """A ComfyUI folder whose extra_model_paths.yaml points at an Automatic1111 install (`shared`)."""
    write_safetensors(root / "models" / "checkpoints" / "local_sdxl.safetensors",
                      {"modelspec.license": "CreativeML Open RAIL++-M"})
    write_safetensors(shared / "models" / "Lora" / "a1111_flux.safetensors")
    write_json(shared / "models" / "Lora" / "a1111_flux.civitai.info", {"baseModel": "Flux.1 S"})
    (root / "extra_model_paths.yaml").write_text(
        f"a111:\n  base_path: {shared}\n  checkpoints: models/Stable-diffusion\n"
        "  loras: |\n    models/Lora\n    models/LyCORIS\n  custom_nodes: custom_nodes\n"
        "other:\n  base_path: ../relative-elsewhere\n  is_default: true\n  vae: vae\n", encoding="utf-8")
    return root


def build_lmstudio(root: Path) -> Path:
    write_gguf(root / "lmstudio-community" / "Meta-Llama-3.1-8B-Instruct-GGUF" / "Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf",
               {"general.name": "Meta Llama 3.1 8B Instruct"})
    return root


def build_hf_drift(root: Path) -> Path:
    """A fine-tune whose card declares Apache-2.0 on top of FLUX.1 [dev] (non-commercial): license drift."""
    weights = _safetensors_bytes(root / "w.safetensors")
    write_hf_snapshot(root / "models--someone--flux-finetune", "d" * 40, {
        "README.md": b"---\nlicense: apache-2.0\nbase_model: black-forest-labs/FLUX.1-dev\n---\n",
        "flux-finetune.safetensors": weights})
    return root
