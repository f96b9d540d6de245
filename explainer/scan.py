"""Scan a models folder (ComfyUI, Automatic1111, Easy Diffusion, llama.cpp, Ollama-style) and report, for every
model, the license evidence found (GGUF and safetensors headers, model cards, LICENSE files, CivitAI sidecars,
the file name), the license it resolves to, the key rights from its card, and conflicts between sources.
Only headers are read: a 7 GB file costs a header read."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from . import REMINDER, cards
from .corpus import Corpus
from .errors import InputError
from .identify import identify
from .reader import from_text, split_front_matter

MODEL_SUFFIXES = (".gguf", ".safetensors", ".ckpt", ".pt", ".pth", ".bin")
SIDECAR_SUFFIXES = (".civitai.info", ".metadata.json", ".info", ".json")
LICENSE_NAMES = ("license", "license.md", "license.txt", "licence", "licence.md", "licence.txt", "copying")
CARD_NAMES = ("readme.md", "model_card.md")
MAX_TEXT_BYTES = 2_000_000
KEY_RIGHTS = ("outputs_commercial", "hosted_service_or_api", "attribution_or_naming", "non_commercial_only")
# which evidence wins when sources disagree on the license: the most explicit first
PRIORITY = ("license file", "model card", "gguf", "safetensors", "civitai base model", "file name")
GGUF_KEYS = ("general.license", "general.license.name", "general.license.link", "general.name",
             "general.basename", "general.base_model.0.name", "general.base_model.0.repo_url")
FAIL_ON = ("non-commercial", "unknown", "conflict")


@dataclass
class Evidence:
    source: str  # gguf | safetensors | model card | license file | civitai | civitai base model | file name
    field: str
    value: str
    key: str | None = None  # the license key it points to, if any
    file: str = ""

    def to_dict(self) -> dict:
        return {"source": self.source, "field": self.field, "value": self.value, "license_key": self.key,
                "file": self.file}


@dataclass
class ModelReport:
    path: str
    kind: str  # gguf | safetensors | checkpoint | diffusers
    size: int | None = None
    license_key: str | None = None
    license_name: str | None = None
    model: str | None = None
    addenda: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    rights: dict = field(default_factory=dict)
    civitai: dict = field(default_factory=dict)
    additions: list[dict] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    @property
    def non_commercial(self) -> bool:
        verdicts = {r: v["verdict"] for r, v in self.rights.items()}
        civitai_none = self.civitai.get("allowCommercialUse") == ["None"]
        return verdicts.get("non_commercial_only") == "yes" or civitai_none

    def to_dict(self) -> dict:
        return {
            "path": self.path, "kind": self.kind, "size": self.size,
            "license": {"key": self.license_key, "name": self.license_name} if self.license_key else None,
            "model": self.model, "addenda": self.addenda,
            "evidence": [e.to_dict() for e in self.evidence],
            "rights": self.rights, "civitai": self.civitai, "additions": self.additions,
            "conflicts": self.conflicts, "unreadable": self.unreadable or None,
        }


@lru_cache(maxsize=4)
def _civitai(path: str) -> dict:
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}


def civitai_data(corpus: Corpus) -> dict:
    return _civitai(str(corpus.root / "civitai.yaml"))


# -- finding models -------------------------------------------------------------------------------------------
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
            suffix = path.suffix.lower()
            kind = {".gguf": "gguf", ".safetensors": "safetensors"}.get(suffix, "checkpoint")
            found.append((path, kind))
    return found


# -- reading evidence ------------------------------------------------------------------------------------------
def read_gguf(path: Path) -> dict[str, str]:
    from gguf import GGUFReader

    reader = GGUFReader(str(path), "r")
    values = {}
    for key in GGUF_KEYS:
        field_ = reader.fields.get(key)
        if field_ is not None:
            try:
                values[key] = str(field_.contents())
            except (ValueError, IndexError, UnicodeDecodeError):
                continue
    return values


def read_safetensors(path: Path) -> dict[str, str]:
    from safetensors import safe_open

    with safe_open(str(path), "np") as handle:
        return dict(handle.metadata() or {})


def _read_text(path: Path) -> str:
    with open(path, "rb") as handle:
        return handle.read(MAX_TEXT_BYTES).decode("utf-8", errors="replace")


def parse_commercial_use(value) -> list[str]:
    """CivitAI's allowCommercialUse: a string, a list, or a Postgres array literal such as {Image,RentCivit,Rent}."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value]
    else:
        text = str(value).strip()
        if text.startswith("{") and text.endswith("}"):
            text = text[1:-1]
        items = [part.strip().strip('"') for part in text.split(",")]
    items = [item for item in items if item]
    if items and all(item.lower() == "none" for item in items):
        return ["None"]
    known = {"image": "Image", "rentcivit": "RentCivit", "rent": "Rent", "sell": "Sell"}
    return [known.get(item.lower(), item) for item in items if item.lower() != "none"]


def _find_key(data, key: str, depth: int = 0):
    """The first value of `key` in nested JSON (sidecars nest model facts under "model" or "modelVersion")."""
    if depth > 6:
        return None
    if isinstance(data, dict):
        if key in data:
            return data[key]
        for value in data.values():
            found = _find_key(value, key, depth + 1)
            if found is not None:
                return found
    elif isinstance(data, list):
        for value in data[:20]:
            found = _find_key(value, key, depth + 1)
            if found is not None:
                return found
    return None


def sidecars(path: Path) -> list[Path]:
    stem = path.name if path.is_dir() else path.stem
    folder = path.parent
    names = [stem + suffix for suffix in SIDECAR_SUFFIXES]
    return [folder / name for name in names if (folder / name).is_file()]


def read_sidecar(path: Path) -> dict:
    data = json.loads(_read_text(path))
    facts = {}
    for key in ("allowCommercialUse", "allowNoCredit", "allowDerivatives", "allowDifferentLicense", "baseModel",
                "license", "type", "name"):
        value = _find_key(data, key)
        if value is not None:
            facts[key] = value
    if "allowCommercialUse" in facts:
        facts["allowCommercialUse"] = parse_commercial_use(facts["allowCommercialUse"])
    return facts


def _folder_files(folder: Path, names: tuple[str, ...]) -> list[Path]:
    try:
        return [p for p in sorted(folder.iterdir()) if p.name.lower() in names and p.is_file()]
    except OSError:
        return []


SPLIT_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])|[_\-.\s]+")


def name_candidates(stem: str) -> list[str]:
    """'juggernautXL_v9Rdphoto2Lightning' -> phrases to look up in the model registry."""
    words = [w for w in SPLIT_WORDS.split(stem) if w]
    phrases = [" ".join(words[:n]) for n in range(min(len(words), 4), 0, -1)]
    return [stem, *phrases]


# -- the scan ----------------------------------------------------------------------------------------------------
class Scanner:
    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self._card_cache: dict = {}

    def _lookup(self, value: str) -> tuple[str | None, str | None, tuple[str, ...]]:
        """(license key, model name, addenda) for a license id, name, link or model name."""
        value = str(value).strip()
        if not value or value.lower() in ("other", "unknown", "none"):
            return None, None, ()
        if value.startswith("http"):
            value = value.rstrip("/").rsplit("/", 1)[-1]
        found = self.corpus.lookup(value)
        if found is None or not found.license_keys:
            return None, None, ()
        return found.license_keys[0], found.model.name if found.model else None, tuple(found.addenda)

    def model(self, path: Path, kind: str) -> ModelReport:
        try:
            size = path.stat().st_size if path.is_file() else None
        except OSError:
            size = None
        report = ModelReport(str(path), kind, size)
        self._headers(path, kind, report)
        self._cards_and_licenses(path, report)
        self._sidecars(path, report)
        self._file_name(path, report)
        self._resolve(report)
        self._rights(report)
        self._conflicts(report)
        return report

    def _headers(self, path: Path, kind: str, report: ModelReport) -> None:
        try:
            if kind == "gguf":
                values = read_gguf(path)
                for key in ("general.license", "general.license.name", "general.license.link"):
                    if key in values:
                        report.evidence.append(Evidence("gguf", key, values[key], self._lookup(values[key])[0]))
                for key in ("general.base_model.0.name", "general.name", "general.basename"):
                    if key in values:
                        license_key, model, _ = self._lookup(values[key])
                        if model:
                            report.evidence.append(Evidence("gguf", key, values[key], license_key))
            elif kind == "safetensors":
                meta = read_safetensors(path)
                if meta.get("modelspec.license"):
                    value = meta["modelspec.license"]
                    report.evidence.append(Evidence("safetensors", "modelspec.license", value, self._lookup(value)[0]))
                for key in ("modelspec.title", "modelspec.author", "ss_base_model_version", "modelspec.architecture"):
                    if meta.get(key):
                        license_key, model, _ = self._lookup(meta[key])
                        report.evidence.append(Evidence("safetensors", key, str(meta[key])[:200],
                                                        license_key if model else None))
        except Exception as exc:  # noqa: BLE001 - any parser failure means: this header cannot be read
            report.unreadable.append(f"{kind} header: {_why(exc)}")

    def _cards_and_licenses(self, path: Path, report: ModelReport) -> None:
        folder = path if path.is_dir() else path.parent
        folders = [folder] + ([folder.parent] if folder.parent != folder else [])
        for where in folders:
            for card in _folder_files(where, CARD_NAMES):
                try:
                    front, _, _ = split_front_matter(_read_text(card))
                except (OSError, ValueError) as exc:
                    report.unreadable.append(f"{card.name}: {_why(exc)}")
                    continue
                for field_name in ("license_name", "license", "license_link", "base_model"):
                    values = front.get(field_name)
                    for value in values if isinstance(values, list) else [values]:
                        if value in (None, ""):
                            continue
                        key = self._lookup(str(value))[0]
                        if field_name == "base_model" and key is None:
                            continue
                        source = "model card" if field_name != "base_model" else "model card base model"
                        report.evidence.append(Evidence(source, field_name, str(value), key, str(card)))
            for license_file in _folder_files(where, LICENSE_NAMES):
                try:
                    found = identify(from_text(_read_text(license_file), str(license_file)), self.corpus)
                except Exception as exc:  # noqa: BLE001 - an unreadable LICENSE is reported, the scan goes on
                    report.unreadable.append(f"{license_file.name}: {_why(exc)}")
                    continue
                report.evidence.append(Evidence("license file", "text", found.name or "unknown license",
                                                found.key, str(license_file)))
                report.additions += [{"file": str(license_file), **a.to_dict()} for a in found.additions]
            if report.evidence:
                break  # the nearest folder with evidence wins over its parent

    def _sidecars(self, path: Path, report: ModelReport) -> None:
        for sidecar in sidecars(path):
            try:
                facts = read_sidecar(sidecar)
            except (OSError, ValueError) as exc:
                report.unreadable.append(f"{sidecar.name}: invalid sidecar ({_why(exc)})")
                continue
            for key, value in facts.items():
                report.civitai.setdefault(key, value)
            base = facts.get("baseModel")
            if base:
                model_id = civitai_data(self.corpus).get("base_models", {}).get(str(base))
                license_key, model, addenda = self._lookup(model_id) if model_id else (None, None, ())
                report.evidence.append(Evidence("civitai base model", "baseModel", str(base), license_key,
                                                str(sidecar)))
            if facts.get("license"):
                value = str(facts["license"])
                report.evidence.append(Evidence("civitai", "license", value, self._lookup(value)[0], str(sidecar)))

    def _file_name(self, path: Path, report: ModelReport) -> None:
        stem = path.name if path.is_dir() else path.stem
        for phrase in name_candidates(stem):
            license_key, model, addenda = self._lookup(phrase)
            if model:
                report.evidence.append(Evidence("file name", "name", phrase, license_key))
                return

    def _resolve(self, report: ModelReport) -> None:
        ranked = sorted((e for e in report.evidence if e.key),
                        key=lambda e: PRIORITY.index(e.source) if e.source in PRIORITY else len(PRIORITY))
        if not ranked:
            return
        best = ranked[0]
        report.license_key = best.key
        report.license_name = self.corpus.license_name(best.key)
        for evidence in report.evidence:  # a named model (Juggernaut) brings its author's addenda
            license_key, model, addenda = self._lookup(evidence.value)
            if model and license_key == best.key:
                report.model = report.model or model
                report.addenda = sorted(set(report.addenda) | set(addenda))

    def _rights(self, report: ModelReport) -> None:
        if not report.license_key:
            return
        card = cards.card_for(self.corpus.with_companions(report.license_key), tuple(report.addenda), self.corpus)
        if card is None:
            return
        for right in KEY_RIGHTS + ("model_commercial_use",):
            answer = card.answer(right)
            if answer:
                report.rights[right] = {"verdict": answer.verdict, "conditions": answer.conditions,
                                        "source": answer.source}

    def _conflicts(self, report: ModelReport) -> None:
        keys = {}
        for evidence in report.evidence:
            if evidence.key and evidence.source != "model card base model":
                keys.setdefault(evidence.key, evidence)
        if len(keys) > 1:
            described = "; ".join(f"{e.source} {e.field} says {e.value!r} ({k})" for k, e in keys.items())
            report.conflicts.append(f"the sources name different licenses: {described}")
        allowed = report.civitai.get("allowCommercialUse")
        if allowed is None or not report.rights:
            return
        meanings = civitai_data(self.corpus).get("commercial_use", {})
        base = f"{report.license_name} ({report.license_key})"
        for value in allowed:
            meaning = meanings.get(value)
            if not meaning:
                continue
            verdict = report.rights.get(meaning["right"], {}).get("verdict")
            if verdict == "no":
                report.conflicts.append(
                    f"the CivitAI page allows '{value}' ({meaning['means']}) but {base} says no; "
                    "the base license wins: a LoRA or merge cannot grant more than its base model")
        if allowed == ["None"] and report.rights.get("outputs_commercial", {}).get("verdict") in ("yes", "conditional"):
            report.conflicts.append(
                f"the CivitAI page forbids commercial use although {base} allows it: "
                "the author's stricter terms apply to this file")


def _why(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


@dataclass
class ScanResult:
    root: str
    models: list[ModelReport]
    problems: list[tuple[str, str]]

    def failing(self, conditions: list[str]) -> list[str]:
        found = []
        for model in self.models:
            if "unknown" in conditions and not model.license_key:
                found.append(f"{model.path}: unknown license")
            if "non-commercial" in conditions and model.non_commercial:
                found.append(f"{model.path}: non-commercial")
            if "conflict" in conditions and model.conflicts:
                found.append(f"{model.path}: conflict")
        return found

    def to_dict(self) -> dict:
        return {
            "root": self.root,
            "models": [m.to_dict() for m in self.models],
            "unreadable": [{"path": p, "why": why} for p, why in self.problems],
            "summary": {
                "models": len(self.models),
                "unknown": sum(1 for m in self.models if not m.license_key),
                "non_commercial": sum(1 for m in self.models if m.non_commercial),
                "conflicts": sum(1 for m in self.models if m.conflicts),
                "unreadable": len(self.problems) + sum(1 for m in self.models if m.unreadable),
            },
            "reminder": REMINDER,
        }


def scan(root: str | Path, corpus: Corpus) -> ScanResult:
    root = Path(root).expanduser()
    if not root.exists():
        raise InputError(f"no such folder: {root}")
    if not root.is_dir():
        raise InputError(f"not a folder: {root}", hint="pass the folder that holds your models")
    problems: list[tuple[str, str]] = []
    scanner = Scanner(corpus)
    models = [scanner.model(path, kind) for path, kind in find_models(root, problems)]
    return ScanResult(str(root), models, problems)


__all__ = ["FAIL_ON", "scan", "parse_commercial_use"]
