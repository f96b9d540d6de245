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
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import config
from ..errors import InputError
from .metadata import MODEL_SUFFIXES, stem

CHUNK = 8 * 1024 * 1024
CACHE_VERSION = 1


@dataclass(frozen=True)
class FileHashes:
    sha256: str
    addnet: str | None  # safetensors only
    autov1: str

    def matches(self, wanted: str) -> bool:
        wanted = wanted.lower()
        if len(wanted) == 64:
            return wanted in (self.sha256, self.addnet)
        if len(wanted) == 8 and wanted == self.autov1:
            return True
        return self.sha256.startswith(wanted) or bool(self.addnet and self.addnet.startswith(wanted))


def compute(path: Path, progress: Callable[[int], None] | None = None) -> FileHashes:
    full, addnet = hashlib.sha256(), None
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        handle.seek(0x100000)
        autov1 = hashlib.sha256(handle.read(0x10000)).hexdigest()[:8]
        handle.seek(0)
        data_start = None
        if path.suffix.lower() == ".safetensors" and size >= 8:
            header = int.from_bytes(handle.read(8), "little")
            handle.seek(0)
            if 8 + header <= size:
                data_start, addnet = 8 + header, hashlib.sha256()
        position = 0
        while True:
            read = handle.readinto(buffer)
            if not read:
                break
            chunk = view[:read]
            full.update(chunk)
            if addnet is not None and position + read > data_start:
                addnet.update(chunk[max(0, data_start - position):])
            position += read
            if progress is not None:
                progress(read)
    return FileHashes(full.hexdigest(), addnet.hexdigest() if addnet is not None else None, autov1)


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

    def get(self, path: Path, progress: Callable[[int], None] | None = None) -> FileHashes:
        real = os.path.realpath(path)
        stat = os.stat(real)
        entry = self.entries.get(real)
        if entry and entry.get("size") == stat.st_size and entry.get("mtime_ns") == stat.st_mtime_ns:
            return FileHashes(entry["sha256"], entry.get("addnet"), entry["autov1"])
        hashes = compute(Path(real), progress)
        self.computed += 1
        self.entries[real] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, **asdict(hashes)}
        self.dirty = True
        return hashes

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
                raise InputError(f"--models: no such folder: {folder}", hint="pass the folder that holds your models")
            self.files += model_files(folder, self.problems)
        self.by_stem: dict[str, list[Path]] = {}
        for path in self.files:
            self.by_stem.setdefault(path.stem.lower(), []).append(path)
        self._hashes: dict[Path, FileHashes] | None = None

    def by_name(self, name: str) -> Path | None:
        found = self.by_stem.get(stem(name).lower())
        return found[0] if found else None

    def by_hash(self, wanted: str, progress: Callable[[str, int, int], None] | None = None) -> Path | None:
        for path, hashes in self.hashes(progress).items():
            if hashes.matches(wanted):
                return path
        return None

    def hashes(self, progress: Callable[[str, int, int], None] | None = None) -> dict[Path, FileHashes]:
        """Every file's hashes (each file is read at most once, and not at all when cached)."""
        if self._hashes is None:
            self._hashes = {}
            for path in self.files:
                try:
                    size = path.stat().st_size
                    self._hashes[path] = self.cache.get(
                        path, (lambda n, p=path, s=size: progress(str(p), n, s)) if progress else None)
                except OSError as exc:
                    self.problems.append((str(path), f"cannot hash: {exc.strerror or exc}"))
            self.cache.save()
        return self._hashes
