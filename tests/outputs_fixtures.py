"""Generated images carrying each generator's real metadata layout (tiny pixels, real chunks and EXIF fields),
and model folders with CivitAI sidecars, for the outputs tests and bench/outputs.py."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from PIL import Image
from PIL.PngImagePlugin import PngInfo

from tests.scan_fixtures import write_json

SIZE = (8, 8)


def _image(color=(40, 90, 160)) -> Image.Image:
    return Image.new("RGB", SIZE, color)


def write_png(path: Path, texts: dict[str, str], compressed: tuple[str, ...] = ()) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    info = PngInfo()
    for key, value in texts.items():
        info.add_text(key, value, zip=key in compressed)
    _image().save(path, "PNG", pnginfo=info)
    return path


def user_comment(text: str) -> bytes:
    """EXIF UserComment as A1111 writes it (piexif's "unicode" encoding: UTF-16 big-endian)."""
    return b"UNICODE\x00" + text.encode("utf-16-be")


def write_exif_image(path: Path, fmt: str, ifd0: dict[int, str] | None = None,
                     comment: bytes | str | None = None, maker_note: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = _image()
    exif = image.getexif()
    for tag, value in (ifd0 or {}).items():
        exif[tag] = value
    if comment is not None or maker_note is not None:
        sub = exif.get_ifd(0x8769)
        if comment is not None:
            sub[0x9286] = comment
        if maker_note is not None:
            sub[0x927C] = maker_note.encode("ascii")
    image.save(path, fmt, exif=exif)
    return path


# -- the generators' layouts ----------------------------------------------------------------------------------------
def a1111_parameters(prompt: str = "a lighthouse at dusk", model: str | None = "juggernautXL_v9Rdphoto2Lightning",
                     model_hash: str | None = "c9e3e68f89", loras: list[tuple[str, float, str | None]] = (),
                     extra: str = "", version: str = "v1.10.1") -> str:
    tags = "".join(f" <lora:{name}:{weight}>" for name, weight, _ in loras)
    settings = ["Steps: 30", "Sampler: DPM++ 2M", "Schedule type: Karras", "CFG scale: 7", "Seed: 1234",
                "Size: 1024x1024"]
    if model_hash:
        settings.append(f"Model hash: {model_hash}")
    if model:
        settings.append(f"Model: {model}")
    hashes = [f"{name}: {h}" for name, _, h in loras if h]
    if hashes:
        settings.append('Lora hashes: "' + ", ".join(hashes) + '"')
    if extra:
        settings.append(extra)
    settings.append(f"Version: {version}")
    return f"{prompt}{tags}\nNegative prompt: blurry, text\n" + ", ".join(settings)


def comfy_prompt(ckpt: str | None = None, unet: str | None = None, loras: list[tuple[str, float]] = (),
                 vae: str | None = None, clips: list[str] = (), controlnet: str | None = None,
                 upscaler: str | None = None) -> dict:
    """A ComfyUI API graph: {node id: {"inputs", "class_type", "_meta"}}, links as [node id, output slot]."""
    graph: dict[str, dict] = {}
    model_link = clip_link = None
    if ckpt:
        graph["4"] = {"inputs": {"ckpt_name": ckpt}, "class_type": "CheckpointLoaderSimple",
                      "_meta": {"title": "Load Checkpoint"}}
        model_link, clip_link = ["4", 0], ["4", 1]
    if unet:
        graph["12"] = {"inputs": {"unet_name": unet, "weight_dtype": "default"}, "class_type": "UNETLoader",
                       "_meta": {"title": "Load Diffusion Model"}}
        model_link = ["12", 0]
    if len(clips) == 2:
        graph["11"] = {"inputs": {"clip_name1": clips[0], "clip_name2": clips[1], "type": "flux"},
                       "class_type": "DualCLIPLoader", "_meta": {"title": "DualCLIPLoader"}}
        clip_link = ["11", 0]
    for i, (name, weight) in enumerate(loras):
        node = str(20 + i)
        graph[node] = {"inputs": {"lora_name": name, "strength_model": weight, "strength_clip": weight,
                                  "model": model_link, "clip": clip_link},
                       "class_type": "LoraLoader", "_meta": {"title": "Load LoRA"}}
        model_link, clip_link = [node, 0], [node, 1]
    if vae:
        graph["10"] = {"inputs": {"vae_name": vae}, "class_type": "VAELoader", "_meta": {"title": "Load VAE"}}
    if controlnet:
        graph["30"] = {"inputs": {"control_net_name": controlnet}, "class_type": "ControlNetLoader",
                       "_meta": {"title": "Load ControlNet Model"}}
    if upscaler:
        graph["40"] = {"inputs": {"model_name": upscaler}, "class_type": "UpscaleModelLoader",
                       "_meta": {"title": "Load Upscale Model"}}
    graph["6"] = {"inputs": {"text": "a lighthouse at dusk", "clip": clip_link}, "class_type": "CLIPTextEncode",
                  "_meta": {"title": "CLIP Text Encode (Prompt)"}}
    graph["3"] = {"inputs": {"seed": 42, "steps": 20, "cfg": 1.0, "sampler_name": "euler", "scheduler": "simple",
                             "denoise": 1.0, "model": model_link, "positive": ["6", 0], "negative": ["6", 0],
                             "latent_image": ["5", 0]}, "class_type": "KSampler", "_meta": {"title": "KSampler"}}
    graph["9"] = {"inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}, "class_type": "SaveImage",
                  "_meta": {"title": "Save Image"}}
    return graph


def comfy_workflow(graph: dict) -> dict:
    """The editor graph ComfyUI saves next to the API graph (nodes with their widget values)."""
    nodes = []
    for node_id, node in graph.items():
        widgets = [v for v in node["inputs"].values() if not isinstance(v, list)]
        nodes.append({"id": int(node_id), "type": node["class_type"], "mode": 0, "widgets_values": widgets})
    return {"last_node_id": 40, "nodes": nodes, "links": [], "version": 0.4}


def write_comfy_png(path: Path, graph: dict) -> Path:
    return write_png(path, {"prompt": json.dumps(graph), "workflow": json.dumps(comfy_workflow(graph))})


def write_comfy_webp(path: Path, graph: dict) -> Path:
    return write_exif_image(path, "WEBP", {0x0110: "prompt:" + json.dumps(graph),
                                           0x010F: "workflow:" + json.dumps(comfy_workflow(graph))})


def write_a1111_png(path: Path, parameters: str) -> Path:
    return write_png(path, {"parameters": parameters})


def write_a1111_jpeg(path: Path, parameters: str) -> Path:
    return write_exif_image(path, "JPEG", comment=user_comment(parameters))


def invokeai_metadata(model: str = "Juggernaut XL v9", loras: list[tuple[str, float]] = ()) -> dict:
    """InvokeAI 4/5 core metadata (ModelIdentifierField: key, hash, name, base, type)."""
    return {
        "app_version": "5.4.2", "generation_mode": "sdxl_txt2img", "positive_prompt": "a lighthouse at dusk",
        "negative_prompt": "", "width": 1024, "height": 1024, "seed": 7, "rand_device": "cpu", "cfg_scale": 6.5,
        "steps": 30, "scheduler": "dpmpp_2m_k",
        "model": {"key": "0d1f5c-…", "hash": "blake3:" + "ab" * 32, "name": model, "base": "sdxl", "type": "main"},
        "loras": [{"model": {"key": f"k{i}", "hash": "blake3:" + "cd" * 32, "name": name, "base": "sdxl",
                             "type": "lora"}, "weight": weight} for i, (name, weight) in enumerate(loras)],
    }


def write_invokeai_png(path: Path, metadata: dict) -> Path:
    return write_png(path, {"invokeai_metadata": json.dumps(metadata),
                            "invokeai_graph": json.dumps({"id": "graph", "nodes": {}, "edges": []})})


def fooocus_parameters(base: str = "juggernautXL_v8Rundiffusion", loras: list[tuple[str, float, str]] = ()) -> dict:
    """Fooocus' own scheme (parameters JSON, fooocus_scheme = fooocus)."""
    return {"adm_guidance": "(1.5, 0.8, 0.3)", "base_model": base, "base_model_hash": "aeb7e9e689",
            "full_negative_prompt": ["blurry"], "full_prompt": ["a lighthouse at dusk"], "guidance_scale": 4,
            "loras": [[name, weight, h] for name, weight, h in loras], "metadata_scheme": "fooocus",
            "performance": "Speed", "prompt": "a lighthouse at dusk", "refiner_model": "None",
            "resolution": "(1152, 896)", "sampler": "dpmpp_2m_sde_gpu", "scheduler": "karras", "seed": "123",
            "steps": 30, "styles": "['Fooocus V2']", "vae": "Default (model)", "version": "Fooocus v2.5.5"}


def write_fooocus_png(path: Path, parameters: dict) -> Path:
    return write_png(path, {"parameters": json.dumps(parameters), "fooocus_scheme": "fooocus"})


def write_novelai_png(path: Path, source: str = "NovelAI Diffusion V4.5 4BDE2A90") -> Path:
    comment = {"prompt": "a lighthouse at dusk", "steps": 28, "height": 1216, "width": 832, "scale": 5,
               "uncond_scale": 0.0, "cfg_rescale": 0.0, "seed": 123, "n_samples": 1, "noise_schedule": "karras",
               "sampler": "k_euler_ancestral", "uc": "lowres"}
    return write_png(path, {"Title": "NovelAI generated image", "Description": "a lighthouse at dusk",
                            "Software": "NovelAI", "Source": source, "Generation time": "6.1",
                            "Comment": json.dumps(comment)})


def write_easydiffusion(path: Path, model: str = "sd-v1-5", lora: str | None = None, as_json: bool = True) -> Path:
    """An Easy Diffusion image with its metadata in a sidecar file (the "json" or "txt" output option)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _image().save(path, "PNG")
    data = {"prompt": "a lighthouse at dusk", "seed": 42, "use_stable_diffusion_model": model,
            "clip_skip": False, "use_vae_model": "", "sampler_name": "euler_a", "width": 512, "height": 512,
            "num_inference_steps": 25, "guidance_scale": 7.5, "use_lora_model": lora or "", "lora_alpha": 0.5,
            "negative_prompt": "", "use_face_correction": "", "use_upscale": ""}
    if as_json:
        path.with_suffix(".json").write_text(json.dumps(data), encoding="utf-8")
    else:
        labels = {"prompt": "Prompt", "seed": "Seed", "use_stable_diffusion_model": "Stable Diffusion model",
                  "use_lora_model": "LoRA model", "lora_alpha": "LoRA Strength", "width": "Width"}
        path.with_suffix(".txt").write_text("\n".join(f"{labels[k]}: {data[k]}" for k in labels), encoding="utf-8")
    return path


def write_stripped(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    _image().save(path, "PNG")
    return path


def write_corrupt(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    good = write_a1111_png(folder / "whole.png", a1111_parameters())
    truncated = folder / "truncated.png"
    truncated.write_bytes(good.read_bytes()[:30])
    garbage = folder / "garbage.jpg"
    garbage.write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg" * 3)
    bomb = folder / "bomb.png"
    info = PngInfo()
    info.add_text("parameters", "x" * 3_000_000, zip=True)  # 3 MB inflated from a few KB
    _image().save(bomb, "PNG", pnginfo=info)
    good.unlink()
    return [truncated, garbage, bomb]


# -- model folders --------------------------------------------------------------------------------------------------
def write_safetensors(path: Path, metadata: dict[str, str] | None = None) -> Path:
    """A tiny safetensors file whose tensor data differs with its name (so every file has its own hashes)."""
    import numpy as np
    from safetensors.numpy import save_file

    path.parent.mkdir(parents=True, exist_ok=True)
    seed = zlib.crc32(path.name.encode()) % 1000
    save_file({"w": np.full((2, 2), seed, dtype=np.float32)}, str(path), metadata=metadata or None)
    return path


def build_models(root: Path) -> Path:
    """Checkpoints and LoRAs with CivitAI sidecars: one LoRA forbids selling images, one allows it."""
    write_safetensors(root / "checkpoints" / "juggernautXL_v9Rdphoto2Lightning.safetensors")
    write_safetensors(root / "loras" / "xyzStyle.safetensors", {"ss_output_name": "xyzStyle"})
    write_json(root / "loras" / "xyzStyle.civitai.info", {
        "baseModel": "SDXL 1.0", "model": {"name": "XYZ Style", "type": "LORA",
                                           "allowCommercialUse": "{RentCivit}", "allowNoCredit": True}})
    write_safetensors(root / "loras" / "freeStyle.safetensors", {"ss_output_name": "freeStyle"})
    write_json(root / "loras" / "freeStyle.civitai.info", {
        "baseModel": "SDXL 1.0", "model": {"name": "Free Style", "type": "LORA",
                                           "allowCommercialUse": ["Image", "RentCivit", "Rent", "Sell"]}})
    # a checkpoint whose file name says nothing: only its hash and its sidecar identify it
    write_safetensors(root / "checkpoints" / "mystery_merge_v3.safetensors", {"note": "distinct bytes"})
    write_json(root / "checkpoints" / "mystery_merge_v3.civitai.info", {
        "baseModel": "SD 1.5", "model": {"name": "Mystery Merge", "type": "Checkpoint",
                                         "allowCommercialUse": ["Image", "Rent"]}})
    return root


def build_outputs_folder(root: Path, models: Path) -> dict[str, Path]:
    """A folder of mixed generators; returns the interesting images by role."""
    from explainer.outputs.hashes import compute

    mystery = compute(models / "checkpoints" / "mystery_merge_v3.safetensors")
    xyz = compute(models / "loras" / "xyzStyle.safetensors")
    made = {
        "a1111_jugg": write_a1111_png(root / "a1111" / "00001-1234.png", a1111_parameters()),
        "a1111_jpeg": write_a1111_jpeg(root / "a1111" / "00002-1235.jpg", a1111_parameters()),
        "a1111_lora_no": write_a1111_png(root / "a1111" / "00003-1236.png", a1111_parameters(
            loras=[("xyzStyle", 0.8, xyz.addnet[:12])])),
        "a1111_hash_only": write_a1111_png(root / "a1111" / "00004-1237.png", a1111_parameters(
            model="merged_final_FINAL", model_hash=mystery.sha256[:10])),
        "forge_flux": write_a1111_png(root / "forge" / "00005.png", a1111_parameters(
            model="flux1-dev-bnb-nf4-v2", model_hash="f0770152", version="f2.0.1v1.10.1-previous-313-g8a042934",
            extra="Module 1: ae, Module 2: clip_l, Module 3: t5xxl_fp16")),
        "comfy_flux": write_comfy_png(root / "comfy" / "ComfyUI_00001_.png", comfy_prompt(
            unet="flux1-dev.safetensors", clips=["t5xxl_fp16.safetensors", "clip_l.safetensors"],
            vae="ae.safetensors")),
        "comfy_flux_lora": write_comfy_png(root / "comfy" / "ComfyUI_00002_.png", comfy_prompt(
            ckpt="juggernautXL_v9Rdphoto2Lightning.safetensors", loras=[("xyzStyle.safetensors", 0.9)])),
        "comfy_webp": write_comfy_webp(root / "comfy" / "ComfyUI_00003_.webp", comfy_prompt(
            ckpt="SDXL/sd_xl_base_1.0.safetensors", vae="sdxl_vae.safetensors")),
        "comfy_unknown_lora": write_comfy_png(root / "comfy" / "ComfyUI_00004_.png", comfy_prompt(
            ckpt="juggernautXL_v9Rdphoto2Lightning.safetensors", loras=[("someone_elses_lora.safetensors", 1.0)])),
        "invokeai": write_invokeai_png(root / "invoke" / "a1b2c3.png", invokeai_metadata()),
        "fooocus": write_fooocus_png(root / "fooocus" / "2025-01-01_12-00-00_1234.png", fooocus_parameters()),
        "novelai": write_novelai_png(root / "nai" / "lighthouse.png"),
        "easydiffusion": write_easydiffusion(root / "ed" / "lighthouse_42.png", "sd-v1-5"),
        "easydiffusion_txt": write_easydiffusion(root / "ed" / "lighthouse_43.png", "sd-v1-5", as_json=False),
        "stripped": write_stripped(root / "upload" / "IMG_0001.png"),
    }
    (root / "notes.md").write_text("not an image\n", encoding="utf-8")
    return made
