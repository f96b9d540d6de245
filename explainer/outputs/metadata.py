"""What each generator wrote into (or next to) an image: which models made it, read without decoding a pixel.

Layouts, as the generators write them:
- ComfyUI: PNG text `prompt` (the API graph: {node id: {"class_type", "inputs"}}) and `workflow` (the editor
  graph: {"nodes": [{"type", "widgets_values", "mode"}]}); in WebP/JPEG the same JSON sits in EXIF IFD0 tags
  0x0110 ("prompt:{...}") and 0x010F downwards ("workflow:{...}").
- Automatic1111 / Forge / SD.Next: `parameters` text (prompt, "Negative prompt: ...", then one line of
  "Key: value" pairs: `Model hash` = first 10 hex of the file's SHA-256, `Model`, `Lora hashes: "name: 12 hex"`
  (the hash of a safetensors file's tensor data, after its header), `VAE`, `Hires upscaler`, `ControlNet 0`,
  `Hashes: {json}` from the CivitAI extension), `<lora:name:weight>` in the prompt. PNG text chunk, or EXIF
  UserComment (8-byte charset prefix, then UTF-16 or ASCII) in JPEG/WebP, or a `.txt` next to the image.
- InvokeAI: `invokeai_metadata` JSON (`model`, `loras` [{model|lora, weight}], `vae`, `controlnets`, ...);
  InvokeAI 2: `sd-metadata` (`model_weights`, `model_hash`).
- Fooocus: `parameters` JSON with `fooocus_scheme` = fooocus (`base_model`, `base_model_hash`, `refiner_model`,
  `loras` [[name, weight, hash]], `vae`), or an A1111 string with `fooocus_scheme` = a1111; in JPEG/WebP the
  parameters are EXIF UserComment and the scheme EXIF MakerNote.
- NovelAI: `Software` = NovelAI, `Source` names the NovelAI model, `Comment` holds the settings as JSON.
- Easy Diffusion: keys such as `use_stable_diffusion_model`, `use_lora_model`, `lora_alpha`, `use_vae_model`,
  embedded as PNG text or JSON, or a `.json` / `.txt` ("Stable Diffusion model: ...") file next to the image.

Pillow bounds every inflated text chunk (PngImagePlugin.MAX_TEXT_CHUNK, 1 MB); we also refuse to parse any
text larger than MAX_TEXT.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
SIDECAR_SUFFIXES = (".txt", ".json")
MODEL_SUFFIXES = (".safetensors", ".ckpt", ".pt", ".pth", ".bin", ".gguf", ".sft", ".onnx")
MAX_TEXT = 4_000_000  # characters of one metadata text we are willing to parse
MAX_SIDECAR = 1_000_000  # bytes read from a sidecar file
TOO_LARGE = "\x00too large"  # marks a text left unread
# values generators write where no model was used
NOT_A_MODEL = {"", "none", "null", "automatic", "auto", "default", "default (model)", "baked vae", "latent",
               "latent (antialiased)", "latent (bicubic)", "latent (bicubic antialiased)", "latent (nearest)",
               "latent (nearest-exact)", "lanczos", "nearest", "nearest-exact", "bilinear", "bicubic", "area",
               "from model", "use same checkpoint"}


@dataclass
class ModelRef:
    """One model an image's metadata names."""

    role: str  # checkpoint | diffusion_model | lora | lycoris | controlnet | upscaler | vae | text_encoder | ...
    name: str
    hash: str | None = None
    weight: float | None = None


@dataclass
class ImageMeta:
    generator: str | None = None  # comfyui | a1111 | forge | sdnext | invokeai | fooocus | novelai | easydiffusion
    models: list[ModelRef] = field(default_factory=list)
    unreadable: str | None = None
    sidecar: str | None = None  # the file next to the image the metadata came from

    def add(self, role: str, name, hash_=None, weight=None) -> None:
        text = _clean_name(name)
        if text is None:
            return
        hash_text = _clean_hash(hash_)
        weight_value = _number(weight)
        for ref in self.models:  # one entry per model: a hash or weight found elsewhere completes it
            if ref.role == role and _same_name(ref.name, text):
                ref.hash = ref.hash or hash_text
                ref.weight = ref.weight if ref.weight is not None else weight_value
                return
        self.models.append(ModelRef(role, text, hash_text, weight_value))


def _clean_name(name) -> str | None:
    if name is None or isinstance(name, (dict, list, bool)):
        return None
    text = " ".join(str(name).split()).strip().strip('"')
    if text.lower() in NOT_A_MODEL or len(text) > 300:
        return None
    return text


def _clean_hash(value) -> str | None:
    """A hex hash we can match (InvokeAI's default BLAKE3 hashes cannot be matched against SHA-256)."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip().strip('"[]').lower()
    if text.startswith("blake3"):
        return None
    text = text.removeprefix("sha256:")
    return text if re.fullmatch(r"[0-9a-f]{8,64}", text) else None


def _number(value) -> float | None:
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        return round(float(value), 4)
    except (TypeError, ValueError, OverflowError):
        return None


def stem(name: str) -> str:
    """'SDXL\\juggernautXL_v9.safetensors [abc123]' -> 'juggernautXL_v9'."""
    text = re.sub(r"\s*\[[0-9a-fA-F]{6,64}\]\s*$", "", name.strip())
    text = re.split(r"[\\/]", text)[-1]
    lowered = text.lower()
    for suffix in MODEL_SUFFIXES:
        if lowered.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _same_name(a: str, b: str) -> bool:
    return stem(a).lower() == stem(b).lower()


def _json(text):
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        return None
    text = text.strip()
    if not text.startswith(("{", "[")):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


# -- Automatic1111 / Forge / SD.Next --------------------------------------------------------------------------------
KEY = re.compile(r"\w[\w \-/()]{0,48}")
MAX_SETTINGS = 65_536  # characters of A1111's settings line that are parsed
LORA_TAG = re.compile(r"<(lora|lyco|locon|loha):([^:<>]{1,300})(?::([-\d.]{1,12}))?[^<>]{0,300}>", re.IGNORECASE)
HASH_IN_NAME = re.compile(r"^(.*?)\s*\[([0-9a-fA-F]{8,64})\]\s*$")


def parse_pairs(line: str) -> dict[str, str]:
    """A1111's 'Key: value, Key: "quoted, value", ...' in one linear pass (no regex backtracking on long text)."""
    pairs: dict[str, str] = {}
    at, size = 0, len(line)
    while at < size:
        colon = line.find(":", at)
        if colon < 0:
            break
        key = line[at:colon].rsplit(",", 1)[-1].strip()
        start = colon + 1
        while start < size and line[start] == " ":
            start += 1
        if start < size and line[start] == "{":  # the CivitAI extension's Hashes: {"model": "...", ...}
            close = line.find("}", start)
            close = size - 1 if close < 0 else close
            end = line.find(",", close)
            value = line[start:close + 1]
        elif start < size and line[start] == '"':
            close = start + 1
            while close < size and line[close] != '"':
                close += 2 if line[close] == "\\" else 1
            end = line.find(",", close)
            value = line[start:min(close + 1, size)]
        else:
            end = line.find(",", start)
            value = line[start:end if end >= 0 else size]
        if KEY.fullmatch(key):
            pairs.setdefault(key, value.strip())
        at = size if end < 0 else end + 1
    return pairs


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            return json.loads(value)
        except ValueError:
            return value[1:-1]
    return value


def _name_hash_list(value: str) -> dict[str, str]:
    """'a: 0123abcd, b: 4567ef01' -> {name: hash}."""
    found = {}
    for part in _unquote(value).split(","):
        name, _, hash_ = part.rpartition(":")
        if name.strip() and hash_.strip():
            found[name.strip()] = hash_.strip()
    return found


def looks_like_a1111(text: str) -> bool:
    return isinstance(text, str) and bool(re.search(r"(^|\n)Steps: \d+", text))


def read_a1111(text: str, meta: ImageMeta) -> None:
    lines = text.strip().splitlines()
    settings_at = max((i for i, line in enumerate(lines) if line.startswith("Steps: ")), default=len(lines) - 1)
    prompt = "\n".join(lines[:settings_at])
    pairs = parse_pairs(" ".join(lines[settings_at:])[:MAX_SETTINGS])
    version = pairs.get("Version", "")
    if meta.generator is None:
        meta.generator = "sdnext" if "App" in pairs and "SD.Next" in pairs.get("App", "") else \
            "forge" if re.match(r"f\d", version) else "a1111"
    civitai_hashes = _json(_unquote(pairs.get("Hashes", ""))) or {}
    civitai_hashes = civitai_hashes if isinstance(civitai_hashes, dict) else {}
    model = pairs.get("Model")
    model_hash = pairs.get("Model hash") or civitai_hashes.get("model")
    if model or model_hash:
        meta.add("checkpoint", model or f"model with hash {model_hash}", model_hash)
    for key, role in (("VAE", "vae"), ("Refiner", "refiner")):
        value = pairs.get(key)
        if value:
            name, hash_ = _split_hash(_unquote(value))
            meta.add(role, name, hash_ or pairs.get(f"{key} hash") or civitai_hashes.get(role))
    for key in ("Hires upscaler", "Postprocess upscaler", "Postprocess upscaler 2", "Upscaler"):
        if pairs.get(key):
            meta.add("upscaler", _unquote(pairs[key]))
    for key, value in pairs.items():  # Forge: "Module 1: ae" (FLUX text encoders and VAE)
        if re.fullmatch(r"Module \d+", key):
            name = _unquote(value)
            meta.add("vae" if re.search(r"(^|[^a-z])(ae|vae)([^a-z]|$)", name.lower()) else "text_encoder", name)
        elif re.fullmatch(r"ControlNet( \d+)?", key):
            inner = parse_pairs(_unquote(value))
            if inner.get("Model"):
                name, hash_ = _split_hash(inner["Model"])
                meta.add("controlnet", name, hash_, inner.get("Weight"))
    lora_hashes = _name_hash_list(pairs.get("Lora hashes", ""))
    for kind, name, weight in LORA_TAG.findall(prompt[:MAX_SETTINGS * 4]):
        role = "lora" if kind.lower() == "lora" else "lycoris"
        meta.add(role, name, lora_hashes.get(name) or civitai_hashes.get(f"lora:{name}"), weight or 1.0)
    for name, hash_ in lora_hashes.items():
        meta.add("lora", name, hash_)
    for key, value in civitai_hashes.items():
        if isinstance(key, str) and key.startswith(("lora:", "lyco:")):
            meta.add("lora" if key.startswith("lora:") else "lycoris", key.split(":", 1)[1], value)


def _split_hash(value: str) -> tuple[str, str | None]:
    match = HASH_IN_NAME.match(value) if len(value) <= 400 else None
    return (match.group(1), match.group(2)) if match else (value, None)


# -- ComfyUI --------------------------------------------------------------------------------------------------------
COMFY_INPUTS = {  # input name -> role, for the standard loader nodes
    "ckpt_name": "checkpoint", "unet_name": "diffusion_model", "lora_name": "lora", "vae_name": "vae",
    "clip_name": "text_encoder", "clip_name1": "text_encoder", "clip_name2": "text_encoder",
    "clip_name3": "text_encoder", "clip_name4": "text_encoder", "control_net_name": "controlnet",
    "model_name": "upscaler", "style_model_name": "style_model", "ipadapter_file": "ip_adapter",
    "gligen_name": "gligen", "hypernetwork_name": "hypernetwork", "photomaker_model_name": "photomaker",
}
COMFY_WIDGETS = {  # editor workflow: node type -> role of its first widget value
    "CheckpointLoaderSimple": "checkpoint", "CheckpointLoader": "checkpoint", "ImageOnlyCheckpointLoader":
    "checkpoint", "unCLIPCheckpointLoader": "checkpoint", "UNETLoader": "diffusion_model", "UnetLoaderGGUF":
    "diffusion_model", "LoraLoader": "lora", "LoraLoaderModelOnly": "lora", "VAELoader": "vae", "CLIPLoader":
    "text_encoder", "DualCLIPLoader": "text_encoder", "TripleCLIPLoader": "text_encoder", "ControlNetLoader":
    "controlnet", "DiffControlNetLoader": "controlnet", "UpscaleModelLoader": "upscaler",
}


def _role_for_key(key: str) -> str:
    key = key.lower()
    for part, role in (("lora", "lora"), ("ckpt", "checkpoint"), ("checkpoint", "checkpoint"),
                       ("unet", "diffusion_model"), ("vae", "vae"), ("clip", "text_encoder"),
                       ("control", "controlnet"), ("upscale", "upscaler")):
        if part in key:
            return role
    return "model"


def _is_model_file(value) -> bool:
    return isinstance(value, str) and value.lower().endswith(MODEL_SUFFIXES)


def read_comfy_prompt(graph: dict, meta: ImageMeta) -> None:
    meta.generator = meta.generator or "comfyui"
    for node in graph.values():
        if not isinstance(node, dict) or not isinstance(node.get("inputs"), dict):
            continue
        inputs = node["inputs"]
        cls = str(node.get("class_type", ""))
        for key, value in inputs.items():
            if isinstance(value, dict):  # custom LoRA stacks: {"on": true, "lora": "x.safetensors", "strength": 1}
                if value.get("on", True) is not False and _is_model_file(value.get("lora")):
                    meta.add("lora", value["lora"], None, value.get("strength", value.get("strengthTwo")))
                    continue
                value = value.get("content")  # loaders with previews: {"content": "x.safetensors", "image": ...}
            if not isinstance(value, str):
                continue  # links to other nodes are lists
            role = COMFY_INPUTS.get(key)
            if role == "upscaler" and "upscale" not in cls.lower():
                role = _role_for_key(cls) if _is_model_file(value) else None
            if role is None and _is_model_file(value):
                role = _role_for_key(key if _role_for_key(key) != "model" else cls)
            if role is None:
                continue
            weight = None
            if role == "lora":
                suffix = key[len("lora_name"):] if key.startswith("lora_name") else ""
                weight = next((inputs[k] for k in (f"strength_model{suffix}", f"lora_wt{suffix}",
                                                   f"model_str{suffix}", "lora_model_strength", "strength")
                               if isinstance(inputs.get(k), (int, float))), None)
            meta.add(role, value, None, weight)


def read_comfy_workflow(workflow: dict, meta: ImageMeta) -> None:
    meta.generator = meta.generator or "comfyui"
    for node in workflow.get("nodes") or []:
        if not isinstance(node, dict) or node.get("mode") in (2, 4):  # muted or bypassed
            continue
        values = node.get("widgets_values")
        values = list(values.values()) if isinstance(values, dict) else values if isinstance(values, list) else []
        known = COMFY_WIDGETS.get(str(node.get("type", "")))
        for i, value in enumerate(values):
            if known and i == 0 and isinstance(value, str):
                weight = values[1] if known == "lora" and len(values) > 1 else None
                meta.add(known, value, None, weight)
            elif _is_model_file(value):
                meta.add(known or _role_for_key(str(node.get("type", ""))), value)


# -- InvokeAI, Fooocus, NovelAI, Easy Diffusion ---------------------------------------------------------------------
def _invoke_model(data) -> tuple[str | None, str | None]:
    if isinstance(data, str):
        return data, None
    if not isinstance(data, dict):
        return None, None
    return data.get("name") or data.get("model_name"), data.get("hash")


def read_invokeai(data: dict, meta: ImageMeta) -> None:
    meta.generator = "invokeai"
    if "model_weights" in data or "model_hash" in data:  # InvokeAI 2 (sd-metadata)
        meta.add("checkpoint", data.get("model_weights") or "unnamed model", data.get("model_hash"))
        return
    for key, role in (("model", "checkpoint"), ("vae", "vae"), ("refiner_model", "refiner")):
        name, hash_ = _invoke_model(data.get(key))
        meta.add(role, name, hash_)
    for item in data.get("loras") or []:
        if isinstance(item, dict):
            name, hash_ = _invoke_model(item.get("model") or item.get("lora"))
            meta.add("lora", name, hash_, item.get("weight"))
    for key, inner, role in (("controlnets", "control_model", "controlnet"), ("t2iAdapters", "t2i_adapter_model",
                                                                                "t2i_adapter"),
                             ("ipAdapters", "ip_adapter_model", "ip_adapter")):
        for item in data.get(key) or []:
            if isinstance(item, dict):
                name, hash_ = _invoke_model(item.get(inner))
                meta.add(role, name, hash_, item.get("control_weight", item.get("weight")))


def read_fooocus(data: dict, meta: ImageMeta) -> None:
    meta.generator = "fooocus"
    base = data.get("base_model") or data.get("Base Model")
    meta.add("checkpoint", base, data.get("base_model_hash") or data.get("Base Model Hash"))
    refiner = data.get("refiner_model") or data.get("Refiner Model")
    meta.add("refiner", refiner, data.get("refiner_model_hash") or data.get("Refiner Model Hash"))
    meta.add("vae", data.get("vae") or data.get("VAE"))
    for item in data.get("loras") or data.get("LoRAs") or []:
        if isinstance(item, (list, tuple)) and item:
            meta.add("lora", item[0], item[2] if len(item) > 2 else None, item[1] if len(item) > 1 else None)
    for key, value in data.items():  # older logs: "LoRA 1": "name : weight"
        if isinstance(key, str) and re.fullmatch(r"(LoRA \d+|lora_combined_\d+)", key) and isinstance(value, str):
            name, _, weight = value.rpartition(" : ")
            meta.add("lora", name or value, None, weight or None)


def read_swarmui(data: dict, meta: ImageMeta) -> None:
    """SwarmUI: parameters = {"sui_image_params": {"model", "loras", "loraweights", "vae", ...}}."""
    meta.generator = "swarmui"
    meta.add("checkpoint", data.get("model"))
    meta.add("vae", data.get("vae"))
    loras, weights = data.get("loras") or [], data.get("loraweights") or []
    for i, name in enumerate(loras if isinstance(loras, list) else []):
        meta.add("lora", name, None, weights[i] if isinstance(weights, list) and i < len(weights) else None)


def read_novelai(info: dict, meta: ImageMeta) -> None:
    meta.generator = "novelai"
    source = info.get("Source")
    meta.add("checkpoint", source if isinstance(source, str) and source else "NovelAI (model not named)")


ED_LABELS = {"Stable Diffusion model": "use_stable_diffusion_model", "VAE model": "use_vae_model",
             "LoRA model": "use_lora_model", "LoRA Strength": "lora_alpha", "Hypernetwork model":
             "use_hypernetwork_model", "ControlNet model": "use_controlnet_model", "Use Upscaling": "use_upscale",
             "Use Face Correction": "use_face_correction", "Embedding models": "use_embedding_models"}


def is_easydiffusion(data) -> bool:
    return isinstance(data, dict) and "use_stable_diffusion_model" in data


def read_easydiffusion(data: dict, meta: ImageMeta) -> None:
    meta.generator = "easydiffusion"
    meta.add("checkpoint", data.get("use_stable_diffusion_model"))
    meta.add("vae", data.get("use_vae_model"))
    meta.add("hypernetwork", data.get("use_hypernetwork_model"))
    meta.add("controlnet", data.get("use_controlnet_model"))
    meta.add("upscaler", data.get("use_upscale"))
    meta.add("face_restoration", data.get("use_face_correction"))
    loras, alphas = data.get("use_lora_model"), data.get("lora_alpha")
    if isinstance(loras, str):
        loras = [part.strip() for part in loras.split(",")]
    if not isinstance(alphas, list):
        alphas = [part.strip() for part in str(alphas).split(",")] if alphas not in (None, "") else []
    for i, name in enumerate(loras or []):
        meta.add("lora", name, None, alphas[i] if i < len(alphas) else None)


def easydiffusion_text(text: str) -> dict | None:
    """The .txt Easy Diffusion writes: one 'Label: value' per line."""
    data = {}
    for line in text.splitlines():
        label, sep, value = line.partition(":")
        if sep and label.strip() in ED_LABELS:
            data[ED_LABELS[label.strip()]] = value.strip()
    return data if "use_stable_diffusion_model" in data else None


# -- dispatch -------------------------------------------------------------------------------------------------------
def read_texts(texts: dict[str, str], meta: ImageMeta) -> None:
    """Texts found in an image (PNG chunks, or EXIF fields named as their PNG counterparts)."""
    get = texts.get
    if get("invokeai_metadata"):
        data = _json(get("invokeai_metadata"))
        if isinstance(data, dict):
            read_invokeai(data, meta)
            return
    if get("sd-metadata"):
        data = _json(get("sd-metadata"))
        if isinstance(data, dict):
            read_invokeai(data, meta)
            return
    if str(get("Software", "")).startswith("NovelAI"):
        read_novelai(texts, meta)
        return
    parameters = get("parameters")
    scheme = str(get("fooocus_scheme", "") or "").lower()
    prompt = _json(get("prompt")) if get("prompt") else None
    graph = prompt if isinstance(prompt, dict) and any(
        isinstance(v, dict) and "class_type" in v for v in prompt.values()) else None
    if isinstance(parameters, str) and parameters.strip():
        data = _json(parameters)
        if isinstance(data, dict):
            if is_easydiffusion(data):
                read_easydiffusion(data, meta)
            elif isinstance(data.get("sui_image_params"), dict):
                read_swarmui(data["sui_image_params"], meta)
            else:
                read_fooocus(data, meta)
            return
        if scheme or "Fooocus" in str(get("Software", "")):
            meta.generator = "fooocus"
        elif graph is not None:  # a ComfyUI save node that also writes A1111-style parameters
            meta.generator = "comfyui"
        read_a1111(parameters, meta)
        if graph is not None:
            read_comfy_prompt(graph, meta)
        return
    if graph is not None:
        read_comfy_prompt(graph, meta)
        return
    workflow = _json(get("workflow")) if get("workflow") else None
    if isinstance(workflow, dict) and isinstance(workflow.get("nodes"), list):
        read_comfy_workflow(workflow, meta)
        return
    if is_easydiffusion(texts):
        read_easydiffusion(texts, meta)
        return
    comment = _json(get("Comment")) if get("Comment") else None
    if isinstance(comment, dict) and ("base_model" in comment or "Base Model" in comment):
        read_fooocus(comment, meta)


def read_text_blob(text: str, meta: ImageMeta) -> None:
    """One free-standing text: an EXIF UserComment or a sidecar file."""
    data = _json(text)
    if isinstance(data, dict):
        if is_easydiffusion(data):
            read_easydiffusion(data, meta)
        elif "invokeai_metadata" in data or "positive_prompt" in data:
            read_invokeai(_json(data["invokeai_metadata"]) or {} if isinstance(data.get("invokeai_metadata"), str)
                          else data, meta)
        elif "base_model" in data or "Base Model" in data:
            read_fooocus(data, meta)
        elif any(isinstance(v, dict) and "class_type" in v for v in data.values()):
            read_comfy_prompt(data, meta)
        return
    if looks_like_a1111(text):
        read_a1111(text, meta)
        return
    data = easydiffusion_text(text)
    if data:
        read_easydiffusion(data, meta)


def decode_user_comment(raw) -> str:
    """EXIF UserComment: an 8-byte charset prefix, then the text (UTF-16 for UNICODE, either byte order)."""
    if isinstance(raw, str):
        return raw
    if not isinstance(raw, (bytes, bytearray)):
        return ""
    prefix, body = bytes(raw[:8]), bytes(raw[8:8 + 2 * MAX_TEXT])
    if prefix.startswith(b"UNICODE"):  # piexif writes big-endian; some tools little-endian: the zeros tell
        even, odd = body[0:512:2].count(0), body[1:512:2].count(0)
        if even != odd:
            return body.decode("utf-16-be" if even > odd else "utf-16-le", errors="replace")
        big = body.decode("utf-16-be", errors="replace")
        return big if "Steps: " in big or big.lstrip().startswith("{") else body.decode("utf-16-le", "replace")
    if prefix.startswith((b"ASCII", b"\x00\x00\x00\x00\x00\x00\x00\x00")):
        return body.decode("utf-8", errors="replace").rstrip("\x00")
    return bytes(raw[:2 * MAX_TEXT]).decode("utf-8", errors="replace").rstrip("\x00")


# -- files ----------------------------------------------------------------------------------------------------------
EXIF_IFD, USER_COMMENT, MAKER_NOTE, SOFTWARE = 0x8769, 0x9286, 0x927C, 0x0131


def _exif_texts(image, texts: dict[str, str]) -> str:
    """EXIF fields as named texts (ComfyUI's "prompt:{...}" tags, Fooocus' scheme); returns the UserComment."""
    try:
        exif = image.getexif()
    except Exception:  # noqa: BLE001 - a broken EXIF block is no metadata, not a broken image
        return ""
    if not exif:
        return ""
    try:
        sub = exif.get_ifd(EXIF_IFD)
    except Exception:  # noqa: BLE001
        sub = {}
    for tag in range(0x0100, 0x0111):  # ComfyUI: 0x0110 "prompt:{...}", 0x010F, 0x010E... "workflow:{...}"
        value = exif.get(tag)
        if isinstance(value, str) and ":" in value[:40]:
            key, _, rest = value.partition(":")
            if rest.lstrip().startswith("{") and key.isidentifier():
                texts.setdefault(key, rest)
    software = exif.get(SOFTWARE)
    if isinstance(software, str):
        texts.setdefault("Software", software)
    scheme = sub.get(MAKER_NOTE, exif.get(MAKER_NOTE))
    scheme = scheme.decode("ascii", "replace") if isinstance(scheme, bytes) else scheme
    if isinstance(scheme, str) and scheme.strip().lower() in ("fooocus", "a1111", "simple"):
        texts.setdefault("fooocus_scheme", scheme.strip())
    return decode_user_comment(sub.get(USER_COMMENT, exif.get(USER_COMMENT)))[:MAX_TEXT]


def image_texts(path: Path) -> dict[str, str]:
    """Every metadata text of an image, without decoding its pixels. Raises on an unreadable image."""
    from PIL import Image

    texts: dict[str, str] = {}
    with Image.open(path) as image:
        for key, value in image.info.items():
            if isinstance(value, str):
                if len(value) > MAX_TEXT:  # Pillow reads plain tEXt chunks whole (up to 64 MB in all)
                    texts[TOO_LARGE] = str(key)
                    continue
                texts[str(key)] = value
            elif key == "comment" and isinstance(value, bytes):  # JPEG COM segment
                texts.setdefault("comment", value[:MAX_TEXT].decode("utf-8", "replace"))
        comment = _exif_texts(image, texts) if image.format in ("JPEG", "WEBP", "PNG", "MPO") else ""
    if comment.strip():
        texts.setdefault("parameters" if not comment.lstrip().startswith("{") or "fooocus_scheme" in texts
                         else "user_comment", comment)
    if looks_like_a1111(texts.get("comment", "")):
        texts.setdefault("parameters", texts["comment"])
    return texts


def sidecar_for(path: Path) -> Path | None:
    for suffix in SIDECAR_SUFFIXES:
        candidate = path.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def read_image(path: Path) -> ImageMeta:
    """The generator and the models an image's metadata (or its sidecar file) names; problems as `unreadable`."""
    meta = ImageMeta()
    try:
        texts = image_texts(path)
    except Exception as exc:  # noqa: BLE001 - any reader failure is this file's status, never the audit's
        meta.unreadable = _why(exc)
        return meta
    read_texts(texts, meta)
    if meta.generator is None and texts.get(TOO_LARGE):
        meta.unreadable = f"the metadata text {texts[TOO_LARGE]!r} is larger than {MAX_TEXT // 1_000_000} MB: not read"
        return meta
    if meta.generator is None and texts.get("user_comment"):
        read_text_blob(texts["user_comment"], meta)
    if meta.generator is None:
        sidecar = sidecar_for(path)
        if sidecar is not None:
            try:
                with open(sidecar, "rb") as handle:
                    text = handle.read(MAX_SIDECAR).decode("utf-8", errors="replace")
            except OSError as exc:
                meta.unreadable = f"sidecar {sidecar.name}: {exc.strerror or exc}"
                return meta
            read_text_blob(text, meta)
            if meta.generator is not None:
                meta.sidecar = str(sidecar)
    return meta


def _why(exc: Exception) -> str:
    from PIL import UnidentifiedImageError

    if isinstance(exc, UnidentifiedImageError):
        return "not an image Pillow can read (corrupt, truncated or another format)"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = " ".join(str(exc).split()) or type(exc).__name__
    if "too large" in text.lower():
        return f"a metadata chunk inflates beyond the limit ({text[:120]})"
    return text[:160]
