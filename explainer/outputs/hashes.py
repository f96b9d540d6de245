"""The hashes generators write into images, computed for the files of `--models` folders.

- A1111 `Model hash` (and CivitAI's AutoV2): the first 10 hex digits of the SHA-256 of the whole file.
- A1111 `Lora hashes` (sd-scripts / AddNet): the first 12 hex digits of the SHA-256 of a safetensors file's data
  after its header (8-byte little-endian length, then that many bytes of JSON). For other formats, the whole file.
- Old A1111 `Model hash` (before 2023) and the AddNet legacy hash: 8 hex digits of the SHA-256 of the 64 KiB
  at offset 1 MiB.

One read of each file computes all three; results are cached by path, size and modification time in
`$EXPLAINER_HOME/cache/model-hashes.json` (or the platform cache dir), never next to the models.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..errors import InputError
from .metadata import MODEL_SUFFIXES, stem

CHUNK = 8 * 1024 * 1024
CACHE_VERSION = 2


ROLE_FOLDERS = {  # folder names that hold a role's files in ComfyUI, A1111, Forge, InvokeAI, Fooocus layouts
    "checkpoint": ("checkpoint", "stable-diffusion", "ckpt", "main"), "refiner": ("checkpoint", "stable-diffusion"),
    "diffusion_model": ("unet", "diffusion_model"), "lora": ("lora", "lycoris", "locon"),
    "lycoris": ("lycoris", "lora", "locon"), "vae": ("vae",), "controlnet": ("controlnet",),
    "upscaler": ("upscale", "esrgan"), "text_encoder": ("clip", "text_encoder")}
KINDS = ("sha256", "addnet")  # the whole file (A1111 Model hash, AutoV2, Fooocus) / the tensor data (Lora hashes)


@dataclass
class FileHashes:
    autov1: str
    sha256: str | None = None
    addnet: str | None = None  # safetensors only

    def matches(self, wanted: str, kind: str) -> bool:
        wanted = wanted.lower()
        if kind == "sha256" and len(wanted) == 8 and wanted == self.autov1:
            return True
        value = getattr(self, kind)
        return bool(value) and (value == wanted if len(wanted) == 64 else value.startswith(wanted))


def _data_start(path: Path, handle, size: int) -> int | None:
    """Where a safetensors file's tensor data begins (after the 8-byte length and the JSON header)."""
    if path.suffix.lower() != ".safetensors" or size < 8:
        return None
    handle.seek(0)
    start = 8 + int.from_bytes(handle.read(8), "little")
    return start if start <= size else None


def compute(path: Path, kinds=KINDS, progress: Callable[[int], None] | None = None) -> FileHashes:
    """The hashes of one file, in one read whatever `kinds` asks for."""
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        handle.seek(0x100000)
        result = FileHashes(hashlib.sha256(handle.read(0x10000)).hexdigest()[:8])
        data_start = _data_start(path, handle, size) if "addnet" in kinds else None
        full = hashlib.sha256() if "sha256" in kinds else None
        addnet = hashlib.sha256() if data_start is not None else None
        if full is None and addnet is None:
            return result
        position = 0 if full is not None else data_start
        handle.seek(position)
        while True:
            read = handle.readinto(buffer)
            if not read:
                break
            chunk = view[:read]
            if full is not None:
                full.update(chunk)
            if addnet is not None and position + read > data_start:
                addnet.update(chunk[max(0, data_start - position):])
            position += read
            if progress is not None:
                progress(read)
    result.sha256 = full.hexdigest() if full is not None else None
    result.addnet = addnet.hexdigest() if addnet is not None else None
    return result


def cache_path() -> Path:
    if os.environ.get("EXPLAINER_HOME"):
        return config.home() / "cache" / "model-hashes.json"
    return config.cache_dir() / "model-hashes.json"


class HashCache:
    """path -> hashes, valid while the file keeps its size and modification time."""

    def __init__(self, path: Path | None = None):
        self.path = path or cache_path()
        self.entries: dict[str, dict] = {}
        self.dirty = False
        self.computed = 0  # files read and hashed (not found in the cache) by this process
        self.warnings: list[str] = []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") == CACHE_VERSION and isinstance(data.get("files"), dict):
                self.entries = data["files"]
        except (OSError, ValueError, AttributeError):
            pass  # no cache yet, or a broken one: it is rebuilt

    def get(self, path: Path, kinds=KINDS, progress: Callable[[int], None] | None = None) -> FileHashes:
        """The file's hashes of these kinds, computed only when the cache lacks them for this size and mtime."""
        real = os.path.realpath(path)
        stat = os.stat(real)
        entry = self.entries.get(real)
        if not entry or entry.get("size") != stat.st_size or entry.get("mtime_ns") != stat.st_mtime_ns:
            entry = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
        missing = [k for k in kinds if k not in entry and not (k == "addnet" and entry.get("no_addnet"))]
        if missing or "autov1" not in entry:
            found = compute(Path(real), missing, progress)
            self.computed += 1 if missing else 0
            entry["autov1"] = found.autov1
            for kind in missing:
                if getattr(found, kind) is not None:
                    entry[kind] = getattr(found, kind)
                elif kind == "addnet":
                    entry["no_addnet"] = True  # not a safetensors file: A1111 uses the whole-file hash
            self.entries[real] = entry
            self.dirty = True
        return FileHashes(entry["autov1"], entry.get("sha256"), entry.get("addnet"))

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"version": CACHE_VERSION, "files": self.entries}), encoding="utf-8")
            os.replace(tmp, self.path)
            self.dirty = False
        except OSError as exc:
            self.warnings.append(f"cannot write the hash cache {self.path}: {exc.strerror or exc}")


def model_files(root: Path, problems: list[tuple[str, str]]) -> list[Path]:
    """Model files under root, recursively; symlinked folders are not followed, broken links are reported."""
    found: list[Path] = []

    def on_error(exc: OSError) -> None:
        problems.append((str(exc.filename or root), f"unreadable folder: {exc.strerror or exc}"))

    for folder, dirs, files in os.walk(root, onerror=on_error, followlinks=False):
        if "model_index.json" in files:  # a diffusers pipeline: generators never name its parts by hash
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(MODEL_SUFFIXES):
                path = Path(folder) / name
                if path.is_symlink() and not path.exists():
                    problems.append((str(path), "broken symlink"))
                else:
                    found.append(path)
    return found


class ModelFiles:
    """The model files of the `--models` folders, found by name at once and by hash when first asked."""

    def __init__(self, folders: list[Path], cache: HashCache | None = None):
        self.cache = cache or HashCache()
        self.files: list[Path] = []
        self.problems: list[tuple[str, str]] = []
        for folder in folders:
            folder = Path(folder).expanduser()
            if not folder.is_dir():
                what = "not a folder" if folder.exists() else "no such folder"
                raise InputError(f"--models: {what}: {folder}", hint="pass the folder that holds your models")
            self.files += model_files(folder, self.problems)
        self.by_stem: dict[str, list[Path]] = {}
        for path in self.files:
            self.by_stem.setdefault(path.stem.lower(), []).append(path)
        self._hashes: dict[tuple[Path, str], FileHashes | None] = {}

    def by_name(self, name: str) -> Path | None:
        found = self.by_stem.get(stem(name).lower())
        return found[0] if found else None

    def by_hash(self, wanted: str, role: str = "checkpoint",
                progress: Callable[[str, int, int], None] | None = None) -> Path | None:
        """The file with this hash. A LoRA's hash is first looked for among tensor-data hashes, anything else
        among whole-file hashes (the other kind only when the first finds nothing); files in folders named for the
        role (loras/, checkpoints/, ...) are tried first, and hashing stops at the first match."""
        order = ("addnet", "sha256") if role in ("lora", "lycoris") else ("sha256", "addnet")
        try:
            for kind in order:
                for path in self.candidates(role):
                    hashes = self._get(path, kind, progress)
                    if hashes is not None and hashes.matches(wanted, kind):
                        return path
            return None
        finally:
            self.cache.save()

    def candidates(self, role: str) -> list[Path]:
        hints = ROLE_FOLDERS.get(role, ())
        return sorted(self.files, key=lambda p: not any(h in part.lower() for part in p.parts[:-1] for h in hints))

    def _get(self, path: Path, kind: str, progress) -> FileHashes | None:
        key = (path, kind)
        if key not in self._hashes:
            try:
                size = path.stat().st_size
                self._hashes[key] = self.cache.get(
                    path, (kind,), (lambda n, p=path, s=size: progress(str(p), n, s)) if progress else None)
            except OSError as exc:
                self.problems.append((str(path), f"cannot hash: {exc.strerror or exc}"))
                self._hashes[key] = None
        return self._hashes[key]
