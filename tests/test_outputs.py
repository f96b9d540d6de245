"""explainer outputs: images made by every generator (their real metadata layouts, written with Pillow), models
identified by name, hash and CivitAI sidecar, verdicts from the decision core, bad files, the CLI."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from explainer import REMINDER, licensedb
from explainer.corpus import load
from explainer.outputs import audit
from explainer.outputs.hashes import HashCache, compute
from explainer.outputs.metadata import ImageMeta, decode_user_comment, read_a1111, read_image, read_texts
from tests.conftest import run_cli
from tests.outputs_fixtures import (a1111_parameters, build_models, build_outputs_folder, comfy_prompt,
                                    comfy_workflow, write_a1111_png, write_comfy_png, write_corrupt, write_png)


@pytest.fixture
def folders(tmp_path, home):
    models = build_models(tmp_path / "models")
    made = build_outputs_folder(tmp_path / "out", models)
    return tmp_path / "out", models, made


def by_path(result, path: Path):
    return next(image for image in result.images if image.path == str(path))


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def test_mixed_generators_folder(folders):
    out, models, made = folders
    before = snapshot(out), snapshot(models)
    result = audit([out], load(), models=[models])
    generators = {name: by_path(result, path).generator for name, path in made.items()}
    assert generators == {
        "a1111_jugg": "a1111", "a1111_jpeg": "a1111", "a1111_lora_no": "a1111", "a1111_hash_only": "a1111",
        "forge_flux": "forge", "comfy_flux": "comfyui", "comfy_flux_lora": "comfyui", "comfy_webp": "comfyui",
        "comfy_unknown_lora": "comfyui", "invokeai": "invokeai", "fooocus": "fooocus", "novelai": "novelai",
        "easydiffusion": "easydiffusion", "easydiffusion_txt": "easydiffusion", "stripped": None}
    verdicts = {name: by_path(result, path).verdict for name, path in made.items()}
    assert verdicts["a1111_jugg"] == verdicts["a1111_jpeg"] == verdicts["invokeai"] == "yes"
    assert verdicts["fooocus"] == verdicts["easydiffusion"] == verdicts["easydiffusion_txt"] == "yes"
    assert verdicts["comfy_webp"] == "yes"  # SDXL base + the SDXL VAE (MIT), from EXIF tags of a WebP
    assert verdicts["comfy_unknown_lora"] == "unknown"  # an unidentified LoRA and nothing says no
    assert verdicts["novelai"] == "unknown" and "NovelAI" in by_path(result, made["novelai"]).conditions
    jugg = by_path(result, made["a1111_jugg"])
    assert [(m.ref.role, m.found.model, m.found.license_key) for m in jugg.models] == [
        ("checkpoint", "Juggernaut XL", "bigscience-open-rail-m2")]
    assert jugg.models[0].ref.hash == "c9e3e68f89"
    summary = result.to_dict()["summary"]
    assert summary["images"] == len(made) and summary["skipped_files"] >= 1  # notes.md and the ED sidecars
    assert summary["verdicts"]["no"] == 2
    combos = {(row["models"], row["verdict"]): row["count"] for row in summary["combinations"]}
    assert combos[("Juggernaut XL", "yes")] == 4
    assert combos[("no metadata", "unknown")] == 1
    assert (snapshot(out), snapshot(models)) == before  # nothing is written next to images or models


def test_lora_whose_civitai_flags_forbid_selling_on_a_base_that_allows_it(folders):
    out, models, made = folders
    result = audit([out], load(), models=[models])
    for name in ("a1111_lora_no", "comfy_flux_lora"):
        image = by_path(result, made[name])
        base, lora = image.models
        assert (base.ref.role, base.judged.verdict) == ("checkpoint", "yes")
        assert (lora.ref.role, lora.judged.verdict, lora.found.source) == ("lora", "no", "models folder")
        assert image.verdict == "no" and image.deciding is lora
        assert image.to_dict()["deciding"] == {"model": "'XYZ Style' LoRA", "license_key": "bigscience-open-rail-m2",
                                               "clause_id": None}
        quote = image.quotes[0]
        assert quote["field"] == "allowCommercialUse" and quote["text"] == '"allowCommercialUse": "{RentCivit}"'
        assert quote["file"].endswith("xyzStyle.civitai.info")
        assert "selling images" in image.why
    a1111 = by_path(result, made["a1111_lora_no"])
    assert a1111.models[1].ref.weight == 0.8 and len(a1111.models[1].ref.hash) == 12
    # the same LoRA on the same base, allowed by its page
    allowed = write_a1111_png(out / "more" / "free.png", a1111_parameters(loras=[("freeStyle", 1.0, None)]))
    assert audit([allowed], load(), models=[models]).images[0].verdict == "yes"


def test_flux_dev_image(folders):
    """FLUX.1 [dev]'s Outputs section lets you sell what you make (its Restrictions clause is quoted as a caveat)."""
    out, models, made = folders
    result = audit([made["comfy_flux"], made["forge_flux"]], load())
    for image in result.images:
        assert image.verdict == "yes"
        assert image.deciding.label == "FLUX.1 [dev]" and image.deciding.found.license_key == "flux-1-nc"
        assert {m.ref.role for m in image.models} == {"diffusion_model", "checkpoint", "vae", "text_encoder"} & \
            {m.ref.role for m in image.models}
        assert all(m.judged.verdict == "yes" for m in image.models if m.ref.role in ("vae", "text_encoder"))
        body = licensedb.load("flux-1-nc").body
        assert image.quotes and all(body[q["start"]:q["end"]] == q["text"] for q in image.quotes)
        assert image.to_dict()["deciding"]["clause_id"] == image.quotes[0]["clause_id"]
        assert "commercial" in image.conditions.lower()


def test_a1111_image_known_only_by_hash(folders, home):
    out, models, made = folders
    image_path = made["a1111_hash_only"]
    unknown = audit([image_path], load()).images[0]
    assert unknown.verdict == "unknown" and unknown.models[0].found.source == "unresolved"
    cache = HashCache()
    found = audit([image_path], load(), models=[models], cache=cache)
    image = found.images[0]
    assert image.verdict == "yes" and image.models[0].found.source == "hash"
    assert image.models[0].found.file.endswith("mystery_merge_v3.safetensors")
    assert image.models[0].found.license_key == "stable-diffusion-2022-08-22"  # its sidecar's base model
    # files in checkpoints/ are hashed first and hashing stops at the match: no LoRA is read
    assert 1 <= found.hashed_files <= len(list((models / "checkpoints").glob("*.safetensors")))
    assert cache.path.is_file() and str(home) in str(cache.path)
    again = audit([image_path], load(), models=[models], cache=HashCache())
    assert again.images[0].verdict == "yes" and again.hashed_files == 0  # every hash came from the cache


def test_hash_algorithms(tmp_path):
    models = build_models(tmp_path / "models")
    path = models / "loras" / "xyzStyle.safetensors"
    data = path.read_bytes()
    header = int.from_bytes(data[:8], "little")
    hashes = compute(path)
    assert hashes.sha256 == hashlib.sha256(data).hexdigest()
    assert hashes.addnet == hashlib.sha256(data[8 + header:]).hexdigest()
    assert hashes.autov1 == hashlib.sha256(data[0x100000:0x110000]).hexdigest()[:8]
    assert hashes.matches(hashes.sha256[:10], "sha256") and hashes.matches(hashes.addnet[:12], "addnet")
    assert hashes.matches(hashes.sha256.upper(), "sha256") and not hashes.matches("0123456789", "sha256")
    assert compute(path, ("addnet",)).sha256 is None and compute(path, ("addnet",)).addnet == hashes.addnet
    # a LoRA named only by its A1111 hash: found among tensor-data hashes, the whole-file ones never computed
    from explainer.outputs.hashes import ModelFiles
    files = ModelFiles([models], HashCache(tmp_path / "cache.json"))
    assert files.by_hash(hashes.addnet[:12], "lora") == path
    assert all(entry.get("sha256") is None for entry in files.cache.entries.values())
    assert not any("checkpoints" in entry for entry in files.cache.entries)  # loras/ first, stopped at the match
    assert files.by_hash(hashes.sha256[:10], "lora") == path  # Fooocus writes whole-file hashes for LoRAs


def test_stripped_and_corrupt_images(tmp_path, home):
    folder = tmp_path / "bad"
    bad = write_corrupt(folder)
    write_png(folder / "stripped.png", {})
    write_png(folder / "other-text.png", {"Software": "Photoshop", "Description": "a holiday photo"})
    (folder / "readme.txt").write_text("hello", encoding="utf-8")
    ok = write_a1111_png(folder / "sub" / "fine.png", a1111_parameters())
    result = audit([folder], load())
    statuses = {Path(image.path).name: (image.verdict, image.unreadable, image.generator) for image in result.images}
    for path in bad:
        verdict, why, generator = statuses[path.name]
        assert verdict == "unknown" and why and generator is None
    assert "limit" in statuses["bomb.png"][1]  # the inflated chunk was refused, not inflated
    assert statuses["stripped.png"] == ("unknown", None, None)
    assert statuses["other-text.png"] == ("unknown", None, None)
    assert statuses[ok.name][0] == "yes"  # the audit went on
    stripped = next(i for i in result.images if i.path.endswith("stripped.png"))
    assert "stripped" in stripped.conditions
    assert result.to_dict()["summary"]["unreadable"] == 3


def test_folders_symlinks_and_non_images(tmp_path, home):
    folder = tmp_path / "imgs"
    image = write_a1111_png(folder / "a.png", a1111_parameters())
    (folder / "loop").symlink_to(folder, target_is_directory=True)  # never followed
    (folder / "again.png").symlink_to(image)  # the same file twice: audited once
    (folder / "gone.png").symlink_to(folder / "missing.png")
    notes = folder / "notes.md"
    notes.write_text("x", encoding="utf-8")
    result = audit([folder, notes], load())
    paths = [Path(i.path).name for i in result.images]
    assert paths.count("a.png") + paths.count("again.png") == 1
    assert ("notes.md" in paths) and next(i for i in result.images if i.path.endswith("notes.md")).unreadable
    assert any("broken symlink" in why for _, why in result.problems)
    locked = folder / "locked"
    locked.mkdir()
    write_a1111_png(locked / "x.png", a1111_parameters())
    locked.chmod(0)
    try:
        if os.geteuid() != 0:
            result = audit([folder], load())
            assert any("unreadable folder" in why for _, why in result.problems)
    finally:
        locked.chmod(0o755)


def test_metadata_layouts():
    meta = ImageMeta()
    read_a1111(a1111_parameters(loras=[("detail, tweaker", 0.5, "0123456789ab"), ("style", 1.2, "abcdefabcdef")],
                                extra='Hires upscaler: 4x-UltraSharp, ControlNet 0: "Module: canny, Model: '
                                      'control_v11p_sd15_canny [d14c016b], Weight: 0.7", Hashes: {"model": '
                                      '"c9e3e68f89", "lora:style": "abcdefabcdef"}'), meta)
    roles = [(m.role, m.name, m.hash, m.weight) for m in meta.models]
    assert ("checkpoint", "juggernautXL_v9Rdphoto2Lightning", "c9e3e68f89", None) in roles
    assert ("lora", "style", "abcdefabcdef", 1.2) in roles
    assert ("upscaler", "4x-UltraSharp", None, None) in roles
    assert ("controlnet", "control_v11p_sd15_canny", "d14c016b", 0.7) in roles
    hires = ImageMeta()
    read_a1111(a1111_parameters(extra="Hires upscaler: Latent (nearest-exact), VAE: None"), hires)
    assert [m.role for m in hires.models] == ["checkpoint"]  # algorithmic upscalers and "None" are no models
    weights = ImageMeta()  # 1 and 0 are weights, not booleans
    read_texts({"prompt": json.dumps(comfy_prompt(ckpt="a.safetensors", loras=[("one.safetensors", 1),
                                                                               ("zero.safetensors", 0)]))}, weights)
    assert [m.weight for m in weights.models] == [None, 1.0, 0.0]
    workflow_only = ImageMeta()
    graph = comfy_prompt(ckpt="dreamshaper_8.safetensors", loras=[("add_detail.safetensors", 0.6)])
    read_texts({"workflow": json.dumps(comfy_workflow(graph))}, workflow_only)
    assert [(m.role, m.name, m.weight) for m in workflow_only.models] == [
        ("checkpoint", "dreamshaper_8.safetensors", None), ("lora", "add_detail.safetensors", 0.6)]
    invoke3 = ImageMeta()
    read_texts({"invokeai_metadata": json.dumps({
        "model": {"model_name": "stable-diffusion-v1-5", "base_model": "sd-1", "model_type": "main"},
        "loras": [{"lora": {"model_name": "pixel-art", "base_model": "sd-1"}, "weight": 0.75}],
        "vae": {"model_name": "sd-vae-ft-mse", "base_model": "sd-1"}})}, invoke3)
    assert [(m.role, m.name, m.weight) for m in invoke3.models] == [
        ("checkpoint", "stable-diffusion-v1-5", None), ("vae", "sd-vae-ft-mse", None), ("lora", "pixel-art", 0.75)]
    fooocus_old = ImageMeta()
    read_texts({"parameters": json.dumps({"Base Model": "juggernautXL_v8Rundiffusion", "LoRA 1":
                                          "sd_xl_offset_example-lora_1.0 : 0.1", "Version": "Fooocus v2.1"})},
               fooocus_old)
    assert [(m.role, m.weight) for m in fooocus_old.models] == [("checkpoint", None), ("lora", 0.1)]
    text = "a cat\nSteps: 20, Model: x"
    assert decode_user_comment(b"UNICODE\x00" + text.encode("utf-16-le")) == text
    assert decode_user_comment(b"UNICODE\x00" + text.encode("utf-16-be")) == text
    assert decode_user_comment(b"ASCII\x00\x00\x00" + text.encode()) == text
    cjk = "灯台、夕暮れ\nSteps: 20, Model: x"
    assert decode_user_comment(b"UNICODE\x00" + cjk.encode("utf-16-be")) == cjk
    assert decode_user_comment(b"UNICODE\x00" + cjk.encode("utf-16-le")) == cjk
    both = ImageMeta()  # a ComfyUI save node writing A1111 parameters next to the graph
    read_texts({"parameters": a1111_parameters(), "prompt": json.dumps(comfy_prompt(
        ckpt="juggernautXL_v9Rdphoto2Lightning.safetensors", loras=[("add_detail.safetensors", 0.6)]))}, both)
    assert both.generator == "comfyui" and [m.role for m in both.models] == ["checkpoint", "lora"]
    swarm = ImageMeta()
    read_texts({"parameters": json.dumps({"sui_image_params": {"model": "Flux/flux1-dev-fp8", "loras": ["a"],
                                                               "loraweights": ["0.7"], "vae": "ae.sft"}})}, swarm)
    assert swarm.generator == "swarmui"
    assert [(m.role, m.name, m.weight) for m in swarm.models] == [
        ("checkpoint", "Flux/flux1-dev-fp8", None), ("vae", "ae.sft", None), ("lora", "a", 0.7)]


def test_comfy_custom_nodes_and_hashes(tmp_path):
    graph = comfy_prompt(unet="flux1-dev-fp8.safetensors")
    graph["50"] = {"class_type": "Power Lora Loader (rgthree)", "inputs": {
        "lora_1": {"on": True, "lora": "flux\\realism.safetensors", "strength": 0.8},
        "lora_2": {"on": False, "lora": "off.safetensors", "strength": 1}, "model": ["12", 0]}}
    graph["60"] = {"class_type": "CheckpointLoader|pysssss", "inputs": {
        "ckpt_name": {"content": "SDXL/juggernautXL_v9Rdphoto2Lightning.safetensors", "image": None}}}
    graph["61"] = {"class_type": "LoRA Stacker", "inputs": {
        "input_mode": "simple", "lora_count": 2, "lora_name_1": "stack_a.safetensors", "lora_wt_1": 0.4,
        "lora_name_2": "None", "lora_wt_2": 1.0}}
    meta = read_image(write_comfy_png(tmp_path / "c.png", graph))
    assert [(m.role, m.name, m.weight) for m in meta.models] == [
        ("diffusion_model", "flux1-dev-fp8.safetensors", None), ("lora", "flux\\realism.safetensors", 0.8),
        ("checkpoint", "SDXL/juggernautXL_v9Rdphoto2Lightning.safetensors", None),
        ("lora", "stack_a.safetensors", 0.4)]


def test_cli(folders, tmp_path):
    out, models, made = folders
    done = run_cli("outputs", str(out), "--models", str(models), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"root", "images", "summary", "reminder"} and data["reminder"] == REMINDER
    image = next(i for i in data["images"] if i["path"] == str(made["a1111_lora_no"]))
    assert set(image) == {"path", "generator", "models", "verdict", "conditions", "deciding", "quotes",
                          "unreadable"}
    assert set(image["models"][0]) == {"role", "name", "hash", "weight", "model", "license", "source", "verdict"}
    assert set(image["deciding"]) == {"model", "license_key", "clause_id"}
    csv_file = tmp_path / "audit.csv"
    listed = run_cli("outputs", str(out), "--models", str(models), "--list", "no", "--csv", str(csv_file),
                     "--fail-on", "no,unknown")
    assert listed.returncode == 1
    assert sorted(listed.stdout.split("\n")[:-1]) == sorted([str(made["a1111_lora_no"]), str(made["comfy_flux_lora"])])
    assert REMINDER in listed.stderr
    rows = csv_file.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("path,generator,verdict") and REMINDER in rows[-1]
    assert len(rows) == 2 + len(made)
    table = run_cli("outputs", str(out), env={"COLUMNS": "160"})
    assert table.returncode == 0 and "Images that need attention" in table.stdout
    assert "Juggernaut XL" in table.stdout and REMINDER.split(":")[0] in table.stdout


def test_cli_in_process(folders, tmp_path, capsys):
    from explainer.cli import main

    out, models, made = folders

    def run(*args) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as stop:
            main(["outputs", *args])
            raise SystemExit(0)
        captured = capsys.readouterr()
        return stop.value.code, captured.out, captured.err

    code, stdout, _ = run(str(made["a1111_jugg"]), "--right", "hosted_service_or_api", "--json")
    assert code == 0 and json.loads(stdout)["images"][0]["verdict"] == "no"  # RunDiffusion's addendum: no API
    code, stdout, _ = run(str(out), "--csv", "-", "--list", "conditional")
    assert code == 0 and stdout.count(".png") >= 2 and "path,generator" in stdout
    for args in ((str(out), "--right", "everything"), (str(out), "--right", "non_commercial_only"),
                 (str(tmp_path / "nope"),), (str(out), "--list", "maybe"),
                 (str(out), "--models", str(tmp_path / "no"))):
        code, stdout, stderr = run(*args)
        assert code == 2 and stderr.startswith("error: ") and len(stderr.splitlines()) == 1 and not stdout


@pytest.mark.parametrize("flags,right,allowed", [
    (("RentCivit",), "outputs_commercial", False), (("None",), "outputs_commercial", False),
    (("Image",), "outputs_commercial", True), (("Sell",), "outputs_commercial", True),
    (("Image",), "hosted_service_or_api", False), (("Image", "Rent"), "hosted_service_or_api", True),
    (("Image",), "model_commercial_use", False)])
def test_civitai_flags_per_right(flags, right, allowed):
    from explainer.outputs.audit import civitai_allows

    assert civitai_allows(flags, right, load())[0] is allowed
    assert civitai_allows(flags, "attribution_or_naming", load()) is None  # the flags do not speak to it


def test_model_file_without_license_evidence(tmp_path, home):
    from tests.outputs_fixtures import write_safetensors

    models = tmp_path / "models"
    write_safetensors(models / "loras" / "plainLora.safetensors")
    image = write_comfy_png(tmp_path / "out" / "x.png", comfy_prompt(
        ckpt="juggernautXL_v9Rdphoto2Lightning.safetensors", loras=[("plainLora.safetensors", 1.0)]))
    result = audit([image], load(), models=[models]).images[0]
    assert result.verdict == "unknown" and result.deciding.found.source == "models folder"
    assert "nothing there names its license" in result.conditions


def test_more_layouts(tmp_path):
    from tests.outputs_fixtures import fooocus_parameters, write_exif_image

    fooocus_jpeg = write_exif_image(tmp_path / "f.jpg", "JPEG", {0x0131: "Fooocus v2.5.5"},
                                    comment=json.dumps(fooocus_parameters(loras=[("detail", 0.5, "0a1b2c3d4e")])),
                                    maker_note="fooocus")
    meta = read_image(fooocus_jpeg)
    assert meta.generator == "fooocus"
    assert [(m.role, m.name, m.hash, m.weight) for m in meta.models] == [
        ("checkpoint", "juggernautXL_v8Rundiffusion", "aeb7e9e689", None), ("lora", "detail", "0a1b2c3d4e", 0.5)]
    embedded = write_png(tmp_path / "ed.png", {"prompt": "a cat", "use_stable_diffusion_model": "sd-v1-5",
                                                "use_lora_model": "a,b", "lora_alpha": "0.5,0.7"})
    meta = read_image(embedded)
    assert meta.generator == "easydiffusion"
    assert [(m.role, m.name, m.weight) for m in meta.models] == [
        ("checkpoint", "sd-v1-5", None), ("lora", "a", 0.5), ("lora", "b", 0.7)]
    a1111_sidecar = write_png(tmp_path / "plain.png", {})
    a1111_sidecar.with_suffix(".txt").write_text(a1111_parameters(), encoding="utf-8")
    meta = read_image(a1111_sidecar)
    assert meta.generator == "a1111" and meta.sidecar.endswith("plain.txt")


def test_huge_and_hostile_metadata_is_bounded(tmp_path):
    import time

    huge = write_png(tmp_path / "huge.png", {"parameters": "x" * 6_000_000})  # plain tEXt: Pillow reads it whole
    started = time.perf_counter()
    meta = read_image(huge)
    assert meta.unreadable and "larger than" in meta.unreadable
    hostile = [
        "a\nSteps: 1, " + "ab: " * 200_000,  # many keys without commas
        "a\nSteps: 1, Model: " + '"' * 200_000,  # an unterminated quote
        "<lora:" + "x" * 1_000_000 + "\nSteps: 1, Model: m",  # an unterminated LoRA tag
        'a\nSteps: 1, Hashes: {"model": ' + "9" * 500_000,  # an unterminated JSON value
        "a\nSteps: 1, VAE: x" + " " * 60_000 + "y",  # a long run of spaces in a value
    ]
    for text in hostile:
        read_a1111(text, ImageMeta())
    assert time.perf_counter() - started < 10  # linear: milliseconds each, generous on a loaded machine



def test_chat_outputs_command(folders, capsys):
    from explainer.chat import Session
    from explainer.cli.chat_cmd import _Piped

    out, models, made = folders
    loop = _Piped(Session(load(), None, lambda: None))
    assert loop.handle(f"/outputs {out}") and loop.handle("/outputs")
    printed = capsys.readouterr().out
    assert f"{len(made)} image(s) in {out}" in printed and "Juggernaut XL: yes" in printed
    assert "no metadata: unknown" in printed and REMINDER in printed
    assert "error: /outputs needs a folder or an image" in printed
