"""Scan benchmark: 1,000 generated model files (GGUF, safetensors with and without metadata, checkpoints, CivitAI
sidecars, model cards) scanned in process and through `explainer scan --json`; 1,000 models spread over the stores
(Ollama, Hugging Face cache, InvokeAI database, sidecar formats) scanned with no DIR and written as a CycloneDX
BOM. Also a large sparse file, to show that only the header is read. Prints figures only."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from explainer.corpus import Corpus  # noqa: E402
from explainer.scan import scan  # noqa: E402
from explainer.bom import to_json, validate  # noqa: E402
from tests.scan_fixtures import (write_gguf, write_hf_snapshot, write_json, write_ollama_model,  # noqa: E402
                                 write_safetensors)

FILES = 1000
LICENSES = ["apache-2.0", "llama3.1", "other", "mit", "gemma"]
BASES = ["SDXL 1.0", "Flux.1 D", "SD 1.5", "Pony", "Flux.1 S"]


def build(root: Path) -> None:
    for i in range(FILES):
        folder = root / f"group{i // 50:02d}"
        kind = i % 4
        if kind == 0:
            write_gguf(folder / f"model-{i}.gguf", {"general.license": LICENSES[i % 5], "general.name": f"Model {i}"})
        elif kind == 1:
            write_safetensors(folder / f"checkpoint-{i}.safetensors", {"modelspec.license": "CreativeML Open RAIL++-M"})
        elif kind == 2:
            write_safetensors(folder / f"lora-{i}.safetensors")
            write_json(folder / f"lora-{i}.civitai.info", {"baseModel": BASES[i % 5],
                                                           "model": {"allowCommercialUse": "{Image,Rent}"}})
        else:
            (folder / f"old-{i}.ckpt").write_bytes(b"\x80\x02" + bytes(64))
        if i % 50 == 0:
            (folder / "README.md").write_text("---\nlicense: openrail++\n---\n", encoding="utf-8")


def build_stores(home: Path) -> int:
    """250 Ollama models, 250 Hugging Face cache revisions, 250 InvokeAI rows, 250 LoRAs with store sidecars."""
    import sqlite3

    from tests.scan_fixtures import INVOKEAI_SCHEMA, _safetensors_bytes

    apache = "Apache License Version 2.0, January 2004 http://www.apache.org/licenses/ TERMS AND CONDITIONS"
    for i in range(250):
        write_ollama_model(home / ".ollama" / "models", ("registry.ollama.ai", "library", f"model{i}", "latest"),
                           {"general.license": LICENSES[i % 5], "general.name": f"Model {i}"},
                           [apache] if i % 2 else [])
    weights = _safetensors_bytes(home / "w.safetensors")
    hub = home / ".cache" / "huggingface" / "hub"
    for i in range(250):
        write_hf_snapshot(hub / f"models--org--repo{i}", f"{i:040x}", {
            "README.md": f"---\nlicense: {LICENSES[i % 5]}\n---\n".encode(), "model.safetensors": weights})
    root = home / "invokeai"
    (root / "databases").mkdir(parents=True)
    connection = sqlite3.connect(root / "databases" / "invokeai.db")
    connection.execute(INVOKEAI_SCHEMA)
    for i in range(250):
        path = write_safetensors(root / "models" / "sdxl" / "main" / f"m{i}.safetensors")
        config = {"key": f"k{i}", "hash": "blake3:" + "1" * 64, "base": "sdxl", "type": "main", "format": "checkpoint",
                  "path": str(path), "name": f"m{i}", "source": "org/m", "source_type": "hf_repo_id",
                  "source_api_response": json.dumps({"card_data": {"license": LICENSES[i % 5]}})}
        connection.execute("INSERT INTO models (id, config) VALUES (?, ?)", (f"k{i}", json.dumps(config)))
    connection.commit()
    connection.close()
    loras = home / "ComfyUI" / "models" / "loras"
    for i in range(250):
        write_safetensors(loras / f"lora{i}.safetensors")
        if i % 2:
            write_json(loras / f"lora{i}.cm-info.json", {"ModelName": f"L{i}", "BaseModel": BASES[i % 5],
                                                        "Hashes": {"SHA256": "ab" * 32}})
        else:
            write_json(loras / f"lora{i}.metadata.json", {"model_name": f"L{i}", "base_model": BASES[i % 5],
                                                         "sha256": "cd" * 32})
    return 1000


def main() -> None:
    corpus = Corpus()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "models"
        started = time.perf_counter()
        build(root)
        print(f"generated {FILES} model files in {time.perf_counter() - started:.1f} s")
        scan(root, corpus)  # warm the caches (identify matcher, cards) once
        started = time.perf_counter()
        result = scan(root, corpus)
        elapsed = time.perf_counter() - started
        print(f"scan in process: {len(result.models)} models in {elapsed:.2f} s "
              f"({elapsed / len(result.models) * 1000:.2f} ms per model)   target <= 10 s for 1,000")
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "explainer", "scan", str(root), "--json"], capture_output=True,
                              text=True, cwd=REPO)
        elapsed = time.perf_counter() - started
        summary = json.loads(done.stdout)["summary"]
        print(f"`explainer scan --json` process: {elapsed:.2f} s ({summary})")
        home = Path(tmp) / "home"
        started = time.perf_counter()
        expected = build_stores(home)
        print(f"generated {expected} models in 4 stores in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        result = scan(None, corpus, env={}, home=home)
        elapsed = time.perf_counter() - started
        print(f"scan with no DIR (ollama, hf-cache, invokeai, folder): {len(result.models)} models in {elapsed:.2f} s "
              f"({elapsed / len(result.models) * 1000:.2f} ms per model)   target <= 10 s for 1,000")
        started = time.perf_counter()
        bom = to_json(result, corpus)
        built = time.perf_counter() - started
        started = time.perf_counter()
        error = validate(bom)
        print(f"CycloneDX 1.6 BOM of {len(result.models)} models: built in {built:.2f} s, {len(bom) / 1e6:.1f} MB, "
              f"validated in {time.perf_counter() - started:.2f} s ({'valid' if error is None else error})")
        big = Path(tmp) / "big"
        path = write_safetensors(big / "huge.safetensors", {"modelspec.license": "apache-2.0"})
        with open(path, "r+b") as handle:  # a 7 GB sparse tail: a full read would take minutes
            handle.truncate(7 * 1024**3)
        started = time.perf_counter()
        scan(big, corpus)
        print(f"a 7 GB (sparse) safetensors file: {(time.perf_counter() - started) * 1000:.1f} ms (header only)")


if __name__ == "__main__":
    main()
