"""Scan benchmark: 1,000 generated model files (GGUF, safetensors with and without metadata, checkpoints, CivitAI
sidecars, model cards) scanned in process and through `explainer scan --json`. Also a large sparse file, to show
that only the header is read. Prints figures only."""

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
from tests.scan_fixtures import write_gguf, write_json, write_safetensors  # noqa: E402

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
        big = Path(tmp) / "big"
        path = write_safetensors(big / "huge.safetensors", {"modelspec.license": "apache-2.0"})
        with open(path, "r+b") as handle:  # a 7 GB sparse tail: a full read would take minutes
            handle.truncate(7 * 1024**3)
        started = time.perf_counter()
        scan(big, corpus)
        print(f"a 7 GB (sparse) safetensors file: {(time.perf_counter() - started) * 1000:.1f} ms (header only)")


if __name__ == "__main__":
    main()
