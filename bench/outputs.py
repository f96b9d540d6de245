"""Outputs benchmark: 5,000 generated images (ComfyUI PNG/WebP, A1111 PNG/JPEG, InvokeAI, Fooocus, NovelAI, Easy
Diffusion sidecars, stripped and corrupt files) audited in process and through `explainer outputs --json`, with a
`--models` folder holding a 2 GB (sparse) checkpoint that some images name only by hash: it is hashed once, then
read from the cache. Prints figures only."""

from __future__ import annotations

import json
import os
from collections import Counter
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from explainer.corpus import Corpus  # noqa: E402
from explainer.outputs import audit  # noqa: E402
from explainer.outputs.hashes import HashCache, compute  # noqa: E402
from tests.outputs_fixtures import build_models, build_outputs_folder, write_a1111_png, a1111_parameters  # noqa: E402
from tests.scan_fixtures import write_json  # noqa: E402

IMAGES = 5000
BIG = 2 * 1024**3


def big_checkpoint(path: Path) -> Path:
    """A safetensors file of 2 GB whose tensor data is a sparse hole (no disk used, every byte still hashed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = json.dumps({"w": {"dtype": "U8", "shape": [BIG - 256], "data_offsets": [0, BIG - 256]}}).encode()
    header += b" " * (248 - len(header))
    with open(path, "wb") as handle:
        handle.write(struct.pack("<Q", len(header)) + header)
        handle.truncate(BIG)
    write_json(path.with_suffix(".civitai.info"), {"baseModel": "SDXL 1.0", "model": {
        "name": "Big Merge", "type": "Checkpoint", "allowCommercialUse": ["Image", "RentCivit"]}})
    return path


def build(root: Path, models: Path, big_hash: str) -> int:
    """5,000 images: the fixture set of every generator, copied over and over, plus images naming the big
    checkpoint only by hash."""
    seeds = build_outputs_folder(root / "seed", models)
    seeds["big"] = write_a1111_png(root / "seed" / "big.png", a1111_parameters(model="renamed_merge",
                                                                               model_hash=big_hash[:10]))
    files = [p for p in seeds.values()]
    count = 0
    while count < IMAGES - len(files):
        for source in files:
            folder = root / f"batch{count // 500:02d}"
            folder.mkdir(exist_ok=True)
            target = folder / f"{count:05d}{source.suffix}"
            shutil.copyfile(source, target)
            for suffix in (".json", ".txt"):  # Easy Diffusion sidecars travel with their image
                if source.with_suffix(suffix).is_file():
                    shutil.copyfile(source.with_suffix(suffix), target.with_suffix(suffix))
            count += 1
            if count >= IMAGES - len(files):
                break
    return count + len(files)


def main() -> None:
    corpus = Corpus()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["EXPLAINER_HOME"] = str(tmp / "home")  # a cold hash cache
        models = build_models(tmp / "models")
        big = big_checkpoint(models / "checkpoints" / "big_merge_v1.safetensors")
        started = time.perf_counter()
        big_hash = compute(big, ("sha256",)).sha256
        print(f"set-up: hashing the 2 GB checkpoint directly (to name it in images): "
              f"{time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        total = build(tmp / "out", models, big_hash)
        print(f"generated {total} images in {time.perf_counter() - started:.1f} s")

        cache = HashCache()
        started = time.perf_counter()
        cold = audit([tmp / "out"], corpus, models=[models], cache=cache)
        cold_s = time.perf_counter() - started
        big_hashed = any(Path(p).name == big.name for p in cache.entries)
        print(f"audit in process, cold hash cache: {len(cold.images)} images in {cold_s:.2f} s, "
              f"{cold.hashed_files} model file(s) read for hashing (the 2 GB one: {'yes' if big_hashed else 'no'})")
        started = time.perf_counter()
        warm = audit([tmp / "out"], corpus, models=[models], cache=HashCache())
        warm_s = time.perf_counter() - started
        print(f"audit in process, warm: {len(warm.images)} images in {warm_s:.2f} s "
              f"({warm_s / len(warm.images) * 1000:.2f} ms per image), {warm.hashed_files} files hashed   "
              "target <= 10 s for 5,000")
        counts = warm.to_dict()["summary"]["verdicts"]
        by_hash = Counter(Path(i.models[0].found.file).name for i in warm.images
                          if i.models and i.models[0].found.source == "hash")
        print(f"verdicts: {counts}; images resolved only by hash: {dict(by_hash)}")
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "explainer", "outputs", str(tmp / "out"), "--models",
                               str(models), "--json"], capture_output=True, text=True, cwd=REPO)
        elapsed = time.perf_counter() - started
        data = json.loads(done.stdout)
        print(f"`explainer outputs --json` process, warm cache: {len(data['images'])} images in {elapsed:.2f} s "
              f"(exit {done.returncode})")


if __name__ == "__main__":
    main()
