"""Where models live, and one reader per store. Every reader is read-only and offline: it lists what a store
holds (Ollama manifests and blobs, the Hugging Face hub cache, LM Studio's models folder, InvokeAI's model
database, ComfyUI's extra_model_paths.yaml, plain folders) as `Item`s; scan.py then reads each item's evidence.

A reader never raises for a bad entry: it appends (path, "unreadable: why") to `problems` and goes on."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import yaml

MODEL_SUFFIXES = (".gguf", ".safetensors", ".ckpt", ".pt", ".pth", ".bin")
OLLAMA_MODEL = "application/vnd.ollama.image.model"
OLLAMA_LICENSE = "application/vnd.ollama.image.license"
OLLAMA_TENSOR = "application/vnd.ollama.image.tensor"
OLLAMA_DEFAULT_HOST = "registry.ollama.ai"
# extra_model_paths.yaml keys that are not model folders
COMFY_NOT_MODELS = {"base_path", "is_default", "custom_nodes", "configs", "download_model_base"}
HEX64 = re.compile(r"^[0-9a-f]{64}$")
MAX_JSON_BYTES = 5_000_000


@dataclass
class Location:
    kind: str  # folder | ollama | hf-cache | lmstudio | invokeai
    path: Path
    why: str = ""  # how it was found: "$OLLAMA_MODELS", "~/.ollama/models", "extra_model_paths.yaml: a111.loras"

    def to_dict(self) -> dict:
        return {"kind": self.kind, "path": str(self.path), "why": self.why}


@dataclass
class Item:
    """One model a store holds, with what the store itself says about it."""

    path: Path  # the model file or folder (an Ollama GGUF blob, an HF snapshot folder, a file in a folder)
    kind: str  # gguf | safetensors | checkpoint | diffusers | repo
    store: str = "folder"
    name: str = ""  # the store's own name for it: "llama3.1:8b", "meta-llama/Llama-3.1-8B"
    version: str = ""  # an Ollama tag, an HF revision
    header: Path | None = None  # the file whose GGUF/safetensors header is read, when it is not `path`
    size: int | None = None
    hashes: dict[str, str] = field(default_factory=dict)  # CycloneDX algorithm name -> hex digest
    names: list[tuple[str, str]] = field(default_factory=list)  # (field, model name or repo id) to look up
    licenses: list[tuple[str, str]] = field(default_factory=list)  # (field, license id/name/link) the store declares
    license_texts: list[tuple[str, Path]] = field(default_factory=list)  # (field, file holding a license text)
    civitai: dict = field(default_factory=dict)  # CivitAI facts from the store's own metadata
    nearby: bool = True  # look for README/LICENSE/sidecars next to the file and use its file name
    info: dict = field(default_factory=dict)  # store details for the report
    problems: list[str] = field(default_factory=list)

    @property
    def ref(self) -> str:
        """A stable identity across scans (for --diff): the store's name where it has one, else the path."""
        if self.store in ("ollama", "hf-cache") and self.name:
            return f"{self.store}:{self.name}" + (f"@{self.version}" if self.version else "")
        return f"{self.store}:{self.path}"


def _why(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


def kind_of(path: Path) -> str:
    return {".gguf": "gguf", ".safetensors": "safetensors"}.get(path.suffix.lower(), "checkpoint")


# -- plain folders ---------------------------------------------------------------------------------------------
def find_models(root: Path, problems: list[tuple[str, str]]) -> list[tuple[Path, str]]:
    """Model files and diffusers folders under root; unreadable folders and broken links go to `problems`."""
    found: list[tuple[Path, str]] = []

    def on_error(exc: OSError) -> None:
        problems.append((str(exc.filename or root), f"unreadable: {exc.strerror or exc}"))

    for folder, dirs, files in os.walk(root, onerror=on_error, followlinks=False):
        here = Path(folder)
        if "model_index.json" in files:  # a diffusers pipeline: one model
            found.append((here, "diffusers"))
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = here / name
            if not name.lower().endswith(MODEL_SUFFIXES):
                continue
            if path.is_symlink() and not path.exists():
                problems.append((str(path), "unreadable: broken symlink"))
                continue
            found.append((path, kind_of(path)))
    return found


def read_folder(root: Path, problems: list[tuple[str, str]], store: str = "folder") -> list[Item]:
    return [Item(path, kind, store) for path, kind in find_models(root, problems)]


# -- Ollama ----------------------------------------------------------------------------------------------------
def _digest_blob(root: Path, digest: str) -> Path:
    return root / "blobs" / digest.replace(":", "-")


def ollama_name(parts: tuple[str, ...]) -> str:
    """manifests/<host>/<namespace>/<model>/<tag> -> the name `ollama list` shows."""
    *prefix, tag = parts
    if len(prefix) == 3 and prefix[0] == OLLAMA_DEFAULT_HOST:
        prefix = prefix[2:] if prefix[1] == "library" else prefix[1:]
    return "/".join(prefix) + ":" + tag


def read_ollama(root: Path, problems: list[tuple[str, str]]) -> list[Item]:
    """Ollama's store: JSON manifests name the layers; the model layer is a GGUF blob, license layers are texts."""
    items: list[Item] = []
    manifests = root / "manifests"

    def on_error(exc: OSError) -> None:
        problems.append((str(exc.filename or manifests), f"unreadable: {exc.strerror or exc}"))

    for folder, dirs, files in os.walk(manifests, onerror=on_error):
        dirs.sort()
        for file_name in sorted(files):
            path = Path(folder) / file_name
            parts = path.relative_to(manifests).parts
            name = ollama_name(parts)
            try:
                with open(path, "rb") as handle:
                    manifest = json.loads(handle.read(MAX_JSON_BYTES))
                layers = manifest["layers"]
                if not isinstance(layers, list):
                    raise ValueError("'layers' is not a list")
            except (OSError, ValueError, KeyError, TypeError) as exc:
                problems.append((str(path), f"unreadable: not an Ollama manifest ({_why(exc)})"))
                continue
            model = next((layer for layer in layers if isinstance(layer, dict)
                          and layer.get("mediaType") == OLLAMA_MODEL), None)
            tensors = [layer for layer in layers if isinstance(layer, dict)
                       and str(layer.get("mediaType", "")).startswith(OLLAMA_TENSOR)]
            if model is None and not tensors:
                problems.append((str(path), "unreadable: the manifest has no model layer"))
                continue
            if model is None:  # a model imported from safetensors: one layer per tensor, no GGUF header to read
                digest, blob, kind = "", path, "repo"
                size = sum(t.get("size", 0) for t in tensors if isinstance(t.get("size"), int)) or None
            else:
                digest, kind = str(model.get("digest", "")), "gguf"
                blob = _digest_blob(root, digest)
                size = model.get("size") if isinstance(model.get("size"), int) else None
            item = Item(blob, kind, "ollama", name=name.rsplit(":", 1)[0], version=parts[-1], nearby=False,
                        size=size, header=None if model is None else blob,
                        info={"manifest": str(path), "model": name, "digest": digest or None,
                              "tensor_layers": len(tensors) or None})
            algorithm, _, hex_digest = digest.partition(":")
            if algorithm == "sha256" and HEX64.match(hex_digest):
                item.hashes["SHA-256"] = hex_digest
            item.names.append(("ollama model", name.rsplit(":", 1)[0]))
            if model is not None and not blob.is_file():
                item.problems.append(f"model layer blob missing: {blob.name}")
            for number, layer in enumerate(layers):
                if isinstance(layer, dict) and layer.get("mediaType") == OLLAMA_LICENSE:
                    license_blob = _digest_blob(root, str(layer.get("digest", "")))
                    if license_blob.is_file():
                        item.license_texts.append((f"ollama license layer {number}", license_blob))
                    else:
                        item.problems.append(f"license layer blob missing: {license_blob.name}")
            items.append(item)
    return items


# -- the Hugging Face hub cache --------------------------------------------------------------------------------
def repo_id_of(folder_name: str) -> str | None:
    """models--ORG--NAME -> ORG/NAME (datasets--/spaces-- are not models)."""
    if not folder_name.startswith("models--"):
        return None
    return "/".join(folder_name[len("models--"):].split("--"))


def _weights(folder: Path) -> list[Path]:
    found = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(current) / f for f in sorted(files) if f.lower().endswith(MODEL_SUFFIXES)]
    return found


def read_hf_cache(root: Path, problems: list[tuple[str, str]]) -> list[Item]:
    """One item per cached revision: models--ORG--NAME/snapshots/REV/ holds links into blobs/ (named by their
    SHA-256 for LFS files); refs/<branch> names the revision a branch pointed to when it was downloaded."""
    items: list[Item] = []
    try:
        repos = sorted(p for p in root.iterdir() if p.is_dir() and repo_id_of(p.name))
    except OSError as exc:
        problems.append((str(root), f"unreadable: {_why(exc)}"))
        return items
    for repo in repos:
        repo_id = repo_id_of(repo.name)
        refs: dict[str, list[str]] = {}
        for ref in sorted((repo / "refs").rglob("*")) if (repo / "refs").is_dir() else []:
            if ref.is_file():
                try:
                    refs.setdefault(ref.read_text(encoding="utf-8").strip(), []).append(
                        str(ref.relative_to(repo / "refs")))
                except OSError as exc:
                    problems.append((str(ref), f"unreadable: {_why(exc)}"))
        snapshots = repo / "snapshots"
        try:
            revisions = sorted(p for p in snapshots.iterdir() if p.is_dir())
        except OSError as exc:
            problems.append((str(snapshots), f"unreadable: {_why(exc)}"))
            continue
        for snapshot in revisions:
            weights = _weights(snapshot)
            if (snapshot / "model_index.json").is_file():
                kind = "diffusers"
            else:
                kinds = [kind_of(w) for w in weights]
                kind = next((k for k in ("gguf", "safetensors") if k in kinds), kinds[0] if kinds else "repo")
            header = next((w for w in weights if kind_of(w) == kind), None)
            item = Item(snapshot, kind, "hf-cache", name=repo_id, version=snapshot.name, header=header,
                        info={"repo_id": repo_id, "revision": snapshot.name, "refs": refs.get(snapshot.name, []),
                              "files": len(weights)})
            item.names.append(("hf repo id", repo_id))
            size = 0
            for weight in weights:
                try:
                    size += weight.stat().st_size
                except OSError:
                    item.problems.append(f"{weight.relative_to(snapshot)}: broken link into blobs/")
            item.size = size or None
            if len(weights) == 1:  # the blob of an LFS file is named by its SHA-256
                blob = os.path.basename(os.path.realpath(weights[0]))
                if HEX64.match(blob):
                    item.hashes["SHA-256"] = blob
            items.append(item)
    return items


# -- LM Studio -------------------------------------------------------------------------------------------------
def read_lmstudio(root: Path, problems: list[tuple[str, str]]) -> list[Item]:
    """~/.lmstudio/models/<publisher>/<model>/<file>: the two folder names are the Hugging Face repo id."""
    items = read_folder(root, problems, "lmstudio")
    for item in items:
        parts = item.path.relative_to(root).parts
        if len(parts) >= 3:
            item.name = f"{parts[0]}/{parts[1]}"
            item.names.append(("lmstudio repo", item.name))
            item.info = {"repo_id": item.name}
    return items


# -- InvokeAI --------------------------------------------------------------------------------------------------
def invokeai_models_dir(root: Path) -> Path:
    """`models_dir` from invokeai.yaml (relative to the root), else <root>/models."""
    try:
        settings = yaml.safe_load((root / "invokeai.yaml").read_text(encoding="utf-8")) or {}
        models_dir = settings.get("models_dir") if isinstance(settings, dict) else None
    except (OSError, yaml.YAMLError):
        models_dir = None
    return (root / str(models_dir)).expanduser() if models_dir else root / "models"


def card_data_licenses(response) -> list[tuple[str, str]]:
    """License fields from a stored Hugging Face API answer: card_data (a dict, or YAML when the object was
    written with str()), cardData, and `license:` tags."""
    if isinstance(response, str):
        try:
            response = json.loads(response)
        except ValueError:
            return []
    if not isinstance(response, dict):
        return []
    found: list[tuple[str, str]] = []
    for key in ("card_data", "cardData"):
        card = response.get(key)
        if isinstance(card, str):
            try:
                card = yaml.safe_load(card)
            except yaml.YAMLError:
                card = None
        if isinstance(card, dict):
            for name in ("license", "license_name", "license_link"):
                values = card.get(name)
                for value in values if isinstance(values, list) else [values]:
                    if isinstance(value, (str, int, float)) and str(value).strip():
                        found.append((f"{key}.{name}", str(value)))
    tags = response.get("tags")
    if not found and isinstance(tags, list):
        found += [("tags", str(t).split(":", 1)[1]) for t in tags if str(t).startswith("license:")]
    return found


HASH_ALGORITHMS = {"sha256": "SHA-256", "blake3": "BLAKE3", "md5": "MD5", "sha1": "SHA-1"}


def read_invokeai(root: Path, problems: list[tuple[str, str]]) -> list[Item]:
    """InvokeAI 4+: the `models` table of databases/invokeai.db, one JSON `config` per model (path, name, base,
    type, format, hash, source, source_type, source_api_response). Opened read-only."""
    database = root / "databases" / "invokeai.db"
    models_dir = invokeai_models_dir(root)
    items: list[Item] = []
    try:
        connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = connection.execute("SELECT id, config FROM models").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        problems.append((str(database), f"unreadable: not an InvokeAI 4+ model database ({_why(exc)})"))
        return items
    for model_id, config_text in rows:
        try:
            config = json.loads(config_text)
            if not isinstance(config, dict):
                raise ValueError("config is not an object")
        except (TypeError, ValueError) as exc:
            problems.append((f"{database}#{model_id}", f"unreadable: invalid model config ({_why(exc)})"))
            continue
        raw_path = Path(str(config.get("path") or "")).expanduser()
        path = raw_path if raw_path.is_absolute() else models_dir / raw_path
        format_ = str(config.get("format") or "")
        kind = "diffusers" if format_ == "diffusers" or path.is_dir() else (
            "gguf" if "gguf" in format_ else kind_of(path))
        name = str(config.get("name") or path.stem)
        item = Item(path, kind, "invokeai", name=name, nearby=path.exists(),
                    info={"id": model_id, "base": config.get("base"), "type": config.get("type"),
                          "format": format_, "source": config.get("source"),
                          "source_type": config.get("source_type"), "database": str(database)})
        algorithm, _, digest = str(config.get("hash") or "").partition(":")
        if algorithm.split("_")[0] in HASH_ALGORITHMS and re.fullmatch(r"[0-9a-f]{32,128}", digest):
            item.hashes[HASH_ALGORITHMS[algorithm.split("_")[0]]] = digest
        source = str(config.get("source") or "")
        if config.get("source_type") == "hf_repo_id" and source:
            item.names.append(("invokeai source", source.split("::")[0]))
        item.names.append(("invokeai name", name))
        response = config.get("source_api_response")
        item.licenses += card_data_licenses(response)
        if isinstance(response, str) and "allowCommercialUse" in response:
            try:
                from .scan import sidecar_facts

                item.civitai = sidecar_facts(json.loads(response))
            except ValueError:
                pass
        if not path.exists():
            item.problems.append(f"model file not found: {path}")
        items.append(item)
    return items


# -- ComfyUI ---------------------------------------------------------------------------------------------------
def read_extra_model_paths(path: Path, problems: list[tuple[str, str]]) -> list[Location]:
    """ComfyUI's extra_model_paths.yaml: sections with an optional base_path and one or more folders per model
    category (a multi-line string holds several). Relative paths are taken from the file's folder."""
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(config, dict):
            raise ValueError("not a mapping of sections")
    except (OSError, ValueError, yaml.YAMLError) as exc:
        problems.append((str(path), f"unreadable: {_why(exc)}"))
        return []
    here = path.parent.resolve()
    locations: list[Location] = []
    for section, entries in config.items():
        if not isinstance(entries, dict):
            continue
        base = entries.get("base_path")
        base_path = Path(os.path.expandvars(str(base))).expanduser() if base else None
        if base_path is not None and not base_path.is_absolute():
            base_path = here / base_path
        for category, value in entries.items():
            if category in COMFY_NOT_MODELS or not isinstance(value, (str, list)):
                continue
            for line in value if isinstance(value, list) else str(value).split("\n"):
                line = str(line).strip()
                if not line:
                    continue
                folder = Path(os.path.expandvars(line)).expanduser()
                if not folder.is_absolute():
                    folder = Path(os.path.normpath((base_path or here) / folder))
                locations.append(Location("folder", folder, f"{path.name}: {section}.{category}"))
    return locations


# -- which store a folder is, and the default places ---------------------------------------------------------
def detect(path: Path) -> str:
    """The store layout of a folder the user named: ollama, hf-cache, invokeai, lmstudio or folder."""
    if (path / "manifests").is_dir() and (path / "blobs").is_dir():
        return "ollama"
    if (path / "databases" / "invokeai.db").is_file():
        return "invokeai"
    try:
        if any(child.name.startswith("models--") and child.is_dir() for child in path.iterdir()):
            return "hf-cache"
    except OSError:
        return "folder"
    if path.parts[-2:] in ((".lmstudio", "models"), ("lm-studio", "models")):
        return "lmstudio"
    return "folder"


READERS = {"ollama": read_ollama, "hf-cache": read_hf_cache, "lmstudio": read_lmstudio, "invokeai": read_invokeai,
           "folder": read_folder}


def comfyui_extra(folder: Path, problems: list[tuple[str, str]]) -> list[Location]:
    """Folders named by extra_model_paths.yaml in a ComfyUI folder (or beside its models folder)."""
    for candidate in (folder / "extra_model_paths.yaml", folder.parent / "extra_model_paths.yaml"):
        if candidate.is_file() and (candidate.parent == folder or folder.name == "models"):
            return read_extra_model_paths(candidate, problems)
    return []


def locations_for(path: Path, problems: list[tuple[str, str]]) -> list[Location]:
    """What to scan for a folder the user named: its own layout, plus ComfyUI's extra folders if it has them.
    A store's parent folder (~/.ollama, $HF_HOME) stands for the store inside it."""
    kind = detect(path)
    if kind == "folder":
        for inner in (path / "models", path / "hub"):
            if inner.is_dir() and detect(inner) in ("ollama", "hf-cache"):
                path, kind = inner, detect(inner)
                break
    found = [Location(kind, path, "named on the command line")]
    if kind == "folder":
        found += comfyui_extra(path, problems)
    return found


def default_locations(problems: list[tuple[str, str]], env: dict | None = None,
                      home: Path | None = None) -> tuple[list[Location], list[str]]:
    """(the default model stores that exist, the places looked at) for this user. Env vars first, then home."""
    env = os.environ if env is None else env
    home = home or Path(os.path.expanduser("~"))
    cache = Path(env["XDG_CACHE_HOME"]) if env.get("XDG_CACHE_HOME") else home / ".cache"
    candidates: list[Location] = []
    if env.get("OLLAMA_MODELS"):
        candidates.append(Location("ollama", Path(env["OLLAMA_MODELS"]), "$OLLAMA_MODELS"))
    else:
        candidates.append(Location("ollama", home / ".ollama" / "models", "~/.ollama/models"))
    if env.get("HF_HUB_CACHE"):
        candidates.append(Location("hf-cache", Path(env["HF_HUB_CACHE"]), "$HF_HUB_CACHE"))
    elif env.get("HUGGINGFACE_HUB_CACHE"):  # the older name of the same setting
        candidates.append(Location("hf-cache", Path(env["HUGGINGFACE_HUB_CACHE"]), "$HUGGINGFACE_HUB_CACHE"))
    elif env.get("HF_HOME"):
        candidates.append(Location("hf-cache", Path(env["HF_HOME"]) / "hub", "$HF_HOME/hub"))
    else:
        candidates.append(Location("hf-cache", cache / "huggingface" / "hub", "~/.cache/huggingface/hub"))
    candidates.append(Location("lmstudio", home / ".lmstudio" / "models", "~/.lmstudio/models"))
    candidates.append(Location("lmstudio", cache / "lm-studio" / "models", "~/.cache/lm-studio/models"))
    if env.get("INVOKEAI_ROOT"):
        candidates.append(Location("invokeai", Path(env["INVOKEAI_ROOT"]), "$INVOKEAI_ROOT"))
    else:
        candidates.append(Location("invokeai", home / "invokeai", "~/invokeai"))
    for comfy in (home / "ComfyUI", home / "Documents" / "ComfyUI"):
        candidates.append(Location("folder", comfy / "models", f"~/{comfy.relative_to(home)}/models"))
    candidates.append(Location("folder", home / "stable-diffusion-webui" / "models",
                               "~/stable-diffusion-webui/models"))
    looked = [str(c.path) for c in candidates]
    found: list[Location] = []
    for candidate in candidates:
        path = candidate.path.expanduser()
        exists = (path / "databases" / "invokeai.db").is_file() if candidate.kind == "invokeai" else path.is_dir()
        if exists:
            found.append(Location(candidate.kind, path, candidate.why))
        if candidate.kind == "folder" and path.parent.joinpath("extra_model_paths.yaml").is_file():
            found += read_extra_model_paths(path.parent / "extra_model_paths.yaml", problems)
    return found, looked
