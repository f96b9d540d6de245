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
